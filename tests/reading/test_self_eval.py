"""Reading the 项目支出绩效自评表 from real DOCX and XLSX files with merged cells, in both layouts."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from checks import judge
from checks.registry import Options
from extractor import extract
from reading.facts import Facts
from reading.self_eval import IndicatorRow, quantity, read_self_evaluations, target_met
from tests.checks.conftest import workbook_bytes

FUNDS = [("年度资金总额", "1,010.00", "1,010.00", "935.90", "10", "92.66%", "9.27"),
         ("其中：当年财政拨款", "860.00", "860.00", "803.40", "—", "93.42%", "—"),
         ("上年结转资金", "120.00", "120.00", "120.00", "—", "100.00%", "—"),
         ("其他资金", "30.00", "30.00", "12.50", "—", "41.67%", "—")]
INDICATORS = [("产出指标", "数量指标", "校舍改造面积", "≥1.2万平方米", "1.18万平方米", "30", "27",
               "1所学校因用地手续延迟开工"),
              ("产出指标", "数量指标", "购置教学仪器设备数量", "≥1400台（套）", "1460台（套）", "20", "20", ""),
              ("产出指标", "时效指标", "项目完成时限", "≤12个月", "14个月", "10", "8", "受雨季影响工期延误"),
              ("效益指标", "社会效益指标", "受益学生人数", "≥5000人", "5260人", "20", "20", ""),
              ("满意度指标", "服务对象满意度指标", "师生及家长满意度", "≥90%", "95%", "10", "10", "")]
TOTAL = ("100", "94.27")


def docx_bytes(split: bool, total: tuple[str, str] = TOTAL) -> bytes:
    """The template in Word: 项目资金 merged down column 0, 一级/二级 merged down their columns."""
    import docx

    d = docx.Document()
    d.add_paragraph("项目支出绩效自评表（2024年度）")
    fund_rows = 2 + len(FUNDS)
    ind_rows = 1 + len(INDICATORS) + 1
    t = d.add_table(rows=fund_rows if split else fund_rows + ind_rows, cols=9)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "项目名称"
    t.cell(0, 2).merge(t.cell(0, 8)).text = "2024年义务教育薄弱环节改善与能力提升项目"
    t.cell(1, 0).merge(t.cell(fund_rows - 1, 0)).text = "项目资金（万元）"
    for c, h in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), start=3):
        t.cell(1, c).text = h
    for r, row in enumerate(FUNDS, start=2):
        t.cell(r, 1).merge(t.cell(r, 2)).text = row[0]
        for c, v in enumerate(row[1:], start=3):
            t.cell(r, c).text = v
    if split:
        t = d.add_table(rows=ind_rows, cols=8)
        top, left = 0, 0
    else:
        top, left = fund_rows, 1
        t.cell(top, 0).merge(t.cell(top + ind_rows - 2, 0)).text = "绩效指标"
    header = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    for c, h in enumerate(header):
        t.cell(top, left + c).text = h
    for r, row in enumerate(INDICATORS, start=top + 1):
        for c, v in enumerate(row[2:], start=left + 2):
            t.cell(r, c).text = v
    _merge_runs(t, top + 1, left, [row[0] for row in INDICATORS])
    _merge_runs(t, top + 1, left + 1, [row[1] for row in INDICATORS])
    last = top + ind_rows - 1
    t.cell(last, 0).merge(t.cell(last, left + 4)).text = "总分"
    t.cell(last, left + 5).text, t.cell(last, left + 6).text = total
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _merge_runs(table, top: int, col: int, values: list[str]) -> None:
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            table.cell(top + start, col).merge(table.cell(top + i - 1, col)).text = values[start]
            start = i


def xlsx_bytes() -> bytes:
    """The template in one sheet, merged cells written once (their covered cells empty, as Excel keeps them)."""
    rows = [["项目支出绩效自评表（2024年度）"], ["项目名称", "", "2024年义务教育薄弱环节改善与能力提升项目"],
            ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]]
    rows += [["", row[0], "", *row[1:]] for row in FUNDS]
    rows += [["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
              "偏差原因分析及改进措施"]]
    prev = ("", "")
    for row in INDICATORS:
        first = "" if row[0] == prev[0] else row[0]
        second = "" if row[:2] == prev else row[1]
        prev = row[:2]
        rows.append(["", first, second, *row[2:]])
    rows.append(["总分", "", "", "", "", "", *TOTAL])
    return workbook_bytes({"自评表": rows})


def _merged_xlsx() -> bytes:
    """The same sheet with real merged ranges: 项目资金 and 绩效指标 down column A, 一级/二级 down B and C."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes()))
    ws = wb.active
    ws.merge_cells("A3:A7")
    ws.merge_cells("A8:A13")
    ws.merge_cells("B9:B11")  # 产出指标
    ws.merge_cells("C9:C10")  # 数量指标
    ws.merge_cells("A14:F14")  # 总分
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _read(data: bytes, name: str):
    doc = extract(data, name=name)
    return doc, read_self_evaluations(doc)


