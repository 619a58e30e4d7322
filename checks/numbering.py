"""Numbering: headings, articles, the table of contents and indicator codes must count without gaps.

Every rule here works on how things are numbered, never on figures: a numbering error does not change
an amount, so every finding is a warning. The rules share one reader of numbering prefixes
(`numbering`) and one outline walker (`Outline`) that knows which list a numbered item continues: a
list is the run of items of one numbering style under one parent, and it may restart at 1 (the summary
and the main text of a report both begin at 一、).

The rules stay silent when they are unsure: the first item of a list that does not start at 1 is taken
as a continuation (reports often number 1. 2. under （一） and go on with 3. under （二）), a gap of more
than `MAX_GAP` numbers is not taken as one list, and a missing number printed at the start of a
paragraph in between (a heading the extractor read as body text) closes the gap.
"""

from __future__ import annotations

import difflib
import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from checks.registry import Context, Finding, rule
from extractor.model import Document, Location, Paragraph, Table
from extractor.numbers import cn_number
from extractor.tables import CODE, squeeze

MAX_GAP = 9  # a jump over more numbers than this is not read as one list with holes

_CN = "零〇一二两三四五六七八九十百千"
_AR = "0-9０-９"
# (style, pattern). The style names the list an item belongs to; the pattern captures the number.
_STYLES: tuple[tuple[str, regex.Pattern], ...] = tuple(
    (style, regex.compile(p))
    for style, p in (
        ("part", rf"^第(?P<n>[{_CN}]+)编"),
        ("chapter", rf"^第(?P<n>[{_CN}]+)章"),
        ("section", rf"^第(?P<n>[{_CN}]+)节"),
        ("article", rf"^第(?P<n>[{_CN}]+)条"),
        ("cn", rf"^(?P<n>[{_CN}]+)\s*[、.．]"),
        ("paren-cn", rf"^[（(]\s*(?P<n>[{_CN}]+)\s*[）)]"),
        ("arabic", rf"^(?P<n>[{_AR}]{{1,3}})\s*[、.．](?![{_AR}])"),
        ("paren-arabic", rf"^[（(]\s*(?P<n>[{_AR}]{{1,3}})\s*[）)]"),
    )
)
_RENDER = {
    "part": "第{}编", "chapter": "第{}章", "section": "第{}节", "article": "第{}条", "cn": "{}、",
    "paren-cn": "（{}）", "arabic": "{}.", "paren-arabic": "（{}）",
}
_CHINESE_STYLES = frozenset({"part", "chapter", "section", "article", "cn", "paren-cn"})
# Unnumbered headings that open a part of a report (摘要, 正文, 附件 …): every list restarts after them.
_PART_MARKERS = frozenset({"摘要", "目录", "正文", "附件", "附录", "前言", "总则", "附则"})
_PAGE_TAIL = regex.compile(r"(?:\s+|[.…·．]{2,})[-–—]?\s*[0-9０-９]+\s*[-–—]?\s*$")


@dataclass(frozen=True)
class Numbered:
    """A numbering prefix read from the start of a line: 四、 → ("cn", 4, "四、", rest of the line)."""

    style: str
    number: int
    marker: str  # the prefix as printed, e.g. "四、", "(三)", "第二十一条"
    title: str  # the text after the prefix


@lru_cache(maxsize=4096)
def _value(digits: str, chinese: bool) -> int | None:
    if not chinese:
        return int(unicodedata.normalize("NFKC", digits))
    value = cn_number(digits)
    return int(value) if value is not None and value == int(value) else None


def numbering(text: str) -> Numbered | None:
    """The numbering prefix at the start of `text`, or None when the text is not numbered."""
    t = text.strip()
    for style, pattern in _STYLES:
        m = pattern.match(t)
        if m:
            number = _value(m["n"], style in _CHINESE_STYLES)
            if number is None or number <= 0:
                return None
            return Numbered(style, number, m[0].strip(), t[m.end():].strip())
    return None


def render(style: str, number: int) -> str:
    """A number written the way a style prints it: ("cn", 3) → 三、, ("article", 18) → 第十八条."""
    if style in _CHINESE_STYLES:
        import cn2an

        return _RENDER[style].format(cn2an.an2cn(number))
    return _RENDER[style].format(number)


def _missing_text(style: str, missing: list[int]) -> str:
    if len(missing) > 2:
        return f"{render(style, missing[0])}至{render(style, missing[-1])}"
    return "、".join(render(style, n) for n in missing)


def _missing_text_en(style: str, missing: list[int]) -> str:
    names = [render(style, n) for n in missing]
    return f"{names[0]} to {names[-1]}" if len(names) > 2 else " and ".join(names)


