"""Tab-separated tables damaged by a PDF-to-text converter: shifted rows, split headers, wrapped cells.

The tables here are made up for the tests (no seed's figures or labels); each damage is shown next to
a well-formed table of the same shape that must come through untouched.
"""

from __future__ import annotations

from extractor.dump_repair import SHIFTED, SPLIT_HEADER, WRAPPED, repair_rows
from extractor.text import parse_text

HEADER = ["类别", "项目", "说明", "预算数", "执行数", "执行率"]
ROWS = [
    ["一、甲类", "设备购置", "购置检测设备两台", "120.00", "118.00", "98.33%"],
    ["", "场地改造", "改造实验用房三间", "80.00", "80.00", "100.00%"],
    ["二、乙类", "人员培训", "培训基层人员四期", "50.00", "45.00", "90.00%"],
    ["合计", "", "", "250.00", "243.00", "97.20%"],
]


def test_well_formed_table_is_left_alone():
    rows, made = repair_rows([HEADER, *ROWS])
    assert made == []
    assert rows == [HEADER, *ROWS]


def test_row_that_lost_its_leading_merged_cell_moves_right():
    damaged = [HEADER, ROWS[0], ROWS[1][1:], ROWS[2], ROWS[3]]  # 场地改造 lost the blank 类别 cell
    rows, made = repair_rows(damaged)
    assert made == [SHIFTED]
    assert rows[2] == ROWS[1]


def test_shifted_row_with_a_stray_empty_cell_and_a_sequence_column():
    header = ["序号", *HEADER]
    good = [[str(i + 1), *r] for i, r in enumerate(ROWS[:3])]
    shifted = ["2", "场地改造", "改造实验用房三间", "80.00", "80.00", "100.00%", ""]  # 类别 lost, one cell too many
    rows, made = repair_rows([header, good[0], shifted, good[2]])
    assert made == [SHIFTED]
    assert rows[2] == ["2", "", "场地改造", "改造实验用房三间", "80.00", "80.00", "100.00%"]


def test_total_row_keeps_its_label_in_the_first_column():
    damaged = [HEADER, *ROWS[:3], ["合计", "", "250.00", "243.00", "97.20%"]]
    rows, _ = repair_rows(damaged)
    assert rows[-1] == ["合计", "", "", "250.00", "243.00", "97.20%"]


def test_row_with_its_figures_in_place_is_not_moved():
    # A short row whose figures already stand in figure columns is not this damage.
    _, made = repair_rows([HEADER, *ROWS[:3], ["", "", "", "10.00", "9.00", "90.00%"]])
    assert made == []


def test_header_split_over_two_lines_is_one_row():
    top = ["", "说明", "执行数", "执行率"]
    bottom = ["类别", "项目", "", "预算数", "", ""]
    rows, made = repair_rows([top, bottom, *ROWS])
    assert made == [SPLIT_HEADER]
    assert rows[0] == HEADER
    assert rows[1:] == ROWS


def test_real_two_row_header_is_kept():
    top = ["类别", "项目", "说明", "金额", "", "执行率"]
    bottom = ["", "", "", "预算数", "执行数", ""]
    rows, made = repair_rows([top, bottom, *ROWS])
    assert SPLIT_HEADER not in made
    assert rows[:2] == [top, bottom]


def test_wrapped_cell_text_on_its_own_line_joins_its_row():
    long_row = ["二、乙类", "人员培训", "分四期培训基层经办人员和 财务人员，每期", "50.00", "45.00", "90.00%"]
    fragment = ["", "", "三天", "", "", ""]
    rows, made = repair_rows([HEADER, ROWS[0], ROWS[1], long_row, fragment, ROWS[3]])
    assert made == [WRAPPED]
    assert rows[3][2] == "分四期培训基层经办人员和 财务人员，每期三天"
    assert len(rows) == 5


def test_row_without_figures_under_a_short_label_is_a_row():
    # "其他" with no amounts is a row of its own, not the tail of "场地改造".
    rows, made = repair_rows([HEADER, ROWS[0], ROWS[1], ["", "其他", "", "", "", ""], ROWS[3]])
    assert made == []
    assert len(rows) == 5


def test_text_reader_repairs_and_warns():
    lines = ["\t".join(HEADER), "\t".join(ROWS[0]), "\t".join(ROWS[1][1:]), *("\t".join(r) for r in ROWS[2:])]
    doc = parse_text("表1 项目支出表\n" + "\n".join(lines))
    (table,) = doc.tables
    assert table.text_grid()[2] == ["", "场地改造", "改造实验用房三间", "80.00", "80.00", "100.00%"]
    assert any("已按列对齐修复" in w for w in doc.warnings)


def test_text_reader_does_not_warn_on_a_clean_table():
    doc = parse_text("表1 项目支出表\n" + "\n".join("\t".join(r) for r in [HEADER, *ROWS]))
    assert doc.warnings == []
