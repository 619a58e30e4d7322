"""What to scan: folders, glob patterns, list files and zip archives → one `Item` per document.

Zip archives are read in memory and never extracted to disk. Members nested in zips inside zips are
read recursively up to `ZipLimits.max_depth`. A member is refused, with its reason, when its name
tries to leave the archive (`../`, an absolute path, a drive letter), when the archive would unpack
to more than `max_total` bytes or one member to more than `max_member`, when a large member shrank
more than `max_ratio` times (a zip bomb), when nesting goes deeper than allowed, or when it is
encrypted. Refused members still appear in the results, so nobody wonders where a file went.
"""

from __future__ import annotations

import glob
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# What a folder or an archive contributes; a file named on the command line is taken whatever its suffix.
REPORT_SUFFIXES = {".pdf", ".docx", ".docm", ".doc", ".wps", ".rtf", ".txt", ".md", ".markdown", ".text", ".html",
                   ".htm", ".xlsx", ".xlsm", ".xls", ".et", ".dps"}
ARCHIVE_SUFFIXES = {".zip"}
SEPARATOR = "!/"  # "archive.zip!/folder/report.pdf", as in jar: URLs


@dataclass(frozen=True)
class ZipLimits:
    max_depth: int = 3  # a zip inside a zip inside a zip is depth 3
    max_total: int = 2 * 1024**3  # bytes one archive may unpack to, nested archives included
    max_member: int = 512 * 1024**2  # bytes one member may unpack to
    max_ratio: float = 200.0  # uncompressed / compressed, checked for members above ratio_floor
    ratio_floor: int = 1024**2
    max_members: int = 100_000


@dataclass(frozen=True)
class Source:
    """Where a document's bytes are: a file, or a chain of members inside (nested) zip archives."""

    name: str  # for people: "a/b.zip!/x/report.pdf"
    path: str  # the file on disk (the outermost archive for a member)
    members: tuple[str, ...] = ()  # raw member names, outermost first


@dataclass(frozen=True)
class Item:
    source: Source
    sha256: str | None = None
    refused: tuple[str, str] | None = None  # (error_code, Chinese reason) when it was not read
    size: int = 0  # bytes, to start the largest documents first


def expand_arguments(args: list[str], list_files: list[str] = ()) -> list[str]:
    """`@list.txt` and `--from-list` files become their lines (blank lines and # comments skipped)."""
    out: list[str] = []
    for arg in list(args) + [f"@{f}" for f in list_files]:
        if arg.startswith("@") and len(arg) > 1:
            text = Path(arg[1:]).read_text(encoding="utf-8-sig")
            out.extend(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))
        else:
            out.append(arg)
    return out


def collect(args: list[str], limits: ZipLimits | None = None) -> Iterator[Item]:
    """Every document named by `args`, each with its content hash, in a stable order."""
    limits = limits or ZipLimits()
    seen: set[str] = set()
    for path, explicit in _files(args):
        key = str(Path(path).resolve()) if Path(path).exists() else path
        if key in seen:
            continue
        seen.add(key)
        yield from _items(path, explicit, limits)


def _files(args: list[str]) -> Iterator[tuple[str, bool]]:
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES | ARCHIVE_SUFFIXES:
                    yield str(f), False
        elif not p.exists() and glob.has_magic(arg):
            for m in sorted(glob.glob(arg, recursive=True)):
                if Path(m).is_file():
                    yield m, False
        else:
            yield arg, True


