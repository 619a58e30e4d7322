"""How tables are read for their sums, and when their own arithmetic confirms the reading.

The tables are written in the text format (tab-separated) in the shapes fund disclosures print them:
classification codes joined or split, two sides side by side, numbered category rows, 合计 columns.
"""

from __future__ import annotations

from checks import judge
from checks.registry import Options
from extractor import number_tables
from extractor.text import parse_text
from reading.facts import Facts


def _facts(text: str) -> Facts:
    return Facts(number_tables(parse_text(text)))


def _errors(text: str) -> list:
    return [f for f in judge(_facts(text), Options(select=("GJ101",)))[0] if f.severity == "error"]


JOINED_CODES = """支出决算表
功能分类科目编码	科目名称	本年支出合计	基本支出	项目支出
合计		1,200.00	700.00	500.00
201	一般公共服务支出	1,000.00	600.00	400.00
20103	政府办公厅（室）及相关机构事务	1,000.00	600.00	400.00
2010301	行政运行	600.00	600.00	0.00
2010302	一般行政管理事务	400.00	0.00	400.00
208	社会保障和就业支出	200.00	100.00	100.00
20805	行政事业单位养老支出	200.00	100.00	100.00
2080501	行政单位离退休	200.00	100.00	100.00
"""


def test_a_code_tree_is_summed_by_its_codes_not_row_by_row():
    (sums,) = _facts(JOINED_CODES).sums
    assert sums.confirmed and sums.broken == 0
    rows = {(i.total[0], tuple(r for r, _ in i.parts)) for i in sums.judged if i.axis == "row"}
    assert (1, (2, 6)) in rows  # 合计 printed first = 201 + 208, not every row below it
    assert (2, (3,)) in rows and (3, (4, 5)) in rows  # 类 = Σ款, 款 = Σ项
    assert _errors(JOINED_CODES) == []


def test_the_total_column_printed_first_adds_the_columns_after_it():
    (sums,) = _facts(JOINED_CODES).sums
    cols = [i for i in sums.judged if i.axis == "col"]
    assert cols and all(i.total[1] == 2 and [c for _, c in i.parts] == [3, 4] for i in cols)


def test_a_wrong_item_in_a_code_tree_is_found_and_localised():
    text = JOINED_CODES.replace("2010302	一般行政管理事务	400.00	0.00	400.00",
                                "2010302	一般行政管理事务	460.00	0.00	400.00")
    errors = _errors(text)
    assert [(f.location.row, f.location.col, f.stated_text) for f in errors] == [(5, 2, "460.00")]


SPLIT_CODES = """收入预算表
类	款	项	科目名称	合计	财政拨款收入	其他收入
201			一般公共服务支出	300	300	0
201	3		政府办公厅（室）及相关机构事务	300	300	0
201	3	1	行政运行	200	200	0
201	3	2	一般行政管理事务	100	100	0
208			社会保障和就业支出	50	40	10
208	5		行政事业单位养老支出	50	40	10
208	5	5	机关事业单位基本养老保险缴费支出	50	40	10
合计				350	340	10
"""


def test_split_codes_with_a_missing_leading_zero_are_one_tree():
    (sums,) = _facts(SPLIT_CODES).sums
    assert sums.confirmed and sums.broken == 0 and sums.holding >= 8
    assert _errors(SPLIT_CODES) == []
    wrong = SPLIT_CODES.replace("201	3	2	一般行政管理事务	100	100	0", "201	3	2	一般行政管理事务	100	10	0")
    assert [f.stated_text for f in _errors(wrong)] == ["10"]


TWO_SIDED = """收入支出决算总表
收入	决算数	支出	决算数
一、一般公共预算财政拨款收入	900.00	一、一般公共服务支出	500.00
二、政府性基金预算财政拨款收入		二、教育支出	300.00
三、其他收入	10.00	三、住房保障支出	120.00
本年收入合计	910.00	本年支出合计	920.00
年初结转和结余	40.00	年末结转和结余	30.00
总计	950.00	总计	950.00
"""


def test_a_two_sided_table_foots_side_by_side():
    (sums,) = _facts(TWO_SIDED).sums
    assert sums.confirmed and sums.broken == 0
    totals = {i.total for i in sums.judged}
    assert (4, 1) in totals and (4, 3) in totals  # 本年收入合计, 本年支出合计
    assert (6, 1) in totals and (6, 3) in totals  # each 总计 over its side
    assert _errors(TWO_SIDED) == []


def test_a_wrong_line_on_one_side_is_reported_there():
    # Any of the three lines could be the wrong one: the broken 本年支出合计 is reported, on its side only.
    wrong = TWO_SIDED.replace("三、住房保障支出	120.00", "三、住房保障支出	130.00")
    assert [(f.location.row, f.location.col) for f in _errors(wrong)] == [(4, 3)]


NUMBERED = """部门财务收支预算总表
项目	预算数
一、财政拨款收入	1,000
1. 一般公共预算资金	900
2. 政府性基金	100
二、事业收入	200
三、其他收入	50
收入总计	1,250
"""


def test_numbered_category_rows_are_siblings_under_the_total():
    (sums,) = _facts(NUMBERED).sums
    assert sums.broken == 0
    (total,) = [i for i in sums.judged if i.total[0] == 6]
    assert [r for r, _ in total.parts] == [1, 4, 5]  # 一、二、三; 1. and 2. are inside 一、
    assert _errors(NUMBERED) == []


def test_a_reading_the_arithmetic_refutes_is_not_reported():
    # The codes are not a tree here and every closing sum fails by a multiple: no reading is confirmed.
    text = """支出表
科目编码	科目名称	金额
201	甲	100
20101	乙	100
2010101	丙	100
合计		300
"""
    (sums,) = _facts(text).sums
    assert not sums.confirmed or sums.broken == 0
    assert _errors(text) == []
