"""The sums a table states: each total with the parts it adds up, as the table's structure shows them.

A 小计 or 合计 row against the rows that point at it (`Row.parent`), a ①② breakdown against the row
above it, a 合计 column against the amount columns beside it. Parts introduced by 其中 are not a full
breakdown; a hierarchy left flat (A1 above A11 as siblings) is not summed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from extractor.tables import FOOTED_ROLES
from model.document import Table
from model.figure import Figure, present
from patterns.vocabulary import V

Pos = tuple[int, int]  # (grid row, grid column)

# Columns a 合计 column adds up. Budget and actual columns are different measures of one thing,
# so a 合计 column beside them is not their sum.
_ADDEND_ROLES = frozenset({"amount", "count"})


@dataclass(frozen=True)
class Identity:
    """total = Σ parts, all positions in one table."""

    total: Pos
    parts: tuple[Pos, ...]
    axis: str  # "row": parts are rows of one column; "col": parts are columns of one row

    def cells(self) -> tuple[Pos, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class TableSums:
    """A table with the sums it states and the figure at every position they touch."""

    table: Table
    identities: tuple[Identity, ...]
    values: dict[Pos, Figure]


def table_sums(tables: Iterable[Table]) -> list[TableSums]:
    out = []
    for table in tables:
        idents = identities(table)
        if idents:
            values = {pos: table.figure_at(*pos) for ident in idents for pos in ident.cells()}
            out.append(TableSums(table, tuple(idents), values))
    return out


def _units_agree(figs: Iterable[Figure]) -> bool:
    return len({f.unit for f in figs if f.unit is not None}) <= 1


def _codes_nest(table: Table, rows: list[int]) -> bool:
    """Whether one child's indicator code is the prefix of another's (A1 above A11): the analysis
    left a hierarchy flat, so the children double-count and the identity is not the table's."""
    codes = [table.rows[r].code for r in rows if table.rows[r].code]
    return any(a != b and b.startswith(a) for a in codes for b in codes)


def _children(table: Table) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for row in table.rows:
        if row.kind != "header" and row.parent is not None:
            kids.setdefault(row.parent, []).append(row.index)
    return kids


def _total_span_orphans(table: Table, parent: int, kids: list[int]) -> list[int]:
    """Level-0 data rows a 合计 spans but no 小计 claimed: they belong in the total's sum too."""
    if table.rows[parent].kind != "total" or not all(table.rows[k].kind == "subtotal" for k in kids):
        return []
    totals = [r.index for r in table.rows if r.kind == "total"]
    if parent == min(table.body_rows(), default=parent):
        lo, hi = parent, table.n_rows
    else:
        lo, hi = max((t for t in totals if t < parent), default=table.header_rows - 1), parent
    return [r.index for r in table.rows
            if lo < r.index < hi and r.kind == "data" and r.level == 0 and r.parent is None]


def identities(table: Table) -> list[Identity]:
    """Every sum the table states, as far as its analysed structure shows it."""
    out: list[Identity] = []
    kids = _children(table)
    footed = [c.index for c in table.columns if c.role in FOOTED_ROLES]
    for parent, rows in sorted(kids.items()):
        if any(V.sub_item.match(table.rows[r].label) for r in rows) or _codes_nest(table, rows):
            continue  # 其中 lists some components only
        rows = sorted(rows + _total_span_orphans(table, parent, rows))
        for c in footed:
            total = table.figure_at(parent, c)
            parts = [(r, c) for r in rows if present(table.figure_at(r, c))]
            if not present(total) or not parts:
                continue
            if not _units_agree([total, *(table.figure_at(*p) for p in parts)]):
                continue
            out.append(Identity((parent, c), tuple(parts), "row"))
    out.extend(_column_identities(table))
    return out


def _column_identities(table: Table) -> list[Identity]:
    """A 合计 column equals the amount columns printed since the previous 合计 column."""
    out: list[Identity] = []
    start = 0
    for col in table.columns:
        if col.role != "total":
            continue
        addends = [c.index for c in table.columns[start:col.index] if c.role in _ADDEND_ROLES]
        others = [c for c in table.columns[start:col.index] if c.role in FOOTED_ROLES - _ADDEND_ROLES]
        start = col.index + 1
        if len(addends) < 2 or others:
            continue
        for r in table.body_rows():
            if table.rows[r].kind == "note":
                continue
            total = table.figure_at(r, col.index)
            parts = [(r, c) for c in addends if present(table.figure_at(r, c))]
            if not present(total) or not parts:
                continue
            if not _units_agree([total, *(table.figure_at(*p) for p in parts)]):
                continue
            out.append(Identity((r, col.index), tuple(parts), "col"))
    return out
