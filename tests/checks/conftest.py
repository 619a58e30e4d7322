from __future__ import annotations

from checks import judge
from checks.registry import Options
from extractor import number_tables
from extractor.text import parse_text
from model.findings import Finding
from reading.facts import Facts


def audit_text(text: str, select: tuple[str, ...] = ()) -> list[Finding]:
    """Run the reading and judging stages on a small report written in the text format."""
    doc = number_tables(parse_text(text))
    return judge(Facts(doc), Options(select=select))[0]
