"""Rounding-aware comparison of a printed figure with a recomputed value, and the one formatter.

A figure printed with k decimals agrees with an exact value if that value rounds to it at k decimals,
half-up, half-even or truncated. A sum of rounded parts is an interval (XBRL Calculations 1.1): each
part stands for its value ± half a unit of its last printed digit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from model.figure import Figure

MODES = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}


def round_to(value: Decimal, decimals: int, mode: str = "half-up") -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=MODES[mode])


@dataclass(frozen=True)
class Agreement:
    modes: tuple[str, ...]  # rounding modes under which the printed figure fits the exact value
    expected: Decimal  # the exact value rounded half-up to the printed decimals
    delta_ulps: Decimal  # (printed − expected) in units of the printed last digit

    @property
    def ok(self) -> bool:
        return bool(self.modes)

    @property
    def truncation_only(self) -> bool:
        return self.modes == ("truncate",)


def compare(stated: Figure, exact: Decimal, decimals: int | None = None) -> Agreement:
    """Does the printed figure fit `exact` (in the printed unit) under some rounding?"""
    assert stated.value is not None
    k = stated.decimals if decimals is None else decimals
    modes = tuple(m for m in MODES if round_to(exact, k, m) == stated.value)
    expected = round_to(exact, k)
    ulp = Decimal(1).scaleb(-k)
    return Agreement(modes, expected, (stated.value - expected) / ulp)


def interval(parts: Iterable[Figure], signs: Iterable[int] | None = None) -> tuple[Decimal, Decimal]:
    """The range a signed sum of rounded figures can stand for."""
    parts = list(parts)
    signs = list(signs) if signs is not None else [1] * len(parts)
    total = sum((s * p.value for s, p in zip(signs, parts, strict=True) if p.value is not None), Decimal(0))
    slack = sum((p.half_ulp for p in parts if p.value is not None), Decimal(0))
    return total - slack, total + slack


def yuan_interval(figs: Iterable[Figure], signs: Iterable[int]) -> tuple[Decimal, Decimal]:
    """`interval` for money figures of any units, in 元 (0.005 万元 of slack is 50 元)."""
    pairs = list(zip(signs, figs, strict=True))
    total = sum((s * f.in_yuan() for s, f in pairs), Decimal(0))
    slack = sum((f.half_ulp_yuan for _, f in pairs), Decimal(0))
    return total - slack, total + slack


def within(stated: Figure, lo: Decimal, hi: Decimal) -> bool:
    """Whether a printed figure may stand for some value in [lo, hi], its own rounding allowed for."""
    assert stated.value is not None
    return stated.value + stated.half_ulp >= lo and stated.value - stated.half_ulp <= hi


def sum_agrees(stated: Figure, parts: Iterable[Figure], signs: Iterable[int] | None = None) -> bool:
    """Whether a printed total is consistent with its printed parts, all rounding allowed for."""
    return within(stated, *interval(parts, signs))


def ulps(stated: Figure, expected: Decimal) -> Decimal:
    """The difference in units of the printed last digit."""
    assert stated.value is not None
    return ((stated.value - expected) / stated.ulp).quantize(Decimal("0.01"))


def figures_agree(a: Figure, b: Figure) -> bool:
    """Two printings of the same quantity agree when their rounding intervals overlap.

    A half-up interval is half-open ([v − h, v + h)), so intervals that only touch do not overlap:
    24.9 and 25.0 cannot both be roundings of one value.
    """
    assert a.value is not None and b.value is not None
    return abs(a.value - b.value) < a.half_ulp + b.half_ulp


def amounts_agree(a: Figure, b: Figure) -> bool:
    """Two printings of one money amount agree when their rounding intervals overlap, in 元, so that
    5301.25 万元 and 53,012,500 元 do."""
    assert a.value is not None and b.value is not None
    return abs(a.in_yuan() - b.in_yuan()) < a.half_ulp_yuan + b.half_ulp_yuan


def at_precision(fig: Figure, decimals: int) -> Figure:
    """Read a figure at the precision of the list it is printed in.

    In "决策20分，过程18.75分，产出25分" the 25 is not a rounded 24.9: figures printed side by side
    share one precision, so an integer among two-decimal siblings means 25.00.
    """
    if decimals <= fig.decimals or fig.value is None:
        return fig
    return replace(fig, decimals=decimals)


def shared_precision(figs: Iterable[Figure]) -> list[Figure]:
    figs = list(figs)
    decimals = max((f.decimals for f in figs), default=0)
    return [at_precision(f, decimals) for f in figs]


def fmt(value: Decimal | None, like: Figure | int) -> str:
    """A computed value printed the way the figure it is compared with is printed.

    Given that figure: its decimals, thousands separators if it has them, and its percent sign if it is
    printed with one. Given only a number of decimals: those, with separators from 10,000 up. Rounding
    is half-up, the convention of the documents.
    """
    if value is None:
        return "—"
    if isinstance(like, int):
        decimals, grouped, suffix = like, abs(value) >= 10000, ""
    else:
        decimals, grouped = like.decimals, "," in like.text
        printed_percent = like.unit in ("%", "‰") and like.text.rstrip().endswith(("%", "％", "‰"))
        suffix = like.unit if printed_percent else ""
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return (f"{q:,.{decimals}f}" if grouped else f"{q:.{decimals}f}") + suffix


def fmt_delta(value: Decimal, like: Figure) -> str:
    """A difference printed like `like`, with its sign."""
    return ("+" if value > 0 else "") + fmt(value, like)
