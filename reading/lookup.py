"""Finding the table figures a prose statement talks about: by indicator code, by row label, by total."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import regex

from extractor.tables import CODE, squeeze
from model.document import Document, Location, Row, Table
from model.figure import Figure
from model.rounding import at_precision, figures_agree, sum_agrees
from patterns.vocabulary import V


@dataclass(frozen=True)
class TableValue:
    """A figure read from a table, or a sum of several, with where it came from."""

    figure: Figure
    location: Location
    parts: tuple[Figure, ...] = ()  # for sums: the figures that were added …
    part_locations: tuple[Location, ...] = ()  # … and their cells

    def agrees(self, stated: Figure) -> bool:
        """Whether a printed figure can be this table value, rounding of every printed figure allowed."""
        if self.parts:
            return sum_agrees(stated, self.parts)
        return figures_agree(stated, self.figure)

    @property
    def locations(self) -> tuple[Location, ...]:
        return self.part_locations or (self.location,)


def column_decimals(table: Table, col: int) -> int:
    """The most decimals any figure of a column is printed with: "35" among "24.9"s means 35.0."""
    cells = (line[col] for line in table.grid[table.header_rows:])
    return max((c.figure.decimals for c in cells if c.figure is not None and c.figure.value is not None), default=0)


def _sum(values: list[tuple[Figure, Location]]) -> TableValue:
    total = sum((f.value for f, _ in values), Decimal(0))
    decimals = max(f.decimals for f, _ in values)
    fig = Figure(text=f"{total:.{decimals}f}", value=total, decimals=decimals, unit=values[0][0].unit)
    return TableValue(fig, values[0][1], tuple(f for f, _ in values), tuple(loc for _, loc in values))


def is_score_table(table: Table) -> bool:
    return bool(table.columns_with("score") or table.columns_with("maximum"))


def data_rows(table: Table) -> Iterator[Row]:
    return (r for r in table.rows if r.kind == "data")


_GROUP_CODE = regex.compile(r"^[A-Z][0-9]*")
_GROUP_NOTE = regex.compile(r"[（(].*$")


def section_key(name: str) -> str:
    """ "决策类指标", "决策指标", "项目决策情况" and "决策" name one section."""
    key = squeeze(name)
    if prefix := V.section_prefixes.match(key):
        key = key[prefix.end:]
    if suffix := V.section_suffixes.match(key):
        key = key[:suffix.start]
    return key


def _group_name(group: str) -> str:
    """ "C产出指标(43分)" → "产出" """
    return section_key(_GROUP_NOTE.sub("", _GROUP_CODE.sub("", group)))


class ScoreIndex:
    """The score tables of a document, indexed for the questions prose claims ask of them.

    Built once per document: rows by indicator code, by the code prefixes they extend, by section name,
    and tables by the section names of their groups, so a look-up costs what its answer costs, not a
    walk over every table (which made restatement checks quadratic on long reports).
    """

    def __init__(self, doc: Document):
        self.tables = [t for t in doc.tables if is_score_table(t)]
        self._decimals: dict[tuple[int, int], int] = {}
        self._by_code: dict[str, list[tuple[Table, Row]]] = {}
        self._by_prefix: dict[str, list[tuple[Table, Row]]] = {}
        self._by_label: dict[str, list[tuple[Table, Row]]] = {}
        self._by_group: dict[str, list[Table]] = {}
        for t in self.tables:
            for r in t.rows:
                if r.kind == "header":
                    continue
                self._by_label.setdefault(section_key(r.label), []).append((t, r))
                if r.kind == "data" and r.code:
                    self._by_code.setdefault(r.code, []).append((t, r))
                    for k in range(1, len(r.code)):
                        self._by_prefix.setdefault(r.code[:k], []).append((t, r))
            for key in dict.fromkeys(_group_name(r.group) for r in data_rows(t) if r.group):
                self._by_group.setdefault(key, []).append(t)

    def column_decimals(self, table: Table, col: int) -> int:
        key = (id(table), col)
        if key not in self._decimals:
            self._decimals[key] = column_decimals(table, col)
        return self._decimals[key]

    def row_figure(self, table: Table, row: int, role: str) -> tuple[Figure, Location] | None:
        """The figure in this row's column of that role, read at the precision its column is printed with."""
        for col in table.columns_with(role):
            cell = table.grid[row][col]
            if cell.row == row and cell.figure is not None and cell.figure.value is not None:
                return at_precision(cell.figure, self.column_decimals(table, col)), table.cell_location(row, col)
        return None

    def by_code(self, code: str, role: str) -> TableValue | None:
        """The figure of the indicator with this code: its own row, or the sum of its children's rows."""
        for t, r in self._by_code.get(code, ()):
            if hit := self.row_figure(t, r.index, role):
                return TableValue(*hit)
        by_table: dict[int, list[Row]] = {}
        tables: dict[int, Table] = {}
        for t, r in self._by_prefix.get(code, ()):
            by_table.setdefault(id(t), []).append(r)
            tables[id(t)] = t
        for key, rows in by_table.items():
            t = tables[key]
            kids = [hit for r in rows if (hit := self.row_figure(t, r.index, role))]
            if kids:
                if len(code) == 1:
                    sub = next((r for r in t.rows if r.kind in ("subtotal", "total")), None)
                    if sub is not None and (hit := self.row_figure(t, sub.index, role)):
                        return TableValue(*hit)
                return _sum(kids)
        return None

    def by_label(self, name: str, role: str) -> TableValue | None:
        """A row whose label is this name (决策, 产出指标), or the subtotal of a table grouped under it."""
        key = section_key(name)
        if not key:
            return None
        for t, r in self._by_label.get(key, ()):
            if hit := self.row_figure(t, r.index, role):
                return TableValue(*hit)
        for t in self._by_group.get(key, ()):
            sub = [r for r in t.rows if r.kind == "subtotal" and (not r.group or _group_name(r.group) == key)]
            if sub and (hit := self.row_figure(t, sub[0].index, role)):
                return TableValue(*hit)
        return None

    def by_subject(self, subject: str, role: str) -> TableValue | None:
        """A claim's subject is an indicator code (C31) or a section name (决策)."""
        if not subject:
            return None
        if CODE.fullmatch(subject):
            return self.by_code(subject, role)
        return self.by_label(subject, role)

    @cached_property
    def total_candidates(self) -> list[TableValue]:
        """The document's total score as its tables give it: total rows first, then the sum of subtotals."""
        out: list[TableValue] = []
        tables = [t for t in self.tables if t.columns_with("score")]
        for t in tables:
            for r in t.rows:
                if r.kind == "total" and (hit := self.row_figure(t, r.index, "score")):
                    out.append(TableValue(*hit))
        subs = []
        for t in tables:
            rows = [r for r in t.rows if r.kind == "subtotal"]
            if len(rows) == 1 and not any(r.kind == "total" for r in t.rows) and (
                    hit := self.row_figure(t, rows[0].index, "score")):
                subs.append(hit)
        if len(subs) > 1:
            out.append(_sum(subs))
        return out
