"""Outputs for reviewers and drafters: the commented Word copy, the marked-up PDF, HTML and XLSX table sheets."""

from __future__ import annotations

import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt, RGBColor
from lxml import etree
from pypdf import PdfReader
from typer.testing import CliRunner

from extractor import docx as docx_reader
from extractor import extract
from model.document import Location, Paragraph
from model.findings import AuditResult, Finding
from pipeline import audit as audit_path
from writers import write
from writers.annotate_docx import _cell_map, _paragraph_map, annotate_docx, cell_elements, walk_body
from writers.annotate_pdf import annotate_pdf
from writers.notes import related_ids

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def audits() -> dict[str, AuditResult]:
    return {name: audit_path(SEEDS / name) for name in ("002.docx", "003.docx", "004.docx", "002.pdf", "003.pdf")}


# --- DOCX: finding the block's element again ------------------------------------------------------


@pytest.mark.parametrize("name", ["002.docx", "003.docx", "004.docx"])
def test_walk_maps_every_block_to_its_element(name):
    path = SEEDS / name
    doc = extract(path)
    word = docx.Document(str(path))
    walked = walk_body(word.element.body, docx_reader._related_xml(word.part, RT.STYLES),
                       docx_reader._related_xml(word.part, RT.NUMBERING))
    assert len(walked.elements) == len(doc.blocks)
    for block, el in zip(doc.blocks, walked.elements, strict=True):
        if isinstance(block, Paragraph):
            text, chars = _paragraph_map(el, walked.labels.get(el, ""))
            assert text.startswith(block.text)  # a contents entry is its title, the start of the line
            assert len(chars) == len(text)
            continue
        assert el.tag == f"{W}tbl"
        cells = cell_elements(el)
        for cell in block.cells():
            if (cell.row, cell.col) in cells:
                text, chars = _cell_map(cells[(cell.row, cell.col)], walked.labels)
                assert text == cell.text and len(chars) == len(text)
            else:
                assert cell.is_blank


# --- DOCX: the commented copy ---------------------------------------------------------------------


