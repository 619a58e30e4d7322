"""Writing output files so that a failure never leaves half of one, and spreadsheet cells that stay text.

Every file gouji writes (a report, an annotated copy, the tables and cache of a scan) is first written
to a temporary file beside its target, flushed to disk, and only then renamed onto the target
(`os.replace` is atomic on POSIX and Windows). A full disk, a killed process or a crash in a writer
leaves the previous file whole, or no file, never a truncated one that still opens. `replacing` does
this for several targets at once: all are written before any is renamed, so the tables of one run are
never mixed with those of another.

Text from documents and file names that starts like a formula (`=`, `+`, `-`, `@`) is written as text:
in CSV with a leading apostrophe (OWASP's advice; Excel then shows the text), in XLSX as a string cell.
A plain number such as "-12.50" is left as it is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import regex

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = regex.compile(r"[+-]?[0-9][0-9,]*(?:\.[0-9]+)?%?")


@contextlib.contextmanager
def replacing(*targets: Path) -> Iterator[list[Path]]:
    """Temporary paths beside `targets`, in order. When the block ends without an exception each is synced
    and renamed onto its target, all of them after the last is written; otherwise they are removed and
    the targets are left as they were."""
    temps: list[Path] = []
    try:
        for target in targets:
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.", suffix=".tmp")
            os.close(fd)
            temps.append(Path(name))
        yield temps
        for temp, target in zip(temps, targets, strict=True):
            _sync(temp)
            os.chmod(temp, _mode(target))
        for temp, target in zip(temps, targets, strict=True):
            os.replace(temp, target)
        _sync_folder(targets[0].parent if targets else None)
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    with replacing(target) as (temp,):
        temp.write_bytes(data)


def write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes(target, text.encode(encoding))


def _sync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _sync_folder(folder: Path | None) -> None:
    """The rename itself survives a power cut once the folder is synced (POSIX; Windows has no such call)."""
    if folder is None or os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode(target: Path) -> int:
    """The target's own permissions when it exists, else what a plain open() would give (mkstemp's are 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_error(exc: OSError) -> str:
    """Why a file could not be written, for people: a full disk, a read-only file system, permissions."""
    reasons = {errno.ENOSPC: "磁盘已满", errno.EROFS: "文件系统只读", getattr(errno, "EDQUOT", -1): "超出磁盘配额",
               errno.EACCES: "没有写入权限，或文件正被其他程序（如 Excel）打开", errno.EPERM: "没有写入权限"}
    return f"{reasons.get(exc.errno, '写入出错')}（{exc.strerror or exc}）"


def csv_text(value: object) -> object:
    """A CSV cell that Excel will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def keep_text(cell) -> None:
    """An openpyxl cell whose string value starts with "=" stays a string (openpyxl makes it a formula)."""
    if cell.data_type == "f":
        cell.data_type = "s"
