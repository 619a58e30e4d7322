from __future__ import annotations

import io

from checks import judge
from checks.registry import Options
from extractor import extract, number_tables
from extractor.text import parse_text
from model.findings import Finding
from reading.facts import Facts


def audit_text(text: str, select: tuple[str, ...] = ()) -> list[Finding]:
    """Run the reading and judging stages on a small report written in the text format."""
    doc = number_tables(parse_text(text))
    return judge(Facts(doc), Options(select=select))[0]


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A real .xlsx from rows of cells: a string, a number, or {value, formula, format} (the formula's
    cached value and the number format, as Excel saves them)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    formats: dict[str, object] = {}
    for title, rows in sheets.items():
        ws = wb.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if isinstance(cell, dict):
                    style = formats.setdefault(cell.get("format", "General"),
                                               wb.add_format({"num_format": cell.get("format", "General")}))
                    if "formula" in cell:
                        ws.write_formula(r, c, cell["formula"], style, cell.get("value", 0))
                    else:
                        ws.write_number(r, c, cell["value"], style)
                elif cell is not None and cell != "":
                    ws.write(r, c, cell)
    wb.close()
    return buf.getvalue()


def audit_workbook(sheets: dict[str, list[list]], select: tuple[str, ...] = ()) -> list[Finding]:
    """Read and judge a workbook built from rows (see `workbook_bytes`)."""
    doc = extract(workbook_bytes(sheets), name="case.xlsx")
    return judge(Facts(doc), Options(select=select))[0]