@dataclass(frozen=True)
class Gap:
    """An item whose number does not follow its previous sibling: `missing` is empty for a repeat."""

    item: Numbered
    previous: Numbered
    index: int  # position of the item in the sequence fed to `Outline`
    previous_index: int
    missing: tuple[int, ...]

    @property
    def is_repeat(self) -> bool:
        return not self.missing


class Outline:
    """Walks numbered items in reading order and reports where a list skips or repeats a number.

    The stack holds the latest item of every open list, outermost first; an item of a style already on
    the stack closes every deeper list, so （一） under 二、 starts afresh.
    """

    def __init__(self) -> None:
        self.stack: list[tuple[Numbered, int]] = []

    def reset(self) -> None:
        self.stack.clear()

    def enter(self, item: Numbered) -> None:
        """Open a division that is counted elsewhere (a chapter, a section): the lists at its level and
        below close, and new lists start inside it."""
        for i, (top, _) in enumerate(self.stack):
            if top.style == item.style:
                del self.stack[i:]
                break
        else:
            self.stack.clear()
        self.stack.append((item, -1))

    def feed(self, item: Numbered, index: int) -> Gap | None:
        previous: tuple[Numbered, int] | None = None
        for i, (top, at) in enumerate(self.stack):
            if top.style == item.style:
                previous = (top, at)
                del self.stack[i:]
                break
        self.stack.append((item, index))
        if previous is None:
            return None
        prev, at = previous
        if item.number == 1 or item.number == prev.number + 1:
            return None
        if item.number == prev.number:
            return Gap(item, prev, index, at, ())
        if prev.number + 1 < item.number <= prev.number + 1 + MAX_GAP:
            return Gap(item, prev, index, at, tuple(range(prev.number + 1, item.number)))
        return None  # counting down, or too far to be the same list: not sure, stay silent


def _marker_printed(style: str, number: int, texts: Iterable[str], anywhere: bool = False) -> bool:
    """Is the item `number` of `style` printed at the start of one of `texts` (or of a sentence in them)?"""
    for text in texts:
        found = numbering(text)
        if found and found.style == style and found.number == number:
            return True
        if anywhere:
            for m in regex.finditer(r"(?:^|[。；;：:\s])(?=\S)", text):
                found = numbering(text[m.end():])
                if found and found.style == style and found.number == number:
                    return True
    return False


def _closed_by_text(gap: Gap, between: list[str], anywhere: bool = False) -> bool:
    """A missing number printed in the blocks between the two items means nothing is missing."""
    return bool(gap.missing) and all(_marker_printed(gap.item.style, n, between, anywhere) for n in gap.missing)


def _gap_message(gap: Gap, what: str, what_en: str) -> tuple[str, str]:
    prev, item, style = gap.previous.marker, gap.item.marker, gap.item.style
    if gap.is_repeat:
        want = render(style, gap.item.number + 1)
        return (f"{what}编号重复：“{prev}”之后又是“{item}”，应为“{want}”",
                f"{what_en} numbering repeats: “{prev}” is followed by “{item}” again; expected “{want}”")
    missing = list(gap.missing)
    return (f"{what}编号不连续：“{prev}”之后是“{item}”，缺少{_missing_text(style, missing)}",
            f"{what_en} numbering skips: “{prev}” is followed by “{item}”; "
            f"{_missing_text_en(style, missing)} missing")


# --- GJ501 ----------------------------------------------------------------------------------------


def _body_headings(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph) and b.kind == "heading"]


def heading_gaps(doc: Document) -> list[tuple[Paragraph, Paragraph, Gap]]:
    """Skips and repeats in the numbering of the body headings: (heading, previous sibling, gap)."""
    outline = Outline()
    heads: list[Paragraph] = []
    out: list[tuple[Paragraph, Paragraph, Gap]] = []
    for para in _body_headings(doc):
        num = numbering(para.text)
        if num is None:
            if squeeze(para.text) in _PART_MARKERS or para.level == 0:
                outline.reset()
            continue
        if num.style in ("part", "chapter", "section"):  # counted by GJ502; each opens new lists
            outline.enter(num)
            continue
        if num.style == "article":
            continue
        heads.append(para)
        gap = outline.feed(num, len(heads) - 1)
        if gap is None:
            continue
        prev = heads[gap.previous_index]
        between = _texts_between(doc, prev, para)
        if not _closed_by_text(gap, between):
            out.append((para, prev, gap))
    return out


