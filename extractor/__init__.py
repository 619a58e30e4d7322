"""Stage 1: any supported file → one `Document` of blocks with provenance.

`extract(path)` picks the reader by content (magic bytes, zip members, an HTML start) first and by
suffix second, so a renamed file is read for what it is. `extract(data, name=...)` reads a file's bytes
held in memory (a zip member, say) through the same dispatch: `name` stands in for the path, in the
document and in messages, and nothing is written to disk (except for a LibreOffice conversion, which
works in a private temporary folder). Readers import their libraries lazily.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from extractor.errors import InputError
from model.document import Document, Paragraph, Table

__all__ = ["Document", "InputError", "Paragraph", "Table", "extract", "sniff"]

TEXT_SUFFIXES = {".txt", ".text", ".csv", ".tsv"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCX_SUFFIXES = {".docx", ".docm"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
# Legacy OLE (and RTF) files LibreOffice turns into a format gouji reads: suffix → the target format.
CONVERTED = {".doc": "docx", ".wps": "docx", ".rtf": "docx", ".et": "xlsx", ".xls": "xlsx", ".dps": "pdf",
             ".ppt": "pdf"}
SUPPORTED = ".pdf .docx .xlsx .xls .html .md .txt（以及装有 LibreOffice 时的 .doc .wps .et .dps）"
_PROMISED = {".pdf", *DOCX_SUFFIXES, *XLSX_SUFFIXES}
# The documents `gouji scan` picks up from folders and archives: every suffix the dispatch below reads, so a
# new reader adds its suffixes above and nothing else changes. Every other file a scan meets gets a row
# "skipped" that says so. CSV/TSV are read when named, but in a folder they are data, not reports.
REPORT_SUFFIXES = {".pdf", *(TEXT_SUFFIXES - {".csv", ".tsv"}), *MARKDOWN_SUFFIXES, *HTML_SUFFIXES, *DOCX_SUFFIXES,
                   *XLSX_SUFFIXES, *CONVERTED}
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml")


@dataclass(frozen=True)
class Source:
    """A file to read: on disk (`path`) or in memory (`data`), labelled by `name` either way."""

    name: Path
    path: Path | None = None
    data: bytes | None = None

    def head(self, n: int = 1024) -> bytes:
        if self.data is not None:
            return self.data[:n]
        with self.path.open("rb") as fh:
            return fh.read(n)

    def read(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()

    def binary(self) -> Path | BinaryIO:
        """What the PDF, DOCX and XLSX readers take: the path, or a stream over the bytes."""
        return self.path if self.data is None else io.BytesIO(self.data)

    @property
    def suffix(self) -> str:
        return self.name.suffix.lower()


def _source(path: str | Path) -> Source:
    path = Path(path)
    check_regular(path)
    try:
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise InputError("not-found", f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise InputError("is-directory", f"这是一个文件夹，不是文件：{path}") from None
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件：{path}（{exc.strerror}）") from None
    return Source(name=path, path=path)


def check_regular(path: Path) -> None:
    """Refuse what is not a file or a folder before opening it: opening a named pipe (FIFO) with no
    writer waits forever, and a device or socket is no report."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError("not-found", f"找不到文件：{path}") from None
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件：{path}（{exc.strerror}）") from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError("not-a-file", f"这不是普通文件（命名管道、设备或套接字），不读取：{path}")


def sniff(path: Path) -> str:
    """The format of a file judged by its content first: "pdf", "docx", "xlsx", "zip", "ole", "rtf",
    "html", "markdown" or "text"."""
    return _kind(_source(path))


def _kind(src: Source) -> str:
    head = src.head()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(src)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    # An HTML page under a .pdf, .docx or .xlsx name is a failed download: the reader for the name says so.
    if src.suffix in HTML_SUFFIXES or (_looks_html(head) and src.suffix not in _PROMISED):
        return "html"
    return "markdown" if src.suffix in MARKDOWN_SUFFIXES else "text"


def _zip_kind(src: Source) -> str:
    try:
        with zipfile.ZipFile(src.binary()) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        names = set()
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    # A damaged or impostor zip named .docx/.xlsx goes to that reader, which says what is wrong with it.
    if src.suffix in DOCX_SUFFIXES or src.suffix == "":
        return "docx"
    return "xlsx" if src.suffix in XLSX_SUFFIXES else "zip"


