"""The table of contents and the headings it lists.

Entries are matched to headings in order with a sequence alignment over normalised titles; a report may
have two contents parts (摘要 and 正文), each restarting at 一、, and each is compared with the headings
that follow it. Here: each contents run, the body headings it covers, the alignment between them, the
headings it leaves out and the successions of its own numbering. Judging them is GJ503's.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import regex

from extractor.layout import PAGE_TAIL
from extractor.tables import squeeze
from model.document import Document, Paragraph, Table
from patterns.vocabulary import V
from reading.outline import Numbered, Outline, Succession, numbering


def norm(text: str) -> str:
    """Titles compared as printed but without spaces, punctuation or full-/half-width differences."""
    t = unicodedata.normalize("NFKC", text)
    return regex.sub(r"[\s\p{P}\p{S}]+", "", t)


def toc_title(text: str) -> str:
    """A TOC entry without a page number or dot leaders the extractor left on it."""
    return PAGE_TAIL.sub("", text).strip()


@dataclass
class Entry:
    para: Paragraph
    num: Numbered | None
    key: str
    index: int  # position in its own sequence (TOC or body)

    @property
    def is_part(self) -> bool:
        return self.num is None and self.key.startswith("part|")

    @property
    def text(self) -> str:
        return toc_title(self.para.text) if self.para.kind == "toc" else self.para.text


def entry_key(text: str) -> tuple[Numbered | None, str]:
    num = numbering(text)
    if num is not None:
        return num, f"{num.style}:{num.number}|{norm(num.title)}"
    title = norm(text)
    return None, (f"part|{title}" if title in V.part_markers else f"text|{title}")


def toc_runs(doc: Document) -> list[tuple[list[Entry], int, int]]:
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
            num, key = entry_key(toc_title(para.text))
            entries.append(Entry(para, num, key, len(entries)))
        start = (run[-1].location.block or 0) + 1
        end = (runs[k + 1][0].location.block or len(doc.blocks)) if k + 1 < len(runs) else len(doc.blocks)
        out.append((entries, start, end))
    return out


def body_entries(doc: Document, toc: list[Entry], start: int, end: int) -> list[Entry]:
    """Body headings at the levels the contents list, in the parts of the document the contents cover."""
    styles = {e.num.style for e in toc if e.num is not None}
    toc_keys = {e.key for e in toc}
    out: list[Entry] = []
    listed_part = True
    for block in doc.blocks[start:end]:
        if not isinstance(block, Paragraph) or block.kind == "toc":
            continue
        num, key = entry_key(block.text)
        if block.kind == "heading" and num is None and (squeeze(block.text) in V.part_markers or block.level == 0):
            listed_part = key in toc_keys  # an appendix the contents do not list is not compared
            if listed_part:
                out.append(Entry(block, None, key, len(out)))
            continue
        if not listed_part:
            continue
        if block.kind == "heading" and num is not None and num.style in styles:
            out.append(Entry(block, num, key, len(out)))
        elif num is None and key in toc_keys:  # an unnumbered line the contents list (未编制绩效目标)
            out.append(Entry(block, None, key, len(out)))
    return out


def similar(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def same_title(a: Entry, b: Entry) -> bool:
    """Equal after normalising, or one a prefix of the other (contents often cut long titles short)."""
    ta = norm(a.num.title if a.num else a.text)
    tb = norm(b.num.title if b.num else b.text)
    return ta == tb or (min(len(ta), len(tb)) >= 4 and (ta.startswith(tb) or tb.startswith(ta)))


@dataclass
class Alignment:
    pairs: list[tuple[Entry, Entry]]  # (toc, body) entries that stand for the same heading
    unlisted: list[tuple[Entry, int]]  # body entries the contents lack, with the TOC index they belong before
    orphans: list[Entry]  # TOC entries with no heading in the body


def align(toc: list[Entry], body: list[Entry]) -> Alignment:
    result = Alignment([], [], [])
    matcher = difflib.SequenceMatcher(None, [e.key for e in toc], [e.key for e in body], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.pairs.extend(zip(toc[i1:i2], body[j1:j2], strict=True))
            continue
        paired: dict[int, Entry] = {}  # body index → its TOC entry
        for t in toc[i1:i2]:
            match = next((b for b in body[j1:j2] if b.index not in paired and counterparts(t, b)), None)
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


def counterparts(t: Entry, b: Entry) -> bool:
    """A TOC entry and a heading in the same stretch of an alignment that stand for the same heading."""
    if t.num is not None and b.num is not None:
        return t.num.style == b.num.style and t.num.number == b.num.number
    if t.num is None and b.num is None:
        return similar(norm(t.text), norm(b.text))
    return False


def heading_in_text(doc: Document, entry: Entry, end: int) -> bool:
    """Is a TOC entry's heading printed in the body, perhaps as a paragraph the extractor did not take for
    a heading (too long, or ending in 。)?"""
    key_text = norm(entry.text)
    start = (entry.para.location.block or 0) + 1
    return bool(key_text) and any(
        isinstance(block, Paragraph) and block.kind != "toc" and norm(block.text).startswith(key_text)
        for block in doc.blocks[start:end]
    )


def unlisted(body: list[Entry], alignment: Alignment) -> list[tuple[Entry, int]]:
    """Numbered headings the contents leave out, except those under another left-out heading (reported
    with it) and those at a level the contents list only now and then (fewer than 70 % of them)."""
    listed: Counter[str] = Counter()
    total: Counter[str] = Counter(b.num.style for b in body if b.num is not None)
    paired = {b.index for _, b in alignment.pairs}
    for b in body:
        if b.num is not None and b.index in paired:
            listed[b.num.style] += 1
    out: list[tuple[Entry, int]] = []
    ids: set[int] = set()
    for b, before in alignment.unlisted:
        if b.num is None or listed[b.num.style] < 0.7 * total[b.num.style] or under_unlisted(body, b, ids):
            continue
        ids.add(b.index)
        out.append((b, before))
    return out


def under_unlisted(body: list[Entry], entry: Entry, unlisted_ids: set[int]) -> bool:
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


@dataclass(frozen=True)
class ContentsRun:
    """One table of contents, the body headings it covers and how they pair up."""

    toc: list[Entry]
    start: int  # the blocks it lists: from its end …
    end: int  # … to the next contents or the end of the document
    body: list[Entry]
    alignment: Alignment
    unlisted: list[tuple[Entry, int]]  # headings left out, with the TOC index they belong before
    successions: list[Succession]  # of the contents' own numbering
    doc: Document = field(repr=False, compare=False)

    def heading_in_body(self, entry: Entry) -> bool:
        return heading_in_text(self.doc, entry, self.end)


def read_contents(doc: Document) -> list[ContentsRun]:
    out = []
    for toc, start, end in toc_runs(doc):
        body = body_entries(doc, toc, start, end)
        body_keys = {b.key for b in body}
        reliable = 2 * sum(1 for e in toc if e.key in body_keys) >= len(toc)
        alignment = align(toc, body) if reliable else Alignment([], [], [])
        out.append(ContentsRun(toc, start, end, body, alignment, unlisted(body, alignment), _successions(toc),
                               doc))
    return out


def _successions(toc: list[Entry]) -> list[Succession]:
    outline = Outline()
    out = []
    for e in toc:
        if e.is_part:
            outline.reset()
        elif e.num is not None and e.num.style != "article":
            step = outline.feed(e.num, e.index)
            if step:
                out.append(step)
    return out
