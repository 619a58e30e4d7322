"""Rules and the one registry every rule is recorded in.

A rule is a plain function decorated with `@rule(...)`. The decorator declares everything about the rule
but its judgement: a stable code, a kebab-case name that names the problem, a default severity, a
one-line zh/en title, the document facts the rule needs (`needs`, attributes of `reading.Facts`) and
the zh/en message templates it reports with (`messages`). The function receives a `Report` and exactly
the facts it declared, by name, as sqlfluff's rules receive only the segments they crawl for:

    @rule("GJ201", "score-exceeds-maximum", "error", "得分超过分值", "A score exceeds its weight",
          needs=("score_tables",),
          messages={"exceeds": Message("{name} 得分 {score} 超过其分值 {maximum}", "…")})
    def score_exceeds_maximum(report: Report, score_tables: list[ScoreTable]) -> None:
        ...
        report.finding("exceeds", where, stated=score, expected=maximum.value, name=..., ...)

Its docstring follows ruff's sections (What it does / Why is this bad? / Example / Use instead) and is
what `gouji rules CODE` prints. Codes are stable: never reuse or renumber one.

Code families: GJ1xx table footing, GJ2xx score tables, GJ3xx prose against tables, GJ4xx
recomputation, GJ5xx numbering, GJ6xx grades and counts, GJ7xx fund identities, GJ8xx scoring rules,
GJ9xx consistency (one thing stated twice in ways that cannot both be right), GJ95x the national
项目支出绩效自评表.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from model.document import Location
from model.figure import Figure
from model.findings import Finding, Severity
from model.rounding import ulps

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
# `Report.finding`'s own keyword arguments cannot be template fields ({stated} is filled in from `stated`).
RESERVED_FIELDS = frozenset({"message", "where", "stated_text", "expected", "exact", "evidence", "related",
                             "consequence_of", "key"})


@dataclass(frozen=True)
class Message:
    """One message template of a rule, in both languages, with `{named}` fields.

    A finding's message is one template or several rendered one after the other (a main clause and its
    qualifications). A template may declare the severity of the findings it is used for (a consequence
    is `info`, a finding that only truncation explains a `warning`); otherwise the rule's holds.
    """

    zh: str
    en: str
    severity: Severity | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case, names the problem: "total-does-not-foot"
    severity: Severity  # the default; a message template may declare another
    title: str  # one line, Chinese
    title_en: str
    family: str
    func: Callable[..., None]
    needs: tuple[str, ...]  # attributes of `reading.Facts` the rule is given
    messages: dict[str, Message]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    def missing_sections(self) -> list[str]:
        return [s for s in DOC_SECTIONS if f"{s}\n" not in self.doc + "\n"]


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, title: str, title_en: str, *, needs: tuple[str, ...],
         messages: dict[str, Message]):
    """Register a rule. The family is the module the rule lives in (footing, scoring, …)."""

    def register(func: Callable[..., None]):
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        for key, template in messages.items():
            used = {f for text in (template.zh, template.en) for _, f, _, _ in string.Formatter().parse(text) if f}
            if used & RESERVED_FIELDS:
                raise ValueError(f"{code}: message {key!r} uses reserved field(s) {sorted(used & RESERVED_FIELDS)}")
        params = tuple(inspect.signature(func).parameters)
        if params != ("report", *needs):
            raise TypeError(f"{code}: parameters {params} must be ('report', *needs) = ('report', *{needs})")
        family = func.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, name, severity, title, title_en, family, func, tuple(needs), dict(messages))
        return func

    return register


@dataclass
class Options:
    fail_on: Severity | Literal["never"] = "error"
    lang: str = "zh"
    select: tuple[str, ...] = ()  # rule codes or prefixes to run; empty runs all
    ignore: tuple[str, ...] = ()


@dataclass
class Report:
    """What one rule reports into: findings built from its declared messages, and the figures it checked.

    The rule's code and the findings' severity come from the rule; a rule only says which message, where,
    and with which figures.
    """

    rule: Rule
    findings: list[Finding] = field(default_factory=list)
    checked: set[tuple] = field(default_factory=set)

    def touch(self, *locations: Location) -> None:
        """Record that the figures at these locations took part in a check (for coverage)."""
        for loc in locations:
            self.checked.add(loc.figure_key)

    def finding(self, message: str | Iterable[str], where: Location, *, stated: Figure | None = None,
                stated_text: str | None = None, expected: Decimal | None = None, exact: Decimal | None = None,
                evidence: str = "", related: Iterable[Location] = (), consequence_of: str = "",
                key: str | None = None, **fields) -> Finding:
        """Report one finding with the named message template(s), rendered in both languages.

        The templates' fields are the keyword arguments, and `{stated}` is the stated figure as printed.

        `expected` is the value the figure should read (rounded as printed); `exact`, when given, the
        unrounded value the difference in units of the last digit is measured from.
        """
        if stated is not None:
            fields.setdefault("stated", stated.text)  # templates name the printed figure {stated}
        keys = (message,) if isinstance(message, str) else tuple(message)
        templates = [self.rule.messages[k] for k in keys]
        severity = next((t.severity for t in templates if t.severity), self.rule.severity)
        delta_ulps = None
        if stated is not None and stated.value is not None and (exact if exact is not None else expected) is not None:
            delta_ulps = ulps(stated, exact if exact is not None else expected)
        found = Finding(
            rule=self.rule.code, severity=severity, location=where,
            message="".join(t.zh.format(**fields) for t in templates),
            message_en="".join(t.en.format(**fields) for t in templates),
            stated_text=stated_text if stated_text is not None else (stated.text if stated is not None else None),
            stated_value=stated.value if stated is not None else None, expected_value=expected,
            delta_ulps=delta_ulps, unit=stated.unit if stated is not None else None, evidence=evidence,
            related=tuple(related), consequence_of=consequence_of,
            key=key if key is not None else finding_key(self.rule.code, where),
        )
        self.findings.append(found)
        return found


def finding_key(code: str, where: Location) -> str:
    """How findings refer to each other ("consequence of", "see also"): the rule and the place."""
    return f"{code}:{where.block}:{where.row}:{where.col}:{where.start}"
