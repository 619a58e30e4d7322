#!/usr/bin/env python3
"""Render the committed corpus in the layouts reviewers receive besides ruled PDFs (not committed).

    python3 corpus/renderings.py                        # every style, seeds and corpus/synth/data
    python3 corpus/renderings.py --styles threeline     # one style
    python3 corpus/renderings.py --styles scan --scan-limit 6   # scans of the seeds and 6 synthetic reports

Styles, written to corpus/generated/STYLE/{seeds,data,holdout}/NAME.pdf (`--sources holdout` for the
held-out reports, which the table finder was not tuned on):
- `threeline`: 三线表 — the committed DOCX with each table's borders replaced by a heavy top and bottom
  rule and a thin rule under the header rows, no vertical rules, converted by LibreOffice;
- `borderless`: the same with no table borders at all (as many WPS exports are);
- `scan`: the committed ruled PDF rasterised page by page (pypdfium2, 200 dpi, greyscale) into a PDF
  of images only, with no text layer.

`benchmarks/quality.py --formats pdf,threeline,borderless,scan` audits them beside the ruled PDFs.
LibreOffice (`libreoffice-writer-nogui`, `fonts-wqy-microhei`) is needed for the first two styles.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.build import soffice  # noqa: E402

OUT = ROOT / "corpus" / "generated"
SOURCES = {"seeds": ROOT / "corpus" / "seeds", "data": ROOT / "corpus" / "synth" / "data",
           "holdout": ROOT / "corpus" / "synth" / "holdout"}
STYLES = ("threeline", "borderless", "scan")
SCAN_DPI = 200
_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _border(tag: str, val: str, size: int = 0):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(f"w:{tag}")
    el.set(qn("w:val"), val)
    if val != "nil":
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
    return el


def _set_borders(parent, tag: str, edges: dict[str, tuple[str, int]]) -> None:
    """Replace `parent`'s w:tblBorders / w:tcBorders with explicit edges (direct formatting wins over
    the "Table Grid" style)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    old = parent.find(qn(f"w:{tag}"))
    if old is not None:
        parent.remove(old)
    borders = OxmlElement(f"w:{tag}")
    for edge in _EDGES if tag == "tblBorders" else ("top", "left", "bottom", "right"):
        val, size = edges.get(edge, ("nil", 0))
        borders.append(_border(edge, val, size))
    parent.append(borders)


def restyle_docx(data: bytes, style: str) -> bytes:
    """The DOCX with every table's rules redrawn as `style` ("threeline" or "borderless")."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(data))
    for table in doc.tables:
        tbl_pr = table._tbl.tblPr
        rules = {"top": ("single", 12), "bottom": ("single", 12)} if style == "threeline" else {}
        _set_borders(tbl_pr, "tblBorders", rules)
        header_rows = [tr for tr in table._tbl.tr_lst
                       if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None]
        for tr in table._tbl.tr_lst:
            for tc in tr.tc_lst:
                edges = {"bottom": ("single", 6)} if style == "threeline" and tr is (header_rows or [None])[-1] else {}
                if style == "threeline" and tr is table._tbl.tr_lst[0]:
                    edges["top"] = ("single", 12)
                if style == "threeline" and tr is table._tbl.tr_lst[-1]:
                    edges["bottom"] = ("single", 12)
                _set_borders(tc.get_or_add_tcPr(), "tcBorders", edges)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def convert_many(docx_paths: list[Path], out_dir: Path) -> None:
    """One LibreOffice run for many files (start-up costs more than a conversion), private profile."""
    if not docx_paths:
        return
    with tempfile.TemporaryDirectory(prefix="gouji-render-") as tmp:
        profile = (Path(tmp) / "profile").as_uri()
        cmd = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_paths)]
        subprocess.run(cmd, capture_output=True, text=True, timeout=60 + 30 * len(docx_paths), check=True)


def rasterise(pdf_path: Path, out_path: Path, dpi: int = SCAN_DPI, pages: list[int] | None = None) -> None:
    """An image-only copy of a PDF: each page rendered to greyscale pixels, no text layer left."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        numbers = pages if pages is not None else list(range(len(pdf)))
        images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in numbers]
    finally:
        pdf.close()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out_path, "PDF", save_all=True, append_images=images[1:], resolution=dpi)


def render(style: str, source: str, names: list[str] | None = None) -> list[Path]:
    src, out_dir = SOURCES[source], OUT / style / source
    out_dir.mkdir(parents=True, exist_ok=True)
    stems = names or sorted(p.stem for p in src.glob("*.pdf"))
    made = []
    if style == "scan":
        for stem in stems:
            rasterise(src / f"{stem}.pdf", out_dir / f"{stem}.pdf")
            made.append(out_dir / f"{stem}.pdf")
        return made
    with tempfile.TemporaryDirectory(prefix="gouji-docx-") as tmp:
        docx_paths = []
        for stem in stems:
            path = Path(tmp) / f"{stem}.docx"
            path.write_bytes(restyle_docx((src / f"{stem}.docx").read_bytes(), style))
            docx_paths.append(path)
        for i in range(0, len(docx_paths), 20):
            convert_many(docx_paths[i:i + 20], out_dir)
    return [out_dir / f"{stem}.pdf" for stem in stems]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--sources", default="seeds,data")
    parser.add_argument("--scan-limit", type=int, default=None,
                        help="rasterise only the first N synthetic reports of each kind (OCR is slow)")
    args = parser.parse_args(argv)
    for style in args.styles.split(","):
        for source in args.sources.split(","):
            names = None
            if style == "scan" and source == "data" and args.scan_limit is not None:
                pdfs = sorted(p.stem for p in SOURCES[source].glob("*.pdf"))
                names = [s for s in pdfs if s.startswith("clean")][:args.scan_limit // 2] + \
                        [s for s in pdfs if s.startswith("error")][:args.scan_limit - args.scan_limit // 2]
            made = render(style, source, names)
            print(f"{style}/{source}: {len(made)} PDFs in {OUT / style / source}")


if __name__ == "__main__":
    main()