def _texts_between(doc: Document, first: Paragraph, last: Paragraph) -> list[str]:
    lo, hi = first.location.block, last.location.block
    if lo is None or hi is None:
        return []
    return [b.text for b in doc.blocks[lo + 1:hi] if isinstance(b, Paragraph) and b.kind != "toc"]


def _finding_key(code: str, loc: Location) -> str:
    return f"{code}:{loc.block}"


@rule("GJ501", "section-number-skipped", "warning", "标题编号跳号或重复", "Heading numbering skips or repeats")
def section_number_skipped(ctx: Context) -> Iterator[Finding]:
    """What it does
    Checks that numbered headings of one level under one parent count up by one: 一、二、三…,
    （一）（二）（三）…, 1. 2. 3. and （1）（2）（3）. A list may restart at 一 or 1 (the summary and the main
    text of a report are numbered separately); a number that jumps ahead or is printed twice is
    reported at the heading after the gap.

    Why is this bad?
    A skipped number usually means a section was deleted or moved while the report was edited, so
    the text a reader is referred to ("见第三部分") may not be where the numbering says it is, and the
    table of contents no longer matches the body.

    Example
    二、绩效评价工作情况
    四、绩效评价指标分析

    Use instead
    二、绩效评价工作情况
    三、综合评价结论
    四、绩效评价指标分析
    """
    for para, prev, gap in heading_gaps(ctx.doc):
        message, message_en = _gap_message(gap, "标题", "Heading")
        yield Finding(
            rule="GJ501", severity="warning", message=message, message_en=message_en,
            location=para.location, stated_text=gap.item.marker, evidence=para.text,
            related=(prev.location,), key=_finding_key("GJ501", para.location),
        )


# --- GJ502 ----------------------------------------------------------------------------------------


# Text after 第X条 at the start of a paragraph that makes it a citation, not the article itself.
_CITATION = regex.compile(r"^(?:规定|所|的|之|中|第|、|和|与|及|至|或|款|项)")


def _article_items(doc: Document) -> list[tuple[Paragraph, Numbered]]:
    """Articles, sections, chapters and parts opening a paragraph. Each kind is counted from its first
    第一, or from the first two that follow each other (an excerpt): a report that quotes 第三条 and
    第七条 of some regulation is not numbering articles of its own."""
    found: list[tuple[Paragraph, Numbered]] = []
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or block.kind == "toc":
            continue
        num = numbering(block.text)
        if num is not None and num.style in ("part", "chapter", "section", "article") \
                and not _CITATION.match(num.title):
            found.append((block, num))
    items = []
    started: set[str] = set()
    for i, (block, num) in enumerate(found):
        if num.style not in started:
            after = next((n for _, n in found[i + 1:] if n.style == num.style), None)
            if num.number == 1 or (after is not None and after.number == num.number + 1):
                started.add(num.style)
        if num.style in started:
            items.append((block, num))
    return items


@rule("GJ502", "article-number-skipped", "warning", "条、章编号跳号或重复",
      "Article or chapter numbering skips or repeats")
def article_number_skipped(ctx: Context) -> Iterator[Finding]:
    """What it does
    Checks that the articles (第X条) printed at the start of paragraphs count up by one through the
    whole document, and that chapters (第X章), their sections (第X节) and parts (第X编) do too. A
    numbering that restarts at 第一条 begins a new document (an attached regulation) and is accepted.

    Why is this bad?
    Articles are cited by number. When 第十八条 to 第二十条 are missing, every later citation is
    ambiguous: either paragraphs lost their numbers or the articles after the gap were never
    renumbered.

    Example
    第十七条  绩效评价包括统筹地区自评和上级部门绩效评价。
    根据工作需要，绩效评价工作可委托中介机构、专家等第三方具体实施。
    第二十一条  加大社会保险基金绩效信息公开力度。

    Use instead
    第十七条  绩效评价包括统筹地区自评和上级部门绩效评价。
    第十八条  根据工作需要，绩效评价工作可委托中介机构、专家等第三方具体实施。
    …
    第二十一条  加大社会保险基金绩效信息公开力度。
    """
    items = _article_items(ctx.doc)
    outlines = {"part": Outline(), "chapter": Outline(), "article": Outline(), "section": Outline()}
    for i, (para, num) in enumerate(items):
        if num.style == "chapter":
            outlines["section"].reset()  # sections may restart in every chapter
        gap = outlines[num.style].feed(num, i)
        if gap is None:
            continue
        prev = items[gap.previous_index][0]
        if _closed_by_text(gap, _texts_between(ctx.doc, prev, para), anywhere=True):
            continue
        what, what_en = {"article": ("条文", "Article"), "chapter": ("章", "Chapter"),
                         "section": ("节", "Section"), "part": ("编", "Part")}[num.style]
        message, message_en = _gap_message(gap, what, what_en)
        yield Finding(
            rule="GJ502", severity="warning", message=message, message_en=message_en,
            location=para.location, stated_text=num.marker, evidence=_clip(para.text),
            related=(prev.location,), key=_finding_key("GJ502", para.location),
        )


