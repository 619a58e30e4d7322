#!/usr/bin/env python3
"""Render the repaired seed reports as DOCX (python-docx) and PDF (LibreOffice).

    python3 corpus/build.py            # rebuild every corpus/seeds/NNN.txt → NNN.docx → NNN.pdf
    python3 corpus/build.py 002        # only some seeds
    python3 corpus/build.py --force    # convert to PDF even when the DOCX did not change

Each text is parsed with `extractor.text.parse_text`, and the DOCX is written from that document model,
so the three formats hold the same paragraphs and the same tables: merged cells become real merges
(`cell.merge()`, i.e. w:vMerge / w:gridSpan), header rows repeat on every page (w:tblHeader), tables
have borders ("Table Grid") so a PDF reader can find them, and every style names an East Asian font.

The DOCX is deterministic: fixed core properties and fixed zip timestamps, so rebuilding an unchanged
text gives the same bytes. The PDF is only regenerated when its DOCX changed (or with --force), because
LibreOffice stamps every PDF with the time of conversion.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
sys.path.insert(0, str(ROOT))

from docx import Document as new_docx  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402

from extractor.text import parse_text  # noqa: E402
from model.document import Document, Paragraph, Table  # noqa: E402

FONT = "WenQuanYi Micro Hei"
BODY_PT = 10.5
TABLE_PT = 9
TOC_PT = 9
HEADING_PT = {1: 14, 2: 12, 3: 11, 4: 10.5}
PAGE_W, PAGE_H, MARGIN = Cm(21), Cm(29.7), Cm(2)
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
# The text reader keeps a table-of-contents entry's title only; its page number is read back from the line.
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?P<dots>[.…·．]{3,})\s*(?P<page>[-–—]?\s*[0-9０-９]+\s*[-–—]?)\s*$")


# --- fonts and styles ---------------------------------------------------------------------------


def _set_rfonts(rpr) -> None:
    """Name FONT for every script on an rPr element, dropping theme fonts that would override it."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _setup_styles(doc) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    for style in doc.styles:
        el = style.element
        if el.find(qn("w:rPr")) is not None and el.find(qn("w:rPr")).find(qn("w:rFonts")) is not None:
            _set_rfonts(el.find(qn("w:rPr")))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_rfonts(normal.element.get_or_add_rPr())
    for level, size in HEADING_PT.items():
        style = doc.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        _set_rfonts(style.element.get_or_add_rPr())


