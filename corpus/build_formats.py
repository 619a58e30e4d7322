#!/usr/bin/env python3
"""Render the committed corpus as HTML, Markdown and XLSX, for benchmarks/quality.py.

    python3 corpus/build_formats.py                  # seeds and corpus/synth/data → corpus/generated/
    python3 corpus/build_formats.py --data corpus/synth/holdout

Each text (corpus/seeds/NNN.txt, corpus/synth/*/NAME.txt) is parsed with `extractor.text.parse_text`,
as corpus/build.py does for DOCX, and the same document model is written three ways:

- `.html`: a web page: <h1>…<h4> headings, <p> paragraphs, contents lines with their dots and page
  numbers, tables with <caption>, header rows in <thead> as <th>, merged cells as rowspan/colspan.
- `.md`: Markdown as PDF converters write it: # headings, paragraphs between blank lines, the caption
  as a line before its table, pipe tables for tables without merged cells and a one-line HTML <table>
  block (MinerU's form) for the others.
- `.xlsx`: the tables only, one sheet each: the caption on the first row (merged across), the unit on
  the next, then the grid with merged ranges. Plain figures are numbers with the number format that
  prints them as in the text (0.9536 in "0.00%"), and 小计/合计 cells whose rows the table sums are
  SUM formulas over those rows, with the printed figure as the cached value (as Excel saves it), where
  the printed total is that sum; a total that does not foot is a typed constant, as it would have to be
  in a workbook (a SUM formula follows its rows).

The renderings are not committed (corpus/generated/ is ignored); this script makes them again. The
output is deterministic except for the XLSX's creation time, which is fixed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.tables import FOOTED_ROLES  # noqa: E402
from extractor.text import parse_text  # noqa: E402
from model.document import Document, Paragraph, Table  # noqa: E402

OUT = ROOT / "corpus" / "generated"
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?P<dots>[.…·．]{3,})\s*(?P<page>[-–—]?\s*[0-9０-９]+\s*[-–—]?)\s*$")
PLAIN = re.compile(r"^-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<dec>[0-9]+))?(?P<pct>%)?$")


def _toc_text(para: Paragraph, lines: list[str]) -> str:
    line = lines[para.location.line - 1] if para.location.line else ""
    m = TOC_LINE.match(line.replace("\t", " ").strip())
    return f"{para.text}{m['dots']}{m['page'].strip()}" if m else para.text


# --- HTML ---------------------------------------------------------------------------------------


def html_table(table: Table, caption: bool = True) -> str:
    out = ["<table border=\"1\">"]
    if caption and table.caption:
        out.append(f"<caption>{html.escape(table.caption)}</caption>")
    for r in range(table.n_rows):
        if r == 0 and table.header_rows:
            out.append("<thead>")
        if r == table.header_rows and table.header_rows:
            out.append("</thead><tbody>")
        tag = "th" if r < table.header_rows else "td"
        cells = []
        for cell in table.row_cells(r):
            attrs = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            text = "<br>".join(html.escape(line) for line in cell.text.split("\n"))
            cells.append(f"<{tag}{attrs}>{text}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    if table.header_rows:
        out.append("</tbody>")
    out.append("</table>")
    return "".join(out)


def render_html(model: Document, lines: list[str]) -> str:
    body = []
    for block in model.blocks:
        if isinstance(block, Table):
            body.append(html_table(block))
        elif block.kind == "heading":
            level = min(max(block.level or 1, 1), 4)
            body.append(f"<h{level}>{html.escape(block.text)}</h{level}>")
        elif block.kind == "toc":
            body.append(f'<p class="toc">{html.escape(_toc_text(block, lines))}</p>')
        else:
            body.append(f"<p>{html.escape(block.text)}</p>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>报告</title></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


# --- Markdown -----------------------------------------------------------------------------------


def _pipe(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_escape(text: str) -> str:
    """Characters Markdown would read as markup at the start of a line or inside it."""
    text = re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
    text = re.sub(r"^([0-9]+)([.)] )", r"\1\\\2", text)  # "3. " would start an ordered list: "3\. "
    return re.sub(r"^(#|[-+] |>)", r"\\\1", text)


def md_table(table: Table) -> str:
    merged = any(c.rowspan > 1 or c.colspan > 1 for c in table.cells())
    if merged or table.header_rows != 1:
        return "<html><body>" + html_table(table, caption=False) + "</body></html>"
    grid = table.text_grid()
    rows = ["| " + " | ".join(_pipe(x) for x in grid[0]) + " |", "|" + " --- |" * table.n_cols]
    rows += ["| " + " | ".join(_pipe(x) for x in line) + " |" for line in grid[1:]]
    return "\n".join(rows)


def render_markdown(model: Document, lines: list[str]) -> str:
    out = []
    for block in model.blocks:
        if isinstance(block, Table):
            if block.caption:
                out.append(_md_escape(block.caption))
            out.append(md_table(block))
        elif block.kind == "heading":
            out.append("#" * min(max(block.level or 1, 1), 4) + " " + block.text)
        elif block.kind == "toc":
            out.append(_md_escape(_toc_text(block, lines)))
        else:
            out.append(_md_escape(block.text))
    return "\n\n".join(out) + "\n"


# --- XLSX ---------------------------------------------------------------------------------------


def _number(text: str) -> tuple[float, str] | None:
    """A cell printed as a plain figure → (value, number format that prints it the same way)."""
    m = PLAIN.match(text.strip())
    if not m:
        return None
    decimals = len(m["dec"] or "")
    digits = "0" + ("." + "0" * decimals if decimals else "")
    body = ("#,##" + digits) if "," in text else digits
    value = Decimal(text.strip().rstrip("%").replace(",", ""))
    if m["pct"]:
        return float(value / 100), body + "%"
    return float(value), body


def _sum_rows(table: Table) -> dict[int, list[int]]:
    """Rows the table sums into a 小计/合计 row (gouji's own reading of the table's hierarchy)."""
    out: dict[int, list[int]] = {}
    for row in table.rows:
        if row.parent is not None and table.rows[row.parent].kind in ("total", "subtotal"):
            out.setdefault(row.parent, []).append(row.index)
    return out


def _sums_to(table: Table, rows: list[int], col: int, printed: str) -> bool:
    """Whether the printed total is what Excel would cache for SUM over these rows. A total that does not
    foot is written as a typed constant: in a workbook a SUM formula would follow its rows."""
    total = _number(printed)
    parts = [_number(table.grid[r][col].text) for r in rows if table.grid[r][col].text.strip()]
    if total is None or any(p is None for p in parts):
        return False
    return abs(sum(Decimal(repr(p[0])) for p in parts) - Decimal(repr(total[0]))) < Decimal("1e-9")


def render_xlsx(model: Document) -> bytes | None:
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    tables = model.tables
    if not tables:
        return None
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": dt.datetime(2024, 1, 1)})
    formats: dict[str, object] = {}

    def style(num_format: str):
        return formats.setdefault(num_format, wb.add_format({"num_format": num_format}))

    for n, table in enumerate(tables, 1):
        ws = wb.add_worksheet(f"表{n}")
        top = 0
        if table.caption:
            if table.n_cols > 1:
                ws.merge_range(0, 0, 0, table.n_cols - 1, table.caption)
            else:
                ws.write(0, 0, table.caption)
            top = 1
        if table.unit and table.unit not in table.caption:
            ws.write(top, 0, f"单位：{table.unit}")
            top += 1
        sums = _sum_rows(table)
        for cell in table.cells():
            r, c = top + cell.row, cell.col
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_range(r, c, r + cell.rowspan - 1, c + cell.colspan - 1, "")
            number = _number(cell.text) if cell.row >= table.header_rows else None
            if number is None:
                if cell.text:
                    ws.write_string(r, c, cell.text)
                continue
            value, num_format = number
            column = table.columns[c] if c < len(table.columns) else None
            children = sums.get(cell.row)
            if children and column is not None and column.role in FOOTED_ROLES and cell.colspan == 1 \
                    and _sums_to(table, children, c, cell.text):
                refs = ",".join(xl_rowcol_to_cell(top + k, c) for k in children)
                ws.write_formula(r, c, f"=SUM({refs})", style(num_format), value)
            else:
                ws.write_number(r, c, value, style(num_format))
    wb.close()
    return buf.getvalue()


# --- main ---------------------------------------------------------------------------------------


def build(txt: Path, out_dir: Path) -> list[str]:
    source = txt.read_text(encoding="utf-8")
    model = parse_text(source, str(txt))
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{txt.stem}.html").write_text(render_html(model, lines), encoding="utf-8")
    (out_dir / f"{txt.stem}.md").write_text(render_markdown(model, lines), encoding="utf-8")
    made = ["html", "md"]
    data = render_xlsx(model)
    if data is not None:
        (out_dir / f"{txt.stem}.xlsx").write_bytes(data)
        made.append("xlsx")
    return made


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append",
                        help="folders of NAME.txt reports (default: corpus/seeds and corpus/synth/data)")
    args = parser.parse_args(argv)
    folders = args.data or [ROOT / "corpus" / "seeds", ROOT / "corpus" / "synth" / "data"]
    for folder in folders:
        folder = folder.resolve()
        texts = sorted(folder.glob("*.txt"))
        out_dir = OUT / folder.relative_to(ROOT / "corpus")
        for txt in texts:
            build(txt, out_dir)
        print(f"{folder.relative_to(ROOT)}: {len(texts)} reports → {out_dir.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
