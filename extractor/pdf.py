"""PDF reports → Document, with pdfplumber.

Each page is parsed once and closed at once (pdfplumber keeps every parsed page otherwise). Its
characters, with fake-bold doubles removed, are split in one pass between the cells of ruled tables
and the running text. Merged cells are rebuilt from the cell rectangles, because pdfplumber only says
None for them; a table cut by a page break is stitched back, because pdfplumber never does.
"""

from __future__ import annotations

import io
import os
import statistics
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import groupby, pairwise
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

import regex

from extractor.errors import InputError
from extractor.layout import CONTENTS_LINE, heading_level, make_paragraph, make_table, squeeze_cjk
from extractor.numbers import parse_cell
from extractor.pdf_unruled import Candidate, find_tables, physical_line
from extractor.text import is_caption, spans_from_rows
from model.document import Document, Location, Paragraph, Span

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
EDGE_TOLERANCE = 2.0  # points: rule positions closer than this are the same grid line
STITCH_TOLERANCE = 3.0  # points: column edges of a continued table may drift this much
MARGIN_ZONE = 0.1  # share of the page height at top and bottom where page numbers live

_SENTENCE_ENDS = ("。", "！", "？", "!", "?")
_FIRST_TOKEN = regex.compile(r"[A-Za-z0-9０-９.,%％+\-]+|.[，。、；：,;:）)》”’]*")
_PAGE_NUMBER = regex.compile(
    r"^[-—–－\s]*(?:第\s*)?(?:[0-9０-９]+|[ivxlcIVXLC]+)\s*(?:页)?"
    r"(?:\s*(?:[/／]|共)\s*[0-9０-９]+\s*页?)?[-—–－\s]*$"
    r"|^(?:page|Page|PAGE)\s*[0-9]+(?:\s*(?:of|/)\s*[0-9]+)?$"
)
# Right to left ((?r)) with possessive spaces: linear on a line of dots, same matches as left to right.
_UNIT_NOTE = regex.compile(r"^[（(]?\s*(?:金额)?单位\s*[:：]")
_CONTINUED = regex.compile(r"^(?:续表.{0,20}|.{0,30}[（(]续(?:表)?[）)])$")
_LATIN = regex.compile(r"[A-Za-z]")
_GAP = "\x00"  # a space inferred from a gap between glyphs, unlike a space glyph in the file
_GAP_IN_WORD = regex.compile(r"(?<=[\p{Han}\u3000-\u303f\uff00-\uffef])\x00+(?=[\p{Han}\u3000-\u303f\uff00-\uffef])")
_LETTER_SPACED = regex.compile(r"^\p{Han}(?:[ \u3000]+\p{Han}){1,5}$")
_CID = "(cid:"
_UNDECODABLE = "\ufffd"


# --- page geometry ------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    page: int = 0
    size_measured: bool = True  # False when the size is estimated from OCR boxes, not read from the font


@dataclass(frozen=True)
class _TextBlock:
    """Where the body text of pages of one size runs: the leftmost start and the rightmost end of their lines."""

    left: float
    right: float

    @staticmethod
    def of(lines: list[_Line], before: _TextBlock | None) -> _TextBlock:
        """The block of `lines`, widened by that of the earlier pages of their size."""
        left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
        return _TextBlock(left, right) if before is None else \
            _TextBlock(min(left, before.left), max(right, before.right))


@dataclass
class _RawTable:
    """A table before `make_table`: kept raw so that its continuation on the next page can join it."""

    spans: list[Span]
    n_rows: int
    n_cols: int
    x_edges: list[float]
    top: float
    bottom: float
    pages: list[int]
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    rows: list[list[str]] | None = None  # cell texts of a table without vertical rules (no cell boxes)


@dataclass
class _PageResult:
    number: int
    height: float
    items: list[_Line | _RawTable]  # in reading order, top to bottom
    chars: int = 0
    undecodable: int = 0
    images: int = 0
    unread_tabular: int = 0  # runs of column-aligned text that did not pass as a table
    width: float = 0.0


@dataclass
class _Grid:
    """The rectangles pdfplumber found for one table, mapped onto distinct row and column edges."""

    bbox: tuple[float, float, float, float]
    x_edges: list[float]
    y_edges: list[float]
    boxes: list[tuple[int, int, int, int]]  # (row, col, rowspan, colspan) per cell
    owner: dict[tuple[int, int], int]  # grid position → index into boxes
    chars: list[list[dict[str, Any]]]


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE_TOLERANCE:
            out.append(v)
    return out


