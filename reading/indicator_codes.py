"""Indicator codes in the label columns of indicator tables (一级 A, 二级 A1, 三级 A11).

A column counts as a code column when most of its filled cells open with a code; the columns must go
deeper from left to right (typically no digit, one digit, two digits), or the table is not read as a
hierarchy. Whether each code extends its parent's is GJ504's to judge.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from extractor.tables import CODE, squeeze
from model.document import Table


def code_of(text: str) -> str | None:
    m = CODE.match(squeeze(text))
    return m["code"] if m else None


def depth(code: str) -> int:
    """Digits after the letter: A → 0, A1 → 1, A11 → 2."""
    return len(code) - 1


def code_columns(table: Table) -> list[int]:
    """The columns of an indicator table whose data cells are labelled with codes (A, A1, A11)."""
    data_rows = [r.index for r in table.rows if r.kind == "data"] or list(range(table.header_rows, table.n_rows))
    cols: list[int] = []
    depths: list[int] = []
    distinct: set[str] = set()
    for c in range(table.n_cols):
        cells = {id(table.grid[r][c]): table.grid[r][c] for r in data_rows}
        filled = [cell for cell in cells.values() if not cell.is_blank]
        codes = [code for cell in filled if (code := code_of(cell.text))]
        if codes and len(codes) >= 0.6 * len(filled):
            cols.append(c)
            depths.append(Counter(depth(code) for code in codes).most_common(1)[0][0])
            distinct.update(codes)
    if len(distinct) < 2 or any(a >= b for a, b in itertools.pairwise(depths)):
        return []
    return cols


@dataclass
class CodedTable:
    """An indicator table read as a hierarchy of codes: its code columns and data rows."""

    table: Table
    cols: list[int]
    rows: list[int]
    _codes: dict[tuple[int, int], str | None] = field(default_factory=dict, repr=False)

    def code_at(self, r: int, c: int) -> str | None:
        if (r, c) not in self._codes:
            self._codes[(r, c)] = code_of(self.table.grid[r][c].text)
        return self._codes[(r, c)]


def coded_tables(tables: list[Table]) -> list[CodedTable]:
    out = []
    for table in tables:
        cols = code_columns(table)
        if cols:
            out.append(CodedTable(table, cols, [r.index for r in table.rows if r.kind == "data"]))
    return out
