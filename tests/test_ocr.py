"""Scanned PDFs: OCR (the `ocr` extra), its confidence in the model, and what findings on OCR text say.

The first tests replace the recogniser with made-up boxes, so they run without the extra and quickly.
The seed tests rasterise corpus/seeds/NNN.pdf into an image-only PDF and really recognise it; they are
marked `ocr` (minutes of CPU for a whole report) and `.ci/run` runs them on their own. One page of 003
is recognised in the default run when the extra is installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.renderings import rasterise
from extractor import extract, ocr
from extractor.ocr import Box
from model.findings import SEVERITY_ORDER
from pipeline import audit as audit_path

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"


def _blank_scan(path: Path, pages: int = 1) -> Path:
    from PIL import Image

    images = [Image.new("L", (1240, 1754), color=255) for _ in range(pages)]
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return path


def _boxes(rows: list[list[str]], confidence: dict[str, float] | None = None, top: float = 200) -> list[Box]:
    """Made-up OCR boxes: a caption line, then one box per cell, columns at fixed x positions."""
    xs = (60, 200, 330, 440, 540)[:len(rows[0])]
    out = [Box("表1 项目支出执行情况表", 0.99, 200, top - 30, 330, top - 18)]
    for r, row in enumerate(rows):
        y = top + 16 * r
        for x, text in zip(xs, row, strict=True):
            if text:
                width = sum(10 if ord(ch) > 0x2E7F else 5.5 for ch in text)
                out.append(Box(text, (confidence or {}).get(text, 0.99), x, y, x + width, y + 12))
    out.append(Box("以上数据来源于财务决算。", 0.98, 60, top + 16 * len(rows) + 30, 180, top + 16 * len(rows) + 42))
    return out


ROWS = [["项目", "预算数", "执行数", "执行率"],
        ["设备购置", "120.00", "118.00", "98.33%"],
        ["场地改造", "80.00", "80.00", "100.00%"],
        ["合计", "210.00", "198.00", "94.29%"]]  # 120 + 80 = 200, not 210


@pytest.fixture
def fake_ocr(monkeypatch):
    calls: list[int] = []

    def install(boxes: list[Box]):
        monkeypatch.setattr(ocr, "available", lambda: True)

        def recognise(image, dpi=ocr.DPI):
            calls.append(1)
            return boxes
        monkeypatch.setattr(ocr, "recognise", recognise)
        return calls
    return install


def test_figures_get_their_print_punctuation_back():
    assert ocr.clean_text("人均补助=26，677,402.89/27156") == "人均补助=26,677,402.89/27156"
    assert ocr.clean_text("到位率92。08%。") == "到位率92.08%。"
    assert ocr.clean_text("共3，其中") == "共3，其中"  # a comma of the prose stays


def test_scan_is_refused_with_the_install_hint_without_ocr(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    doc = extract(_blank_scan(tmp_path / "scan.pdf"))
    assert doc.status == "error" and doc.error == "no-text-layer"
    assert any('pip install -e ".[ocr]"' in w for w in doc.warnings)


def test_text_layer_pages_never_go_through_ocr(fake_ocr):
    calls = fake_ocr([])
    doc = extract(SEEDS / "003.pdf")
    assert doc.status == "ok" and calls == [] and doc.ocr_pages == []


def test_scan_is_read_from_ocr_boxes_with_confidence(tmp_path, fake_ocr):
    fake_ocr(_boxes(ROWS))
    doc = extract(_blank_scan(tmp_path / "scan.pdf"))
    assert doc.status == "ok" and doc.ocr_pages == [1]
    (table,) = doc.tables
    assert table.text_grid() == ROWS
    assert table.caption == "表1 项目支出执行情况表"
    assert table.cell(3, 1).figure.confidence == pytest.approx(0.99)
    assert table.cell(3, 1).confidence == pytest.approx(0.99)
    assert any("OCR" in w for w in doc.warnings)


def test_findings_on_ocr_text_say_so(tmp_path, fake_ocr):
    fake_ocr(_boxes(ROWS))
    result = audit_path(_blank_scan(tmp_path / "scan.pdf"))
    footing = [f for f in result.findings if f.rule.startswith("GJ1") and f.severity == "error"]
    assert footing, [(f.rule, f.severity, f.stated_text) for f in result.findings]
    assert all("OCR" in f.message for f in result.findings)
    assert all(f.message_en.endswith("(text read by OCR)") for f in result.findings)


def test_low_confidence_figure_gives_at_most_a_warning(tmp_path, fake_ocr):
    fake_ocr(_boxes(ROWS, confidence={"210.00": 0.62}))
    result = audit_path(_blank_scan(tmp_path / "scan.pdf"))
    footing = [f for f in result.findings if f.rule.startswith("GJ1") and f.stated_text == "210.00"]
    assert footing and all(f.severity == "warning" for f in footing)
    assert all("0.62" in f.message and "confidence 0.62" in f.message_en for f in footing)
    assert not [f for f in result.findings if f.severity == "error"]


def test_a_lowered_finding_is_sorted_after_the_errors(tmp_path, fake_ocr):
    # 210.00 (read at 0.62) does not foot and is lowered; 190.00 (118 + 80 = 198) is read well and stays
    # an error, though its cell comes after 210.00's in the table. The 上年数 column foots, so the table's
    # reading is confirmed (a table none of whose sums holds gives no finding).
    rows = [["项目", "预算数", "执行数", "上年数", "执行率"],
            ["设备购置", "120.00", "118.00", "100.00", "98.33%"],
            ["场地改造", "80.00", "80.00", "60.00", "100.00%"],
            ["合计", "210.00", "190.00", "160.00", "94.29%"]]
    fake_ocr(_boxes(rows, confidence={"210.00": 0.62}))
    result = audit_path(_blank_scan(tmp_path / "scan.pdf"))
    severities = {f.stated_text: f.severity for f in result.findings if f.rule.startswith("GJ1")}
    assert severities["210.00"] == "warning" and severities["190.00"] == "error"
    order = [SEVERITY_ORDER[f.severity] for f in result.findings]
    assert order == sorted(order)


# --- real recognition of the seeds ---------------------------------------------------------------

needs_ocr = pytest.mark.skipif(not ocr.available(), reason='OCR extra not installed (pip install -e ".[ocr]")')


def _errors(result):
    return sorted({(f.rule, f.stated_text.replace(" ", "")) for f in result.findings if f.severity == "error"})


Q_ITEMS = [("GJ202", "99%"), ("GJ301", "99.75分"), ("GJ303", "99.75分"), ("GJ304", "24.75分"),
           ("GJ304", "25分"), ("GJ305", "24.75分")]


@needs_ocr
def test_one_scanned_page_of_003_gives_its_must_items(tmp_path):
    # Page 2 holds section 二 (the prose of Q1–Q4) and the score table (Q5).
    path = tmp_path / "003-page2.pdf"
    rasterise(SEEDS / "003.pdf", path, pages=[1])
    result = audit_path(path)
    assert result.status == "ok"
    assert _errors(result) == Q_ITEMS
    assert all("OCR" in f.message for f in result.findings)


@needs_ocr
@pytest.mark.ocr
def test_scanned_003_gives_q1_to_q5(tmp_path):
    path = tmp_path / "003.pdf"
    rasterise(SEEDS / "003.pdf", path)
    result = audit_path(path)
    assert _errors(result) == Q_ITEMS


@needs_ocr
@pytest.mark.ocr
def test_scanned_002_gives_h1_to_h4(tmp_path):
    path = tmp_path / "002.pdf"
    rasterise(SEEDS / "002.pdf", path)
    result = audit_path(path)
    errors = _errors(result)
    for item in [("GJ101", "21,043,082.56"),  # H1
                 ("GJ306", "96.88%"),  # H2
                 ("GJ403", "84.70%"),  # H3
                 ("GJ801", "1.92"), ("GJ802", "2.08分")]:  # H4
        assert item in errors, errors
    assert len(errors) == 5, errors
