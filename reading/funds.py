"""Fund tables: which rows (or columns) are 收入, 支出, 收支结余, 上年结余 and 滚存结余, and the relations
between them in each fund.

A fund table names its lines either as rows, with one column per fund, or as columns, with one row per
fund. Lines are found by keywords and a relation is kept only when each of its lines is found exactly
once (or once among several named 合计/本年), so an unusual table stays silent rather than misread.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.tables import squeeze
from model.document import Table
from model.figure import Figure, present
from patterns.vocabulary import V

Pos = tuple[int, int]

_VALUE_ROLES = frozenset({"amount", "total", "budget", "actual"})


def line_kind(label: str) -> str | None:
    """opening, closing, balance, income or expense (the balance kinds first: 收支结余 holds 收 and 支)."""
    return V.fund_lines.kind_of(squeeze(label))


def _pick(candidates: list[tuple[int, str]]) -> int | None:
    """The one line of a kind; among several, the one named 合计/本年; else none."""
    if len(candidates) == 1:
        return candidates[0][0]
    preferred = [i for i, label in candidates if label in V.fund_line_preferred]
    return preferred[0] if len(preferred) == 1 else None


@dataclass(frozen=True)
class FundLines:
    """Where each line kind sits along one axis (row indices, or column indices)."""

    axis: str  # "rows": lines are rows, values in columns; "cols": lines are columns
    at: dict[str, int]
    across: list[int]  # the other axis: the columns (or rows) that hold one fund each

    def pos(self, kind: str, other: int) -> Pos:
        return (self.at[kind], other) if self.axis == "rows" else (other, self.at[kind])


def fund_lines(table: Table) -> list[FundLines]:
    out = []
    # Lines as rows: only top-level rows, so 其中 lines and ①② never stand for a whole line.
    by_kind: dict[str, list[tuple[int, str]]] = {}
    for row in table.rows:
        if row.kind != "header" and row.level == 0 and (kind := line_kind(row.label)):
            by_kind.setdefault(kind, []).append((row.index, row.label))
    at = {k: i for k, v in by_kind.items() if (i := _pick(v)) is not None}
    cols = [c.index for c in table.columns if c.role in _VALUE_ROLES]
    if "balance" in at and cols:
        out.append(FundLines("rows", at, cols))
    by_kind = {}
    for col in table.columns:
        if col.role in _VALUE_ROLES and (kind := line_kind(col.header.split("/")[-1])):
            by_kind.setdefault(kind, []).append((col.index, col.header))
    at = {k: i for k, v in by_kind.items() if (i := _pick(v)) is not None}
    if "balance" in at and len(at) >= 3:
        out.append(FundLines("cols", at, table.body_rows()))
    return out


@dataclass(frozen=True)
class FundRelation:
    """total = Σ sign × part, for one fund: "balance" (收入 − 支出 = 收支结余) or "carryover"
    (上年结余 + 收支结余 = 滚存结余)."""

    kind: str
    total: Pos
    parts: tuple[Pos, ...]
    signs: tuple[int, ...]


@dataclass(frozen=True)
class Fund:
    """The relations of one fund (one column, or one row) of a fund table, with their figures."""

    table: Table
    relations: tuple[FundRelation, ...]
    values: dict[Pos, Figure]

    def of(self, kind: str) -> FundRelation | None:
        return next((r for r in self.relations if r.kind == kind), None)


def _relations(lines: FundLines, other: int) -> list[FundRelation]:
    out = []
    if {"income", "expense", "balance"} <= lines.at.keys():
        out.append(FundRelation("balance", lines.pos("balance", other),
                                (lines.pos("income", other), lines.pos("expense", other)), (1, -1)))
    if {"opening", "balance", "closing"} <= lines.at.keys():
        out.append(FundRelation("carryover", lines.pos("closing", other),
                                (lines.pos("opening", other), lines.pos("balance", other)), (1, 1)))
    return out


def read_funds(tables: list[Table]) -> list[Fund]:
    """Every fund of every fund table whose relations have all their figures, in one unit."""
    out = []
    for table in tables:
        for lines in fund_lines(table):
            for other in lines.across:
                relations = []
                for rel in _relations(lines, other):
                    figs = [table.figure_at(*p) for p in (rel.total, *rel.parts)]
                    if all(present(f) for f in figs) and len({f.unit for f in figs if f.unit}) <= 1:
                        relations.append(rel)
                values = {p: table.figure_at(*p) for r in relations for p in (r.total, *r.parts)}
                out.append(Fund(table, tuple(relations), values))
    return out
