"""The outline of a document: numbered headings, articles and list items, and which item follows which.

`numbering` reads the numbering prefix of a line (四、 （三） 3. 第二十一条 第五章). An `Outline` walks numbered
items in reading order and says, for each item, which earlier item it continues: a list is the run of
items of one numbering style under one parent, and an item of a style already open closes every deeper
list, so （一） under 二、 starts afresh. Whether the numbers of two successive items follow each other is for
the rules to judge; here is only which items are successive.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from extractor.numbers import cn_number
from extractor.tables import squeeze
from model.document import Document, Paragraph
from patterns.vocabulary import NUMERALS, V

# (style, pattern) in the order they are tried; the pattern captures the number as `n`.
_STYLES = tuple((k.kind, k.regex) for k in V.numbering_styles.kinds)
_RENDER = {k.kind: k.extra["render"] for k in V.numbering_styles.kinds}
_CHINESE_STYLES = frozenset(k.kind for k in V.numbering_styles.kinds if NUMERALS in k.pattern)
LIST_STYLES = frozenset(k.kind for k in V.numbering_styles.kinds if k.extra.get("list"))
DIVISION_STYLES = frozenset({"part", "chapter", "section"})
_SENTENCE_START = regex.compile(r"(?:^|[。；;：:\s])(?=\S)")
MAX_LIST_BREAK = 2  # unnumbered paragraphs a list may run on through (continuation lines)


@dataclass(frozen=True)
class Numbered:
    """A numbering prefix read from the start of a line: 四、 → ("cn", 4, "四、", rest of the line)."""

    style: str
    number: int
    marker: str  # the prefix as printed, e.g. "四、", "(三)", "第二十一条"
    title: str  # the text after the prefix


@lru_cache(maxsize=4096)
def _value(digits: str) -> int | None:
    arabic = unicodedata.normalize("NFKC", digits)
    if arabic.isdigit():
        return int(arabic)
    value = cn_number(digits)
    return int(value) if value is not None and value == int(value) else None


def numbering(text: str) -> Numbered | None:
    """The numbering prefix at the start of `text`, or None when the text is not numbered."""
    t = text.strip()
    for style, pattern in _STYLES:
        m = pattern.match(t)
        if m:
            number = _value(m["n"])
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


def is_part_marker(para: Paragraph) -> bool:
    return squeeze(para.text) in V.part_markers or para.level == 0


@dataclass(frozen=True)
class Succession:
    """An item and the earlier item of the same list it follows (its previous sibling)."""

    item: Numbered
    previous: Numbered
    index: int  # position of the item in the sequence fed to `Outline`
    previous_index: int


class Outline:
    """Which list each numbered item continues. The stack holds the latest item of every open list,
    outermost first."""

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

    def feed(self, item: Numbered, index: int) -> Succession | None:
        previous: tuple[Numbered, int] | None = None
        for i, (top, at) in enumerate(self.stack):
            if top.style == item.style:
                previous = (top, at)
                del self.stack[i:]
                break
        self.stack.append((item, index))
        if previous is None:
            return None
        return Succession(item, previous[0], index, previous[1])


@dataclass(frozen=True)
class Step:
    """A succession between two paragraphs of the document."""

    succession: Succession
    para: Paragraph
    previous: Paragraph


def unmarked_contents(doc: Document) -> set[int]:
    """Contents printed without page numbers: the entries after a 目录 heading (paragraph ids).

    Such lines are not marked as contents by the readers (no dot leaders, no page), so they would be read as
    headings and list items of their own. The entries are the run of short lines after 目录 that are
    numbered or that the body repeats; they count as contents when the body later starts its numbering
    again with the first entry's marker.
    """
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    last_seen: dict[str, int] = {}  # each text's last position in the document
    for k, p in enumerate(paras):
        last_seen[_normal(p.text)] = k
    out: set[int] = set()
    for start in (i for i, p in enumerate(paras) if p.kind != "toc" and squeeze(p.text) == "目录"):
        found: list[tuple[int, Paragraph]] = []
        for k in range(start + 1, len(paras)):
            p = paras[k]
            if p.kind == "toc":
                continue
            text = p.text.strip()
            short = len(text) <= 60 and not text.endswith(("。", "；", ";"))
            if not short or not (numbering(text) is not None or last_seen.get(_normal(text), k) > k):
                break
            found.append((k, p))
        first = numbering(found[0][1].text) if found else None
        if len(found) < 3 or first is None:
            continue
        after = found[-1][0]
        if any((n := numbering(q.text)) is not None and n.marker == first.marker for q in paras[after + 1:]):
            out.update(id(p) for _, p in found)
    return out


def _normal(text: str) -> str:
    return regex.sub(r"[\s\p{P}\p{S}]+", "", unicodedata.normalize("NFKC", text))


class DocumentOutline:
    """The numbered headings, articles and list items of one document, each list as its successions."""

    def __init__(self, doc: Document):
        self.doc = doc
        contents = unmarked_contents(doc)
        self.paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph) and b.kind != "toc"
                           and id(b) not in contents]
        self._blocks = [p.location.block or 0 for p in self.paragraphs]
        self._in_contents = contents

    @cached_property
    def headings(self) -> list[Step]:
        """Successive numbered headings of one list (divisions and articles are counted separately)."""
        outline = Outline()
        heads: list[Paragraph] = []
        out: list[Step] = []
        for para in self.doc.blocks:
            if not isinstance(para, Paragraph) or para.kind != "heading" or id(para) in self._in_contents:
                continue
            num = numbering(para.text)
            if num is None:
                if is_part_marker(para):
                    outline.reset()
                continue
            if num.style in DIVISION_STYLES:  # each opens new lists
                outline.enter(num)
                continue
            if num.style == "article":
                continue
            heads.append(para)
            step = outline.feed(num, len(heads) - 1)
            if step is not None:
                out.append(Step(step, para, heads[step.previous_index]))
        return out

    @cached_property
    def articles(self) -> list[Step]:
        """Successive articles, chapters, sections and parts, each kind counted through the document."""
        items = self._article_items()
        outlines = {"part": Outline(), "chapter": Outline(), "article": Outline(), "section": Outline()}
        out: list[Step] = []
        for i, (para, num) in enumerate(items):
            if num.style == "chapter":
                outlines["section"].reset()  # sections may restart in every chapter
            step = outlines[num.style].feed(num, i)
            if step is not None:
                out.append(Step(step, para, items[step.previous_index][0]))
        return out

    def _article_items(self) -> list[tuple[Paragraph, Numbered]]:
        """Articles, sections, chapters and parts opening a paragraph. Each kind is counted from its first
        第一, or from the first two that follow each other (an excerpt): a report that quotes 第三条 and
        第七条 of some regulation is not numbering articles of its own."""
        found: list[tuple[Paragraph, Numbered]] = []
        for block in self.paragraphs:
            num = numbering(block.text)
            if num is not None and num.style in ("part", "chapter", "section", "article") \
                    and V.citation_tails.match(num.title) is None:
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

    @cached_property
    def lists(self) -> list[Step]:
        """Successive numbered list items printed as body paragraphs (not headings). A list ends at every
        heading, article or contents entry, and after more than MAX_LIST_BREAK unnumbered paragraphs."""
        outline = Outline()
        items: list[Paragraph] = []
        out: list[Step] = []
        loose = 0
        for block in self.doc.blocks:
            if not isinstance(block, Paragraph):
                continue
            num = numbering(block.text)
            if block.kind != "paragraph" or id(block) in self._in_contents or (
                    num is not None and num.style not in LIST_STYLES):
                outline.reset()
                loose = 0
                continue
            if num is None:
                loose += 1
                if loose > MAX_LIST_BREAK:
                    outline.reset()
                continue
            loose = 0
            items.append(block)
            step = outline.feed(num, len(items) - 1)
            if step is not None:
                out.append(Step(step, block, items[step.previous_index]))
        return out

    @cached_property
    def _markers(self) -> tuple[dict[tuple[str, int], list[int]], dict[tuple[str, int], list[int]]]:
        """Where each numbering marker is printed: at the start of a paragraph, and at the start of any
        sentence in it (paragraph positions, ascending)."""
        at_start: dict[tuple[str, int], list[int]] = {}
        anywhere: dict[tuple[str, int], list[int]] = {}
        for i, para in enumerate(self.paragraphs):
            found = numbering(para.text)
            if found:
                at_start.setdefault((found.style, found.number), []).append(i)
            for m in _SENTENCE_START.finditer(para.text):
                found = numbering(para.text[m.end():])
                if found:
                    hits = anywhere.setdefault((found.style, found.number), [])
                    if not hits or hits[-1] != i:
                        hits.append(i)
        return at_start, anywhere

    def printed_between(self, style: str, number: int, first: Paragraph, last: Paragraph,
                        anywhere: bool = False, including_first: bool = False) -> bool:
        """Is the marker of item `number` of `style` printed in a paragraph after `first` (or from it) and
        before `last`: at a paragraph's start, or with `anywhere` at the start of any of its sentences?"""
        lo_block, hi_block = first.location.block, last.location.block
        if lo_block is None or hi_block is None:
            return False
        lo = bisect.bisect_left(self._blocks, lo_block) if including_first else bisect.bisect_right(self._blocks,
                                                                                                      lo_block)
        hi = bisect.bisect_left(self._blocks, hi_block)
        at_start, sentences = self._markers
        positions = (sentences if anywhere else at_start).get((style, number), ())
        k = bisect.bisect_left(positions, lo)
        return k < len(positions) and positions[k] < hi
