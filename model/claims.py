"""What stage 2 produces: claims, i.e. statements in the prose that a check can recompute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from model.document import Location
from model.figure import Figure

if TYPE_CHECKING:
    from reading.formulas import GradeBand


@dataclass(frozen=True)
class Claim:
    """One statement found in the text.

    `kind` says which statement it is (see patterns/README.md for the list); `values` holds its named
    figures ("total", "maximum", "score", "rate", …) and `items` its ordered parts (a breakdown's
    sections, a formula's operands, a population's shares). Figure offsets are relative to the text of
    the block at `location.block` (a paragraph, or a table cell when `location.row` is set).
    """

    kind: str
    text: str  # the sentence the claim was read from
    location: Location  # the sentence's place; its start/end are offsets in the block text
    values: dict[str, Figure] = field(default_factory=dict)
    items: tuple[tuple[str, Figure], ...] = ()
    subject: str = ""  # the indicator code or name the claim is about, if any
    label: str = ""  # a grade word, a formula, a rate's name; for a deduction its side ("above"/"below")
    pattern: str = ""  # the id of the pattern that matched
    bands: tuple[GradeBand, ...] = ()  # grade thresholds, for "grade_bands" claims
    elsewhere: tuple[tuple[Figure, Location], ...] = ()  # figures read from another block than `location`'s

    def figure_location(self, fig: Figure) -> Location:
        for other, where in self.elsewhere:
            if other is fig:
                return where.at(fig.start, fig.end)
        return self.location.at(fig.start, fig.end)
