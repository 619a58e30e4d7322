"""Rules, findings and the one registry every rule is recorded in.

A rule is a plain function `(ctx: Context) -> Iterable[Finding]` decorated with `@rule(...)`. Its
docstring follows ruff's sections (What it does / Why is this bad? / Example / Use instead) and is
what `gouji rules CODE` prints. Codes are stable: never reuse or renumber one.

Code families: GJ1xx table footing, GJ2xx score tables, GJ3xx prose against tables, GJ4xx
recomputation, GJ5xx numbering, GJ6xx grades and counts, GJ7xx fund identities, GJ8xx scoring rules,
GJ9xx consistency (one thing stated twice in ways that cannot both be right).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from model.document import Document, Location
from model.findings import Finding, Severity

if TYPE_CHECKING:
    from model.claims import Claim

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case, names the problem: "footing-mismatch"
    severity: Severity  # the default; a rule may lower it for a finding (e.g. truncation only)
    title: str  # one line, Chinese
    title_en: str
    family: str
    func: Callable[[Context], Iterable[Finding]]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    def missing_sections(self) -> list[str]:
        return [s for s in DOC_SECTIONS if f"{s}\n" not in self.doc + "\n"]


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, title: str, title_en: str):
    """Register a rule. The family is the module the rule lives in (footing, scoring, …)."""

    def register(func: Callable[[Context], Iterable[Finding]]):
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        family = func.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, name, severity, title, title_en, family, func)
        func.code = code  # so a rule can build findings without repeating its own code
        return func

    return register


@dataclass
class Options:
    fail_on: Severity | Literal["never"] = "error"
    lang: str = "zh"
    select: tuple[str, ...] = ()  # rule codes or prefixes to run; empty runs all
    ignore: tuple[str, ...] = ()


@dataclass
class Context:
    """What a rule sees: the document, the claims found in it, options, and a coverage ledger."""

    doc: Document
    claims: list[Claim] = field(default_factory=list)
    options: Options = field(default_factory=Options)
    checked: set[tuple] = field(default_factory=set)

    def touch(self, *locations: Location) -> None:
        """Record that the figures at these locations took part in a check (for coverage)."""
        for loc in locations:
            self.checked.add(figure_key(loc))

    def claims_of(self, *kinds: str) -> list[Claim]:
        return [c for c in self.claims if c.kind in kinds]


def figure_key(loc: Location) -> tuple:
    return (loc.block, loc.row, loc.col, loc.start)


