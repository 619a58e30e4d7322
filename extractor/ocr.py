"""OCR for PDF pages without a text layer (scans), with RapidOCR (`pip install -e ".[ocr]"`).

`rapidocr-onnxruntime` 1.4.4 ships its PP-OCRv4 detection and recognition models inside the wheel, so it
runs offline; later `rapidocr` releases download models at run time and are not used. Pages are
rendered with pypdfium2 (which pdfplumber already needs) at `DPI`.

Each recognised text box becomes characters at the places the recogniser gives for them (or spread
over the box in proportion to their width), in PDF points, so that the PDF reader's own line, paragraph and
table logic (tables from text alignment) reads the page as it reads a text layer. Every character
carries its box's confidence; `attach_confidence` then gives each figure, paragraph and cell read
from OCR the lowest confidence of the boxes its text came from.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from typing import Any

import regex

from model.document import Document, Paragraph, Table

DPI = 200
MAX_SIDE = 4000  # pixels: no shrinking of a page rendered at DPI before detection
SIZE_OF_BOX = 0.8  # font size ≈ this share of a detected box's height (boxes are padded around the glyphs)
INSTALL_HINT = '扫描件需要 OCR 文字识别：请安装 OCR 组件 pip install -e ".[ocr]"（rapidocr-onnxruntime，离线可用）'
_ENGINE: Any = None
_SPACE = regex.compile(r"\s+")
# The recogniser's language model writes Chinese punctuation inside figures: "26，677,402.89", "92。08%".
_WIDE_COMMA = regex.compile(r"(?<=[0-9])，(?=[0-9]{3}(?![0-9]))")
_WIDE_POINT = regex.compile(r"(?<=[0-9])。(?=[0-9])")


def clean_text(text: str) -> str:
    """A recognised line with the punctuation inside its figures put back to what print uses."""
    return _WIDE_POINT.sub(".", _WIDE_COMMA.sub(",", text))


@dataclass
class Box:
    """One recognised line of text on a page, in PDF points."""

    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float
    spans: list[tuple[float, float]] | None = None  # each character's x-range, when the recogniser gave them


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _engine() -> Any:
    global _ENGINE
    if _ENGINE is None:
        from rapidocr_onnxruntime import RapidOCR

        # The default max_side_len (2000 px) shrinks a 200-dpi A4 page, and single digits in narrow
        # table cells ("5") are then not detected at all: keep the page at full size.
        _ENGINE = RapidOCR(max_side_len=MAX_SIDE)
    return _ENGINE


def render(source: Any, page_index: int, dpi: int = DPI) -> Any:
    """Page `page_index` (0-based) of a PDF path or bytes as an RGB numpy array."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(source)
    try:
        return pdf[page_index].render(scale=dpi / 72).to_numpy()
    finally:
        pdf.close()


def recognise(image: Any, dpi: int = DPI) -> list[Box]:
    """The text boxes RapidOCR finds in a page image, converted to points, with each character's place
    (`return_word_box`): a detected box is padded and may touch the next cell's, the characters are not."""
    result, _ = _engine()(image, use_cls=False, return_word_box=True)
    scale = 72 / dpi
    boxes = []
    for quad, text, score, *words in result or []:
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        text = clean_text(text)
        if not text.strip():
            continue
        quads = words[0] if words else None
        spans = None
        if quads and len(quads) == len(text):
            spans = [(min(p[0] for p in q) * scale, max(p[0] for p in q) * scale) for q in quads]
        boxes.append(Box(text, float(score), min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale,
                         spans))
    return boxes


def box_chars(boxes: list[Box]) -> list[dict[str, Any]]:
    """pdfplumber-like characters for the boxes: what the PDF reader's text and table logic reads."""
    chars: list[dict[str, Any]] = []
    for box in boxes:
        spans = box.spans or _spread(box)
        # A Chinese glyph is one em wide: its recognised width is the font size; else the box height tells.
        widths = [x1 - x0 for ch, (x0, x1) in zip(box.text, spans, strict=True) if ord(ch) >= 0x4E00]
        size = statistics.median(widths) if box.spans and widths else (box.bottom - box.top) * SIZE_OF_BOX
        size = max(size, 1.0)
        # Characters of one box touch: the recogniser read them as one run (its spaces are characters),
        # and gaps between its rough character places must not split a figure ("96.8 7%").
        spans = [(x0, spans[i + 1][0] if i + 1 < len(spans) else x1) for i, (x0, x1) in enumerate(spans)]
        for ch, (x0, x1) in zip(box.text, spans, strict=True):
            chars.append({"text": ch, "x0": x0, "x1": x1, "top": box.top, "bottom": box.bottom,
                          "doctop": box.top, "size": size, "upright": True, "fontname": "ocr",
                          "confidence": box.confidence})
    return chars


def _spread(box: Box) -> list[tuple[float, float]]:
    """Character x-ranges over the box in proportion to their width (Chinese one em, Latin about half)."""
    weights = [0.3 if ch.isspace() else 1.0 if ord(ch) >= 0x2E80 else 0.55 for ch in box.text]
    unit = (box.x1 - box.x0) / sum(weights)
    out, x = [], box.x0
    for w in weights:
        out.append((x, x + w * unit))
        x += w * unit
    return out


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def _confidence(text: str, boxes: list[Box]) -> float | None:
    """The lowest confidence among the boxes whose text lies within `text` (what the text was made of)."""
    body = _norm(text)
    found = [b.confidence for b in boxes if _norm(b.text) and _norm(b.text) in body]
    return min(found) if found else None


def _figure_confidence(figure_text: str, boxes: list[Box], fallback: float | None) -> float | None:
    wanted = _norm(figure_text)
    found = [b.confidence for b in boxes if wanted and wanted in _norm(b.text)]
    return min(found) if found else fallback


def attach_confidence(doc: Document, boxes_by_page: dict[int, list[Box]]) -> None:
    """Give every paragraph, cell and figure on an OCR'd page the confidence it was read with."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            boxes = boxes_by_page.get(block.location.page or 0)
            if boxes is None:
                continue
            block.confidence = _confidence(block.text, boxes)
            block.figures = [replace(f, confidence=_figure_confidence(f.text, boxes, block.confidence))
                             for f in block.figures]
        elif isinstance(block, Table):
            pages = block.pages or (block.location.page or 0,)
            boxes = [b for p in pages for b in boxes_by_page.get(p, [])]
            if not any(p in boxes_by_page for p in pages):
                continue
            for cell in block.cells():
                if cell.is_blank:
                    continue
                cell.confidence = _confidence(cell.text, boxes)
                if cell.figure is not None:
                    cell.figure = replace(cell.figure, confidence=_figure_confidence(cell.figure.text, boxes,
                                                                                     cell.confidence))
                cell.figures = [replace(f, confidence=_figure_confidence(f.text, boxes, cell.confidence))
                                for f in cell.figures]