def _clip(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --- GJ503 ----------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Titles compared as printed but without spaces, punctuation or full-/half-width differences."""
    t = unicodedata.normalize("NFKC", text)
    return regex.sub(r"[\s\p{P}\p{S}]+", "", t)


def _toc_title(text: str) -> str:
    """A TOC entry without a page number or dot leaders the extractor left on it."""
    return _PAGE_TAIL.sub("", text).strip()


@dataclass
class _Entry:
    para: Paragraph
    num: Numbered | None
    key: str
    index: int  # position in its own sequence (TOC or body)

    @property
    def is_part(self) -> bool:
        return self.num is None and self.key.startswith("part|")

    @property
    def text(self) -> str:
        return _toc_title(self.para.text) if self.para.kind == "toc" else self.para.text


def _entry_key(text: str) -> tuple[Numbered | None, str]:
    num = numbering(text)
    if num is not None:
        return num, f"{num.style}:{num.number}|{_norm(num.title)}"
    title = _norm(text)
    return None, (f"part|{title}" if title in _PART_MARKERS else f"text|{title}")


def _toc_runs(doc: Document) -> list[tuple[list[_Entry], int, int]]:
    """Each table of contents in the document, with the range of blocks it lists: from its end to the
    start of the next one (a report may carry an attachment with contents of its own)."""
    runs: list[list[Paragraph]] = []
    current: list[Paragraph] = []
    loose = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.kind == "toc":
            current.append(block)
            loose = 0
            continue
        loose += 1
        is_heading = isinstance(block, Paragraph) and block.kind == "heading"
        if current and (is_heading or isinstance(block, Table) or loose > 2):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    out = []
    for k, run in enumerate(runs):
        entries = []
        for para in run:
            num, key = _entry_key(_toc_title(para.text))
            entries.append(_Entry(para, num, key, len(entries)))
        start = (run[-1].location.block or 0) + 1
        end = (runs[k + 1][0].location.block or len(doc.blocks)) if k + 1 < len(runs) else len(doc.blocks)
        out.append((entries, start, end))
    return out


def _body_entries(doc: Document, toc: list[_Entry], start: int, end: int) -> list[_Entry]:
    """Body headings at the levels the contents list, in the parts of the document the contents cover."""
    styles = {e.num.style for e in toc if e.num is not None}
    toc_keys = {e.key for e in toc}
    out: list[_Entry] = []
    listed_part = True
    for block in doc.blocks[start:end]:
        if not isinstance(block, Paragraph) or block.kind == "toc":
            continue
        num, key = _entry_key(block.text)
        if block.kind == "heading" and num is None and (squeeze(block.text) in _PART_MARKERS or block.level == 0):
            listed_part = key in toc_keys  # an appendix the contents do not list is not compared
            if listed_part:
                out.append(_Entry(block, None, key, len(out)))
            continue
        if not listed_part:
            continue
        if block.kind == "heading" and num is not None and num.style in styles:
            out.append(_Entry(block, num, key, len(out)))
        elif num is None and key in toc_keys:  # an unnumbered line the contents list (未编制绩效目标)
            out.append(_Entry(block, None, key, len(out)))
    return out


def _toc_gaps(toc: list[_Entry]) -> list[Gap]:
    outline = Outline()
    gaps = []
    for e in toc:
        if e.is_part:
            outline.reset()
        elif e.num is not None and e.num.style != "article":
            gap = outline.feed(e.num, e.index)
            if gap:
                gaps.append(gap)
    return gaps


def _similar(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def _same_title(a: _Entry, b: _Entry) -> bool:
    """Equal after normalising, or one a prefix of the other (contents often cut long titles short)."""
    ta = _norm(a.num.title if a.num else a.text)
    tb = _norm(b.num.title if b.num else b.text)
    return ta == tb or (min(len(ta), len(tb)) >= 4 and (ta.startswith(tb) or tb.startswith(ta)))


@dataclass
class _Alignment:
    pairs: list[tuple[_Entry, _Entry]]  # (toc, body) entries that stand for the same heading
    unlisted: list[tuple[_Entry, int]]  # body entries the contents lack, with the TOC index they belong before
    orphans: list[_Entry]  # TOC entries with no heading in the body


def _align(toc: list[_Entry], body: list[_Entry]) -> _Alignment:
    result = _Alignment([], [], [])
    matcher = difflib.SequenceMatcher(None, [e.key for e in toc], [e.key for e in body], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.pairs.extend(zip(toc[i1:i2], body[j1:j2], strict=True))
            continue
        paired: dict[int, _Entry] = {}  # body index → its TOC entry
        for t in toc[i1:i2]:
            match = next((b for b in body[j1:j2] if b.index not in paired and _counterparts(t, b)), None)
            if match is None:
                result.orphans.append(t)
            else:
                paired[match.index] = t
                result.pairs.append((t, match))
        for b in body[j1:j2]:
            if b.index not in paired:
                # The left-out heading belongs before the next TOC entry that has a heading after it.
                before = min((t.index for j, t in paired.items() if j > b.index), default=i2)
                result.unlisted.append((b, before))
    result.pairs.sort(key=lambda p: p[0].index)
    return result


def _counterparts(t: _Entry, b: _Entry) -> bool:
    """A TOC entry and a heading in the same stretch of an alignment that stand for the same heading."""
    if t.num is not None and b.num is not None:
        return t.num.style == b.num.style and t.num.number == b.num.number
    if t.num is None and b.num is None:
        return _similar(_norm(t.text), _norm(b.text))
    return False


def _heading_in_text(doc: Document, entry: _Entry, end: int) -> bool:
    """Is a TOC entry's heading printed in the body, perhaps as a paragraph the extractor did not take for
    a heading (too long, or ending in 。)?"""
    key_text = _norm(entry.text)
    start = (entry.para.location.block or 0) + 1
    return bool(key_text) and any(
        isinstance(block, Paragraph) and block.kind != "toc" and _norm(block.text).startswith(key_text)
        for block in doc.blocks[start:end]
    )


@rule("GJ503", "toc-heading-mismatch", "warning", "目录与正文标题不一致",
      "Table of contents does not match the headings")
def toc_heading_mismatch(ctx: Context) -> Iterator[Finding]:
    """What it does
    Compares the table of contents (目录) with the headings of the body: a heading the contents leave
    out, a contents entry with no heading behind it, an entry whose title differs from its heading,
    and a skip in the contents' own numbering. Entries and headings are aligned in order on their
    normalised titles (spaces, full- and half-width brackets and punctuation ignored), so a report
    whose summary and main text both start at 一、 is matched part by part. A skip in the contents
    that is explained by a heading they leave out is reported once.

    Why is this bad?
    The contents are how a reader finds a section. An omitted heading hides a section (often the
    evaluation conclusion), and contents that disagree with the body show that one of them was
    edited without the other.

    Example
    目录
    二、绩效评价工作情况 ........ 9
    四、绩效评价指标分析 ........ 14
    正文
    二、绩效评价工作情况
    三、综合评价结论
    四、绩效评价指标分析

    Use instead
    目录
    二、绩效评价工作情况 ........ 9
    三、综合评价结论 ............ 13
    四、绩效评价指标分析 ........ 14
    """
    body_gaps = {(g.item.style, g.item.number, g.previous.number): _finding_key("GJ501", p.location)
                 for p, _, g in heading_gaps(ctx.doc)}
    for toc, start, end in _toc_runs(ctx.doc):
        if len(toc) >= 2:
            yield from _compare_contents(ctx.doc, toc, start, end, body_gaps)


def _compare_contents(doc: Document, toc: list[_Entry], start: int, end: int,
                      body_gaps: dict[tuple, str]) -> Iterator[Finding]:
    body = _body_entries(doc, toc, start, end)
    body_keys = {b.key for b in body}
    reliable = 2 * sum(1 for e in toc if e.key in body_keys) >= len(toc)
    alignment = _align(toc, body) if reliable else _Alignment([], [], [])
    gaps = _toc_gaps(toc)
    unlisted = _unlisted(body, alignment)

    explained: dict[int, _Entry] = {}  # TOC gap entry index → the left-out heading that explains it
    for b, before in unlisted:
        gap = _gap_for(gaps, toc, b, before)
        if gap is not None and gap.index not in explained:
            explained[gap.index] = b

    def finding(entry: _Entry, stated: str, message: str, message_en: str, evidence: str,
                related: tuple[Location, ...] = (), consequence_of: str = "") -> Finding:
        return Finding(
            rule="GJ503", severity="warning", message=message, message_en=message_en,
            location=entry.para.location, stated_text=stated, evidence=evidence, related=related,
            key=_finding_key("GJ503", entry.para.location), consequence_of=consequence_of,
        )

    for gap in gaps:
        entry = toc[gap.index]
        b = explained.get(gap.index)
        if b is not None:
            yield finding(
                entry, gap.item.marker,
                f"目录漏列正文标题“{b.text}”：目录中“{gap.previous.marker}”之后直接是“{gap.item.marker}”",
                f"The table of contents omits the heading “{b.text}”: it goes from “{gap.previous.marker}” "
                f"straight to “{gap.item.marker}”",
                f"目录：{entry.text}；正文：{b.text}", (b.para.location,))
        else:
            message, message_en = _gap_message(gap, "目录", "Table of contents")
            yield finding(entry, gap.item.marker, message, message_en, entry.text,
                          consequence_of=body_gaps.get((gap.item.style, gap.item.number, gap.previous.number), ""))

    explained_ids = {b.index for b in explained.values()}
    for b, before in unlisted:
        if b.index not in explained_ids:
            near = toc[min(before, len(toc) - 1)]
            yield finding(b, b.num.marker if b.num else b.text, f"正文标题“{b.text}”未列入目录",
                          f"The heading “{b.text}” is not in the table of contents", b.text,
                          (near.para.location,))

    gap_entries = {g.index for g in gaps}
    for t in alignment.orphans:
        if not (t.is_part or t.index in gap_entries or _heading_in_text(doc, t, end)):
            yield finding(t, t.num.marker if t.num else t.text, f"目录条目“{t.text}”在正文中找不到对应标题",
                          f"The contents entry “{t.text}” has no matching heading in the body", t.text)

    for t, b in alignment.pairs:
        if t.key != b.key and not _same_title(t, b):
            yield finding(t, t.num.marker if t.num else t.text, f"目录条目“{t.text}”与正文标题“{b.text}”不一致",
                          f"The contents entry “{t.text}” differs from the heading “{b.text}”",
                          f"目录：{t.text}；正文：{b.text}", (b.para.location,))


def _unlisted(body: list[_Entry], alignment: _Alignment) -> list[tuple[_Entry, int]]:
    """Numbered headings the contents leave out, except those under another left-out heading (reported
    with it) and those at a level the contents list only now and then (fewer than 70 % of them)."""
    listed: Counter[str] = Counter()
    total: Counter[str] = Counter(b.num.style for b in body if b.num is not None)
    paired = {b.index for _, b in alignment.pairs}
    for b in body:
        if b.num is not None and b.index in paired:
            listed[b.num.style] += 1
    out: list[tuple[_Entry, int]] = []
    ids: set[int] = set()
    for b, before in alignment.unlisted:
        if b.num is None or listed[b.num.style] < 0.7 * total[b.num.style] or _under_unlisted(body, b, ids):
            continue
        ids.add(b.index)
        out.append((b, before))
    return out


def _under_unlisted(body: list[_Entry], entry: _Entry, unlisted_ids: set[int]) -> bool:
    """Is the nearest enclosing heading of `entry` itself left out of the contents?"""
    if entry.num is None:
        return False
    order = [e.num.style for e in body if e.num is not None]
    rank = {s: order.index(s) for s in dict.fromkeys(order)}
    for e in reversed(body[:entry.index]):
        if e.is_part:
            return False
        if e.num is not None and rank[e.num.style] < rank[entry.num.style]:
            return e.index in unlisted_ids
    return False


def _gap_for(gaps: list[Gap], toc: list[_Entry], b: _Entry, before: int) -> Gap | None:
    """The skip in the contents' numbering that a left-out heading explains, if any."""
    assert b.num is not None
    nxt = next((t for t in toc[before:] if t.num is not None and t.num.style == b.num.style), None)
    if nxt is None:
        return None
    return next((g for g in gaps if g.index == nxt.index and b.num.number in g.missing), None)


# --- GJ504 ----------------------------------------------------------------------------------------


def _code(text: str) -> str | None:
    m = CODE.match(squeeze(text))
    return m["code"] if m else None


def _digits(code: str) -> int:
    return len(code) - 1


def code_columns(table: Table) -> list[int]:
    """The columns of an indicator table whose data cells are labelled with codes (A, A1, A11).

    A column counts when most of its filled cells open with a code; the columns must go deeper from
    left to right (typically no digit, one digit, two digits), or the table is not read as a hierarchy.
    """
    data_rows = [r.index for r in table.rows if r.kind == "data"] or list(range(table.header_rows, table.n_rows))
    cols: list[int] = []
    depths: list[int] = []
    distinct: set[str] = set()
    for c in range(table.n_cols):
        cells = {id(table.grid[r][c]): table.grid[r][c] for r in data_rows}
        filled = [cell for cell in cells.values() if not cell.is_blank]
        codes = [code for cell in filled if (code := _code(cell.text))]
        if codes and len(codes) >= 0.6 * len(filled):
            cols.append(c)
            depths.append(Counter(_digits(code) for code in codes).most_common(1)[0][0])
            distinct.update(codes)
    if len(distinct) < 2 or any(a >= b for a, b in itertools.pairwise(depths)):
        return []
    return cols


def _row_text(table: Table, row: int, cols: list[int]) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    for c in cols:
        cell = table.grid[row][c]
        if not cell.is_blank and id(cell) not in seen:
            seen.add(id(cell))
            parts.append(_clip(cell.text, 40))
    return " | ".join(parts)


@rule("GJ504", "indicator-code-not-under-parent", "warning", "指标编码与上级指标不对应",
      "Indicator code does not extend its parent's code")
def indicator_code_not_under_parent(ctx: Context) -> Iterator[Finding]:
    """What it does
    In indicator tables whose label columns carry codes (一级 A, 二级 A1, 三级 A11), checks that every
    code extends the code of its parent (the code to its left in the same row, or the merged cell
    that spans it) and goes one level deeper, and that no code is used twice in one table. Where the
    codes sit in one column, the parent is the nearest code above with one digit fewer.

    Why is this bad?
    Codes tie the prose, the score table and the attached scoring sheet together ("C31 收入预算完成").
    A code that does not follow its parent sends the reader to the wrong indicator and suggests rows
    were copied or moved without renumbering.

    Example
    一级指标    二级指标      三级指标
    B 过程指标  B4 组织管理   B4 组织管理
                B5 财务管理   B41 按《社保基金财务制度》管理和核算基金

    Use instead
    一级指标    二级指标      三级指标
    B 过程指标  B4 组织管理   B41 组织管理
                B5 财务管理   B51 按《社保基金财务制度》管理和核算基金
    """
    for table in ctx.doc.tables:
        yield from _table_code_findings(table)


def _table_code_findings(table: Table) -> Iterator[Finding]:
    cols = code_columns(table)
    if not cols:
        return
    rows = [r.index for r in table.rows if r.kind == "data"]
    seen_children: dict[tuple[int, str], list[int]] = {}  # (parent cell id, parent code) → child cell ids
    reported: set[int] = set()

    def expected_code(parent_cell_id: int, parent: str, child_id: int) -> str:
        children = seen_children.setdefault((parent_cell_id, parent), [])
        if child_id not in children:
            children.append(child_id)
        return f"{parent}{children.index(child_id) + 1}"

    def finding(row: int, col: int, code: str, message: str, message_en: str,
                related: tuple[Location, ...] = ()) -> Finding:
        return Finding(
            rule="GJ504", severity="warning", message=message, message_en=message_en,
            location=table.cell_location(row, col), stated_text=code, evidence=_row_text(table, row, cols),
            related=related, key=f"GJ504:{table.location.table}:{row}:{col}",
        )

    if len(cols) == 1:
        yield from _single_column_codes(table, cols[0], rows, finding)
    else:
        for r in rows:
            chain = [(c, table.grid[r][c], code) for c in cols if (code := _code(table.grid[r][c].text))]
            for (pc, parent_cell, parent), (cc, cell, child) in itertools.pairwise(chain):
                if cell.row != r or id(cell) in reported:
                    continue
                if _digits(child) <= _digits(parent) and child != parent and not child.startswith(parent):
                    continue  # a deeper column holding a shallower code: not a hierarchy we understand
                want = expected_code(id(parent_cell), parent, id(cell))
                where = (table.cell_location(parent_cell.row, pc),)
                if child == parent:
                    reported.add(id(cell))
                    yield finding(
                        r, cc, child,
                        f"下级指标编码“{child}”与上级指标编码相同，未体现下一级，应为“{want}”之类",
                        f"The lower-level code “{child}” repeats its parent's code instead of extending it "
                        f"(expected something like “{want}”)", where)
                elif not child.startswith(parent):
                    reported.add(id(cell))
                    yield finding(
                        r, cc, child,
                        f"指标编码“{child}”不在上级指标“{_clip(squeeze(parent_cell.text), 20)}”之下，"
                        f"应以“{parent}”开头（如“{want}”）",
                        f"The code “{child}” is not under its parent “{parent}”: it should start with "
                        f"“{parent}” (e.g. “{want}”)", where)
    yield from _duplicate_codes(table, cols, rows, reported, finding)


def _single_column_codes(table: Table, col: int, rows: list[int], finding) -> Iterator[Finding]:
    """One code column: each code's parent is the nearest code above it with one digit fewer."""
    latest: dict[int, tuple[str, int]] = {}  # digit count → (code, row)
    depths = {_digits(c) for r in rows if (c := _code(table.grid[r][col].text))}
    if len(depths) < 2:
        return
    for r in rows:
        cell = table.grid[r][col]
        code = _code(cell.text)
        if code is None or cell.row != r:
            continue
        d = _digits(code)
        for deeper in [k for k in latest if k >= d]:
            del latest[deeper]
        parent = latest.get(d - 1)
        if parent is not None and not code.startswith(parent[0]):
            yield finding(
                r, col, code,
                f"指标编码“{code}”不在上级指标“{parent[0]}”之下，应以“{parent[0]}”开头",
                f"The code “{code}” is not under its parent “{parent[0]}”: it should start with “{parent[0]}”",
                (table.cell_location(parent[1], col),))
        latest[d] = (code, r)


def _duplicate_codes(table: Table, cols: list[int], rows: list[int], reported: set[int], finding) -> Iterator[Finding]:
    """The same code on two different cells of one column. In a parent column a repeat with the same
    label is a group cell printed again after a page break, not a duplicate."""
    for k, c in enumerate(cols):
        leaf = k == len(cols) - 1
        first: dict[str, tuple[int, str]] = {}
        for r in rows:
            cell = table.grid[r][c]
            code = _code(cell.text)
            if code is None or cell.row != r or id(cell) in reported:
                continue
            if code not in first:
                first[code] = (r, squeeze(cell.text))
                continue
            r0, text0 = first[code]
            if not leaf and text0 == squeeze(cell.text):
                continue
            reported.add(id(cell))
            yield finding(
                r, c, code,
                f"指标编码“{code}”在同一表中重复出现（第{r0 + 1}行与第{r + 1}行）",
                f"The code “{code}” is used twice in one table (rows {r0 + 1} and {r + 1})",
                (table.cell_location(r0, c),))


# --- GJ505 ----------------------------------------------------------------------------------------

_LIST_STYLES = frozenset({"cn", "paren-cn", "arabic", "paren-arabic"})
_MAX_LIST_BREAK = 2  # unnumbered paragraphs a list may run on through (continuation lines)


def list_gaps(doc: Document) -> list[tuple[Paragraph, Paragraph, Gap]]:
    """Skips and repeats in numbered list items printed as body paragraphs (not headings)."""
    outline = Outline()
    items: list[Paragraph] = []
    out: list[tuple[Paragraph, Paragraph, Gap]] = []
    loose = 0
    for block in doc.blocks:
        if not isinstance(block, Paragraph):
            continue
        num = numbering(block.text)
        if block.kind != "paragraph" or (num is not None and num.style not in _LIST_STYLES):
            outline.reset()  # a heading, an article or the contents end every list
            loose = 0
            continue
        if num is None:
            loose += 1
            if loose > _MAX_LIST_BREAK:
                outline.reset()
            continue
        loose = 0
        items.append(block)
        gap = outline.feed(num, len(items) - 1)
        if gap is None:
            continue
        prev = items[gap.previous_index]
        if not _closed_by_text(gap, [prev.text, *_texts_between(doc, prev, block)], anywhere=True):
            out.append((block, prev, gap))
    return out


@rule("GJ505", "list-number-skipped", "warning", "列表编号跳号或重复", "List numbering skips or repeats")
def list_number_skipped(ctx: Context) -> Iterator[Finding]:
    """What it does
    Checks numbered list items printed as paragraphs (the 评价依据 list, the principles or methods of
    an evaluation: "1.《中华人民共和国预算法》；") count up by one. A list ends at every heading or
    article; a number printed inside the previous item (two items run together on one line) counts
    as present.

    Why is this bad?
    A hole in a list of legal bases or scoring steps usually means an item was deleted without
    renumbering, or that one was lost when the report was assembled; readers citing "依据第3项" are
    left guessing.

    Example
    1.《中华人民共和国预算法》；
    2.《中华人民共和国预算法实施条例》；
    4.《中共中央 国务院关于全面实施预算绩效管理的意见》；

    Use instead
    1.《中华人民共和国预算法》；
    2.《中华人民共和国预算法实施条例》；
    3.《中共中央 国务院关于全面实施预算绩效管理的意见》；
    """
    for para, prev, gap in list_gaps(ctx.doc):
        message, message_en = _gap_message(gap, "列表", "List")
        yield Finding(
            rule="GJ505", severity="warning", message=message, message_en=message_en,
            location=para.location, stated_text=gap.item.marker, evidence=_clip(para.text),
            related=(prev.location,), key=_finding_key("GJ505", para.location),
        )
