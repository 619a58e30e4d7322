"""One document through the whole pipeline: extract → read → judge, as `audit`, `scan` and `--explain` use it.

    result = audit("report.pdf")                      # a path
    result = audit(data, name="archive.zip!/a.docx")  # bytes held in memory (a zip member, a worker's task)

Unreadable input becomes an error result, never an exception. The document is extracted once and its
facts read once, whatever the rules and the explanations need.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from checks import judge
from checks.fingerprints import with_fingerprints
from checks.registry import Options
from extractor import InputError, extract
from model.findings import AuditResult
from reading.facts import Facts


def audit(source: str | Path | bytes, *, name: str | None = None, options: Options | None = None,
          password: str | None = None, patterns: tuple[Path, ...] = (), explain: bool = False) -> AuditResult:
    """Audit one file, given as a path or as its bytes (then `name` labels it)."""
    label = name if name is not None else str(source) if not isinstance(source, bytes) else "<内存>"
    try:
        doc = extract(source, password=password, name=name)
    except InputError as exc:
        return AuditResult(path=label, status="error", error=exc.message, error_code=exc.code)
    result = AuditResult(path=doc.path, format=doc.format, pages=doc.pages, warnings=list(doc.warnings),
                         document=doc, sha256=content_sha256(source),
                         audited_at=datetime.now().astimezone().isoformat(timespec="seconds"))
    if doc.status == "error":
        result.status, result.error_code = "error", doc.error
        result.error = "；".join(doc.warnings) or doc.error
        return result
    facts = Facts(doc, tuple(patterns))
    findings, checked = judge(facts, options or Options())
    result.findings = with_fingerprints(doc, findings)
    result.numbers_found = len(facts.quantities)
    result.numbers_checked = len(facts.quantities & checked)
    totals = facts.claims.of("composite_total")
    result.stated_total = totals[0].values["total"].value if totals else None
    candidates = facts.score_index.total_candidates
    result.recomputed_total = candidates[0].figure.value if candidates else None
    if explain:
        from checks.scoring import explain as explain_indicators

        result.explanations = explain_indicators(facts)
        result.table_notes = [(t.note("zh"), t.note("en")) for t in facts.sums]
    return result


def content_sha256(source: str | Path | bytes) -> str | None:
    """The hash a reviewer files with the audit, to show which file was audited."""
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
