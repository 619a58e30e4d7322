"""Stage 3: rules that judge a document's facts → findings.

Every rule family lives in its own module and registers itself with `@rule` in `checks.registry`;
`FAMILIES` below is the one place that lists the modules, so `gouji rules` and `judge` see every rule.
Rules only judge: what they look at is read once, before them, by `reading.Facts`.
"""

from __future__ import annotations

import importlib

from checks.ocr_trust import mark_ocr_findings
from checks.registry import RULES, Options, Report, Rule
from model.findings import SEVERITY_ORDER, Finding
from reading.facts import Facts

__all__ = ["FAMILIES", "RULES", "Options", "Rule", "judge", "load_rules"]

FAMILIES = (
    "footing", "score_tables", "funds", "prose", "recompute", "grades", "counts", "numbering", "contents", "codes",
    "scoring", "consistency", "spreadsheet", "self_eval",
)


def load_rules() -> dict[str, Rule]:
    for name in FAMILIES:
        importlib.import_module(f"checks.{name}")
    return RULES


def selected(code: str, options: Options) -> bool:
    if options.select and not any(code.startswith(s) for s in options.select):
        return False
    return not any(code.startswith(s) for s in options.ignore)


def judge(facts: Facts, options: Options) -> tuple[list[Finding], set[tuple]]:
    """Every selected rule over the facts it needs: the findings, sorted by severity and then by place,
    and the figures that took part in a check (coverage keys)."""
    findings: list[Finding] = []
    checked: set[tuple] = set()
    for code, rule in sorted(load_rules().items()):
        if not selected(code, options):
            continue
        report = Report(rule)
        rule.func(report, **{need: getattr(facts, need) for need in rule.needs})
        findings.extend(report.findings)
        checked |= report.checked
    findings = mark_ocr_findings(findings, facts.doc)  # after every rule: an OCR'd figure may lower a finding
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.location.block or 0, f.location.row or 0,
                                 f.location.col or 0, f.location.start or 0, f.rule))
    return findings, checked
