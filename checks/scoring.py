"""GJ8xx: every indicator re-scored from its own criterion (评分标准) and measured value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checks.registry import Message, Report, rule
from model.claims import Claim
from model.figure import Figure
from model.findings import Explanation
from model.rounding import at_precision, compare, fmt, round_to
from reading.criteria.indicators import Cited, Indicator
from reading.criteria.model import KIND_ZH, Reading, Slope, how, num
from reading.facts import Claims, Facts


@dataclass(frozen=True)
class Verdict:
    """One stated score against what the criterion gives."""

    stated: Cited
    readings: tuple[tuple[Cited | None, Reading], ...]  # (measured input, reading)
    fits: tuple[bool, ...]
    also_at: tuple[Cited, ...] = ()  # the same score printed elsewhere
    possible: tuple[Decimal, ...] = ()  # for criteria that only bound the score

    @property
    def status(self) -> str:
        if self.readings:
            if not any(self.fits):
                return "contradicts"
            return "agrees" if all(self.fits) or len({r.value for _, r in self.readings}) == 1 else "one-reading"
        if self.possible:
            return "possible" if any(self.fits) else "impossible"
        return "not-computed"


def judge(ind: Indicator) -> list[Verdict]:
    """A verdict for each distinct stated score of the indicator."""
    readings = readings_of(ind)
    possible = () if readings else tuple(ind.interpretation.possible() or ())
    out: list[Verdict] = []
    for value in dict.fromkeys(s.figure.value for s in ind.scores):
        same = [s for s in ind.scores if s.figure.value == value]
        stated = same[0]
        # A score the criterion prints as 3.6 is not rounded to 4: read the stated score at least as finely.
        figure = at_precision(stated.figure, ind.interpretation.decimals)
        if readings:
            fits = tuple(compare(figure, r.value).ok for _, r in readings)
        else:
            fits = tuple(compare(figure, v).ok for v in possible)
        out.append(Verdict(stated, tuple(readings), fits, tuple(same[1:]), possible))
    return out


def readings_of(ind: Indicator) -> list[tuple[Cited | None, Reading]]:
    interp = ind.interpretation
    if interp.numeric:
        return [(m, r) for m in ind.measured if _compatible(interp.unit, m.figure)
                for r in interp.score(m.figure.value)]
    if interp.kind == "per_event" and len(interp.events) == 1 and (count := ind.event_count) is not None:
        return [(count, r) for r in interp.score_events((count.figure.value,))]
    return []


def _compatible(unit: str, fig: Figure) -> bool:
    return fig.is_percent if unit == "%" else not fig.is_percent




# --- GJ801 --------------------------------------------------------------------------------------------


def _reading_text(cited: Cited | None, r: Reading, decimals: int, many_inputs: bool) -> tuple[str, str]:
    shown = r.formula
    if round_to(r.value, decimals) != r.value:
        shown += f" → {fmt(r.value, decimals)}"
    prefix = f"（{cited.figure.text}）" if many_inputs and cited is not None else ""
    return f"{r.how}{prefix}：{shown}", f"{r.how_en}{prefix}: {shown}"


@rule("GJ801", "score-contradicts-criterion", "error", "得分与该指标的评分标准不符",
      "A score does not follow from the indicator's own scoring criterion",
      needs=("indicators",),
      messages={
          "impossible": Message("{label}：按评分标准（{kind}）只能得 {allowed} 分，所述得分 {stated} 不在其中。",
                                "{label}: the criterion only gives {allowed_en}; the stated score {stated} is none of "
                                "them.", "warning"),
          "contradicts-one": Message("{label}（业绩值 {measured}）：{readings}；所述 {stated} 不符。",
                                     "{label} (measured {measured}): {readings_en}; the stated {stated} fits neither."),
          "contradicts-many": Message("{label}（业绩值 {measured}）：{readings}；所述 {stated} 均不符。",
                                      "{label} (measured {measured}): {readings_en}; the stated {stated} fits none of "
                                      "these."),
          "one-reading": Message("{label}：所述 {stated} 符合“{fits}”，不符合“{misses}”。",
                                 "{label}: the stated {stated} fits '{fits_en}', not '{misses_en}'.", "info"),
      })
def score_contradicts_criterion(report: Report, indicators: list[Indicator]) -> None:
    """
    What it does
    Reads each indicator's 评分标准 as a rule (bands, per-point deductions from an anchor, floors,
    proportional and per-event scoring), takes the indicator's measured value (业绩值, or the rate the
    text states for it), recomputes the score and compares it with the stated 得分 at its printed
    precision. Where the criterion can be read two ways (a part percentage point counted as a whole one,
    or exactly), both scores are computed: a score that fits neither is an error, one that fits only one
    is reported as info. For criteria that only allow some scores (得10分，否则不得分; itemised points;
    conditional deductions; levels to choose from), a score outside them is a warning. A criterion with
    any clause that scores (扣, 得分, a figure in points) the reader did not consume is not understood as a
    whole, and its score is not judged.

    Why is this bad?
    A score that its own criterion does not give either misapplies the criterion or was computed from a
    different measured value; the section subtotal and the total score inherit the error.

    Example
    评分标准 "低于95%从4分起算，每低1个百分点扣0.4分，扣完为止（不满1个百分点按1个百分点算）", 业绩值
    89.73%, 得分 1.92: 4 − 0.4 × 5.27 = 1.89, or 4 − 0.4 × 6 = 1.6.

    Use instead
    The score the criterion gives: 1.6 under the stated convention (1.89 if part points count exactly).
    """
    for ind in indicators:
        for v in judge(ind):
            if v.status == "not-computed":
                continue  # a rule not (fully) read, or no measured value: the score is not checked here
            report.touch(v.stated.location, *(c.location for c in v.also_at),
                         *(c.location for c, _ in v.readings if c is not None))
            _verdict_finding(report, ind, v)


def _verdict_finding(report: Report, ind: Indicator, v: Verdict) -> None:
    stated = v.stated.figure
    related = (*(c.location for c in v.also_at), ind.criterion_at,
               *(c.location for c, _ in v.readings if c is not None))
    status = v.status
    if status in ("agrees", "possible", "not-computed"):
        return
    common = {"stated": stated, "evidence": ind.criterion, "related": related, "label": ind.label}
    if status == "impossible":
        report.finding("impossible", v.stated.location, **common, kind=KIND_ZH[ind.interpretation.kind],
                       allowed="、".join(num(p) for p in v.possible), allowed_en=", ".join(num(p) for p in v.possible))
        return
    inputs = {c.figure.value for c, _ in v.readings if c is not None}
    texts = [_reading_text(c, r, stated.decimals, len(inputs) > 1) for c, r in v.readings]
    if status == "contradicts":
        report.finding(
            "contradicts-many" if len(texts) > 1 else "contradicts-one", v.stated.location, **common,
            expected=round_to(v.readings[0][1].value, stated.decimals),
            measured="、".join(dict.fromkeys(c.figure.text for c, _ in v.readings if c is not None)),
            readings="；".join(t[0] for t in texts), readings_en="; ".join(t[1] for t in texts))
        return
    fitting = [t for t, ok in zip(texts, v.fits, strict=True) if ok]
    other = [t for t, ok in zip(texts, v.fits, strict=True) if not ok]
    report.finding("one-reading", v.stated.location, **common, fits="；".join(t[0] for t in fitting),
                   misses="；".join(t[0] for t in other), fits_en="; ".join(t[1] for t in fitting),
                   misses_en="; ".join(t[1] for t in other))


# --- GJ802 --------------------------------------------------------------------------------------------


@rule("GJ802", "deduction-arithmetic-mismatch", "error", "扣分算式与评分标准不符",
      "A stated deduction does not follow from the criterion's rate",
      needs=("claims", "indicators"),
      messages={
          "gap": Message("{label}：{working} = {exact_gap}，所述差距 {stated} 不符。",
                         "{label}: {working} = {exact_gap}, not the stated {stated}."),
          "deduction-one": Message("{label}：{readings}；所述扣 {stated} 不符。",
                                   "{label}: {readings_en}; the stated deduction {stated} fits none."),
          "deduction-many": Message("{label}：{readings}；所述扣 {stated} 均不符。",
                                    "{label}: {readings_en}; the stated deduction {stated} fits none."),
          "score": Message("{label}：{anchor} − {deduction} = {computed}，所述得 {stated} 不符。",
                           "{label}: {anchor} − {deduction} = {computed}, not {stated}."),
      })
def deduction_arithmetic_mismatch(report: Report, claims: Claims, indicators: list[Indicator]) -> None:
    """
    What it does
    Reads statements such as "比95%-100%区间低5.27个百分点，扣2.08分，得1.92分" for an indicator whose
    criterion deducts a fixed number of points per percentage point, and checks three things: the
    shortfall against the threshold and the measured value, the deduction against rate × shortfall
    (exact, and with a part point counted as a whole one where that reading applies), and the score
    against the anchor score minus the stated deduction.

    Why is this bad?
    The sentence shows its own working; a deduction its rate does not give is an arithmetic error, and
    the score built on it is wrong too.

    Example
    Criterion "低于95%从4分起算，每低1个百分点扣0.4分"; text "低5.27个百分点，扣2.08分，得1.92分":
    0.4 × 5.27 = 2.108 → 2.11 (0.4 × 6 = 2.4 if a part point counts as one).

    Use instead
    "低5.27个百分点，扣2.11分，得1.89分" (or, with part points rounded up, "扣2.4分，得1.6分").
    """
    by_code = {i.code: i for i in indicators if i.code}
    for claim in claims.of("deduction"):
        ind = by_code.get(claim.subject)
        if ind is None or not ind.interpretation.slopes:
            continue
        slope = _slope_for(claim, ind)
        if slope is None or slope.rate >= 0:
            continue
        _check_deduction(report, claim, ind, slope)


def _slope_for(claim: Claim, ind: Indicator) -> Slope | None:
    slopes = ind.interpretation.slopes
    for m in ind.measured:
        hits = [s for s in slopes if s.applies(m.figure.value)]
        if len(hits) == 1:
            return hits[0]
    side = claim.label  # "above", "below" or "" (the words before the shortfall do not say)
    hits = [s for s in slopes if s.direction == side] if side else list(slopes)
    return hits[0] if len(hits) == 1 else None


def _check_deduction(report: Report, claim: Claim, ind: Indicator, slope: Slope) -> None:
    gap, deduction, score = claim.values["gap"], claim.values["deduction"], claim.values.get("score")
    interp = ind.interpretation
    where = claim.figure_location(deduction)
    report.touch(claim.figure_location(gap), where, *([claim.figure_location(score)] if score else []))
    measured = [m for m in ind.measured if slope.applies(m.figure.value)]
    if measured and not any(compare(gap, slope.gap(m.figure.value)).ok for m in measured):
        m = measured[0]
        exact = slope.gap(m.figure.value)
        report.finding("gap", claim.figure_location(gap), stated=gap, expected=round_to(exact, gap.decimals),
                       evidence=claim.text, related=(m.location,), label=ind.label,
                       working=slope.gap_text(m.figure.text), exact_gap=num(exact))
    modes = sorted(interp.partial_modes, key=lambda p: p != "exact")
    readings = []
    # "扣完为止": a deduction cannot take the score below its floor, so it stops at anchor − floor.
    cap = slope.anchor - interp.floor if interp.floor is not None else None
    for mode in modes:
        n = slope.units(gap.value, mode)
        value = abs(slope.rate) * n
        shown = f"{num(abs(slope.rate))}×{num(n)} = {num(value)}"
        if cap is not None and value > cap:
            value, shown = cap, f"{shown}，扣完为止 → {num(cap)}"
        if all(value != v for _, v, _ in readings):
            readings.append((how(slope, mode), value, shown))
    if not any(compare(deduction, v).ok for _, v, _ in readings):
        parts = [(f"{h[0]}：{f}" + (f" → {fmt(v, deduction.decimals)}" if round_to(v, deduction.decimals) != v else ""),
                  f"{h[1]}: {f}") for h, v, f in readings]
        report.finding("deduction-many" if len(parts) > 1 else "deduction-one", where, stated=deduction,
                       expected=round_to(readings[0][1], deduction.decimals), evidence=claim.text,
                       related=(ind.criterion_at,), label=ind.label, readings="；".join(p[0] for p in parts),
                       readings_en="; ".join(p[1] for p in parts))
    if score is not None and score.value is not None:
        expected = interp.clamp(slope.anchor - deduction.value)
        if not compare(score, expected).ok:
            report.finding("score", claim.figure_location(score), stated=score,
                           expected=round_to(expected, score.decimals), evidence=claim.text,
                           related=(claim.figure_location(deduction),), label=ind.label, anchor=num(slope.anchor),
                           deduction=deduction.text, computed=num(expected))


# --- GJ803 --------------------------------------------------------------------------------------------


@rule("GJ803", "criterion-not-interpreted", "info", "评分标准未能解释为计分规则（定性）",
      "Scoring criteria that could not be read as a scoring rule",
      needs=("indicators",),
      messages={"qualitative": Message(
          "评分标准 {n} 条：{read} 条已解释为计分规则，{k} 条为定性、未重算（{names}）。"
          "逐条解释见 gouji audit --explain。",
          "{n} scoring criteria: {read} read as scoring rules, {k} qualitative and not recomputed ({names}). See gouji "
          "audit --explain.")})
def criterion_not_interpreted(report: Report, indicators: list[Indicator]) -> None:
    """
    What it does
    Counts the document's scoring criteria that were read as a rule and those that are qualitative
    ("是否有效保障…"), and reports the qualitative ones once per document, so a reviewer knows which
    scores were not recomputed. `gouji audit --explain` shows every criterion with its interpretation.

    Why is this bad?
    A qualitative criterion is not an error, but its score rests on judgement the audit cannot check;
    the reviewer should know which scores those are.

    Example
    评分标准 "项目实施后，是否有效保障参保人员基本医疗水平", 分值 10, 得分 8.47: no rule gives 8.47.

    Use instead
    A criterion that says how the score follows: "满意度≥90%得10分，80%-90%得8分，……".
    """
    vague = [i for i in indicators if i.interpretation.kind == "qualitative"]
    if not vague:
        return
    n, k = len(indicators), len(vague)
    report.finding("qualitative", vague[0].criterion_at, evidence=vague[0].criterion, n=n, read=n - k, k=k,
                   names="、".join(i.label for i in vague))


# --- explain ------------------------------------------------------------------------------------------


def explain(facts: Facts) -> list[Explanation]:
    """Every indicator as the scoring rules understood it (for `gouji audit --explain`)."""
    out = []
    for ind in facts.indicators:
        verdicts = judge(ind)
        interp = ind.interpretation
        readings = list({(r.value, r.how): (c, r) for c, r in readings_of(ind)}.values())
        if readings:
            rec = "；".join(f"{num(r.value)}（{r.how}：{r.formula}）" for _, r in readings)
            rec_en = "; ".join(f"{num(r.value)} ({r.how_en}: {r.formula})" for _, r in readings)
        elif verdicts and verdicts[0].possible:
            rec = "可能得分：" + "、".join(num(p) for p in verdicts[0].possible)
            rec_en = "possible: " + ", ".join(num(p) for p in verdicts[0].possible)
        else:
            rec, rec_en = "—", "—"
        inputs = "、".join(c.figure.text + ("（正文）" if c.source == "prose" else "") for c in ind.measured)
        status = "qualitative" if interp.kind == "qualitative" else (
            verdicts[0].status if verdicts else "not-computed")
        if any(v.status == "contradicts" for v in verdicts):
            status = "contradicts"
        out.append(Explanation(
            ind.label, ind.criterion, interp.kind, interp.describe("zh"), interp.describe("en"),
            inputs or ind.measured_text, rec, rec_en, "、".join(v.stated.figure.text for v in verdicts), status))
    return out
