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
from reading.shares import sentence_around, words_before

_NAME = r"[\p{Han}]{2,10}?"
_HEDGE = r"(?:基本|大致|大体|略|稍|远|明显)?"
_RELATION = regex.compile(
    rf"(?P<left>{_NAME}){_HEDGE}(?P<word>{V.comparison_words.alternation()})(?P<right>{_NAME})(?=[，,。；;：:（(]|$)"
    rf"|(?P<left>{_NAME})(?:与|和|同)(?P<right>{_NAME})(?:相比)?(?P<hedge>{_HEDGE})(?P<word>"
    rf"{V.comparison_words.kind('equal').alternation()})")
_CORE_SUFFIX = regex.compile(r"(?:数额|金额|数|额)$")


def comparisons(text: str, location: Location, figures: list[Figure]) -> Iterator[Claim]:
    """The comparison claims of one paragraph; each one's subject is the comparing words as printed."""
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
