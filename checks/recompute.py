"""GJ4xx: recompute rates, formulas and percentages from the operands printed beside them."""

from __future__ import annotations

from decimal import Decimal

from checks.registry import Message, Report, rule
from checks.truncation import truncation_variant
from model.document import Location
from model.figure import Figure
from model.rounding import compare, fmt, interval
from reading.claims import operand_value, spans_answer_scale
from reading.facts import Claims
from reading.formulas import Formula
from reading.names import row_text
from reading.rates import ExecutionRow, RoundingEvidence

# Every rule that recomputes a rate from its operands says it the same way.
RATE_MESSAGES = {
    "wrong": Message("{formula} = {shown}，应为 {rounded}{unit}，文中写为 {stated}。",
                     "{formula} = {shown}, so it should read {rounded}{unit}, not {stated}."),
    # A rate only truncation fits, as the document's own rounding judges it (checks/truncation.py).
    "truncated-others-half-up": Message(
        "{formula} = {shown}，四舍五入应为 {rounded}；写为 {stated} 只在截尾（舍去）时成立，"
        "而本文件其他比率按四舍五入。",
        "{formula} = {shown}, which rounds to {rounded}; {stated} only fits truncation, while the document rounds "
        "its other rates half-up."),
    "truncated-others-truncated": Message(
        "{formula} = {shown}，四舍五入应为 {rounded}；写为 {stated} 只在截尾（舍去）时成立（本文件其他比率亦为截尾）。",
        "{formula} = {shown}, which rounds to {rounded}; {stated} only fits truncation (other rates of the "
        "document are truncated too).", "warning"),
    "truncated-whole-point": Message(
        "{formula} = {shown}，四舍五入应为 {rounded}；写为 {stated} 截尾舍去了半个百分点以上。",
        "{formula} = {shown}, which rounds to {rounded}; {stated} drops half a point or more by truncation."),
    "truncated": Message("{formula} = {shown}，四舍五入应为 {rounded}；写为 {stated} 只在截尾（舍去）时成立。",
                         "{formula} = {shown}, which rounds to {rounded}; {stated} only fits truncation.", "warning"),
}


def _rate(report: Report, rounding: RoundingEvidence, stated: Figure, where: Location, exact: Decimal, formula: str,
          evidence: str, related: tuple[Location, ...]) -> bool:
    """Report a rate its operands do not give; whether it agrees."""
    agreement = compare(stated, exact)
    if agreement.ok and not agreement.truncation_only:
        return True
    report.finding(
        truncation_variant(stated, where, rounding) if agreement.truncation_only else "wrong", where, stated=stated,
        expected=agreement.expected, evidence=evidence, related=related, formula=formula,
        shown=fmt(exact, stated.decimals + 2) + ("%" if stated.is_percent else ""),
        rounded=fmt(agreement.expected, stated.decimals), unit=stated.unit or "")
    return False


@rule("GJ401", "rate-does-not-match-operands", "error", "比率与其分子分母不符",
      "A rate does not follow from the amounts stated beside it", needs=("claims", "rounding"), messages=RATE_MESSAGES)
def rate_mismatch(report: Report, claims: Claims, rounding: RoundingEvidence) -> None:
    """
    What it does
    Finds rates stated with their operands in one sentence ("预算 X 万元，执行 Y 万元，执行率 Z%";
    "预算收入 A 元，决算收入 B 元，预算完成率为 R%"), tells numerator from denominator by their words
    (预算/计划/年初 against 执行/决算/实际/到位), and recomputes the rate.

    Why is this bad?
    Rates are what scores are read from. A rate its own operands contradict is either misprinted or
    computed from other figures than the ones shown.

    Example
    "年初预算442.86万元，实际执行421.19万元，执行率95.3%" — 421.19 / 442.86 = 95.107%, i.e. 95.1%.

    Use instead
    "执行率95.1%".
    """
    for claim in claims.of("ratio"):
        if "numerator" not in claim.values:
            continue
        num, den = claim.values["numerator"], claim.values["denominator"]
        rate = claim.values["rate"]
        where = claim.figure_location(rate)
        related = (claim.figure_location(num), claim.figure_location(den))
        report.touch(where, *related)
        _rate(report, rounding, rate, where, operand_value(num) / operand_value(den) * 100, f"{num.text} / {den.text}",
              claim.text, related)


@rule("GJ402", "formula-result-mismatch", "error", "算式结果错误", "An explicit formula's result is wrong",
      needs=("claims", "rounding"), messages=RATE_MESSAGES)