def _nearest(edges: list[float], v: float) -> int:
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges) or v - edges[i - 1] <= edges[i] - v:
        return i - 1
    return i


def _grid(table: Any) -> _Grid | None:
    cells = [c for c in table.cells if c is not None]
    xs = _edges([v for c in cells for v in (c[0], c[2])])
    ys = _edges([v for c in cells for v in (c[1], c[3])])
    if len(xs) < 2 or len(ys) < 2:
        return None
    boxes: list[tuple[int, int, int, int]] = []
    owner: dict[tuple[int, int], int] = {}
    for x0, top, x1, bottom in cells:
        c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
        r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        index = len(boxes)
        boxes.append((r0, c0, r1 - r0, c1 - c0))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), index)
    return _Grid(tuple(table.bbox), xs, ys, boxes, owner, [[] for _ in boxes])


def _place(grids: list[_Grid], char: dict[str, Any]) -> bool:
    """Put a character into the table cell under its centre. False when it lies outside every table."""
    cx = (char["x0"] + char["x1"]) / 2
    cy = (char["top"] + char["bottom"]) / 2
    for g in grids:
        x0, top, x1, bottom = g.bbox
        if x0 <= cx <= x1 and top <= cy <= bottom:
            col = min(max(bisect_right(g.x_edges, cx) - 1, 0), len(g.x_edges) - 2)
            row = min(max(bisect_right(g.y_edges, cy) - 1, 0), len(g.y_edges) - 2)
            index = g.owner.get((row, col))
            if index is not None:
                g.chars[index].append(char)
            return True
    return False


def dedupe_chars(chars: list[dict[str, Any]], tolerance: float = 1) -> list[dict[str, Any]]:
    """pdfplumber's `dedupe_chars` rule (fake bold: the same glyph drawn again within `tolerance`), in
    O(n log n): pdfplumber 0.11 restores page order with `sorted(key=chars.index)`, which is quadratic
    and took a third of the reading time on a text-heavy page."""
    key = itemgetter("upright", "text", "fontname", "size")
    kept: list[dict[str, Any]] = []
    for _, group in groupby(sorted(chars, key=key), key=key):
        same = list(group)
        if len(same) == 1:
            kept.append(same[0])
            continue
        for row in _chain(same, "doctop", tolerance):
            for cluster in _chain(row, "x0", tolerance):
                kept.append(min(cluster, key=itemgetter("doctop", "x0")))
    order = {id(c): i for i, c in enumerate(chars)}
    kept.sort(key=lambda c: order[id(c)])
    return kept


def _chain(objs: list[dict[str, Any]], attr: str, tolerance: float) -> list[list[dict[str, Any]]]:
    """Clusters of objects whose `attr` values are each within `tolerance` of the previous one."""
    clusters: list[list[dict[str, Any]]] = []
    last = None
    for obj in sorted(objs, key=itemgetter(attr)):
        if last is None or obj[attr] - last > tolerance:
            clusters.append([])
        clusters[-1].append(obj)
        last = obj[attr]
    return clusters


# --- characters → lines -------------------------------------------------------------------------


def _char_text(char: dict[str, Any]) -> str:
    text = char["text"]
    return _UNDECODABLE if text.startswith(_CID) else text


