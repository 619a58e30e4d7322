"""Build the hostile corpus: small crafted files that are empty, broken, encrypted, disguised or malicious.

    python3 tests/hostile/make_corpus.py DIR [--big]

Nothing binary is committed: tests/test_hostile.py builds the corpus into a temporary directory, and
benchmarks/fuzz_extractors.py uses it as seeds. `--big` adds the full-size cases (1,000 pages, 10,000
rows, lines of a megabyte), which benchmarks/hostile_sizes.py measures; the default sizes are small.
Every file is deterministic: the same bytes on every run.
"""

from __future__ import annotations

import argparse
import io
import random
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

PARA = "本项目年度预算资金为100.00万元，实际支出95.00万元，预算执行率为95.00%。"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- PDF by hand --------------------------------------------------------------------------------


def pdf_bytes(objects: list[bytes], root: int = 1, xref: bool = True, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page_objects(content: bytes, resources: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 4 0 R >>",
        _stream(content),
    ]


def hello_pdf() -> bytes:
    """One page of Latin text in a standard font: the smallest readable PDF."""
    content = b"BT /F1 12 Tf 72 700 Td (Budget 100.00; spent 95.00.) Tj ET"
    return pdf_bytes([*_page_objects(content, b"<< /Font << /F1 5 0 R >> >>"),
                      b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def zero_page_pdf() -> bytes:
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def broken_xref_pdf() -> bytes:
    """A readable PDF whose xref offsets all point at the wrong bytes."""
    data = hello_pdf()
    head, tail = data.split(b"xref\n", 1)
    lines = tail.split(b"\n")
    lines = [(b"%010d 00000 n " % (int(ln[:10]) + 7) if ln.endswith(b" n ") else ln) for ln in lines]
    return head + b"xref\n" + b"\n".join(lines)


def no_xref_pdf() -> bytes:
    """Objects but no xref table and a startxref that points past the end."""
    objects = _page_objects(b"BT /F1 12 Tf 72 700 Td (Budget 100.00.) Tj ET", b"<< /Font << /F1 5 0 R >> >>")
    data = pdf_bytes([*objects, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"], xref=False)
    return data.replace(b"startxref\n", b"startxref\n99999")


def page_loop_pdf() -> bytes:
    """A page tree whose Pages node lists itself as its own kid."""
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def reference_loop_pdf(where: str) -> bytes:
    """hello_pdf with one object that is a reference to itself, where pdfminer's resolver met it: the page
    contents, the font's encoding, or a stream's length (a 1 KB file that made pdfminer loop forever)."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica%s >>"
    content = b"BT /F1 12 Tf 72 700 Td (Budget 100.00; spent 95.00.) Tj ET"
    objects = [*_page_objects(content, b"<< /Font << /F1 5 0 R >> >>"), font % b"", b"6 0 R"]
    if where == "contents":
        objects[3] = b"4 0 R"
    elif where == "encoding":
        objects[4] = font % b" /Encoding 6 0 R"
    elif where == "length":
        objects[3] = b"<< /Length 6 0 R >>\nstream\n" + content + b"\nendstream"
    else:  # a cycle of two: 6 → 7 → 6
        objects[3] = b"<< /Length 6 0 R >>\nstream\n" + content + b"\nendstream"
        objects[5:] = [b"7 0 R", b"6 0 R"]
    return pdf_bytes(objects)


def cid_pdf() -> bytes:
    """Text in a Type0 font with Identity-H encoding and no ToUnicode map: every glyph is (cid:NNN)."""
    glyphs = b"".join(b"%04X" % (0x1000 + i) for i in range(60))
    content = b"BT /F1 12 Tf 72 700 Td <" + glyphs + b"> Tj 0 -20 Td <" + glyphs + b"> Tj ET"
    return pdf_bytes([
        *_page_objects(content, b"<< /Font << /F1 5 0 R >> >>"),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe)"
        b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0"
        b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ])


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are only an image: what a scanner produces."""
    pixels = bytes((x * 7 + y * 3) % 256 for y in range(64) for x in range(48))
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    image = 3 + 2 * pages
    for i in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1"
                       b" %d 0 R >> >> /Contents %d 0 R >>" % (image, 4 + 2 * i))
        objects.append(_stream(b"q 480 0 0 640 50 100 cm /Im1 Do Q"))
    objects.append(_stream(pixels, b" /Type /XObject /Subtype /Image /Width 48 /Height 64 /ColorSpace"
                                   b" /DeviceGray /BitsPerComponent 8", compress=True))
    return pdf_bytes(objects)


def flate_bomb_pdf(megabytes: int = 64) -> bytes:
    """A content stream that inflates from a few dozen kilobytes to `megabytes` of spaces."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    objects = _page_objects(b"", b"<< >>")
    objects[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    return pdf_bytes(objects)


def flate_corrupt_pdf() -> bytes:
    """The Flate bomb with one byte changed late in its stream (found by the fuzzer): pdfminer's salvage of
    a corrupt stream was quadratic in its output and never returned."""
    data = bytearray(flate_bomb_pdf(64))
    start = data.find(b"stream\n") + 7
    end = data.find(b"\nendstream")
    pos = min(start + 61629, start + (end - start) * 95 // 100)
    data[pos] ^= 14
    return bytes(data)


def _reportlab_pdf(pages: int, encrypt: str | None = None, compress: bool = True) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), encrypt=encrypt, pageCompression=1 if compress else 0,
                      invariant=1)
    for n in range(1, pages + 1):
        c.setFont("STSong-Light", 11)
        c.drawString(72, 780, f"第{n}页 一、项目概况")
        for k in range(20):
            c.drawString(72, 750 - 18 * k, f"（{k + 1}）{PARA}"[:40])
        c.drawCentredString(297, 30, str(n))
        c.showPage()
    c.save()
    return buf.getvalue()


def text_pdf(pages: int = 2) -> bytes:
    return _reportlab_pdf(pages)


def uncompressed_pdf() -> bytes:
    return _reportlab_pdf(1, compress=False)


def encrypted_pdf() -> bytes:
    """Latin text in Helvetica: reportlab's encrypted CID font strings do not read back in pdfminer."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1,
                      encrypt=pdfencrypt.StandardEncryption("secret", canPrint=1))
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "Budget 100.00; spent 95.00; rate 95.00%.")
    c.showPage()
    c.save()
    return buf.getvalue()


# --- DOCX by hand -------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')


def document_xml(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_bytes(document: str, extra: dict[str, bytes | str] | None = None,
               content_types: str = _CONTENT_TYPES) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", _RELS),
                           ("word/document.xml", document), *(extra or {}).items()]:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def hello_docx() -> bytes:
    return docx_bytes(document_xml(para("一、项目概况") + para(PARA)))


def billion_laughs_docx() -> bytes:
    refs = [f"&e{i};" * 10 for i in range(9)]
    entities = '<!ENTITY e0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY e{i} "{ref}">' for i, ref in enumerate(refs, 1))
    return docx_bytes(document_xml(para("&e9;"), f"<!DOCTYPE w:document [{entities}]>"))


def external_entity_docx(target: str) -> bytes:
    """An external entity that would pull `target` (a file or URL) into the text."""
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{target}">]>'
    return docx_bytes(document_xml(para("泄露：&xxe;"), doctype))


def external_dtd_docx(target: str) -> bytes:
    return docx_bytes(document_xml(para(PARA), f'<!DOCTYPE w:document SYSTEM "{target}">'))


def parameter_entity_docx(target: str) -> bytes:
    doctype = f'<!DOCTYPE w:document [<!ENTITY % ext SYSTEM "{target}"> %ext;]>'
    return docx_bytes(document_xml(para(PARA), doctype))


def xinclude_docx(target: str) -> bytes:
    body = (f'<w:p><w:r><w:t><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{target}"'
            f' parse="text"/></w:t></w:r></w:p>' + para(PARA))
    return docx_bytes(document_xml(body))


def content_types_bomb_docx() -> bytes:
    refs = ["&a;" * 10] + [f"&a{i};" * 10 for i in range(1, 8)]
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY a{i} "{ref}">' for i, ref in enumerate(refs, 1))
    types = _CONTENT_TYPES.replace("<Types ", f"<!DOCTYPE Types [{entities}]><Types ", 1)
    types = types.replace('Extension="png"', 'Extension="png&a8;"')
    return docx_bytes(document_xml(para(PARA)), content_types=types)


def zip_bomb_docx() -> bytes:
    """A part that declares (and really holds) 600 MB of zeros, deflated to about 600 KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml(para(PARA)))
        with zf.open("word/media/zeros.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(600):
                fh.write(block)
    return buf.getvalue()


def big_part_docx(megabytes: int = 80) -> bytes:
    """A document.xml of `megabytes` of real paragraphs, deflated to a few hundred KB: under the package's
    total limit, so only a limit per XML part refuses it (200 MB of it took 2.4 GB and minutes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            head, tail = document_xml("|").split("|")
            fh.write(head.encode())
            chunk = (para(PARA) * 1000).encode()
            for _ in range(megabytes * 1024**2 // len(chunk) + 1):
                fh.write(chunk)
            fh.write(tail.encode())
    return buf.getvalue()


def altchunk_docx() -> bytes:
    """A body that imports an HTML part with w:altChunk: Word merges it on opening, readers see nothing."""
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="chunk.html"/></Relationships>')
    body = para("一、项目概况") + para(PARA) + (
        '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId9"/>')
    types = _CONTENT_TYPES.replace("<Override ", '<Default Extension="html" ContentType="text/html"/><Override ', 1)
    return docx_bytes(document_xml(body), {"word/_rels/document.xml.rels": rels,
                                           "word/chunk.html": f"<html><body><p>{PARA}</p></body></html>"},
                      content_types=types)


def no_document_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "这不是 Word 文档")
    return buf.getvalue()


def image_only_docx() -> bytes:
    body = "<w:p><w:r><w:drawing/></w:r></w:p>"
    return docx_bytes(document_xml(body), {"word/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64})


def deep_nesting_docx(depth: int = 5000) -> bytes:
    inner = para("深")
    body = "<w:tbl><w:tr><w:tc>" * depth + inner + "</w:tc></w:tr></w:tbl>" * depth
    return docx_bytes(document_xml(body))


def table_docx(rows: int) -> bytes:
    def row(cells: list[str]) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in cells) + "</w:tr>"

    body = [row(["项目", "预算数", "执行数"])]
    body += [row([f"子项目{i}", "1.00", "1.00"]) for i in range(1, rows + 1)]
    body.append(row(["合计", f"{rows}.00", f"{rows}.00"]))
    return docx_bytes(document_xml(para("表1 资金情况表") + "<w:tbl>" + "".join(body) + "</w:tbl>"))


def patched_zip(data: bytes, member: str, offset: int, value: bytes) -> bytes:
    """Overwrite bytes at `offset` in the central directory entry of `member`."""
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        if data[at + 46:at + 46 + len(name)] == name:
            return data[:at + offset] + value + data[at + offset + len(value):]
        at = data.find(b"PK\x01\x02", at + 4)
    raise ValueError(member)


def relationship_without_target_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [("[Content_Types].xml", _CONTENT_TYPES),
                           ("_rels/.rels", _RELS.replace(' Target="word/document.xml"', "")),
                           ("word/document.xml", document_xml(para(PARA)))]:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def ole_bytes(encrypted: bool = False) -> bytes:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    if encrypted:
        data += "EncryptionInfo".encode("utf-16-le")
    return data + b"\0" * 512


# --- XLSX by hand -------------------------------------------------------------------------------

_X_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_XLSX_RELS = _RELS.replace("word/document.xml", "xl/workbook.xml")
_WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_X_NS}" '
             f'xmlns:r="{_R_NS}"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def sheet_xml(rows: list[list[str | float]], extra: str = "", doctype: str = "") -> str:
    """A worksheet of inline strings and numbers; `extra` goes after sheetData (mergeCells, say)."""
    def cell(r: int, c: int, value: str | float) -> str:
        ref = f"{chr(65 + c)}{r}"
        if isinstance(value, str):
            return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        return f'<c r="{ref}"><v>{value}</v></c>'

    body = "".join(f'<row r="{r}">' + "".join(cell(r, c, v) for c, v in enumerate(row)) + "</row>"
                   for r, row in enumerate(rows, 1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}<worksheet xmlns="{_X_NS}">'
            f"<sheetData>{body}</sheetData>{extra}</worksheet>")


def xlsx_bytes(sheet: str, extra: dict[str, bytes | str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [("[Content_Types].xml", _XLSX_TYPES), ("_rels/.rels", _XLSX_RELS),
                           ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/worksheets/sheet1.xml", sheet), *(extra or {}).items()]:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


_SHEET_ROWS: list[list[str | float]] = [["项目", "预算数", "执行数"], ["甲", 1, 1], ["合计", 1, 1]]


def hello_xlsx() -> bytes:
    return xlsx_bytes(sheet_xml(_SHEET_ROWS))


def billion_laughs_xlsx() -> bytes:
    refs = [f"&e{i};" * 10 for i in range(9)]
    entities = '<!ENTITY e0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY e{i} "{ref}">' for i, ref in enumerate(refs, 1))
    return xlsx_bytes(sheet_xml([["&e9;", 1]], doctype=f"<!DOCTYPE worksheet [{entities}]>"))


def external_entity_xlsx(target: str) -> bytes:
    return xlsx_bytes(sheet_xml([["泄露：&xxe;", 1]], doctype=f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{target}">]>'))


def far_cells_xlsx() -> bytes:
    """A value in A1 and one in the last cell of the sheet, and a merge over the whole sheet: a reader
    that builds the grid from the sheet's dimensions needs 17 billion cells."""
    sheet = sheet_xml(_SHEET_ROWS, extra='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    far = '<row r="1048576"><c r="XFD1048576"><v>5</v></c></row>'
    return xlsx_bytes(sheet.replace("</sheetData>", far + "</sheetData>"))


def rows_xlsx(rows: int) -> bytes:
    return xlsx_bytes(sheet_xml([["项目", "预算数", "执行数"], *[[f"子项目{i}", 1, 1] for i in range(1, rows + 1)],
                                 ["合计", rows, rows]]))


def corrupt_deflate_xlsx() -> bytes:
    """A worksheet whose deflated bytes are damaged (zlib raises zlib.error, not BadZipFile)."""
    data = hello_xlsx()
    name = b"xl/worksheets/sheet1.xml"
    start = data.find(name) + len(name)  # the first copy is the local header's; no extra field follows
    return data[:start + 2] + bytes(b ^ 0xFF for b in data[start + 2:start + 10]) + data[start + 10:]


def zip_bomb_xlsx() -> bytes:
    buf = io.BytesIO(hello_xlsx())
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/zeros.bin", "w",
                                                                          force_zip64=True) as fh:
        block = b"\0" * (1 << 20)
        for _ in range(300):
            fh.write(block)
    return buf.getvalue()


# --- HTML and Markdown ---------------------------------------------------------------------------


def html_page(body: str, head: str = "") -> bytes:
    return (f"{head}<html><head><meta charset=\"utf-8\"><title>报告</title></head><body>{body}</body></html>"
            .encode())


def html_table(rows: int) -> str:
    cells = "".join(f"<tr><td>子项目{i}</td><td>1.00</td><td>1.00</td></tr>" for i in range(1, rows + 1))
    return (f"<table><caption>表1 资金情况表</caption><thead><tr><th>项目</th><th>预算数</th><th>执行数</th></tr>"
            f"</thead>{cells}<tr><td>合计</td><td>{rows}.00</td><td>{rows}.00</td></tr></table>")


def billion_laughs_html() -> bytes:
    refs = [f"&e{i};" * 10 for i in range(9)]
    entities = '<!ENTITY e0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY e{i} "{ref}">' for i, ref in enumerate(refs, 1))
    return html_page(f"<p>{PARA}&e9;</p>", head=f"<!DOCTYPE html [{entities}]>")


def external_entity_html(target: str) -> bytes:
    return html_page(f"<p>{PARA}泄露：&xxe;</p>", head=f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{target}">]>')


def huge_spans_html() -> bytes:
    """Spans far beyond any table: rowspan 65534 and colspan 100000 must be clipped, not allocated."""
    return html_page('<table><tr><td rowspan="65534" colspan="100000">项目</td><td>1.00</td></tr>'
                     '<tr><td colspan="0">合计</td><td rowspan="0">1.00</td></tr></table>' + f"<p>{PARA}</p>")


def deep_html(depth: int) -> bytes:
    return html_page("<div>" * depth + PARA + "</div>" * depth)


def mineru_markdown(rows: int) -> bytes:
    """Markdown as PDF converters write it: # headings, prose, a pipe table and an HTML table block."""
    pipe = "| 项目 | 预算数 | 执行数 |\n| --- | --- | --- |\n| 甲 | 1.00 | 1.00 |\n| 合计 | 1.00 | 1.00 |\n"
    return (f"# 一、项目概况\n\n{PARA}\n\n表1 资金情况表\n\n{pipe}\n表2 明细表\n\n"
            f"<html><body>{html_table(rows)}</body></html>\n").encode()


def pathological_markdown(size: int) -> bytes:
    """Runs that make Markdown parsers nest or backtrack: brackets, emphasis, quotes, pipes, backticks."""
    lines = ["[" * size, "*" * size + "a", "_a" * (size // 2), ">" * min(size, 5000) + " a", "|" * size,
             "`" * size + "a", "<" * size, "- " * (size // 2), "#" * size, "&#" * (size // 2), "\\" * size]
    return ("\n\n".join(lines) + "\n").encode()


# --- text ---------------------------------------------------------------------------------------


def report_text(paragraphs: int = 3) -> str:
    return "一、项目概况\n" + "\n".join(PARA for _ in range(paragraphs)) + "\n"


def table_text(rows: int) -> bytes:
    lines = ["表1 资金情况表", "项目\t预算数\t执行数"]
    lines += [f"子项目{i}\t1.00\t1.00" for i in range(1, rows + 1)]
    lines.append(f"合计\t{rows}.00\t{rows}.00")
    return ("\n".join(lines) + "\n").encode()


def long_line_text(size: int) -> bytes:
    """One line of `size` characters of prose with figures and no line break."""
    unit = "预算资金100.00万元，执行率95.5%，"
    return ("一、项目概况\n" + unit * (size // len(unit)) + "\n").encode()


def pathological_lines(size: int) -> bytes:
    """Lines built to make backtracking regexes slow: runs of dots, spaces, digits, commas, pipes."""
    lines = ["." * size + "x", "标题" + "…" * size + "页", "a" + " " * size + "a", "1," * (size // 2),
             "1" * size, "１，２" * (size // 3), "|" + "-" * size, "百分之" * (size // 3), "\t" * size + "1"]
    return ("\n".join(lines) + "\n").encode()


def junk(n: int, seed: int = 8) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


# --- the corpus ---------------------------------------------------------------------------------


SMALL = {"pages": 30, "rows": 2_000, "line": 100_000}
BIG = {"pages": 1_000, "rows": 10_000, "line": 1_000_000}


def cases(big: bool = False, **sizes: int) -> dict[str, Callable[[], bytes]]:
    """File name → builder. The name's suffix is part of the case (a PDF named .docx, say).

    `sizes` (pages, rows, line) override the small or big defaults for the size cases."""
    size = {**(BIG if big else SMALL), **sizes}
    pages, rows, line = size["pages"], size["rows"], size["line"]
    return {
        # empty and blank
        "empty.txt": lambda: b"",
        "empty.pdf": lambda: b"",
        "empty.docx": lambda: b"",
        "blank.txt": lambda: b" \n\n\t \r\n",
        # PDF structure
        "hello.pdf": hello_pdf,
        "zero-pages.pdf": zero_page_pdf,
        "truncated.pdf": lambda: text_pdf(2)[: len(text_pdf(2)) // 2],
        "header-only.pdf": lambda: b"%PDF-1.7\n",
        "broken-xref.pdf": broken_xref_pdf,
        "no-xref.pdf": no_xref_pdf,
        "page-loop.pdf": page_loop_pdf,
        "ref-loop-contents.pdf": lambda: reference_loop_pdf("contents"),
        "ref-loop-encoding.pdf": lambda: reference_loop_pdf("encoding"),
        "ref-loop-length.pdf": lambda: reference_loop_pdf("length"),
        "ref-loop-pair.pdf": lambda: reference_loop_pdf("pair"),
        "garbage.pdf": lambda: b"%PDF-1.4\n" + junk(4096),
        "html.pdf": lambda: b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
        "flate-bomb.pdf": lambda: flate_bomb_pdf(64),
        "flate-corrupt.pdf": flate_corrupt_pdf,
        "uncompressed.pdf": uncompressed_pdf,
        # PDF text layer
        "encrypted.pdf": encrypted_pdf,
        "cid.pdf": cid_pdf,
        "scanned.pdf": scanned_pdf,
        "pages.pdf": lambda: text_pdf(pages),
        # DOCX and its impostors
        "hello.docx": hello_docx,
        "pdf-named.docx": hello_pdf,
        "text-named.docx": lambda: report_text().encode(),
        "no-document.docx": no_document_zip,
        "truncated.docx": lambda: hello_docx()[: len(hello_docx()) // 2],
        "ole.doc": ole_bytes,
        "ole-named.docx": ole_bytes,
        "encrypted.docx": lambda: ole_bytes(encrypted=True),
        "archive.zip": no_document_zip,
        "sheet.xlsx": no_document_zip,
        "billion-laughs.docx": billion_laughs_docx,
        "xxe-file.docx": lambda: external_entity_docx("file:///etc/passwd"),
        "xxe-dtd.docx": lambda: external_dtd_docx("file:///etc/passwd"),
        "xxe-parameter.docx": lambda: parameter_entity_docx("file:///etc/passwd"),
        "xinclude.docx": lambda: xinclude_docx("file:///etc/passwd"),
        "types-bomb.docx": content_types_bomb_docx,
        "zip-bomb.docx": zip_bomb_docx,
        "big-part.docx": big_part_docx,
        "altchunk.docx": altchunk_docx,
        "image-only.docx": image_only_docx,
        "deep-nesting.docx": deep_nesting_docx,
        "rows.docx": lambda: table_docx(rows),
        # found by benchmarks/fuzz_extractors.py: zipfile and python-docx raised other than InputError
        "zip-method.docx": lambda: patched_zip(hello_docx(), "word/document.xml", 10, b"\x63\x00"),
        "zip-version.docx": lambda: patched_zip(hello_docx(), "word/document.xml", 6, b"\x90\x00"),
        "zip-flag5.docx": lambda: patched_zip(hello_docx(), "word/document.xml", 8, b"\x20\x00"),
        "rel-no-target.docx": relationship_without_target_docx,
        # XLSX
        "hello.xlsx": hello_xlsx,
        "billion-laughs.xlsx": billion_laughs_xlsx,
        "xxe-file.xlsx": lambda: external_entity_xlsx("file:///etc/passwd"),
        "zip-bomb.xlsx": zip_bomb_xlsx,
        "truncated.xlsx": lambda: hello_xlsx()[: len(hello_xlsx()) // 2],
        "encrypted.xlsx": lambda: ole_bytes(encrypted=True),
        "far-cells.xlsx": far_cells_xlsx,
        "rows.xlsx": lambda: rows_xlsx(rows),
        "far-value.xlsx": lambda: xlsx_bytes(sheet_xml(_SHEET_ROWS).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>5</v></c></row></sheetData>')),
        "junk.xls": lambda: ole_bytes() + junk(2048),
        # found by benchmarks/fuzz_extractors.py: a damaged deflate stream raised zlib.error
        "bad-deflate.xlsx": corrupt_deflate_xlsx,
        # HTML and Markdown
        "empty.html": lambda: b"",
        "blank.html": lambda: b"  \n\t ",
        "hello.html": lambda: html_page(f"<h1>一、项目概况</h1><p>{PARA}</p>" + html_table(3)),
        "gbk.html": lambda: ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                             f"</head><body><p>{PARA}</p></body></html>").encode("gbk"),
        "billion-laughs.html": billion_laughs_html,
        "xxe-file.html": lambda: external_entity_html("file:///etc/passwd"),
        "huge-spans.html": huge_spans_html,
        "deep.html": lambda: deep_html(5000),
        "rows.html": lambda: html_page(html_table(rows)),
        "web-page.doc": lambda: html_page(f"<p>{PARA}</p>"),  # Word's "save as web page" under a .doc name
        "mineru.md": lambda: mineru_markdown(rows),
        "pathological.md": lambda: pathological_markdown(line),
        # text encodings and junk
        "utf8.txt": lambda: report_text().encode(),
        "gbk.txt": lambda: report_text().encode("gbk"),
        "big5.txt": lambda: "一、項目概況\n總分為90.00分，預算執行率為95.00%。\n".encode("big5"),
        "mixed.txt": lambda: report_text().encode() + "二、结论\n总分为90.00分。\n".encode("gbk"),
        "utf16.txt": lambda: report_text().encode("utf-16"),
        "utf16le-no-bom.txt": lambda: report_text().encode("utf-16-le"),
        "utf16be-no-bom.txt": lambda: report_text().encode("utf-16-be"),
        "utf32.txt": lambda: report_text().encode("utf-32"),
        "utf32le-no-bom.txt": lambda: report_text().encode("utf-32-le") + b"\0" * 64,
        "one-nul.txt": lambda: report_text().encode().replace("预算".encode(), b"\0" + "预算".encode(), 1),
        "nul-padded.txt": lambda: report_text().encode("gbk") + b"\0" * 4096,
        "damaged-utf8.txt": lambda: report_text().encode().replace("预算".encode(), b"\xff\xfe", 1),
        "junk.txt": lambda: junk(8192),
        "zeros.txt": lambda: b"\0" * 4096,
        "png.txt": lambda: b"\x89PNG\r\n\x1a\n" + junk(2048),
        "rows.txt": lambda: table_text(rows),
        "long-line.txt": lambda: long_line_text(line),
        "pathological.txt": lambda: pathological_lines(line),
    }


def build(directory: str | Path, big: bool = False, only: set[str] | None = None, **sizes: int) -> dict[str, Path]:
    """Write the corpus into `directory`; returns name → path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, make in cases(big, **sizes).items():
        if only is not None and name not in only:
            continue
        path = directory / name
        path.write_bytes(make())
        out[name] = path
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="Build gouji's hostile corpus.")
    ap.add_argument("directory", type=Path)
    ap.add_argument("--big", action="store_true", help="full sizes: 1,000 pages, 10,000 rows, 1 MB lines")
    args = ap.parse_args()
    for name, path in build(args.directory, args.big).items():
        print(f"{path.stat().st_size:>10}  {name}")


if __name__ == "__main__":
    main()
