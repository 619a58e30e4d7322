from pathlib import Path

from extractor import extract
from extractor.text import decode, parse_text

TAB_TABLE = (
    "表 1: 收入情况表\n"
    "账户分类\t分配来源\t金额\n"
    "统筹基金\t单位缴纳部分\t100.00\n"
    "\t其他收入\t20.50\n"
    "\t上级补助\t\n"
    "小计\t\t120.50\n"
)


def test_tab_table_blank_leading_cell_merges_down():
    doc = parse_text(TAB_TABLE)
    (table,) = doc.tables
    assert table.caption == "表 1: 收入情况表"
    group = table.grid[1][0]
    assert group.text == "统筹基金" and group.rowspan == 3
    assert table.grid[3][0] is group  # the merged cell applies to every row it spans
    assert table.grid[3][2].figure.missing  # a blank value cell is missing, not zero and not merged
    assert [r.kind for r in table.rows] == ["header", "data", "data", "data", "subtotal"]
    assert table.rows[2].group == "统筹基金"
    # the merged group cell is counted once
    assert sum(1 for c in table.cells() if c.text == "统筹基金") == 1


def test_cell_per_line_tables():
    text = "\t评价内容\n\t分值\n\t得分\n\n\t决策\n\t20\n\t20\n\n\t合计\n\t20\n\t20\n"
    (table,) = parse_text(text).tables
    assert table.text_grid() == [["评价内容", "分值", "得分"], ["决策", "20", "20"], ["合计", "20", "20"]]
    assert [c.role for c in table.columns] == ["label", "maximum", "score"]
    assert table.rows[2].kind == "total"


def test_markdown_pipe_table():
    text = "| 项目 | 预算数 | 执行数 | 执行率 |\n|---|---|---|---|\n| 甲 | 10 | 9 | 90% |\n"
    (table,) = parse_text(text).tables
    assert [c.role for c in table.columns] == ["label", "budget", "actual", "ratio"]
    assert table.grid[1][3].figure.value == 90


def test_space_aligned_columns():
    text = "项目      预算数     执行数\n甲        10.00      9.00\n乙        5.00       5.00\n"
    (table,) = parse_text(text).tables
    assert table.text_grid()[2] == ["乙", "5.00", "5.00"]


def test_toc_lines_and_headings():
    doc = parse_text("目录\n一、基本情况.....\t- 1 -\n二、结论.....\t- 2 -\n\n一、基本情况\n（一）项目概况\n正文。\n")
    kinds = [(p.kind, p.level) for p in doc.paragraphs]
    assert kinds == [("heading", 0), ("toc", None), ("toc", None), ("heading", 1), ("heading", 2),
                     ("paragraph", None)]
    assert doc.paragraphs[1].text == "一、基本情况"


def test_gbk_and_bom_are_detected(tmp_path: Path):
    text = "综合得分为 93.99 分，评价级别为“优”。" * 3
    (tmp_path / "g.txt").write_bytes(text.encode("gbk"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    for name in ("g.txt", "b.txt"):
        doc = extract(tmp_path / name)
        assert doc.paragraphs[0].text == text
    assert decode(text.encode("gb18030")) == text


def test_paragraph_provenance_has_line_numbers():
    doc = parse_text("标题\n\n第二段 12 元。\n")
    p = doc.paragraphs[1]
    assert p.location.line == 3
    (f,) = p.figures
    assert p.text[f.start:f.end] == "12 元"


def test_sequence_number_does_not_stop_a_vertical_merge_and_total_in_seq_column():
    text = (
        "序号\t一级指标\t三级指标\t分值\t得分\n"
        "1\t决策指标（10分）\t依据\t5\t5\n"
        "2\t\t程序\t5\t5\n"
        "合计\t\t\t10\t10\n"
    )
    (table,) = parse_text(text).tables
    group = table.grid[1][1]
    assert group.rowspan == 2 and table.grid[2][1] is group
    assert table.rows[2].group == "决策指标（10分）"
    assert table.rows[3].kind == "total"
    assert table.rows[1].parent == 3


def test_unit_note_between_caption_and_table():
    text = "表1 支出情况表\n单位：万元\n项目\t金额\n甲\t10\n"
    (table,) = parse_text(text).tables
    assert table.caption == "表1 支出情况表"
    assert table.unit == "万元"
    assert table.grid[1][1].figure.unit == "万元"
