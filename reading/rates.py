"""Rates printed in tables beside the two cells of their row they are the quotient of.

得分率 cells are read with their score tables (`reading.score_tables`); here are the execution rates
(执行率, 完成率, 到位率) beside their budget and actual columns, and which rounding the document's rates
follow, which is the evidence a rate that only truncation explains is judged against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from model.document import Location, Table
from model.figure import Figure, present
from model.rounding import compare
from patterns.vocabulary import V

Pos = tuple[int, int]



@dataclass(frozen=True)
class RateCell:
    """A printed rate with the two cells of its row it is the quotient of."""

    table: Table
    pos: Pos
    stated: Figure
    exact: Decimal  # numerator ÷ denominator, in the stated figure's unit
    operands: tuple[Pos, Pos]  # numerator, denominator


def _as_stated(stated: Figure, ratio: Decimal) -> Decimal | None:
    """A ratio of one in the stated figure's unit; None when the unit cannot be told."""
    if stated.unit == "%":
        return ratio * 100
    if stated.unit == "‰":
        return ratio * 1000
    if stated.unit is None and stated.value is not None and stated.value <= 1 and stated.decimals >= 2:
        return ratio
    return None


def rate_cell(table: Table, r: int, rate_col: int, num_col: int, den_col: int) -> RateCell | None:
    stated, num, den = (table.figure_at(r, c) for c in (rate_col, num_col, den_col))
    if not (present(stated) and present(num) and present(den)) or den.value <= 0:
        return None
    if stated.comparator is not None:
        return None
    exact = _as_stated(stated, num.value / den.value)
    if exact is None:
        return None
    return RateCell(table, (r, rate_col), stated, exact, ((r, num_col), (r, den_col)))


def ratio_rates(table: Table) -> list[RateCell]:
    """Execution rates beside their budget and actual columns (one of each)."""
    budgets, actuals = table.columns_with("budget"), table.columns_with("actual")
    if len(budgets) != 1 or len(actuals) != 1:
        return []
    out = []
    for col in table.columns:
        if col.role == "ratio" and col.header in V.execution_rates:
            for r in table.body_rows():
                cell = rate_cell(table, r, col.index, actuals[0], budgets[0])
                if cell is not None:
                    out.append(cell)
    return out


@dataclass(frozen=True)
class RateSeen:
    """A rate the document prints with its operands: the figure, the exact quotient, where it is."""

    stated: Figure
    exact: Decimal  # in the stated figure's unit
    location: Location


@dataclass(frozen=True)
class RoundingEvidence:
    """How the document's rates with printed operands are rounded (table cells and prose alike): the
    evidence a rate that only truncation explains is judged against."""

    half_up: tuple[Location, ...]  # rates that fit half-up rounding and not truncation
    truncated: tuple[Location, ...]  # rates only truncation fits

    def others(self, where: Location) -> str:
        """How the document's other rates are rounded: "half-up", "truncate" or "" (no evidence)."""
        if any(loc != where for loc in self.half_up):
            return "half-up"
        if any(loc != where for loc in self.truncated):
            return "truncate"
        return ""


def rounding_evidence(rates: Iterable[RateSeen]) -> RoundingEvidence:
    half_up, truncated = [], []
    for rate in rates:
        agreement = compare(rate.stated, rate.exact)
        if "half-up" in agreement.modes and "truncate" not in agreement.modes:
            half_up.append(rate.location)
        elif agreement.truncation_only:
            truncated.append(rate.location)
    return RoundingEvidence(tuple(half_up), tuple(truncated))


@dataclass(frozen=True)
class ExecutionRow:
    """A table row with a rate (执行率, 完成率…) and the actual and budget amounts left of it."""

    table: Table
    row: int
    rate: Pos
    actual: Pos
    budgets: tuple[Pos, ...]  # a rate may be measured against any budget column (年初, 调整后)


def execution_rows(tables: Iterable[Table]) -> list[ExecutionRow]:
    """Every row of a table with budget, actual and rate columns, for every rate column."""
    out = []
    for table in tables:
        budgets, actuals = table.columns_with("budget"), table.columns_with("actual")
        for rate_col in table.columns_with("ratio"):
            actual = _numerator_column(table, rate_col, [c for c in actuals if c < rate_col])
            if not budgets or actual is None:
                continue
            for row in table.rows[table.header_rows:]:
                out.append(ExecutionRow(table, row.index, (row.index, rate_col), (row.index, actual),
                                        tuple((row.index, c) for c in budgets)))
    return out


def _numerator_column(table: Table, rate_col: int, actual_cols: list[int]) -> int | None:
    """The actual column a rate column is taken from: only an execution rate (占比 and 比重 are shares of
    a total, not of a budget), and the column its header names (到位率 from 到位数, 执行率 from 执行数);
    with several candidates and none named, none."""
    hit = V.execution_rates.match(table.columns[rate_col].header)
    if hit is None or not actual_cols:
        return None
    words = V.execution_rates.kind(hit.kind).extra["numerator"]
    named = [c for c in actual_cols if any(w in table.columns[c].header for w in words)]
    if named:
        return named[-1]
    others = {w for k in V.execution_rates.kinds for w in k.extra["numerator"]} - set(words)
    only = actual_cols[-1] if len(actual_cols) == 1 else None
    if only is None or any(w in table.columns[only].header for w in others):
        return None  # 执行率 beside a lone 到位数 column is not taken from it
    return only
