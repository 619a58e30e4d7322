"""GJ95x: the national 项目支出绩效自评表 — its 执行率, its 预算执行率 score, its indicators' scores and its 总分.

Each rule judges what the table's own figures confirm: a rate against the amounts on its row, a score
against its weight, the 总分 against the rows it closes, a score against whether its own 实际完成值 meets
its own 年度指标值. A table the reading does not recognise as a 自评表 gives nothing (reading/self_eval.py).
"""

from __future__ import annotations

from decimal import Decimal

from checks.recompute import RATE_MESSAGES
from checks.registry import Message, Report, rule
from checks.truncation import truncation_variant
from model.figure import Figure
from model.rounding import compare, fmt, round_to, shared_precision, sum_agrees
from reading.rates import RoundingEvidence
from reading.self_eval import Entry, FundRow, SelfEvaluation, SelfEvaluations, target_met


def _has(e: Entry | None) -> bool:
    return e is not None and e.figure is not None and e.value is not None


@rule("GJ951", "self-eval-rate-mismatch", "error", "自评表执行率与全年预算数、全年执行数不符",
      "A self-evaluation table's execution rate is not full-year actual ÷ full-year budget",
      needs=("self_evaluations", "rounding"),
      messages={**RATE_MESSAGES, "initial-budget": Message(
          "{formula} = {shown}，应为 {rounded}{unit}，文中写为 {stated}；{stated} 是按年初预算数 {initial} 计算的，"
          "而自评表的执行率按全年预算数计算。",
          "{formula} = {shown}, so it should read {rounded}{unit}, not {stated}; {stated} is measured against "
          "the initial budget {initial}, while a self-evaluation table measures the rate against the full-year "
          "budget.", "warning")})
def self_eval_rate_mismatch(report: Report, self_evaluations: SelfEvaluations, rounding: RoundingEvidence) -> None:
    """What it does
    In every 项目支出绩效自评表, recomputes each 项目资金 row's 执行率 as 全年执行数 ÷ 全年预算数 and
    compares it with the printed rate at its printed decimals. A row whose 全年预算数 is 0 or blank is
    skipped. A rate that only the 年初预算数 gives is a warning: the template measures against the
    全年预算数. A rate only truncation fits is judged by the document's own rounding, as every rate is.

    Why is this bad?
    The 执行率 is what the 预算执行率 score is computed from; a rate its own row contradicts was mistyped
    or computed from other amounts, and the score built on it is wrong too.

    Example
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |
    | --- | --- | --- | --- | --- |
    | 年度资金总额 | 500.00 | 520.00 | 498.36 | 97.84% |

    498.36 ÷ 520.00 = 95.84%.

    Use instead
    | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |
    | --- | --- | --- | --- | --- |
    | 年度资金总额 | 500.00 | 520.00 | 498.36 | 95.84% |
    """
    for ev in self_evaluations:
        for fund in ev.funds:
            if not (_has(fund.budget) and _has(fund.actual) and _has(fund.rate)) or not fund.budget.value:
                continue
            rate = fund.rate.figure
            if not rate.is_percent:
                continue
            where = fund.rate.where
            related = (fund.actual.where, fund.budget.where)
            report.touch(where, *related)
            exact = fund.actual.value / fund.budget.value * 100
            agreement = compare(rate, exact)
            if agreement.ok and not agreement.truncation_only:
                continue
            fields = dict(formula=f"{fund.actual.text} / {fund.budget.text}", unit=rate.unit or "",
                          shown=fmt(exact, rate.decimals + 2) + "%", rounded=fmt(agreement.expected, rate.decimals))
            evidence = f"{fund.label}：全年预算数 {fund.budget.text}，全年执行数 {fund.actual.text}，执行率 {rate.text}"
            if agreement.ok:  # only truncation
                report.finding(truncation_variant(rate, where, rounding), where, stated=rate,
                               expected=agreement.expected, evidence=evidence, related=related, **fields)
                continue
            if _has(fund.initial) and fund.initial.value and compare(
                    rate, fund.actual.value / fund.initial.value * 100).ok:
                report.finding("initial-budget", where, stated=rate, expected=agreement.expected, exact=exact,
                               evidence=evidence, related=(*related, fund.initial.where),
                               initial=fund.initial.text, **fields)
                continue
            report.finding("wrong", where, stated=rate, expected=agreement.expected, exact=exact,
                           evidence=evidence, related=related, **fields)


