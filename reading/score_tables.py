"""Score tables: which column scores against which maximum, their rates, closing rows and stated weights.

A score table has a maximum column (权重, 分值) and a score column (得分), often a rate column (得分率).
Read here, per table: the (maximum, score, rate) column triples, each 得分率 cell with its operands, the
row that closes the table (合计 for a whole, a lone 小计 for a part) and every weight printed in a label
(B 过程指标（22 分）) with the rows it heads. """

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from extractor.numbers import find_figures
from extractor.tables import is_total_label, squeeze
from model.document import Table
from model.figure import Figure, present
from reading.rates import RateCell, rate_cell

Pos = tuple[int, int]

# "（22 分）", "（满分 22 分）"; not "（每项 2 分）", which is a scoring rule rather than a weight.
_STATED_POINTS = regex.compile(
    r"[（(]\s*(?:满分|权重|分值|总分|共|计)?\s*(?P<num>[0-9]+(?:\.[0-9]+)?)\s*分\s*[)）]"
)


@dataclass(frozen=True)
class ScoreColumns:
    maximum: int
    score: int
    rate: int | None


def score_columns(table: Table) -> list[ScoreColumns]:
    """Each score column with the maximum column it is scored against and the rate column after it."""
    maxima = table.columns_with("maximum")
    rates = table.columns_with("rate")
    out: list[ScoreColumns] = []
    for s in table.columns_with("score"):
        left = [m for m in maxima if m < s]
        m = left[-1] if left else (maxima[0] if maxima else None)
        if m is None:
            continue
        right = [r for r in rates if r > s]
        out.append(ScoreColumns(m, s, right[0] if right else None))
    return out


def children_first(table: Table) -> list[int]:
    """Body rows ordered so that every row comes after the rows that sum into it."""
    def depth(r: int) -> int:
        d, row = 0, table.rows[r]
        while row.parent is not None and d < len(table.rows):
            d, row = d + 1, table.rows[row.parent]
        return d

    return sorted(table.body_rows(), key=lambda r: (-depth(r), r))


def score_rates(table: Table, columns: list[ScoreColumns]) -> list[RateCell]:
    """Every 得分率 cell with its 得分 and 分值."""
    out = []
    for cols in columns:
        if cols.rate is None:
            continue
        for r in table.body_rows():
            cell = rate_cell(table, r, cols.rate, cols.score, cols.maximum)
            if cell is not None:
                out.append(cell)
    return out


def closing_row(table: Table) -> tuple[int, str] | None:
    """The row that closes a score table: its last 合计 ("whole"), else its only 小计 ("part")."""
    body = table.body_rows()
    totals = [r for r in body if table.rows[r].kind == "total"]
    if not totals:
        # A 合计 printed in the 序号 column is not seen as a label; a last row reading 合计 is one.
        last = body[-1] if body else None
        if last is not None:
            first = next((c for c in table.row_cells(last) if not c.is_blank), None)
            if first is not None and is_total_label(squeeze(first.text)):
                totals = [last]
    if totals:
        return totals[-1], "whole"
    subtotals = [r for r in body if table.rows[r].kind == "subtotal"]
    if len(subtotals) == 1:
        return subtotals[0], "part"
    return None


@dataclass(frozen=True)
class Closing:
    table: Table
    row: int
    kind: str  # "whole" or "part"
    cols: ScoreColumns
    maximum: Figure
    score: Figure | None


def closing(table: Table, columns: list[ScoreColumns]) -> Closing | None:
    found = closing_row(table)
    if len(columns) != 1 or found is None:
        return None
    r, kind = found
    maximum = table.figure_at(r, columns[0].maximum)
    score = table.figure_at(r, columns[0].score)
    if not present(maximum):
        return None
    return Closing(table, r, kind, columns[0], maximum, score if present(score) else None)


@dataclass(frozen=True)
class StatedPoints:
    """A weight printed in a label ("B 过程指标（22 分）") and what the rows it heads weigh."""

    table: Table
    pos: Pos  # the label cell
    stated: Figure  # offsets into the label cell's text
    weights: tuple[Figure, ...]  # the rows' 小计 weight, or their leaf weights
    positions: tuple[Pos, ...]


def _group_rows(table: Table, r: int, c: int) -> list[int]:
    cell = table.grid[r][c]
    if cell.rowspan > 1:
        return list(range(cell.row, cell.row + cell.rowspan))
    text = squeeze(cell.text)
    rows = [row.index for row in table.rows if row.kind != "header" and row.group == text]
    if rows:
        return rows
    # A one-row label weighs its own row only if it names that row; otherwise it heads rows whose
    # merge was lost, and which rows those are cannot be told.
    return [r] if table.rows[r].label == text else []


def _group_maximum(table: Table, rows: list[int], m: int) -> tuple[list[Figure], list[Pos]] | None:
    """What the rows of a labelled group weigh: their 小计, else the sum of their leaf rows."""
    closing_rows = [r for r in rows if table.rows[r].kind in ("subtotal", "total") and present(table.figure_at(r, m))]
    if len(closing_rows) == 1:
        return [table.figure_at(closing_rows[0], m)], [(closing_rows[0], m)]
    if closing_rows:
        return None
    parents = {row.parent for row in table.rows if row.parent is not None}
    leaves = [r for r in rows if table.rows[r].kind == "data" and r not in parents and present(table.figure_at(r, m))]
    if not leaves:
        return None
    return [table.figure_at(r, m) for r in leaves], [(r, m) for r in leaves]


def stated_points(table: Table, columns: list[ScoreColumns]) -> list[StatedPoints]:
    """Every weight printed in a label cell of the table's first score column set."""
    out: list[StatedPoints] = []
    for cols in columns[:1]:
        seen: set[int] = set()
        for r in table.body_rows():
            for c, col in enumerate(table.columns):
                cell = table.grid[r][c]
                if col.role not in ("label", "other") or not table.is_origin(cell, r, c) or id(cell) in seen:
                    continue
                seen.add(id(cell))
                match = _STATED_POINTS.search(cell.text)
                if match is None:
                    continue
                stated = next((f for f in find_figures(cell.text) if f.start <= match.start("num") < f.end), None)
                if stated is None or stated.value is None:
                    continue
                rows = _group_rows(table, r, c)
                group = _group_maximum(table, rows, cols.maximum) if rows else None
                if group is not None:
                    out.append(StatedPoints(table, (r, c), stated, tuple(group[0]), tuple(group[1])))
    return out


@dataclass(frozen=True)
class ScoreTable:
    table: Table
    columns: tuple[ScoreColumns, ...]
    rates: tuple[RateCell, ...]  # 得分率 cells
    stated_points: tuple[StatedPoints, ...]
    closing: Closing | None


def read_score_tables(tables: Iterable[Table]) -> list[ScoreTable]:
    out = []
    for table in tables:
        columns = score_columns(table)
        if columns:
            out.append(ScoreTable(table, tuple(columns), tuple(score_rates(table, columns)),
                                  tuple(stated_points(table, columns)), closing(table, columns)))
    return out
