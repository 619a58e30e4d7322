"""GJ3xx: what the prose says against what the tables say."""

from __future__ import annotations

from collections.abc import Iterator

from checks.lookup import TableValue, by_code, by_label, total_candidates
from checks.registry import Context, rule
from model.document import Location
from model.figure import Figure
from model.findings import Finding, figure_finding
from model.rounding import figures_agree, fmt, round_to, shared_precision, sum_agrees


@rule("GJ301", "composite-total-mismatch", "error", "综合得分与评分表合计不一致",
      "Composite score differs from the score table's total")
def composite_total_mismatch(ctx: Context) -> Iterator[Finding]:
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
    candidates = total_candidates(ctx.doc)
    claims = ctx.claims_of("composite_total")
    if not candidates and claims:
        # Without a score table, the first statement of the total is the reference for the others.
        first = claims[0]
        candidates = [TableValue(first.values["total"], first.figure_location(first.values["total"]))]
        claims = claims[1:]
    for claim in claims:
        stated = claim.values["total"]
        where = claim.figure_location(stated)
        ctx.touch(where, *(loc for c in candidates for loc in c.locations))
        if any(c.agrees(stated) for c in candidates):
            continue
        best = candidates[0]
        yield figure_finding(
            composite_total_mismatch.code, "error", stated, where, best.figure.value,
            f"综合得分写为 {stated.text}，但" + ("评分表合计为" if best.location.table else "前文写为")
            + f" {best.figure.text}" + ("（各部分小计之和）" if best.parts else "") + "。",
            f"The composite score is stated as {stated.text}, but "
            + ("the score table totals" if best.location.table else "it was stated earlier as")
            + f" {best.figure.text}.",
            claim.text, best.locations)


@rule("GJ302", "score-statement-mismatch", "error", "文中分值或得分与指标表不一致",
      "A weight or score stated in the text differs from the indicator table")
def score_statement_mismatch(ctx: Context) -> Iterator[Finding]:
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
    for claim in ctx.claims_of("score_statement"):
        maximum, score = shared_precision([claim.values["maximum"], claim.values["score"]])
        for role, name_zh, stated in (("maximum", "分值", maximum), ("score", "得分", score)):
            value = _table_value(ctx, claim.subject, role)
            where = _disagreeing(ctx, claim, stated, value)
            if where is None:
                continue
            yield figure_finding(
                score_statement_mismatch.code, "error", stated, where, value.figure.value,
                f"{claim.label} 的{name_zh}在文中写为 {stated.text}，指标表中为 {value.figure.text}。",
                f"{claim.label}: the text states {role} {stated.text}, the indicator table gives "
                f"{value.figure.text}.", claim.text, value.locations)


def _disagreeing(ctx: Context, claim, stated: Figure, value: TableValue | None) -> Location | None:
    """Where a stated figure contradicts the table value it restates; None when it agrees or has none.
    Either way both took part in a check."""
    if value is None:
        return None
    where = claim.figure_location(stated)
    ctx.touch(where, *value.locations)
    return None if value.agrees(stated) else where


def _table_value(ctx: Context, subject: str, role: str) -> TableValue | None:
    if not subject:
        return None
    from extractor.tables import CODE

    if CODE.fullmatch(subject):
        return by_code(ctx.doc, subject, role)
    return by_label(ctx.doc, subject, role)


@rule("GJ303", "breakdown-does-not-sum", "error", "分项得分之和与总分不符",
      "The parts of a score breakdown do not add up to the stated total")
def breakdown_does_not_sum(ctx: Context) -> Iterator[Finding]:
    """
    What it does
    Adds up a breakdown such as "其中，决策20分，过程22.5分，产出25分，效益35分" and compares the sum
    with the total stated just before it.

    Why is this bad?
    A breakdown that does not add up means at least one part, or the total, is misprinted.

    Example
    "综合评价得分为96.25分。其中，决策20分，过程22.5分，产出25分，效益35分" — the parts add up to 102.5.

    Use instead
    Parts that add up to the total: "综合评价得分为99.9分。其中，决策20分，过程20分，产出24.9分，效益35分".
    """
    for claim in ctx.claims_of("breakdown"):
        total = claim.values.get("total")
        if total is None or total.value is None:
            continue
        parts = shared_precision(f for _, f in claim.items)
        locs = tuple(claim.figure_location(f) for f in parts)
        where = _total_location(ctx, claim, total)
        ctx.touch(where, *locs)
        if sum_agrees(total, parts):
            continue
        exact = sum(f.value for f in parts)
        yield figure_finding(
            breakdown_does_not_sum.code, "error", total, where, exact,
            f"分项 {'+'.join(f.text for f in parts)} 合计 {fmt(exact, total.decimals)}，与所述总分 {total.text} 不符。",
            f"The parts {' + '.join(f.text for f in parts)} add up to {fmt(exact, total.decimals)}, "
            f"not the stated {total.text}.", claim.text, locs)