@pytest.mark.parametrize(("data", "name", "tables"), [
    (docx_bytes(split=False), "one.docx", 1),
    (docx_bytes(split=True), "split.docx", 2),
    (_merged_xlsx(), "sheet.xlsx", 1),
])
def test_rows_are_read_with_merged_levels_repeated(data, name, tables):
    _, evs = _read(data, name)
    assert len(evs) == 1
    ev = evs[0]
    assert len(ev.tables) == tables
    assert [(f.label, f.kind) for f in ev.funds] == [
        ("年度资金总额", "total"), ("其中：当年财政拨款", "part"), ("上年结转资金", "part"), ("其他资金", "part")]
    total_fund = ev.scored_fund
    assert (total_fund.budget.text, total_fund.actual.text, total_fund.maximum.text, total_fund.rate.text,
            total_fund.score.text) == ("1,010.00", "935.90", "10", "92.66%", "9.27")
    assert total_fund.budget.value == Decimal("1010.00")
    assert [(i.first, i.second, i.third) for i in ev.indicators] == [row[:3] for row in INDICATORS]
    assert [(i.target.text, i.measured.text, i.maximum.text, i.score.text) for i in ev.indicators] == [
        row[3:7] for row in INDICATORS]
    assert [i.reason.text if i.reason else None for i in ev.indicators] == [row[7] for row in INDICATORS]
    assert (ev.total.maximum.text, ev.total.score.text) == TOTAL
    # Locations point at the cells as the reviewer sees them.
    table = ev.tables[-1]
    where = ev.indicators[2].score.where
    assert table.grid[where.row][where.col].text == "8"


@pytest.mark.parametrize(("data", "name"), [(docx_bytes(split=False), "one.docx"),
                                            (docx_bytes(split=True), "split.docx"), (_merged_xlsx(), "sheet.xlsx")])
def test_a_consistent_self_evaluation_gives_no_finding(data, name):
    """No GJ95x finding, and the general table rules do not read a 总分 split from its 执行率 row."""
    doc = extract(data, name=name)
    findings, checked = judge(Facts(doc), Options())
    assert findings == []
    assert checked  # the 自评表 was judged, not skipped


def test_an_injected_total_is_reported_in_the_split_layout():
    data = docx_bytes(split=True, total=("100", "95.27"))
    findings, _ = judge(Facts(extract(data, name="split.docx")), Options())
    assert [(f.rule, f.stated_text) for f in findings] == [("GJ954", "95.27")]


def test_a_table_without_a_fund_part_is_no_self_evaluation():
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥500人次", "480人次", "10", "10"],
            ["总分", "", "", "", "", "10", "10"]]
    _, evs = _read(workbook_bytes({"指标": rows}), "ind.xlsx")
    assert list(evs) == []


def _row(second: str, target: str, measured: str) -> IndicatorRow:
    from model.document import Location
    from reading.self_eval import Entry

    def e(t):
        return Entry(t, None, Location())

    return IndicatorRow("产出指标", second, "指标", Location(), target=e(target), measured=e(measured))


@pytest.mark.parametrize(("second", "target", "measured", "met"), [
    ("数量指标", "≥12处", "12处", True),
    ("数量指标", "不少于12处", "11处", False),
    ("数量指标", "12处", "13处", True),  # a plain count: at least
    ("成本指标", "1800元", "1850元", False),  # a plain cost: at most
    ("成本指标", "控制在1800元以内", "1745元", True),
    ("时效指标", "100%", "97.5%", False),  # a 及时率: at least
    ("时效指标", "12个月", "11个月", True),  # a duration: at most
    ("质量指标", "≥95%", "≥95%", None),  # an actual value stated as a bound
    ("社会效益指标", "96%", "95%", None),  # a plain effect: the direction is not said
    ("数量指标", "≥7.5万人", "75900人", None),  # other units
    ("数量指标", "611人", "594", False),  # a bare actual takes the target's unit
    ("时效指标", "2024年11月底前", "2024年11月", None),  # dates
    ("可持续影响指标", "健全", "基本健全", None),
])
def test_whether_a_target_is_met(second, target, measured, met):
    assert target_met(_row(second, target, measured)) is met


def test_a_quantity_keeps_what_follows_its_figure():
    q = quantity("≤3.2万元/公里")
    assert (q.figure.value, q.figure.unit, q.comparator, q.tail) == (Decimal("3.2"), "万元", "≤", "/公里")
    assert quantity("2处水源超标，已整改") is None