def char_rows(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into lines by their vertical centre, each line left to right."""
    rows: list[list[dict[str, Any]]] = []
    centre = 0.0
    for ch in sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        mid = (ch["top"] + ch["bottom"]) / 2
        if rows and mid - centre <= 0.45 * max(ch["size"], 1.0):
            rows[-1].append(ch)
        else:
            rows.append([ch])
            centre = mid
    return [sorted(row, key=lambda c: c["x0"]) for row in rows]


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    return [line for row in char_rows(chars) if (line := _line(row)) is not None]


def _line(chars: list[dict[str, Any]]) -> _Line | None:
    """One line of text. Wide gaps (tab stops, a right-aligned unit) become one space; so do space glyphs
    the file really has ("第一章  总则"). Gaps between Chinese characters that are mere letter-spacing go."""
    size = statistics.median(c["size"] for c in chars)
    segments: list[list[str]] = [[]]
    prev = None
    for ch in chars:
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            if gap > 2.0 * size:
                segments.append([])
            elif gap > 0.3 * size:
                segments[-1].append(_GAP)
        segments[-1].append(_char_text(ch))
        prev = ch
    text = " ".join(t for s in segments if (t := _segment_text("".join(s))))
    if _LETTER_SPACED.match(text):  # 目  录, 合  计
        text = squeeze_cjk(text)
    if not text:
        return None
    return _Line(text, min(c["top"] for c in chars), max(c["bottom"] for c in chars),
                 chars[0]["x0"], chars[-1]["x1"], size, size_measured=chars[0].get("fontname") != "ocr")


def _segment_text(raw: str) -> str:
    raw = _GAP_IN_WORD.sub("", raw)
    return regex.sub(r"[\s\x00]+", " ", raw).strip()


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped lines: no space at the break unless both sides are Latin letters."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _LATIN.match(out[-1]) and _LATIN.match(part[0]):
            out += " "
        out += part
    return out


def _cell_text(chars: list[dict[str, Any]]) -> str:
    return squeeze_cjk(join_wrapped([line.text for line in _lines(chars)]))


# --- one page -----------------------------------------------------------------------------------


def _read_page(page: Any) -> _PageResult:
    objects = page.objects
    result = _PageResult(number=page.page_number, height=float(page.height), items=[], width=float(page.width),
                         images=len(objects.get("image", [])))
    chars = dedupe_chars(page.chars)
    result.chars = len(chars)
    result.undecodable = sum(1 for c in chars if c["text"].startswith(_CID))
    grids: list[_Grid] = []
    # Without a single rule on the page there is no ruled table to find: skip the table finder.
    if objects.get("line") or objects.get("rect") or objects.get("curve"):
        for table in page.find_tables(TABLE_SETTINGS):
            grid = _grid(table)
            if grid is not None and len(grid.boxes) > 1:  # one framed box is a text frame, not a table
                grids.append(grid)
    text_chars = [c for c in chars if not _place(grids, c)] if grids else chars
    _lay_out(result, text_chars, grids, _horizontal_rules(page))
    return result


def _lay_out(result: _PageResult, text_chars: list[dict[str, Any]], grids: list[_Grid], rules: list[float]) -> None:
    """The page's items from the characters outside ruled tables: lines, and tables without vertical rules."""
    rows = char_rows(text_chars)
    # Tables without vertical rules are looked for in the text that no ruled table took.
    body = [i for i, row in enumerate(rows) if (ln := _line(row)) is not None
            and not _is_page_furniture(ln, result.height)]
    found, rejected = find_tables([physical_line(row, _segment_line_text) for row in rows], rules,
                                  _cell_join, first=body[0] if body else 0, last=body[-1] if body else None)
    taken = {i for table in found for i in table.lines}
    result.unread_tabular = sum(1 for run in rejected if _looks_tabular([rows[i] for i in run]))
    lines = [ln for i, row in enumerate(rows) if i not in taken and (ln := _line(row)) is not None
             and not _is_page_furniture(ln, result.height)]
    for line in lines:
        line.page = result.number
    tables = [_raw_table(g, result.number) for g in grids]
    tables += [_unruled_table(t, result.number) for t in found]
    items: list[_Line | _RawTable] = [*lines, *tables]
    items.sort(key=lambda it: it.top)
    result.items = items


def _read_scanned_page(result: _PageResult, boxes: list[Any]) -> _PageResult:
    """A page without a text layer, from its OCR boxes (as characters: the same line and table logic)."""
    from extractor.ocr import box_chars

    chars = box_chars(boxes)
    page = _PageResult(number=result.number, height=result.height, items=[], chars=len(chars), images=result.images,
                       width=result.width)
    _lay_out(page, chars, [], [])
    return page


def _horizontal_rules(page: Any) -> list[float]:
    """The y positions of horizontal rules (line objects and hairline rectangles) on the page."""
    objects = page.objects
    ys = [(o["top"] + o["bottom"]) / 2 for o in objects.get("line", []) if abs(o["top"] - o["bottom"]) < 1.5
          and abs(o["x1"] - o["x0"]) > 20]
    ys += [(o["top"] + o["bottom"]) / 2 for o in objects.get("rect", []) if o["height"] < 1.5 and o["width"] > 20]
    return sorted(ys)


def _segment_line_text(chars: list[dict[str, Any]]) -> str:
    line = _line(chars)
    return line.text if line is not None else ""


def _cell_join(pieces: list[str]) -> str:
    return squeeze_cjk(join_wrapped(pieces))


def _looks_tabular(rows: list[list[dict[str, Any]]]) -> bool:
    """Three or more lines of three or more column-separated pieces, with figures among them."""
    lines = [physical_line(row, _segment_line_text) for row in rows]
    wide = [ln for ln in lines if len(ln.segments) >= 3]
    figures = sum(1 for ln in wide for s in ln.segments if parse_cell(s.text) is not None)
    return len(wide) >= 3 and figures >= 2


def _unruled_table(found: Candidate, page: int) -> _RawTable:
    return _RawTable(spans=spans_from_rows(found.rows), n_rows=len(found.rows), n_cols=len(found.rows[0]),
                     x_edges=found.x_edges, top=found.top, bottom=found.bottom, pages=[page], rows=found.rows)


def _is_page_furniture(line: _Line, height: float) -> bool:
    in_margin = line.bottom < height * MARGIN_ZONE or line.top > height * (1 - MARGIN_ZONE)
    return in_margin and bool(_PAGE_NUMBER.match(line.text))


def _raw_table(grid: _Grid, page: int) -> _RawTable:
    spans = [Span(r, c, _cell_text(chars), rs, cs)
             for (r, c, rs, cs), chars in zip(grid.boxes, grid.chars, strict=True)]
    return _RawTable(spans=spans, n_rows=len(grid.y_edges) - 1, n_cols=len(grid.x_edges) - 1,
                     x_edges=grid.x_edges, top=grid.bbox[1], bottom=grid.bbox[3], pages=[page])


# --- pages → blocks -----------------------------------------------------------------------------


@dataclass
class _Assembler:
    """Turns page items into blocks, carrying paragraphs and tables over page breaks."""

    blocks: list[Paragraph | _RawTable] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)  # the paragraph being gathered
    # Page size → the text block of the pages of that size so far. Margins are measured per page size: a
    # landscape page's wide table notes say nothing about where the lines of a portrait page end.
    text_blocks: dict[tuple[int, int], _TextBlock] = field(default_factory=dict)
    page_blocks: dict[int, _TextBlock] = field(default_factory=dict)  # page number → its size's block
    tail: _Line | _RawTable | None = None  # the last item of the previous page

    def add_page(self, result: _PageResult) -> None:
        lines = [it for it in result.items if isinstance(it, _Line)]
        size = (round(result.width), round(result.height))
        if lines:
            self.text_blocks[size] = _TextBlock.of(lines, self.text_blocks.get(size))
        if size in self.text_blocks:
            self.page_blocks[result.number] = self.text_blocks[size]
        pitch = _paragraph_pitch(lines)
        prev: _Line | _RawTable | None = self.tail
        items = list(result.items)
        if items and isinstance(items[0], _Line) and _CONTINUED.match(items[0].text) and len(items) > 1 \
                and isinstance(items[1], _RawTable) and isinstance(self.tail, _RawTable):
            items.pop(0)  # "续表" above a continued table
        for i, item in enumerate(items):
            if isinstance(item, _RawTable):
                if i == 0 and isinstance(self.tail, _RawTable) and _continues(self.tail, item):
                    _stitch(self.tail, item)
                    item = self.tail
                else:
                    self._table(item)
            else:
                self._line(item, prev, pitch, result.number)
            prev = item
        self.tail = prev if items else self.tail

    def _line(self, line: _Line, prev: _Line | _RawTable | None, pitch: float | None, page: int) -> None:
        toc = CONTENTS_LINE.match(line.text)
        if toc:
            self.flush()
            title = squeeze_cjk(toc["title"]).strip()
            self.blocks.append(make_paragraph(title, Location(page=page), kind="toc"))
            return
        if not self.lines or not isinstance(prev, _Line) or self._starts_paragraph(prev, line, pitch):
            self.flush()
        self.lines.append(line)

    def _starts_paragraph(self, prev: _Line, line: _Line, pitch: float | None) -> bool:
        """Whether `line` begins a new paragraph rather than continuing `prev`, judged by the layout of
        their pages: a line continues only when the one before it ran to the right edge of its page's
        text, the gap between them is the page's usual line pitch, and nothing marks a new start
        (a heading or list number, a first-line indent, another font size)."""
        if heading_level(line.text) is not None or prev.text.endswith(_SENTENCE_ENDS) or CONTENTS_LINE.match(prev.text):
            return True
        # A line that stopped with room to spare was ended by the writer, not by the margin. This also
        # covers a heading or a clause ending in ；/： that happens to fill its line: then it is wrapped.
        if self._ended_early(prev, line):
            return True
        size = max(line.size, prev.size)
        block = self.page_blocks.get(line.page)
        if block is not None and line.x0 - block.left >= 1.5 * size:
            return True  # first-line indent, or a centred line
        if prev.size_measured and line.size_measured and abs(line.size - prev.size) > 0.1 * size:
            return True  # a heading in its own size, or a note in a smaller one
        if prev.page != line.page:
            return False  # carried over a page break
        # Farther apart than the page's usual pitch; on a page of too few lines to show one, farther than
        # any line spacing in use.
        return line.top - prev.top > (pitch if pitch is not None else 3 * size)

    def _ended_early(self, prev: _Line, line: _Line) -> bool:
        """Whether the first word of `line` (and one character of slack) would have fit after `prev`,
        before the right edge of the text of `prev`'s own page (the next page may be laid out otherwise)."""
        block = self.page_blocks.get(prev.page)
        if block is None:
            return False
        token = _FIRST_TOKEN.match(line.text)
        word = token[0] if token else line.text[:1]
        width = sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in word) * line.size
        return prev.x1 + width + line.size <= block.right

    def _table(self, table: _RawTable) -> None:
        self._split_caption()
        self.flush()
        if self.blocks and isinstance(self.blocks[-1], Paragraph) and self.blocks[-1].kind == "paragraph" \
                and _UNIT_NOTE.match(self.blocks[-1].text):
            table.notes.append(self.blocks.pop().text)
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, Paragraph) and last.kind == "paragraph" and is_caption(last.text):
            table.caption = self.blocks.pop().text
        self.blocks.append(table)

    def _split_caption(self) -> None:
        """A caption or unit line right above a table is its own paragraph, whatever came before it."""
        tail: list[_Line] = []
        while len(self.lines) > 1 and len(tail) < 2 and _is_caption_line(self.lines[-1].text):
            tail.insert(0, self.lines.pop())
        if tail:
            self.flush()
            for line in tail:
                self.lines = [line]
                self.flush()

    def flush(self) -> None:
        if self.lines:
            text = join_wrapped([ln.text for ln in self.lines])
            self.blocks.append(make_paragraph(text, Location(page=self.lines[0].page)))
            self.lines = []

    def finish(self) -> list[Any]:
        self.flush()
        out: list[Any] = []
        for block in self.blocks:
            if isinstance(block, _RawTable):
                table = make_table(block.spans, Location(page=block.pages[0]), caption=block.caption,
                                   notes=block.notes, n_rows=block.n_rows, n_cols=block.n_cols)
                table.pages = tuple(block.pages)
                out.append(table)
            else:
                out.append(block)
        return out


