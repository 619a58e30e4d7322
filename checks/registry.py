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
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Literal

from extractor.model import Document, Location
from extractor.numbers import Figure

if TYPE_CHECKING:
    from patterns.claims import Claim

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


@dataclass(frozen=True)
class Finding:
    """One contradiction, with what was stated, what it should be, where, and why."""

    rule: str  # stable code, e.g. "GJ101"
    severity: Severity
    message: str  # Chinese
    location: Location
    message_en: str = ""
    stated_text: str | None = None  # the figure as printed
    stated_value: Decimal | None = None  # in the printed unit: 95.36% → 95.36
    expected_value: Decimal | None = None
    delta_ulps: Decimal | None = None  # (stated − expected) in units of the last printed digit
    unit: str | None = None
    evidence: str = ""  # the sentence, or the row, that holds the figure
    related: tuple[Location, ...] = ()  # the other figures this finding depends on
    key: str = ""  # identifies the finding for cross-references ("related" findings in writers)
    consequence_of: str = ""  # key of the finding that explains this one (localisation)
    fingerprint: str = ""  # stable across resubmissions (checks.fingerprints), set by audit_document
    accepted: bool = False  # listed in the reviewer's baseline (review.baseline): reported, not counted

    @property
    def delta(self) -> Decimal | None:
        if self.stated_value is None or self.expected_value is None:
            return None
        return self.stated_value - self.expected_value

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message


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


@dataclass
class AuditResult:
    """The audit of one document: what the writers receive."""

    path: str
    format: str = ""
    pages: int | None = None
    status: Literal["ok", "error"] = "ok"
    error: str | None = None  # Chinese one-line message
    error_code: str | None = None
    warnings: list[str] = field(default_factory=list)
    numbers_found: int = 0
    numbers_checked: int = 0
    findings: list[Finding] = field(default_factory=list)
    stated_total: Decimal | None = None
    recomputed_total: Decimal | None = None
    sha256: str | None = None  # of the file audited
    audited_at: str | None = None  # ISO 8601 time of the audit, with its offset from UTC
    # The document audited, set by `audit_document` for writers that show findings in place (HTML, the
    # XLSX table sheets). Deliberately not a dataclass field: `asdict`, `fields` and the JSON output
    # stay as they were; an instance assignment shadows this class default.
    document: ClassVar[Document | None] = None

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def located_figure(fig: Figure, where: Location) -> Location:
    """The location of a figure inside a paragraph or cell whose location is `where`."""
    return where.at(fig.start, fig.end)


def figure_finding(code: str, severity: Severity, stated: Figure, where: Location, expected: Decimal | None,
                   message: str, message_en: str, evidence: str = "",
                   related: tuple[Location, ...] = ()) -> Finding:
    """A finding about one printed figure, with the difference in units of its last printed digit."""
    delta_ulps = None
    if expected is not None and stated.value is not None:
        delta_ulps = ((stated.value - expected) / stated.ulp).quantize(Decimal("0.01"))
    return Finding(rule=code, severity=severity, message=message, message_en=message_en, location=where,
                   stated_text=stated.text, stated_value=stated.value, expected_value=expected,
                   delta_ulps=delta_ulps, unit=stated.unit, evidence=evidence, related=related,
                   key=f"{code}:{where.block}:{where.row}:{where.col}:{where.start}")


def fmt(value: Decimal | None, decimals: int) -> str:
    """A recomputed value printed at the precision of the figure it is compared with."""
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}" if abs(value) >= 10000 else f"{value:.{decimals}f}"
