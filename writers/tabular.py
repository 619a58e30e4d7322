"""CSV and XLSX: one row per finding, with the fields of `writers.rows.FLAT_FIELDS`.

CSV is for spreadsheets and scripts alike: the header and the severities follow `--lang` (in English
they are the stable field names and codes of the JSON output), Decimals are exact digits, and the
file is UTF-8 with a byte-order mark so that Excel shows Chinese correctly.
XLSX is for people: localised headers and severities, an autofilter, a frozen header row, a fill per
severity, a second sheet with one row per document, and (when the result carries its `Document`) one
sheet per extracted table that has findings, its flagged cells filled by severity with the finding as a
cell comment. Text that starts like a formula ("=HYPERLINK(…)" as a file name) is written as text
(writers.files).
"""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.document import Table
from model.findings import AuditResult, Finding
from writers.common import (
    SEVERITIES,
    Reporter,
    cell_word,
    column_header,
    counts,
    coverage_ratio,
    document_status,
    error_text,
    label,
    number_text,
    status_note,
    status_word,
)
from writers.files import csv_text, keep_text
from writers.rows import FLAT_FIELDS, document_rows, numbered

FILLS = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
HEADER_FILL = "D9D9D9"
WRAPPED = {"message", "evidence", "title", "related", "error_message", "warnings"}
MAX_WIDTH = 60


class CsvReporter(Reporter):
    def start(self, out) -> None:
        super().start(out)
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")
        self.writer.writerow([column_header(k, self.lang) for k in FLAT_FIELDS])

    def handle(self, result: AuditResult) -> None:
        for row in document_rows(result, self.lang):
            self.writer.writerow([csv_text(csv_value(cell_word(k, row[k], self.lang))) for k in FLAT_FIELDS])

    def stop(self) -> None:
        data = self.buffer.getvalue().encode("utf-8-sig")
        if self.out is not None:
            Path(self.out).write_bytes(data)
            return
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:  # a text-only stream (some test runners): the BOM as a character
            sys.stdout.write(data.decode("utf-8"))


def csv_value(value: object) -> object:
    if isinstance(value, Decimal):
        return number_text(value) or ""
    return "" if value is None else value


def number_format(value: Decimal) -> str:
    places = max(-value.as_tuple().exponent, 0) if value.is_finite() else 0
    return "#,##0" + ("." + "0" * places if places else "")


def text_width(value: object) -> int:
    """Display width in Excel's character units: CJK characters count twice."""
    text = number_text(value) if isinstance(value, Decimal) else "" if value is None else str(value)
    return max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in (text or "").splitlines()),
               default=0)


def fill_sheet(ws: Worksheet, keys: list[str], rows: list[dict], lang: str, severity_of=None) -> None:
    """Header, rows, autofilter, frozen header, widths, and (with `severity_of`) a fill per severity."""
    ws.append([label(k, lang) for k in keys])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    for row in rows:
        ws.append([row.get(k) for k in keys])
        line = ws.max_row
        color = FILLS.get(severity_of(row)) if severity_of else None
        for col, key in enumerate(keys, start=1):
            cell = ws.cell(line, col)
            keep_text(cell)
            if isinstance(cell.value, Decimal):
                cell.number_format = number_format(cell.value)
            if key in WRAPPED:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if color:
                cell.fill = PatternFill("solid", fgColor=color)
    for col, key in enumerate(keys, start=1):
        width = max([text_width(label(key, lang))] + [text_width(r.get(key)) for r in rows])
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 6), MAX_WIDTH)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def document_row(result: AuditResult, lang: str) -> dict:
    n = counts(result)
    return {
        "path": result.path, "format": result.format, "pages": result.pages,
        "status": status_word(document_status(result), lang),
        "error_message": status_note(result, lang) or error_text(result, lang) or None,
        **{s: n[s] for s in SEVERITIES},
        "numbers_found": result.numbers_found, "numbers_checked": result.numbers_checked,
        "coverage": coverage_ratio(result),
        "stated_total": result.stated_total, "recomputed_total": result.recomputed_total,
        "warnings": "\n".join(result.warnings) or None,
    }


DOCUMENT_KEYS = ["path", "format", "pages", "status", "error_message", *SEVERITIES, "numbers_found", "numbers_checked",
                 "coverage", "stated_total", "recomputed_total", "warnings"]


