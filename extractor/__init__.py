"""Stage 1: any supported file → one `Document` of blocks with provenance.

`extract(path)` picks the reader by content (magic bytes) first and by suffix second, so a renamed
file is read for what it is. Readers for DOCX and PDF import their libraries lazily.
`extract(data, name=...)` reads a file's bytes held in memory (a zip member, say) the same way: `name`
stands in for the path, in the document and in messages, and nothing is written to disk.
"""

from __future__ import annotations

import io
import stat
from dataclasses import replace
from pathlib import Path

from extractor.errors import InputError
from extractor.model import Document, Paragraph, Table

__all__ = ["Document", "InputError", "Paragraph", "Table", "extract", "sniff"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".csv", ".tsv"}
# The documents `gouji scan` picks up from folders and archives, in one list: a new reader adds its
# suffixes here and nothing else changes. Every other file a scan meets gets a row "skipped" that says so.
# (.doc is read to say that it must be converted first.)
REPORT_SUFFIXES = {".pdf", ".docx", ".docm", ".doc", ".txt", ".md", ".markdown", ".text"}


def sniff(path: Path) -> str:
    """The format of a file, judged by its first bytes: "pdf", "docx", "ole", "zip" or "text"."""
    check_regular(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise InputError("not-found", f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise InputError("is-directory", f"这是一个文件夹，不是文件：{path}") from None
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件：{path}（{exc.strerror}）") from None
    return _kind(head, path.suffix, lambda: _is_docx_zip(path))


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


def _kind(head: bytes, suffix: str, is_docx_zip) -> str:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if suffix.lower() in (".docx", ".docm", "") or is_docx_zip() else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "text"


def _is_docx_zip(path: Path | io.BytesIO) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def extract(path: str | Path | bytes, password: str | None = None, name: str | None = None) -> Document:
    """Read a report. Raises `InputError` with a Chinese one-line message for anything unreadable.

    `path` may also be the file's bytes; then `name` (a path or a zip member's name) labels it.
    """
    if isinstance(path, (bytes, bytearray, memoryview)):
        return _extract_bytes(bytes(path), Path(name or "<内存>"), password)
    path = Path(path)
    kind = sniff(path)
    if path.stat().st_size == 0:
        raise InputError("empty", f"文件为空：{path}")
    if kind == "pdf":
        from extractor.pdf import read_pdf

        doc = read_pdf(path, password=password)
    elif kind == "docx":
        from extractor.docx import read_docx

        doc = read_docx(path)
    elif kind == "ole" and path.suffix.lower() in (".docx", ".docm"):
        from extractor.docx import read_docx  # an encrypted .docx is an OLE container: say so

        doc = read_docx(path)
    elif kind == "ole":
        raise InputError("ole-doc", "这是旧版 Word（.doc）或其他 OLE 文件，请先另存为 .docx 或 PDF 再检查")
    elif kind == "zip":
        raise _zip_refusal(path)
    elif _named_docx(path):
        from extractor.docx import read_docx  # it says what the file is instead

        doc = read_docx(path)
    else:
        from extractor.text import read_text

        doc = read_text(path)
    return number_tables(doc)


def _extract_bytes(data: bytes, path: Path, password: str | None) -> Document:
    """The bytes-in-memory twin of the path branch above: the same checks and the same readers."""
    if not data:
        raise InputError("empty", f"文件为空：{path}")
    kind = _kind(data[:8], path.suffix, lambda: _is_docx_zip(io.BytesIO(data)))
    if kind == "pdf":
        from extractor.pdf import read_pdf

        doc = read_pdf(io.BytesIO(data), password=password, name=str(path))
    elif kind == "docx" or (kind == "ole" and path.suffix.lower() in (".docx", ".docm")):
        from extractor.docx import read_docx

        doc = read_docx(io.BytesIO(data), name=str(path))
    elif kind == "ole":
        raise InputError("ole-doc", "这是旧版 Word（.doc）或其他 OLE 文件，请先另存为 .docx 或 PDF 再检查")
    elif kind == "zip":
        raise _zip_refusal(path)
    elif _named_docx(path):
        from extractor.docx import read_docx

        doc = read_docx(io.BytesIO(data), name=str(path))
    else:
        from extractor.text import decode, parse_text

        notes: list[str] = []
        doc = parse_text(decode(data, notes), str(path))
        doc.warnings += notes
    return number_tables(doc)


def _zip_refusal(path: Path) -> InputError:
    if path.suffix.lower() in (".zip", ""):
        return InputError("unsupported", f"压缩包不能直接审核，请用 gouji scan：{path.name}")
    return InputError("unsupported", f"不支持的文件类型：{path.suffix}（支持 .pdf .docx .txt .md）")


def _named_docx(path: Path) -> bool:
    """Whether a file that is not PDF, DOCX, OLE or zip inside goes to the DOCX reader (which says what it
    is) because of its name. Raises for names that promise a format the content does not have."""
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm"):
        return True
    if suffix == ".pdf":
        raise InputError("corrupt-pdf", f"文件扩展名为 .pdf，但内容不是 PDF（文件头不是 %PDF）：{path.name}")
    if suffix not in TEXT_SUFFIXES and suffix:
        raise InputError("unsupported", f"不支持的文件类型：{suffix}（支持 .pdf .docx .txt .md）")
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
