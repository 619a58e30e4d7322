"""GJ3xx: what the prose says against what the tables say."""

from __future__ import annotations

from checks.registry import Message, Report, rule
from model.claims import Claim
from model.document import Location
from model.figure import Figure
from model.rounding import amounts_agree, compare, figures_agree, fmt, round_to, shared_precision, sum_agrees
from reading.claims import operand_value
from reading.facts import Claims
from reading.lookup import ScoreIndex, TableValue
from reading.named import Restatement


@rule("GJ301", "composite-total-mismatch", "error", "综合得分与评分表合计不一致",
      "Composite score differs from the score table's total",
      needs=("claims", "score_index"),
      messages={
          "vs-table": Message("综合得分写为 {stated}，但评分表合计为 {reference}",
                              "The composite score is stated as {stated}, but the score table totals {reference}"),
          "vs-earlier": Message("综合得分写为 {stated}，但前文写为 {reference}",
                                "The composite score is stated as {stated}, but it was stated earlier as {reference}"),
          "of-subtotals": Message("（各部分小计之和）", ""),
          "end": Message("。", "."),
      })
def composite_total_mismatch(report: Report, claims: Claims, score_index: ScoreIndex) -> None:
    """
    What it does
    Compares every stated composite score (综合得分/总得分/评价得分 X 分) with the total the score
    tables give: a 合计/综合得分 row, or the sum of the indicator tables' 小计 rows.

    Why is this bad?
    The composite score decides the grade and is the figure readers quote. If the prose and the table
    disagree, one of them is wrong, and the grade may be too.

    Example
    "综合评价得分为96.25分", while the score table's 综合得分 row reads 96.4 (= 20 + 18 + 23.4 + 35).

    Use instead
    State the table's total: "综合评价得分为99.9分".
    """
    candidates = score_index.total_candidates
    totals = claims.of("composite_total")
    if not candidates and totals:
        # Without a score table, the first statement of the total is the reference for the others.
        first = totals[0]
        candidates = [TableValue(first.values["total"], first.figure_location(first.values["total"]))]
        totals = totals[1:]
    for claim in totals:
        stated = claim.values["total"]
        where = claim.figure_location(stated)
        report.touch(where, *(loc for c in candidates for loc in c.locations))
        if any(c.agrees(stated) for c in candidates):
            continue
        best = candidates[0]
        messages = ["vs-table" if best.location.table else "vs-earlier", *(["of-subtotals"] if best.parts else []),
                    "end"]
        report.finding(messages, where, stated=stated, expected=best.figure.value, evidence=claim.text,
                       related=best.locations, reference=best.figure.text)


@rule("GJ302", "score-statement-mismatch", "error", "文中分值或得分与指标表不一致",
      "A weight or score stated in the text differs from the indicator table",
      needs=("claims", "score_index"),
      messages={
          "maximum": Message("{label} 的分值在文中写为 {stated}，指标表中为 {table}。",
                             "{label}: the text states maximum {stated}, the indicator table gives {table}."),
          "score": Message("{label} 的得分在文中写为 {stated}，指标表中为 {table}。",
                           "{label}: the text states score {stated}, the indicator table gives {table}."),
      })
def score_statement_mismatch(report: Report, claims: Claims, score_index: ScoreIndex) -> None:
    """
    What it does
    Reads statements such as "产出指标满分 30 分，实际得分 27.45 分" or "C31 收入预算完成（权重分 4 分，
    实际得分 3.6 分）" and compares the weight and the score with the indicator table: the row with
    that code, the sum of its children's rows, or the subtotal of the section it names.

    Why is this bad?
    The analysis section restates the table. When the two differ, the reader cannot tell which score
    the evaluation actually gave.

    Example
    "C31 收入预算完成（权重分 4 分，实际得分 3.2 分）" while the C31 row of the table gives 得分 3.6.

    Use instead
    Restate the table's figures exactly: "（权重分 4 分，实际得分 3.6 分）".
    """
    for claim in claims.of("score_statement"):
        maximum, score = shared_precision([claim.values["maximum"], claim.values["score"]])
        for role, stated in (("maximum", maximum), ("score", score)):
            value = score_index.by_subject(claim.subject, role)
            where = _disagreeing(report, claim, stated, value)
            if where is not None:
                report.finding(role, where, stated=stated, expected=value.figure.value, evidence=claim.text,
                               related=value.locations, label=claim.label, table=value.figure.text)


def _disagreeing(report: Report, claim: Claim, stated: Figure, value: TableValue | None) -> Location | None:
    """Where a stated figure contradicts the table value it restates; None when it agrees or has none.
    Either way both took part in a check."""
    if value is None:
        return None
    where = claim.figure_location(stated)
    report.touch(where, *value.locations)
    return None if value.agrees(stated) else where