class XlsxReporter(Reporter):
    def start(self, out) -> None:
        if out is None:
            raise ValueError("xlsx 格式需要指定输出文件 (xlsx output needs a file path)")
        super().start(out)
        self.findings: list[dict] = []
        self.documents: list[dict] = []
        self.tables: list[tuple[str, Table, dict]] = []  # (sheet title, table, flagged cells)

    def handle(self, result: AuditResult) -> None:
        for row in document_rows(result, self.lang):
            self.findings.append({**{k: cell_word(k, v, self.lang) for k, v in row.items()},
                                  "_severity": row["severity"]})
        self.documents.append(document_row(result, self.lang))
        self.tables += flagged_tables(result, len(self.documents), self.lang)

    def stop(self) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = label("findings_sheet", self.lang)
        fill_sheet(ws, list(FLAT_FIELDS), self.findings, self.lang, severity_of=lambda r: r["_severity"])
        docs = wb.create_sheet(label("documents_sheet", self.lang))
        fill_sheet(docs, DOCUMENT_KEYS, self.documents, self.lang)
        coverage = get_column_letter(DOCUMENT_KEYS.index("coverage") + 1)
        for cell in docs[coverage][1:]:
            cell.number_format = "0.0%"
        for title, table, flagged in self.tables:
            table_sheet(wb.create_sheet(title), table, flagged)
        wb.save(self.out)


def flagged_tables(result: AuditResult, doc_no: int, lang: str) -> list[tuple[str, Table, dict]]:
    """Each table of the document with findings: a sheet title ("表2", or "2-表2" after the first document)
    and its flagged cells, grid origin → (severity, comment text)."""
    doc = result.document
    if doc is None:
        return []
    by_table: dict[int, dict[tuple[int, int], list[tuple[str, Finding]]]] = {}
    for fid, f in numbered(result.findings):
        loc = f.location
        block = doc.blocks[loc.block] if loc.block is not None and 0 <= loc.block < len(doc.blocks) else None
        if not isinstance(block, Table) or loc.row is None or loc.col is None:
            continue
        cell = block.cell(loc.row, loc.col)
        if cell is not None:
            by_table.setdefault(loc.block, {}).setdefault((cell.row, cell.col), []).append((fid, f))
    out = []
    for index, cells in sorted(by_table.items()):
        table = doc.blocks[index]
        name = f"{label('table', lang)}{table.location.table}" if lang != "en" else f"table {table.location.table}"
        title = name if doc_no == 1 else f"{doc_no}-{name}"
        flagged = {pos: (min((f.severity for _, f in here), key=SEVERITIES.index), cell_comment(here, lang))
                   for pos, here in cells.items()}
        out.append((title[:31], table, flagged))
    return out


def cell_comment(here: list[tuple[str, Finding]], lang: str) -> str:
    from writers.terminal import expected_cell

    parts = []
    for fid, f in here:
        expected = expected_cell(f)
        head = f"{fid} {f.rule}" + (f" {label('expected_value', lang)} {expected}" if expected else "")
        parts.append(f"{head}\n{f.text(lang)}")
    return "\n\n".join(parts)


def table_sheet(ws: Worksheet, table: Table, flagged: dict) -> None:
    """The table as extracted (merged cells merged, header rows bold), flagged cells filled and commented."""
    for r, line in enumerate(table.grid, start=1):
        for c, cell in enumerate(line, start=1):
            if cell.row != r - 1 or cell.col != c - 1:
                continue
            target = ws.cell(r, c, cell.text)
            keep_text(target)
            target.alignment = Alignment(wrap_text=True, vertical="top")
            if r <= table.header_rows:
                target.font = Font(bold=True)
                target.fill = PatternFill("solid", fgColor=HEADER_FILL)
            if (cell.rowspan, cell.colspan) != (1, 1):
                ws.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1,
                               end_column=c + cell.colspan - 1)
            if (r - 1, c - 1) in flagged:
                severity, text = flagged[(r - 1, c - 1)]
                target.fill = PatternFill("solid", fgColor=FILLS[severity])
                target.comment = Comment(text, "gouji", width=320, height=160)
    for c in range(1, table.n_cols + 1):
        width = max((text_width(line[c - 1].text) for line in table.grid if c - 1 < len(line)), default=6)
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 6), MAX_WIDTH)
    if table.header_rows:
        ws.freeze_panes = ws.cell(table.header_rows + 1, 1).coordinate