def _is_caption_line(text: str) -> bool:
    return is_caption(text) or bool(_UNIT_NOTE.match(text))


def _paragraph_pitch(lines: list[_Line]) -> float | None:
    """A line-to-line distance above which a gap means a new paragraph: the page's usual pitch between
    consecutive lines of one font size, plus a third."""
    pitches = [b.top - a.top for a, b in pairwise(lines)
               if abs(a.size - b.size) <= 0.1 * max(a.size, b.size) and 0 < b.top - a.top < 3 * max(a.size, b.size)]
    if len(pitches) < 3:
        return None
    return statistics.median(pitches) * 1.35 + 1.0


# --- tables across a page break -----------------------------------------------------------------


def _continues(first: _RawTable, nxt: _RawTable) -> bool:
    a, b = first.x_edges, nxt.x_edges
    return len(a) == len(b) and all(abs(x - y) <= STITCH_TOLERANCE for x, y in zip(a, b, strict=True))


def _row_texts(table: _RawTable, row: int) -> list[str]:
    texts = [""] * table.n_cols
    for s in table.spans:
        if s.row <= row < s.row + s.rowspan:
            for c in range(s.col, min(s.col + s.colspan, table.n_cols)):
                texts[c] = regex.sub(r"\s+", "", s.text)
    return texts