def _proportional(fund: FundRow) -> tuple[list[Decimal], bool] | None:
    """The scores the proportional rule allows (分值 × the exact rate, or × the printed rate; at most
    分值) and whether the rate is below 100% (only then does the rule tell itself from a band)."""
    if not (_has(fund.maximum) and _has(fund.score) and _has(fund.budget) and _has(fund.actual)):
        return None
    if not fund.budget.value or fund.maximum.figure.is_percent:
        return None
    weight = fund.maximum.value
    rates = [fund.actual.value / fund.budget.value]
    if _has(fund.rate) and fund.rate.figure.is_percent:
        rates.append(fund.rate.figure.fraction())
    return [min(weight, weight * r) for r in rates], rates[0] < 1


def _follows(score: Figure, allowed: list[Decimal]) -> bool:
    return any(compare(score, a).ok for a in allowed)


@rule("GJ952", "self-eval-execution-score-mismatch", "warning", "自评表预算执行率得分与分值×执行率不符",
      "A self-evaluation table's execution-rate score is not weight × rate",
      needs=("self_evaluations",),
      messages={
          "score": Message("{name} 预算执行率得分 {stated} 与 分值 {maximum} × 执行率 {rate} = {product} 不符",
                           "{name}: execution-rate score {stated} is not weight {maximum} × rate {rate} = {product}"),
          "stated-rule": Message("（本文件写明按分值×执行率计分）", " (the document states this rule)", "error"),
          "others": Message("（本文件其他 {follow} 张自评表均按分值×执行率计分）",
                            " (the document's {follow} other self-evaluation tables score this way)"),
      })
def self_eval_execution_score_mismatch(report: Report, self_evaluations: SelfEvaluations) -> None:
    """What it does
    In the template's rule the 预算执行率 score is 分值 × 执行率, at most the 分值. Some provinces score
    by bands instead, so the rule is applied only where the document itself shows it: the document
    states it (得分=执行率×分值), or most of its 自评表 whose rate is below 100% are scored that way.
    Then a score that fits neither 分值 × 全年执行数 ÷ 全年预算数 nor 分值 × the printed rate, at the
    score's printed decimals, is reported: an error when the rule is stated, a warning otherwise.

    Why is this bad?
    The 预算执行率 score enters the 总分; a score that does not follow from the document's own rule and
    rate overstates or understates the project's result.

    Example
    The document says "预算执行率得分=分值×执行率"; a 自评表 has 分值 10, 执行率 95.84% and 得分 9.00.

    Use instead
    得分 9.58 (10 × 95.84%).
    """
    rows = []
    for ev in self_evaluations:
        fund = ev.scored_fund
        if fund is None or (allowed := _proportional(fund)) is None:
            continue
        rows.append((fund, *allowed))
    informative = [(f, a) for f, a, below in rows if below]
    follow = sum(1 for f, a in informative if _follows(f.score.figure, a))
    if not self_evaluations.rule_stated and follow * 2 <= len(informative):
        return  # the document does not show the proportional rule: a band may be its rule
    for fund, allowed, _ in rows:
        report.touch(fund.score.where, fund.maximum.where, fund.budget.where, fund.actual.where)
        score = fund.score.figure
        if _follows(score, allowed):
            continue
        qualifier = "stated-rule" if self_evaluations.rule_stated else "others"
        rate = fund.rate.text if _has(fund.rate) else fmt(allowed[0] / fund.maximum.value * 100, 2) + "%"
        report.finding(
            ["score", qualifier], fund.score.where, stated=score, expected=round_to(allowed[0], score.decimals),
            exact=allowed[0], evidence=f"{fund.label}：分值 {fund.maximum.text}，执行率 {rate}，得分 {score.text}",
            related=(fund.maximum.where, *((fund.rate.where,) if _has(fund.rate) else ())),
            name=fund.label, maximum=fund.maximum.text, rate=rate, product=fmt(allowed[0], score),
            follow=follow)


@rule("GJ953", "self-eval-score-exceeds-weight", "error", "自评表得分超过分值",
      "A self-evaluation table's score exceeds its weight",
      needs=("self_evaluations",),
      messages={"exceeds": Message("{name} 得分 {stated} 超过其分值 {maximum}",
                                   "{name}: score {stated} exceeds its weight {maximum}")})
def self_eval_score_exceeds_weight(report: Report, self_evaluations: SelfEvaluations) -> None:
    """What it does
    In every 项目支出绩效自评表, compares each indicator's 得分 with its 分值, and the 预算执行率 得分
    with its 分值.

    Why is this bad?
    An indicator cannot earn more than its weight; a score above it is a typing error, and the 总分
    built on it is wrong too.

    Example
    | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | --- | --- | --- | --- | --- | --- |
    | 时效指标 | 项目完成时限 | ≤12个月 | 14个月 | 5 | 6 |

    Use instead
    A score no greater than 5, with the 偏差原因 of the delay.
    """
    for ev in self_evaluations:
        fund = ev.scored_fund
        rows = [(ind.name, ind.maximum, ind.score) for ind in ev.indicators]
        if fund is not None:
            rows.insert(0, (fund.label, fund.maximum, fund.score))
        for name, maximum, score in rows:
            if not (_has(maximum) and _has(score)) or maximum.figure.is_percent or score.figure.is_percent:
                continue
            report.touch(maximum.where, score.where)
            if score.value > maximum.value:
                report.finding("exceeds", score.where, stated=score.figure, expected=maximum.value,
                               evidence=f"{name}：分值 {maximum.text}，得分 {score.text}", related=(maximum.where,),
                               name=name, maximum=maximum.text)


