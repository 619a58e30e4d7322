"""Amounts the document names: each label (本年支出合计, 财政拨款收入, 城乡社区支出) with every money figure it is
given, in the tables and in the prose.

A table line's amount is the figure of its side's 合计 column, or else of its first value column; a prose
amount is a money figure with the words right before it ("本年支出合计5301.25万元"). Labels are compared
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
from patterns.vocabulary import V
from reading.outline import numbering
from reading.structure import lines, segments
from reading.wording import NAME_STOPS, YEAR, YEAR_TEXT, words_before

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
        prose_units = _prose_units(doc)
        for table in doc.tables:
            unit = _restated_unit(table, prose_units)
            for seg in segments(table):
                column = _amount_column(table, seg.value_cols)
                side = _side(table, seg) if len(segments(table)) > 1 else None
                for line in lines(table, seg):
                    fig = table.figure_at(line.row, column)
                    if present(fig) and fig.unit is None and unit is not None:
                        fig = fig.with_unit(unit)
                    if line.label and present(fig) and fig.is_money:
                        named = Named(fig, table.cell_location(line.row, column), "table", table.location.table)
                        self._add(line.label, named)
                        if side and name_key(line.label) in _BARE_TOTALS:
                            self._add(side + name_key(line.label), named)  # 总计 of the 收入 side: 收入总计
        for block in doc.blocks:
            if isinstance(block, Paragraph) and block.kind != "toc":
                for fig in block.figures:
                    if fig.is_money and fig.value is not None:
                        label = words_before(block.text, fig.start, NAME_STOPS, reach=30)
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


RESTATED_AT_LEAST = Decimal(1000)  # smaller amounts restated to the digit may be a coincidence


def _prose_units(doc: Document) -> dict[Decimal, set[str]]:
    """The money units the prose prints each amount in."""
    units: dict[Decimal, set[str]] = {}
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for fig in block.figures:
                if fig.is_money and fig.value is not None and abs(fig.value) >= RESTATED_AT_LEAST:
                    units.setdefault(fig.value, set()).add(fig.unit)
    return units


def _restated_unit(table, prose_units: dict[Decimal, set[str]]) -> str | None:
    """The unit of a table that declares none, when the prose restates its amounts in one unit ("合计
    71,408,215.36" in the table, "收入合计为 71,408,215.36 元" in the text): the document's own word for it."""
    seen: set[str] = set()
    for row in table.grid:
        for cell in row:
            fig = cell.figure
            if fig is not None and fig.unit is None and fig.value is not None:
                seen |= prose_units.get(fig.value, set())
    return next(iter(seen)) if len(seen) == 1 else None


_BARE_TOTALS = ("总计", "合计")


def _side(table, seg) -> str | None:
    """收入 or 支出: the side a segment of a two-sided table is on, from its columns' headers."""
    kinds = {V.flow_sides.kind_of(table.columns[c].header) for c in (*seg.label_cols, *seg.value_cols)}
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else None


def _amount_column(table, value_cols: tuple[int, ...]) -> int:
    """A line's amount: its 合计 column when the side has one (统筹基金 | 个人账户 | 合计), else its first."""
    return next((c for c in value_cols if table.columns[c].role == "total"), value_cols[0])


_TOTAL_WORDS = regex.compile("合计|总计")
_OTHER_PERIOD = regex.compile(r"上年|去年|上一年|同期|以前年度|年初预算|调整")
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
        years = set(YEAR.findall(key))
        if years and years != {year}:
            continue
        name = next((t for t in table_names if key.endswith(t)), None)
        if name is None:
            continue
        lines = tuple(n for n in named.by_name[name] if n.source == "table")
        out.extend(Restatement(p, p.label, name, lines) for p in prose)
    return out


def _about_an_item(doc: Document, named: Named) -> bool:
    """Whether the paragraph, before the amount, or the block just before it (the item's own heading line,
    "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。") names an item: a 类/款/项, a quoted name, 其中."""
    block = named.location.block
    text = doc.blocks[block].text[:named.location.start or 0]
    previous = doc.blocks[block - 1] if block else None
    heading = previous.text if isinstance(previous, Paragraph) else ""
    return text in V.item_subjects or heading in V.item_subjects


def document_year(doc: Document) -> str | None:
    """The year the document is about: the first year its title or first headings name."""
    for block in doc.blocks[:8]:
        if isinstance(block, Paragraph) and (m := YEAR.search(block.text)):
            return m[1]
    return None


_LEADING_YEAR = regex.compile(rf"^{YEAR_TEXT}")


@dataclass(frozen=True)
class AliasedTotal:
    """A prose amount named as the year's income or expenditure in other words than the tables' (决算收入),
    with the amounts of the table lines it stands for (本年收入合计)."""

    prose: Named
    kind: str  # "income" or "expenditure"
    name: str  # the table line's name
    lines: tuple[Named, ...]


def aliased_totals(doc: Document, named: NamedAmounts) -> list[AliasedTotal]:
    year = document_year(doc)
    out = []
    for key, items in named.by_name.items():
        unit_named = V.self_subjects.match(key)
        own = key[unit_named.end:] if unit_named else key
        stripped = _LEADING_YEAR.sub("", own)
        if stripped != own and YEAR.match(own)[1] != year:
            continue  # another year's figure
        hit = V.year_total_aliases.match(stripped)
        if hit is None:
            continue
        for total in V.year_total_aliases.kind(hit.kind).extra["total"]:
            lines = tuple(n for k, ns in named.by_name.items() if k.endswith(total) and not _OTHER_PERIOD.search(k)
                          for n in ns if n.source == "table")
            if lines:
                out.extend(AliasedTotal(p, hit.kind, total, lines) for p in items
                           if p.source == "prose" and not _about_an_item(doc, p))
                break
    return out