def _stitch(first: _RawTable, nxt: _RawTable) -> None:
    """Append a continuation, dropping its repeated header rows and closing merges cut by the break."""
    skip = 0
    while skip < min(3, nxt.n_rows - 1, first.n_rows) and any(_row_texts(nxt, skip)) \
            and _row_texts(nxt, skip) == _row_texts(first, skip):
        skip += 1
    if first.rows is not None and nxt.rows is not None:
        # Without cell boxes, merges are read from the rows again, across the break as within a page.
        first.rows = first.rows + nxt.rows[skip:]
        first.spans = spans_from_rows(first.rows)
        first.n_rows = len(first.rows)
        first.bottom = nxt.bottom
        first.pages.extend(p for p in nxt.pages if p not in first.pages)
        return
    spans = [replace(s, row=s.row - skip) for s in nxt.spans if s.row >= skip]
    spans = _continue_merges(first, spans)
    offset = first.n_rows
    first.spans.extend(replace(s, row=s.row + offset) for s in spans)
    first.n_rows += nxt.n_rows - skip
    first.bottom = nxt.bottom
    first.pages.extend(p for p in nxt.pages if p not in first.pages)


def _continue_merges(first: _RawTable, spans: list[Span]) -> list[Span]:
    """Blank cells at the top of the new page that continue a label cell above the break join it.

    A blank merged cell (rowspan > 1) is a continued group label wherever it stands; a blank single
    cell only at the row's start, before any filled cell, as in the text reader.
    """
    last = first.n_rows - 1
    leading = True
    for head in sorted((s for s in spans if s.row == 0), key=lambda s: s.col):
        if head.text.strip():
            leading = False
            continue
        if not leading and head.rowspan == 1:
            continue
        above = next((s for s in first.spans if s.col == head.col and s.row <= last < s.row + s.rowspan), None)
        if above is None or above.colspan != head.colspan or not _is_label(above.text):
            leading = False
            continue
        first.spans[first.spans.index(above)] = replace(above, rowspan=above.rowspan + head.rowspan)
        spans.remove(head)
    return spans


