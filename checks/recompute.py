"""GJ4xx: recompute rates, formulas and percentages from the operands printed beside them."""

from __future__ import annotations

from decimal import Decimal

from checks.registry import Message, Report, rule
from checks.truncation import truncation_variant
from model.claims import Claim
from model.document import Location
from model.figure import Figure
from model.rounding import amounts_agree, compare, fmt, interval, sum_agrees, within, yuan_interval
from reading.claims import operand_value, spans_answer_scale
from reading.facts import Claims
from reading.formulas import Formula
from reading.named import NamedAmounts
from reading.names import row_text
from reading.rates import ExecutionRow, RoundingEvidence
from reading.wording import words_before, year_of

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
    Evaluates explicit arithmetic written with figures — "512000000/8420/12/6150=82.4%", "a-b=c",
    "a×b%=c" — and compares the result with the printed one, at its printed precision.

    Why is this bad?
    A formula printed in the report is a claim of exact arithmetic; a wrong result is a plain error.

    Example
    "做实率=512000000/8420/12/6150=86.4%" — the expression gives 80.9%.

    Use instead
    "512000000/8420/12/6150=82.4%".
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


@rule("GJ409", "amount-share-mismatch", "error", "金额占比与其金额不符",
      "The share of an amount does not follow from the amounts stated with it",
      needs=("claims", "rounding"),
      messages={**RATE_MESSAGES, "plugged": Message(
          "{formula} = {shown}，四舍五入应为 {rounded}；各项占比合计恰为 100%，此项应是为凑足 100% 调整的（惯例）。",
          "{formula} = {shown}, which rounds to {rounded}; the shares add up to exactly 100%, so this one was "
          "adjusted to make them (a publishing convention).", "info")})
def amount_share_mismatch(report: Report, claims: Claims, rounding: RoundingEvidence) -> None:
    """What it does
    Reads an amount and the shares of it the text lists ("一般公共预算财政拨款支出 3012.77 万元，主要用于：
    节能环保支出（类）845.20 万元，占 28.05%；……") and recomputes each share as part ÷ whole. The whole is
    the amount stated before the shares; it is used only when the text confirms it: the parts add up to it,
    or most of the shares fit it. When the parts add up to the whole and the printed shares add up to
    exactly 100%, a share one unit off in its last digit was adjusted to make them: info, not an error.

    Why is this bad?
    The shares explain how an amount was used; a share its own amounts contradict was computed from other
    figures or mistyped, and a reader comparing the lines is misled.

    Example
    "支出 3012.77 万元，其中：节能环保支出 845.20 万元，占 28.40%；……" — 845.20 / 3012.77 = 28.054%.

    Use instead
    "占 28.05%".
    """
    groups: dict[tuple, list[Claim]] = {}
    for claim in claims.of("amount_share"):
        loc, whole = claim.location, claim.values["whole"]
        groups.setdefault((loc.block, loc.row, loc.col, whole.start), []).append(claim)
    for group in groups.values():
        whole = group[0].values["whole"]
        parts = [c.values["part"] for c in group]
        exact = {id(c): operand_value(c.values["part"]) / operand_value(whole) * 100 for c in group}
        fits = [c for c in group if compare(c.values["rate"], exact[id(c)]).ok]
        same_unit = len({f.unit for f in (whole, *parts)}) == 1
        complete = same_unit and sum_agrees(whole, parts)
        if not (complete or (len(group) >= 2 and 3 * len(fits) >= 2 * len(group))):
            continue  # the amount before the shares is not confirmed as their whole
        rates = [c.values["rate"] for c in group]
        plugged = complete and sum(r.value for r in rates) == 100
        for claim in group:
            rate, part = claim.values["rate"], claim.values["part"]
            where = claim.figure_location(rate)
            related = (claim.figure_location(part), claim.figure_location(whole))
            report.touch(where, *related)
            formula = f"{part.text} / {whole.text}"
            agreement = compare(rate, exact[id(claim)])
            if plugged and not (agreement.ok and not agreement.truncation_only) \
                    and abs(rate.value - agreement.expected) <= rate.ulp:
                report.finding("plugged", where, stated=rate, expected=agreement.expected, evidence=claim.text,
                               related=related, formula=formula,
                               shown=fmt(exact[id(claim)], rate.decimals + 2) + "%",
                               rounded=fmt(agreement.expected, rate.decimals))
                continue
            _rate(report, rounding, rate, where, exact[id(claim)], formula, claim.text, related)


