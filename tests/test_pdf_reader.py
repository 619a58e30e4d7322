"""The PDF reader, on small ruled PDFs drawn with reportlab's built-in Chinese CID font."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from extractor import InputError, extract
from extractor.pdf import _judge_text_layer, _PageResult, dedupe_chars, join_wrapped, read_pdf
from model.document import Document

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595, 842
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

Draw = Callable[[canvas.Canvas], None]


def make_pdf(path: Path, pages: list[Draw], **kwargs) -> Path:
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), **kwargs)
    for draw in pages:
        c.setFont(FONT, 12)
        draw(c)
        c.showPage()
    c.save()
    return path


def text(c: canvas.Canvas, x: float, top: float, s: str, size: float = 12, char_space: float = 0) -> None:
    """Draw a line with its top `top` points below the top of the page."""
    t = c.beginText(x, PAGE_H - top - size * 0.88)
    t.setFont(FONT, size)
    t.setCharSpace(char_space)
    t.textLine(s)
    c.drawText(t)


def table(c: canvas.Canvas, x: float, top: float, widths: list[float], height: float,
          cells: list[tuple[int, int, int, int, str]], bold: bool = False) -> float:
    """Rule one rect per cell (merged cells as one long rect) and write its text. Returns the bottom."""
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    for r, col, rs, cs, s in cells:
        left, right = xs[col], xs[col + cs]
        y_top = top + r * height
        c.rect(left, PAGE_H - y_top - rs * height, right - left, rs * height)
        spaced = s.startswith("~")  # a letter-spaced label such as 合 计
        label = s.lstrip("~")
        text(c, left + 4, y_top + 4, label, char_space=14 if spaced else 0)
        if bold:  # fake bold: the same glyphs again, a hair to the right
            text(c, left + 4.3, y_top + 4, label, char_space=14 if spaced else 0)
    rows = max(r + rs for r, _, rs, _, _ in cells)
    return top + rows * height


FUND_TABLE = [
    (0, 0, 1, 1, "项目"), (0, 1, 1, 1, "分类"), (0, 2, 1, 1, "预算数"), (0, 3, 1, 1, "执行数"),
    (1, 0, 2, 1, "专项资金"), (1, 1, 1, 1, "设备购置"), (1, 2, 1, 1, "10.00"), (1, 3, 1, 1, "9.00"),
    (2, 1, 1, 1, "服务采购"), (2, 2, 1, 1, "5.00"), (2, 3, 1, 1, "4.00"),
    (3, 0, 1, 2, "~合计"), (3, 2, 1, 1, "15.00"), (3, 3, 1, 1, "13.00"),
]


def fund_page(c: canvas.Canvas, bold: bool = False) -> None:
    text(c, 72, 60, "一、资金使用情况")
    text(c, 96, 84, "本项目全年预算资金为15.00万元，实际执行13.00万元，资金使用")
    text(c, 72, 102, "情况如下。")
    text(c, 200, 130, "表1 项目资金情况表")
    table(c, 72, 150, [120, 100, 100, 100], 22, FUND_TABLE, bold=bold)
    text(c, 96, 260, "（二）存在问题")
    c.drawCentredString(PAGE_W / 2, 30, "- 1 -")


def test_merged_cells_caption_and_letter_spaced_total(tmp_path: Path):
    doc = read_pdf(make_pdf(tmp_path / "fund.pdf", [fund_page]))
    assert doc.format == "pdf" and doc.pages == 1 and doc.status == "ok"
    (t,) = doc.tables
    assert t.caption == "表1 项目资金情况表"
    assert t.location.page == 1 and t.pages == (1,)
    assert (t.n_rows, t.n_cols) == (4, 4)
    group = t.grid[1][0]
    assert group.text == "专项资金" and group.rowspan == 2
    assert t.grid[2][0] is group  # a vertical merge is one cell shared by the rows it spans
    total = t.grid[3][0]
    assert total.text == "合计" and total.colspan == 2 and t.grid[3][1] is total
    assert [r.kind for r in t.rows] == ["header", "data", "data", "total"]
    assert [c.role for c in t.columns][2:] == ["budget", "actual"]
    assert t.grid[3][3].figure.value == 13


def test_pdf_bytes_in_memory(tmp_path: Path):
    data = make_pdf(tmp_path / "fund.pdf", [fund_page]).read_bytes()
    doc = extract(data, name="附件/fund.pdf")
    assert doc.path == "附件/fund.pdf" and doc.tables[0].grid[3][0].text == "合计"
    with pytest.raises(InputError) as err:
        extract(data[:300], name="附件/fund.pdf")
    assert err.value.code == "corrupt-pdf" and "fund.pdf" in err.value.message


def test_paragraphs_headings_and_page_numbers(tmp_path: Path):
    doc = read_pdf(make_pdf(tmp_path / "fund.pdf", [fund_page]))
    paras = [(p.kind, p.text) for p in doc.paragraphs]
    assert paras == [
        ("heading", "一、资金使用情况"),
        ("paragraph", "本项目全年预算资金为15.00万元，实际执行13.00万元，资金使用情况如下。"),
        ("heading", "（二）存在问题"),
    ]  # the wrapped line is joined without a space; "- 1 -" is gone
    assert all(p.location.page == 1 for p in doc.paragraphs)
    assert doc.paragraphs[1].figures[0].value == 15
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]


def test_fake_bold_characters_are_read_once(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        fund_page(c, bold=True)
        text(c, 72, 300, "综合评分为92分。")
        text(c, 72.3, 300, "综合评分为92分。")

    doc = read_pdf(make_pdf(tmp_path / "bold.pdf", [page]))
    (t,) = doc.tables
    assert t.text_grid()[0] == ["项目", "分类", "预算数", "执行数"]
    assert t.grid[3][0].text == "合计" and t.rows[3].kind == "total"
    assert doc.paragraphs[-1].text == "综合评分为92分。"


def test_dedupe_matches_pdfplumber(tmp_path: Path):
    import pdfplumber

    with pdfplumber.open(make_pdf(tmp_path / "bold.pdf", [lambda c: fund_page(c, bold=True)])) as pdf:
        page = pdf.pages[0]
        assert dedupe_chars(page.chars) == page.dedupe_chars().chars
        assert len(dedupe_chars(page.chars)) < len(page.chars)


def test_line_breaks_chosen_by_the_writer_start_paragraphs(tmp_path: Path):
    full = 37  # characters of 12 pt between x = 72 and the right margin at 516

    def page(c: canvas.Canvas) -> None:
        lines = [
            "委托单位：华宁县财政局",  # short lines: each one its own paragraph
            "项目主管单位：华宁县医疗保障局",
            "甲" * (full - 1) + "；",  # a full line ending in ；is only wrapped
            "乙乙乙。",
            "（三）" + "丙" * (full - 3),  # a heading too long for one line
            "丁丁",
            "附件：2023年项目评分表",
        ]
        for i, line in enumerate(lines):
            text(c, 72, 60 + 18 * i, line)

    doc = read_pdf(make_pdf(tmp_path / "breaks.pdf", [page]))
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("paragraph", "委托单位：华宁县财政局"),
        ("paragraph", "项目主管单位：华宁县医疗保障局"),
        ("paragraph", "甲" * (full - 1) + "；乙乙乙。"),
        ("heading", "（三）" + "丙" * (full - 3) + "丁丁"),
        ("paragraph", "附件：2023年项目评分表"),
    ]


def test_space_glyphs_are_kept_but_letter_spacing_is_not(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        text(c, 250, 60, "目  录")
        text(c, 72, 90, "第一章  总则")
        text(c, 72, 120, "合计金额", char_space=6)

    doc = read_pdf(make_pdf(tmp_path / "spaces.pdf", [page]))
    assert [p.text for p in doc.paragraphs] == ["目录", "第一章 总则", "合计金额"]
    assert doc.paragraphs[0].kind == "heading"


def test_table_continued_on_next_page_is_stitched(tmp_path: Path):
    header = [(0, 0, 1, 1, "序号"), (0, 1, 1, 1, "指标"), (0, 2, 1, 1, "分值"), (0, 3, 1, 1, "得分")]

    def rows(start: int, n: int, first: int) -> list[tuple[int, int, int, int, str]]:
        out = []
        for i in range(n):
            k = first + i
            out += [(start + i, 0, 1, 1, str(k)), (start + i, 1, 1, 1, f"指标{k}"),
                    (start + i, 2, 1, 1, "10"), (start + i, 3, 1, 1, "9")]
        return out

    def page1(c: canvas.Canvas) -> None:
        text(c, 72, 60, "表2 绩效评分表")
        table(c, 72, 80, [60, 200, 80, 80], 24, header + rows(1, 3, 1))

    def page2(c: canvas.Canvas) -> None:
        c.drawCentredString(PAGE_W / 2, PAGE_H - 40, "2")
        table(c, 72, 72, [60, 200, 80, 80], 24, header + rows(1, 2, 4) + [(3, 0, 1, 2, "~合计"),
                                                                       (3, 2, 1, 1, "50"), (3, 3, 1, 1, "45")])
        text(c, 96, 200, "评分结果见上表。")

    doc = read_pdf(make_pdf(tmp_path / "long.pdf", [page1, page2]))
    assert doc.pages == 2
    (t,) = doc.tables
    assert t.caption == "表2 绩效评分表"
    assert t.pages == (1, 2) and t.location.page == 1
    grid = t.text_grid()
    assert [row[1] or row[0] for row in grid] == ["指标", "指标1", "指标2", "指标3", "指标4", "指标5", "合计"]
    assert sum(1 for row in grid if row[0] == "序号") == 1  # the repeated header row is dropped
    assert t.rows[-1].kind == "total"
    assert doc.paragraphs[-1].text == "评分结果见上表。" and doc.paragraphs[-1].location.page == 2


def test_merged_label_cut_by_page_break_continues(tmp_path: Path):
    head = [(0, 0, 1, 1, "账户分类"), (0, 1, 1, 1, "分配来源"), (0, 2, 1, 1, "金额")]

    def page1(c: canvas.Canvas) -> None:
        table(c, 72, 80, [120, 120, 100], 24, [*head, (1, 0, 2, 1, "统筹基金"), (1, 1, 1, 1, "单位缴纳"),
                                                   (1, 2, 1, 1, "100.00"), (2, 1, 1, 1, "个人缴纳"),
                                                   (2, 2, 1, 1, "20.00")])

    def page2(c: canvas.Canvas) -> None:
        table(c, 72, 72, [120, 120, 100], 24, [(0, 0, 1, 1, ""), (0, 1, 1, 1, "利息收入"),
                                                (0, 2, 1, 1, "1.50"), (1, 0, 1, 2, "~小计"),
                                                (1, 2, 1, 1, "121.50")])

    doc = read_pdf(make_pdf(tmp_path / "cut.pdf", [page1, page2]))
    (t,) = doc.tables
    group = t.grid[1][0]
    assert group.text == "统筹基金" and group.rowspan == 3 and t.grid[3][0] is group
    assert t.rows[3].group == "统筹基金"
    assert t.rows[4].kind == "subtotal"


def test_merged_group_cell_after_a_numbered_column_continues(tmp_path: Path):
    head = [(0, 0, 1, 1, "序号"), (0, 1, 1, 1, "一级指标"), (0, 2, 1, 1, "三级指标"), (0, 3, 1, 1, "得分")]

    def page1(c: canvas.Canvas) -> None:
        table(c, 72, 80, [50, 120, 150, 60], 24, [*head, (1, 0, 1, 1, "1"), (1, 1, 1, 1, "产出指标"),
                                                   (1, 2, 1, 1, "参保目标完成情况"), (1, 3, 1, 1, "5")])

    def page2(c: canvas.Canvas) -> None:
        table(c, 72, 72, [50, 120, 150, 60], 24, [(0, 0, 1, 1, "2"), (0, 1, 2, 1, ""), (0, 2, 1, 1, "征缴率"),
                                                   (0, 3, 1, 1, "5"), (1, 0, 1, 1, "3"), (1, 2, 1, 1, "完成率"),
                                                   (1, 3, 1, 1, "4")])

    (t,) = read_pdf(make_pdf(tmp_path / "seq.pdf", [page1, page2])).tables
    group = t.grid[1][1]
    assert group.text == "产出指标" and group.rowspan == 3 and t.grid[3][1] is group
    assert [r.group for r in t.rows[1:]] == ["产出指标"] * 3


def test_toc_lines_keep_the_title_only(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        text(c, 260, 60, "目录")
        text(c, 72, 90, "一、项目基本情况" + "." * 40 + "1")
        text(c, 72, 110, "二、绩效评价结论" + "…" * 20 + "3")
        text(c, 96, 140, "正文开始。")

    doc = read_pdf(make_pdf(tmp_path / "toc.pdf", [page]))
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("heading", "目录"), ("toc", "一、项目基本情况"), ("toc", "二、绩效评价结论"), ("paragraph", "正文开始。"),
    ]


def test_paragraph_continues_over_page_break(tmp_path: Path):
    def page1(c: canvas.Canvas) -> None:
        text(c, 96, 760, "项目完成了年度目标任务，")
        c.drawCentredString(PAGE_W / 2, 30, "1")

    def page2(c: canvas.Canvas) -> None:
        text(c, 72, 72, "满意度达到95%。")
        text(c, 96, 96, "下一段。")

    doc = read_pdf(make_pdf(tmp_path / "flow.pdf", [page1, page2]))
    assert [p.text for p in doc.paragraphs] == ["项目完成了年度目标任务，满意度达到95%。", "下一段。"]
    assert doc.paragraphs[0].location.page == 1 and doc.paragraphs[1].location.page == 2


def test_image_only_pdf_has_no_text_layer(tmp_path: Path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = tmp_path / "scan.png"
    Image.new("L", (200, 280), color=200).save(image)

    def page(c: canvas.Canvas) -> None:
        c.drawImage(ImageReader(str(image)), 50, 50, width=495, height=742)

    doc = read_pdf(make_pdf(tmp_path / "scan.pdf", [page, page]))
    assert doc.status == "error" and doc.error == "no-text-layer"
    assert doc.pages == 2 and not doc.blocks
    assert any("OCR" in w for w in doc.warnings)


def test_encrypted_pdf(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, "Budget 100.00; spent 95.00.")

    path = make_pdf(tmp_path / "locked.pdf", [page], encrypt="secret")
    with pytest.raises(InputError) as err:
        read_pdf(path)
    assert err.value.code == "encrypted" and "密码" in err.value.message
    with pytest.raises(InputError) as err:
        extract(path, password="wrong")
    assert err.value.code == "encrypted"
    doc = extract(path, password="secret")
    assert doc.status == "ok" and doc.paragraphs[0].text == "Budget 100.00; spent 95.00."


def test_undecodable_glyphs_are_reported(tmp_path: Path):
    # reportlab writes the CID font's Registry/Ordering strings of an encrypted file in a form pdfminer
    # cannot read back, so every Chinese glyph comes out as (cid:NNN): a real undecodable file.
    def page(c: canvas.Canvas) -> None:
        text(c, 72, 100, "本项目预算资金为一百万元整。")

    doc = read_pdf(make_pdf(tmp_path / "cid.pdf", [page], encrypt="secret"), password="secret")
    if doc.error is None:
        pytest.skip("this reportlab/pdfminer pair decodes the font; no undecodable sample")
    assert doc.status == "error" and doc.error == "undecodable-glyphs"
    assert "(cid" not in doc.paragraphs[0].text  # no invented figures from glyph numbers
    assert not doc.paragraphs[0].figures


def test_some_undecodable_pages_are_named_in_a_warning():
    doc = Document(path="x.pdf", format="pdf")
    stats = [_PageResult(1, 842, [], chars=500), _PageResult(2, 842, [], chars=400, undecodable=300),
             _PageResult(3, 842, [], chars=600)]
    _judge_text_layer(doc, stats)
    assert doc.status == "ok"
    assert doc.warnings == ["第2页有无法解码的字形 (cid:NNN)，这些页的文字可能不完整"]


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9])
def test_truncated_pdf_is_an_input_error(tmp_path: Path, keep: float):
    data = make_pdf(tmp_path / "whole.pdf", [fund_page]).read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(InputError) as err:
        read_pdf(broken)
    assert err.value.code in ("corrupt-pdf", "no-pages")
    assert "\n" not in str(err.value)


def test_pdf_without_pages(tmp_path: Path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
                     b"<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(InputError) as err:
        read_pdf(path)
    assert err.value.code == "no-pages"


def test_join_wrapped_lines():
    assert join_wrapped(["资金使用", "情况如下。"]) == "资金使用情况如下。"
    assert join_wrapped(["total budget", "spent"]) == "total budget spent"
    assert join_wrapped(["金额为1,234,", "567.00元"]) == "金额为1,234,567.00元"


def _typeset(c: canvas.Canvas, paragraph: str, top: float, pitch: float, indent: float = 24, size: float = 12,
             left: float = 72, right: float = 516) -> float:
    """Lay `paragraph` out as a typesetter would: a first-line indent, then character by character up to
    the right margin, lines `pitch` apart. Returns the top of the next line."""
    x, line = left + indent, ""
    for ch in paragraph:
        if x + pdfmetrics.stringWidth(line + ch, FONT, size) > right:
            text(c, x, top, line, size=size)
            top, x, line = top + pitch, left, ""
        line += ch
    text(c, x, top, line, size=size)
    return top + pitch


def test_wrapped_lines_join_by_the_page_s_own_margins_and_pitch(tmp_path: Path):
    # Widely spaced prose (pitch 26 pt for 12 pt type) after a landscape page whose unit note sits far to
    # the right of any portrait line: each page's text block is measured from its own lines.
    first = "一般公共预算财政拨款支出9746.50万元，占本年支出合计的99.86%。与上年相比，支出增加1193.20万元，增长13.95%。"
    second = "年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%，决算数小于预算数。"
    item = "1、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项），年初预算为54.53万元。"

    def landscape(c: canvas.Canvas) -> None:
        c.setPageSize((PAGE_H, PAGE_W))
        text(c, 700, 60, "单位：万元")
        text(c, 72, 500, "注：本表反映部门本年度各项支出情况。")

    def portrait(c: canvas.Canvas) -> None:
        c.setPageSize((PAGE_W, PAGE_H))
        text(c, 96, 60, "（一）支出决算总体情况")
        top = _typeset(c, first, 86, 26)
        top = _typeset(c, second, top, 26)
        top = _typeset(c, item, top, 26, indent=0)
        text(c, 72, top, "注：本段金额单位为万元，数据来源于决算报表系统，全部为本年度数据，未含以前年度结转" [:33],
             size=9)  # reaches the margin in a smaller size: a note, not a continuation

    doc = read_pdf(make_pdf(tmp_path / "wide.pdf", [landscape, portrait]))
    paras = [p.text for p in doc.paragraphs if p.location.page == 2]
    assert paras == ["（一）支出决算总体情况", first, second, item,
                     "注：本段金额单位为万元，数据来源于决算报表系统，全部为本年度数据，未含以前年度结转"[:33]]
    assert [p.kind for p in doc.paragraphs if p.location.page == 2][:4] == ["heading", "paragraph", "paragraph",
                                                                          "paragraph"]
    assert [p.text for p in doc.paragraphs if p.location.page == 1] == ["单位：万元", "注：本表反映部门本年度各项支出情况。"]
    rate = next(f for f in doc.paragraphs[3].figures if f.text == "99.86%")
    assert doc.paragraphs[3].text[rate.start:rate.end] == "99.86%"  # offsets in the joined text


def test_a_line_that_stops_short_ends_its_paragraph(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        top = _typeset(c, "项目于三月开工，九月完工，" * 4, 60, 26)
        text(c, 72, top, "验收合格率为98.50%。")  # flush left after a short last line: a new paragraph

    doc = read_pdf(make_pdf(tmp_path / "short.pdf", [page]))
    assert [p.text for p in doc.paragraphs] == ["项目于三月开工，九月完工，" * 4, "验收合格率为98.50%。"]
