"""JSON output, schema "gouji.audit/1" (described by writers/audit.schema.json).

Decimals are written as JSON numbers with their exact digits: 15380000.07 appears as `15380000.07`,
96.80 as `96.80`, never through a binary float. The standard `json` module cannot emit a raw number
for a custom type, so `dumps` lets `default` turn each Decimal into a placeholder string carrying a
random per-call token and then replaces the quoted placeholders with the digits. Read the output with
`json.loads(text, parse_float=Decimal)` to get the values back exactly.
"""

from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal

from checks.version import rules_version, tool_version
from model.findings import AuditResult
from writers.common import (
    Reporter,
    counts,
    coverage_ratio,
    document_status,
    number_text,
    open_text,
    unchecked_reason,
)
from writers.rows import document_records

SCHEMA = "gouji.audit/1"


def document_dict(result: AuditResult, lang: str = "zh") -> dict:
    unchecked = unchecked_reason(result)
    return {
        "path": result.path,
        "sha256": result.sha256,
        "audited_at": result.audited_at,
        "format": result.format,
        "pages": result.pages,
        "status": document_status(result),
        "error": unchecked[1] if unchecked else result.error,
        "error_code": unchecked[0] if unchecked else result.error_code,
        "warnings": list(result.warnings),
        "coverage": {"numbers_found": result.numbers_found, "numbers_checked": result.numbers_checked,
                     "ratio": coverage_ratio(result)},
        "stated_total": result.stated_total,
        "recomputed_total": result.recomputed_total,
        "summary": counts(result),
        "findings": document_records(result, lang),
    }


def audit_dict(results: list[AuditResult], lang: str = "zh") -> dict:
    return {
        "schema": SCHEMA,
        "tool": {"name": "gouji", "version": tool_version(), "rules_version": rules_version()},
        "documents": [document_dict(r, lang) for r in results],
    }


def dumps(data: object, indent: int | None = 2) -> str:
    """json.dumps with Decimals written as exact JSON numbers (NaN and infinities become null)."""
    token = secrets.token_hex(8)
    raw: list[str] = []

    def default(o: object) -> object:
        if isinstance(o, Decimal):
            text = number_text(o)
            if text is None:
                return None
            raw.append(text)
            return f"{token}#{len(raw) - 1}"
        raise TypeError(f"{type(o).__name__} is not JSON serialisable")

    text = json.dumps(data, ensure_ascii=False, indent=indent, default=default)
    return re.sub(f'"{token}#(\\d+)"', lambda m: raw[int(m.group(1))], text)


class JsonReporter(Reporter):
    def start(self, out) -> None:
        super().start(out)
        self.results: list[AuditResult] = []

    def handle(self, result: AuditResult) -> None:
        self.results.append(result)

    def stop(self) -> None:
        stream, close = open_text(self.out)
        try:
            stream.write(dumps(audit_dict(self.results, self.lang)) + "\n")
        finally:
            if close:
                stream.close()