def _total_location(ctx: Context, claim, total: Figure) -> Location:
    for c in ctx.claims:
        if c.kind in ("composite_total", "score_statement") and c.location.block == claim.location.block:
            for f in c.values.values():
                if f is total:
                    return c.figure_location(f)
    return claim.location


@rule("GJ304", "breakdown-part-mismatch", "error", "分项得分与评分表不一致",
      "A part of a score breakdown differs from its table row")
def breakdown_part_mismatch(ctx: Context) -> Iterator[Finding]:
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
    for claim in ctx.claims_of("breakdown"):
        items = zip([n for n, _ in claim.items], shared_precision(f for _, f in claim.items), strict=True)
        for name, stated in items:
            value = by_label(ctx.doc, name, "score")
            where = _disagreeing(ctx, claim, stated, value)
            if where is None:
                continue
            yield figure_finding(
                breakdown_part_mismatch.code, "error", stated, where, value.figure.value,
                f"“{name}”在文中为 {stated.text}，评分表中得分为 {value.figure.text}。",
                f"'{name}' is stated as {stated.text}; the score table gives {value.figure.text}.",
                claim.text, value.locations)


@rule("GJ305", "part-exceeds-maximum", "error", "分项得分超过其分值",
      "A stated part score exceeds the part's maximum")
def part_exceeds_maximum(ctx: Context) -> Iterator[Finding]:
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
    for claim in ctx.claims_of("breakdown"):
        for name, stated in claim.items:
            maximum = by_label(ctx.doc, name, "maximum")
            if maximum is None or stated.value is None or stated.value <= maximum.figure.value:
                continue
            where = claim.figure_location(stated)
            ctx.touch(where, *maximum.locations)
            yield figure_finding(
                part_exceeds_maximum.code, "error", stated, where, maximum.figure.value,
                f"“{name}”得分 {stated.text} 超过其分值 {maximum.figure.text}。",
                f"'{name}' scores {stated.text}, above its maximum of {maximum.figure.text}.",
                claim.text, maximum.locations)
    for claim in ctx.claims_of("score_statement"):
        maximum, score = claim.values["maximum"], claim.values["score"]
        if maximum.value is not None and score.value is not None and score.value > maximum.value:
            where = claim.figure_location(score)
            yield figure_finding(
                part_exceeds_maximum.code, "error", score, where, maximum.value,
                f"{claim.label} 实际得分 {score.text} 超过其满分 {maximum.text}。",
                f"{claim.label}: score {score.text} exceeds its maximum {maximum.text}.", claim.text,
                (claim.figure_location(maximum),))


@rule("GJ306", "measured-value-mismatch", "error", "指标表业绩值与正文计算结果不一致",
      "An indicator's measured value in the table differs from the rate the text computes")
def measured_value_mismatch(ctx: Context) -> Iterator[Finding]:
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
    from checks.recompute import resolved_ratio

    for claim in ctx.claims_of("ratio"):
        if not claim.subject:
            continue
        measured = by_code(ctx.doc, claim.subject, "measured")
        if measured is None or not measured.figure.is_percent:
            continue
        resolved = resolved_ratio(claim)
        if resolved is None:
            continue
        exact, num, den = resolved
        stated = measured.figure
        from model.rounding import compare

        ctx.touch(measured.location, claim.figure_location(num), claim.figure_location(den))
        if compare(stated, exact).ok:
            continue
        rate = claim.values["rate"]
        also = "（正文中写为 " + rate.text + "）" if figures_agree(rate, stated) is False else ""
        yield figure_finding(
            measured_value_mismatch.code, "error", stated, measured.location, round_to(exact, stated.decimals),
            f"{claim.subject} 的业绩值为 {stated.text}，但 {num.text} / {den.text} = "
            f"{fmt(exact, stated.decimals + 1)}%，应为 {fmt(exact, stated.decimals)}%{also}。",
            f"{claim.subject}: the table gives {stated.text}, but {num.text} / {den.text} = "
            f"{fmt(exact, stated.decimals + 1)}% → {fmt(exact, stated.decimals)}%.",
            claim.text, (claim.figure_location(num), claim.figure_location(den), claim.figure_location(rate)))