@rule("GJ303", "breakdown-does-not-sum", "error", "分项得分之和与总分不符",
      "The parts of a score breakdown do not add up to the stated total",
      needs=("claims",),
      messages={"sum": Message("分项 {parts} 合计 {sum}，与所述总分 {stated} 不符。",
                               "The parts {parts_spaced} add up to {sum}, not the stated {stated}.")})
def breakdown_does_not_sum(report: Report, claims: Claims) -> None:
    """
    What it does
    Adds up a breakdown such as "其中，决策20分，过程22.5分，产出25分，效益35分" and compares the sum
    with the total stated just before it (in its sentence's paragraph, or in the paragraph before when
    the breakdown opens its own). Statements of one dimension each ("决策指标满分20分，得分18分；过程
    指标满分20分……") are added up the same way against the composite score, when their maxima add up to
    the full mark of 100, so they are every dimension and not a few picked out for comment.

    Why is this bad?
    A breakdown that does not add up means at least one part, or the total, is misprinted.

    Example
    "综合评价得分为96.25分。其中，决策20分，过程22.5分，产出25分，效益35分" — the parts add up to 102.5.

    Use instead
    Parts that add up to the total: "综合评价得分为99.9分。其中，决策20分，过程20分，产出24.9分，效益35分".
    """
    for claim in claims.of("breakdown", "dimensions"):
        total = claim.values.get("total")
        if total is None or total.value is None:
            continue
        parts = shared_precision(f for _, f in claim.items)
        locs = tuple(claim.figure_location(f) for _, f in claim.items)
        where = _total_location(claims, claim, total)
        report.touch(where, *locs)
        if sum_agrees(total, parts):
            continue
        exact = sum(f.value for f in parts)
        report.finding("sum", where, stated=total, expected=exact, evidence=claim.text, related=locs,
                       parts="+".join(f.text for f in parts), parts_spaced=" + ".join(f.text for f in parts),
                       sum=fmt(exact, total.decimals))


def _total_location(claims: Claims, claim: Claim, total: Figure) -> Location:
    if any(f is total for f, _ in claim.elsewhere):
        return claim.figure_location(total)
    for c in claims.of("composite_total", "score_statement"):
        if c.location.block == claim.location.block:
            for f in c.values.values():
                if f is total:
                    return c.figure_location(f)
    return claim.location


@rule("GJ304", "breakdown-part-mismatch", "error", "分项得分与评分表不一致",
      "A part of a score breakdown differs from its table row",
      needs=("claims", "score_index"),
      messages={"part": Message("“{name}”在文中为 {stated}，评分表中得分为 {table}。",
                                "'{name}' is stated as {stated}; the score table gives {table}.")})
def breakdown_part_mismatch(report: Report, claims: Claims, score_index: ScoreIndex) -> None:
    """
    What it does
    Looks up each part of a breakdown ("产出25分") in the score table by its name and compares the
    stated score with the table's 得分.

    Why is this bad?
    The summary and the table are two statements of one evaluation; a difference means one is wrong.

    Example
    "其中……产出25分" while the score table's 产出 row gives 得分 24.9.

    Use instead
    "产出24.9分", as the table says.
    """
    for claim in claims.of("breakdown"):
        items = zip([n for n, _ in claim.items], shared_precision(f for _, f in claim.items), strict=True)
        for name, stated in items:
            value = score_index.by_label(name, "score")
            where = _disagreeing(report, claim, stated, value)
            if where is not None:
                report.finding("part", where, stated=stated, expected=value.figure.value, evidence=claim.text,
                               related=value.locations, name=name, table=value.figure.text)


@rule("GJ305", "part-exceeds-maximum", "error", "分项得分超过其分值",
      "A stated part score exceeds the part's maximum",
      needs=("claims", "score_index"),
      messages={
          "part": Message("“{name}”得分 {stated} 超过其分值 {maximum}。",
                          "'{name}' scores {stated}, above its maximum of {maximum}."),
          "statement": Message("{label} 实际得分 {stated} 超过其满分 {maximum}。",
                               "{label}: score {stated} exceeds its maximum {maximum}."),
      })
def part_exceeds_maximum(report: Report, claims: Claims, score_index: ScoreIndex) -> None:
    """
    What it does
    Compares each part of a breakdown, and each score in a statement such as "（权重分 5 分，实际得分
    6 分）", with the maximum the table (or the statement itself) gives that part.

    Why is this bad?
    A score above its weight is impossible under the evaluation's own scoring.

    Example
    "其中……过程22.5分" while the table gives 过程 a 分值 of 20.

    Use instead
    A score no greater than the weight: "过程20分".
    """
    for claim in claims.of("breakdown"):
        for name, stated in claim.items:
            maximum = score_index.by_label(name, "maximum")
            if maximum is None or stated.value is None or stated.value <= maximum.figure.value:
                continue
            where = claim.figure_location(stated)
            report.touch(where, *maximum.locations)
            report.finding("part", where, stated=stated, expected=maximum.figure.value, evidence=claim.text,
                           related=maximum.locations, name=name, maximum=maximum.figure.text)
    for claim in claims.of("score_statement"):
        maximum, score = claim.values["maximum"], claim.values["score"]
        if maximum.value is not None and score.value is not None and score.value > maximum.value:
            report.finding("statement", claim.figure_location(score), stated=score, expected=maximum.value,
                           evidence=claim.text, related=(claim.figure_location(maximum),), label=claim.label,
                           maximum=maximum.text)


