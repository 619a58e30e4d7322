"""HTML pages and Markdown (pipe tables, raw HTML tables as PDF converters write them) → Document."""

from __future__ import annotations

from extractor import extract
from extractor.html import read_html, read_markdown

SCORE_TABLE = (
    "<table><caption>表2 评分表（单位：分）</caption>"
    "<thead><tr><th rowspan=2>一级指标</th><th rowspan=2>二级指标</th><th colspan=2>分值与得分</th></tr>"
    "<tr><th>分值</th><th>得分</th></tr></thead>"
    "<tbody><tr><td rowspan=2>决策</td><td>立项依据</td><td>10</td><td>9</td></tr>"
    "<tr><td>绩效目标</td><td>10</td><td>8</td></tr>"
    "<tr><td colspan=2>合计</td><td>20</td><td>17</td></tr></tbody></table>"
)


def test_rowspan_colspan_become_merged_cells_and_thead_rows_are_headers():
    doc = read_html(f"<html><body><h1>一、评价结论</h1>{SCORE_TABLE}</body></html>".encode(), "a.html")
    heading, table = doc.blocks
    assert (heading.kind, heading.level, heading.text) == ("heading", 1, "一、评价结论")
    assert table.caption == "表2 评分表（单位：分）"
    assert table.header_rows == 2
    group = table.grid[2][0]
    assert group.text == "决策" and group.rowspan == 2 and table.grid[3][0] is group
    total = table.grid[4][0]
    assert total.text == "合计" and total.colspan == 2 and table.grid[4][1] is total
    assert [c.role for c in table.columns] == ["label", "label", "maximum", "score"]
    assert table.rows[4].kind == "total"
    assert table.grid[4][3].figure.value == 17


def test_spans_beyond_the_table_are_clipped():
    page = b"<table><tr><td rowspan=999 colspan=3>A</td><td>1</td></tr><tr><td>2</td></tr></table>"
    (table,) = read_html(page, "a.html").tables
    assert (table.n_rows, table.n_cols) == (2, 4)
    assert table.grid[1][3].text == "2"


def test_scripts_styles_and_comments_are_not_text():
    page = ("<html><head><style>p{}</style><script>var x = '100万元';</script></head><body>"
            "<!-- 隐藏 99.00% --><p>预算执行率为95.00%。</p><noscript>请启用脚本</noscript></body></html>")
    doc = read_html(page.encode(), "a.html")
    assert [p.text for p in doc.paragraphs] == ["预算执行率为95.00%。"]


def test_source_line_breaks_between_chinese_characters_are_no_space():
    doc = read_html("<p>本项目年度预算\n  资金为 100.00 万元，\nactual 95</p>".encode(), "a.html")
    assert doc.paragraphs[0].text == "本项目年度预算资金为 100.00 万元， actual 95"


def test_br_splits_paragraphs_and_nested_tables_come_after_their_parent():
    page = ("<p>一、概况<br>本项目共两个子项目。</p><table><tr><td>项目</td><td>金额</td></tr>"
            "<tr><td>甲<table><tr><td>子项</td><td>1</td></tr><tr><td>合计</td><td>1</td></tr></table></td>"
            "<td>1</td></tr></table>")
    doc = read_html(page.encode(), "a.html")
    assert [b.text for b in doc.paragraphs] == ["一、概况", "本项目共两个子项目。"]
    outer, inner = doc.tables
    assert outer.grid[1][0].text == "甲" and inner.grid[1][0].text == "合计"


def test_declared_gbk_page_is_read_as_chinese(tmp_path):
    path = tmp_path / "report.htm"
    page = '<html><head><meta charset="gb2312"></head><body><p>总分为90.00分。</p></body></html>'
    path.write_bytes(page.encode("gbk"))
    assert extract(path).paragraphs[0].text == "总分为90.00分。"


def test_word_web_page_saved_as_doc_is_read_as_html(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes("<html><body><p>总分为90.00分。</p></body></html>".encode())
    doc = extract(path)
    assert doc.format == "html" and doc.paragraphs[0].text == "总分为90.00分。"


MINERU = """# 某项目绩效评价报告

一、项目概况
本项目年度预算资金为100.00万元。

## （一）资金情况

表1 资金情况表

| 项目 | 预算数 | 执行数 |
| --- | ---: | ---: |
| 甲 | 60.00 | 55.00 |
| 乙 | 40.00 | 40.00 |
| 合计 | 100.00 | 95.00 |

表2 评分表

<html><body>{table}</body></html>

1. 产出数量
2. 产出质量
"""


def test_markdown_headings_pipe_tables_and_html_table_blocks():
    doc = read_markdown(MINERU.format(table=SCORE_TABLE.replace("<caption>表2 评分表（单位：分）</caption>", ""))
                        .encode(), "report.md")
    kinds = [(b.kind, b.level, b.text) for b in doc.paragraphs]
    assert kinds[:3] == [("heading", 1, "某项目绩效评价报告"), ("heading", 1, "一、项目概况"),
                         ("paragraph", None, "本项目年度预算资金为100.00万元。")]
    assert ("heading", 2, "（一）资金情况") in kinds
    # an ordered list keeps the numbers a reader sees
    assert [t for _, _, t in kinds[-2:]] == ["1. 产出数量", "2. 产出质量"]
    pipe, html_table = doc.tables
    assert pipe.caption == "表1 资金情况表" and pipe.rows[3].kind == "total"
    assert [c.role for c in pipe.columns] == ["label", "budget", "actual"]
    assert html_table.caption == "表2 评分表" and html_table.grid[3][0].rowspan == 2


def test_markdown_report_audits_like_its_text(tmp_path):
    """The same table with a 合计 that does not foot is found in Markdown as in text."""
    from pipeline import audit as audit_path

    md = MINERU.format(table="").replace("| 合计 | 100.00 | 95.00 |", "| 合计 | 100.00 | 96.00 |")
    path = tmp_path / "report.md"
    path.write_text(md, encoding="utf-8")
    findings = [f for f in audit_path(path).findings if f.rule.startswith("GJ1")]
    assert [(f.stated_text, f.location.table) for f in findings] == [("96.00", 1)]


def test_markdown_without_markup_and_with_tab_tables_is_read_as_a_text_dump():
    text = "表1 资金情况表\n项目\t预算数\t执行数\n甲\t1.00\t1.00\n合计\t1.00\t1.00\n"
    doc = read_markdown(text.encode(), "dump.md")
    assert doc.format == "text" and doc.tables[0].n_rows == 3


def test_markdown_text_dump_lines_stay_paragraphs():
    doc = read_markdown("一、项目概况\n本项目已完成。\n二、绩效目标\n目标明确。\n".encode(), "dump.md")
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("heading", "一、项目概况"), ("paragraph", "本项目已完成。"), ("heading", "二、绩效目标"),
        ("paragraph", "目标明确。")]
