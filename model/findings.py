"""What the rules report: findings, their severity, and the audit of one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from model.document import Document, Location
from model.figure import Figure

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

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
    fingerprint: str = ""  # stable across resubmissions (checks.fingerprints), set by pipeline.audit
    accepted: bool = False  # listed in the reviewer's baseline (review.baseline): reported, not counted

    @property
    def delta(self) -> Decimal | None:
        if self.stated_value is None or self.expected_value is None:
            return None
        return self.stated_value - self.expected_value

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message


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
    explanations: list[Explanation] = field(default_factory=list)  # with --explain: each criterion as read
    # With --explain: how each table's sums were read and whether its arithmetic confirms it, (zh, en).
    table_notes: list[tuple[str, str]] = field(default_factory=list)
    # The document audited, for writers that show findings in place (HTML, the XLSX table sheets);
    # None for a file that could not be read.
    document: Document | None = field(default=None, repr=False, compare=False)

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


@dataclass(frozen=True)
class Explanation:
    """One indicator as the scoring rules understood it (for `gouji audit --explain`)."""

    label: str
    criterion: str
    kind: str
    interpretation: str
    interpretation_en: str
    input: str  # the measured value(s), or the measured text when it is not a figure
    recomputed: str
    recomputed_en: str
    stated: str
    status: str  # agrees / contradicts / one-reading / possible / impossible / not-computed / qualitative
