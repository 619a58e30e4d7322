"""Which whole the parts stated in prose belong to.

A breakdown ("其中，决策18分，过程17.5分……") sums to the score stated just before it, in its own
sentence's block or, when it opens the next paragraph, in the paragraph before. Statements of one
dimension each ("决策指标满分20分，得分18分；过程指标满分20分，得分17.5分……") make up the composite
score only when their maxima add up to the full mark: that is the document's own evidence that the
statements are the whole set of dimensions and not a few indicators picked out for comment.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from extractor.tables import CODE
from model.claims import Claim
from model.document import Document, Paragraph
from reading.lookup import section_key

# The full mark of a performance evaluation (百分制). A set of dimension statements whose maxima add up
# to anything else is not the whole set, and its scores are not compared with the composite score.
FULL_MARK = Decimal(100)
# Dimension statements are one passage: in one paragraph, or in paragraphs at most this many blocks apart
# (a heading per dimension between them).
DIMENSION_REACH = 2


def link_wholes(claims: list[Claim], doc: Document) -> list[Claim]:
    """The claims with each breakdown given its total, and a `dimensions` claim for each set of
    dimension statements that makes up the composite score."""
    claims = _link_breakdowns(claims, doc)
    return claims + _dimensions(claims)


def _link_breakdowns(claims: list[Claim], doc: Document) -> list[Claim]:
    out = []
    for i, c in enumerate(claims):
        if c.kind == "breakdown":
            whole = _whole_before(claims[:i], c, doc)
            if whole is not None:
                total = whole.values.get("total") or whole.values.get("score")
                elsewhere = c.elsewhere
                if whole.location.block != c.location.block:
                    elsewhere += ((total, whole.location),)
                c = replace(c, values={**c.values, "total": total}, subject=whole.subject, elsewhere=elsewhere)
        out.append(c)
    return out


def _whole_before(earlier: list[Claim], breakdown: Claim, doc: Document) -> Claim | None:
    wholes = [p for p in earlier if p.kind in ("composite_total", "score_statement")]
    same = [p for p in wholes if p.location.block == breakdown.location.block]
    if same:
        return same[-1]
    block = breakdown.location.block
    if block is None or breakdown.location.row is not None or (breakdown.location.start or 0) > 0:
        return None  # only a paragraph that opens with its breakdown continues the one before
    previous = [p for p in wholes if p.location.block == block - 1 and p.location.row is None]
    if previous and isinstance(doc.blocks[block - 1], Paragraph) and previous[-1].kind == "composite_total":
        return previous[-1]
    return None


def _dimensions(claims: list[Claim]) -> list[Claim]:
    out = []
    for run in _statement_runs(claims):
        maxima = [c.values["maximum"].value for c in run]
        if None in maxima or sum(maxima) != FULL_MARK:
            continue
        first = run[0]
        whole = _composite_near(claims, first)
        if whole is None:
            continue
        total = whole.values["total"]
        items = tuple((c.subject, c.values["score"]) for c in run)
        elsewhere = (*((c.values["score"], c.location) for c in run[1:]), (total, whole.location))
        out.append(Claim("dimensions", first.text, first.location, {"total": total}, items=items,
                         elsewhere=elsewhere, subject=whole.subject))
    return out


def _statement_runs(claims: list[Claim]) -> list[list[Claim]]:
    """Runs of score statements about sections (not indicator codes), each section named once, in one
    passage with no other score-bearing claim between them."""
    runs: list[list[Claim]] = []
    current: list[Claim] = []
    for c in claims:
        if c.kind in ("composite_total", "breakdown"):
            runs.append(current)
            current = []
            continue
        if c.kind != "score_statement":
            continue
        key = section_key(c.subject)
        if not key or CODE.fullmatch(c.subject) or c.location.row is not None:
            runs.append(current)
            current = []
            continue
        if current and (key in {section_key(p.subject) for p in current}
                        or (c.location.block or 0) - (current[-1].location.block or 0) > DIMENSION_REACH):
            runs.append(current)
            current = []
        current.append(c)
    runs.append(current)
    return [r for r in runs if len(r) >= 2]


def _composite_near(claims: list[Claim], first: Claim) -> Claim | None:
    """The composite score the statements make up: the last one stated before them, else the first after."""
    totals = [c for c in claims if c.kind == "composite_total"]
    block = first.location.block or 0
    before = [c for c in totals if (c.location.block or 0) <= block]
    return before[-1] if before else (totals[0] if totals else None)
