"""Excel workbooks (.xlsx by openpyxl, .xls by xlrd) → Document.

Each visible sheet gives its tables: the sheet's cells are cut into tables at fully blank rows, blank
columns are dropped, and merged ranges become merged cells. Leading rows holding only a title or a
"单位：万元" note become the table's caption and unit, as a paragraph before a table does in the other
readers; other one-cell rows stay paragraphs.

A cell's text is what Excel prints: its cached value (a formula's last calculated result) rendered with
the cell's number format (`extractor.numfmt`), so 0.9536 in a "0.00%" cell is the figure 95.36%. Each
cell also keeps, in `Cell.sheet`, its address, its stored number at full precision, its formula and its
number format, for rules that recompute formulas (checks/spreadsheet.py).

Hidden sheets are not printed and are skipped, with a warning. openpyxl reads XML with the standard
library's expat (which expands no external entities and limits internal expansion) and lxml; the
package is checked first for encryption, zip bombs and DTDs (extractor/ooxml.py).
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import regex
from openpyxl.utils import column_index_from_string, get_column_letter

from extractor.errors import InputError
from extractor.layout import make_paragraph, make_table
from extractor.numbers import caption_unit
from extractor.numfmt import format_value, to_decimal
from extractor.ooxml import check_package
from extractor.text import is_caption, take_caption, take_unit_note
from model.document import Document, Location, SheetCell, Span

MAX_UNPACKED = 256 * 1024 * 1024  # bytes of XML; openpyxl holds every cell in memory
MAX_CELLS = 2_000_000  # non-empty cells in a workbook
MAX_TABLE = 4_000_000  # grid positions (rows × columns) in one table
MAX_BYTES = 64 * 1024 * 1024  # an .xls file
_DEFAULT_TITLES = ("sheet", "工作表", "页")


class XlsUnreadable(Exception):
    """xlrd could not read an .xls (or .et) file; LibreOffice may."""


@dataclass
class RawCell:
    value: object  # number, str, bool, datetime or None, as the workbook stores (or caches) it
    number_format: str = "General"
    formula: str | None = None


@dataclass
class Sheet:
    """A sheet as both readers see it: cells by 1-based (row, column), merged ranges, visibility."""

    title: str
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    hidden: bool = False


# --- opening the workbooks ----------------------------------------------------------------------


def read_xlsx(path: Path | BinaryIO, name: str | None = None) -> Document:
    """Read an .xlsx workbook. Raises `InputError` for anything that is not a readable workbook."""
    stream = path if hasattr(path, "read") else None
    label = Path(name or "<内存>") if stream is not None else Path(path)
    check_package(label, stream, "xl/workbook.xml", "Excel 工作簿", ("not-xlsx", "corrupt-xlsx"), MAX_UNPACKED,
                  scan_dtd=True)
    _check_merges(stream if stream is not None else label, label)
    sheets = _openpyxl_sheets(stream if stream is not None else label, label)
    return sheets_document(sheets, str(label), "xlsx")


_MERGE_REF = regex.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"
                           rb"(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?")
MAX_MERGED = 2_000_000  # cells all merged ranges of a workbook may cover


def _check_merges(source, label: Path) -> None:
    """openpyxl creates an object for every cell a merged range covers: a range over the whole sheet is
    17 billion of them. Count what the ranges cover before openpyxl sees them."""
    if hasattr(source, "seek"):
        source.seek(0)
    covered = 0
    try:
        with zipfile.ZipFile(source) as zf:
            for info in zf.infolist():
                if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
                    continue
                tail = b""
                with zf.open(info) as fh:
                    while chunk := fh.read(1 << 20):
                        window = tail + chunk
                        cut = max(window.rfind(b"<"), 0)  # a tag cut by the chunk boundary is read next time
                        covered += sum(_area(m) for m in _MERGE_REF.finditer(window, 0, cut))
                        tail = window[cut:]
                    covered += sum(_area(m) for m in _MERGE_REF.finditer(tail))
                if covered > MAX_MERGED:
                    raise InputError("too-large", f"Excel 工作簿的合并单元格覆盖超过 {MAX_MERGED} 个单元格"
                                                  f"（范围异常），已拒绝读取：{label.name}")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise InputError("corrupt-xlsx", f"Excel 工作簿已损坏或不完整：{label.name}") from None


def _area(m: regex.Match) -> int:
    if m.group(3) is None:
        return 1
    rows = abs(int(m.group(4)) - int(m.group(2))) + 1
    first, last = (column_index_from_string(m.group(g).decode().upper()) for g in (1, 3))
    cols = abs(last - first) + 1
    return rows * cols


def _load(source, data_only: bool, label: Path):
    import openpyxl

    if hasattr(source, "seek"):
        source.seek(0)
    try:
        return openpyxl.load_workbook(source, data_only=data_only, keep_links=False, keep_vba=False)
    except InputError:
        raise
    except Exception:  # openpyxl raises a dozen exception types on a damaged package; all mean "damaged"
        raise InputError("corrupt-xlsx", f"Excel 工作簿已损坏，无法读取：{label.name}") from None


def _openpyxl_sheets(source, label: Path) -> list[Sheet]:
    values = _load(source, True, label)
    formulas = _load(source, False, label)
    sheets: list[Sheet] = []
    total = 0
    for ws in values.worksheets:
        sheet = Sheet(title=ws.title, hidden=ws.sheet_state != "visible")
        wf = formulas[ws.title] if ws.title in formulas.sheetnames else None
        # ws._cells holds only the cells the file has; iterating max_row × max_column would create every
        # cell of a range a stray format stretched to a million rows.
        for (r, c), cell in ws._cells.items():
            raw = _formula_of(wf, r, c)
            if cell.value is None and raw is None:
                continue
            total += 1
            if total > MAX_CELLS:
                raise InputError("too-large", f"Excel 工作簿的单元格超过 {MAX_CELLS} 个，已拒绝读取：{label.name}")
            sheet.cells[(r, c)] = RawCell(cell.value, cell.number_format or "General", raw)
        sheet.merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        sheets.append(sheet)
    return sheets


def _formula_of(ws, r: int, c: int) -> str | None:
    if ws is None:
        return None
    cell = ws._cells.get((r, c))
    value = getattr(cell, "value", None)
    if isinstance(value, str) and value.startswith("="):
        return value
    text = getattr(value, "text", None)  # array formulas (ArrayFormula) keep their text here
    return text if isinstance(text, str) and text.startswith("=") else None


def read_xls(data: bytes, name: str = "<xls>") -> Document:
    """Read a legacy .xls workbook with xlrd (values, number formats and merged cells; xlrd reads no
    formula text). Raises `XlsUnreadable` when xlrd cannot read it."""
    if len(data) > MAX_BYTES:
        raise InputError("too-large", f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），已拒绝读取：{Path(name).name}")
    try:
        import xlrd
    except ImportError:
        raise XlsUnreadable() from None
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
        sheets = [_xlrd_sheet(book, sh) for sh in book.sheets()]
    except Exception:  # xlrd raises XLRDError, struct.error, IndexError … on what it cannot read
        raise XlsUnreadable() from None
    return sheets_document(sheets, name, "xls")


def _xlrd_sheet(book, sh) -> Sheet:
    import xlrd

    sheet = Sheet(title=sh.name, hidden=sh.visibility != 0)
    total = 0
    for r in range(sh.nrows):
        for c in range(sh.ncols):
            cell = sh.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            total += 1
            if total > MAX_CELLS:
                raise InputError("too-large", f"Excel 工作簿的单元格超过 {MAX_CELLS} 个，已拒绝读取")
            value = cell.value
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(value, "#ERR")
            fmt = "General"
            xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
            if xf is not None and xf.format_key in book.format_map:
                fmt = book.format_map[xf.format_key].format_str or "General"
            sheet.cells[(r + 1, c + 1)] = RawCell(value, fmt)
    sheet.merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells]
    return sheet


# --- sheets → blocks ----------------------------------------------------------------------------


def sheets_document(sheets: list[Sheet], name: str, fmt: str) -> Document:
    doc = Document(path=name, format=fmt)
    hidden = [s.title for s in sheets if s.hidden]
    uncalculated = 0
    for sheet in sheets:
        if sheet.hidden:
            continue
        uncalculated += sum(1 for c in sheet.cells.values() if c.formula and c.value is None)
        _add_sheet(sheet, doc)
    if hidden:
        doc.warnings.append(f"已跳过隐藏的工作表：{'、'.join(hidden)}")
    if uncalculated:
        doc.warnings.append(f"{uncalculated} 个公式单元格没有缓存的计算结果（文件保存前未经 Excel 计算），按空白读取")
    if not doc.blocks:
        doc.status, doc.error = "error", "empty"
        doc.warnings.append("工作簿中没有任何内容")
    from extractor import number_tables

    return number_tables(doc)


@dataclass(frozen=True)
class _Merge:
    min_row: int
    min_col: int
    max_row: int
    max_col: int


def _add_sheet(sheet: Sheet, doc: Document) -> None:
    texts = {pos: format_value(c.value, c.number_format).strip() for pos, c in sheet.cells.items()}
    filled = {pos for pos, t in texts.items() if t}
    if not filled:
        return
    max_row = max(r for r, _ in filled)
    max_col = max(c for _, c in filled)
    merges = [_Merge(a, b, min(c, max_row), min(d, max_col)) for a, b, c, d in sheet.merges
              if (a, b) in filled and a <= max_row and b <= max_col]
    occupied_rows = {r for r, _ in filled}
    for m in merges:
        occupied_rows.update(range(m.min_row, m.max_row + 1))
    for rows in _runs(sorted(occupied_rows)):
        _add_part(sheet, doc, rows, texts, filled, merges)


def _runs(rows: list[int]) -> list[list[int]]:
    """Consecutive row numbers, split where a fully blank row lies between them."""
    out: list[list[int]] = []
    for r in rows:
        if out and r == out[-1][-1] + 1:
            out[-1].append(r)
        else:
            out.append([r])
    return out


def _add_part(sheet: Sheet, doc: Document, rows: list[int], texts: dict, filled: set, merges: list[_Merge]) -> None:
    first, last = rows[0], rows[-1]
    part_merges = [m for m in merges if first <= m.min_row <= last]
    # Leading rows that only name the table (a title, a unit note) are the paragraphs before it.
    while rows and _is_prose_row(rows[0], texts, filled):
        _add_paragraph(doc, texts, filled, rows.pop(0))
    trailing: list[int] = []
    while len(rows) > 1 and _is_note_row(rows[-1], texts, filled, part_merges):
        trailing.insert(0, rows.pop())
    if len(rows) == 1 and len([p for p in filled if p[0] == rows[0]]) <= 1:
        trailing.insert(0, rows.pop())
    if rows:
        _add_grid(sheet, doc, rows, texts, filled, part_merges)
    for r in trailing:
        _add_paragraph(doc, texts, filled, r)


def _row_cells(row: int, filled: set) -> list[tuple[int, int]]:
    return sorted(p for p in filled if p[0] == row)


def _is_note_row(row: int, texts: dict, filled: set, merges: list[_Merge]) -> bool:
    """A last row with one cell that is a note under the table (merged across, or a sentence), not a
    data row whose figures are blank."""
    cells = _row_cells(row, filled)
    if len(cells) != 1:
        return False
    wide = any(m.min_row == row and m.min_col == cells[0][1] and m.max_col > m.min_col for m in merges)
    return wide or len(texts[cells[0]]) >= 12


def _is_prose_row(row: int, texts: dict, filled: set) -> bool:
    cells = _row_cells(row, filled)
    if len(cells) == 1:
        return True
    return bool(cells) and all(is_caption(texts[p]) or caption_unit(texts[p]) for p in cells)


def _add_paragraph(doc: Document, texts: dict, filled: set, row: int) -> None:
    text = "  ".join(texts[p] for p in _row_cells(row, filled))
    if text:
        doc.blocks.append(make_paragraph(text, Location(block=len(doc.blocks))))


def _add_grid(sheet: Sheet, doc: Document, rows: list[int], texts: dict, filled: set,
              merges: list[_Merge]) -> None:
    row_set = set(rows)
    live = [m for m in merges if m.min_row in row_set]
    cols = sorted({c for r, c in filled if r in row_set} | {c for m in live for c in range(m.min_col, m.max_col + 1)})
    if len(rows) * len(cols) > MAX_TABLE:
        raise InputError("too-large", f"工作表“{sheet.title}”中的表格过大（超过 {MAX_TABLE} 个单元格），已拒绝读取")
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(cols)}
    covered: set[tuple[int, int]] = set()
    spans: list[Span] = []
    for m in live:
        r0, c0 = row_at[m.min_row], col_at[m.min_col]
        rowspan = sum(1 for r in range(m.min_row, m.max_row + 1) if r in row_at)
        colspan = sum(1 for c in range(m.min_col, m.max_col + 1) if c in col_at)
        spans.append(_span(sheet, (m.min_row, m.min_col), r0, c0, texts, rowspan, colspan))
        covered.update((r, c) for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1))
    for r in rows:
        for c in cols:
            if (r, c) not in covered:
                spans.append(_span(sheet, (r, c), row_at[r], col_at[c], texts))
    notes = take_unit_note(doc)
    caption = take_caption(doc)
    if caption:
        notes += take_unit_note(doc)
    elif is_caption(sheet.title) and not sheet.title.lower().startswith(_DEFAULT_TITLES):
        caption = sheet.title
    doc.blocks.append(make_table(spans, Location(block=len(doc.blocks)), caption=caption, notes=notes,
                                 n_rows=len(rows), n_cols=len(cols)))


def _span(sheet: Sheet, pos: tuple[int, int], r: int, c: int, texts: dict, rowspan: int = 1,
          colspan: int = 1) -> Span:
    raw = sheet.cells.get(pos)
    value = raw.value if raw is not None else None
    number = to_decimal(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    info = SheetCell(sheet=sheet.title, address=f"{get_column_letter(pos[1])}{pos[0]}", value=number,
                     formula=raw.formula if raw is not None else None,
                     number_format=raw.number_format if raw is not None else "General")
    return Span(r, c, texts.get(pos, ""), rowspan, colspan, sheet=info)
