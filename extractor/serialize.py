"""The document model as plain data (JSON) or Markdown, for `gouji extract`."""

from __future__ import annotations

from dataclasses import asdict

from model.document import Document, Paragraph, Table
from model.figure import Figure


def figure_dict(f: Figure) -> dict:
    return {
        "text": f.text, "value": None if f.value is None else float(f.value) if f.decimals else int(f.value),
        "decimals": f.decimals, "unit": f.unit, "start": f.start, "end": f.end,
        **({"comparator": f.comparator} if f.comparator else {}),
    }


def _location(loc) -> dict:
    return {k: v for k, v in asdict(loc).items() if v is not None}


def document_dict(doc: Document) -> dict:
    blocks = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            blocks.append({"type": b.kind, "level": b.level, "text": b.text, "location": _location(b.location),
                           "figures": [figure_dict(f) for f in b.figures]})
        else:
            blocks.append(table_dict(b))
    return {"path": doc.path, "format": doc.format, "pages": doc.pages, "status": doc.status,
            "error": doc.error, "warnings": doc.warnings, "blocks": blocks}


def table_dict(t: Table) -> dict:
    cells = []
    for c in t.cells():
        entry = {"row": c.row, "col": c.col, "text": c.text}
        if c.rowspan > 1 or c.colspan > 1:
            entry.update(rowspan=c.rowspan, colspan=c.colspan)
        if c.figure is not None:
            entry["figure"] = figure_dict(c.figure)
        if c.sheet is not None:
            entry["sheet"] = {"sheet": c.sheet.sheet, "address": c.sheet.address, "formula": c.sheet.formula,
                              "number_format": c.sheet.number_format,
                              "value": None if c.sheet.value is None else str(c.sheet.value)}
        cells.append(entry)
    return {
        "type": "table", "caption": t.caption, "unit": t.unit, "location": _location(t.location),
        "pages": list(t.pages), "header_rows": t.header_rows,
        "columns": [{"index": c.index, "header": c.header, "role": c.role, "unit": c.unit} for c in t.columns],
        "rows": [{"index": r.index, "kind": r.kind, "label": r.label, "code": r.code, "level": r.level,
                  "parent": r.parent, "group": r.group} for r in t.rows],
        "grid": t.text_grid(), "cells": cells,
    }


def document_markdown(doc: Document) -> str:
    out = [f"# {doc.path}", "", f"format: {doc.format}; pages: {doc.pages}; status: {doc.status}", ""]
    for w in doc.warnings:
        out.append(f"> warning: {w}")
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            prefix = {"heading": "#" * (min(b.level or 0, 4) + 2) + " ", "toc": "- (目录) "}.get(b.kind, "")
            out += [prefix + b.text, ""]
            continue
        loc = b.location
        sheet = next((c.sheet.sheet for c in b.cells() if c.sheet is not None), None)
        notes = [f"单位：{b.unit}" if b.unit else "", f"工作表：{sheet}" if sheet else "",
                 f"{b.header_rows} 行表头" if b.header_rows > 1 else ""]
        out.append(f"**表{loc.table}** {b.caption}" + "".join(f"（{n}）" for n in notes if n))
        out.append("")
        grid = b.text_grid()
        roles = [f"{c.header or '-'} [{c.role}]" for c in b.columns]
        out.append("| row | kind | " + " | ".join(roles) + " |")
        out.append("|" + "---|" * (len(roles) + 2))
        for r, line in enumerate(grid):
            row = b.rows[r] if r < len(b.rows) else None
            kind = row.kind + (f"→{row.parent}" if row and row.parent is not None else "") if row else ""
            out.append(f"| {r} | {kind} | " + " | ".join(x.replace("|", "\\|").replace("\n", " ") for x in line) + " |")
        out.append("")
        out += _formulas(b)
    return "\n".join(out)


def _formulas(table: Table) -> list[str]:
    """A spreadsheet table's formulas under it: where each sits in the grid, its cell and its text."""
    lines = [f"- 公式 行{c.row} 列{c.col}（{c.sheet.address}）: `{c.formula}` → {c.text or '（无缓存值）'}"
             for c in table.cells() if c.formula]
    return [*lines, ""] if lines else []