def _new_document():
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    _setup_styles(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = "gouji corpus"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    props.title = props.subject = props.keywords = props.comments = props.category = ""
    return doc


# --- blocks -------------------------------------------------------------------------------------


def _add_paragraph(doc, para: Paragraph, source_lines: list[str]) -> None:
    if para.kind == "heading":
        level = min(max(para.level or 1, 1), 4)
        doc.add_heading(para.text, level=level)
        return
    if para.kind == "toc":
        line = source_lines[para.location.line - 1] if para.location.line else ""
        m = TOC_LINE.match(line.replace("\t", " ").strip())
        dots, page = (m["dots"], m["page"].strip()) if m else ("……", "")
        p = doc.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(PAGE_W - 2 * MARGIN, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        # 9 pt keeps the longest entry and its page number on one line, as a contents page would.
        p.add_run(f"{para.text}{dots}\t{page}").font.size = Pt(TOC_PT)
        return
    doc.add_paragraph(para.text)


def _text_width_cm(text: str) -> float:
    """Printed width of one line of table text: CJK glyphs are 1 em, Latin and digits about 0.55 em."""
    em = TABLE_PT / 72 * 2.54
    return sum(em if ord(ch) > 0x2E7F else 0.55 * em for ch in text)


def _column_widths(table: Table) -> list[int]:
    """Widths in EMU: columns of figures get what their longest figure needs (figures must not wrap),
    text columns share the rest in proportion to their text, up to 14 characters' worth each."""
    padding = 0.5  # cell margins (2 × 0.19 cm) and some slack, in cm
    em = TABLE_PT / 72 * 2.54
    fixed: dict[int, float] = {}
    flexible: dict[int, float] = {}
    for c in range(table.n_cols):
        header = max((_text_width_cm(table.grid[r][c].text.strip()) for r in range(table.header_rows)), default=0)
        header = min(header, 4 * em)  # a long header may wrap
        body = [table.grid[r][c] for r in range(table.header_rows, table.n_rows)
                if table.is_origin(table.grid[r][c], r, c) and table.grid[r][c].colspan == 1]
        texts = [cell.text.strip() for cell in body if cell.text.strip()]
        figures = [cell for cell in body if cell.figure is not None and cell.figure.value is not None]
        longest = max((_text_width_cm(t) for t in texts), default=0)
        if texts and len(figures) == len(texts):
            fixed[c] = max(header, longest) + padding
        else:
            flexible[c] = max(header, 2 * em, min(longest, 14 * em)) + padding
    total_cm = (PAGE_W - 2 * MARGIN) / 360000
    rest = total_cm - sum(fixed.values())
    scale_fixed = 1.0 if rest >= 0.4 * total_cm or not flexible else 0.6 * total_cm / sum(fixed.values())
    rest = total_cm - sum(fixed.values()) * scale_fixed
    widths_cm = []
    for c in range(table.n_cols):
        if c in fixed:
            widths_cm.append(fixed[c] * scale_fixed)
        else:
            widths_cm.append(flexible[c] * rest / sum(flexible.values()))
    if not flexible:  # only figures: stretch them over the page
        widths_cm = [w * total_cm / sum(widths_cm) for w in widths_cm]
    widths = [int(w * 360000) for w in widths_cm]
    widths[-1] += int(total_cm * 360000) - sum(widths)
    return widths


def _set_row_flags(row, header: bool) -> None:
    """Rows never break across pages (w:cantSplit); header rows repeat on every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader") if header else ("w:cantSplit",):
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)


def _set_cell_text(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size = Pt(TABLE_PT)


def _add_table(doc, table: Table) -> None:
    if table.caption:
        caption = doc.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.keep_with_next = True
        run = caption.add_run(table.caption)
        run.bold = True
    out = doc.add_table(rows=table.n_rows, cols=table.n_cols)
    out.style = doc.styles["Table Grid"]
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    widths = _column_widths(table)
    for c, width in enumerate(widths):
        out.columns[c].width = width
    for row in out.rows:
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
    for r, row in enumerate(out.rows):
        _set_row_flags(row, header=r < table.header_rows)
    origins = list(table.cells())
    for cell in origins:
        _set_cell_text(out.cell(cell.row, cell.col), cell.text)
    for cell in origins:
        if cell.rowspan > 1 or cell.colspan > 1:
            last = out.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
            out.cell(cell.row, cell.col).merge(last)


def render_docx(model: Document, source: str) -> bytes:
    doc = _new_document()
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    previous = None
    for block in model.blocks:
        if isinstance(block, Table):
            if isinstance(previous, Table) and not block.caption:
                doc.add_paragraph()  # two tables in a row would otherwise fuse into one
            _add_table(doc, block)
        else:
            _add_paragraph(doc, block, lines)
        previous = block
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Same content → same bytes: fixed timestamps and attributes for every zip member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit(
        "build.py: LibreOffice (soffice) is not installed, so the PDFs cannot be made.\n"
        "  Debian/Ubuntu: apt-get install libreoffice-writer-nogui fonts-wqy-microhei\n"
        "  The committed corpus/seeds/*.pdf are still valid; tests do not need LibreOffice."
    )


def convert_to_pdf(docx_path: Path, pdf_path: Path) -> None:
    binary = soffice()
    with tempfile.TemporaryDirectory(prefix="gouji-soffice-") as tmp:
        tmp_dir = Path(tmp)
        # A private profile: a LibreOffice already running elsewhere would otherwise swallow the job.
        profile = (tmp_dir / "profile").as_uri()
        cmd = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(tmp_dir), str(docx_path)]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
        produced = tmp_dir / (docx_path.stem + ".pdf")
        if result.returncode != 0 or not produced.exists():
            sys.exit(f"build.py: soffice failed on {docx_path.name}:\n{result.stdout}\n{result.stderr}")
        shutil.copyfile(produced, pdf_path)


# --- main ---------------------------------------------------------------------------------------


def build(stem: str, force: bool = False) -> None:
    txt = SEEDS / f"{stem}.txt"
    source = txt.read_text(encoding="utf-8")
    model = parse_text(source, str(txt.relative_to(ROOT)))
    docx_path, pdf_path = SEEDS / f"{stem}.docx", SEEDS / f"{stem}.pdf"
    data = render_docx(model, source)
    changed = not docx_path.exists() or docx_path.read_bytes() != data
    if changed:
        docx_path.write_bytes(data)
    status = "written" if changed else "unchanged"
    if changed or force or not pdf_path.exists():
        convert_to_pdf(docx_path, pdf_path)
        status += ", PDF converted"
    print(f"{stem}: {len(model.tables)} tables, {len(model.paragraphs)} paragraphs; DOCX {status}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="*", help="seed numbers such as 002 (default: all)")
    parser.add_argument("--force", action="store_true", help="convert to PDF even if the DOCX is unchanged")
    args = parser.parse_args(argv)
    stems = args.seeds or sorted(p.stem for p in SEEDS.glob("[0-9][0-9][0-9].txt"))
    for stem in stems:
        build(stem, force=args.force)


if __name__ == "__main__":
    main()
