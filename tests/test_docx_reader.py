"""The DOCX reader, on small documents built here with python-docx and hand-written XML."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from extractor import extract
from extractor.docx import format_number, read_docx
from extractor.errors import InputError
from model.document import Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _xml(fragment: str):
    """Parse a fragment, declaring the namespaces on its outer element."""
    name_end = min(i for i in (fragment.find(" "), fragment.find(">"), fragment.find("/>")) if i > 0)
    return parse_xml(fragment[:name_end] + " " + NS + fragment[name_end:])


def _save(document, tmp_path: Path, name: str = "r.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _fill(table, rows: list[list[str]]) -> None:
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value


def _kinds(doc) -> list[str]:
    return ["table" if isinstance(b, Table) else b.kind for b in doc.blocks]


# --- order, paragraphs, headings ----------------------------------------------------------------


def test_paragraphs_and_tables_in_document_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("第一段说明文字。")
    _fill(d.add_table(rows=2, cols=2), [["项目", "金额"], ["甲", "10"]])
    d.add_paragraph("第二段说明文字。")
    _fill(d.add_table(rows=2, cols=2), [["项目", "金额"], ["乙", "20"]])
    d.add_paragraph("结尾。")
    doc = read_docx(_save(d, tmp_path))
    assert doc.format == "docx" and doc.pages is None
    assert _kinds(doc) == ["paragraph", "table", "paragraph", "table", "paragraph"]
    assert [b.location.block for b in doc.blocks] == [0, 1, 2, 3, 4]
    assert [t.location.table for t in doc.tables] == [1, 2]
    assert doc.tables[1].grid[1][0].text == "乙"
    assert doc.blocks[4].text == "结尾。"


def test_empty_paragraphs_are_dropped_and_figures_parsed(tmp_path):
    d = docx.Document()
    d.add_paragraph("")
    d.add_paragraph("预算资金 50,513.38 万元，执行率 99.96%。")
    doc = read_docx(_save(d, tmp_path))
    (p,) = doc.paragraphs
    assert [f.value for f in p.figures][:2] == [Decimal("50513.38"), Decimal("99.96")]


def test_heading_styles_give_kind_and_level(tmp_path):
    d = docx.Document()
    d.add_paragraph("基本情况", style="Heading 1")
    d.add_paragraph("（一）项目概况", style="Heading 2")
    d.add_paragraph("资金使用", style="Heading 3")
    d.styles.add_style("标题 4", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("细项说明", style="标题 4")
    outlined = d.add_paragraph("大纲级别的标题")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{W}" w:val="1"/>'))
    d.add_paragraph("二、正文里手写的编号标题")
    doc = read_docx(_save(d, tmp_path))
    got = [(p.text, p.kind, p.level) for p in doc.paragraphs]
    assert got == [
        ("基本情况", "heading", 1),
        ("（一）项目概况", "heading", 2),
        ("资金使用", "heading", 3),
        ("细项说明", "heading", 4),
        ("大纲级别的标题", "heading", 2),
        ("二、正文里手写的编号标题", "heading", 1),
    ]


def test_toc_entries_lose_leaders_and_page_numbers(tmp_path):
    d = docx.Document()
    d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("目录")
    d.add_paragraph("一、基本情况\t3", style="toc 1")
    d.add_paragraph("二、综合评价结论.......... - 5 -")
    d.add_paragraph("三、存在的问题\t7")  # plain style, but still inside the contents
    d.add_paragraph("一、基本情况", style="Heading 1")
    d.add_paragraph("说明\t8")  # after the contents a tab and a number are just text
    doc = read_docx(_save(d, tmp_path))
    got = [(p.kind, p.text) for p in doc.paragraphs]
    assert got == [
        ("heading", "目录"),
        ("toc", "一、基本情况"),
        ("toc", "二、综合评价结论"),
        ("toc", "三、存在的问题"),
        ("heading", "一、基本情况"),
        ("paragraph", "说明\t8"),
    ]


def test_automatic_list_numbers_are_rendered(tmp_path):
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, ilvl: int) -> None:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))

    numbered("基本情况", 0)
    numbered("项目概况", 1)
    numbered("资金情况", 1)
    numbered("评价结论", 0)
    numbered("结论说明", 1)
    doc = read_docx(_save(d, tmp_path))
    got = [(p.text, p.level) for p in doc.paragraphs]
    assert got == [("一、基本情况", 1), ("（一）项目概况", 2), ("（二）资金情况", 2), ("二、评价结论", 1),
                   ("（一）结论说明", 2)]


@pytest.mark.parametrize(("n", "fmt", "text"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (105, "chineseCountingThousand", "一百零五"), (3, "decimal", "3"),
    (2, "decimalEnclosedCircle", "②"), (4, "upperLetter", "D"), (9, "lowerRoman", "ix"),
    (2, "ideographTraditional", "乙"),
])
def test_list_number_formats(n, fmt, text):
    assert format_number(n, fmt) == text


# --- text that paragraph.text misses, and text that must not appear ------------------------------


def test_insertions_content_controls_and_text_boxes_are_read_deletions_are_not(tmp_path):
    d = docx.Document()
    host = d.add_paragraph("正文开头")
    host._p.append(_xml('<w:ins w:id="1" w:author="a"><w:r><w:t>新增的文字</w:t></w:r></w:ins>'))
    host._p.append(_xml('<w:del w:id="2" w:author="a"><w:r><w:delText>删除的文字</w:delText></w:r></w:del>'))
    host._p.append(_xml('<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>控件内文字</w:t></w:r></w:sdtContent></w:sdt>'))
    host._p.append(_xml('<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>'))
    box = "<w:txbxContent><w:p><w:r><w:t>文本框里的说明</w:t></w:r></w:p></w:txbxContent>"
    host._p.append(_xml(
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        f'<a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape>'
        '</w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    host._p.addprevious(_xml(
        '<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>块级控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    d.add_paragraph("末段")
    python_docx_view = [p.text for p in d.paragraphs]
    assert "正文开头新增的文字" not in python_docx_view[0]  # the reason this reader walks the XML

    doc = read_docx(_save(d, tmp_path))
    texts = [p.text for p in doc.paragraphs]
    assert texts == ["块级控件中的段落", "正文开头新增的文字控件内文字", "文本框里的说明", "末段"]
    everything = "".join(texts)
    assert "删除的文字" not in everything and "隐藏文字" not in everything


def test_cell_text_includes_insertions_and_sdt_rows(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    _fill(t, [["项目", "金额"], ["甲", ""]])
    t.cell(1, 1).paragraphs[0]._p.append(_xml('<w:ins w:id="3" w:author="a"><w:r><w:t>12.5</w:t></w:r></w:ins>'))
    cell_p = t.cell(1, 0).add_paragraph()._p
    cell_p.append(_xml('<w:del w:id="4" w:author="a"><w:r><w:delText>旧名称</w:delText></w:r></w:del>'))
    cell_p.append(_xml('<w:r><w:t>第二行</w:t></w:r>'))
    # A row wrapped in a repeating-section content control.
    t._tbl.append(_xml(
        '<w:sdt><w:sdtPr/><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc></w:tr></w:sdtContent></w:sdt>'))
    (table,) = read_docx(_save(d, tmp_path)).tables
    assert table.text_grid() == [["项目", "金额"], ["甲\n第二行", "12.5"], ["乙", "7"]]
    assert table.grid[1][1].figure.value == Decimal("12.5")


# --- tables -------------------------------------------------------------------------------------


def _income_table(d) -> None:
    t = d.add_table(rows=5, cols=3)
    _fill(t, [["账户分类", "分配来源", "金额"], ["统筹基金", "单位缴纳部分", "100.00"],
              ["", "其他收入", "20.50"], ["", "上级补助", "5.00"], ["小计", "", "125.50"]])
    t.cell(1, 0).merge(t.cell(3, 0))
    t.cell(4, 0).merge(t.cell(4, 1))


def test_vertical_merge_is_one_cell(tmp_path):
    d = docx.Document()
    _income_table(d)
    path = _save(d, tmp_path)
    # python-docx itself repeats the merged cell in every row it spans.
    assert [r.cells[0].text for r in docx.Document(str(path)).tables[0].rows][1:4] == ["统筹基金"] * 3

    (table,) = read_docx(path).tables
    group = table.grid[1][0]
    assert (group.text, group.row, group.col, group.rowspan, group.colspan) == ("统筹基金", 1, 0, 3, 1)
    assert table.grid[2][0] is group and table.grid[3][0] is group
    assert [c.text for c in table.cells()].count("统筹基金") == 1
    assert table.text_grid()[2] == ["", "其他收入", "20.50"]
    assert table.rows[2].group == "统筹基金"


def test_horizontal_merge_is_counted_once(tmp_path):
    d = docx.Document()
    _income_table(d)
    (table,) = read_docx(_save(d, tmp_path)).tables
    assert (table.n_rows, table.n_cols) == (5, 3)
    total = table.grid[4][0]
    assert (total.text, total.colspan) == ("小计", 2)
    assert table.grid[4][1] is total
    assert [c.text for c in table.row_cells(4)] == ["小计", "125.50"]


def test_subtotal_and_total_rows_get_their_kinds(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=6, cols=2)
    _fill(t, [["项目", "金额"], ["甲", "1.00"], ["乙", "2.00"], ["小计", "3.00"], ["丙", "4.00"], ["合计", "7.00"]])
    (table,) = read_docx(_save(d, tmp_path)).tables
    assert [r.kind for r in table.rows] == ["header", "data", "data", "subtotal", "data", "total"]
    assert table.rows[1].parent == 3 and table.rows[3].parent == 5
    assert [c.role for c in table.columns] == ["label", "amount"]


def test_grid_before_shifts_the_row(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    _fill(t, [["分类", "项目", "金额"], ["", "", ""]])
    row = t.rows[1]._tr
    row.remove(row.tc_lst[0])
    row.tc_lst[0].getchildren()[-1].append(_xml("<w:r><w:t>乙</w:t></w:r>"))
    row.tc_lst[1].getchildren()[-1].append(_xml("<w:r><w:t>8</w:t></w:r>"))
    row.insert(0, _xml('<w:trPr><w:gridBefore w:val="1"/></w:trPr>'))
    (table,) = read_docx(_save(d, tmp_path)).tables
    assert table.text_grid() == [["分类", "项目", "金额"], ["", "乙", "8"]]
    assert table.grid[1][1].col == 1


def test_deleted_row_is_skipped(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    _fill(t, [["项目", "金额"], ["旧行", "1"], ["甲", "2"]])
    t.rows[1]._tr.insert(0, _xml('<w:trPr><w:del w:id="9" w:author="a"/></w:trPr>'))
    (table,) = read_docx(_save(d, tmp_path)).tables
    assert table.text_grid() == [["项目", "金额"], ["甲", "2"]]


def test_nested_table_follows_its_outer_table(tmp_path):
    d = docx.Document()
    outer = d.add_table(rows=2, cols=2)
    _fill(outer, [["指标", "明细"], ["产出指标", ""]])
    host = outer.cell(1, 1)
    host.paragraphs[0].text = "明细见下"
    inner = host.add_table(rows=2, cols=2)
    _fill(inner, [["名称", "数量"], ["参保人数", "437"]])
    d.add_paragraph("表后正文。")
    doc = read_docx(_save(d, tmp_path))
    assert _kinds(doc) == ["table", "table", "paragraph"]
    outer_t, inner_t = doc.tables
    assert outer_t.grid[1][1].text == "明细见下"
    assert "参保人数" not in "".join(c.text for c in outer_t.cells())
    assert inner_t.caption == "明细见下"
    assert inner_t.text_grid() == [["名称", "数量"], ["参保人数", "437"]]
    assert inner_t.grid[1][1].figure.value == 437


def test_caption_and_unit_note_are_attached(tmp_path):
    d = docx.Document()
    d.add_paragraph("收入情况如下。")
    d.add_paragraph("表1: 职工基本医疗保险收入情况表")
    d.add_paragraph("单位：万元")
    _fill(d.add_table(rows=2, cols=2), [["项目", "金额"], ["甲", "10"]])
    d.styles.add_style("题注", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("得分汇总", style="题注")
    _fill(d.add_table(rows=2, cols=2), [["指标", "得分"], ["决策", "20"]])
    doc = read_docx(_save(d, tmp_path))
    assert _kinds(doc) == ["paragraph", "table", "table"]
    first, second = doc.tables
    assert first.caption == "表1: 职工基本医疗保险收入情况表"
    assert first.unit == "万元"
    assert second.caption == "得分汇总"


def test_extract_dispatches_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("一、基本情况")
    doc = extract(_save(d, tmp_path))
    assert doc.format == "docx" and doc.paragraphs[0].level == 1


def test_macro_enabled_document_is_read(tmp_path):
    d = docx.Document()
    d.add_paragraph("启用宏的文档")
    src = _save(d, tmp_path)
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    path = _rewrite(src, tmp_path / "m.docm", "[Content_Types].xml",
                    lambda xml: xml.replace(main.encode(), macro.encode()))
    assert [p.text for p in read_docx(path).paragraphs] == ["启用宏的文档"]


# --- bad input ----------------------------------------------------------------------------------


def _rewrite(src: Path, dst: Path, member: str, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, change(data) if item.filename == member else data)
    return dst


def _code(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_docx(path)
    assert info.value.message and "\n" not in info.value.message
    return info.value.code


def test_truncated_zip_is_corrupt(tmp_path):
    d = docx.Document()
    d.add_paragraph("内容")
    data = _save(d, tmp_path).read_bytes()
    bad = tmp_path / "cut.docx"
    bad.write_bytes(data[: len(data) // 2])
    assert _code(bad) == "corrupt-docx"


def test_zip_without_document_is_not_docx(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert _code(path) == "not-docx"


def test_encrypted_ole_and_plain_text_are_not_docx(tmp_path):
    ole = tmp_path / "locked.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le"))
    with pytest.raises(InputError) as info:
        read_docx(ole)
    assert info.value.code == "not-docx" and "加密" in info.value.message
    text = tmp_path / "text.docx"
    text.write_text("不是压缩包", encoding="utf-8")
    assert _code(text) == "not-docx"


def test_entity_bomb_is_refused(tmp_path):
    d = docx.Document()
    d.add_paragraph("PLACEHOLDER")
    src = _save(d, tmp_path)
    entities = '<!ENTITY e0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))

    def bomb(xml: bytes) -> bytes:
        head, rest = xml.split(b"?>", 1)
        return head + b"?>" + f"<!DOCTYPE w:document [{entities}]>".encode() + rest.replace(b"PLACEHOLDER", b"&e9;")

    path = _rewrite(src, tmp_path / "bomb.docx", "word/document.xml", bomb)
    assert _code(path) == "unsafe-xml"
    with pytest.raises(InputError) as info:
        extract(path)
    assert info.value.code == "unsafe-xml"


def test_small_dtd_is_refused_too(tmp_path):
    d = docx.Document()
    d.add_paragraph("PLACEHOLDER")
    src = _save(d, tmp_path)

    def dtd(xml: bytes) -> bytes:
        head, rest = xml.split(b"?>", 1)
        return head + b'?><!DOCTYPE w:document [<!ENTITY x "y">]>' + rest.replace(b"PLACEHOLDER", b"&x;")

    assert _code(_rewrite(src, tmp_path / "dtd.docx", "word/document.xml", dtd)) == "unsafe-xml"


def test_malformed_xml_is_corrupt(tmp_path):
    d = docx.Document()
    d.add_paragraph("内容")
    src = _save(d, tmp_path)
    path = _rewrite(src, tmp_path / "broken.docx", "word/document.xml", lambda xml: xml[: len(xml) // 2])
    assert _code(path) == "corrupt-docx"


def test_absurd_grid_span_is_clamped(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    _fill(t, [["项目", "金额"], ["甲", "1"]])
    t.cell(0, 0)._tc.get_or_add_tcPr().append(_xml('<w:gridSpan w:val="100000000"/>'))
    (table,) = read_docx(_save(d, tmp_path)).tables
    assert table.n_cols <= 64 and table.grid[1][0].text == "甲"


def test_zip_level_encrypted_member_is_refused_not_crashed(tmp_path):
    """Found by fuzzing: zipfile raises RuntimeError for a member whose encryption flag is set."""
    import zipfile

    import docx as python_docx

    from extractor import InputError, extract

    plain = tmp_path / "plain.docx"
    d = python_docx.Document()
    d.add_paragraph("综合得分为 88 分。")
    d.save(plain)
    # zipfile will not write the flag, so set bit 0 of the general-purpose flags in both headers
    data = bytearray(plain.read_bytes())
    with zipfile.ZipFile(plain) as zf:
        info = zf.getinfo("[Content_Types].xml")
    data[info.header_offset + 6] |= 0x1
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_len] == b"[Content_Types].xml":
            data[central + 8] |= 0x1
        central = data.find(b"PK\x01\x02", central + 4)
    flagged = tmp_path / "flagged.docx"
    flagged.write_bytes(bytes(data))
    with pytest.raises(InputError) as err:
        extract(flagged)
    assert err.value.code == "not-docx" and "加密" in err.value.message
