"""One parametrised test runs every rule's YAML cases (as sqlfluff does).

Each file `cases/GJnnn.yml` holds `rule:` and a list of `cases:`, each with a small report in the text
format (`text:`) and the findings of that rule it must yield (`expect:`, a list of `{stated, severity}`
where `stated` is the printed figure the finding points at; an empty list means the rule stays silent).

A case may give a workbook instead of text (`xlsx:`, for rules about spreadsheets): sheet name → rows,
each cell a string, a number, or `{value, formula, format}` (the formula's cached value as Excel would
have saved it, and the cell's number format). The workbook is written as a real .xlsx by xlsxwriter and
read through `extractor.extract` like any file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checks import load_rules
from tests.checks.conftest import audit_text, audit_workbook

CASES = sorted((Path(__file__).parent / "cases").glob("*.yml"))


def _load():
    for path in CASES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            yield pytest.param(spec["rule"], case, id=f"{path.stem}-{case['name']}")


@pytest.mark.parametrize(("code", "case"), list(_load()))
def test_rule_case(code, case):
    findings = audit_workbook(case["xlsx"]) if "xlsx" in case else audit_text(case["text"])
    findings = [f for f in findings if f.rule == code]
    got = sorted((f.stated_text or "", f.severity) for f in findings)
    want = sorted((str(e.get("stated", "")), e.get("severity", "error")) for e in case["expect"])
    assert got == want, "\n".join(f"{f.rule} {f.severity} {f.message}" for f in findings)


def test_every_rule_has_cases_and_documentation():
    rules = load_rules()
    have = {p.stem for p in CASES}
    for code, rule in rules.items():
        assert code in have, f"{code} has no cases file"
        assert not rule.missing_sections(), f"{code} docstring lacks {rule.missing_sections()}"
