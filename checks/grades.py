"""GJ6xx (grades): the grade the report gives against the score and the report's own thresholds."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from checks.registry import Context, rule
from model.figure import Figure
from model.findings import Finding
from reading.formulas import GradeBand


def _band(grade: str, lower: int | None, upper: int | None) -> GradeBand:
    def fig(v):
        return None if v is None else Figure(text=str(v), value=Decimal(v), unit="分")

    return GradeBand(grade, fig(lower), True, fig(upper), False, 0, 0)


# The common scale of Chinese performance evaluation (财预〔2020〕10号): used only when a report states none.
DEFAULT_BANDS = (_band("优", 90, None), _band("良", 80, 90), _band("中", 60, 80), _band("差", None, 60))


@rule("GJ601", "grade-contradicts-thresholds", "error", "评价等级与得分及等级标准不符",
      "The grade does not match the score under the stated thresholds")
def grade_contradicts_thresholds(ctx: Context) -> Iterator[Finding]:
    """
    What it does
    Takes the composite score the report states and the grade it gives (评价级别为“优”), and checks the
    grade against the thresholds the report itself states (优（得分≥90分）、良（80≤得分<90分）…). When
    the report states none, the common scale 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 is used and the finding
    is a warning.

    Why is this bad?
    The grade is the conclusion of the evaluation; a grade its own score does not reach misstates it.

    Example
    "综合得分为 88.5 分，评价级别为“优”", with 优（得分≥90分） stated in the method section.

    Use instead
    "评价级别为“良”".
    """
    bands = next((c.bands for c in ctx.claims_of("grade_bands")), ())
    stated_bands = bool(bands)
    bands = bands or DEFAULT_BANDS
    totals = ctx.claims_of("composite_total")
    for claim in ctx.claims_of("grade"):
        # the score a grade is given for is the composite total stated last before it
        total = next((t for t in reversed(totals) if (t.location.block, t.location.start or 0)
                      < (claim.location.block, claim.location.start or 0)), None)
        if total is None:
            continue
        score = total.values["total"]
        fitting = [b.grade for b in bands if b.contains(score.value)]
        if not fitting or claim.label in fitting or claim.label not in {b.grade for b in bands}:
            continue
        severity = "error" if stated_bands else "warning"
        basis_zh = "报告所列等级标准" if stated_bands else "常用等级标准（优≥90、良80–90、中60–80、差<60）"
        basis_en = "the report's own thresholds" if stated_bands else "the common scale (优≥90, 良80–90, 中60–80)"
        yield Finding(
            rule=grade_contradicts_thresholds.code, severity=severity, location=claim.location,
            message=f"综合得分 {score.text} 按{basis_zh}应为“{fitting[0]}”，文中为“{claim.label}”。",
            message_en=f"A score of {score.text} is '{fitting[0]}' under {basis_en}; the report says "
                       f"'{claim.label}'.",
            stated_text=claim.subject, evidence=claim.text, related=(total.figure_location(score),))
