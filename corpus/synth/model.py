"""The data model of one synthetic report: indicator tree, funds, survey. Rendering reads only this."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from corpus.synth.figures import Style, pct, q


@dataclass
class Criterion:
    """A written scoring rule an indicator's score follows."""

    kind: str  # "linear", "ceil", "ratio", "bands", "qual"
    target: Decimal = Decimal(0)  # percent
    per_point: Decimal = Decimal(0)  # points deducted per percentage point short
    bands: tuple[tuple[Decimal, Decimal], ...] = ()  # (lower bound %, score), highest first
    deduction: Decimal = Decimal(0)  # qualitative: points deducted, with a reason

    def score(self, weight: Decimal, measured: Decimal | None) -> Decimal:
        if self.kind == "qual" or measured is None:
            return weight - self.deduction
        if self.kind == "ratio":
            return min(weight, q(measured * weight / 100, 2))
        if self.kind == "bands":
            return next((s for low, s in self.bands if measured >= low), Decimal(0))
        gap = self.target - measured
        if gap <= 0:
            return weight
        if self.kind == "ceil":
            gap = Decimal(math.ceil(gap))
        return max(Decimal(0), q(weight - gap * self.per_point, 2))


@dataclass
class Indicator:
    code: str
    name: str
    weight: Decimal
    criterion: Criterion
    measured: Decimal | None = None  # percent, as printed
    measured_decimals: int = 2
    measure_label: str = ""
    source: str = ""  # "exec", "arrival", "survey" when the measured value is derived elsewhere
    score: Decimal = Decimal(0)
    reason: str = ""

    def rule_score(self) -> Decimal:
        return self.criterion.score(self.weight, self.measured)


@dataclass
class Level2:
    code: str
    name: str
    children: list[Indicator]

    @property
    def weight(self) -> Decimal:
        return sum((i.weight for i in self.children), Decimal(0))

    @property
    def score(self) -> Decimal:
        return sum((i.score for i in self.children), Decimal(0))


@dataclass
class Level1:
    code: str
    name: str  # 决策指标
    short: str  # 决策
    children: list[Level2]

    @property
    def weight(self) -> Decimal:
        return sum((c.weight for c in self.children), Decimal(0))

    @property
    def score(self) -> Decimal:
        return sum((c.score for c in self.children), Decimal(0))

    def indicators(self) -> list[Indicator]:
        return [i for c in self.children for i in c.children]


@dataclass
class FundItem:
    label: str
    amount: Decimal
    parts: list[FundItem] = field(default_factory=list)  # ①② sub-items summing to amount


@dataclass
class FundGroup:
    label: str
    items: list[FundItem]

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.items), Decimal(0))


@dataclass
class BudgetLine:
    name: str
    budget: Decimal
    actual: Decimal


@dataclass
class Survey:
    issued: int
    returned: int
    counts: list[tuple[str, int]]  # category → count, summing to `returned`
    satisfied: int  # the count the satisfaction rate is taken from

    def share(self, count: int, decimals: int) -> Decimal:
        return q(pct(Decimal(count), Decimal(self.returned)), decimals)


@dataclass
class Report:
    seed: int
    year: int
    county: str
    project: str
    dept: str
    firm: str
    unit: str  # 元 or 万元
    style: Style
    levels: list[Level1]
    fund_title: str
    fund_groups: list[FundGroup]
    fund_subtotals: bool
    budget_lines: list[BudgetLine]
    arrived: Decimal  # 实际到位资金
    survey: Survey
    grade_scheme: int
    share_decimals: int
    choice: dict[str, int]  # phrasing variant per statement type
    skip_heading: tuple[int, int] | None = None  # (level, ordinal) of a heading number skipped
    beneficiaries: int = 0
    per_capita_decimals: int = 2

    @property
    def composite(self) -> Decimal:
        return sum((lv.score for lv in self.levels), Decimal(0))

    @property
    def budget(self) -> Decimal:
        return sum((b.budget for b in self.budget_lines), Decimal(0))

    @property
    def actual(self) -> Decimal:
        return sum((b.actual for b in self.budget_lines), Decimal(0))

    def indicators(self) -> list[Indicator]:
        return [i for lv in self.levels for i in lv.indicators()]

    def level2s(self) -> list[Level2]:
        return [c for lv in self.levels for c in lv.children]

    def rate_decimals(self) -> int:
        return self.style.rate_decimals


GRADE_SCHEMES = (
    # (names high → low, lower bounds) — the last grade has no lower bound
    (("优", "良", "中", "差"), (Decimal(90), Decimal(80), Decimal(60))),
    (("优秀", "良好", "合格", "不合格"), (Decimal(90), Decimal(80), Decimal(60))),
    (("优", "良", "中", "差"), (Decimal(90), Decimal(75), Decimal(60))),
)


def grade_of(score: Decimal, scheme: int) -> str:
    names, bounds = GRADE_SCHEMES[scheme]
    for name, low in zip(names, bounds, strict=False):
        if score >= low:
            return name
    return names[-1]
