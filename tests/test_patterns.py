"""Each pattern gets a real Chinese sentence and the claim it must yield (as statcheck does)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import number_tables
from extractor.text import parse_text
from reading.claims import find_all
from reading.nlp import load_patterns, pipeline


def claims(text: str, kind: str | None = None, extra: tuple[Path, ...] = ()):
    found = find_all(number_tables(parse_text(text)), extra)
    return [c for c in found if kind is None or c.kind == kind]


def values(claim) -> dict[str, Decimal]:
    return {k: f.value for k, f in claim.values.items()}


def test_tokenizer_keeps_a_figure_and_its_unit_together():
    doc = pipeline().nlp("满分 43 分，实际得分 40.52 分，得分率 94.23%。")
    assert "40.52 分" in [t.text for t in doc]
    token = next(t for t in doc if t.text == "94.23%")
    assert token._.figure.value == Decimal("94.23") and token._.unit == "%"
    assert doc.text == "满分 43 分，实际得分 40.52 分，得分率 94.23%。"


def test_sentences_end_at_chinese_punctuation_not_at_a_fullwidth_point():
    doc = pipeline().nlp("预算１２３．４５亿元。执行率为95%；结余为零！")
    assert [s.text for s in doc.sents] == ["预算１２３．４５亿元。", "执行率为95%；", "结余为零！"]


@pytest.mark.parametrize("sentence", [
    "经综合评价，综合得分为 93.99 分，评价级别为“优”。",
    "经我局评价，本项目综合评价得分为93.99分。",
    "项目最终得分93.99分。",
    "本次绩效评价总得分：93.99分。",
])
def test_composite_total(sentence):
    (claim,) = claims(sentence, "composite_total")
    assert values(claim) == {"total": Decimal("93.99")}
    assert sentence[claim.location.start:claim.location.end].endswith("93.99 分") or "93.99分" in sentence


def test_section_score_is_not_a_composite_total():
    assert claims("产出指标评价得分 40.52 分。", "composite_total") == []


@pytest.mark.parametrize(("sentence", "grade"), [
    ("评价级别为“优”。", "优"), ("综合绩效级别为“优秀”", "优"), ("评价等级：良好。", "良"), ("评价结果为合格", "合格"),
])
def test_grade(sentence, grade):
    (claim,) = claims(sentence, "grade")
    assert claim.label == grade


def test_grade_band_definitions_are_bands_not_grades():
    text = "将评价结果分为四个等级：优（得分 ≥ 90 分）、良（ $80 \\leq$ 得分 < 90 分）、中（ $60 \\leq$ 得分 < 80 分）、差（得分 < 60 分）。"
    assert claims(text, "grade") == []
    (bands,) = claims(text, "grade_bands")
    assert [b.describe() for b in bands.bands] == ["优:90≤得分", "良:80≤得分<90", "中:60≤得分<80", "差:得分<60"]
    good = bands.bands[1]
    assert good.contains(Decimal(80)) and not good.contains(Decimal(90))


@pytest.mark.parametrize(("sentence", "subject", "expected"), [
    ("产出指标满分 43 分，实际得分 40.52 分，得分率 94.23%。", "产出指标", {"maximum": 43, "score": Decimal("40.52"),
                                                               "rate": Decimal("94.23")}),
    ("C31 收入预算完成（权重分 4 分，实际得分 3.6 分）", "C31", {"maximum": 4, "score": Decimal("3.6")}),
    ("15.D3 参保人员满意度（权重分 5 分，实际得 3 分）", "D3", {"maximum": 5, "score": 3}),
    ("1. A1 政策制定（权重分 5 分，实际得分 5 分）", "A1", {"maximum": 5, "score": 5}),
])
def test_score_statements(sentence, subject, expected):
    (claim,) = claims(sentence, "score_statement")
    assert claim.subject == subject
    assert values(claim) == expected


def test_breakdown_links_to_the_total_before_it():
    (claim,) = claims("综合评价得分为99.75分。其中，决策20分，过程24.75分，产出25分，效益35分，综合绩效级别为“优秀”。",
                      "breakdown")
    assert [(name, f.value) for name, f in claim.items] == [
        ("决策", 20), ("过程", Decimal("24.75")), ("产出", 25), ("效益", 35)]
    assert claim.values["total"].value == Decimal("99.75")


def test_ratio_keeps_its_operands_with_their_words():
    (claim,) = claims("2023 年预算收入 94,767,246.66 元, 决算收入 91,799,801.60 元, 预算完成率为 96.87%。", "ratio")
    assert claim.label == "预算完成率"
    assert [(label, f.value) for label, f in claim.items] == [
        ("2023 年预算收入", Decimal("94767246.66")), ("决算收入", Decimal("91799801.60"))]


def test_ratio_in_an_indicator_paragraph_carries_the_code():
    text = "C32 支出预算完成 (权重分 4 分, 实际得分 1.92 分)\n预算支出 104 元, 决算支出 93 元, 预算完成率为 89.42%。\n"
    (claim,) = claims(text, "ratio")
    assert claim.subject == "C32"


def test_part_of_whole():
    (claim,) = claims("通过开放调查问卷，回收 437 份，其中 370 份（占比 84.70%）反映有帮助。", "part_of_whole")
    assert values(claim) == {"whole": 437, "part": 370, "rate": Decimal("84.70")}
    assert claims("回收 437 份，其中 370 份（占比 84.70%）", "ratio") == []  # read once, as a part of a whole


def test_shares_of_one_population_across_paragraphs():
    text = ("共回收满意度调查问卷 437 份，经统计测算，群众满意度为 84.67%。\n"
            "其中有 15.1%的受访群众表示对总体感觉一般，0.26%的群众对总体感觉不满意。\n")
    (claim,) = claims(text, "shares")
    assert claim.values["population"].value == 437
    assert [f.value for _, f in claim.items] == [Decimal("84.67"), Decimal("15.1"), Decimal("0.26")]


@pytest.mark.parametrize(("sentence", "counts"), [
    ("设计了 4 个一级指标、15 个二级指标、17 个三级指标评价体系。", [("一级指标", 4), ("二级指标", 15), ("三级指标", 17)]),
    ("产出指标具体细化为数量指标6个、质量指标3个。", [("数量指标", 6), ("质量指标", 3)]),
])
def test_counts(sentence, counts):
    assert [(c.subject, c.values["count"].value) for c in claims(sentence, "count")] == counts


def test_deduction():
    (claim,) = claims("比 95%-100%区间低 5.27 个百分点, 扣 2.08 分, 得 1.92 分。", "deduction")
    assert values(claim) == {"gap": Decimal("5.27"), "deduction": Decimal("2.08"), "score": Decimal("1.92")}


@pytest.mark.parametrize(("sentence", "expr", "result"), [
    ("做实率=789592006/11778/12/6906=80.9%", "789592006/11778/12/6906=80.9%", Decimal("80.9")),
    ("结余 100-40=60 万元", "100-40=60 万元", 60),
])
def test_formulas(sentence, expr, result):
    (claim,) = claims(sentence, "formula")
    assert claim.label == expr and claim.values["result"].value == result


def test_user_pattern_file_adds_phrasings(tmp_path: Path):
    assert claims("本项目考评分数计 88 分。", "composite_total") == []
    extra = tmp_path / "mine.jsonl"
    extra.write_text(json.dumps({"id": "composite_total", "pattern": [
        {"ORTH": "考评分数"}, {"ORTH": {"IN": ["为", "计"]}, "OP": "?"}, {"_": {"unit": "分"}}]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    (claim,) = claims("本项目考评分数计 88 分。", "composite_total", (extra,))
    assert values(claim) == {"total": 88}


def test_bad_pattern_file_names_its_line(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "composite_total"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_patterns((bad,))


@pytest.mark.parametrize("sentence", [
    "1.A11 制度执行有效性：该指标分值10分，评价得分8分。",
    "综合得分90分（含）以上为“优秀”，80分（含）至90分为“良好”。",
    "综合得分≥90分为优。",
])
def test_indicator_scores_and_thresholds_are_not_the_composite_total(sentence):
    assert claims(sentence, "composite_total") == []


def test_weak_keyword_still_reads_a_whole_project_score():
    (claim,) = claims("经评价，本项目评价得分为 86.5 分，等级为良。", "composite_total")
    assert values(claim) == {"total": Decimal("86.5")}


def test_section_statement_with_gong_she():
    (claim,) = claims("项目决策情况共设20分，评价得分16分，得分率80.0%。", "score_statement")
    assert values(claim) == {"maximum": 20, "score": 16, "rate": Decimal("80.0")}
    assert claims("项目决策情况共设20分，评价得分16分，得分率80.0%。", "composite_total") == []


def test_formula_restated_in_words_then_figures():
    text = "资金到位率=（实际到位资金÷计划投入资金）×100%=38,662,870.83÷39,789,206.20×100%=97.12%。"
    (claim,) = claims(text, "formula")
    assert claim.label == "38,662,870.83÷39,789,206.20×100%=97.12%"


@pytest.mark.parametrize("sentence", [
    "本次评价指标体系共包括一级指标 4 个，二级指标 14 个，三级指标 19 个。",
    "构建了由4个一级指标、14个二级指标和19个三级指标组成的评价指标体系。",
])
def test_count_phrasings(sentence):
    assert [(c.subject, c.values["count"].value) for c in claims(sentence, "count")] == [
        ("一级指标", 4), ("二级指标", 14), ("三级指标", 19)]


def test_survey_categories_are_parts_of_the_total_surveyed():
    text = "共调查受益群众564人，非常满意261人，占46.22%；满意233人，占41.31%；不满意70人，占12.41%。"
    found = claims(text, "part_of_whole")
    assert [(c.values["part"].value, c.values["whole"].value) for c in found] == [(261, 564), (233, 564), (70, 564)]


def test_part_needs_a_named_whole():
    assert claims("甲单位 300 人，乙单位 200 人，占 40%。", "part_of_whole") == []


def test_short_score_statement():
    (claim,) = claims("4.B31资金拨付及时率（7分）：得2分。", "score_statement")
    assert claim.subject == "B31" and values(claim) == {"maximum": 7, "score": 2}


def test_operands_named_arranged_and_used():
    (claim,) = claims("2.本级财政资金：安排资金868.99万元，实际使用858.53万元，预算执行率98.85%。", "ratio")
    num, den = claim.values["numerator"], claim.values["denominator"]
    assert (num.value, den.value) == (Decimal("858.53"), Decimal("868.99"))


def test_a_quoted_rule_is_not_a_deduction():
    text = "资金到位率95.62%，按评分标准（≥98%得4.5分，每低1个百分点扣2分，扣完为止）扣4.5分，该指标得0分。"
    assert claims(text, "deduction") == []


def test_a_count_of_categories_is_not_the_surveyed_population():
    text = "本次发放问卷522份，收回有效问卷522份，其中“非常满意”和“满意”合计435份，满意度达83.33%。"
    (claim,) = claims(text, "shares")
    assert claim.values["population"].value == 522


def test_a_target_rate_is_not_a_measured_rate():
    assert claims("任务完成率达到100%及以上得满分5分。", "rate") == []
    assert claims("目标完成率不低于95%。", "rate") == []
    (claim,) = claims("经核实，任务完成率实际达到96.9%。", "rate")
    assert claim.values["rate"].value == Decimal("96.9")


def test_a_quoted_rule_with_jiangdi_is_not_a_deduction():
    assert claims("按照每降低1个百分点扣0.4分的标准，扣2分。", "deduction") == []


@pytest.mark.parametrize(("sentence", "grade"), [("本次评价最终得分89.81分，属“中”级。", "中"), ("绩效评为优秀等次。", "优")])
def test_grade_after_the_word(sentence, grade):
    (claim,) = claims(sentence, "grade")
    assert claim.label == grade


def test_total_named_he_ji_de_fen():
    (claim,) = claims("评价组依据指标体系对项目进行量化打分，合计得分93.81分，绩效评级为良好。", "composite_total")
    assert values(claim) == {"total": Decimal("93.81")}