def _looks_html(head: bytes) -> bool:
    """A whole HTML page (as Word's "save as web page" writes, even under a .doc or .txt name)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml"):
        return b"<html" in start
    return start.startswith(_HTML_STARTS)


def extract(path: str | Path | bytes, password: str | None = None, name: str | None = None) -> Document:
    """Read a report. Raises `InputError` with a Chinese one-line message for anything unreadable.

    `path` may also be the file's bytes; then `name` (a path or a zip member's name) labels it."""
    if isinstance(path, (bytes, bytearray, memoryview)):
        src = Source(name=Path(name or "<内存>"), data=bytes(path))
        empty = not src.data
    else:
        src = _source(path)
        empty = src.path.stat().st_size == 0
    if empty:
        raise InputError("empty", f"文件为空：{src.name}")
    return number_tables(read(src, _kind(src), password))


def read(src: Source, kind: str, password: str | None = None) -> Document:
    """The one dispatch: a source of a known kind → its reader's Document."""
    name = str(src.name)
    if kind == "pdf":
        from extractor.pdf import read_pdf

        return read_pdf(src.binary(), password=password, name=name)
    if kind == "docx":
        from extractor.docx import read_docx

        return read_docx(src.binary(), name=name)
    if kind == "xlsx":
        from extractor.xlsx import read_xlsx

        return read_xlsx(src.binary(), name=name)
    if kind == "ole":
        return _read_ole(src)
    if kind == "rtf":
        return _converted(src, "docx")
    if kind == "zip":
        raise _zip_refusal(src.name)
    if kind == "html":
        from extractor.html import read_html

        return read_html(src.read(), name=name)
    if kind == "markdown":
        from extractor.html import read_markdown

        return read_markdown(src.read(), name=name)
    if _named_docx(src.name):
        from extractor.docx import read_docx  # it says what the file is instead

        return read_docx(src.binary(), name=name)
    from extractor.text import decode, parse_text

    notes: list[str] = []
    doc = parse_text(decode(src.read(), notes), name)
    doc.warnings += notes
    return doc


def _read_ole(src: Source) -> Document:
    """Legacy Office files: an encrypted .docx or .xlsx is OLE too (its reader says so); .xls is read by xlrd;
    the rest is converted by LibreOffice when it is installed."""
    if src.suffix in DOCX_SUFFIXES:
        from extractor.docx import read_docx

        return read_docx(src.binary(), name=str(src.name))
    if src.suffix in XLSX_SUFFIXES:
        from extractor.xlsx import read_xlsx

        return read_xlsx(src.binary(), name=str(src.name))
    target = CONVERTED.get(src.suffix) or _ole_target(src.head(1 << 20))
    if target == "xlsx":
        from extractor.xlsx import XlsUnreadable, read_xls

        try:
            doc = read_xls(src.read(), name=str(src.name))
            doc.format = src.suffix.lstrip(".") or doc.format  # "et" for WPS's spreadsheets
            return doc
        except XlsUnreadable:  # .et and .xls variants xlrd does not know: LibreOffice may
            pass
    return _converted(src, target or "docx")


def _ole_target(head: bytes) -> str | None:
    """What an OLE file holds, from the stream names in its directory (UTF-16 in the first sectors)."""
    for stream, target in (("WordDocument", "docx"), ("Workbook", "xlsx"), ("Book", "xlsx"),
                           ("PowerPoint Document", "pdf")):
        if stream.encode("utf-16-le") in head:
            return target
    return None


def _converted(src: Source, target: str) -> Document:
    from extractor.convert import convert

    data = convert(src, target)
    doc = read(Source(name=src.name, data=data), target)
    doc.format = src.suffix.lstrip(".") or doc.format
    doc.warnings.insert(0, f"已用 LibreOffice 将 {src.suffix or '文件'} 转换为 .{target} 后读取，"
                           "版式和编号可能与原文件略有不同")
    return doc


def _zip_refusal(path: Path) -> InputError:
    if path.suffix.lower() in (".zip", ""):
        return InputError("unsupported", f"压缩包不能直接审核，请用 gouji scan：{path.name}")
    return InputError("unsupported", f"不支持的文件类型：{path.suffix}（支持 {SUPPORTED}）")


def _named_docx(path: Path) -> bool:
    """Whether a text file goes to the DOCX reader (which says what it is) because of its name. Raises for
    names that promise a format the content does not have."""
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return True
    if suffix == ".pdf":
        raise InputError("corrupt-pdf", f"文件扩展名为 .pdf，但内容不是 PDF（文件头不是 %PDF）：{path.name}")
    if suffix in XLSX_SUFFIXES or suffix in CONVERTED:
        raise InputError("unsupported", f"文件扩展名为 {suffix}，但内容不是该格式（是纯文本或其他文件）：{path.name}")
    if suffix not in TEXT_SUFFIXES and suffix:
        raise InputError("unsupported", f"不支持的文件类型：{suffix}（支持 {SUPPORTED}）")
    return False


def number_tables(doc: Document) -> Document:
    """Give every table its 1-based ordinal and every block its index, as the final provenance."""
    ordinal = 0
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            ordinal += 1
            block.location = replace(block.location, block=i, table=ordinal)
        else:
            block.location = replace(block.location, block=i)
    return doc