@rule("GJ410", "named-share-mismatch", "error", "占比与所称总额不符",
      "A share does not follow from the total it names",
      needs=("claims", "named_amounts", "rounding"), messages=RATE_MESSAGES)
def named_share_mismatch(report: Report, claims: Claims, named_amounts: NamedAmounts,
                         rounding: RoundingEvidence) -> None:
    """What it does
    For a share that names its whole ("一般公共预算财政拨款支出 3000.50 万元，占本年支出合计的 96.52%"), looks
    the whole up wherever the document gives an amount that name (a table line, a statement in the text),
    in 元, and recomputes part ÷ whole. When the name has several amounts (a 总表 and a 财政拨款 总表 both
    have a 本年支出合计), the share agrees if it fits any of them; it is reported only when it fits none
    (or fits one only by truncation).

    Why is this bad?
    A share of a named total is how the prose ties a figure to the tables; a share the total does not
    give means the figure, the total or the rate was changed without the others.

    Example
    "支出 3000.50 万元，占本年支出合计的 96.52%", with 本年支出合计 3108.65 in 表1: 3000.50 / 3108.65 = 96.521%.

    Use instead
    The share the named total gives.
    """
    for claim in claims.of("named_share"):
        part, rate = claim.values["part"], claim.values["rate"]
        where = claim.figure_location(rate)
        candidates = [n for n in named_amounts.get(claim.label)
                      if n.yuan and (n.location.block, n.location.start) != (where.block, part.start)]
        values = list(dict.fromkeys(n.yuan for n in candidates))
        if not values:
            continue
        readings = [(v, operand_value(part) / v * 100) for v in values]
        agreements = [(v, exact, compare(rate, exact)) for v, exact in readings]
        if any(a.ok and not a.truncation_only for _, _, a in agreements):
            report.touch(where, claim.figure_location(part), *(n.location for n in candidates))
            continue
        truncated = [(v, exact) for v, exact, a in agreements if a.truncation_only]
        if not truncated and len(values) > 1:
            continue  # several totals of that name and none fits: which one is meant cannot be told
        value, exact = truncated[0] if truncated else readings[0]
        whole = next(n for n in candidates if n.yuan == value)
        related = (claim.figure_location(part), whole.location)
        report.touch(where, *related)
        _rate(report, rounding, rate, where, exact, f"{part.text} / {claim.label} {whole.figure.text}", claim.text,
              related)


@rule("GJ411", "change-mismatch", "error", "增减额或增减幅度与所比两数不符",
      "A change against an earlier year does not follow from the figures it compares",
      needs=("claims", "rounding"),
      messages={
          **RATE_MESSAGES,
          "amount": Message("{current} 与 {previous} 相差 {difference}，文中写为{word} {stated}。",
                            "{current} and {previous} differ by {difference}; the text says {word_en} {stated}."),
          "direction": Message("{current} 比 {previous} {actual}，文中却说“{word}”。",
                               "{current} is {actual_en} than {previous}, but the text says '{word}'."),
          "mixed": Message("同一句中增减额与增减幅度的方向相反（一说增加，一说下降）：{stated}。",
                           "The change's amount and its rate go opposite ways in one sentence: {stated}."),
      })
