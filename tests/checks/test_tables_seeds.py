"""The table rules on the bundled sample reports: what they must find, and that they say nothing else.

See /corpus/README.md for the documents; the items (H1, Q5) are those of the seeds' expected findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks import judge
from checks.registry import Options
from extractor import number_tables
from extractor.text import read_text
from model.findings import Finding
from reading.facts import Facts

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"
TABLE_RULES = ("GJ1", "GJ2", "GJ7")


def _audit(name: str) -> list[Finding]:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} is not in the corpus")
    doc = number_tables(read_text(path))
    return judge(Facts(doc), Options(select=TABLE_RULES))[0]


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"{f.rule} {f.severity} {f.location.describe()} {f.message}" for f in findings)


def test_002_h1_is_localised_to_the_benefit_cell():
    findings = _audit("002.txt")
    errors = [f for f in findings if f.severity == "error"]
    assert len(errors) == 1, _describe(findings)
    culprit = errors[0]
    assert culprit.rule == "GJ101"
    assert culprit.stated_text == "21,043,082.56"
    assert str(culprit.expected_value) == "20168845.71"
    assert culprit.location.table == 2
    consequences = [f for f in findings if f.consequence_of == culprit.key]
    assert [f.stated_text for f in consequences] == ["29,252,519.43"], _describe(findings)
    assert all(f.severity == "info" for f in consequences)
    # Nothing else: 表1, the 统筹基金 half of 表2, 表3's fund identities, the score tables.
    assert len(findings) == 2, _describe(findings)


def test_003_q5_truncated_rate_is_an_error():
    findings = _audit("003.txt")
    errors = [f for f in findings if f.severity == "error"]
    assert [(f.rule, f.stated_text) for f in errors] == [("GJ202", "99%")], _describe(findings)
    assert str(errors[0].expected_value) == "100"
    assert findings == errors, _describe(findings)


def test_004_is_silent():
    assert _audit("004.txt") == []


def test_002_checks_the_sums_it_does_not_flag():
    """The silence on 表1, 表3 and the score tables comes from checking them, not from missing them."""
    path = SEEDS / "002.txt"
    if not path.exists():
        pytest.skip(f"{path} is not in the corpus")
    doc = number_tables(read_text(path))
    _, checked = judge(Facts(doc), Options(select=TABLE_RULES))
    checked_tables = {key[0] for key in checked}
    table_blocks = {t.location.block for t in doc.tables[:7]}
    assert table_blocks <= checked_tables
