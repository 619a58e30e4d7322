"""A scan from start to end: find the documents, hash them, take what the cache has, audit the rest on
the chosen engine (caching each result as it arrives), then write the tables and the summary.

What a scan guarantees:
- one scan at a time per results folder (scan.lock);
- every finished result is in the cache the moment it arrives, so a kill (-9, a reboot) loses only the
  documents that were running; Ctrl-C and SIGTERM stop the workers and write the tables of what is done;
- the tables are replaced whole, all together, or not at all (writers.files);
- a full disk or a read-only folder stops the scan with one `ScanError` line; the results cached until
  then are kept, and the previous tables stay as they were.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checks.registry import Options
from checks.version import rules_version
from scan.inputs import Item, ZipLimits, collect, display_name, expand_arguments, read_source
from scan.lock import FolderLocked, locked
from scan.progress import progress
from scan.records import Cache, cacheable, failure_record, options_key, record_result, retry_due, with_limits
from scan.tables import (
    DOCUMENT_COLUMNS,
    FINDING_COLUMNS,
    document_row,
    finding_rows,
    frame,
    interrupted_line,
    summary_lines,
    write_tables,
)
from scan.work import Task, audit_task, tool_version
from writers.files import write_error


class ScanError(Exception):
    """The scan cannot go on (its folder is locked, full or read-only); `str()` is the one-line message."""


@dataclass
class ScanConfig:
    inputs: list[str]
    out: Path
    list_files: list[str] = field(default_factory=list)
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float | None = 300.0
    memory_mb: int | None = 2048
    engine: str = "local"  # "local" or "dask"
    scheduler: object = None  # "tcp://host:port", or a distributed.Client
    force: bool = False
    retry_failed: bool = False
    quiet: bool = False
    options: Options = field(default_factory=Options)
    password: str | None = None
    limits: ZipLimits = field(default_factory=ZipLimits)
    lang: str = "zh"


@dataclass
class ScanOutcome:
    documents: pd.DataFrame
    findings: pd.DataFrame
    audited: list[str]  # names of the documents audited in this run (not from the cache)
    interrupted: bool
    summary: list[str]
    signal: int | None = None  # SIGINT or SIGTERM when interrupted by one


def run_scan(config: ScanConfig, work: Callable[[Task], dict] = audit_task) -> ScanOutcome:
    """`work` is the per-file function; tests pass one that hangs or crashes for chosen names."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(locked(config.out))
        except FolderLocked as exc:
            raise ScanError(str(exc)) from None
        except OSError as exc:  # the folder cannot be made or written: read-only, full, no permission
            raise ScanError(storage_message(exc, config.out)) from None
        return _scan(config, work)


