"""PDF tables without vertical rules: 三线表 and borderless tables, read from text alignment.

The PDFs are drawn here with reportlab's built-in CID font (no font package needed); the tables are
made up for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from extractor import extract

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
COLUMNS = (60, 200, 330, 440)  # left edges of the cell texts
HEADER = ["项目", "预算数", "执行数", "执行率"]
ROWS = [
    ["设备购置", "120.00", "118.00", "98.33%"],
    ["场地改造", "80.00", "80.00", "100.00%"],
    ["人员培训", "50.00", "45.00", "90.00%"],
    ["合计", "250.00", "243.00", "97.20%"],
]
SIZE = 10
PITCH = 16


def _draw_rows(c, rows, top, rules=()):
    y = top
    for row in rows:
        for x, text in zip(COLUMNS, row, strict=True):
            if text:
                c.drawString(x, y, text)
        y -= PITCH
    for index in rules:  # a rule under row `index` (-1: above the first row)
        ry = top - PITCH * index - 4 if index >= 0 else top + SIZE + 2
        c.line(55, ry, 520, ry)
    return y


def _pdf(path: Path, rows, rules=(), prose=("项目支出情况如下。",)) -> Path:
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(FONT, SIZE)
    y = 760
    for line in prose:
        c.drawString(60, y, line)
        y -= PITCH * 2
    c.drawString(200, y, "表1 项目支出执行情况表")
    _draw_rows(c, rows, y - PITCH * 2, rules)
    c.drawString(60, 200, "以上数据来源于财务决算。")
    c.save()
    return path


def _grid(path: Path):
    doc = extract(path)
    assert doc.status == "ok"
    return doc


def test_three_line_table(tmp_path):
    # top rule, a rule under the header, a bottom rule: no vertical rules
    doc = _grid(_pdf(tmp_path / "threeline.pdf", [HEADER, *ROWS], rules=(-1, 0, len(ROWS))))
    (table,) = doc.tables
    assert table.text_grid() == [HEADER, *ROWS]
    assert table.caption == "表1 项目支出执行情况表"
    assert table.header_rows == 1
    assert [r.kind for r in table.rows][-1] == "total"


def test_borderless_table(tmp_path):
    doc = _grid(_pdf(tmp_path / "borderless.pdf", [HEADER, *ROWS]))
    (table,) = doc.tables
    assert table.text_grid() == [HEADER, *ROWS]
    assert "以上数据来源于财务决算。" in [p.text for p in doc.paragraphs]


def test_wrapped_cell_text_joins_its_row(tmp_path):
    # The label of row 2 runs to the cell's edge and wraps onto a second line; the figures stay on the first.
    wide = ["培训基层经办人员和财务人", "50.00", "45.00", "90.00%"]
    rows = [HEADER, ROWS[0], wide, ["员", "", "", ""], ROWS[3]]
    path = tmp_path / "wrapped.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(FONT, SIZE)
    c.drawString(200, 700, "表1 项目支出执行情况表")
    _draw_rows(c, rows, 670)
    c.save()
    (table,) = _grid(path).tables
    assert table.n_rows == 4
    assert table.text_grid()[2][0] == "培训基层经办人员和财务人员"
    assert table.text_grid()[3][0] == "合计"


def test_blank_figures_row_is_its_own_row(tmp_path):
    rows = [HEADER, ROWS[0], ["其他支出", "", "", ""], ROWS[1], ROWS[2], ROWS[3]]
    (table,) = _grid(_pdf(tmp_path / "blank.pdf", rows)).tables
    assert [r[0] for r in table.text_grid()] == ["项目", "设备购置", "其他支出", "场地改造", "人员培训", "合计"]


def test_prose_and_contents_are_not_tables(tmp_path):
    path = tmp_path / "prose.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(FONT, SIZE)
    y = 760
    for title, page in (("一、项目基本情况", "2"), ("二、绩效评价工作开展情况", "4"), ("三、综合评价情况", "6")):
        c.drawString(60, y, title)
        c.drawString(500, y, page)
        y -= PITCH
    for _ in range(5):
        c.drawString(60, y - 30, "本项目年初预算资金一百万元，全年执行九十八万元，执行情况良好，达到预期目标。")
        y -= PITCH
    c.save()
    doc = _grid(path)
    assert doc.tables == []
    assert not any("按列排列" in w for w in doc.warnings)


def test_tabular_text_that_is_not_read_as_a_table_is_reported(tmp_path):
    # Three lines of three pieces each, staggered so that no column gap runs through them.
    path = tmp_path / "staggered.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(FONT, SIZE)
    for i, y in enumerate((700, 684, 668)):
        shift = 45 * i
        c.drawString(60 + shift, y, "甲项支出金额")
        c.drawString(200 + shift, y, "12.50")
        c.drawString(330 + shift, y, "98.00")
    c.save()
    doc = _grid(path)
    assert doc.tables == []
    assert any("按列排列的文字，未能识别为表格" in w for w in doc.warnings)