def change_mismatch(report: Report, claims: Claims, rounding: RoundingEvidence) -> None:
    """What it does
    Reads a change against an earlier year ("支出 5284.60 万元，比上年增加 612.40 万元，增长 13.11%";
    "2024年执行数 1850.00 万元，2025年安排 1752.35 万元，比2024年减少 5.28%") and recomputes it: the amount
    from the two years' figures, the rate as amount ÷ the earlier figure (the earlier figure is current −
    amount when only the amount is given), and the direction. Every operand's rounding is allowed for, and
    a rate that some other amount of the sentence would explain is left alone, since the sentence may be
    about that amount.

    Why is this bad?
    A change is how a reader learns whether spending grew; a rate its own figures do not give, or a word
    that says the opposite of the figures, tells the reader the wrong story.

    Example
    "2024年执行数为 1850.00 万元，2025年预算安排 1752.35 万元，比2024年执行数减少 2.30%" —
    (1850.00 − 1752.35) / 1850.00 = 5.28%.

    Use instead
    "减少 5.28%".
    """
    for claim in claims.of("change"):
        current = claim.values["current"]
        previous, amount, rate = (claim.values.get(k) for k in ("previous", "amount", "rate"))
        if previous is None and (amount is None or rate is None):
            continue  # nothing to recompute the change from
        stated_last = rate or amount
        where = claim.figure_location(stated_last)
        related = tuple(claim.figure_location(f) for f in (current, previous, amount) if f is not None
                        and f is not stated_last)
        report.touch(where, *related)
        if claim.label == "mixed":
            report.finding("mixed", where, stated=stated_last, expected=None, evidence=claim.text, related=related)
            continue
        sign = 1 if claim.label == "up" else -1
        if previous is not None and not _change_from_years(report, claim, sign, where, related):
            continue
        if rate is None:
            continue
        bounds = _change_rate_bounds(current, previous, amount, sign)
        if bounds is None or within(rate, *bounds):
            continue
        others = [other for _, other in claim.items if other is not previous]
        if any(b is not None and within(rate, *b) for b in
               (_change_rate_bounds(other, previous, amount if previous is None else None, sign) for other in others)):
            continue  # another amount of the sentence explains the rate: which one changed is not clear
        if previous is not None:
            exact = abs(current.in_yuan() - previous.in_yuan()) / previous.in_yuan() * 100
            formula = f"|{current.text} − {previous.text}| / {previous.text}"
        else:
            exact = amount.in_yuan() / (current.in_yuan() - sign * amount.in_yuan()) * 100
            formula = f"{amount.text} / ({current.text} {'−' if sign > 0 else '+'} {amount.text})"
        _rate(report, rounding, rate, claim.figure_location(rate), exact, formula, claim.text, related)


def _change_from_years(report: Report, claim: Claim, sign: int, where: Location,
                       related: tuple[Location, ...]) -> bool:
    """Judge the direction word and the amount against the two years' figures; whether the rate is
    still worth judging."""
    current, previous, amount = claim.values["current"], claim.values["previous"], claim.values.get("amount")
    lo, hi = yuan_interval([current, previous], [1, -1])
    up, down = claim.label == "up", claim.label == "down"
    if (up and hi < 0) or (down and lo > 0):
        word = _direction_word(claim)
        report.finding("direction", where, stated=claim.values.get("rate") or amount or current, expected=None,
                       evidence=claim.text, related=related, current=current.text, previous=previous.text,
                       actual="减少" if hi < 0 else "增加", actual_en="lower" if hi < 0 else "higher", word=word)
        return False
    if amount is not None:
        a_lo, a_hi = yuan_interval([amount], [sign])
        if a_hi < lo or a_lo > hi:
            difference = abs(current.in_yuan() - previous.in_yuan())
            shown = amount.from_yuan(difference)
            report.finding("amount", claim.figure_location(amount), stated=amount, expected=shown,
                           evidence=claim.text, related=related, current=current.text, previous=previous.text,
                           difference=fmt(shown, amount), word=_direction_word(claim),
                           word_en="up" if up else "down")
            return False
    return True


def _direction_word(claim: Claim) -> str:
    first = claim.values.get("amount") or claim.values.get("rate")
    text = claim.text
    start = text.find(first.text) if first is not None else -1
    return text[max(0, start - 2):start] if start > 0 else ""


