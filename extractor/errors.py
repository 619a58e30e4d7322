"""Input problems are reported as one line and a reason code, never as a traceback.

Every reason code a document can end with is listed in `CODES`, with what it means in Chinese (first)
and English. The codes are stable: `gouji audit` prints them in brackets and exits 2, JSON and scan
tables store them in `error_code`. Add a code here before raising it (tests/test_hostile.py checks).

| code | raised by | meaning |
| --- | --- | --- |
| not-found | any | 找不到文件 |
| is-directory | any | 是文件夹，不是文件 |
| not-a-file | any | 命名管道（FIFO）、设备或套接字，不是普通文件 |
| unreadable | any | 无法读取（权限或磁盘错误） |
| empty | any | 文件为空，或没有任何文字 |
| unsupported | any | 不支持的文件类型（如 .pptx，或压缩包：请用 gouji scan） |
| too-large | HTML, Markdown, XLSX | 文件或表格超出可读取的规模（拒绝读取，而不是读到内存耗尽） |
| binary | text | 不是可识别的文本编码（二进制文件） |
| ole-doc | any | 旧版 Word（.doc）、WPS 或其他 OLE 文件，且未安装 LibreOffice：请另存为 .docx 或 PDF |
| conversion-failed | .doc .wps .et .dps | LibreOffice 转换失败或超时 |
| not-docx | DOCX | 扩展名为 .docx 但不是 Word 文档（纯文本、其他压缩包、旧版 .doc、加密文档） |
| corrupt-docx | DOCX | Word 文档已损坏或不完整 |
| unsafe-xml | DOCX, XLSX | 含 DTD 或实体扩展（XML 炸弹、外部实体），拒绝读取 |
| unsafe-zip | DOCX, XLSX | 解压后体积异常（压缩炸弹），拒绝读取 |
| not-xlsx | XLSX | 扩展名为 .xlsx/.xls 但不是 Excel 工作簿，或已加密 |
| corrupt-xlsx | XLSX | Excel 工作簿已损坏或不完整 |
| encrypted | PDF | PDF 已加密：缺少密码、密码错误或加密方式无法解开 |
| corrupt-pdf | PDF | PDF 已损坏或不完整，没有一页能读出 |
| no-pages | PDF | PDF 没有任何页面 |
| no-text-layer | PDF | 没有文字层（扫描件），需要 OCR（文档级，Document.error） |
| undecodable-glyphs | PDF | 大部分字形无法解码为文字 (cid:NNN)，需要 OCR（文档级，Document.error） |
| internal-error | CLI | gouji 自身的错误（程序缺陷），其余文件照常审核 |
| timeout, out-of-memory | audit, scan | 处理超时、超出内存上限（`--timeout`、`--memory-limit`） |
| no-figures, nothing-checkable | writers | 读出了文档，但没有数字或没有可核对的数字（状态 unchecked，不是错误） |
| zip-corrupt, zip-bomb, zip-traversal, zip-encrypted, zip-depth | scan | 压缩包成员无法或不应读取 |
| crashed | scan | 处理进程崩溃 |
| link-outside, link-to-folder | scan | 链接指向扫描文件夹之外（拒绝），或指向文件夹（跳过） |
| interrupted | scan | 扫描被中断，尚未处理（状态 pending） |
"""

from __future__ import annotations

import re

