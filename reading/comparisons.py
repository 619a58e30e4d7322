"""Words that compare two figures stated before them: "预算数为830.15万元，决算数为812.40万元，决算数大于
预算数" states a relation (greater) between two named amounts of its paragraph.

Each side is a name ("决算数", "预算数"); the figure it names is a money figure earlier in the paragraph whose
words contain the name's core (决算, 预算: the name without a trailing 数/额). A side that names no figure,
or names several figures of different values, leaves the sentence unread.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from model.claims import Claim
from model.document import Location
from model.figure import Figure
from patterns.vocabulary import V
from reading.named import name_key
from reading.wording import sentence_around, sentence_start, words_before

_NAME = r"[\p{Han}]{2,10}?"
_HEDGE = r"(?:基本|大致|大体|略|稍|远|明显)?"
_RELATION = regex.compile(
    rf"(?P<left>{_NAME}){_HEDGE}(?P<word>{V.comparison_words.alternation()})(?P<right>{_NAME})(?=[，,。；;：:（(的]|$)"
    rf"|(?P<left>{_NAME})(?:与|和|同)(?P<right>{_NAME})(?:相比)?(?P<hedge>{_HEDGE})(?P<word>"
    rf"{V.comparison_words.kind('equal').alternation()})")
_CORE_SUFFIX = regex.compile(r"(?:数额|金额|数|额)$")
# "支出25.36万元，与上年的25.63万元持平": the earlier figure printed inside the comparison.
_WITH_PERIOD = regex.compile(rf"(?:与|和|同)\s*(?:{V.change_bases.alternation()}|(?:19|20)\d{{2}}\s*年度?)"
                             rf"[\p{{Han}}]{{0,8}}?的?\s*$")
_EQUAL_AFTER = regex.compile(rf"\s*(?:相比)?\s*(?P<hedge>{_HEDGE})"
                             rf"(?P<word>{V.comparison_words.kind('equal').alternation()})")


def comparisons(text: str, location: Location, figures: list[Figure]) -> Iterator[Claim]:
    """The comparison claims of one paragraph; each one's subject is the comparing words as printed."""
    yield from equal_to_period(text, location, figures)
    for m in _RELATION.finditer(text):
        if m["hedge"] or _hedged(text, m):
            continue  # "基本持平", "略高于": not a claim a figure can contradict exactly
        before = [f for f in figures if f.end <= m.start() and f.is_money and f.value is not None]
        left, right = _named(text, before, m["left"]), _named(text, before, m["right"])
        if left is None or right is None or left is right:
            continue
        kind = V.comparison_words.kind_of(m["word"])
        yield Claim("comparison", sentence_around(text, m.start(), m.end()), location.at(m.start(), m.end()),
                    {"left": left, "right": right}, label=kind, subject=m[0], pattern="comparison")


def equal_to_period(text: str, location: Location, figures: list[Figure]) -> Iterator[Claim]:
    """ "X万元，与上年的Y万元持平": X and Y stated equal, Y being the earlier period's figure."""
    money = [f for f in figures if f.is_money and f.value is not None]
    for i, right in enumerate(money):
        before = _WITH_PERIOD.search(text, 0, right.start)
        after = _EQUAL_AFTER.match(text, right.end)
        if before is None or after is None or after["hedge"]:
            continue
        first = sentence_start(text, before.start())
        earlier = [f for f in money[:i] if f.start >= first and f.end <= before.start()]
        if not earlier:
            continue
        end = after.end()
        yield Claim("comparison", sentence_around(text, before.start(), end), location.at(before.start(), end),
                    {"left": earlier[-1], "right": right}, label="equal", subject=text[before.start():end],
                    pattern="comparison")


def _hedged(text: str, m: regex.Match) -> bool:
    word_start = m.start("word")
    return bool(regex.search(rf"{_HEDGE}$", text[max(0, word_start - 2):word_start])[0])


def _named(text: str, figures: list[Figure], name: str) -> Figure | None:
    core = _CORE_SUFFIX.sub("", name_key(name))
    if len(core) < 2:
        return None
    hits = [f for f in figures if core in name_key(words_before(text, f.start))]
    if not hits or len({f.in_yuan() for f in hits}) > 1:
        return None
    return hits[-1]
