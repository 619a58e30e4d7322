"""The finding as data, defined once: JSON nests it, CSV and XLSX flatten it.

Location indices are the model's own: `row`, `column` and `paragraph` (the block ordinal, given only
for findings outside tables) are 0-based, `page`, `table` and `line` 1-based. The human `location`
text (`Location.describe`) counts from 1 throughout.
"""

from __future__ import annotations

from model.document import Location
from model.findings import AuditResult, Finding
from writers.common import rule_name, rule_title

LOCATION_KEYS = ("page", "table", "row", "column", "paragraph", "line", "start", "end")
FINDING_KEYS = ("id", "fingerprint", "rule", "name", "severity", "accepted", "title", "message", "stated_text",
                "stated_value", "expected_value", "delta", "delta_ulps", "unit")
FLAT_FIELDS = ("document", *FINDING_KEYS, "location", *LOCATION_KEYS, "evidence", "related", "consequence_of")


def location_dict(loc: Location) -> dict:
    return {
        "page": loc.page, "table": loc.table, "row": loc.row, "column": loc.col,
        "paragraph": loc.block if loc.table is None else None,
        "line": loc.line, "start": loc.start, "end": loc.end,
    }


def numbered(findings: list[Finding]) -> list[tuple[str, Finding]]:
    """Each finding with its id: F1, F2, … in the order given (the runner's: severity, then place)."""
    return [(f"F{i}", f) for i, f in enumerate(findings, start=1)]


def consequence_ids(findings: list[Finding]) -> dict[str, str]:
    """Finding key → its id in this document, to resolve `consequence_of`."""
    return {f.key: fid for fid, f in numbered(findings) if f.key}


def finding_fields(f: Finding, fid: str, lang: str) -> dict:
    """The scalar fields every format shares (Decimals stay Decimals; each writer serialises them)."""
    return {
        "id": fid, "fingerprint": f.fingerprint or None, "rule": f.rule, "name": rule_name(f.rule),
        "severity": f.severity, "accepted": f.accepted, "title": rule_title(f.rule, lang), "message": f.text(lang),
        "stated_text": f.stated_text, "stated_value": f.stated_value, "expected_value": f.expected_value,
        "delta": f.delta, "delta_ulps": f.delta_ulps, "unit": f.unit,
    }


def consequence_of(f: Finding, ids: dict[str, str]) -> str | None:
    """The id of the finding that explains this one; an unresolved key is passed through as is."""
    return ids.get(f.consequence_of, f.consequence_of) if f.consequence_of else None


def finding_record(f: Finding, fid: str, lang: str, ids: dict[str, str]) -> dict:
    """The nested form (JSON)."""
    return {
        **finding_fields(f, fid, lang),
        "location": location_dict(f.location),
        "evidence": f.evidence,
        "related": [location_dict(r) for r in f.related],
        "consequence_of": consequence_of(f, ids),
    }


def finding_row(f: Finding, fid: str, lang: str, ids: dict[str, str], document: str) -> dict:
    """The flat form (CSV, XLSX): one dict whose keys are FLAT_FIELDS."""
    return {
        "document": document,
        **finding_fields(f, fid, lang),
        "location": f.location.describe(lang),
        **location_dict(f.location),
        "evidence": f.evidence,
        "related": "; ".join(r.describe(lang) for r in f.related),
        "consequence_of": consequence_of(f, ids),
    }


def document_records(result: AuditResult, lang: str) -> list[dict]:
    ids = consequence_ids(result.findings)
    return [finding_record(f, fid, lang, ids) for fid, f in numbered(result.findings)]


def document_rows(result: AuditResult, lang: str) -> list[dict]:
    ids = consequence_ids(result.findings)
    return [finding_row(f, fid, lang, ids, result.path) for fid, f in numbered(result.findings)]
