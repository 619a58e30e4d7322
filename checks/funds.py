"""GJ7xx: fund identities — income less expenditure is the year's balance, and balances roll forward.

A fund table names its lines (本年收入, 本年支出, 本年收支结余, 上年结余, 年末滚存结余) either as rows,
with one column per fund, or as columns, with one row per fund. Lines are found by keywords and an
identity is checked only when each of its lines is found exactly once, so an unusual table stays
silent rather than being misread.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import regex

from checks.footing import body_rows, cell_key, figure_at, present
from checks.registry import Context, rule
from extractor.tables import squeeze
from model.document import Table
from model.figure import Figure
from model.findings import Finding
from model.rounding import fmt, fmt_delta, sum_agrees, ulps

Pos = tuple[int, int]

# Line kinds by keywords. Order matters: the balance kinds are tested before income and expenditure,
# because "收支结余" holds both 收 and 支.
_LINES: tuple[tuple[str, regex.Pattern], ...] = (
    ("opening", regex.compile(r"上年(末)?(滚存)?结余|年初(滚存)?结余|期初(滚存)?结余|上年结转")),
    ("closing", regex.compile(r"滚存结余|年末结余|期末结余|累计结余|年末余额|期末余额")),
    ("balance", regex.compile(r"收支结余|当年结余|本年结余|本期结余|收支差额|当期结余")),
    ("income", regex.compile(r"收入")),
    ("expense", regex.compile(r"支出")),
)
_PREFERRED = regex.compile(r"合计|总计|本年|本期|当年")
_VALUE_ROLES = frozenset({"amount", "total", "budget", "actual"})


def line_kind(label: str) -> str | None:
    text = squeeze(label)
    for kind, pattern in _LINES:
        if pattern.search(text):
            return kind
    return None


def _pick(candidates: list[tuple[int, str]]) -> int | None:
    """The one line of a kind; among several, the one named 合计/本年; else none."""
    if len(candidates) == 1:
        return candidates[0][0]
    preferred = [i for i, label in candidates if _PREFERRED.search(label)]
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
        out.append(FundLines("cols", at, body_rows(table)))
    return out


@dataclass(frozen=True)
class Check:
    code: str
    total: Pos
    parts: tuple[Pos, ...]
    signs: tuple[int, ...]
    label_zh: str
    label_en: str


def _checks(lines: FundLines, other: int) -> list[Check]:
    out = []
    if {"income", "expense", "balance"} <= lines.at.keys():
        out.append(Check("GJ701", lines.pos("balance", other),
                         (lines.pos("income", other), lines.pos("expense", other)), (1, -1),
                         "收入 − 支出", "income less expenditure"))
    if {"opening", "balance", "closing"} <= lines.at.keys():
        out.append(Check("GJ702", lines.pos("closing", other),
                         (lines.pos("opening", other), lines.pos("balance", other)), (1, 1),
                         "上年结余 + 本年收支结余", "opening balance plus the year's balance"))
    return out


def _exact(check: Check, values: dict[Pos, Figure]) -> Decimal:
    return sum((s * values[p].value for s, p in zip(check.signs, check.parts, strict=True)), Decimal(0))


def _holds(check: Check, values: dict[Pos, Figure]) -> bool:
    return sum_agrees(values[check.total], [values[p] for p in check.parts], check.signs)


def _fund_findings(ctx: Context, code: str) -> Iterator[Finding]:
    """Both fund rules share one pass, so a wrong 收支结余 is reported once, with its consequence."""
    for table in ctx.doc.tables:
        for lines in fund_lines(table):
            for other in lines.across:
                checks = []
                for check in _checks(lines, other):
                    figs = [figure_at(table, p) for p in (check.total, *check.parts)]
                    if all(present(f) for f in figs) and len({f.unit for f in figs if f.unit}) <= 1:
                        checks.append(check)
                values = {p: figure_at(table, p) for c in checks for p in (c.total, *c.parts)}
                ctx.touch(*(table.cell_location(*p) for p in values))
                broken = [c for c in checks if not _holds(c, values)]
                culprit = _balance_culprit(checks, broken, values)
                for check in broken:
                    if check.code != code:
                        continue
                    if culprit and check.code == "GJ702":
                        yield _finding(table, check, values, consequence_of=cell_key("GJ701", table, culprit))
                    else:
                        yield _finding(table, check, values)


def _balance_culprit(checks: list[Check], broken: list[Check], values: dict[Pos, Figure]) -> Pos | None:
    """The year's balance, when correcting it to 收入 − 支出 also makes the roll-forward hold."""
    if len(broken) != 2:
        return None
    first, second = sorted(broken, key=lambda c: c.code)
    if first.code != "GJ701" or second.code != "GJ702" or first.total not in second.parts:
        return None
    fig = values[first.total]
    trial = {**values, first.total: Figure(text=fig.text, value=_exact(first, values).quantize(fig.ulp),
                                           decimals=fig.decimals, unit=fig.unit)}
    return first.total if _holds(second, trial) else None


