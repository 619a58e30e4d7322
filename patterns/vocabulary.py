"""The keyword families of `vocabulary.toml`, loaded once, each with the matcher its shape gives.

    from patterns.vocabulary import V
    V.total_row.match("合计（万元）")        # Hit(kind="", word="合计", …)
    V.column_roles.kind_of("预算执行率")     # "ratio"
    "正文" in V.part_markers                 # True: the whole text is one of the words

A family's words are matched in the family's shape (see the file's header). A family with kinds
classifies: by default the first kind (in file order) with a matching word wins; `order = "longest"`
makes the longest matching word win across kinds. Character and value families (numeral characters,
money scales, comparator symbols) are read as data with `V.name.data`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import regex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PATH = Path(__file__).with_name("vocabulary.toml")
DIGIT = "0-9０-９"

# How a word must sit in the text: each shape is a regex around the alternation of the words.
SHAPES = {
    "whole": r"^(?P<word>{words})$",
    "label": r"^(?P<word>{words})(?:[（(：:].*)?$",
    "label-suffix": r"^.{{0,12}}(?P<word>{words})(?:[（(：:].*)?$",
    "prefix": r"^(?P<word>{words})",
    "suffix": r"(?P<word>{words})$",
    "contains": r"(?P<word>{words})",
}


@dataclass(frozen=True)
class Hit:
    kind: str
    word: str
    start: int
    end: int


@dataclass(frozen=True)
class Kind:
    """One kind of a family: its words with their sample phrases, in one shape; or a pattern."""

    kind: str
    shape: str
    words: dict[str, str]  # word → sample phrase
    pattern: str = ""  # a regex instead of words (numbering styles)
    samples: tuple[str, ...] = ()  # for a pattern
    extra: dict = field(default_factory=dict)  # other keys of the entry (render, heading_level, …)

    def alternation(self) -> str:
        return "|".join(regex.escape(w) for w in sorted(self.words, key=len, reverse=True))

    @cached_property
    def regex(self) -> regex.Pattern:
        if self.pattern:
            return regex.compile(self.pattern)
        return regex.compile(SHAPES[self.shape].format(words=self.alternation()))


@dataclass(frozen=True)
class Family:
    name: str
    about: str
    kinds: tuple[Kind, ...]
    order: str = "kinds"  # or "longest"
    data: dict = field(default_factory=dict)  # a character or value family's table as declared

    @property
    def words(self) -> tuple[str, ...]:
        """Every word of the family, longest first."""
        return tuple(sorted({w for k in self.kinds for w in k.words}, key=len, reverse=True))

    def match(self, text: str) -> Hit | None:
        """The family's word in `text` in its shape, or None."""
        hits = []
        for k in self.kinds:
            m = k.regex.search(text)
            if m is None:
                continue
            word = m.group("word") if "word" in k.regex.groupindex else m.group(0)
            hit = Hit(k.kind, word, m.start(), m.end())
            if self.order == "kinds":
                return hit
            hits.append(hit)
        return max(hits, key=lambda h: len(h.word), default=None)

    def kind_of(self, text: str) -> str | None:
        hit = self.match(text)
        return hit.kind if hit is not None else None

    def __contains__(self, text: str) -> bool:
        return self.match(text) is not None

    def alternation(self) -> str:
        """The words as one regex alternation, longest first, for a grammar that embeds them."""
        return "|".join(regex.escape(w) for w in self.words)

    def kind(self, name: str) -> Kind:
        return next(k for k in self.kinds if k.kind == name)


def _family(name: str, table: dict) -> Family:
    about = table.get("about", "")
    if "kinds" in table:
        kinds = tuple(_kind(entry, entry.get("shape", table.get("shape", "contains"))) for entry in table["kinds"])
    elif "words" in table:
        kinds = (Kind("", table.get("shape", "contains"), dict(table["words"])),)
    else:
        kinds = ()
    data = {k: v for k, v in table.items() if k not in ("about", "kinds", "words", "shape", "order")}
    return Family(name, about, kinds, table.get("order", "kinds"), data)


def _kind(entry: dict, shape: str) -> Kind:
    extra = {k: v for k, v in entry.items() if k not in ("kind", "shape", "words", "pattern", "samples")}
    pattern = entry.get("pattern", "")
    if pattern:
        pattern = pattern.replace("{numeral}", NUMERALS).replace("{digit}", DIGIT)
    return Kind(entry["kind"], shape, dict(entry.get("words", {})), pattern, tuple(entry.get("samples", ())), extra)


class Vocabulary:
    """Every family of the file, by name as an attribute."""

    def __init__(self, tables: dict):
        self.families = {name: _family(name, table) for name, table in tables.items()}

    def __getattr__(self, name: str) -> Family:
        try:
            return self.__dict__["families"][name]
        except KeyError:
            raise AttributeError(f"no keyword family {name!r} in {PATH.name}") from None


_TABLES = tomllib.loads(PATH.read_text(encoding="utf-8"))
_N = _TABLES["numeral_chars"]
NUMERALS = _N["digits"] + _N["tens"]  # the characters of a Chinese ordinal: 二十一, 两百
COUNT_NUMERALS = NUMERALS + _N["large"]  # and of a count: 一万二千
V = Vocabulary(_TABLES)