# code → (Chinese meaning, English meaning). The table above, as data.
CODES: dict[str, tuple[str, str]] = {
    "not-found": ("找不到文件", "file not found"),
    "is-directory": ("是文件夹，不是文件", "a directory, not a file"),
    "not-a-file": ("命名管道（FIFO）、设备或套接字，不是普通文件", "a named pipe, device or socket, not a file"),
    "unreadable": ("无法读取文件（权限或磁盘错误）", "cannot be read (permissions or I/O error)"),
    "empty": ("文件为空，或没有任何文字", "empty, or no text at all"),
    "unsupported": ("不支持的文件类型", "unsupported file type"),
    "too-large": ("文件或表格超出可读取的规模，已拒绝读取", "file or table too large to read: refused"),
    "binary": ("不是可识别的文本编码（可能是二进制文件）", "not text in a known encoding (binary)"),
    "ole-doc": ("旧版 Word（.doc）、WPS 或其他 OLE 文件，请另存为 .docx 或 PDF（或安装 LibreOffice）",
                "legacy .doc / WPS / OLE file and no LibreOffice: convert it"),
    "conversion-failed": ("LibreOffice 转换失败或超时", "LibreOffice conversion failed or timed out"),
    "not-docx": ("扩展名为 .docx，但不是 Word 文档", "named .docx but not a Word document"),
    "corrupt-docx": ("Word 文档已损坏或不完整", "damaged or truncated DOCX"),
    "unsafe-xml": ("Office 文档含有 DTD 或实体扩展，已拒绝读取", "DTD or entity expansion in DOCX/XLSX XML: refused"),
    "unsafe-zip": ("Office 文档解压后体积异常（疑似压缩炸弹）", "DOCX/XLSX unpacks to an absurd size: refused"),
    "not-xlsx": ("扩展名为 .xlsx/.xls，但不是 Excel 工作簿（或已加密）", "not a readable workbook"),
    "corrupt-xlsx": ("Excel 工作簿已损坏或不完整", "damaged or truncated workbook"),
    "encrypted": ("PDF 已加密（缺少密码或密码错误）", "encrypted PDF (no or wrong password)"),
    "corrupt-pdf": ("PDF 文件已损坏或不完整", "damaged or truncated PDF"),
    "no-pages": ("PDF 文件没有任何页面", "PDF without pages"),
    "no-text-layer": ("PDF 没有文字层（扫描件），需要 OCR", "no text layer (scanned): needs OCR"),
    "undecodable-glyphs": ("PDF 大部分字形无法解码 (cid:NNN)，需要 OCR", "most glyphs undecodable (cid:NNN)"),
    "internal-error": ("gouji 内部错误（程序缺陷），请报告", "internal error in gouji (a bug)"),
    # Raised by `gouji scan` (scan/) for archive members and for workers, listed here so there is one table.
    "zip-corrupt": ("压缩包或其成员已损坏", "damaged archive or member"),
    "zip-bomb": ("压缩包解压后体积过大或文件过多（疑似压缩炸弹）", "archive too large when unpacked (zip bomb)"),
    "zip-traversal": ("压缩包成员路径越出压缩包（路径穿越）", "member path escapes the archive"),
    "zip-encrypted": ("压缩包成员已加密", "encrypted archive member"),
    "zip-depth": ("压缩包嵌套层数过多", "archives nested too deep"),
    "no-figures": ("文档中没有找到数字，没有可核对的内容", "no figures: nothing to check"),
    "nothing-checkable": ("有数字，但没有一个能用文档自身的算术核对", "figures, but none checkable"),
    "link-outside": ("链接指向扫描文件夹之外，已拒绝读取", "link leading out of the scanned folder: refused"),
    "link-to-folder": ("指向文件夹的链接，不跟随", "link to a folder: not followed"),
    "interrupted": ("扫描被中断，尚未处理", "scan interrupted before this file"),
    "timeout": ("处理超时，已终止", "timed out"),
    "out-of-memory": ("处理时内存超出上限，已终止", "memory limit exceeded"),
    "crashed": ("处理进程意外退出", "worker crashed"),
}


class InputError(Exception):
    """A file gouji cannot read. `code` is stable (for tables and exit codes); `message` is Chinese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = one_line(message)

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


def one_line(message: str) -> str:
    """A message fit for one line of a terminal or a table cell: control characters (a newline in a
    file name, an escape sequence) are shown as spaces, and undecodable file-name bytes as `printable`."""
    return "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in printable(message))


def printable(text: str) -> str:
    """`text` with its surrogate escapes decoded. A file name whose bytes are not valid in the file system's
    encoding (GBK bytes, as unzip leaves a Windows archive on Linux) reaches Python as lone surrogates,
    which no UTF-8 output can hold and which crashed the writers: each run of them is decoded as GB18030
    when its bytes are that, else shown as \\xNN."""
    return _ESCAPED.sub(_decoded, text) if _ESCAPED.search(text) else text


def _decoded(match: re.Match) -> str:
    raw = match.group().encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("ascii", "backslashreplace")


_ESCAPED = re.compile("[\udc80-\udcff]+")