def _is_label(text: str) -> bool:
    if not text.strip():
        return False
    figure = parse_cell(text)
    return figure is None or (figure.value is None and not figure.missing)


# --- the document -------------------------------------------------------------------------------


def read_pdf(path: Path | BinaryIO, password: str | None = None, name: str | None = None) -> Document:
    """Read a PDF report. Raises `InputError` for encrypted, corrupt or empty files.

    `path` may also be a binary stream (a file held in memory); `name` then labels it."""
    source = path
    path = Path(name or "<内存>") if hasattr(source, "read") else Path(path)
    doc = Document(path=str(path), format="pdf")
    pdf, pages = _open_pages(path, password, source)
    scans = _Scans(source, password)
    try:
        doc.pages = len(pages)
        assembler = _Assembler()
        stats: list[_PageResult] = []
        failed: list[int] = []
        for number, page in enumerate(pages, start=1):
            try:
                result = _read_page(page)
            except Exception:  # a damaged content stream spoils one page, not the report
                failed.append(number)
                continue
            finally:
                page.close()
            if result.chars == 0 and result.images and scans.enabled:  # never a page with a text layer
                result = _read_scanned_page(result, scans.read(number))
            assembler.add_page(result)
            stats.append(replace(result, items=[]))
        loops = getattr(getattr(pdf, "doc", None), "gouji_reference_loops", 0)
    finally:
        _close(pdf)
        scans.close()
    if failed and len(failed) == doc.pages:
        raise InputError("corrupt-pdf", f"PDF 文件已损坏，没有一页能读出：{path.name}")
    if failed:
        doc.warnings.append(f"第{_page_list(failed)}页无法解析（文件可能部分损坏），已跳过")
    doc.blocks = assembler.finish()
    if scans.boxes:
        from extractor.ocr import attach_confidence

        doc.ocr_pages = sorted(n for n, boxes in scans.boxes.items() if boxes)
        attach_confidence(doc, scans.boxes)
        if doc.ocr_pages:
            doc.warnings.append(f"第{_page_list(doc.ocr_pages)}页没有文字层，已用 OCR 识别；识别的文字可能有误，"
                                "依据这些页的发现均已注明")
    _judge_text_layer(doc, stats, ocr_tried=bool(scans.boxes))
    if doc.status == "ok" and not doc.blocks:  # glyphs, but only blanks and page numbers
        doc.status, doc.error = "error", "no-text-layer"
        doc.warnings.append("PDF 中读不出正文文字（可能是扫描件），需要先做 OCR 文字识别才能审核")
    if loops:
        _judge_reference_loops(doc, loops)
    return doc


