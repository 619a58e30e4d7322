"""Criterion text in → interpretation and computed score(s) out, one test per phrasing."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from reading.criteria import convention, interpret


def scores(text: str, x: str, maximum: str | None = None, partial: str | None = None) -> list[D]:
    interp = interpret(text, D(maximum) if maximum else None, partial)
    return [r.value for r in interp.score(D(x))]


# --- banded --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "x", "want"), [
    ("≥95%得5分", "100.34", [D(5)]),
    ("≥95%得5分", "94", []),  # not covered: nothing to compare with
    ("95%-100%得3.6分", "96.87", [D("3.6")]),
    ("95％～100％得3.6分", "95", [D("3.6")]),
    ("80%＜满意度＜90%，得3分", "84.67", [D(3)]),
    ("80%＜满意度＜90%，得3分", "90", []),
    ("满意度90%（含）以上得5分，80%以上得3分", "85", [D(3)]),
    ("完成率低于60%不得分", "50", [D(0)]),
])
def test_bands(text, x, want):
    assert scores(text, x, "5") == want


def test_circled_bands_with_names_between_comparators():
    text = ("①参保人员的满意程度 ≥90%, 得5分; ②80% < 参保人员的满意程度 <90%, 得3分; "
            "③70% < 参保人员的满意程度 <80%, 得2分; ④参保人员的满意程度 <70%, 不得分。")
    interp = interpret(text, D(5))
    assert interp.kind == "banded"
    assert [b.points for b in interp.bands] == [D(5), D(3), D(2), D(0)]
    assert scores(text, "84.67", "5") == [D(3)]
    assert scores(text, "95", "5") == [D(5)]
    assert scores(text, "65", "5") == [D(0)]
    assert "80% < x < 90% → 3" in interp.describe()


def test_overlapping_band_edges_give_both_scores():
    text = "预算完成率100%-105%得4分, 95%-100%得3.6分。"
    assert scores(text, "100", "4") == [D(4), D("3.6")]


# --- per unit from an anchor ----------------------------------------------------------------------------


def test_per_point_deduction_below_a_band():
    text = "≥95%得5分, 每低1个百分点扣1分, 扣完为止。"
    interp = interpret(text, D(5))
    assert interp.kind == "per_unit" and interp.floor == 0
    assert scores(text, "92.5", "5") == [D("2.5"), D(3)]  # exact; whole points only
    assert scores(text, "80", "5") == [D(0)]  # 扣完为止


def test_part_point_counts_as_a_whole_one():
    text = "≥95%得5分, 每低1个百分点扣1分, 扣完为止。(不满1个百分点按1个百分点算, 下同)"
    assert convention(text) == ("ceil", True)
    interp = interpret(text, D(5))
    assert interp.partial == "ceil"
    assert scores(text, "92.5", "5") == [D("2.5"), D(2)]
    assert "5 − 1 ×（95 − x）向上取整，最低 0 分" in interp.describe()
    assert "5 − 1 × ceil(95 − x), floor 0" in interp.describe("en")


def test_anchor_and_threshold_stated_before_the_rate():
    text = ("预算完成率95%-100%得4分, 100%-105%得3.6分。超过105%从3.6分起算, 每超1个百分点扣0.6分, "
            "低于95%从4分起算, 每低1个百分点扣0.4分, 扣完为止。")
    interp = interpret(text, D(4), partial="ceil")  # the table's convention (下同)
    got = {r.how: r.value for r in interp.score(D("89.73"))}
    assert got == {"按每低1个百分点扣0.4分": D("1.892"), "按不满1个百分点按1个百分点算": D("1.6")}
    assert scores(text, "107.5", "4", "ceil") == [D("2.1"), D("1.8")]
    assert scores(text, "97", "4") == [D(4)]


def test_threshold_from_a_lower_than_clause():
    text = "≥80%得5分, 低于80%, 每低1个百分点扣1分, 扣完为止。"
    assert scores(text, "80.9", "5") == [D(5)]
    assert scores(text, "78", "5") == [D(3)]


def test_completion_rate_drop_per_percent_from_full_marks():
    text = "完成率每降低1%扣0.5分"
    interp = interpret(text, D(5))
    assert interp.kind == "per_unit"
    assert scores(text, "96.5", "5") == [D("3.25"), D("3.5")]
    assert scores(text, "100", "5") == []


def test_deviation_within_a_limit_then_per_percent_over():
    text = "偏差率在5%以内得满分，每超1%扣1分，扣完为止"
    assert scores(text, "3", "5") == [D(5)]
    assert scores(text, "7.5", "5") == [D("2.5"), D(3)]


def test_addition_with_a_ceiling():
    text = "完成率100%及以上得4分，低于100%时每低1个百分点扣0.5分；每高1个百分点加0.5分，最高不超过满分"
    interp = interpret(text, D(5))
    assert interp.ceiling == 5
    assert scores(text, "98", "5") == [D(3)]


# --- proportional ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["得分=分值×完成率", "得分=权重×完成率", "得分=完成率×权重分"])
def test_proportional(text):
    interp = interpret(text, D(10))
    assert interp.kind == "proportional"
    assert scores(text, "96.5", "10") == [D("9.65")]
    assert scores(text, "104", "10") == [D("10.4"), D(10)]  # uncapped, and capped at the weight


def test_proportional_with_stated_ceiling():
    assert scores("得分=权重×完成率，最高不超过满分", "104", "10") == [D(10)]


# --- per event ------------------------------------------------------------------------------------------


def test_per_complaint_deduction():
    interp = interpret("及时支付无拖欠, 得10分, 每出现一次投诉扣0.5分。", D(10))
    assert interp.kind == "per_event" and interp.full == 10
    assert [e.name for e in interp.events] == ["投诉"]
    assert [r.value for r in interp.score_events((D(3),))] == [D("8.5")]
    assert "10 − 0.5 × 投诉次数" in interp.describe()


def test_per_case_deductions_from_the_weight():
    interp = interpret("对专项检查已发现问题未整改的一例扣1分, 对排查新发现问题一例扣0.5分, 扣完为止。", D(4))
    assert interp.kind == "per_event" and interp.full == 4 and interp.floor == 0
    assert [e.rate for e in interp.events] == [D(-1), D("-0.5")]
    assert D("2.5") in interp.possible() and D("2.3") not in interp.possible()


def test_one_in_a_word_is_not_a_count():
    interp = interpret("未发生安全事故得满分，发生一般事故扣3分，发生重大事故不得分。", D(5))
    assert not interp.events and interp.possible() == [D(0), D(2), D(5)]


def test_per_item_not_met():
    interp = interpret("统筹区内未实现“六统一”中的一项扣1分, 经办服务和信息系统未统一各扣1分, 扣完为止。", D(6))
    assert interp.kind == "per_event"
    assert interp.possible() == [D(n) for n in range(7)]


# --- itemised, yes/no, qualitative ------------------------------------------------------------------------


def test_itemised():
    text = "预决算草案、预算调整方案①按规定履行决策程序得2分; ②按规定履行报批程序得2分; ③按要求公开得1分。否则分项不得分。"
    interp = interpret(text, D(5))
    assert interp.kind == "itemised"
    assert [(i.label, i.points) for i in interp.items] == [
        ("按规定履行决策程序", D(2)), ("按规定履行报批程序", D(2)), ("按要求公开", D(1))]
    assert [r.value for r in interp.score_items((True, False, True))] == [D(3)]
    assert interp.possible() == [D(n) for n in range(6)]


def test_alternatives_each_remain_possible():
    # Levels of one condition add up to more than the weight: each level is a possible score, and so is any
    # sum within the weight (the criterion does not say which items are alternatives).
    interp = interpret("完全符合得5分；基本符合得3分；不符合不得分。", D(5))
    assert interp.kind == "itemised" and interp.possible() == [D(0), D(3), D(5)]
    interp = interpret("长效管理机制健全的得5分，基本健全的得3分，不健全的不得分。", D(5))
    assert interp.possible() == [D(0), D(3), D(5)]
    assert "择一或相加" in interp.describe()


def test_otherwise_with_points_is_an_alternative():
    interp = interpret("按时报送的得5分，否则得2分。", D(5))
    assert interp.possible() == [D(0), D(2), D(5)]


def test_an_item_above_the_weight_is_not_understood():
    assert interpret("资料齐全的得8分。", D(5)).kind == "qualitative"


# --- conditional deductions, deduction bands, shares of the weight ----------------------------------------


def test_conditional_deduction_takes_points_off_the_items():
    interp = interpret("项目档案资料齐全的得2分；项目实施按规定执行的得2分；资料不齐全的扣1分。", D(4))
    assert interp.kind == "itemised"
    assert [(i.label, i.points) for i in interp.deductions] == [("资料不齐全的", D(1))]
    assert interp.possible() == [D(n) for n in range(5)]
    assert "− 1（资料不齐全的）" in interp.describe()


def test_conditional_deductions_alone_take_points_off_the_weight():
    interp = interpret("未按时报送的扣2分；报送内容不完整的扣1分。", D(5))
    assert interp.kind == "itemised" and interp.possible() == [D(0), D(2), D(3), D(4), D(5)]


def test_deduction_bands_over_a_duration():
    text = "在规定时间内完成的得满分；延期1个月以内扣1分，1至3个月扣3分，3个月以上不得分。"
    interp = interpret(text, D(5))
    assert interp.kind == "banded"
    assert [(b.points, b.low, b.high) for b in interp.bands] == [
        (D(4), None, D(1)), (D(2), D(1), D(3)), (D(0), D(3), None)]
    assert interp.possible() == [D(0), D(2), D(4), D(5)]
    assert not interp.events  # "1个月以内扣1分" is a band, not one event


def test_deduction_band_of_an_overrun():
    text = "实际成本不超过预算的得满分；超出1%（含）至5%的扣2分；超出5%以上不得分"
    interp = interpret(text, D(5))
    assert [(b.points, b.low, b.high) for b in interp.bands] == [(D(3), D(1), D(5)), (D(0), D(5), None)]
    assert interp.possible() == [D(0), D(3), D(5)]
    # The condition in words (不超过预算的得满分) may hold whatever band a value falls in: not recomputed.
    assert scores(text, "2.3", "5") == []
    assert scores("超出1%（含）至5%的扣2分；超出5%以上不得分", "2.3", "5") == [D(3)]


def test_bands_leave_zero_possible_below_the_last_one():
    assert interpret("≥95%得5分，80%-95%得3分", D(5)).possible() == [D(0), D(3), D(5)]


@pytest.mark.parametrize("text", ["未按时完成的，每延迟1天扣0.5分，扣完为止。", "实现目标得10分；每少完成1个百分点扣0.2分。"])
def test_a_rate_no_per_unit_phrase_read_is_not_a_condition(text):
    assert interpret(text, D(10)).kind == "qualitative"


@pytest.mark.parametrize("text", ["满意度≥90%得满分；80%（含）至90%得分值的80%；低于80%不得分。",
                                  "满意度≥90%得满分；80%（含）至90%按分值的80%计分；低于80%不得分。"])
def test_share_of_the_weight(text):
    interp = interpret(text, D(6))
    assert [b.points for b in interp.bands] == [D(6), D("4.8"), D(0)]
    assert scores(text, "86.4", "6") == [D("4.8")]


# --- a rule not fully read is not judged ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "maximum"), [
    ("完成目标得满分，未完成的酌情扣分。", "5"),  # 酌情: no figure to check against
    ("完成目标得满分，未完成的按比例计分。", "5"),  # 按比例 of what
    ("资料齐全的得2分；资料不全的扣1至2分。", "5"),  # a deduction range
    ("满意度≥90%得5分；80%-90%得3分；每发生一起有效投诉扣1分。", "5"),  # bands and events together
    ("满意度≥90%得5分；80%-90%得3分；资料不全的扣1分。", "5"),  # bands and a deduction together
    ("有制度得2分；制度执行到位得3分，有创新的加1分。", "5"),  # an addition nobody read
    ("满意度≥90%得满分；80%-90%得8分。", None),  # 得满分 with no weight to say how much
])
def test_an_unread_scoring_clause_makes_the_rule_not_understood(text, maximum):
    interp = interpret(text, D(maximum) if maximum else None)
    assert interp.kind == "qualitative" and interp.reason.startswith("未能解释的计分条款")
    assert interp.possible() is None and interp.score(D(85)) == []


def test_a_method_note_is_not_an_unread_clause():
    interp = interpret("采取扣分制，发现一例扣1分，扣完为止。", D(4))
    assert interp.kind == "per_event"


def test_an_addition_above_an_open_band_anchors_at_its_edge():
    text = "完成率100%及以上得4分，低于100%时每低1个百分点扣0.5分；每高1个百分点加0.5分，最高不超过满分"
    assert scores(text, "102", "5") == [D(5)]
    assert scores(text, "101", "5") == [D("4.5")]


@pytest.mark.parametrize("text", ["征缴基金上缴在计划之内及时开展, 得10分, 否则不得分", "项目持续发挥效益, 得10分, 否则不得分。"])
def test_yes_no(text):
    interp = interpret(text, D(10))
    assert interp.kind == "yes_no" and interp.possible() == [D(10), D(0)]
    assert interp.describe() == "理解为：达到得 10 分，否则 0 分"


@pytest.mark.parametrize("text", ["项目实施后, 是否有效保障参保人员基本医疗水平", "根据实际情况酌情打分"])
def test_qualitative_is_never_guessed(text):
    interp = interpret(text, D(10))
    assert interp.kind == "qualitative" and not interp.numeric
    assert interp.score(D(90)) == [] and interp.possible() is None


def test_list_numbers_are_not_thresholds():
    interp = interpret("(1)建立管理办法得1分；(2)按要求公开得1分。", D(2))
    assert interp.kind == "itemised" and [i.points for i in interp.items] == [D(1), D(1)]


def test_full_width_figures():
    assert scores("≥９５％得５分，每低１个百分点扣１分", "93", "5") == [D(3)]



def test_band_edges_with_inclusion_notes():
    text = "满意度≥90%得10分；80%（含）-90%得8分；70%（含）-80%得6分；70%以下不得分。"
    assert interpret(text, D(10)).kind == "banded"
    assert scores(text, "85", "10") == [D(8)]
    assert scores(text, "75", "10") == [D(6)]


def test_proportional_to_a_stated_number_of_points():
    text = "得分=验收合格率×9分，最高不超过9分。"
    assert interpret(text, D(9)).kind == "proportional"
    assert scores(text, "91.98", "9") == [D("8.2782")]