def _finding(table: Table, check: Check, values: dict[Pos, Figure], consequence_of: str = "") -> Finding:
    stated = values[check.total]
    exact = _exact(check, values)
    names = [_name(table, p, table.rows[p[0]].label) for p in (check.total, *check.parts)]
    parts_text = " ".join(
        f"{'−' if s < 0 else '+'} {values[p].text}" if i else f"{values[p].text}"
        for i, (s, p) in enumerate(zip(check.signs, check.parts, strict=True))
    )
    zh = (f"{names[0]} {stated.text} 与 {check.label_zh} = {parts_text} = {fmt(exact, stated)} 不符"
          f"（差 {fmt_delta(stated.value - exact, stated)}）")
    en = (f"{names[0]} {stated.text} is not {check.label_en}, {parts_text} = {fmt(exact, stated)} "
          f"(difference {fmt_delta(stated.value - exact, stated)})")
    if consequence_of:
        zh += "；系本年收支结余之误所致"
        en += "; a consequence of the wrong balance for the year"
    return Finding(
        rule=check.code, severity="info" if consequence_of else "error", message=zh, message_en=en,
        location=table.cell_location(*check.total), stated_text=stated.text, stated_value=stated.value,
        expected_value=exact.quantize(stated.ulp), delta_ulps=ulps(stated, exact), unit=stated.unit,
        evidence="；".join(f"{n} {values[p].text}" for n, p in zip(names, (check.total, *check.parts), strict=True)),
        related=tuple(table.cell_location(*p) for p in check.parts), key=cell_key(check.code, table, check.total),
        consequence_of=consequence_of,
    )


def _name(table: Table, pos: Pos, row_label: str) -> str:
    header = table.columns[pos[1]].header.split("/")[-1] if pos[1] < len(table.columns) else ""
    return f"{row_label}（{header}）" if row_label and header else row_label or header


@rule("GJ701", "fund-balance-mismatch", "error", "收支结余不等于收入减支出",
      "The year's balance is not income less expenditure")
def fund_balance_mismatch(ctx: Context) -> Iterator[Finding]:
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
    | 本年收入合计 | 63,270,352.31 |
    | 本年支出合计 | 64,157,000.65 |
    | 本年收支结余 | −866,648.34 |

    Use instead
    本年收支结余 −886,648.34 (= 63,270,352.31 − 64,157,000.65).
    """
    yield from _fund_findings(ctx, "GJ701")


@rule("GJ702", "fund-carryover-mismatch", "error", "滚存结余不等于上年结余加本年收支结余",
      "The closing balance is not the opening balance plus the year's balance")
def fund_carryover_mismatch(ctx: Context) -> Iterator[Finding]:
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
    yield from _fund_findings(ctx, "GJ702")
