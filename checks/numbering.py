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

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from checks.registry import Context, rule
from extractor.numbers import cn_number
from extractor.tables import squeeze
from model.document import Document, Location, Paragraph
from model.findings import Finding

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
PART_MARKERS = frozenset({"摘要", "目录", "正文", "附件", "附录", "前言", "总则", "附则"})
# Right to left with possessive runs: linear on a long line of dots (as the readers' contents patterns).
PAGE_TAIL = regex.compile(r"(?r)(?:\s++|[.…·．]{2,}+)[-–—]?\s*+[0-9０-９]+\s*+[-–—]?\s*+$")


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


def gap_message(gap: Gap, what: str, what_en: str) -> tuple[str, str]:
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
            if squeeze(para.text) in PART_MARKERS or para.level == 0:
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


def finding_key(code: str, loc: Location) -> str:
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
        message, message_en = gap_message(gap, "标题", "Heading")
        yield Finding(
            rule="GJ501", severity="warning", message=message, message_en=message_en,
            location=para.location, stated_text=gap.item.marker, evidence=para.text,
            related=(prev.location,), key=finding_key("GJ501", para.location),
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
        message, message_en = gap_message(gap, what, what_en)
        yield Finding(
            rule="GJ502", severity="warning", message=message, message_en=message_en,
            location=para.location, stated_text=num.marker, evidence=clip(para.text),
            related=(prev.location,), key=finding_key("GJ502", para.location),
        )


def clip(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


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
        message, message_en = gap_message(gap, "列表", "List")
        yield Finding(
            rule="GJ505", severity="warning", message=message, message_en=message_en,
            location=para.location, stated_text=gap.item.marker, evidence=clip(para.text),
            related=(prev.location,), key=finding_key("GJ505", para.location),
        )
