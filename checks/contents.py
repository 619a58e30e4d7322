"""The table of contents against the headings of the body (GJ503).

Entries are matched to headings in order with a sequence alignment over normalised titles; a report may
have two contents parts (摘要 and 正文), each restarting at 一、, and each is compared with the headings
that follow it. Numbering is read with the shared reader in `checks.numbering`.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from checks.numbering import (
    PAGE_TAIL,
    PART_MARKERS,
    Gap,
    Numbered,
    Outline,
    finding_key,
    gap_message,
    heading_gaps,
    numbering,
)
from checks.registry import Context, rule
from extractor.tables import squeeze
from model.document import Document, Location, Paragraph, Table
from model.findings import Finding


def _norm(text: str) -> str:
    """Titles compared as printed but without spaces, punctuation or full-/half-width differences."""
    t = unicodedata.normalize("NFKC", text)
    return regex.sub(r"[\s\p{P}\p{S}]+", "", t)


def _toc_title(text: str) -> str:
    """A TOC entry without a page number or dot leaders the extractor left on it."""
    return PAGE_TAIL.sub("", text).strip()


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
    return None, (f"part|{title}" if title in PART_MARKERS else f"text|{title}")


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
        if block.kind == "heading" and num is None and (squeeze(block.text) in PART_MARKERS or block.level == 0):
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
    body_gaps = {(g.item.style, g.item.number, g.previous.number): finding_key("GJ501", p.location)
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
            key=finding_key("GJ503", entry.para.location), consequence_of=consequence_of,
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
            message, message_en = gap_message(gap, "目录", "Table of contents")
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


