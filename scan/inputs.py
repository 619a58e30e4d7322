"""What to scan: folders, glob patterns, list files and zip archives → one `Item` per path.

Every path a scan meets gets an item, so nobody wonders where a file went: documents to audit (with
their content hash), and the rest with their reason: `skipped` for what is not a document gouji reads
(another format, a named pipe, a link to a folder inside the scan) and `refused` for what must not or
cannot be read (a link leading out of the scanned folder, a dangling link, an unsafe archive member).
Which suffixes are documents is `extractor.REPORT_SUFFIXES`, the one list a new reader extends.
Links inside a scanned folder are followed only to files inside it: a link to /etc/passwd is refused.

Zip archives are read in memory and never extracted to disk. Members nested in zips inside zips are
read recursively up to `ZipLimits.max_depth`. A member is refused, with its reason, when its name
tries to leave the archive (`../`, an absolute path, a drive letter), when the archive would unpack
to more than `max_total` bytes or one member to more than `max_member`, when a large member shrank
more than `max_ratio` times (a zip bomb), when nesting goes deeper than allowed, or when it is
encrypted.

File names that are not valid in the file system's encoding (GBK bytes, as unzip leaves a Windows
archive on Linux) are shown decoded (`display_name`) and opened by their real bytes.
"""

from __future__ import annotations

import glob
import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from extractor import REPORT_SUFFIXES
from extractor.errors import printable

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
    path: str  # the file on disk (the outermost archive for a member), as the file system names it
    members: tuple[str, ...] = ()  # raw member names, outermost first


@dataclass(frozen=True)
class Item:
    source: Source
    sha256: str | None = None
    refused: tuple[str, str] | None = None  # (error_code, Chinese reason) when it must not or cannot be read
    skipped: tuple[str, str] | None = None  # (code, Chinese reason) when it is not a document gouji reads
    size: int = 0  # bytes, to start the largest documents first


def expand_arguments(args: list[str], list_files: list[str] = ()) -> list[str]:
    """`@list.txt` and `--from-list` files become their lines (blank lines and # comments skipped)."""
    out: list[str] = []
    for arg in list(args) + [f"@{f}" for f in list_files]:
        if arg.startswith("@") and len(arg) > 1:
            text = _list_text(Path(arg[1:]).read_bytes())
            out.extend(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))
        else:
            out.append(arg)
    return out


def _list_text(data: bytes) -> str:
    """A list file as text: UTF-8 (with or without BOM), else GB18030, as Windows Notepad saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def collect(args: list[str], limits: ZipLimits | None = None, exclude: tuple[Path, ...] = ()) -> Iterator[Item]:
    """An item for every path named by `args`, documents with their content hash, in a stable order.
    Folders in `exclude` (the scan's own results folder) are not walked."""
    limits = limits or ZipLimits()
    seen: set[str] = set()
    for entry in _entries(args, tuple(Path(e).resolve() for e in exclude)):
        key = os.path.abspath(entry.path)  # one path named twice (a folder and a file in it) is one row
        if key in seen:
            continue
        seen.add(key)
        if entry.refused or entry.skipped:
            yield Item(Source(display_name(entry.path), entry.path), refused=entry.refused, skipped=entry.skipped)
        else:
            yield from _items(entry.path, limits)


def display_name(path: str) -> str:
    """`path` fit for tables and messages: undecodable name bytes decoded (extractor.errors.printable)."""
    return printable(path)


@dataclass(frozen=True)
class _Entry:
    path: str
    refused: tuple[str, str] | None = None
    skipped: tuple[str, str] | None = None


def _entries(args: list[str], exclude: tuple[Path, ...]) -> Iterator[_Entry]:
    for arg in args:
        p = Path(arg)
        if p.is_dir():  # a folder named on the command line is walked even when it is a link: it was named
            yield from sorted(_walk(p, exclude), key=lambda e: e.path)
        elif not os.path.lexists(arg) and glob.has_magic(arg):
            root = _glob_root(arg).resolve()
            for m in sorted(glob.glob(arg, recursive=True)):
                if not Path(m).is_dir():
                    yield _judge(Path(m), root)
        else:
            yield _Entry(arg)  # a file named on the command line is read whatever its suffix


def _walk(root: Path, exclude: tuple[Path, ...]) -> Iterator[_Entry]:
    real_root = root.resolve()
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=False):
        here = Path(folder)
        kept = []
        for name in dirs:
            path = here / name
            if path.is_symlink():
                yield _judge(path, real_root)
            elif path.resolve() not in exclude:
                kept.append(name)
        dirs[:] = kept
        for name in files:
            yield _judge(here / name, real_root)
    for exc in errors:
        name = exc.filename or str(root)
        yield _Entry(str(name), refused=("unreadable", f"无法读取文件夹：{display_name(str(name))}（{exc.strerror}）"))


