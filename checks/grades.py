"""GJ6xx (grades): the grade the report gives against the score and the report's own thresholds."""

from __future__ import annotations

from decimal import Decimal

from checks.registry import Message, Report, rule
from model.figure import Figure
from reading.facts import Claims
from reading.formulas import GradeBand


def _band(grade: str, lower: int | None, upper: int | None) -> GradeBand:
    def fig(v):
        return None if v is None else Figure(text=str(v), value=Decimal(v), unit="分")

    return GradeBand(grade, fig(lower), True, fig(upper), False, 0, 0)


# The common scale of Chinese performance evaluation (财预〔2020〕10号): used only when a report states none.
DEFAULT_BANDS = (_band("优", 90, None), _band("良", 80, 90), _band("中", 60, 80), _band("差", None, 60))


@rule("GJ601", "grade-contradicts-thresholds", "error", "评价等级与得分及等级标准不符",
      "The grade does not match the score under the stated thresholds",
      needs=("claims",),
      messages={
          "stated-bands": Message("综合得分 {score} 按报告所列等级标准应为“{fitting}”，文中为“{grade}”。",
                                  "A score of {score} is '{fitting}' under the report's own thresholds; the report "
                                  "says '{grade}'."),
          "common-scale": Message("综合得分 {score} 按常用等级标准（优≥90、良80–90、中60–80、差<60）应为“{fitting}”，"
                                  "文中为“{grade}”。",
                                  "A score of {score} is '{fitting}' under the common scale (优≥90, 良80–90, 中60–80); "
                                  "the report says '{grade}'.", "warning"),
      })
def grade_contradicts_thresholds(report: Report, claims: Claims) -> None:
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
    bands = next((c.bands for c in claims.of("grade_bands")), ())
    stated_bands = bool(bands)
    bands = bands or DEFAULT_BANDS
    totals = claims.of("composite_total")
    for claim in claims.of("grade"):
        # the score a grade is given for is the composite total stated last before it
        total = next((t for t in reversed(totals) if (t.location.block, t.location.start or 0)
                      < (claim.location.block, claim.location.start or 0)), None)
        if total is None:
            continue
        score = total.values["total"]
        fitting = [b.grade for b in bands if b.contains(score.value)]
        if not fitting or claim.label in fitting or claim.label not in {b.grade for b in bands}:
            continue
        report.finding("stated-bands" if stated_bands else "common-scale", claim.location, stated_text=claim.subject,
                       evidence=claim.text, related=(total.figure_location(score),), score=score.text,
                       fitting=fitting[0], grade=claim.label)