def _items(path: str, explicit: bool, limits: ZipLimits) -> Iterator[Item]:
    source = Source(name=path, path=path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
            is_zip = head == b"PK\x03\x04" and Path(path).suffix.lower() in ARCHIVE_SUFFIXES
            digest, size = (None, 0) if is_zip else _digest(fh, head)
    except FileNotFoundError:
        yield Item(source, refused=("not-found", f"找不到文件：{path}"))
        return
    except OSError as exc:
        yield Item(source, refused=("unreadable", f"无法读取文件：{path}（{exc.strerror}）"))
        return
    if not is_zip:
        yield Item(source, sha256=digest, size=size)
        return
    try:
        with zipfile.ZipFile(path) as zf:
            yield from _archive(zf, source, 1, limits, [0])
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        yield Item(source, refused=("zip-corrupt", f"压缩包已损坏，无法读取：{path}"))


def _digest(fh: io.BufferedReader, head: bytes) -> tuple[str, int]:
    h, size = hashlib.sha256(head), len(head)
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: names without the UTF-8 flag are often GBK."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def unsafe_name(name: str) -> bool:
    """Whether a member name would land outside the folder it were extracted to."""
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return True
    return ".." in PurePosixPath(unified).parts


def _archive(zf: zipfile.ZipFile, parent: Source, depth: int, limits: ZipLimits,
             unpacked: list[int]) -> Iterator[Item]:
    """Members of one open archive; `unpacked` counts the bytes the outermost archive has unpacked."""
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > limits.max_members:
        yield Item(parent, refused=("zip-bomb", f"压缩包内文件过多（{len(infos)} 个），已拒绝读取：{parent.name}"))
        return
    declared = sum(i.file_size for i in infos)
    if unpacked[0] + declared > limits.max_total:
        yield Item(parent, refused=("zip-bomb", f"压缩包解压后体积过大（疑似压缩炸弹），已拒绝读取：{parent.name}"))
        return
    for info in infos:
        name = member_name(info)
        suffix = PurePosixPath(name).suffix.lower()
        source = Source(name=f"{parent.name}{SEPARATOR}{name}", path=parent.path,
                        members=(*parent.members, info.filename))
        if unsafe_name(name):
            yield Item(source, refused=("zip-traversal", f"压缩包成员路径越出压缩包（路径穿越），已拒绝读取：{name}"))
            continue
        if suffix not in REPORT_SUFFIXES | ARCHIVE_SUFFIXES:
            continue
        reason = _bomb_reason(info, name, limits)
        if reason:
            yield Item(source, refused=("zip-bomb", reason))
            continue
        if suffix in ARCHIVE_SUFFIXES and depth >= limits.max_depth:
            yield Item(source, refused=("zip-depth",
                                        f"压缩包嵌套超过 {limits.max_depth} 层，已拒绝读取：{name}"))
            continue
        try:
            data = read_member(zf, info, limits)
        except zipfile.BadZipFile:
            yield Item(source, refused=("zip-corrupt", f"压缩包成员已损坏：{name}"))
            continue
        except RuntimeError:  # zipfile's word for a member that needs a password
            yield Item(source, refused=("zip-encrypted", f"压缩包成员已加密，无法读取：{name}"))
            continue
        except NotImplementedError:
            yield Item(source, refused=("zip-corrupt", f"压缩包成员使用了不支持的压缩方式：{name}"))
            continue
        unpacked[0] += len(data)
        if suffix in ARCHIVE_SUFFIXES and data.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    yield from _archive(inner, source, depth + 1, limits, unpacked)
            except (zipfile.BadZipFile, EOFError, ValueError):
                yield Item(source, refused=("zip-corrupt", f"压缩包已损坏，无法读取：{source.name}"))
            continue
        yield Item(source, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def _bomb_reason(info: zipfile.ZipInfo, name: str, limits: ZipLimits) -> str | None:
    if info.file_size > limits.max_member:
        return f"压缩包成员解压后超过 {limits.max_member // 1024**2} MB，已拒绝读取：{name}"
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
        return f"压缩包成员压缩比异常（{ratio:.0f} 倍，疑似压缩炸弹），已拒绝读取：{name}"
    return None


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ZipLimits) -> bytes:
    """A member's bytes, never more than it declared (zipfile checks the size and CRC at the end)."""
    with zf.open(info) as fh:
        data = fh.read(min(info.file_size, limits.max_member) + 1)
    if len(data) > info.file_size:
        raise zipfile.BadZipFile("member longer than declared")
    return data


def read_source(source: Source, limits: ZipLimits | None = None) -> bytes:
    """The bytes of a document, following its member chain through nested archives in memory."""
    limits = limits or ZipLimits()
    if not source.members:
        return Path(source.path).read_bytes()
    with zipfile.ZipFile(source.path) as zf:
        return _read_chain(zf, source.members, limits)


def _read_chain(zf: zipfile.ZipFile, members: tuple[str, ...], limits: ZipLimits) -> bytes:
    data = read_member(zf, zf.getinfo(members[0]), limits)
    if len(members) == 1:
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as inner:
        return _read_chain(inner, members[1:], limits)