def _change_rate_bounds(current: Figure, previous: Figure | None, amount: Figure | None,
                        sign: int) -> tuple[Decimal, Decimal] | None:
    """The range of the change's rate (in %) the printed operands allow for, rounding included."""
    c_lo, c_hi = yuan_interval([current], [1])
    if previous is not None:
        p_lo, p_hi = yuan_interval([previous], [1])
        if p_lo <= 0:
            return None
        lo, hi = ((c_lo - p_hi) / p_hi, (c_hi - p_lo) / p_lo) if sign > 0 else (1 - c_hi / p_lo, 1 - c_lo / p_hi)
    elif amount is not None:
        a_lo, a_hi = yuan_interval([amount], [1])
        den_lo, den_hi = (c_lo - a_hi, c_hi - a_lo) if sign > 0 else (c_lo + a_lo, c_hi + a_hi)
        if den_lo <= 0:
            return None
        lo, hi = a_lo / den_hi, a_hi / den_lo
    else:
        return None
    return lo * 100, hi * 100



@rule("GJ412", "comparison-word-contradicts-figures", "error", "比较用语与所比两数矛盾",
      "A word comparing two figures says the opposite of the figures",
      needs=("claims",),
      messages={"contradicts": Message("文中说“{words}”，但 {left} {actual} {right}。",
                                       "The text says '{words}', but {left} {actual_en} {right}.")})
def comparison_word_contradicts(report: Report, claims: Claims) -> None:
    """What it does
    Reads words that compare two amounts stated before them in the paragraph ("预算数为 830.15 万元，决算数
    为 812.40 万元，决算数大于预算数"; "收入与支出相等") and checks the relation against the two figures, in
    元, rounding allowed for. Hedged words (基本持平, 略高于) are not judged, nor a side whose name points at
    several different amounts of the paragraph.

    Why is this bad?
    A comparison word tells the reader which way the figures go; one that says the opposite of the figures
    beside it means a figure or the sentence was not updated.

    Example
    "预算数为 830.15 万元，决算数为 812.40 万元，决算数大于预算数" — 812.40 < 830.15.

    Use instead
    "决算数小于预算数".
    """
    for claim in claims.of("comparison"):
        left, right = claim.values["left"], claim.values["right"]
        where = claim.location
        related = (claim.figure_location(left), claim.figure_location(right))
        report.touch(where, *related)
        if amounts_agree(left, right):
            continue  # equal within rounding: neither greater nor less is contradicted, equal holds
        actual = "greater" if left.in_yuan() > right.in_yuan() else "less"
        if claim.label == actual:
            continue
        report.finding("contradicts", where, stated_text=claim.subject, evidence=claim.text, related=related,
                       words=claim.subject, left=left.text, right=right.text,
                       actual="大于" if actual == "greater" else "小于",
                       actual_en="is greater than" if actual == "greater" else "is less than")


@rule("GJ413", "change-against-another-year", "warning", "增减比较的年份与所述年份不衔接",
      "A change compares a year's figure with a year other than the one before it",
      needs=("claims",),
      messages={"year": Message("本句所述为 {current_year} 年的 {current}，却写“比{period}”："
                                "与上一年（{expected_year} 年）比较才衔接，请核对年份。",
                                "The sentence gives {current} for {current_year} but compares it 'with {period}'; "
                                "the year before is {expected_year}: check the year.")})
def change_against_another_year(report: Report, claims: Claims) -> None:
    """What it does
    In a change stated against a named year ("2025年预算安排 1752.35 万元，比2023年预算执行数减少 5.28%"),
    reads the year the sentence gives its own figure and warns when the year compared with is neither that
    year nor the one before it. Only years printed in the sentence are used.

    Why is this bad?
    A budget for one year is explained against the year before; a comparison with another year is most
    often a year left over from last year's document, and the change it states is then of the wrong years.

    Example
    "2024年当年预算执行数为 1850.00 万元，2025年预算安排 1752.35 万元，比2023年预算执行数减少 5.28%".

    Use instead
    "比2024年预算执行数减少 5.28%".
    """
    for claim in claims.of("change"):
        period = year_of(claim.subject)
        current = claim.values["current"]
        current_year = year_of(words_before(claim.text, claim.text.find(current.text))) \
            if current.text in claim.text else None
        if period is None or current_year is None:
            continue
        where = claim.location
        report.touch(where)
        if period in (current_year, current_year - 1):
            continue
        report.finding("year", where, stated_text=claim.subject, evidence=claim.text, current=current.text,
                       current_year=current_year, period=claim.subject, expected_year=current_year - 1)