@rule("GJ306", "measured-value-mismatch", "error", "指标表业绩值与正文计算结果不一致",
      "An indicator's measured value in the table differs from the rate the text computes",
      needs=("claims", "score_index"),
      messages={
          "measured": Message("{subject} 的业绩值为 {stated}，但 {num} / {den} = {quotient}%，应为 {rounded}%",
                              "{subject}: the table gives {stated}, but {num} / {den} = {quotient}% → {rounded}%"),
          "text-says": Message("（正文中写为 {rate}）", ""),
          "end": Message("。", "."),
      })
def measured_value_mismatch(report: Report, claims: Claims, score_index: ScoreIndex) -> None:
    """
    What it does
    For an indicator whose text gives a rate with its operands ("C31 … 预算收入 A 元，决算收入 B 元，
    预算完成率为 R%"), compares the 业绩值/实际完成值 of that indicator's table row with B / A.

    Why is this bad?
    The measured value drives the indicator's score. A table value that its own operands do not
    support either misprints the rate or scores the indicator on a wrong figure.

    Example
    Table 6, C31 业绩值 95.37%, while 48,213,907.40 / 50,561,820.15 = 95.356% → 95.36% (the text
    itself says 95.36%).

    Use instead
    The rate the operands give: 95.36%.
    """
    for claim in claims.of("ratio"):
        if not claim.subject or "numerator" not in claim.values:
            continue
        measured = score_index.by_code(claim.subject, "measured")
        if measured is None or not measured.figure.is_percent:
            continue
        num, den = claim.values["numerator"], claim.values["denominator"]
        exact = operand_value(num) / operand_value(den) * 100
        stated = measured.figure
        report.touch(measured.location, claim.figure_location(num), claim.figure_location(den))
        if compare(stated, exact).ok:
            continue
        rate = claim.values["rate"]
        messages = ["measured", *(["text-says"] if figures_agree(rate, stated) is False else []), "end"]
        report.finding(
            messages, measured.location, stated=stated, expected=round_to(exact, stated.decimals),
            evidence=claim.text,
            related=(claim.figure_location(num), claim.figure_location(den), claim.figure_location(rate)),
            subject=claim.subject, num=num.text, den=den.text, quotient=fmt(exact, stated.decimals + 1),
            rounded=fmt(exact, stated.decimals), rate=rate.text)


@rule("GJ307", "total-restated-differently", "error", "正文所述合计与表中合计不一致",
      "A table's total restated in the text with another amount",
      needs=("total_restatements",),
      messages={"differs": Message("正文写“{label}”为 {stated}，而表{table}中“{name}”为 {value}。",
                                   "The text gives '{label}' as {stated}; '{name}' in table {table} is {value}.")})
def total_restated_differently(report: Report, total_restatements: list[Restatement]) -> None:
    """
    What it does
    Finds amounts in the text named as a table's total line ("本部门2024年度收入总计 5,486,120.50 元",
    "本年支出合计 5301.25 万元": the words end with the name of a 合计/总计 line of a table) and compares them
    with that line, in 元, so 万元 and 元 printings of one amount agree. A figure of another year (上年, a
    year the document is not about) is not a restatement. When tables give that name several different
    amounts (a 总表 and a 财政拨款总表), the text agrees if it matches any, and is not judged otherwise.

    Why is this bad?
    The headline figures of a 部门预算/决算 or a report are the ones readers quote; a headline that
    restates a total differently from the table means one of them was not updated.

    Example
    "本部门2024年度财政拨款收入支出总计 0.5 万元", while the 财政拨款收支总表 gives 收入支出总计 4,812.36.

    Use instead
    "财政拨款收入支出总计 4,812.36 万元", as the table says.
    """
    for restated in total_restatements:
        stated, lines = restated.prose.figure, restated.lines
        where = restated.prose.location
        report.touch(where, *(line.location for line in lines))
        if any(amounts_agree(stated, line.figure) for line in lines):
            continue
        values = {line.yuan for line in lines}
        if len(values) != 1:
            continue  # several totals of that name and none fits: which one is meant cannot be told
        line = lines[0]
        report.finding("differs", where, stated=stated, expected=stated.from_yuan(line.yuan),
                       related=tuple(n.location for n in lines),
                       label=restated.prose_label, name=restated.name, table=line.table or "", value=line.figure.text)
