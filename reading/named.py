"""Amounts the document names: each label (本年支出合计, 财政拨款收入, 城乡社区支出) with every money figure it is
given, in the tables and in the prose.

A table line's amount is the figure of its side's first value column (the 决算数 or 合计 column); a prose
amount is a money figure with the words right before it ("本年支出合计9759.38万元"). Labels are compared
without spaces, list numbers, punctuation or a trailing 为/是, so "一、本年支出合计" and "本年支出合计为" name one
amount. Values are kept in 元, so 万元 and 元 figures of one amount agree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import regex

from extractor.tables import squeeze
from model.document import Document, Location, Paragraph
from model.figure import Figure, present
from reading.outline import numbering
from reading.structure import lines, segments

_NOISE = regex.compile(r"[\s\p{P}\p{S}]+")
_TRAILING = regex.compile(r"(?:为|是|达|约|共计|合计为|总计为)$")
_LEADING = regex.compile(r"^(?:其中|含|包括|即)")


def name_key(label: str) -> str:
    """The form a label is compared in: 一、本年支出合计（万元）为 → 本年支出合计."""
    text = squeeze(label)
    num = numbering(text)
    if num is not None:
        text = num.title
    text = regex.sub(r"[（(][^（）()]*[)）]$", "", text)  # a unit or note in brackets at the end
    text = _LEADING.sub("", _TRAILING.sub("", unicodedata.normalize("NFKC", text)))
    return _NOISE.sub("", text)


@dataclass(frozen=True)
class Named:
    figure: Figure
    location: Location
    source: str  # "table" or "prose"
    table: int | None = None  # the table's ordinal, for a table figure
    label: str = ""  # the words that name it, as printed

    @property
    def yuan(self) -> Decimal:
        return self.figure.in_yuan()


class NamedAmounts:
    """Every named money amount of a document, by name."""

    def __init__(self, doc: Document):
        self.by_name: dict[str, list[Named]] = {}
        for table in doc.tables:
            for seg in segments(table):
                column = seg.value_cols[0]
                for line in lines(table, seg):
                    fig = table.figure_at(line.row, column)
                    if line.label and present(fig) and fig.is_money:
                        self._add(line.label, Named(fig, table.cell_location(line.row, column), "table",
                                                    table.location.table))
        for block in doc.blocks:
            if isinstance(block, Paragraph) and block.kind != "toc":
                for fig in block.figures:
                    if fig.is_money and fig.value is not None:
                        label = _label_before(block.text, fig.start)
                        if label:
                            self._add(label, Named(fig, block.location.at(fig.start, fig.end), "prose",
                                                   label=label))

    def _add(self, label: str, named: Named) -> None:
        key = name_key(label)
        if len(key) >= 2:
            self.by_name.setdefault(key, []).append(named)

    def get(self, name: str) -> list[Named]:
        return self.by_name.get(name_key(name), [])

    def in_tables(self, name: str) -> list[Named]:
        return [n for n in self.get(name) if n.source == "table"]


def _label_before(text: str, start: int) -> str:
    i = start
    while i > 0 and text[i - 1] not in "，,。；;：:、（(）)！？!?\n" and start - i < 30:
        i -= 1
    return text[i:start].strip()


_TOTAL_WORDS = regex.compile("合计|总计")
_OTHER_PERIOD = regex.compile(r"上年|去年|上一年|同期|以前年度|年初预算|调整")
_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")
MIN_TOTAL_NAME = 4  # "总计" alone names the total of any table; "收入总计", "本年支出合计" name one


@dataclass(frozen=True)
class Restatement:
    """A prose amount named as a table's total: the prose figure, the name, every table line of that name."""

    prose: Named
    prose_label: str  # the words before the prose figure, as printed
    name: str
    lines: tuple[Named, ...]


def total_restatements(doc: Document, named: NamedAmounts) -> list[Restatement]:
    """Prose amounts whose words end with the name of a table's total line (本部门2024年度收入总计 → 收入总计),
    about the document's own year (a figure of 上年 or of another year is not a restatement)."""
    table_names = sorted({key for key, items in named.by_name.items()
                          if len(key) >= MIN_TOTAL_NAME and _TOTAL_WORDS.search(key)
                          and any(n.source == "table" for n in items)}, key=len, reverse=True)
    year = document_year(doc)
    out = []
    for key, items in named.by_name.items():
        prose = [n for n in items if n.source == "prose"]
        if not prose or _OTHER_PERIOD.search(key):
            continue
        years = set(_YEAR.findall(key))
        if years and years != {year}:
            continue
        name = next((t for t in table_names if key.endswith(t)), None)
        if name is None:
            continue
        lines = tuple(n for n in named.by_name[name] if n.source == "table")
        out.extend(Restatement(p, p.label, name, lines) for p in prose)
    return out


def document_year(doc: Document) -> str | None:
    """The year the document is about: the first year its title or first headings name."""
    for block in doc.blocks[:8]:
        if isinstance(block, Paragraph) and (m := _YEAR.search(block.text)):
            return m[1]
    return None
