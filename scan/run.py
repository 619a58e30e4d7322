"""A scan from start to end: find the documents, hash them, take what the cache has, audit the rest on
the chosen engine (caching each result as it arrives), then write the tables and the summary."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checks.registry import Options
from checks.version import rules_version
from scan.inputs import Item, ZipLimits, collect, expand_arguments, read_source
from scan.progress import progress
from scan.records import Cache, failure_record, options_key, record_result
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

CACHED_STATUSES = ("ok", "error")  # worker failures are tried again next time


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


def run_scan(config: ScanConfig, work: Callable[[Task], dict] = audit_task) -> ScanOutcome:
    """`work` is the per-file function; tests pass one that hangs or crashes for chosen names."""
    version = tool_version()
    # Keyed by the rules too: a development install changes its rules without changing its version.
    cache = Cache(config.out / "cache", f"{version}-{rules_version()}", options_key(config.options, config.password))
    items = list(collect(expand_arguments(config.inputs, config.list_files), config.limits))
    firsts: dict[str, Item] = {}
    for item in items:
        if item.sha256 is not None:
            firsts.setdefault(item.sha256, item)
    records: dict[str, dict] = {}
    cached: set[str] = set()
    for sha in firsts:
        record = None if config.force else cache.get(sha)
        if record is not None:
            records[sha] = record
            cached.add(sha)
    # Largest first: a big PDF started last would leave the other workers idle at the end.
    todo = sorted((item for sha, item in firsts.items() if sha not in cached), key=lambda i: -i.size)
    audited: list[str] = []
    interrupted = False
    with progress(len(todo), config.quiet, config.lang) as bar:
        try:
            tasks = _tasks(todo, config, records, version, bar)
            results = _engine(config, tasks, work) if todo else ()
            for task, record in results:
                records[task.sha256] = record
                if record["result"].get("status") in CACHED_STATUSES:
                    cache.put(record)
                audited.append(task.name)
                bar.advance(task.name, record["result"])
        except KeyboardInterrupt:
            interrupted = True
    documents, findings = build_tables(items, records, cached, config.lang)
    write_tables(config.out, {"documents": documents, "findings": findings}, config.lang)
    summary = summary_lines(documents, findings, len(audited), config.out, lang=config.lang)
    if interrupted:
        summary.append(interrupted_line(config.lang))
    return ScanOutcome(documents, findings, audited, interrupted, summary)


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
            record = failure_record(item.sha256, item.source.name, "unreadable", f"重新读取文件时失败：{exc}",
                                    version)
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
        else:
            record = records.get(item.sha256) or failure_record(
                item.sha256, item.source.name, "interrupted", "扫描被中断，尚未处理", version, status="pending")
        result = record_result(record, item.source.name)
        sha = item.sha256
        doc_rows.append(document_row(result, sha, record.get("seconds"), sha in cached))
        finding_list += finding_rows(result, sha, lang)
    return frame(doc_rows, DOCUMENT_COLUMNS), frame(finding_list, FINDING_COLUMNS)