def _comments(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/comments.xml")).findall(f"{W}comment")


def _ranges(path: Path) -> dict[str, str]:
    """Comment id → the text between its range start and end, in document order."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    open_ids: list[str] = []
    out: dict[str, str] = {}
    for el in root.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t", f"{W}tab"):
        if el.tag == f"{W}commentRangeStart":
            open_ids.append(el.get(f"{W}id"))
            out[el.get(f"{W}id")] = ""
        elif el.tag == f"{W}commentRangeEnd":
            open_ids.remove(el.get(f"{W}id"))
        else:
            for cid in open_ids:
                out[cid] += el.text or "" if el.tag == f"{W}t" else "\t"
    return out


def _nearest_p(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != f"{W}p":
        parent = parent.getparent()
    return parent


def normalised(xml: bytes) -> tuple[list, bytes]:
    """The document without comment marks, as (per paragraph: each character with its run properties,
    the XML with every run removed). Splitting a run changes neither."""
    root = etree.fromstring(xml)
    drop = [*root.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd")]
    drop += [r for r in root.iter(f"{W}r") if r.find(f"{W}commentReference") is not None]
    for el in drop:
        el.getparent().remove(el)
    paragraphs = []
    for p in root.iter(f"{W}p"):
        chars = []
        for r in p.iter(f"{W}r"):
            if _nearest_p(r) is not p:
                continue
            rpr = r.find(f"{W}rPr")
            key = etree.tostring(rpr, method="c14n") if rpr is not None else b""
            for child in r:
                if child.tag == f"{W}rPr":
                    continue
                if child.tag == f"{W}t":
                    chars += [(ch, key) for ch in child.text or ""]
                else:
                    chars.append((etree.tostring(child, method="c14n"), key))
        paragraphs.append(chars)
    for r in list(root.iter(f"{W}r")):
        r.getparent().remove(r)
    return paragraphs, etree.tostring(root, method="c14n")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _same_xml(a: bytes, b: bytes) -> bool:
    return etree.tostring(etree.fromstring(a), method="c14n") == etree.tostring(etree.fromstring(b), method="c14n")


@pytest.mark.parametrize("name", ["002.docx", "003.docx"])
def test_docx_copy_has_one_comment_per_finding_on_the_figure(tmp_path, audits, name):
    result = audits[name]
    out = tmp_path / "checked.docx"
    placed = annotate_docx(SEEDS / name, out, result)
    assert not placed.missing
    comments = _comments(out)
    assert len(comments) == len(result.findings) >= 6
    assert {c.get(f"{W}author") for c in comments} == {"gouji"}
    assert {c.get(f"{W}initials") for c in comments} == {"GJ"}
    texts = ["".join(t.text or "" for t in c.iter(f"{W}t")) for c in comments]
    ranges = _ranges(out)
    ids = [c.get(f"{W}id") for c in comments]
    for i, f in enumerate(result.findings):
        fid = f"F{i + 1}"
        assert texts[i].startswith(f"{fid} [{f.rule} ") and f.rule in texts[i]
        if f.stated_text:
            assert f"原文：{f.stated_text}" in texts[i]
        if f.expected_value is not None:
            assert "应为：" in texts[i]
        assert "原因：" in texts[i]
        if fid in placed.on_figure:
            assert ranges[ids[i]] == f.stated_text  # the comment covers exactly the figure
    assert placed.on_figure  # most findings are anchored on their figure
    # Related findings point at each other.
    related = related_ids(result.findings)
    for fid, others in related.items():
        if others:
            assert f"另见 {'、'.join(others)}" in texts[int(fid[1:]) - 1]


@pytest.mark.parametrize("name", ["002.docx", "003.docx"])
def test_docx_copy_changes_nothing_else(tmp_path, audits, name):
    out = tmp_path / "checked.docx"
    annotate_docx(SEEDS / name, out, audits[name])
    before, after = _parts(SEEDS / name), _parts(out)
    assert normalised(after["word/document.xml"]) == normalised(before["word/document.xml"])
    assert set(before) <= set(after)
    assert set(after) - set(before) <= {"word/comments.xml"}
    for part, data in before.items():
        if part in ("word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"):
            continue
        assert data == after[part] or (part.endswith((".xml", ".rels")) and _same_xml(data, after[part])), part
    # The copy reads back as the same document and audits the same.
    again = audit_path(out)
    assert [(f.rule, f.location, f.stated_text) for f in again.findings] == \
        [(f.rule, f.location, f.stated_text) for f in audits[name].findings]


def test_docx_split_run_keeps_its_formatting(tmp_path):
    source = tmp_path / "draft.docx"
    word = docx.Document()
    para = word.add_paragraph()
    para.add_run("经评价，")
    run = para.add_run("综合评价得分为 99.75 分，等级为优。")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(14), RGBColor(0x12, 0x34, 0x56)
    word.save(str(source))
    doc = extract(source)
    text = doc.blocks[0].text
    start = text.index("99.75")
    finding = Finding(rule="GJ301", severity="error", message="综合得分写为 99.75 分，但评分表合计为 99.9。",
                      location=Location(block=0, start=start, end=start + 5), stated_text="99.75",
                      stated_value=Decimal("99.75"), expected_value=Decimal("99.9"), key="k")
    result = AuditResult(path=str(source), format="docx", findings=[finding])
    result.document = doc
    out = tmp_path / "checked.docx"
    placed = annotate_docx(source, out, result, lang="en")
    assert placed.on_figure == ["F1"]
    assert list(_ranges(out).values()) == ["99.75"]
    runs = docx.Document(str(out)).paragraphs[0].runs
    pieces = [(r.text, r.bold, r.font.size, r.font.color.rgb) for r in runs if r.text]
    assert pieces == [("经评价，", None, None, None),
                      ("综合评价得分为 ", True, Pt(14), RGBColor(0x12, 0x34, 0x56)),
                      ("99.75", True, Pt(14), RGBColor(0x12, 0x34, 0x56)),
                      (" 分，等级为优。", True, Pt(14), RGBColor(0x12, 0x34, 0x56))]
    note = "".join(t.text for t in _comments(out)[0].iter(f"{W}t"))
    assert note.startswith("F1 [GJ301 error]") and "Stated: 99.75" in note and "Expected: 99.9" in note
    before, after = _parts(source), _parts(out)
    assert normalised(after["word/document.xml"]) == normalised(before["word/document.xml"])


# --- PDF: highlights on the figures ----------------------------------------------------------------


def _highlights(path: Path) -> list[tuple[int, dict]]:
    """(page number, annotation) of every highlight, in finding order (their /Subj is "F3 GJ101")."""
    reader = PdfReader(str(path))
    out = []
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot["/Subtype"] == "/Highlight":
                out.append((number, annot))
    return sorted(out, key=lambda m: int(str(m[1]["/Subj"]).split()[0][1:]))


@pytest.mark.parametrize("name", ["002.pdf", "003.pdf"])
def test_pdf_highlights_sit_on_the_figures(tmp_path, audits, name):
    result = audits[name]
    out = tmp_path / "marked.pdf"
    placed = annotate_pdf(SEEDS / name, out, result)
    assert not placed.missing
    marks = _highlights(out)
    assert len(marks) == len(result.findings)
    with pdfplumber.open(SEEDS / name) as pdf:
        for (number, annot), (i, f) in zip(marks, enumerate(result.findings), strict=True):
            fid = f"F{i + 1}"
            contents = str(annot["/Contents"])
            assert contents.startswith(f"{fid} [{f.rule} ") and "原因：" in contents
            assert annot["/Popup"].get_object()["/Parent"].get_object() == annot
            if f.location.page is not None and f.location.table is None:
                assert number in (f.location.page, f.location.page + 1)
            if fid not in placed.on_figure:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            quads = [float(v) for v in annot["/QuadPoints"]]
            assert len(quads) % 8 == 0 and min(quads[0::2]) >= x0 - 0.01 and max(quads[1::2]) <= y1 + 0.01
            page = pdf.pages[number - 1]
            pattern = r"\s*".join(re.escape(ch) for ch in f.stated_text if not ch.isspace())
            boxes = page.search(pattern, regex=True)
            inside = [b for b in boxes if x0 - 0.5 <= b["x0"] and b["x1"] <= x1 + 0.5
                      and y0 - 0.5 <= page.height - b["bottom"] and page.height - b["top"] <= y1 + 0.5]
            assert inside, (fid, f.stated_text)
            # the highlight is the figure, not the whole line or cell
            assert (x1 - x0) <= (inside[0]["x1"] - inside[0]["x0"]) + 2


def test_pdf_highlight_is_the_right_cell(tmp_path, audits):
    """21,043,082.56 is the second of two 基本医疗保险待遇支出 rows: the highlight is on table 2, row 11."""
    result = audits["002.pdf"]
    out = tmp_path / "marked.pdf"
    annotate_pdf(SEEDS / "002.pdf", out, result)
    number, annot = _highlights(out)[0]
    assert result.findings[0].stated_text == "21,043,082.56" and number == 5
    with pdfplumber.open(SEEDS / "002.pdf") as pdf:
        page = pdf.pages[4]
        x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
        cropped = page.crop((x0 - 0.5, page.height - y1 - 0.5, x1 + 0.5, page.height - y0 + 0.5))
        assert cropped.extract_text().replace(" ", "") == "21,043,082.56"


# --- HTML ------------------------------------------------------------------------------------------


def test_html_is_self_contained_and_links_resolve(tmp_path, audits):
    out = tmp_path / "report.html"
    write([audits["002.docx"], audits["003.docx"]], "html", out)
    page = out.read_text(encoding="utf-8")
    assert "<style>" in page and "<script>" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    ids = set(re.findall(r'id="([^"]+)"', page))
    hrefs = set(re.findall(r'href="#([^"]+)"', page))
    assert hrefs and hrefs <= ids
    n = len(audits["002.docx"].findings) + len(audits["003.docx"].findings)
    assert page.count('<tr class="finding ') == n
    # the offending cell of table 2 in 002, with the expected value on hover
    cell = re.search(r'<td[^>]*id="d1-t2-r10-c2"[^>]*>', page)[0]
    assert 'class="flag error"' in cell and "应为 20,168,845.71" in cell
    assert 'href="#d1-t2-r10-c2"' in page  # the finding links to its cell
    assert "报告合计" in page and "核对比例" in page and "93.99" in page
    # what a reviewer files with the 审核意见: the file's hash, the audit time, the tool and rules versions
    from checks.version import rules_version, tool_version

    meta = re.search(r'<section class="doc" id="d1">.*?<dl class="meta" data-role="meta">(.*?)</dl>', page, re.S)[1]
    assert audits["002.docx"].sha256 in meta and audits["002.docx"].audited_at in meta
    assert f"<dd>{tool_version()}</dd>" in meta and rules_version() in meta


def test_html_without_document_still_lists_findings(tmp_path):
    f = Finding(rule="GJ101", severity="error", message="合计不符", location=Location(block=3, table=1, row=2, col=1))
    out = tmp_path / "r.html"
    write([AuditResult(path="x.docx", format="docx", findings=[f])], "html", out, lang="en")
    page = out.read_text(encoding="utf-8")
    assert 'id="d1-F1"' in page and "合计不符" in page and 'lang="en"' in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it in .ci/run)")
def test_html_in_a_browser_filters_rows(tmp_path, audits):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    out = tmp_path / "report.html"
    write([audits["002.docx"]], "html", out)
    findings = audits["002.docx"].findings
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(out.as_uri())
            rows = page.locator("tr.finding")
            assert rows.count() == len(findings)
            assert page.locator("tr.finding:visible").count() == len(findings)
            page.select_option("#gj-sev", "warning")
            warnings = sum(1 for f in findings if f.severity == "warning")
            assert page.locator("tr.finding:visible").count() == warnings
            assert page.locator("#gj-count").text_content() == str(warnings)
            page.select_option("#gj-sev", "")
            page.select_option("#gj-rule", "GJ101")
            assert page.locator("tr.finding:visible").count() == sum(1 for f in findings if f.rule == "GJ101")
            page.select_option("#gj-rule", "")
            cell = page.locator("#d1-t2-r10-c2")
            assert cell.is_visible() and "20,168,845.71" in cell.get_attribute("title")
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            assert not errors
        finally:
            browser.close()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it in .ci/run)")
def test_html_prints_without_controls_full_width_one_document_per_page(tmp_path, audits):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    out = tmp_path / "report.html"
    write([audits["002.docx"], audits["003.docx"]], "html", out)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(out.as_uri())
            page.select_option("#gj-sev", "warning")  # a filter left set on screen does not shorten the print
            assert page.locator(".filters").is_visible()
            page.emulate_media(media="print")
            assert not page.locator(".filters").is_visible() and not page.locator("select").first.is_visible()
            assert page.locator("tr.finding:visible").count() == len(audits["002.docx"].findings) + len(
                audits["003.docx"].findings)
            widths = page.evaluate("""() => [...document.querySelectorAll('table.findings')].map(
                t => [t.getBoundingClientRect().width, t.closest('section').getBoundingClientRect().width])""")
            assert widths and all(abs(table - section) < 2 for table, section in widths)
            breaks = page.evaluate("""() => [...document.querySelectorAll('section.doc')].map(
                s => getComputedStyle(s).breakBefore)""")
            assert breaks == ["auto", "page"]
            meta = page.locator("#d1 dl.meta").inner_text()
            assert audits["002.docx"].sha256 in meta and "规则版本" in meta and "审核时间" in meta
            pdf = tmp_path / "report.pdf"
            page.pdf(path=str(pdf))
            assert len(PdfReader(str(pdf)).pages) >= 2
        finally:
            browser.close()


# --- XLSX table sheets -------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_table_with_findings(tmp_path, audits):
    out = tmp_path / "audit.xlsx"
    write([audits["002.docx"], audits["003.docx"]], "xlsx", out)
    wb = openpyxl.load_workbook(out)
    tables = sorted({f.location.table for f in audits["002.docx"].findings if f.location.table})
    assert wb.sheetnames[:2] == ["发现", "文档"]
    assert [f"表{t}" for t in tables] == [s for s in wb.sheetnames if s.startswith("表")]
    assert "2-表2" in wb.sheetnames  # the second document's tables are prefixed
    ws = wb["表2"]
    flagged = ws.cell(11, 3)
    assert flagged.value == "21,043,082.56" and flagged.fill.fgColor.rgb[-6:] == "F8CBAD"
    assert "20,168,845.71" in flagged.comment.text
    assert ws.cell(12, 3).comment is None and ws.cell(12, 3).fill.fgColor.rgb[-6:] != "F8CBAD"
    assert any(str(r).startswith("A") for r in ws.merged_cells.ranges)


# --- the command line --------------------------------------------------------------------------------


def test_cli_annotate_and_html(tmp_path):
    from cli import app

    runner = CliRunner()
    out, report = tmp_path / "draft.checked.docx", tmp_path / "r.html"
    res = runner.invoke(app, ["audit", str(SEEDS / "003.docx"), "--annotate", str(out), "-f", "html", "-o",
                              str(report)])
    assert res.exit_code == 1, res.output
    assert len(_comments(out)) == 6 and report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    res = runner.invoke(app, ["audit", str(SEEDS / "003.pdf"), "--annotate", str(tmp_path / "m.pdf")])
    assert res.exit_code == 1 and len(_highlights(tmp_path / "m.pdf")) == 6
    res = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--annotate", str(tmp_path / "x.docx")])
    assert res.exit_code == 2 and not (tmp_path / "x.docx").exists()


def test_annotating_an_annotated_copy_replaces_its_marks(tmp_path):
    """Issue 15: the comments of an earlier run were doubled; other people's comments stay."""
    from cli import app

    runner = CliRunner()
    first, second = tmp_path / "once.docx", tmp_path / "twice.docx"
    assert runner.invoke(app, ["audit", str(SEEDS / "003.docx"), "--annotate", str(first)]).exit_code == 1
    reviewed = docx.Document(str(first))
    reviewed.add_comment(reviewed.paragraphs[0].runs, text="审核人的意见", author="张三", initials="ZS")
    reviewed.save(str(first))
    assert runner.invoke(app, ["audit", str(first), "--annotate", str(second)]).exit_code == 1
    authors = [c.get(f"{W}author") for c in _comments(second)]
    assert authors.count("gouji") == 6 and authors.count("张三") == 1
    body = zipfile.ZipFile(second).read("word/document.xml").decode()
    assert body.count("commentReference") == body.count("commentRangeStart") == 7
    pdf_once, pdf_twice = tmp_path / "once.pdf", tmp_path / "twice.pdf"
    runner.invoke(app, ["audit", str(SEEDS / "003.pdf"), "--annotate", str(pdf_once)])
    runner.invoke(app, ["audit", str(pdf_once), "--annotate", str(pdf_twice)])
    assert len(_highlights(pdf_twice)) == len(_highlights(pdf_once)) == 6
    total = sum(len(p.get("/Annots") or []) for p in PdfReader(str(pdf_twice)).pages)
    assert total == sum(len(p.get("/Annots") or []) for p in PdfReader(str(pdf_once)).pages)
