"""A marked-up copy of a PDF report: a highlight on each finding's figure, with the finding as its note.

The figure is found again among pdfplumber's character boxes, page by page, split as the PDF reader
splits them (extractor.pdf: the same de-duplication, the same ruled tables, the same cells): a table
cell is the ruled cell whose text, column and row neighbours match the audited cell; a paragraph's
figure is found by its surrounding text. Whitespace is ignored when matching, since the reader adds
and removes it between glyphs. The copy is written with pypdf: /Highlight annotations with
/QuadPoints (one quadrilateral per line the figure occupies), /Contents and a /Popup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from extractor import pdf as reader
from model.document import Document, Location, Table
from model.findings import AuditResult, Finding
from writers.annotate_docx import Placed
from writers.notes import figure_span, located_text, notes

AUTHOR = "gouji"
COLORS = {"error": "ff6f61", "warning": "ffd23f", "info": "8ecae6"}
CONTEXT = (24, 12, 6, 3, 0)  # characters of surrounding text tried on each side, longest first
_SPACE = regex.compile(r"\s")

Char = dict[str, Any]


@dataclass
class _Page:
    number: int
    height: float
    text: list[Char]  # running text, line by line, in reading order
    cells: list[tuple[int, list[str], list[Char], int, int]]  # (grid id, row texts, chars, row, col)


@dataclass
class _Pages:
    pdf: Any
    cache: dict[int, _Page] = field(default_factory=dict)

    def get(self, number: int) -> _Page | None:
        if not 1 <= number <= len(self.pdf.pages):
            return None
        if number not in self.cache:
            self.cache[number] = _read(self.pdf.pages[number - 1])
        return self.cache[number]


def _read(page: Any) -> _Page:
    """The page's characters split as extractor.pdf._read_page splits them."""
    chars = reader.dedupe_chars(page.chars)
    grids = []
    objects = page.objects
    if objects.get("line") or objects.get("rect") or objects.get("curve"):
        for table in page.find_tables(reader.TABLE_SETTINGS):
            grid = reader._grid(table)
            if grid is not None and len(grid.boxes) > 1:
                grids.append(grid)
    text = [c for c in chars if not reader._place(grids, c)] if grids else chars
    cells = []
    for g, grid in enumerate(grids):
        texts = [_squeeze(reader._cell_text(cs)) for cs in grid.chars]
        for (row, col, _, _), cs, own in zip(grid.boxes, grid.chars, texts, strict=True):
            neighbours = [t for (r, _, _, _), t in zip(grid.boxes, texts, strict=True) if r == row and t != own]
            cells.append((g, [own, *neighbours], _in_lines(cs), row, col))
    result = _Page(page.page_number, float(page.height), _in_lines(text), cells)
    page.close()
    return result


