"""Unit tests of the numbering family: the prefix reader, the outline walker and the findings' fields."""

from __future__ import annotations

import pytest

from checks import judge
from checks.registry import Options
from checks.sequence import gap_of
from extractor import number_tables
from extractor.text import parse_text
from reading.facts import Facts
from reading.indicator_codes import code_columns
from reading.outline import Numbered, Outline, numbering, render


def audit(text: str, code: str = "GJ5") -> list:
    doc = number_tables(parse_text(text))
    return judge(Facts(doc), Options(select=(code,)))[0]


@pytest.mark.parametrize(
    ("text", "style", "number", "marker"),
    [
        ("四、绩效评价指标分析", "cn", 4, "四、"),
        ("十一、其他需要说明的问题", "cn", 11, "十一、"),
        ("（三）项目收支情况", "paren-cn", 3, "（三）"),
        ("(四) 项目绩效目标", "paren-cn", 4, "(四)"),
        ("14.D2 基金运行可持续性", "arabic", 14, "14."),
        ("３、基金结余情况", "arabic", 3, "３、"),
        ("（2）重要性原则", "paren-arabic", 2, "（2）"),
        ("第二十一条  加大绩效信息公开力度。", "article", 21, "第二十一条"),
        ("第五章 组织实施", "chapter", 5, "第五章"),
        ("第二节 绩效目标", "section", 2, "第二节"),
    ],
)
def test_numbering_reads_the_prefix(text, style, number, marker):
    num = numbering(text)
    assert num is not None
    assert (num.style, num.number, num.marker) == (style, number, marker)


@pytest.mark.parametrize("text", ["3.6 分", "2023 年预算收入", "一是指向明确", "十分重要", "正文", "B4 组织管理"])
def test_numbering_ignores_unnumbered_text(text):
    assert numbering(text) is None


def test_render_writes_numbers_in_the_style():
    assert render("cn", 3) == "三、"
    assert render("article", 18) == "第十八条"
    assert render("paren-cn", 10) == "（十）"
    assert render("arabic", 7) == "7."


def _n(style: str, number: int) -> Numbered:
    return Numbered(style, number, render(style, number), "")


def test_outline_accepts_counting_restarts_and_continuations():
    outline = Outline()
    seq = [_n("cn", 1), _n("paren-cn", 1), _n("arabic", 1), _n("arabic", 2), _n("paren-cn", 2),
           _n("arabic", 3), _n("cn", 2), _n("paren-cn", 1), _n("cn", 3)]
    assert [gap_of(s) for i, x in enumerate(seq) if (s := outline.feed(x, i))] == [None] * 4


def test_outline_reports_skips_and_repeats():
    outline = Outline()
    assert outline.feed(_n("cn", 2), 0) is None  # a list's first item has no previous sibling to follow
    gap = gap_of(outline.feed(_n("cn", 5), 1))
    assert gap is not None and gap.missing == (3, 4) and gap.previous.number == 2
    repeat = gap_of(outline.feed(_n("cn", 5), 2))
    assert repeat is not None and repeat.is_repeat
    assert gap_of(outline.feed(_n("cn", 40), 3)) is None  # too far to be the same list


def test_heading_finding_fields():
    text = "一、基本情况\n项目于2023年实施。\n二、评价情况\n评价组开展了评价。\n四、指标分析\n指标完成较好。\n"
    [f] = audit(text, "GJ501")
    assert f.severity == "warning"
    assert f.stated_text == "四、"
    assert f.evidence == "四、指标分析"
    assert "缺少三、" in f.message and "missing" in f.message_en
    assert f.location.block == 4 and f.related[0].block == 2


def test_article_gap_names_the_missing_range():
    text = "第一条  总则。\n第二条  适用范围。\n第六条  施行日期。\n"
    [f] = audit(text, "GJ502")
    assert f.stated_text == "第六条"
    assert "第三条至第五条" in f.message
    assert "第三条 to 第五条" in f.message_en


def test_toc_skip_explained_by_an_omitted_heading_is_one_finding():
    text = (
        "目录\n一、基本情况.....\t- 1 -\n二、评价情况.....\t- 2 -\n四、指标分析.....\t- 3 -\n"
        "一、基本情况\n项目于2023年实施。\n二、评价情况\n评价组开展了评价。\n三、综合评价结论\n综合得分为93.99分。\n"
        "四、指标分析\n指标完成较好。\n"
    )
    [f] = audit(text, "GJ503")
    assert f.stated_text == "四、"
    assert "三、综合评价结论" in f.message
    assert f.location.block == 3  # the contents line where the heading is missing
    assert f.related[0].block == 8  # the heading in the body


def test_toc_skip_shared_with_the_body_points_at_the_body_finding():
    text = (
        "目录\n一、基本情况.....\t- 1 -\n三、指标分析.....\t- 3 -\n"
        "一、基本情况\n项目于2023年实施。\n三、指标分析\n指标完成较好。\n"
    )
    findings = audit(text)
    body = next(f for f in findings if f.rule == "GJ501")
    toc = next(f for f in findings if f.rule == "GJ503")
    assert toc.consequence_of == body.key


def test_indicator_code_finding_points_at_the_cell():
    text = (
        "一级指标\t二级指标\t三级指标\t权重\t得分\n"
        "B 过程指标\tB4 组织管理\tB41 组织管理\t6\t6\n"
        "\tB5 财务管理\tB41 财务管理\t4\t4\n"
    )
    doc = number_tables(parse_text(text))
    assert code_columns(doc.tables[0]) == [0, 1, 2]
    findings = audit(text, "GJ504")
    assert [(f.stated_text, f.location.table, f.location.row, f.location.col) for f in findings] == [
        ("B41", 1, 2, 2),
    ]
    [f] = findings
    assert "B51" in f.message
    assert f.related[0].row == 2 and f.related[0].col == 1
    assert "B5 财务管理" in f.evidence


def test_contents_without_page_numbers_are_not_headings():
    # A 目录 whose entries carry no page number: read as contents, its numbering is not the body's.
    text = ("目录\n一、单位主要职能\n二、单位预算表\n1. 收入预算总表\n2. 支出预算总表\n9. 三公经费预算表\n"
            "三、其他相关情况说明\n单位主要职能\n一、单位主要职能\n本单位负责全区商贸工作。\n二、单位预算表\n"
            "1. 收入预算总表\n2. 支出预算总表\n三、其他相关情况说明\n无。\n")
    assert audit(text, "GJ501") == []
    # The same entries in the body skip a number: that is still reported.
    skipped = text.replace("1. 收入预算总表\n2. 支出预算总表\n三、", "1. 收入预算总表\n3. 支出预算总表\n三、")
    assert [f.stated_text for f in audit(skipped, "GJ501")] == ["3."]


def test_a_number_before_a_year_is_a_list_number_not_a_decimal():
    assert numbering("4．2025年预算单位财政拨款收支预算总表").number == 4
    assert numbering("4.5万元") is None