@rule("GJ954", "self-eval-total-mismatch", "error", "自评表总分与各项分值、得分之和不符",
      "A self-evaluation table's total is not the sum of its weights or scores",
      needs=("self_evaluations",),
      messages={
          "weights": Message("总分的分值 {stated} 与 预算执行率分值 {fund} + {n} 项指标分值 = {total} 不符",
                             "the total's weight {stated} is not the execution-rate weight {fund} + {n} indicator "
                             "weights = {total}"),
          "scores": Message("总分的得分 {stated} 与 预算执行率得分 {fund} + {n} 项指标得分 = {total} 不符",
                            "the total's score {stated} is not the execution-rate score {fund} + {n} indicator "
                            "scores = {total}"),
      })
def self_eval_total_mismatch(report: Report, self_evaluations: SelfEvaluations) -> None:
    """What it does
    In every 项目支出绩效自评表 with a 总分 row, adds the indicators' 分值 and the 预算执行率 分值 and
    compares the sum with the 总分's 分值 (usually 100: 10 for the 执行率 and 90 for the indicators),
    then does the same for the 得分. Scores printed side by side share one precision (10 among 9.58 is
    10.00), and the sum allows for the rounding of each printed score. When the 总分's 分值 is the
    indicators' alone, the 预算执行率 is left out of both sums. A score sum is not checked while an
    indicator with a weight has no score.

    Why is this bad?
    The 总分 is the figure the 自评表 is judged and published by; one that its rows do not add up to was
    not updated after a score changed, or was typed over.

    Example
    预算执行率 得分 9.90 and indicator scores 15, 10, 10, 4, 10, 15, 15, 10 (89): 总分 得分 98.56.

    Use instead
    总分 得分 98.90.
    """
    for ev in self_evaluations:
        total = ev.total
        if total is None:
            continue
        fund = ev.scored_fund
        weights = [i.maximum for i in ev.indicators if _has(i.maximum)]
        fund_weight = fund.maximum if fund is not None and _has(fund.maximum) else None
        if fund_weight is None and "maximum" in ev.fund_columns:
            continue  # the 执行率 is weighted, but its weight could not be read
        with_fund = True
        if _has(total.maximum) and weights:
            parts = [*weights, *([fund_weight] if fund_weight else [])]
            figures = shared_precision([total.maximum.figure, *(e.figure for e in parts)])
            report.touch(total.maximum.where, *(e.where for e in parts))
            if not sum_agrees(figures[0], figures[1:]):
                alone = shared_precision([total.maximum.figure, *(e.figure for e in weights)])
                if fund_weight is not None and sum_agrees(alone[0], alone[1:]):
                    with_fund = False
                else:
                    _total_finding(report, "weights", total.maximum, figures, fund_weight, len(weights))
        indicators = [i for i in ev.indicators if _has(i.maximum)]
        if not _has(total.score) or not indicators or not all(_has(i.score) for i in indicators):
            continue
        fund_score = fund.score if with_fund and fund is not None and _has(fund.score) else None
        if with_fund and fund_weight is not None and fund_score is None:
            continue  # the 执行率 is weighted but not scored: the sum cannot be formed
        parts = [*(i.score for i in indicators), *([fund_score] if fund_score else [])]
        figures = shared_precision([total.score.figure, *(e.figure for e in parts)])
        report.touch(total.score.where, *(e.where for e in parts))
        if not sum_agrees(figures[0], figures[1:]):
            _total_finding(report, "scores", total.score, figures, fund_score, len(indicators))


def _total_finding(report: Report, key: str, stated: Entry, figures: list[Figure], fund: Entry | None,
                   n: int) -> None:
    exact = sum((f.value for f in figures[1:]), Decimal(0))
    report.finding(key, stated.where, stated=stated.figure, expected=round_to(exact, figures[0].decimals),
                   exact=exact, evidence=f"总分 {stated.text}；各项之和 {fmt(exact, figures[0])}",
                   fund=fund.text if fund is not None else "0", n=n, total=fmt(exact, figures[0]))


def _judged(ev: SelfEvaluation):
    """Indicator rows whose 实际完成值 can be judged against their 年度指标值, with the verdict."""
    for ind in ev.indicators:
        met = target_met(ind)
        if met is not None and _has(ind.maximum) and _has(ind.score):
            yield ind, met


