"""The work done for one document, wherever it runs: bytes in, a JSON record out.

`audit_task` is the function both engines call, in a local worker process or on a Dask worker. It
touches no file system: the parent reads the bytes (from a file or from a zip member, in memory) and
sends them along, so Dask workers need no access to the archive.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib import metadata

from checks.registry import Options
from model.findings import AuditResult
from scan.bounds import cap_memory
from scan.records import result_record


@dataclass(frozen=True)
class Task:
    sha256: str
    name: str  # the first path this content was found under; labels messages
    data: bytes = field(repr=False)
    options: Options = field(default_factory=Options)
    password: str | None = None


def tool_version() -> str:
    try:
        return metadata.version("gouji")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def audit_bytes(data: bytes, name: str, options: Options, password: str | None = None) -> AuditResult:
    """The pipeline for a file held in memory: unreadable input is an error result."""
    from pipeline import audit

    return audit(data, name=name, options=options, password=password)


def audit_task(task: Task) -> dict:
    start = time.perf_counter()
    result = audit_bytes(task.data, task.name, task.options, task.password)
    return result_record(result, task.sha256, tool_version(), time.perf_counter() - start)


def warm_up() -> None:
    """Load the libraries and the spaCy pipeline once, so forked workers start ready."""
    text = ("一、基本情况\n项目共十二个，预算执行率为100%，得分95.5分。\n"
            "表1 资金情况\n项目\t预算\t执行\n甲\t1\t1\n合计\t1\t1\n")
    audit_bytes(text.encode(), "warm-up.txt", Options())


def limit_memory(headroom_mb: int | None) -> None:
    """Worker initializer: cap the address space at its size now plus `headroom_mb` for the worker's life
    (scan.bounds; nothing where the system has no such cap, as on Windows)."""
    cap_memory(headroom_mb)
