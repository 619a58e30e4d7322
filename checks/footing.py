"""GJ101: totals that do not foot, and the one wrong cell that explains them.

Every sum a table states (`reading.sums`) is an identity, and only a table whose own arithmetic confirms
how it was read is judged. A table whose identities all hold is silent. When some break, a minimal-change
search asks which single cell, set to the value one broken identity implies, would make every identity of
the table hold again; that cell is reported as the likely error and the broken sums as its consequences.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from checks.registry import Message, Report, rule
from model.rounding import fmt, fmt_delta, interval
from reading.names import cell_name, short
from reading.sums import Identity, Repair, TableSums, components, exact_sum, holds, localise


def parts_label(sums: TableSums, ident: Identity) -> str:
    names = [short(cell_name(sums.table, p, ident.axis)) for p in ident.parts]
    if len(names) > 4:
        return f"{len(names)} 项明细"
    return "+".join(names)


def evidence_of(sums: TableSums, ident: Identity) -> str:
    table, values = sums.table, sums.values
    parts = " + ".join(f"{cell_name(table, p, ident.axis)} {values[p].text}" for p in ident.parts)
    return f"{cell_name(table, ident.total)} {values[ident.total].text} = {parts}"


@rule("GJ101", "total-does-not-foot", "error", "合计数与明细之和不符", "A total does not equal the sum of its parts",
      needs=("sums",),
      messages={
          "broken": Message("{name} {total} 与其明细 {parts} = {sum} 不符（差 {delta}）",
                            "{name} {total} does not equal the sum of its parts {sum} (difference {delta})"),
          "rounding": Message("", "; rounding of the parts allows {low} to {high}"),
          "consequence": Message("；系{culprit}之误所致", "; a consequence of the error in {culprit}", "info"),
          "fixed": Message("（更正后明细之和为 {fixed}）", " (corrected, the parts add up to {fixed})"),
          "culprit-total": Message(
              "{name} {stated} 与其明细 {parts} = {repair} 不符（差 {delta}）；若取 {repair}，本表所有合计均成立",
              "{name} {stated} does not equal the sum of its parts {repair} (difference {delta}); with {repair} "
              "every total of the table holds"),
          "culprit-part": Message(
              "{name} {stated} 与 {total_name} {total} 减其余各项 = {repair} 不符（差 {delta}）；"
              "若取 {repair}，本表所有合计均成立",
              "{name} {stated} does not equal {total_name} {total} less the other parts, {repair} (difference "
              "{delta}); with {repair} every total of the table holds"),
          "breaks": Message("（此误使 {n} 处合计不符）", " (this one error breaks {n} totals)"),
      })
def total_does_not_foot(report: Report, sums: list[TableSums]) -> None:
    """What it does
    Adds up the parts of every total a table states (①② under their item, items under 小计, 小计
    under 合计, amount columns under a 合计 column) and compares the sum with the printed total as an
    interval: each part stands for its value ± half a unit of its last printed digit, so rounding
    never raises an alarm. Missing markers (—, /, blank) are left out of the sum, never read as 0.
    Parts introduced by 其中 are not a full breakdown and are not summed.

    When one wrong cell explains several broken totals, that cell is reported as the likely error
    (the one cell which, set to the value a broken sum implies, makes every sum of the table hold
    and breaks none), and each broken total as an `info` consequence of it.

    Why is this bad?
    A total that does not foot means a part or the total itself was mistyped or left stale; every
    figure derived from it (balances, execution rates, prose) inherits the error.

    Example
    表2 支出情况表（元）:

    | 支出项目 | 金额 |
    | --- | --- |
    | 医疗待遇支出 | 15,380,000.00 |
    | ①住院费用支出 | 5,100,000.00 |
    | ②门诊支出 | 9,700,000.00 |
    | 其他支出 | 650,000.00 |
    | 小计 | 15,450,000.00 |

    ①+② = 14,800,000.00, not 15,380,000.00; with 14,800,000.00 the 小计 holds too, so 待遇支出 is
    the one wrong cell and the broken 小计 its consequence.

    Use instead
    Correct the one cell (医疗待遇支出 14,800,000.00), so every total foots.
    """
    for table_sums in sums:
        # Only the sums of readings the table's own arithmetic confirms; the others' figures stay unchecked.
        table, values, judged = table_sums.table, table_sums.values, table_sums.judged
        report.touch(*(table.cell_location(*pos) for ident in judged for pos in ident.cells()))
        broken = [i for i in judged if not holds(i, values)]
        for group in components(broken):
            repair = localise(judged, group, values)
            if repair is None:
                for ident in group:
                    _broken_sum(report, table_sums, ident)
            else:
                _localised(report, table_sums, repair, group)


def _broken_sum(report: Report, sums: TableSums, ident: Identity, consequence_of: str = "", culprit: str = "",
                fixed: Decimal | None = None) -> None:
    table, values = sums.table, sums.values
    total = values[ident.total]
    expected = exact_sum(ident, values)
    lo, hi = interval([values[p] for p in ident.parts])
    messages = ["broken"]
    if lo != hi:
        messages.append("rounding")
    if consequence_of:
        messages.append("consequence")
        if fixed is not None:
            messages.append("fixed")
    report.finding(
        messages, table.cell_location(*ident.total), stated=total,
        expected=expected.quantize(total.ulp, rounding=ROUND_HALF_UP), exact=expected,
        evidence=evidence_of(sums, ident), related=(table.cell_location(*p) for p in ident.parts),
        consequence_of=consequence_of,
        name=cell_name(table, ident.total), total=total.text, parts=parts_label(sums, ident), sum=fmt(expected, total),
        delta=fmt_delta(total.value - expected, total), low=fmt(lo, total), high=fmt(hi, total), culprit=culprit,
        fixed=fmt(fixed, total) if fixed is not None else "",
    )


def _localised(report: Report, sums: TableSums, repair: Repair, group: list[Identity]) -> None:
    table, values = sums.table, sums.values
    pos, via = repair.pos, repair.via
    fig = values[pos]
    name = cell_name(table, pos, via.axis if pos != via.total else None)
    n = len(group)
    found = report.finding(
        ["culprit-total" if pos == via.total else "culprit-part", *(["breaks"] if n > 1 else [])],
        table.cell_location(*pos), stated=fig, expected=repair.value, evidence=evidence_of(sums, via),
        related=(table.cell_location(*p) for i in group for p in i.cells() if p != pos),
        name=name, parts=parts_label(sums, via), repair=fmt(repair.value, fig),
        delta=fmt_delta(fig.value - repair.value, fig), total_name=cell_name(table, via.total),
        total=values[via.total].text, n=n,
    )
    fixed_values = {**values, pos: replace(fig, value=repair.value)}
    for ident in group:
        if ident.total == pos:
            continue  # the culprit's own finding already says its parts disagree with it
        fixed = exact_sum(ident, fixed_values) if pos in ident.parts else None
        _broken_sum(report, sums, ident, consequence_of=found.key, culprit=f"{name} {fig.text}", fixed=fixed)
