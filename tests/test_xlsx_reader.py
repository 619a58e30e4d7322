"""Excel workbooks → Document: printed figures from number formats, merged cells, formulas kept."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from extractor import extract
from extractor.numfmt import format_value

xlsxwriter = pytest.importorskip("xlsxwriter")


def workbook(build) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    build(wb)
    wb.close()
    return buf.getvalue()


def fund_sheet(wb, total_cached: float = 1103.6) -> None:
    ws = wb.add_worksheet("资金表")
    pct = wb.add_format({"num_format": "0.00%"})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws.merge_range("A1:D1", "表1 资金执行情况表")
    ws.write("A2", "单位：万元")
    ws.write_row("A3", ["项目", "预算数", "执行数", "执行率"])
    ws.write("A4", "甲")
    ws.write_number("B4", 1000, money)
    ws.write_number("C4", 953.6, money)
    ws.write_formula("D4", "=C4/B4", pct, 0.9536)
    ws.write("A5", "乙")
    ws.write_number("B5", 200, money)
    ws.write_number("C5", 150, money)
    ws.write_formula("D5", "=C5/B5", pct, 0.75)
    ws.write("A6", "合计")
    ws.write_formula("B6", "=SUM(B4:B5)", money, 1200)
    ws.write_formula("C6", "=SUM(C4:C5)", money, total_cached)
    ws.write_formula("D6", "=C6/B6", pct, total_cached / 1200)
    ws.write("A8", "注：本表数据来源于单位财务决算报表。")


def test_printed_figures_caption_unit_and_formulas(tmp_path):
    path = tmp_path / "funds.xlsx"
    path.write_bytes(workbook(fund_sheet))
    doc = extract(path)
    assert doc.format == "xlsx"
    (table,) = doc.tables
    assert table.caption == "表1 资金执行情况表" and table.unit == "万元"
    assert table.text_grid()[1] == ["甲", "1,000.00", "953.60", "95.36%"]
    rate = table.grid[1][3]
    assert (rate.figure.value, rate.figure.decimals, rate.figure.unit) == (Decimal("95.36"), 2, "%")
    assert rate.formula == "=C4/B4" and rate.sheet.value == Decimal("0.9536") and rate.sheet.address == "D4"
    assert table.grid[3][2].formula == "=SUM(C4:C5)"
    assert [r.kind for r in table.rows] == ["header", "data", "data", "total"]
    assert doc.paragraphs[-1].text == "注：本表数据来源于单位财务决算报表。"


def test_merged_cells_hidden_sheets_and_blank_rows(tmp_path):
    def build(wb):
        ws = wb.add_worksheet("评分表")
        ws.write_row("B2", ["一级指标", "二级指标", "分值", "得分"])
        ws.merge_range("B3:B4", "决策")
        ws.write_row("C3", ["立项依据", 10, 9])
        ws.write_row("C4", ["绩效目标", 10, 8])
        ws.write_row("B5", ["合计", "", 20, 17])
        ws.write_row("B8", ["项目", "金额"])  # a second table after blank rows
        ws.write_row("B9", ["甲", 5])
        wb.add_worksheet("底稿").write("A1", 123)
        wb.worksheets()[1].hide()

    path = tmp_path / "scores.xlsx"
    path.write_bytes(workbook(build))
    doc = extract(path)
    scores, other = doc.tables
    assert scores.n_cols == 4  # the empty column A is not part of the table
    group = scores.grid[1][0]
    assert group.text == "决策" and group.rowspan == 2 and scores.grid[2][0] is group
    assert scores.rows[3].kind == "total"
    assert other.text_grid() == [["项目", "金额"], ["甲", "5"]]
    assert any("隐藏" in w and "底稿" in w for w in doc.warnings)


def test_formulas_never_calculated_read_as_blank_with_a_warning(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["甲", 1])
    ws.append(["合计", "=SUM(B2:B2)"])
    path = tmp_path / "uncalculated.xlsx"
    wb.save(path)
    doc = extract(path)
    assert doc.tables[0].grid[2][1].text == "" and doc.tables[0].grid[2][1].formula == "=SUM(B2:B2)"
    assert any("没有缓存" in w for w in doc.warnings)


@pytest.mark.parametrize(("value", "fmt", "printed"), [
    (0.9536, "0.00%", "95.36%"), (1234.5, "#,##0.00", "1,234.50"), (-1234.5, "#,##0.00_);(#,##0.00)", "(1,234.50)"),
    (95.36123456789, "General", "95.36123457"), (0.1 + 0.2, "General", "0.3"), (1.005, "0.00", "1.01"),
    (1234567, "#,##0,", "1,235"), (12.5, "0.0#", "12.5"), (100, '0"分"', "100分"), (0, '#,##0.00;-#,##0.00;"-"', "-"),
    (1234.5, "[$¥-804]#,##0.00", "¥1,234.50"), (0.123, "[Red]0.0%", "12.3%"), (1.5, "0.00E+00", "1.5"),
])
def test_number_formats_print_as_excel_does(value, fmt, printed):
    assert format_value(value, fmt) == printed


def test_xls_is_read_by_xlrd(tmp_path):
    """An .xls made by LibreOffice from the workbook above reads to the same grid."""
    from extractor.convert import soffice

    if soffice() is None:
        pytest.skip("LibreOffice is needed to make the .xls")
    import subprocess

    src = tmp_path / "funds.xlsx"
    src.write_bytes(workbook(fund_sheet))
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True,
                   timeout=180)
    if not (tmp_path / "funds.xls").exists():
        pytest.skip("LibreOffice Calc (libreoffice-calc-nogui) is needed to make the .xls")
    xls = extract(tmp_path / "funds.xls")
    assert xls.format == "xls"
    assert xls.tables[0].text_grid() == extract(src).tables[0].text_grid()
