"""How a reviewer names a cell or a row of a table in a message: its row label, group or column header."""

from __future__ import annotations

import regex

from model.document import Table
from patterns.vocabulary import V

Pos = tuple[int, int]  # (grid row, grid column)

_CIRCLED = regex.compile(rf"^[{V.circled_numbers.data['chars']}]")


def short(label: str) -> str:
    """A ①② item is named by its number alone in a list of parts."""
    m = _CIRCLED.match(label)
    return m.group(0) if m else label


def header(table: Table, col: int) -> str:
    """The most specific header of a column (the last of its header rows)."""
    return table.columns[col].header.split("/")[-1] if col < len(table.columns) else ""


def cell_name(table: Table, pos: Pos, axis: str | None = None) -> str:
    """A cell's name: its row label, or its column header for a column-wise part."""
    row = table.rows[pos[0]]
    head = header(table, pos[1])
    if axis == "col":
        return head or f"第{pos[1] + 1}列"
    if row.kind in ("subtotal", "total") and row.group and row.group not in row.label:
        return f"{row.group}{row.label}"
    return row.label or row.group or head or f"第{pos[0] + 1}行"


def row_name(table: Table, r: int) -> str:
    """A row's name: its label or group; a 小计 is named with the group it closes."""
    row = table.rows[r]
    name = row.label or row.group or f"第{r + 1}行"
    if row.kind in ("subtotal", "total") and row.group and row.group not in name:
        name = row.group + name
    return name


def row_and_column(table: Table, pos: Pos, row_label: str) -> str:
    """ "本年收入合计（统筹基金）": a row label with its column header."""
    head = header(table, pos[1])
    return f"{row_label}（{head}）" if row_label and head else row_label or head


def row_text(table: Table, r: int) -> str:
    """A row as printed, its cells joined by |."""
    return " | ".join(c.text for c in table.row_cells(r))


def clip(text: str, n: int = 80) -> str:
    """Text cut to `n` characters for evidence, with an ellipsis."""
    return text if len(text) <= n else text[: n - 1] + "…"