class _Scans:
    """OCR of the pages without a text layer, when the OCR extra is installed: the PDF is opened once
    with pypdfium2 for rendering, on the first page that needs it."""

    def __init__(self, source: Path | BinaryIO, password: str | None):
        from extractor.ocr import available

        self.enabled = available() and os.environ.get("GOUJI_OCR", "1") != "0"
        self.source, self.password = source, password
        self.pdf: Any = None
        self.boxes: dict[int, list[Any]] = {}

    def read(self, number: int) -> list[Any]:
        from extractor import ocr

        if self.pdf is None:
            import pypdfium2 as pdfium

            data = self.source.getvalue() if hasattr(self.source, "getvalue") else (
                self.source.read() if hasattr(self.source, "read") else str(self.source))
            if hasattr(self.source, "seek"):
                self.source.seek(0)
            self.pdf = pdfium.PdfDocument(data, password=self.password)
        image = self.pdf[number - 1].render(scale=ocr.DPI / 72).to_numpy()
        self.boxes[number] = ocr.recognise(image)
        return self.boxes[number]

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _judge_reference_loops(doc: Document, loops: int) -> None:
    """Objects that refer to themselves were read as missing: the file is damaged, and when that left
    no text, it is a corrupt PDF, not a scan that needs OCR."""
    note = f"PDF 中有 {loops} 处对象引用自身（循环引用，文件已损坏），这些内容无法读取"
    if doc.status == "error" and doc.error == "no-text-layer":
        doc.error = "corrupt-pdf"
        doc.warnings = [note + "，读不出任何正文"]
    else:
        doc.warnings.append(note)


MAX_STREAM = 64 * 1024 * 1024  # bytes one Flate stream may inflate to; a bomb is cut off here


def _bounded_decompress(data: bytes, *args: Any) -> bytes:
    """zlib.decompress for pdfminer, stopping at MAX_STREAM bytes (a Flate bomb then costs 64 MB)."""
    return zlib.decompressobj().decompress(data, MAX_STREAM)


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's salvage of a stream with a bad checksum, byte by byte as there, but linear and bounded:
    the original appends to a bytes object, which is quadratic in the output (hours for a few MB)."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    i = 0
    try:
        for i in range(len(data)):
            chunk = d.decompress(data[i:i + 1])
            out.append(chunk)
            size += len(chunk)
            if size >= MAX_STREAM:
                break
    except zlib.error:
        if i < len(data) - 3:  # as in pdfminer: only an error in the trailing checksum is forgiven
            raise
    return b"".join(out)[:MAX_STREAM]


MAX_REFERENCE_CHAIN = 32  # an indirect object naming another: real files have one or two links


def _resolve_guarded(ref: Any, default: object = None) -> Any:
    """`PDFObjRef.resolve`, following a chain of references to its end here, at most MAX_REFERENCE_CHAIN
    long. pdfminer's `resolve1` loops while the result is a reference, so an object that is a reference
    to itself (`4 0 obj 4 0 R`), as page contents, a font encoding or a stream length, made it loop
    forever; a cycle or an absurd chain now resolves to `default`, as a missing object does."""
    from pdfminer.pdftypes import PDFObjectNotFound, PDFObjRef

    seen: set[int] = set()
    value: Any = ref
    while isinstance(value, PDFObjRef):
        if value.doc is None:
            return default
        if value.objid in seen or len(seen) >= MAX_REFERENCE_CHAIN:
            value.doc.gouji_reference_loops = getattr(value.doc, "gouji_reference_loops", 0) + 1
            return default
        seen.add(value.objid)
        try:
            value = value.doc.getobj(value.objid)
        except PDFObjectNotFound:
            return default
    return value


def _harden_pdfminer() -> None:
    import pdfminer.pdftypes as pdftypes

    if pdftypes.PDFObjRef.resolve is not _resolve_guarded:
        pdftypes.PDFObjRef.resolve = _resolve_guarded
    if pdftypes.decompress_corrupted is not _decompress_corrupted:
        pdftypes.decompress_corrupted = _decompress_corrupted
        pdftypes.zlib = SimpleNamespace(decompress=_bounded_decompress, decompressobj=zlib.decompressobj,
                                        error=zlib.error)


def _open(path: Path, password: str | None, source: Path | BinaryIO | None = None) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    _harden_pdfminer()
    try:
        return pdfplumber.open(path if source is None or not hasattr(source, "read") else source,
                               password=password or "")
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            if password:
                raise InputError("encrypted", f"PDF 密码不正确：{path.name}") from None
            raise InputError("encrypted", f"PDF 已加密，请用 --password 提供打开密码：{path.name}") from None
        if isinstance(cause, PDFEncryptionError):
            raise InputError("encrypted", f"PDF 使用了无法解开的加密方式：{path.name}") from None
        raise InputError("corrupt-pdf", f"PDF 文件已损坏或不完整，无法读取：{path.name}") from None
    except FileNotFoundError:
        raise InputError("not-found", f"找不到文件：{path}") from None
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件：{path}（{exc.strerror}）") from None
    except Exception:
        raise InputError("corrupt-pdf", f"PDF 文件已损坏或不完整，无法读取：{path.name}") from None


