"""A baseline: the findings a reviewer has looked at and accepted, so that a rerun reports them as
accepted instead of new (as ruff's noqa comments or a linter's baseline file do).

`gouji audit X --baseline accepted.json --write-baseline` records every current finding of X;
`gouji audit X --baseline accepted.json` then marks the findings it lists as accepted: they are still
shown (apart, after the new ones) but no longer decide the exit status.

A finding is accepted when the baseline lists its fingerprint *and* the same stated figure for the same
document: a fingerprint survives a corrected figure elsewhere on its row or sentence, but what was
accepted was one figure, and a changed one deserves a second look. Documents are matched by path
(relative to the baseline file), then by content hash; a baseline of one document applies to the one
document audited, whatever its name, so that a renamed resubmission keeps its accepted findings.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from checks.version import rules_version, tool_version
from model.findings import AuditResult

SCHEMA = "gouji.baseline/1"


class BaselineError(Exception):
    """A baseline file that cannot be read; the message is for the reviewer (Chinese and English)."""


@dataclass
class BaselineDocument:
    path: str  # relative to the baseline file's folder, with / separators
    sha256: str | None = None
    accepted: dict[str, str | None] = field(default_factory=dict)  # fingerprint → stated figure
    entries: list[dict] = field(default_factory=list)  # as written, for rewriting unchanged


@dataclass
class Baseline:
    file: Path
    documents: list[BaselineDocument] = field(default_factory=list)

    def document_for(self, result: AuditResult, alone: bool) -> BaselineDocument | None:
        """The baseline's entry for this audited document; `alone` when it is the only one audited."""
        key = document_key(result.path, self.file)
        for doc in self.documents:
            if doc.path == key:
                return doc
        for doc in self.documents:
            if result.sha256 and doc.sha256 == result.sha256:
                return doc
        return self.documents[0] if alone and len(self.documents) == 1 else None


def document_key(path: str, baseline_file: Path) -> str:
    """The document's path as the baseline records it: relative to the baseline's folder when inside it."""
    absolute = Path(os.path.abspath(path))
    folder = Path(os.path.abspath(baseline_file)).parent
    try:
        return absolute.relative_to(folder).as_posix()
    except ValueError:
        return absolute.as_posix()


def read_baseline(file: Path) -> Baseline:
    """The baseline in `file`; a missing file is an empty baseline (the first --write-baseline makes it)."""
    if not file.exists():
        return Baseline(file)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"基线文件无法读取（baseline file unreadable）：{file}：{exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("documents"), list):
        raise BaselineError(f"不是 gouji 基线文件（not a {SCHEMA} file）：{file}")
    baseline = Baseline(file)
    for doc in data["documents"]:
        try:
            entries = list(doc["findings"])
            accepted = {e["fingerprint"]: e.get("stated_text") for e in entries}
            baseline.documents.append(BaselineDocument(str(doc["path"]), doc.get("sha256"), accepted, entries))
        except (KeyError, TypeError) as exc:
            raise BaselineError(f"基线文件格式有误（malformed baseline）：{file}：{exc!r}") from None
    return baseline


def apply_baseline(results: list[AuditResult], baseline: Baseline) -> int:
    """Mark every finding the baseline accepts; returns how many were marked."""
    marked = 0
    for result in results:
        doc = baseline.document_for(result, alone=len(results) == 1)
        if doc is None:
            continue
        findings = []
        for f in result.findings:
            ok = f.fingerprint in doc.accepted and doc.accepted[f.fingerprint] == f.stated_text
            findings.append(replace(f, accepted=True) if ok else f)
            marked += ok
        result.findings = findings
    return marked


def entry(f, lang: str = "zh") -> dict:
    """What the baseline keeps of a finding: enough to match it, and to tell a person what was accepted."""
    return {"fingerprint": f.fingerprint, "rule": f.rule, "stated_text": f.stated_text,
            "location": f.location.describe(lang), "message": f.text(lang)}


def write_baseline(results: list[AuditResult], file: Path, lang: str = "zh") -> int:
    """Record every finding of the audited documents as accepted, keeping the baseline's other documents.
    Returns the number of findings recorded for these documents."""
    old = read_baseline(file)
    audited: list[dict] = []
    replaced: set[int] = set()
    for result in results:
        if result.status != "ok":
            continue
        previous = old.document_for(result, alone=False)  # writing: only the same path or content is replaced
        if previous is not None:
            replaced.add(id(previous))
        audited.append({"path": document_key(result.path, file), "sha256": result.sha256,
                        "findings": [entry(f, lang) for f in result.findings]})
    kept = [{"path": d.path, "sha256": d.sha256, "findings": d.entries} for d in old.documents
            if id(d) not in replaced]
    data = {"schema": SCHEMA, "tool": {"name": "gouji", "version": tool_version(), "rules_version": rules_version()},
            "documents": sorted(kept + audited, key=lambda d: d["path"])}
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sum(len(d["findings"]) for d in audited)