def _in_lines(chars: list[Char]) -> list[Char]:
    """Characters in reading order, grouped into lines exactly as the PDF reader groups them."""
    from extractor.pdf import char_rows

    return [c for row in char_rows(chars) for c in row if not _SPACE.match(c["text"])]


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _squeezed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets in `text` → offsets in `text` without whitespace."""
    return len(_squeeze(text[:start])), len(_squeeze(text[:end]))


def _find(stream: list[Char], text: str, start: int, end: int) -> list[Char] | None:
    """The characters of text[start:end] in `stream`, matched with as much surrounding text as fits."""
    joined = "".join(c["text"] for c in stream)
    s, e = _squeezed_span(text, start, end)
    squeezed = _squeeze(text)
    for width in (len(squeezed), *CONTEXT):
        left = max(0, s - width)
        needle = squeezed[left:min(len(squeezed), e + width)]
        if not needle:
            continue
        at = joined.find(needle)
        if at >= 0 and (width == 0 or joined.find(needle, at + 1) < 0 or width == len(squeezed)):
            first = at + (s - left)
            return stream[first:first + (e - s)]
    return None


def _cell_chars(pages: _Pages, table: Table, loc: Location, text: str) -> list[Char] | None:
    """The characters of the ruled cell that holds the audited cell: same text, column and row neighbours."""
    row_texts = {_squeeze(c.text) for c in table.row_cells(loc.row) if c.text.strip()} if loc.row is not None else set()
    best, best_score = None, -1
    for number in table.pages or (loc.page,):
        page = pages.get(number) if number is not None else None
        if page is None:
            continue
        for _, texts, chars, _, col in page.cells:
            if texts[0] != _squeeze(text):
                continue
            score = 2 * (col == loc.col) + len(row_texts & set(texts[1:]))
            if score > best_score:
                best, best_score = chars, score
    return best


def locate(pages: _Pages, doc: Document, f: Finding) -> tuple[int, list[Char]] | None:
    """(page number, characters to highlight): the figure's, or the whole cell or paragraph's when the
    figure cannot be told apart (a finding without a stated figure)."""
    loc = f.location
    block = doc.blocks[loc.block] if loc.block is not None and 0 <= loc.block < len(doc.blocks) else None
    text = located_text(doc, loc)
    if block is None or text is None:
        return None
    span = figure_span(text, f) or (0, len(text))
    if isinstance(block, Table):
        stream = _cell_chars(pages, block, loc, text)
        chars = _find(stream, text, *span) if stream else None
    else:
        chars = None
        for number in (loc.page, (loc.page or 0) + 1):
            page = pages.get(number) if number else None
            previous = pages.get(number - 1) if number else None
            # a paragraph may begin at the foot of the page before the figure's
            stream = (previous.text if previous and number != loc.page else []) + (page.text if page else [])
            if stream and (chars := _find(stream, text, *span)):
                break
    if not chars:
        return None
    return int(chars[0]["page_number"]), chars


def quads(chars: list[Char], height: float) -> tuple[list[float], tuple[float, float, float, float]]:
    """QuadPoints (one quadrilateral per line of the figure) and the rectangle around them, in PDF space."""
    lines: list[list[Char]] = []
    for ch in chars:
        if lines and abs(ch["top"] - lines[-1][-1]["top"]) < 0.5 * max(ch["size"], 1.0) \
                and ch["page_number"] == lines[-1][-1]["page_number"]:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    points: list[float] = []
    for line in lines:
        x0, x1 = min(c["x0"] for c in line), max(c["x1"] for c in line)
        y1, y0 = height - min(c["top"] for c in line), height - max(c["bottom"] for c in line)
        points += [x0, y1, x1, y1, x0, y0, x1, y0]
    xs, ys = points[0::2], points[1::2]
    return points, (min(xs), min(ys), max(xs), max(ys))


def annotate_pdf(source: str | Path, target: str | Path, result: AuditResult, lang: str = "zh",
                 password: str | None = None) -> Placed:
    """Write a copy of `source` with one highlight (and note) per finding; says where each went."""
    import pdfplumber
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight, Popup, Text
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    doc = result.document
    placed = Placed()
    writer = PdfWriter(clone_from=PdfReader(str(source), password=password))
    remove_own_marks(writer)
    with pdfplumber.open(str(source), password=password or "") as pdf:
        pages = _Pages(pdf)
        for fid, f, note in notes(result, lang):
            found = locate(pages, doc, f) if doc is not None else None
            color = COLORS.get(f.severity, "ffd23f")
            if found is None:
                number = f.location.page or 1
                if not 1 <= number <= len(writer.pages):
                    placed.missing.append(fid)
                    continue
                top = float(writer.pages[number - 1].mediabox.top)
                writer.add_annotation(number - 1, Text(rect=(10, top - 40, 30, top - 20), text=note,
                                                       title_bar=AUTHOR))
                placed.missing.append(fid)
                continue
            number, chars = found
            box = writer.pages[number - 1].mediabox
            points, rect = quads(chars, pdf.pages[number - 1].height)
            points = [p + (float(box.left) if i % 2 == 0 else float(box.bottom)) for i, p in enumerate(points)]
            rect = (rect[0] + float(box.left), rect[1] + float(box.bottom),
                    rect[2] + float(box.left), rect[3] + float(box.bottom))
            mark = Highlight(rect=rect, quad_points=ArrayObject(FloatObject(round(p, 3)) for p in points),
                             highlight_color=color, printing=True, title_bar=AUTHOR)
            mark[NameObject("/Contents")] = _text(note)
            mark[NameObject("/Subj")] = _text(f"{fid} {f.rule}")
            added = writer.add_annotation(number - 1, mark)
            popup = Popup(rect=(rect[2] + 4, rect[3] - 120, rect[2] + 244, rect[3]), parent=added)
            added[NameObject("/Popup")] = writer.add_annotation(number - 1, popup).indirect_reference
            (placed.on_figure if f.stated_text and figure_span(located_text(doc, f.location) or "", f)
             else placed.on_block).append(fid)
    with open(target, "wb") as fh:
        writer.write(fh)
    return placed


def remove_own_marks(writer) -> int:
    """Take out the highlights, notes and pop-ups an earlier run of gouji added (title "gouji"), so that
    marking up a marked-up copy replaces them instead of doubling them. Returns how many were removed."""
    from pypdf.generic import ArrayObject, NameObject

    removed = 0
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        annots = annots.get_object()
        kept = ArrayObject()
        for ref in annots:
            annot = ref.get_object()
            parent = annot.get("/Parent")
            owner = parent.get_object() if annot.get("/Subtype") == "/Popup" and parent is not None else annot
            if owner.get("/T") == AUTHOR:
                removed += 1
            else:
                kept.append(ref)
        if len(kept) != len(annots):
            page[NameObject("/Annots")] = kept
    return removed


def _text(value: str):
    from pypdf.generic import TextStringObject

    return TextStringObject(value)