@contextlib.contextmanager
def _writing(out: Path, kept: int | None = None) -> Iterator[None]:
    """The scan's own writes (cache folder, tables): a failure is one line, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise ScanError(storage_message(exc, out, kept)) from None


def _scan(config: ScanConfig, work: Callable[[Task], dict]) -> ScanOutcome:
    version = tool_version()
    with _writing(config.out):
        # Keyed by the rules too: a development install changes its rules without changing its version.
        cache = Cache(config.out / "cache", f"{version}-{rules_version()}",
                      options_key(config.options, config.password))
        cache.sweep()
        for temp in config.out.glob(".*.tmp"):  # tables a killed scan was writing (writers.files)
            temp.unlink(missing_ok=True)
    arguments = expand_arguments(config.inputs, config.list_files)
    items = list(collect(arguments, config.limits, exclude=(config.out,)))
    firsts: dict[str, Item] = {}
    for item in items:
        if item.sha256 is not None:
            firsts.setdefault(item.sha256, item)
    records: dict[str, dict] = {}
    cached: set[str] = set()
    for sha in firsts:
        record = None if config.force else cache.get(sha)
        if record is not None and not retry_due(record, config.timeout, config.memory_mb, config.retry_failed):
            records[sha] = record
            cached.add(sha)
    # Largest first: a big PDF started last would leave the other workers idle at the end.
    todo = sorted((item for sha, item in firsts.items() if sha not in cached), key=lambda i: -i.size)
    audited: list[str] = []
    interrupted, full, stored = None, None, 0
    with progress(len(todo), config.quiet, config.lang) as bar, _stop_signals() as received:
        try:
            tasks = _tasks(todo, config, records, version, bar)
            results = _engine(config, tasks, work) if todo else ()
            for task, record in results:
                record = with_limits(record, config.timeout, config.memory_mb)
                records[task.sha256] = record
                audited.append(task.name)
                bar.advance(task.name, record["result"])
                if cacheable(record):
                    try:
                        cache.put(record)
                        stored += 1
                    except OSError as exc:  # a full disk: stop here, what is cached stays
                        full = exc
                        break
        except KeyboardInterrupt:
            interrupted = received[-1] if received else signal.SIGINT
    if full is not None:  # the tables are left as they were: the cache has every finished result
        raise ScanError(storage_message(full, config.out, len(cached) + stored))
    documents, findings = build_tables(items, records, cached, config.lang)
    with _writing(config.out, len(cached) + stored):
        write_tables(config.out, {"documents": documents, "findings": findings}, config.lang)
    summary = summary_lines(documents, findings, len(audited), config.out, lang=config.lang)
    if interrupted is not None:
        summary.append(interrupted_line(config.lang))
    return ScanOutcome(documents, findings, audited, interrupted is not None, summary, interrupted)


@contextlib.contextmanager
def _stop_signals() -> Iterator[list[int]]:
    """SIGTERM (what `kill`, systemd and batch schedulers send) stops the scan as Ctrl-C does: the
    workers are stopped and the tables written. Yields the signals received."""
    received: list[int] = []
    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        yield received
        return

    def stop(signum, frame):
        received.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, previous)


def storage_message(exc: OSError, out: Path, kept: int | None = None) -> str:
    """One line for a results folder that cannot be written: what happened, and what was kept."""
    line = f"无法写入结果文件夹 {out}：{write_error(exc)}"
    if kept:
        line += f"；已完成的 {kept} 个结果保存在缓存中，解决后重新运行同一命令即可继续"
    return line + "；原有的结果表未被改动"


def _engine(config: ScanConfig, tasks: Iterator[Task], work) -> Iterator[tuple[Task, dict]]:
    if config.engine == "dask":
        from scan.cluster import run_dask

        return run_dask(tasks, config.scheduler, config.timeout, work)
    from scan.local import run_local

    return run_local(tasks, max(config.jobs, 1), config.timeout, config.memory_mb, work)


def _tasks(items: list[Item], config: ScanConfig, records: dict[str, dict], version: str,
           bar) -> Iterator[Task]:
    """Read each document's bytes only when its task is about to be sent (memory stays bounded)."""
    for item in items:
        try:
            data = read_source(item.source, config.limits)
        except (OSError, zipfile.BadZipFile, KeyError, RuntimeError) as exc:  # changed or gone since hashed
            record = failure_record(item.sha256, item.source.name, "unreadable",
                                    f"重新读取文件时失败：{display_name(str(exc))}", version)
            records[item.sha256] = record
            bar.advance(item.source.name, record["result"])
            continue
        yield Task(item.sha256, item.source.name, data, config.options, config.password)


def build_tables(items: list[Item], records: dict[str, dict], cached: set[str],
                 lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    doc_rows, finding_list = [], []
    version = tool_version()
    for item in items:
        if item.refused is not None:
            record = failure_record("", item.source.name, *item.refused, version, status="refused")
        elif item.skipped is not None:
            record = failure_record("", item.source.name, *item.skipped, version, status="skipped")
        else:
            record = records.get(item.sha256) or failure_record(
                item.sha256, item.source.name, "interrupted", "扫描被中断，尚未处理", version, status="pending")
        result = record_result(record, item.source.name)
        sha = item.sha256
        doc_rows.append(document_row(result, sha, record.get("seconds"), sha in cached))
        finding_list += finding_rows(result, sha, lang)
    return frame(doc_rows, DOCUMENT_COLUMNS), frame(finding_list, FINDING_COLUMNS)
