"""Finding the table figures a prose statement talks about: by indicator code, by row label, by total."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from extractor.tables import squeeze
from model.document import Document, Location, Row, Table
from model.figure import Figure
from model.rounding import at_precision, figures_agree, sum_agrees


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


def score_tables(doc: Document) -> list[Table]:
    return [t for t in doc.tables if t.columns_with("score") or t.columns_with("maximum")]


def row_figure(table: Table, row: int, role: str) -> tuple[Figure, Location] | None:
    """The figure in this row's column of that role, read at the precision its column is printed with."""
    for col in table.columns_with(role):
        cell = table.grid[row][col]
        if cell.row == row and cell.figure is not None and cell.figure.value is not None:
            return at_precision(cell.figure, column_decimals(table, col)), table.cell_location(row, col)
    return None


def column_decimals(table: Table, col: int) -> int:
    """The most decimals any figure of a column is printed with: "35" among "24.9"s means 35.0."""
    cells = (line[col] for line in table.grid[table.header_rows:])
    return max((c.figure.decimals for c in cells if c.figure is not None and c.figure.value is not None), default=0)


def data_rows(table: Table) -> Iterator[Row]:
    return (r for r in table.rows if r.kind == "data")


def _sum(values: list[tuple[Figure, Location]]) -> TableValue:
    total = sum((f.value for f, _ in values), Decimal(0))
    decimals = max(f.decimals for f, _ in values)
    fig = Figure(text=f"{total:.{decimals}f}", value=total, decimals=decimals, unit=values[0][0].unit)
    return TableValue(fig, values[0][1], tuple(f for f, _ in values), tuple(loc for _, loc in values))


def by_code(doc: Document, code: str, role: str) -> TableValue | None:
    """The figure of the indicator with this code: its own row, or the sum of its children's rows."""
    tables = score_tables(doc)
    for t in tables:
        for r in data_rows(t):
            if r.code == code and (hit := row_figure(t, r.index, role)):
                return TableValue(*hit)
    for t in tables:
        kids = [hit for r in data_rows(t) if r.code and r.code != code and r.code.startswith(code)
                and (hit := row_figure(t, r.index, role))]
        if kids:
            if len(code) == 1:
                sub = next((r for r in t.rows if r.kind in ("subtotal", "total")), None)
                if sub is not None and (hit := row_figure(t, sub.index, role)):
                    return TableValue(*hit)
            return _sum(kids)
    return None


def by_label(doc: Document, name: str, role: str) -> TableValue | None:
    """A row whose label is this name (决策, 产出指标), or the subtotal of a table grouped under it."""
    key = section_key(name)
    if not key:
        return None
    for t in score_tables(doc):
        for r in t.rows:
            if r.kind == "header":
                continue
            label = section_key(r.label)
            if label == key and (hit := row_figure(t, r.index, role)):
                return TableValue(*hit)
    for t in score_tables(doc):
        groups = {r.group for r in data_rows(t) if r.group}
        if any(_group_name(g) == key for g in groups):
            sub = [r for r in t.rows if r.kind == "subtotal" and (not r.group or _group_name(r.group) == key)]
            if sub and (hit := row_figure(t, sub[0].index, role)):
                return TableValue(*hit)
    return None


def _group_name(group: str) -> str:
    """ "C产出指标(43分)" → "产出" """
    import regex

    g = regex.sub(r"^[A-Z][0-9]*", "", group)
    g = regex.sub(r"[（(].*$", "", g)
    return section_key(g)


def section_key(name: str) -> str:
    """ "决策类指标", "决策指标", "项目决策情况" and "决策" name one section."""
    import regex

    key = squeeze(name)
    key = regex.sub(r"^(?:项目)", "", key)
    return regex.sub(r"(?:类指标|指标|类|方面|情况)$", "", key)


def total_candidates(doc: Document) -> list[TableValue]:
    """The document's total score as its tables give it: total rows first, then the sum of subtotals."""
    out: list[TableValue] = []
    tables = [t for t in score_tables(doc) if t.columns_with("score")]
    for t in tables:
        for r in t.rows:
            if r.kind == "total" and (hit := row_figure(t, r.index, "score")):
                out.append(TableValue(*hit))
    subs = []
    for t in tables:
        rows = [r for r in t.rows if r.kind == "subtotal"]
        if len(rows) == 1 and not any(r.kind == "total" for r in t.rows) and (hit := row_figure(t, rows[0].index,
                                                                                                 "score")):
            subs.append(hit)
    if len(subs) > 1:
        out.append(_sum(subs))
    return out
