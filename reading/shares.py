"""Shares of an amount stated in the prose, the way 部门预算/决算 explain their tables.

    "一般公共预算财政拨款支出5284.60万元，主要用于：社会保障和就业支出（类）412.30万元，占7.80%；
     卫生健康支出（类）180.50万元，占3.42%；……"            → amount_share claims: part / whole = rate
    "一般公共预算财政拨款支出5284.60万元，占本年支出合计的99.69%" → a named_share claim: the whole is named

An item is a money figure followed by 占 and a percentage. Items without a name after 占 are shares of the
amount stated before them in the paragraph (the nearest money figure that is no item's part and is at
least as large as every part); an item that names its whole (占本年支出合计的) is a share of that named
amount, which the rules look up elsewhere in the document.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import regex

from model.claims import Claim
from model.document import Location
from model.figure import Figure
from reading.wording import sentence_around, words_before

# Between an amount and its share: "，占", "，占比", "，占本年支出合计的", "，占全年支出的比重为".
_CONNECTOR = regex.compile(
    r"^\s*[，,]?\s*(?:占比|占)\s*(?P<name>[^，,。；;：:%％0-9０-９]{0,24}?)\s*(?:的)?\s*(?:比重|比例)?\s*(?:为|约|达)?\s*$")
_MAX_GAP = 40  # characters between an amount and its share; farther apart they are not one item


def amount_shares(text: str, location: Location, figures: list[Figure], subject: str = "") -> Iterator[Claim]:
    """The amount_share and named_share claims of one paragraph (or prose cell)."""
    items: list[tuple[Figure, Figure, str]] = []  # (part, rate, name of the whole or "")
    for part, rate in itertools.pairwise(figures):
        if not part.is_money or rate.unit != "%" or part.value is None or rate.value is None:
            continue
        if rate.start - part.end > _MAX_GAP:
            continue
        m = _CONNECTOR.match(text[part.end:rate.start])
        if m is not None:
            items.append((part, rate, m["name"].strip()))
    parts = {id(p) for p, _, _ in items}
    for part, rate, name in items:
        where = location.at(part.start, rate.end)
        sentence = sentence_around(text, part.start, rate.end)
        if name:
            yield Claim("named_share", sentence, where, {"part": part, "rate": rate}, label=name, subject=subject)
            continue
        whole = _whole(figures, part, parts, [p for p, _, n in items if not n])
        if whole is not None:
            yield Claim("amount_share", sentence, where, {"whole": whole, "part": part, "rate": rate},
                        label=words_before(text, part.start), subject=subject)


def _whole(figures: list[Figure], part: Figure, parts: set[int], unnamed: list[Figure]) -> Figure | None:
    """The amount the unnamed shares of a paragraph are taken of: before the first of them, no item's part,
    at least as large as every part, in money."""
    first = min((p.start for p in unnamed), default=part.start)
    before = [f for f in figures if f.end <= first and f.is_money and f.value is not None and id(f) not in parts]
    if not before:
        return None
    whole = before[-1]
    biggest = max(p.in_yuan() for p in unnamed)
    return whole if whole.in_yuan() >= biggest else None