def _open_pages(path: Path, password: str | None, source: Path | BinaryIO) -> tuple[Any, list[Any]]:
    """The open PDF and its pages. When the cross-reference table leads nowhere (wrong offsets, a
    truncated file), the objects are found again by scanning the file, as pdfminer does for a missing one."""
    pdf = _open(path, password, source)
    pages = _pages(pdf)
    if pages:
        return pdf, pages
    _close(pdf)
    rescued = _without_xref(source)
    if rescued is not None:
        pdf = _open(path, password, rescued)
        again = _pages(pdf)
        if again:
            return pdf, again
        _close(pdf)
        pages = pages if again is None else again
    if pages is None:
        raise InputError("corrupt-pdf", f"PDF 文件已损坏，读不出页面：{path.name}")
    raise InputError("no-pages", f"PDF 文件没有任何页面：{path.name}")


def _pages(pdf: Any) -> list[Any] | None:
    """The pages, or None when the page tree cannot be read at all."""
    try:
        return list(pdf.pages)
    except Exception:
        return None


def _close(pdf: Any) -> None:
    """Close a PDF whose page tree may be broken: pdfplumber's close() walks the pages again."""
    try:
        pdf.close()
    except Exception:
        stream = getattr(pdf, "stream", None)
        if stream is not None and getattr(pdf, "stream_is_external", False) is False:
            stream.close()


def _without_xref(source: Path | BinaryIO) -> io.BytesIO | None:
    """The file with its startxref pointer blanked, so that pdfminer rebuilds the table by scanning."""
    try:
        if hasattr(source, "read"):
            source.seek(0)
            data = source.read()
        else:
            data = Path(source).read_bytes()
    except (OSError, ValueError):
        return None
    at = data.rfind(b"startxref")
    if at < 0:
        return None
    end = at + len(b"startxref")
    while end < len(data) and data[end:end + 1] in b" \t\r\n0123456789":
        end += 1
    return io.BytesIO(data[:at] + b"startxref\n" + b" " * (end - at - 10) + data[end:])


def _page_list(numbers: list[int]) -> str:
    shown = "、".join(str(n) for n in numbers[:10])
    return shown + ("等" if len(numbers) > 10 else "")


def _judge_text_layer(doc: Document, stats: list[_PageResult], ocr_tried: bool = False) -> None:
    """Scans and fonts without a Unicode map cannot be audited: say so instead of auditing nothing."""
    from extractor.ocr import INSTALL_HINT

    total = sum(s.chars for s in stats)
    undecodable = sum(s.undecodable for s in stats)
    if total == 0:
        doc.status, doc.error = "error", "no-text-layer"
        doc.warnings.append("PDF 没有文字层（可能是扫描件），OCR 也未识别出文字" if ocr_tried
                            else f"PDF 没有文字层（可能是扫描件），需要先做 OCR 文字识别才能审核。{INSTALL_HINT}")
        return
    if undecodable > 0.5 * total:
        doc.status, doc.error = "error", "undecodable-glyphs"
        doc.warnings.append("PDF 的字体缺少字符映射，大部分文字显示为 (cid:NNN) 无法解码，需要 OCR 文字识别")
        return
    garbled = [s.number for s in stats if s.undecodable and s.undecodable >= min(20, 0.1 * s.chars)]
    if garbled:
        doc.warnings.append(f"第{_page_list(garbled)}页有无法解码的字形 (cid:NNN)，这些页的文字可能不完整")
    unread = [s.number for s in stats if s.unread_tabular]
    if unread:
        doc.warnings.append(f"第{_page_list(unread)}页有按列排列的文字，未能识别为表格，其中的数字未逐项核对")
    blank = [s.number for s in stats if s.chars == 0 and s.images]
    if blank:
        doc.warnings.append(f"第{_page_list(blank)}页只有图片没有文字层（可能是扫描页），需要 OCR 才能审核"
                            + ("" if ocr_tried else f"。{INSTALL_HINT}"))
