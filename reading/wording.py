"""How the prose names its figures: the words before a figure, the sentence around it, the years it names.

One set of helpers for every reader of prose amounts (shares, changes, comparisons, named amounts, formula
operands), so a label or a sentence is cut the same way wherever it is read.
"""

from __future__ import annotations

import regex

CLAUSE_STOPS = "。；;，,：:！？!?\n"  # where the words naming a figure begin
NAME_STOPS = CLAUSE_STOPS + "、（(）)"  # the same, and brackets and list commas: a bare name
SENTENCE_STOPS = "。！？!?\n"
YEAR_TEXT = r"(?:19|20)\d{2}\s*年(?:度)?"  # 2024年, 2024 年度: for patterns that embed a year
YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")


def words_before(text: str, start: int, stops: str = CLAUSE_STOPS, reach: int | None = 40) -> str:
    """The words right before a position, back to the previous stop (at most `reach` characters)."""
    i = start
    while i > 0 and text[i - 1] not in stops and (reach is None or start - i < reach):
        i -= 1
    return text[i:start].strip()


def sentence_start(text: str, pos: int, floor: int = 0, stops: str = SENTENCE_STOPS) -> int:
    while pos > floor and text[pos - 1] not in stops:
        pos -= 1
    return pos


def sentence_end(text: str, pos: int, stops: str = SENTENCE_STOPS) -> int:
    """Just past the stop that ends the sentence at `pos` (or the end of the text)."""
    while pos < len(text) and text[pos] not in stops:
        pos += 1
    return min(pos + 1, len(text))


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]."""
    return text[sentence_start(text, start):sentence_end(text, end)].strip()


def year_of(words: str) -> int | None:
    """The last year named in some words ("2025年预算安排" → 2025), or None."""
    found = YEAR.findall(words)
    return int(found[-1]) if found else None
