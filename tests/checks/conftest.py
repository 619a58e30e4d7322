from __future__ import annotations

from checks import Context, run_checks
from checks.registry import Options
from extractor import number_tables
from extractor.text import parse_text
from model.findings import Finding
from reading.claims import find_all as find_claims


def audit_text(text: str, select: tuple[str, ...] = ()) -> list[Finding]:
    """Run the whole pipeline on a small report written in the text format."""
    doc = number_tables(parse_text(text))
    ctx = Context(doc=doc, claims=find_claims(doc), options=Options(select=select))
    return run_checks(ctx)
