"""One document's result as a plain JSON record, and the cache of records keyed by content hash.

A record is what a worker sends back and what the cache keeps: the whole `AuditResult` with every
Decimal as its exact digits in a string, so a record read back gives the same `AuditResult` (and the
same tables) as the audit that made it. The cache holds one file per content hash and tool version,
`cache/<sha256>-<version>[-<options>].json`, written atomically (temporary file, then rename) the
moment a document finishes: an interrupted scan loses only the documents that were still running.

Input errors (a corrupt PDF) are results like any other and are cached. So are failures of the worker
(timeout, out of memory, crash), with the limits they met, so that a file that hangs a parser costs its
timeout once and not on every run: it is audited again when the run's limit on what it hit is larger
(a longer `--timeout`), or with `--retry-failed`. A cache entry is checked when read (`valid_record`):
one that is damaged or misses a field is audited again, never a crash of every later run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, fields, replace
from decimal import Decimal
from pathlib import Path, PurePath

from checks.registry import Options
from model.document import Location
from model.findings import SEVERITY_ORDER, AuditResult, Finding

RECORD_SCHEMA = "gouji.scan-record/1"
_DECIMALS = {"stated_value", "expected_value", "delta_ulps", "stated_total", "recomputed_total"}


def result_record(result: AuditResult, sha256: str, version: str, seconds: float) -> dict:
    data = asdict(replace(result, document=None))  # the document stays with the worker
    del data["document"]
    return {"schema": RECORD_SCHEMA, "sha256": sha256, "version": version, "seconds": round(seconds, 3),
            "result": _plain(data)}


def failure_record(sha256: str, name: str, code: str, message: str, version: str, status: str = "failed") -> dict:
    """A document the worker could not finish (status "failed"), or that was never read ("refused",
    "skipped", "pending")."""
    result = {"path": name, "status": status, "error": message, "error_code": code}
    return {"schema": RECORD_SCHEMA, "sha256": sha256, "version": version, "seconds": None, "result": result}


def _plain(value):
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def record_result(record: dict, path: str) -> AuditResult:
    """The `AuditResult` a record holds, under `path` (identical files share one record)."""
    data = dict(record["result"])
    known = {f.name for f in fields(AuditResult)} - {"document"}
    status = data.get("status", "ok")
    findings = [_finding(f) for f in data.get("findings", [])]
    kwargs = {k: v for k, v in data.items() if k in known and k not in ("findings", "status", "path")}
    for key in ("stated_total", "recomputed_total"):
        if kwargs.get(key) is not None:
            kwargs[key] = Decimal(kwargs[key])
    first = data.get("path")
    if isinstance(first, str) and first and first != path and isinstance(kwargs.get("error"), str):
        # The message names the path the content was audited under; each path's row names its own.
        error = kwargs["error"].replace(first, path)
        kwargs["error"] = error.replace(PurePath(first).name, PurePath(path).name)
    result = AuditResult(path=path, findings=findings, **kwargs)
    result.status = status  # "failed" and "refused" too: the documents table tells them apart
    return result


def _finding(data: dict) -> Finding:
    kwargs = dict(data)
    kwargs["location"] = Location(**data["location"])
    kwargs["related"] = tuple(Location(**r) for r in data.get("related", ()))
    for key in _DECIMALS & kwargs.keys():
        if kwargs[key] is not None:
            kwargs[key] = Decimal(kwargs[key])
    return Finding(**kwargs)


CACHED_STATUSES = ("ok", "error", "failed")
RETRIED_FAILURES = {"timeout": "timeout", "out-of-memory": "memory_mb"}  # error_code → the limit it met
CACHED_FAILURES = ("timeout", "out-of-memory", "crashed")


def cacheable(record: dict) -> bool:
    result = record.get("result", {})
    status = result.get("status")
    return status in ("ok", "error") or (status == "failed" and result.get("error_code") in CACHED_FAILURES)


def with_limits(record: dict, timeout: float | None, memory_mb: int | None) -> dict:
    """A failure record with the limits it was given, to judge later whether another run may do better."""
    if record.get("result", {}).get("status") != "failed":
        return record
    return {**record, "limits": {"timeout": timeout, "memory_mb": memory_mb}}


def retry_due(record: dict, timeout: float | None, memory_mb: int | None, retry_failed: bool = False) -> bool:
    """Whether a cached failure should be audited again: always with `--retry-failed`, else when this run
    allows more of what it ran out of (no limit counts as more than any)."""
    result = record.get("result", {})
    if result.get("status") != "failed":
        return False
    if retry_failed:
        return True
    limit = RETRIED_FAILURES.get(result.get("error_code"))
    if limit is None:
        return False
    before = (record.get("limits") or {}).get(limit)
    now = timeout if limit == "timeout" else memory_mb
    return before is not None and (now is None or now > before)


def valid_record(record: object, sha256: str) -> bool:
    """Whether a cache entry is a whole record of this content that reads back as a result."""
    if not isinstance(record, dict) or record.get("schema") != RECORD_SCHEMA or record.get("sha256") != sha256:
        return False
    result = record.get("result")
    if not isinstance(result, dict) or result.get("status") not in CACHED_STATUSES:
        return False
    try:
        audit = record_result(record, str(result.get("path", "")))
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError):  # ArithmeticError: bad Decimal
        return False
    counts = (audit.numbers_found, audit.numbers_checked, *([] if audit.pages is None else [audit.pages]))
    return (all(type(n) is int for n in counts) and all(f.severity in SEVERITY_ORDER for f in audit.findings)
            and all(isinstance(w, str) for w in audit.warnings))


def options_key(options: Options, password: str | None = None) -> str:
    """A short fingerprint of the options that change results; empty for the defaults."""
    if not options.select and not options.ignore and not password:
        return ""
    text = json.dumps([sorted(options.select), sorted(options.ignore), bool(password)])
    return hashlib.sha256(text.encode()).hexdigest()[:8]


class Cache:
    """Records on disk, one JSON file per content hash, tool version and options."""

    def __init__(self, folder: Path, version: str, options_key: str = ""):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.suffix = f"-{_safe(version)}" + (f"-{options_key}" if options_key else "") + ".json"

    def sweep(self) -> None:
        """Remove the temporary files a killed scan left half written (call it holding the folder lock)."""
        for temp in self.folder.glob(".tmp-*.json"):
            temp.unlink(missing_ok=True)

    def path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}{self.suffix}"

    def get(self, sha256: str) -> dict | None:
        """The cached record, or None when there is none or it is damaged (then the file is audited again
        and its entry replaced)."""
        try:
            record = json.loads(self.path(sha256).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing, or unreadable: audit again
        return record if valid_record(record, sha256) else None

    def put(self, record: dict) -> None:
        target = self.path(record["sha256"])
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _safe(version: str) -> str:
    return "".join(ch if ch.isalnum() or ch in ".+_" else "_" for ch in version)
