"""Two submissions of a report compared finding by finding: fixed, still open, new.

Each side is an audit as `gouji audit -f json` writes it (or a document, audited on the spot), so the
first submission's audit can be filed and compared months later. Findings are matched by fingerprint
(`checks.fingerprints`): a finding whose figure was corrected is gone from the second audit (fixed); a
finding whose place and rule are unchanged is still open, even when its stated figure changed (it is
shown with both figures); the rest of the second audit is new.

Documents are paired by path, then by content hash, then by file name; when each side holds exactly one
document the two are paired whatever their names (a resubmission is usually renamed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from model.findings import SEVERITY_ORDER
from writers.json_out import SCHEMA


class CompareError(Exception):
    """An input that cannot be compared; the message is for the reviewer."""


@dataclass
class Audit:
    """One side: where it came from, which gouji and rules made it, and its documents (JSON form)."""

    source: str
    tool: dict
    documents: list[dict]


@dataclass
class Pair:
    first: dict | None
    second: dict | None
    fixed: list[dict] = field(default_factory=list)  # findings of the first audit gone from the second
    still_open: list[tuple[dict, dict]] = field(default_factory=list)  # (first, second) with one fingerprint
    new: list[dict] = field(default_factory=list)  # findings of the second audit the first did not have


@dataclass
class Comparison:
    first: Audit
    second: Audit
    pairs: list[Pair]

    @property
    def same_rules(self) -> bool:
        return self.first.tool.get("rules_version") == self.second.tool.get("rules_version")

    def counts(self) -> dict[str, int]:
        return {"fixed": sum(len(p.fixed) for p in self.pairs),
                "still_open": sum(len(p.still_open) for p in self.pairs),
                "new": sum(len(p.new) for p in self.pairs)}


def load_audit(path: Path, audit_now=None) -> Audit:
    """An audit JSON file, or a document audited now by `audit_now(path) -> Audit`."""
    if path.suffix.lower() != ".json":
        if audit_now is None:
            raise CompareError(f"不是审核结果 JSON 文件：{path}")
        return audit_now(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except FileNotFoundError:
        raise CompareError(f"找不到文件：{path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CompareError(f"审核结果文件无法读取：{path}：{exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise CompareError(f"不是 gouji 审核结果（应为 {SCHEMA}，由 gouji audit -f json 写出）：{path}")
    documents = data.get("documents", [])
    for doc in documents:
        if any(not f.get("fingerprint") for f in doc.get("findings", [])):
            raise CompareError(f"审核结果中的发现没有指纹（由旧版 gouji 写出），请重新审核该文档：{path}")
    return Audit(str(path), data.get("tool", {}), documents)


def pair_documents(first: list[dict], second: list[dict]) -> list[tuple[dict | None, dict | None]]:
    if len(first) == 1 and len(second) == 1:
        return [(first[0], second[0])]
    left = list(first)
    pairs: list[tuple[dict | None, dict | None]] = []
    for key in (lambda d: d.get("path"), lambda d: d.get("sha256"), lambda d: Path(d.get("path") or "").name):
        for doc in [d for d in second if not any(d is b for _, b in pairs)]:
            match = next((a for a in left if key(a) and key(a) == key(doc)), None)
            if match is not None:
                pairs.append((match, doc))
                left.remove(match)
    paired = {id(b) for _, b in pairs}
    pairs += [(None, d) for d in second if id(d) not in paired]
    pairs += [(a, None) for a in left]
    return pairs


def compare_findings(first: dict | None, second: dict | None) -> Pair:
    before = list((first or {}).get("findings", []))
    after = list((second or {}).get("findings", []))
    pair = Pair(first, second)
    waiting: dict[str, list[dict]] = {}
    for f in before:
        waiting.setdefault(f["fingerprint"], []).append(f)
    for f in after:
        matches = waiting.get(f["fingerprint"])
        if matches:
            pair.still_open.append((matches.pop(0), f))
        else:
            pair.new.append(f)
    left = {id(f) for matches in waiting.values() for f in matches}
    pair.fixed = [f for f in before if id(f) in left]
    return pair


def compare(first: Audit, second: Audit) -> Comparison:
    pairs = [compare_findings(a, b) for a, b in pair_documents(first.documents, second.documents)]
    return Comparison(first, second, pairs)


def open_at_or_above(comparison: Comparison, fail_on: str) -> bool:
    """Whether the second submission still has (or newly has) an unaccepted finding at `fail_on` or worse."""
    if fail_on == "never":
        return False
    limit = SEVERITY_ORDER[fail_on]
    findings = [b for p in comparison.pairs for _, b in p.still_open] + [f for p in comparison.pairs for f in p.new]
    return any(SEVERITY_ORDER[f["severity"]] <= limit and not f.get("accepted") for f in findings)
