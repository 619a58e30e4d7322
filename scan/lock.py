"""One scan at a time per results folder: two scans into one folder would overwrite each other's tables.

The lock is the operating system's own on `RESULTS/.gouji-lock` (flock on POSIX, msvcrt.locking on
Windows), so it goes with the process: a scan killed with `kill -9` or a reboot leaves no stale lock.
The file holds the process id and start time of the scan that holds it, for the message. Worker
processes forked by the scan close their copy of the lock's descriptor (`close_in_worker`): the lock is
the scan's alone, and is free the moment the scan process is gone.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".gouji-lock"
_held: list[int] = []  # descriptors of the locks this process holds


class FolderLocked(Exception):
    """Another scan holds the results folder; `str()` is the one-line message."""


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    fh = open(folder / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole scan
    try:
        try:
            _lock(fh)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "另一个进程"
            raise FolderLocked(f"另一个 gouji scan（{holder}）正在使用结果文件夹 {folder}；"
                               f"请等它结束，或用 -o 换一个文件夹") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"进程 {os.getpid()}，开始于 {time.strftime('%Y-%m-%d %H:%M:%S')}")
        fh.flush()
        _held.append(fh.fileno())
        yield
    finally:
        if fh.fileno() in _held:
            _held.remove(fh.fileno())
        with contextlib.suppress(OSError):
            _unlock(fh)
        fh.close()


def close_in_worker() -> None:
    """In a process forked from the scan: close the inherited lock descriptors, so that a worker that
    outlives the scan for a moment does not hold its folder."""
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


def _lock(fh) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fh) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
