"""Properties of the figure parser and the rounding-aware comparison (hypothesis).

Printing and parsing are inverse: a Decimal printed with thousands separators, full-width digits, a
percent sign or a unit parses back to the same value and the same number of decimals. compare() accepts
every half-up, half-even and truncated rounding of a value and nothing more than one unit away;
sum_agrees() accepts any total of rounded parts.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor.numbers import find_figures, parse_cell
from model.figure import Figure
from model.rounding import compare, round_to, sum_agrees

FULL = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
MODES = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}

decimals = st.integers(min_value=0, max_value=6)


@st.composite
def printed(draw, max_digits: int = 14) -> tuple[Decimal, int]:
    """A value as a report prints it: at most `max_digits` digits, with `k` decimals."""
    k = draw(decimals)
    units = draw(st.integers(min_value=0, max_value=10 ** (max_digits - k) - 1))
    return Decimal(units).scaleb(-k), k


def fmt(value: Decimal, k: int, grouping: bool) -> str:
    return f"{value:,.{k}f}" if grouping else f"{value:.{k}f}"


# --- printing and parsing -----------------------------------------------------------------------


@settings(deadline=None)
@given(printed(), st.booleans(), st.booleans(), st.sampled_from(["", "%", "％", "万元", "分", "个百分点"]))
def test_cell_round_trip(vk, grouping, full_width, unit):
    value, k = vk
    text = fmt(value, k, grouping)
    if full_width:
        text = text.translate(FULL)
    fig = parse_cell(text + unit)
    assert fig is not None, text + unit
    assert (fig.value, fig.decimals) == (value, k)
    assert fig.unit == ({"": None, "％": "%"}.get(unit, unit))


@settings(deadline=None)
@given(printed(), st.booleans(), st.sampled_from(["-", "−", "paren"]))
def test_negative_cells(vk, grouping, sign):
    value, k = vk
    assume(value != 0)
    body = fmt(value, k, grouping)
    fig = parse_cell(f"({body})" if sign == "paren" else sign + body)
    assert fig is not None and (fig.value, fig.decimals) == (-value, k)


@settings(deadline=None)
@given(printed(), st.booleans(), st.booleans(), st.sampled_from(["%", "万元", "元", "分"]))
def test_prose_round_trip(vk, grouping, full_width, unit):
    value, k = vk
    text = fmt(value, k, grouping)
    if full_width:
        text = text.translate(FULL)
        unit = unit.translate(FULL)
    sentence = f"本项目预算执行率为{text}{unit}，较上年提高。"
    figures = [f for f in find_figures(sentence) if f.numeral == "arabic"]
    assert len(figures) == 1, (sentence, figures)
    (fig,) = figures
    assert (fig.value, fig.decimals) == (value, k)
    assert sentence[fig.start:fig.end] == fig.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_cell_never_raises(text):
    fig = parse_cell(text)
    assert fig is None or fig.value is None or fig.decimals >= 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789０１２３４５６７８９.,．，%％-−()（）万元 一二三个百分之点")),
               max_size=80))
def test_find_figures_never_raises_and_points_at_its_text(text):
    for fig in find_figures(text):
        assert 0 <= fig.start < fig.end <= len(text)
        assert text[fig.start:fig.end] == fig.text


@pytest.mark.parametrize(("text", "expected"), [
    ("1,2,3", None),  # not a thousands grouping
    ("９９．９", (Decimal("99.9"), 1)),
    ("1.2.3", None),
    ("--", "missing"),
    ("12..5", None),
    ("１２３４５６７８９０１２３４５６７８９０", (Decimal("12345678901234567890"), 0)),
    ("１２３４５６７８９０１２３４５６７８９０１", None),  # 21 digits: an identifier, not an amount
    ("1e5", None),
    ("NaN", None),
    ("Infinity", None),
    ("(12", None),
    (".5", None),
    ("1" * 5000, None),
])
def test_malformed_figures(text, expected):
    fig = parse_cell(text)
    if expected is None:
        assert fig is None
    elif expected == "missing":
        assert fig is not None and fig.missing
    else:
        assert fig is not None and (fig.value, fig.decimals) == expected


# --- rounding -----------------------------------------------------------------------------------


@st.composite
def exact_values(draw) -> tuple[Decimal, int]:
    """An exact value with more decimals than it is printed with, and the printed decimals."""
    k = draw(st.integers(min_value=0, max_value=4))
    extra = draw(st.integers(min_value=1, max_value=4))
    units = draw(st.integers(min_value=-(10**10), max_value=10**10))
    return Decimal(units).scaleb(-(k + extra)), k


def figure(value: Decimal, k: int) -> Figure:
    return Figure(text=f"{value:.{k}f}", value=value, decimals=k)


@settings(deadline=None)
@given(exact_values(), st.sampled_from(sorted(MODES)))
def test_compare_accepts_every_rounding(xk, mode):
    x, k = xk
    stated = round_to(x, k, mode)
    agreement = compare(figure(stated, k), x)
    assert agreement.ok and mode in agreement.modes


@settings(deadline=None)
@given(exact_values(), st.integers(min_value=1, max_value=10**6), st.booleans())
def test_compare_rejects_more_than_one_unit_away(xk, micro, up):
    x, k = xk
    ulp = Decimal(1).scaleb(-k)
    off = ulp + Decimal(micro).scaleb(-(k + 6))  # strictly more than one unit of the last digit
    stated = round_to(x + off if up else x - off, k)
    assume(abs(stated - x) > ulp)
    assert not compare(figure(stated, k), x).ok


@settings(deadline=None)
@given(st.lists(exact_values(), min_size=1, max_size=12), st.sampled_from(["half-up", "half-even"]),
       st.sampled_from(["half-up", "half-even"]), st.integers(min_value=0, max_value=4))
def test_sum_agrees_with_sums_of_rounded_parts(parts, part_mode, total_mode, total_k):
    exact_total = sum((x for x, _ in parts), Decimal(0))
    rounded = [figure(round_to(x, k, part_mode), k) for x, k in parts]
    total = figure(round_to(exact_total, total_k, total_mode), total_k)
    assert sum_agrees(total, rounded)
    # and the total as printed from the rounded parts themselves
    printed_sum = sum((f.value for f in rounded), Decimal(0))
    k = max(f.decimals for f in rounded)
    assert sum_agrees(figure(round_to(printed_sum, k), k), rounded)


@settings(deadline=None)
@given(st.lists(exact_values(), min_size=1, max_size=12), st.integers(min_value=0, max_value=4),
       st.integers(min_value=1, max_value=1000))
def test_sum_agrees_rejects_totals_beyond_the_rounding_slack(parts, total_k, excess):
    rounded = [figure(round_to(x, k), k) for x, k in parts]
    slack = sum((f.half_ulp for f in rounded), Decimal(0)) + Decimal(5).scaleb(-(total_k + 1))
    total_value = sum((f.value for f in rounded), Decimal(0)) + slack + Decimal(excess).scaleb(-(total_k + 6))
    total = figure(round_to(total_value, total_k, "half-up") + Decimal(1).scaleb(-total_k), total_k)
    assert not sum_agrees(total, rounded)
