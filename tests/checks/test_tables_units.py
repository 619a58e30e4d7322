"""Unit tests of the table rules' building blocks: identities, localisation, wording, line kinds."""

from __future__ import annotations

from decimal import Decimal

from checks.footing import holds, localise
from extractor import number_tables
from extractor.numbers import parse_cell
from extractor.text import parse_text
from model.rounding import fmt
from reading.facts import Facts
from reading.funds import fund_lines, line_kind
from reading.score_tables import closing_row, score_columns
from reading.sums import identities

BENEFITS = """\
账户分类\t支出项目\t金额
统筹基金\t待遇支出\t300.00
\t①住院费用支出\t200.00
\t②门诊支出\t100.00
\t其他支出\t50.00
\t小计\t350.00
个人账户基金\t待遇支出\t210.00
\t①住院费用支出\t50.00
\t②门诊支出\t150.00
\t上解支出\t40.00
\t小计\t240.00
合计\t\t590.00
"""


def _table(text: str, index: int = 0):
    return number_tables(parse_text(text)).tables[index]


def _values(table, idents):
    return {p: table.grid[p[0]][p[1]].figure for i in idents for p in i.cells()}


def test_identities_follow_the_hierarchy():
    table = _table(BENEFITS)
    sums = {(i.total, i.parts) for i in identities(table)}
    assert ((1, 2), ((2, 2), (3, 2))) in sums  # ①② under their item
    assert ((5, 2), ((1, 2), (4, 2))) in sums  # items under 小计
    assert ((11, 2), ((5, 2), (10, 2))) in sums  # 小计 under 合计


def test_localise_finds_the_one_cell_that_repairs_every_sum():
    table = _table(BENEFITS)
    idents = identities(table)
    values = _values(table, idents)
    broken = [i for i in idents if not holds(i, values)]
    assert len(broken) == 2
    repair = localise(idents, broken, values)
    assert repair is not None
    assert repair.pos == (6, 2)
    assert repair.value == Decimal("200.00")


def test_localise_declines_when_several_cells_would_do():
    table = _table("项目\t金额\n甲\t100.00\n乙\t50.00\n小计\t160.00\n")
    idents = identities(table)
    values = _values(table, idents)
    broken = [i for i in idents if not holds(i, values)]
    assert localise(idents, broken, values) is None


def test_partial_breakdown_is_not_an_identity():
    table = _table("项目\t金额\n基本支出\t500.00\n其中：人员经费\t300.00\n合计\t500.00\n")
    assert all(i.total != (1, 1) for i in identities(table))


def test_total_column_is_an_identity():
    table = _table("项目\t统筹基金\t个人账户基金\t合计\n本年收入合计\t1.00\t2.00\t3.00\n")
    assert [(i.total, i.parts, i.axis) for i in identities(table)] == [((1, 3), ((1, 1), (1, 2)), "col")]


def test_fmt_prints_like_the_stated_figure():
    assert fmt(Decimal("20168845.714"), parse_cell("21,043,082.56")) == "20,168,845.71"
    assert fmt(Decimal("99.6"), parse_cell("99%")) == "100%"
    assert fmt(Decimal("-5"), parse_cell("3.0")) == "-5.0"


def test_line_kinds():
    assert line_kind("本年收入合计") == "income"
    assert line_kind("本年支出合计") == "expense"
    assert line_kind("本年收支结余") == "balance"
    assert line_kind("上年结余") == "opening"
    assert line_kind("年度滚存结余") == "closing"
    assert line_kind("年末结余") == "closing"
    assert line_kind("单位缴纳部分") is None


def test_fund_lines_as_rows_and_as_columns():
    rows = _table("项目\t统筹基金\n本年收入合计\t10.00\n本年支出合计\t8.00\n本年收支结余\t2.00\n")
    (lines,) = fund_lines(rows)
    assert lines.axis == "rows" and lines.at == {"income": 1, "expense": 2, "balance": 3}
    cols = _table("基金\t本年收入\t本年支出\t本年结余\n统筹基金\t10.00\t8.00\t2.00\n")
    assert [f.axis for f in fund_lines(cols)] == ["cols"]


def test_score_columns_and_closing_rows():
    table = _table("评价内容\t分值\t得分\t得分率\n决策\t20\t20\t100%\n综合得分\t20\t20\t100%\n")
    (cols,) = score_columns(table)
    assert (cols.maximum, cols.score, cols.rate) == (1, 2, 3)
    assert closing_row(table) == (2, "whole")
    part = _table("一级指标\t权重\t得分\nA\t5\t5\n小计\t5\t5\n")
    assert closing_row(part) == (2, "part")


def test_rounding_evidence():
    doc = number_tables(parse_text("评价内容\t分值\t得分\t得分率\n甲\t3\t2\t66.67%\n乙\t3\t2\t66.66%\n"))
    evidence = Facts(doc).rounding
    assert [(loc.row, loc.col) for loc in evidence.half_up] == [(1, 3)]  # 66.67%
    assert [(loc.row, loc.col) for loc in evidence.truncated] == [(2, 3)]  # 66.66%
    assert evidence.others(evidence.half_up[0]) == "truncate" and evidence.others(evidence.truncated[0]) == "half-up"
