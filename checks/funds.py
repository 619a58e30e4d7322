"""GJ7xx: fund identities — income less expenditure is the year's balance, and balances roll forward."""

from __future__ import annotations

from decimal import Decimal

from checks.registry import Message, Report, finding_key, rule
from model.figure import Figure
from model.rounding import fmt, fmt_delta, sum_agrees
from reading.funds import Fund, FundRelation, Pos
from reading.names import row_and_column


def _exact(rel: FundRelation, values: dict[Pos, Figure]) -> Decimal:
    return sum((s * values[p].value for s, p in zip(rel.signs, rel.parts, strict=True)), Decimal(0))


def _holds(rel: FundRelation, values: dict[Pos, Figure]) -> bool:
    return sum_agrees(values[rel.total], [values[p] for p in rel.parts], rel.signs)


def _balance_culprit(fund: Fund) -> Pos | None:
    """The year's balance, when correcting it to 收入 − 支出 also makes the roll-forward hold."""
    balance, carryover = fund.of("balance"), fund.of("carryover")
    if balance is None or carryover is None or balance.total not in carryover.parts:
        return None
    if _holds(balance, fund.values) or _holds(carryover, fund.values):
        return None
    fig = fund.values[balance.total]
    trial = {**fund.values, balance.total: Figure(text=fig.text, value=_exact(balance, fund.values).quantize(fig.ulp),
                                                  decimals=fig.decimals, unit=fig.unit)}
    return balance.total if _holds(carryover, trial) else None


def _report(report: Report, funds: list[Fund], kind: str) -> None:
    """Both fund rules read the same funds, so a wrong 收支结余 is reported once, with its consequence."""
    for fund in funds:
        table = fund.table
        report.touch(*(table.cell_location(*p) for p in fund.values))
        rel = fund.of(kind)
        if rel is None or _holds(rel, fund.values):
            continue
        culprit = _balance_culprit(fund) if kind == "carryover" else None
        values = fund.values
        stated = values[rel.total]
        exact = _exact(rel, values)
        names = [row_and_column(table, p, table.rows[p[0]].label) for p in (rel.total, *rel.parts)]
        parts_text = " ".join(
            f"{'−' if s < 0 else '+'} {values[p].text}" if i else f"{values[p].text}"
            for i, (s, p) in enumerate(zip(rel.signs, rel.parts, strict=True))
        )
        report.finding(
            ["mismatch", *(["consequence"] if culprit else [])], table.cell_location(*rel.total), stated=stated,
            expected=exact.quantize(stated.ulp), exact=exact,
            evidence="；".join(f"{n} {values[p].text}" for n, p in zip(names, (rel.total, *rel.parts), strict=True)),
            related=(table.cell_location(*p) for p in rel.parts),
            consequence_of=finding_key("GJ701", table.cell_location(*culprit)) if culprit else "",
            name=names[0], parts=parts_text, sum=fmt(exact, stated), delta=fmt_delta(stated.value - exact, stated))


@rule("GJ701", "fund-balance-mismatch", "error", "收支结余不等于收入减支出",
      "The year's balance is not income less expenditure",
      needs=("funds",),
      messages={"mismatch": Message("{name} {stated} 与 收入 − 支出 = {parts} = {sum} 不符（差 {delta}）",
                                    "{name} {stated} is not income less expenditure, {parts} = {sum} "
                                    "(difference {delta})")})
def fund_balance_mismatch(report: Report, funds: list[Fund]) -> None:
    """What it does
    In a fund table that names its lines (本年收入合计, 本年支出合计, 本年收支结余), checks in every amount
    column (or, for a table with one fund per row, in every row) that 收入 − 支出 = 收支结余, each figure
    allowed its rounding. Lines are matched by keywords; a line found twice is left alone.

    Why is this bad?
    The year's balance is the first figure a reader of a fund report looks at; if it is not income
    less expenditure, either a total upstream or the balance itself is wrong.

    Example
    | 项目 | 统筹基金 |
    | --- | --- |
    | 本年收入合计 | 48,215,360.20 |
    | 本年支出合计 | 49,102,008.54 |
    | 本年收支结余 | −866,648.34 |

    Use instead
    本年收支结余 −886,648.34 (= 48,215,360.20 − 49,102,008.54).
    """
    _report(report, funds, "balance")


@rule("GJ702", "fund-carryover-mismatch", "error", "滚存结余不等于上年结余加本年收支结余",
      "The closing balance is not the opening balance plus the year's balance",
      needs=("funds",),
      messages={
          "mismatch": Message("{name} {stated} 与 上年结余 + 本年收支结余 = {parts} = {sum} 不符（差 {delta}）",
                              "{name} {stated} is not opening balance plus the year's balance, {parts} = {sum} "
                              "(difference {delta})"),
          "consequence": Message("；系本年收支结余之误所致", "; a consequence of the wrong balance for the year",
                                 "info"),
      })
def fund_carryover_mismatch(report: Report, funds: list[Fund]) -> None:
    """What it does
    In a fund table that names its lines (上年结余 or 年初结余, 本年收支结余, 年末/年度滚存结余), checks that
    上年结余 + 本年收支结余 = 滚存结余 in every amount column. When the year's balance is itself wrong
    (GJ701) and its corrected value makes this identity hold, the broken roll-forward is reported as an
    `info` consequence of that error.

    Why is this bad?
    The closing balance is carried into next year's opening balance; an error here propagates into
    every later report of the fund.

    Example
    | 项目 | 统筹基金 |
    | --- | --- |
    | 上年结余 | 930,118.00 |
    | 本年收支结余 | −886,648.34 |
    | 年度滚存结余 | 34,469.66 |

    Use instead
    年度滚存结余 43,469.66 (= 930,118.00 − 886,648.34).
    """
    _report(report, funds, "carryover")
