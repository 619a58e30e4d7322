"""What the reading stage finds in the prose: claims, i.e. statements a rule can recompute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from model.document import Location
from model.figure import Figure

if TYPE_CHECKING:
    from reading.formulas import GradeBand


ClaimKind = Literal[
    "composite_total", "grade", "grade_bands", "score_statement", "breakdown", "ratio", "rate", "part_of_whole",
    "share", "shares", "formula", "count", "deduction", "enumeration", "amount_share", "named_share", "dimensions",
    "change", "comparison",
]
# The named figures each kind of claim carries: (required, optional). A claim with others is a bug.
CLAIM_VALUES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    kind: (frozenset(required.split()), frozenset(optional.split()))
    for kind, required, optional in (
        ("composite_total", "total", ""),  # 综合得分为 88.25 分
        ("grade", "", ""),  # 评价级别为“优”: the grade is the label
        ("grade_bands", "", ""),  # 优（得分≥90分）、良（80≤得分<90分）: the bands
        ("score_statement", "maximum score", "rate"),  # 满分 43 分，实际得分 40.52 分，得分率 94.23%
        ("breakdown", "", "total"),  # 其中，决策20分，过程24.75分…: items, and the total stated before it
        ("ratio", "rate", "numerator denominator"),  # 预算 X 万元，执行 Y 万元，执行率 Z%: operands in items
        ("rate", "rate", ""),  # 验收合格率为 91.98%
        ("part_of_whole", "whole part rate", ""),  # 回收 520 份，其中 431 份（占比 82.88%）
        ("share", "rate", ""),  # one category of a survey, grouped into "shares"
        ("shares", "", "population"),  # the categories of one surveyed population, in items
        ("formula", "result", ""),  # 512000000/8420/12/6150=82.4%: operands in items
        ("count", "count", ""),  # 4 个一级指标
        ("deduction", "gap deduction", "score"),  # 低 5.27 个百分点，扣 2.08 分，得 1.92 分
        ("enumeration", "count", ""),  # 从A、B三个方面: the items in the label
        ("amount_share", "whole part rate", ""),  # 支出5284.60万元，……卫生健康支出412.30万元，占7.80%
        ("named_share", "part rate", ""),  # 支出5284.60万元，占本年支出合计的99.69%: the whole's name in the label
        ("dimensions", "total", ""),  # 决策指标满分20分，得分18分；过程指标……: the dimensions' scores in items
        ("change", "current", "previous amount rate"),  # 支出5284.60万元，比上年增加612.40万元，增长13.11%
        ("comparison", "left right", ""),  # 决算数大于预算数: the relation in the label, the words in the subject
    )
}


@dataclass(frozen=True)
class Claim:
    """One statement found in the text.

    `kind` says which statement it is (see patterns/README.md for the list); `values` holds its named
    figures ("total", "maximum", "score", "rate", …) and `items` its ordered parts (a breakdown's
    sections, a formula's operands, a population's shares). Figure offsets are relative to the text of
    the block at `location.block` (a paragraph, or a table cell when `location.row` is set).
    """

    kind: ClaimKind
    text: str  # the sentence the claim was read from
    location: Location  # the sentence's place; its start/end are offsets in the block text
    values: dict[str, Figure] = field(default_factory=dict)
    items: tuple[tuple[str, Figure], ...] = ()
    subject: str = ""  # the indicator code or name the claim is about, if any
    label: str = ""  # a grade word, a formula, a rate's name; for a deduction its side ("above"/"below")
    pattern: str = ""  # the id of the pattern that matched
    bands: tuple[GradeBand, ...] = ()  # grade thresholds, for "grade_bands" claims
    elsewhere: tuple[tuple[Figure, Location], ...] = ()  # figures read from another block than `location`'s

    def __post_init__(self) -> None:
        required, optional = CLAIM_VALUES[self.kind]
        names = self.values.keys()
        if not required <= names or not names <= required | optional:
            raise ValueError(f"a {self.kind} claim carries {sorted(names)}; it needs {sorted(required)} "
                             f"and may carry {sorted(optional)}")

    def figure_location(self, fig: Figure) -> Location:
        for other, where in self.elsewhere:
            if other is fig:
                return where.at(fig.start, fig.end)
        return self.location.at(fig.start, fig.end)
