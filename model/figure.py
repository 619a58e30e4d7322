"""A printed figure: its text as printed, its value, the decimals it was printed with, its unit.

Every stage reads figures; only `extractor.numbers` makes them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from patterns.vocabulary import V

MONEY_SCALE = {unit: Decimal(scale) for unit, scale in V.money_units.data["scale"].items()}


@dataclass(frozen=True)
class Figure:
    """A printed number. `value` is None for an empty marker (—, /, blank)."""

    text: str
    value: Decimal | None
    decimals: int = 0
    unit: str | None = None
    start: int = 0
    end: int = 0
    comparator: str | None = None  # "≥" in a target such as "≥90%"
    numeral: str = "arabic"  # "chinese" for 三个, 百分之五
    confidence: float | None = None  # OCR confidence (0–1) of the text it was read from; None: text layer

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "‰")

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_SCALE

    @property
    def ulp(self) -> Decimal:
        """One unit of the last printed digit."""
        return Decimal(1).scaleb(-self.decimals)

    @property
    def half_ulp(self) -> Decimal:
        return Decimal(5).scaleb(-(self.decimals + 1))

    def fraction(self) -> Decimal | None:
        """The value as a fraction of one: 95.36% → 0.9536."""
        if self.value is None:
            return None
        if self.unit == "%":
            return self.value / 100
        if self.unit == "‰":
            return self.value / 1000
        return self.value

    def in_yuan(self) -> Decimal | None:
        if self.value is None or self.unit not in MONEY_SCALE:
            return self.value
        return self.value * MONEY_SCALE[self.unit]

    def from_yuan(self, yuan: Decimal) -> Decimal:
        """An amount in 元 expressed in this figure's unit (so it can be printed beside the figure)."""
        return yuan / MONEY_SCALE.get(self.unit, 1)

    @property
    def half_ulp_yuan(self) -> Decimal:
        """Half a unit of the last printed digit, in 元 for a money figure (0.005 万元 is 50 元)."""
        return self.half_ulp * MONEY_SCALE.get(self.unit, 1)

    def with_unit(self, unit: str | None) -> Figure:
        return replace(self, unit=unit)


def present(fig: Figure | None) -> bool:
    """Whether there is a figure with a value (not a blank or an empty marker such as —)."""
    return fig is not None and fig.value is not None
