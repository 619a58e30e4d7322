from decimal import Decimal

import pytest

from extractor.numbers import caption_unit, find_figures, header_unit, parse_cell


@pytest.mark.parametrize(
    ("text", "value", "decimals", "unit"),
    [
        ("21,043,082.56", "21043082.56", 2, None),
        ("１２３，４５６．７８", "123456.78", 2, None),
        ("96.88%", "96.88", 2, "%"),
        ("９９．９％", "99.9", 1, "%"),
        ("-886,648.34", "-886648.34", 2, None),
        ("（12.5）", "-12.5", 1, None),
        ("(12)", "-12", 0, None),
        ("－12", "-12", 0, None),
        ("490万人", "490", 0, "万人"),
        ("100.00%", "100.00", 2, "%"),
        ("0.00", "0.00", 2, None),
    ],
)
def test_parse_cell_values(text, value, decimals, unit):
    f = parse_cell(text)
    assert f is not None
    assert f.value == Decimal(value)
    assert f.decimals == decimals
    assert f.unit == unit
    assert f.text == text


@pytest.mark.parametrize("text", ["", "—", "——", "-", "－", "/", "／", "--"])
def test_empty_markers_are_missing_not_zero(text):
    f = parse_cell(text)
    assert f is not None and f.missing and f.value is None


@pytest.mark.parametrize("text", ["1,2,3", "1.2.3", "12..5", "按时完成上缴", "2020年12月底", "(12", "B41"])
def test_malformed_or_prose_cells_are_not_figures(text):
    assert parse_cell(text) is None


def test_cell_inherits_unit_but_printed_unit_wins():
    assert parse_cell("42305", unit="万元").unit == "万元"
    assert parse_cell("95%", unit="万元").unit == "%"
    assert parse_cell("42305", unit="万元").in_yuan() == Decimal("423050000")


def test_comparator_is_kept_for_targets():
    f = parse_cell("≥90%")
    assert (f.comparator, f.value, f.unit) == ("≥", Decimal(90), "%")


def test_prose_figures_keep_text_offsets_and_units():
    s = "产出指标满分 43 分，实际得分 40.52 分，得分率 94.23%。"
    figs = find_figures(s)
    assert [(f.value, f.unit) for f in figs] == [(Decimal(43), "分"), (Decimal("40.52"), "分"),
                                                 (Decimal("94.23"), "%")]
    assert [s[f.start:f.end] for f in figs] == ["43 分", "40.52 分", "94.23%"]


def test_percentage_points_are_not_percentages():
    (_, pp, _) = find_figures("比 95%区间低 5.27 个百分点, 扣 2.08 分")
    assert pp.unit == "个百分点" and pp.value == Decimal("5.27")


def test_range_dash_is_not_a_minus_sign():
    figs = find_figures("预算完成率95%-100%得4分")
    assert [f.value for f in figs] == [Decimal(95), Decimal(100), Decimal(4)]


def test_negative_in_prose():
    (f,) = find_figures("本年收支结余-886,648.34元")
    assert f.value == Decimal("-886648.34") and f.unit == "元"


def test_fullwidth_comma_in_prose_with_ascii_digits_is_a_list_separator():
    assert [f.value for f in find_figures("分别为100，200，300人")] == [100, 200, 300]


def test_chinese_counting_numerals():
    figs = find_figures("从政策制定依据及程序相关性、预决算程序三个方面进行评价，共十七个指标")
    assert [(f.value, f.numeral) for f in figs] == [(3, "chinese"), (17, "chinese")]
    assert [f.value for f in find_figures("两个方面")] == [2]


def test_chinese_percent():
    (f,) = find_figures("占百分之五点六")
    assert f.value == Decimal("5.6") and f.unit == "%" and f.decimals == 1


def test_units_from_captions_and_headers():
    assert caption_unit("表1 收入情况表（单位：万元）") == "万元"
    assert header_unit("金额（元）") == "元"
    assert header_unit("得分率(%)") == "%"