def _glob_root(pattern: str) -> Path:
    """The folder a glob pattern searches under: its leading parts without wildcards."""
    base: list[str] = []
    for part in Path(pattern).parts:
        if glob.has_magic(part):
            break
        base.append(part)
    return Path(*base) if base else Path(".")


def _judge(path: Path, root: Path) -> _Entry:
    """A path met inside a scanned folder: a document to read, or the reason it is not read."""
    shown = display_name(str(path))
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = path.resolve(strict=True)
            if target != root and root not in target.parents:
                return _Entry(str(path), refused=("link-outside",
                                                  f"链接指向扫描文件夹之外（{display_name(str(target))}），已拒绝读取：{shown}"))
            mode = target.stat().st_mode
            if stat.S_ISDIR(mode):
                return _Entry(str(path), skipped=("link-to-folder",
                                                  f"指向文件夹的链接，不跟随（其中的文件在原位置扫描）：{shown}"))
    except FileNotFoundError:
        return _Entry(str(path), refused=("not-found", f"链接指向的文件不存在：{shown}"))
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links
        return _Entry(str(path), refused=("unreadable", f"无法读取：{shown}（{getattr(exc, 'strerror', exc)}）"))
    if not stat.S_ISREG(mode):
        return _Entry(str(path), skipped=("not-a-file", f"不是普通文件（命名管道、设备或套接字），未读取：{shown}"))
    reason = unsupported(path.suffix)
    return _Entry(str(path), skipped=("unsupported", f"{reason}：{shown}")) if reason else _Entry(str(path))


def unsupported(suffix: str) -> str | None:
    """Why a file with this suffix is not audited, or None when it is a document gouji reads."""
    suffix = suffix.lower()
    if suffix in REPORT_SUFFIXES | ARCHIVE_SUFFIXES:
        return None
    known = " ".join(sorted(REPORT_SUFFIXES | ARCHIVE_SUFFIXES))
    return f"不支持的文件类型（{suffix or '无扩展名'}），未审核；gouji 读取 {known}"


def _items(path: str, limits: ZipLimits) -> Iterator[Item]:
    source = Source(name=display_name(path), path=path)
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):  # opening a named pipe would wait for a writer forever
            kind = "文件夹" if stat.S_ISDIR(mode) else "普通文件（命名管道、设备或套接字）"
            yield Item(source, skipped=("not-a-file", f"不是{kind}，未读取：{source.name}"))
            return
        with open(path, "rb") as fh:
            head = fh.read(4)
            is_zip = head == b"PK\x03\x04" and Path(path).suffix.lower() in ARCHIVE_SUFFIXES
            digest, size = (None, 0) if is_zip else _digest(fh, head)
    except FileNotFoundError:
        yield Item(source, refused=("not-found", f"找不到文件：{source.name}"))
        return
    except OSError as exc:
        yield Item(source, refused=("unreadable", f"无法读取文件：{source.name}（{exc.strerror}）"))
        return
    if not is_zip:
        yield Item(source, sha256=digest, size=size)
        return
    try:
        with zipfile.ZipFile(path) as zf:
            yield from _archive(zf, source, 1, limits, [0])
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        yield Item(source, refused=("zip-corrupt", f"压缩包已损坏，无法读取：{source.name}"))


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
        reason = unsupported(suffix)
        if reason:
            yield Item(source, skipped=("unsupported", f"{reason}：{name}"))
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
