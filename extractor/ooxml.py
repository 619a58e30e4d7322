"""Checks on an Office Open XML package (a zip of XML parts) before any parser sees it.

Refused: encrypted packages (Office wraps them in an OLE container), zip members with the encryption
flag, packages that would unpack to an absurd size (zip bombs), and any XML part with a DTD (Office never
writes one; in a package it can only be there to expand or fetch entities).
"""

from __future__ import annotations

import zipfile
import zlib
from contextlib import nullcontext
from pathlib import Path
from typing import BinaryIO

from extractor.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_OLE_SCAN = 64 * 1024 * 1024
_DTD_SIGNS = tuple(sign.encode(enc) for sign in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le",
                                                                                       "utf-16-be"))
_CHUNK = 1 << 20


def binary(path: Path, stream: BinaryIO | None):
    """The file to read: the stream, rewound and left open, or the path opened anew."""
    if stream is None:
        return path.open("rb")
    stream.seek(0)
    return nullcontext(stream)


def check_package(path: Path, stream: BinaryIO | None, required: str, label: str, codes: tuple[str, str],
                  max_unpacked: int, scan_dtd: bool = False) -> None:
    """Raise `InputError` unless this is a plain, unencrypted package holding `required`.

    `label` names the format in messages ("Word 文档"); `codes` are its (not-X, corrupt-X) reason codes."""
    not_code, corrupt_code = codes
    try:
        with binary(path, stream) as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件：{path}（{exc.strerror}）") from None
    if head.startswith(OLE_MAGIC):
        with binary(path, stream) as fh:
            encrypted = "EncryptionInfo".encode("utf-16-le") in fh.read(MAX_OLE_SCAN)
        if encrypted:
            raise InputError(not_code, f"文件已加密（设有打开密码），请取消密码后另存再检查：{path.name}")
        raise InputError(not_code, f"这是旧版 Office（OLE）文件，不是{label}：{path.name}")
    if not head.startswith(b"PK"):
        raise InputError(not_code, f"文件不是{label}（应为 zip 格式）：{path.name}")
    try:
        with zipfile.ZipFile(stream or path) as zf:
            infos = zf.infolist()
            if required not in {i.filename for i in infos}:
                raise InputError(not_code, f"压缩包中没有 {required}，不是{label}：{path.name}")
            if any(i.flag_bits & 0x1 for i in infos):
                raise InputError(not_code, f"文件已加密（zip 成员设有密码），请取消密码后另存再检查：{path.name}")
            if sum(i.file_size for i in infos) > max_unpacked:
                raise InputError("unsafe-zip", f"{label}解压后体积异常（疑似压缩炸弹），已拒绝读取：{path.name}")
            if scan_dtd and any(_has_dtd(zf, i) for i in infos if i.filename.endswith((".xml", ".rels", ".vml"))):
                raise InputError("unsafe-xml", f"{label}含有 DTD 声明（疑似 XML 攻击），已拒绝读取：{path.name}")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise InputError(corrupt_code, f"{label}已损坏或不完整（zip 结构无法读取）：{path.name}") from None


def _has_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part declares a DTD or an entity anywhere (read in chunks: a part may be large)."""
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            window = tail + chunk
            if any(sign in window for sign in _DTD_SIGNS):
                return True
            tail = window[-32:]
    return False