def formula_mismatch(report: Report, claims: Claims, rounding: RoundingEvidence) -> None:
    """
    What it does
    Evaluates explicit arithmetic written with figures — "789592006/11778/12/6906=80.9%", "a-b=c",
    "a×b%=c" — and compares the result with the printed one, at its printed precision.

    Why is this bad?
    A formula printed in the report is a claim of exact arithmetic; a wrong result is a plain error.

    Example
    "做实率=789592006/11778/12/6906=85.9%" — the expression gives 80.9%.

    Use instead
    "789592006/11778/12/6906=80.9%".
    """
    for claim in claims.of("formula"):
        result = claim.values["result"]
        exact = Formula(claim.label, claim.items, result, 0, 0).evaluate()
        if exact is None:
            continue
        where = claim.figure_location(result)
        related = tuple(claim.figure_location(f) for _, f in claim.items)
        report.touch(where, *related)
        expression = claim.label.split("=")[0] if not claim.label.startswith(result.text) \
            else claim.label.split("=", 1)[1]
        _rate(report, rounding, result, where, exact, expression, claim.text, related)


@rule("GJ403", "share-of-count-mismatch", "error", "占比与计数不符", "A percentage of a count is wrong",
      needs=("claims", "rounding"), messages=RATE_MESSAGES)
def share_of_count_mismatch(report: Report, claims: Claims, rounding: RoundingEvidence) -> None:
    """
    What it does
    Recomputes parts of a whole stated as counts with their share: "回收 512 份，其中 431 份（占比
    84.18%）" → 431 / 512.

    Why is this bad?
    Survey shares feed satisfaction indicators and their scores; a misprinted share changes the score.

    Example
    "回收 512 份，其中 431 份（占比 84.20%）" — 431 / 512 = 84.180%, i.e. 84.18%.

    Use instead
    "其中 370 份（占比 84.67%）".
    """
    for claim in claims.of("part_of_whole"):
        whole, part, rate = claim.values["whole"], claim.values["part"], claim.values["rate"]
        if not whole.value:
            continue
        where = claim.figure_location(rate)
        related = (claim.figure_location(part), claim.figure_location(whole))
        report.touch(where, *related)
        _rate(report, rounding, rate, where, part.value / whole.value * 100, f"{part.text} / {whole.text}", claim.text,
              related)


def possible_counts(rate: Figure, population: int) -> list[int]:
    """Whole counts k ≤ N whose share k/N prints as `rate` (any rounding): the GRIM test."""
    centre = int(rate.value * population / 100)
    return [k for k in range(max(0, centre - 2), min(population, centre + 3) + 1)
            if compare(rate, Decimal(k) / population * 100).ok]


@rule("GJ404", "impossible-percentage", "warning", "该百分比对应的人数不可能为整数",
      "No whole number of respondents gives this percentage",
      needs=("claims",),
      messages={"impossible": Message("{stated} 不可能是 {n} 份中的整数份额（{near}）。",
                                      "{stated} cannot be a whole number out of {n} ({near}).")})
def impossible_percentage(report: Report, claims: Claims) -> None:
    """
    What it does
    For the shares of a surveyed population whose size is stated (问卷 512 份), checks that each
    percentage can be k / N for a whole number k, at the printed precision (the GRIM test).

    Why is this bad?
    A share no whole number of people can produce was not computed from the survey as described.

    Example
    "共回收问卷 512 份……0.25%的群众对总体感觉不满意" — 1/512 = 0.20% and 2/512 = 0.39%; 0.25% is
    impossible.

    Use instead
    The share an actual count gives, e.g. "0.23%（1 份）".
    """
    for claim in claims.of("shares"):
        population = claim.values.get("population")
        if population is None or population.value is None or population.value != int(population.value):
            continue
        n = int(population.value)
        for _, rate in claim.items:
            if rate.value is None or n >= 100 * 10 ** rate.decimals:
                continue  # every percentage at this precision is possible for so large an N
            where = claim.figure_location(rate)
            report.touch(where)
            if possible_counts(rate, n):
                continue
            low = int(rate.value * n / 100)
            near = ", ".join(f"{k}/{n} = {fmt(Decimal(k) / n * 100, rate.decimals)}%" for k in (low, low + 1))
            report.finding("impossible", where, stated=rate, evidence=claim.text,
                           related=(claim.figure_location(population),), n=n, near=near)