@rule("GJ955", "self-eval-score-against-target", "warning", "自评表得分与指标完成情况不符",
      "A self-evaluation table's score contradicts whether its target was met",
      needs=("self_evaluations",),
      messages={
          "met-not-full": Message(
              "{name} 实际完成值 {measured} 已达到年度指标值 {target}，得分 {stated} 却低于分值 {maximum}，"
              "且未说明偏差原因",
              "{name}: the actual value {measured} meets the target {target}, yet the score {stated} is below "
              "the weight {maximum} and no reason is given"),
          "missed-full": Message(
              "{name} 实际完成值 {measured} 未达到年度指标值 {target}，却得满分 {stated}",
              "{name}: the actual value {measured} misses the target {target}, yet the score is the full {stated}"),
      })
def self_eval_score_against_target(report: Report, self_evaluations: SelfEvaluations) -> None:
    """What it does
    For every indicator of a 项目支出绩效自评表 whose 年度指标值 and 实际完成值 are one figure each, in
    one unit, reads whether the target was met: by its comparator (≥, ≤, ＞, 不低于, 不超过, 以上,
    以内), or for a plain figure by its 二级指标 (数量, 质量 and 满意度 at least; 成本 at most; 时效 at
    least for a rate, at most for a length of time). A row whose direction is unclear (a 效益 figure
    with no comparator), or whose cells are words or dates, is skipped. Then a target met but scored
    below full marks with no 偏差原因, or a target missed but scored full marks, is reported.

    Why is this bad?
    The template scores a met target in full and a missed one in proportion; a score that contradicts
    the table's own target and actual value was copied from another row or never revised.

    Example
    | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
    | --- | --- | --- | --- | --- | --- |
    | 时效指标 | 项目完工率 | 100% | 92% | 5 | 5 |

    Use instead
    A score below 5 in proportion to 92%, with the 偏差原因 of the delay.
    """
    for ev in self_evaluations:
        for ind, met in _judged(ev):
            maximum, score = ind.maximum, ind.score
            report.touch(ind.target.where, ind.measured.where, score.where)
            fields = dict(name=ind.name, measured=ind.measured.text, target=ind.target.text, maximum=maximum.text)
            evidence = (f"{ind.name}：年度指标值 {ind.target.text}，实际完成值 {ind.measured.text}，"
                        f"分值 {maximum.text}，得分 {score.text}")
            if met and score.value < maximum.value and (ind.reason is None or ind.reason.blank):
                report.finding("met-not-full", score.where, stated=score.figure, expected=maximum.value,
                               evidence=evidence, related=(ind.measured.where, ind.target.where), **fields)
            elif not met and score.value == maximum.value:  # above it is GJ953's
                report.finding("missed-full", score.where, stated=score.figure, evidence=evidence,
                               related=(ind.measured.where, ind.target.where), **fields)


@rule("GJ956", "self-eval-missing-deviation-reason", "warning", "自评表未完成指标未说明偏差原因",
      "A missed target in a self-evaluation table gives no reason",
      needs=("self_evaluations",),
      messages={"missing": Message("{name} 实际完成值 {measured} 未达到年度指标值 {target}，"
                                   "偏差原因分析及改进措施一栏为空",
                                   "{name}: the actual value {measured} misses the target {target}, and no "
                                   "reason for the deviation is given")})
def self_eval_missing_deviation_reason(report: Report, self_evaluations: SelfEvaluations) -> None:
    """What it does
    For every indicator of a 项目支出绩效自评表 with a 偏差原因分析及改进措施 column whose 实际完成值
    misses its 年度指标值 (read as GJ955 reads it), reports an empty 偏差原因 cell (blank, —, 无).

    Why is this bad?
    The template requires the reason for every target not met and the measures to improve it; a
    missed target with no explanation is sent back by the reviewer.

    Example
    | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | --- | --- | --- | --- | --- | --- |
    | 水质检测达标率 | ≥95% | 93.8% | 5 | 4 | |

    Use instead
    | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
    | --- | --- | --- | --- | --- | --- |
    | 水质检测达标率 | ≥95% | 93.8% | 5 | 4 | 枯水期浊度超标，已增设过滤设施 |
    """
    for ev in self_evaluations:
        for ind, met in _judged(ev):
            if met or ind.reason is None:
                continue
            report.touch(ind.target.where, ind.measured.where)
            if ind.reason.blank:
                report.finding("missing", ind.reason.where, stated_text=ind.reason.text,
                               evidence=f"{ind.name}：年度指标值 {ind.target.text}，实际完成值 {ind.measured.text}",
                               related=(ind.measured.where, ind.target.where), name=ind.name,
                               measured=ind.measured.text, target=ind.target.text)

