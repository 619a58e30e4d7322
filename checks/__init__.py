"""Stage 3: rules over the document and its claims → findings.

Every rule family lives in its own module and registers itself with `@rule` in `checks.registry`;
`FAMILIES` below is the one place that lists the modules, so `gouji rules` and `run_checks` see
every rule.
"""

from __future__ import annotations

import importlib

from checks.registry import RULES, SEVERITY_ORDER, Context, Finding, Options, Rule

__all__ = ["FAMILIES", "RULES", "Context", "Finding", "Options", "Rule", "load_rules", "run_checks"]

FAMILIES = (
    "footing", "score_tables", "funds", "prose", "recompute", "grades", "counts", "numbering", "contents", "codes",
    "scoring", "consistency", "spreadsheet",
)


def load_rules() -> dict[str, Rule]:
    for name in FAMILIES:
        try:
            importlib.import_module(f"checks.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"checks.{name}":
                raise
    return RULES


def selected(code: str, options: Options) -> bool:
    if options.select and not any(code.startswith(s) for s in options.select):
        return False
    return not any(code.startswith(s) for s in options.ignore)


def run_checks(ctx: Context) -> list[Finding]:
    """Run every selected rule; findings come back sorted by severity, then by place in the document."""
    findings: list[Finding] = []
    for code, rule in sorted(load_rules().items()):
        if selected(code, ctx.options):
            findings.extend(rule.func(ctx))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.location.block or 0, f.location.row or 0,
                                 f.location.col or 0, f.location.start or 0, f.rule))
    return findings