@rule("GJ405", "shares-do-not-sum-to-100", "warning", "同一群体各类占比之和不为100%",
      "The shares of one population do not add up to 100%",
      needs=("claims",),
      messages={"sum": Message("各类占比 {parts} = {total}%，不等于 100%。",
                               "The shares {parts} add up to {total}%, not 100%.")})
def shares_do_not_sum(report: Report, claims: Claims) -> None:
    """
    What it does
    Adds the shares reported for one surveyed population across a complete scale (满意、一般、不满意)
    and checks that they can sum to 100%, each share ± half a unit of its last printed digit.

    Why is this bad?
    The categories of one answer scale are exhaustive; shares that do not sum to 100% mean a category
    is missing or a share is misprinted.

    Example
    "满意度为 84.67%……15.1% 表示一般，1.26% 表示不满意" — 101.03%.

    Use instead
    Shares that add up: 84.67% + 15.1% + 0.23%.
    """
    for claim in claims.of("shares"):
        if not spans_answer_scale([label for label, _ in claim.items]):
            continue
        rates = [f for _, f in claim.items]
        lo, hi = interval(rates)
        if lo <= 100 <= hi:
            continue
        last = rates[-1]
        report.finding("sum", claim.figure_location(last), stated=last, evidence=claim.text,
                       related=tuple(claim.figure_location(f) for f in rates),
                       parts=" + ".join(f.text for f in rates), total=sum(f.value for f in rates))


@rule("GJ406", "score-rate-mismatch-in-text", "error", "文中得分率与得分、满分不符",
      "A score rate in the text does not equal score / maximum", needs=("claims", "rounding"), messages=RATE_MESSAGES)
def statement_rate_mismatch(report: Report, claims: Claims, rounding: RoundingEvidence) -> None:
    """
    What it does
    Recomputes the rate in statements such as "满分 30 分，实际得分 27.45 分，得分率 91.50%".

    Why is this bad?
    The rate is derived from the two scores beside it; a wrong rate is a misprint the reader sees.

    Example
    "满分 25 分，实际得分 21.47 分，得分率 85.58%" — 21.47 / 25 = 85.88%.

    Use instead
    "得分率 85.88%".
    """
    for claim in claims.of("score_statement"):
        rate, maximum, score = claim.values.get("rate"), claim.values["maximum"], claim.values["score"]
        if rate is None or not maximum.value or score.value is None:
            continue
        where = claim.figure_location(rate)
        related = (claim.figure_location(score), claim.figure_location(maximum))
        report.touch(where, *related)
        _rate(report, rounding, rate, where, score.value / maximum.value * 100, f"{score.text} / {maximum.text}",
              claim.text, related)


@rule("GJ407", "rate-cell-mismatch", "error", "表中比率与同行预算数、执行数不符",
      "A rate cell does not follow from the budget and actual cells of its row",
      needs=("execution_rows", "rounding"), messages=RATE_MESSAGES)
def rate_cell_mismatch(report: Report, execution_rows: list[ExecutionRow], rounding: RoundingEvidence) -> None:
    """
    What it does
    In tables with budget (预算数), actual (执行数/决算数/到位数) and rate (执行率/完成率/到位率) columns,
    recomputes each row's rate as actual / budget, the 合计 row included.

    Why is this bad?
    Execution rates are what budget performance is judged on; a rate cell its own row contradicts
    either misprints the rate or was computed from other amounts than the ones shown.

    Example
    "合计 | 4165.12 | 3978.78 | 95.50%" — 3978.78 / 4165.12 = 95.526%, i.e. 95.53%.

    Use instead
    "95.53%".
    """
    for row in execution_rows:
        table = row.table
        rate, actual = _own_figure(table, row.rate), _own_figure(table, row.actual)
        if rate is None or actual is None or not rate.is_percent:
            continue
        budgets = [(p, f) for p in row.budgets if (f := _own_figure(table, p)) is not None and f.value]
        if not budgets:
            continue
        where = table.cell_location(*row.rate)
        # The rate may be measured against any of the budgets: reported only when it fits none, against the last.
        trial = Report(report.rule)
        for p, budget in budgets:
            related = (table.cell_location(*row.actual), table.cell_location(*p))
            report.touch(where, *related)
            if _rate(trial, rounding, rate, where, actual.value / budget.value * 100, f"{actual.text} / {budget.text}",
                     row_text(table, row.row), related):
                break
        else:
            report.findings.append(trial.findings[-1])


def _own_figure(table, pos) -> Figure | None:
    cell = table.grid[pos[0]][pos[1]]
    if cell.row != pos[0] or cell.figure is None or cell.figure.value is None:
        return None
    return cell.figure
