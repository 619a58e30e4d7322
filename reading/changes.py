"""Changes against an earlier year stated in the prose, the way 部门预算/决算 explain their totals.

    "支出决算5284.60万元，比上年增加612.40万元，增长13.11%"
        → a change claim: current 5284.60, amount 612.40 (up), rate 13.11% (up)
    "2024年预算执行数为2310.45万元，2025年预算安排2188.70万元，比2024年预算执行数减少2.30%"
        → current 2188.70, previous 2310.45 (its words name the year compared with), rate 2.30% (down)

The current figure is the last money figure before the comparison in its sentence; the earlier one is a money
figure before it whose words name the period compared with (上年, 2024年). The passage's other amounts go with
the claim as its items, so that a rule can tell when one of them would explain the change instead. A rate is
read only with its percent sign: "增长13.95" may be a rate that lost its sign or a figure of another kind, and is
left alone.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from model.claims import Claim
from model.document import Location
from model.figure import Figure
from patterns.vocabulary import V
from reading.named import name_key
from reading.wording import YEAR_TEXT, sentence_around, sentence_end, sentence_start, words_before

# The comparison: 比上年 / 较2024年预算执行数 / 与上年相比 / 同比. The period is in group "base".
# Between the period and the direction word may stand the earlier figure itself ("与上年的2,310.85万元相比",
# "比2023年的3,210.40万元"): group "mid".
_COMPARISON = regex.compile(
    rf"(?:(?:比|较|与|同)\s*(?P<base>{V.change_bases.alternation()}|{YEAR_TEXT})"
    rf"(?P<mid>(?:[^，,。；;！？!?\n]|(?<=\d),(?=\d)){{0,24}}?)(?:相比|比较)?\s*[，,]?\s*|同比\s*)"
    rf"(?=(?:{V.change_directions.alternation()}))")
# "与上年相比，一般公共预算财政拨款支出增加483.34万元": the subject named after the comparison.
_SUBJECT_AFTER = regex.compile(
    rf"与\s*(?P<base>{V.change_bases.alternation()}|{YEAR_TEXT})\s*相比\s*[，,]\s*"
    rf"(?P<subject>[^，,。；;！？!?、\n\d]{{4,20}}?)(?=(?:{V.change_directions.alternation()}))")
_AFTER_WORD = regex.compile(rf"^\s*(?P<word>{V.change_directions.alternation()})\s*(?:了|为|约|达)?\s*$")
# Between an amount and the rate that follows it: "，增长", "，下降了", "，增幅为".
_RATE_AFTER_AMOUNT = regex.compile(
    rf"^\s*[，,]?\s*(?:同比)?\s*(?P<word>{V.change_directions.alternation()})\s*(?:了|为|约|达)?\s*$")
_SENTENCE_END = "。；;！？!?\n"
_PREVIOUS_WORDS = regex.compile(rf"{V.change_bases.alternation()}")


def changes(text: str, location: Location, figures: list[Figure]) -> Iterator[Claim]:
    """The change claims of one paragraph (or prose cell)."""
    yield from _subject_after(text, location, figures)
    floor = 0
    for m in _COMPARISON.finditer(text):
        after = [f for f in figures if f.start >= m.end()]
        read = _read_after(text, m.end(), after)
        if read is None:
            continue
        amount, rate, direction, end = read
        start = sentence_start(text, m.start(), floor, _SENTENCE_END)
        before = [f for f in figures if start <= f.start and f.end <= m.start() and f.value is not None]
        money = [f for f in before if f.is_money]
        if not money:
            continue
        current = money[-1]
        values = {"current": current}
        inside = [f for f in figures if m["mid"] is not None and m.start("mid") <= f.start and f.end <= m.end("mid")]
        if inside and not (len(inside) == 1 and inside[0].is_money):
            continue  # figures between the period and the word that are not the earlier amount: unread
        previous = inside[0] if inside else _previous(text, money[:-1], m["base"] or "上年", start)
        if previous is not None:
            values["previous"] = previous
        if amount is not None:
            values["amount"] = amount
        if rate is not None:
            values["rate"] = rate
        # Other amounts of the passage: the rule leaves a change alone that one of them would explain.
        others = [f for f in figures if floor <= f.start and f.end <= m.start() and f.is_money and f.value
                  and f is not current and f is not previous]
        floor = end
        # The claim's subject is the period compared with, as printed without spaces: 上年, 2023年.
        period = regex.sub(r"\s+", "", m["base"] or "上年")
        sentence = text[start:sentence_end(text, end, _SENTENCE_END)].strip()
        yield Claim("change", sentence, location.at(current.start, end), values,
                    label=direction, subject=period, items=tuple(("other", f) for f in others))


def _subject_after(text: str, location: Location, figures: list[Figure]) -> Iterator[Claim]:
    """Changes whose subject is named after the comparison; the current figure is the one amount the
    paragraph gave that name earlier, for this period (a 上年 figure of the name is the earlier one)."""
    for m in _SUBJECT_AFTER.finditer(text):
        read = _read_after(text, m.end(), [f for f in figures if f.start >= m.end()])
        if read is None:
            continue
        amount, rate, direction, end = read
        subject = name_key(m["subject"])
        named = [f for f in figures if f.end <= m.start() and f.is_money and f.value is not None
                 and name_key(words_before(text, f.start)).endswith(subject)]
        current = [f for f in named if not _PREVIOUS_WORDS.search(words_before(text, f.start))]
        if len({f.in_yuan() for f in current}) != 1:
            continue  # the name points at no amount, or at several
        values = {"current": current[-1]}
        previous = [f for f in named if _PREVIOUS_WORDS.search(words_before(text, f.start))]
        if len(previous) == 1:
            values["previous"] = previous[0]
        values |= {k: v for k, v in (("amount", amount), ("rate", rate)) if v is not None}
        period = regex.sub(r"\s+", "", m["base"])
        yield Claim("change", sentence_around(text, m.start(), end), location.at(m.start(), end), values,
                    label=direction, subject=period)


def _read_after(text: str, pos: int, after: list[Figure]) -> tuple[Figure | None, Figure | None, str, int] | None:
    """The amount and/or the rate after a comparison, and the direction their words give ("mixed" when the
    amount's word and the rate's word disagree)."""
    if not after:
        return None
    first = after[0]
    m = _AFTER_WORD.match(text[pos:first.start])
    if m is None or first.value is None:
        return None
    direction = V.change_directions.kind_of(m["word"])
    if first.unit == "%":
        return None, first, direction, first.end
    if not first.is_money:
        return None
    amount, rate = first, None
    if len(after) > 1 and after[1].unit == "%" and after[1].value is not None:
        m2 = _RATE_AFTER_AMOUNT.match(text[first.end:after[1].start])
        if m2 is not None:
            rate = after[1]
            if V.change_directions.kind_of(m2["word"]) != direction:
                direction = "mixed"
    return amount, rate, direction, (rate or amount).end


def _previous(text: str, candidates: list[Figure], base: str, floor: int) -> Figure | None:
    """The earlier year's figure: the last money figure whose words name the period compared with."""
    for fig in reversed(candidates):
        words = text[max(floor, fig.start - 20):fig.start]
        words = regex.split(r"[，,：:。；;]", words)[-1]
        if base in words or (not regex.match(YEAR_TEXT, base) and _PREVIOUS_WORDS.search(words)):
            return fig
    return None
