"""Figures as the generator prints them: exact value, printed decimals, surface style."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def q(value: Decimal, decimals: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round at `decimals` places (half-up unless told otherwise)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def pct(num: Decimal, den: Decimal) -> Decimal:
    """num / den in percent, exact enough for any printed precision."""
    return (num * 100 / den) if den else Decimal(0)


@dataclass(frozen=True)
class Style:
    """How one report prints its figures."""

    thousands: bool = False  # 1,234.56 in amounts
    fullwidth: bool = False  # some prose figures in full-width digits
    wide_pct: bool = False  # ％ instead of % in prose
    space: bool = False  # "93.99 分" (a PDF-to-text look) rather than "93.99分"
    rate_decimals: int = 2  # 得分率 and 执行率 decimals


def fmt(value: Decimal, decimals: int, thousands: bool = False) -> str:
    v = q(value, decimals)
    return f"{v:,.{decimals}f}" if thousands else f"{v:.{decimals}f}"


@dataclass
class Fig:
    """One printed figure. `exact` is what its operands give; `text` is what is printed."""

    key: str
    exact: Decimal | None
    decimals: int
    text: str
    unit: str = ""  # printed after the number (%, 分, 万元, 份 …) — part of the surrounding text
    meta: dict = field(default_factory=dict)

    @property
    def correct_text(self) -> str:
        return self.meta.get("correct_text", self.text)

    def printed_value(self) -> Decimal:
        return parse_plain(self.text)

    def consistent(self) -> bool:
        """The printed value is the exact value rounded half-up, half-even or truncated."""
        if self.exact is None:
            return self.text == self.correct_text
        v = self.printed_value()
        return v in (q(self.exact, self.decimals), q(self.exact, self.decimals, ROUND_FLOOR),
                     q(self.exact, self.decimals, ROUND_CEILING)) and abs(v - self.exact) < Decimal(1).scaleb(
                         -self.decimals)


def parse_plain(text: str) -> Decimal:
    t = text.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,")).replace(",", "").strip()
    return Decimal(t)


def num(key: str, value: Decimal, decimals: int, style: Style | None = None, *, thousands: bool | None = None,
        wide: bool = False, unit: str = "") -> Fig:
    """A figure printed at `decimals` (half-up). `wide` prints it in full-width digits."""
    style = style or Style()
    text = fmt(value, decimals, style.thousands if thousands is None else thousands)
    if wide:
        text = text.translate(FULLWIDTH)
    return Fig(key, value, decimals, text, unit)


def word(key: str, text: str) -> Fig:
    """A non-numeric claim that can be wrong (a grade, a heading number)."""
    return Fig(key, None, 0, text)
