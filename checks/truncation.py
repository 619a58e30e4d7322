"""Which message a rate gets that only truncation explains: the document's own rounding decides.

Not a rule family: the one policy every rate rule applies. When only truncation fits a printed rate
(24.9 ÷ 25 = 99.6% printed 99%), and another rate of the document with its operands fits half-up
rounding where truncation would not, truncation is not the author's convention: an error. When other
rates are truncated too, it may be the convention: a warning. With no evidence either way, a whole
percentage point lost (99.6% printed 99%) is an error and a dropped decimal a warning.
"""

from __future__ import annotations

from model.document import Location
from model.figure import Figure
from reading.rates import RoundingEvidence

VARIANTS = ("truncated-others-half-up", "truncated-others-truncated", "truncated-whole-point", "truncated")


def truncation_variant(stated: Figure, where: Location, evidence: RoundingEvidence) -> str:
    """The message template (one of VARIANTS) for a rate only truncation fits."""
    others = evidence.others(where)
    if others == "half-up":
        return "truncated-others-half-up"
    if others == "truncate":
        return "truncated-others-truncated"
    return "truncated-whole-point" if stated.decimals == 0 else "truncated"
