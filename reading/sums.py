"""The sums a table states, and whether the table's own arithmetic confirms reading them so.

Each table is read several ways (`reading.structure`): by the layout analysis of the extractor (小计/合计
rows over the rows pointing at them, ①② under their row), by classification codes, by closing rows over
the lines they close on each side of a two-sided table, and each 合计 column over the columns after or
before it. The reading under which most of the table's sums hold is the table's; it is used only when it
explains the great majority of them: at least one holds, and what holds, together with the sums that one
wrong cell explains (a cell whose correction mends two or more broken sums at once), is at least twice
what stays unexplained. A table whose reading is not confirmed gives no finding: its figures stay
unchecked in the coverage, and the reason is kept for `--explain` and `gouji extract`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from extractor.tables import FOOTED_ROLES
from model.document import Table
from model.figure import Figure, present
from model.rounding import sum_agrees
from patterns.vocabulary import V
from reading.structure import (
    Identity,
    Pos,
    closing_columns,
    code_reading,
    segments,
    sides_equal,
    words_reading,
)

__all__ = ["Identity", "Pos", "Repair", "TableSums", "components", "exact_sum", "holds", "identities", "localise",
           "solve", "table_sums"]

# Columns a 合计 column adds up. Budget and actual columns are different measures of one thing,
# so a 合计 column beside them is not their sum.
_ADDEND_ROLES = frozenset({"amount", "count"})


# --- arithmetic of identities -----------------------------------------------------------------------


def holds(ident: Identity, values: dict[Pos, Figure]) -> bool:
    return sum_agrees(values[ident.total], [values[p] for p in ident.parts])


def exact_sum(ident: Identity, values: dict[Pos, Figure]) -> Decimal:
    return sum((values[p].value for p in ident.parts), Decimal(0))


def solve(ident: Identity, pos: Pos, values: dict[Pos, Figure]) -> Decimal:
    """The value `pos` must take for the identity to hold exactly, the other cells as printed."""
    if pos == ident.total:
        return exact_sum(ident, values)
    others = sum((values[p].value for p in ident.parts if p != pos), Decimal(0))
    return values[ident.total].value - others


@dataclass(frozen=True)
class Repair:
    pos: Pos
    value: Decimal
    via: Identity  # the broken identity the value was solved from


def localise(idents: Iterable[Identity], broken: list[Identity], values: dict[Pos, Figure]) -> Repair | None:
    """The one cell whose correction makes every broken identity hold and breaks none that held."""
    by_cell: dict[Pos, list[Identity]] = {}
    for ident in idents:
        for pos in ident.cells():
            by_cell.setdefault(pos, []).append(ident)
    found: dict[Pos, Repair] = {}
    for ident in broken:
        for pos in ident.cells():
            if pos in found:
                continue
            fig = values[pos]
            value = solve(ident, pos, values).quantize(fig.ulp, rounding=ROUND_HALF_UP)
            trial = {**values, pos: replace(fig, value=value)}
            if all(holds(i, trial) for i in broken) and all(holds(i, trial) for i in by_cell[pos]):
                found[pos] = Repair(pos, value, ident)
    return next(iter(found.values())) if len(found) == 1 else None


def components(broken: list[Identity]) -> list[list[Identity]]:
    """Broken identities grouped by shared cells: each group may have its own single culprit."""
    groups: list[tuple[set[Pos], list[Identity]]] = []
    for ident in broken:
        cells = set(ident.cells())
        merged = [g for g in groups if g[0] & cells]
        for g in merged:
            groups.remove(g)
            cells |= g[0]
        groups.append((cells, [i for g in merged for i in g[1]] + [ident]))
    return [g[1] for g in sorted(groups, key=lambda g: min(g[0]))]


# --- the table's reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSums:
    """A table with the sums its readings state, the figure at every position they touch, and which of the
    sums are judged (those of the readings the table's arithmetic confirms)."""

    table: Table
    identities: tuple[Identity, ...]
    values: dict[Pos, Figure]
    reading: str  # which reading explained the table best: "layout", "codes", "closing rows", …
    holding: int
    broken: int
    explained: int  # broken sums one wrong cell explains
    confirmed: bool  # every reading it was read with is confirmed
    ambiguous: bool  # the readings disagree, so the table's arithmetic had to decide
    judged: tuple[Identity, ...] = ()  # the sums of the confirmed readings: what GJ101 reports from

    def note(self, lang: str = "zh") -> str:
        """What the reading found, for --explain and `gouji extract`."""
        n = len(self.identities)
        names = _READING_NAMES[self.reading]
        if lang == "en":
            verdict = "confirmed" if self.confirmed else "not confirmed: no finding is reported from it"
            return (f"table {self.table.location.table}: read by {names[1]}, {n} sums, {self.holding} hold, "
                    f"{self.broken} do not ({self.explained} explained by one wrong cell); {verdict}")
        verdict = "结构已由本表算术确认" if self.confirmed else "结构未获本表算术确认，不据此报告"
        return (f"表{self.table.location.table}：按{names[0]}读出 {n} 个合计关系，{self.holding} 个成立，"
                f"{self.broken} 个不成立（其中 {self.explained} 个可由一处错误解释）；{verdict}")


_READING_NAMES = {
    "layout": ("合计行与分组", "total rows and groups"),
    "segments": ("科目编码、合计行与左右两栏", "codes, closing rows and sides"),
}


def table_sums(tables: Iterable[Table]) -> list[TableSums]:
    out = []
    for table in tables:
        found = read_sums(table)
        if found is not None:
            out.append(found)
    return out


def read_sums(table: Table) -> TableSums | None:
    """The reading of the table its arithmetic supports best, with whether it is confirmed."""
    candidates = [("layout", layout_identities(table))]
    segs = segments(table)
    if segs:
        by_segment: list[Identity] = []
        for seg in segs:
            by_segment.extend(_best([code_reading(table, seg), words_reading(table, seg)], table))
        by_segment.extend(sides_equal(table, segs))
        candidates.append(("segments", by_segment))
    name, rows = max(candidates, key=lambda c: _rank(c[1], table))  # max keeps the first of equals: layout
    if rows and _rank(rows, table)[2] == 0:
        # Readings under which every sum holds do not compete: each states sums the table confirms.
        rows = _unique([i for _, other in candidates if other and _rank(other, table)[2] == 0 for i in other])
    columns, columns_ambiguous = _column_reading(table)
    everything = _unique([*rows, *columns])
    if not everything:
        return None
    values = {pos: table.figure_at(*pos) for ident in everything for pos in ident.cells()}
    broken = [i for i in everything if not holds(i, values)]
    # Broken sums one wrong cell explains (it mends two or more at once, rows and columns alike).
    explained = {id(i) for group in components(broken) if len(group) >= 2
                 and localise(everything, group, values) is not None for i in group}
    # Readings that disagree, or one that sees sums where another sees none, leave it to the arithmetic;
    # the row reading and the column reading are hypotheses of their own, each confirmed on its own sums.
    rows_ambiguous = any(_keys(other) != _keys(rows) for _, other in candidates)
    kept = [part for part, ambiguous in ((rows, rows_ambiguous), (columns, columns_ambiguous))
            if part and (_confirmed(part, broken, explained) if ambiguous else _plausible(part, broken, explained))]
    idents = _unique([i for part in kept for i in part])
    n_broken = sum(1 for i in everything if i in broken)
    return TableSums(table, tuple(everything), values, name, len(everything) - n_broken, n_broken,
                     len(explained), _keys(idents) == _keys(everything), rows_ambiguous or columns_ambiguous,
                     tuple(idents))


def _confirmed(part: list[Identity], broken: list[Identity], explained: set[int]) -> bool:
    """At least one sum holds, and what stays unexplained is one sum or at most half of what is explained."""
    bad = [i for i in part if i in broken]
    unexplained = sum(1 for i in bad if id(i) not in explained)
    good = len(part) - len(bad) + (len(bad) - unexplained)
    return len(part) > len(bad) and unexplained <= max(1, good // 2)


def _plausible(part: list[Identity], broken: list[Identity], explained: set[int]) -> bool:
    """Even a reading nothing disputes explains nothing when every one of its sums breaks, each on its own:
    the 总分 of a 自评表 that also counts a row of another table breaks in every column it closes."""
    return len(part) == 1 or any(i not in broken or id(i) in explained for i in part)


def _rank(idents: list[Identity], table: Table) -> tuple[int, bool, int]:
    """Identities that hold, then a reading that sees any sum over one that sees none, then fewer that break.
    (A reading that breaks is still judged by the gate; seeing nothing would hide it.)"""
    values = {pos: table.figure_at(*pos) for ident in idents for pos in ident.cells()}
    ok = sum(1 for i in idents if holds(i, values))
    return ok, bool(idents), -(len(idents) - ok)


def _best(readings: list[list[Identity]], table: Table) -> list[Identity]:
    return max(readings, key=lambda r: _rank(r, table))


def _keys(idents: list[Identity]) -> set[tuple]:
    return {(i.total, i.parts) for i in idents}


def _unique(idents: list[Identity]) -> list[Identity]:
    seen: set[tuple] = set()
    out = []
    for ident in idents:
        key = (ident.total, ident.parts)
        if key not in seen:
            seen.add(key)
            out.append(ident)
    return out


# --- the layout reading (the extractor's analysis of rows) ----------------------------------------------


def _units_agree(figs: Iterable[Figure]) -> bool:
    return len({f.unit for f in figs if f.unit is not None}) <= 1


def _codes_nest(table: Table, rows: list[int]) -> bool:
    """Whether one child's indicator code is the prefix of another's (A1 above A11): the analysis
    left a hierarchy flat, so the children double-count and the identity is not the table's."""
    codes = [table.rows[r].code for r in rows if table.rows[r].code]
    return any(a != b and b.startswith(a) for a in codes for b in codes)


def _children(table: Table) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for row in table.rows:
        if row.kind != "header" and row.parent is not None:
            kids.setdefault(row.parent, []).append(row.index)
    return kids


def _total_span_orphans(table: Table, parent: int, kids: list[int]) -> list[int]:
    """Level-0 data rows a 合计 spans but no 小计 claimed: they belong in the total's sum too."""
    if table.rows[parent].kind != "total" or not all(table.rows[k].kind == "subtotal" for k in kids):
        return []
    totals = [r.index for r in table.rows if r.kind == "total"]
    if parent == min(table.body_rows(), default=parent):
        lo, hi = parent, table.n_rows
    else:
        lo, hi = max((t for t in totals if t < parent), default=table.header_rows - 1), parent
    return [r.index for r in table.rows
            if lo < r.index < hi and r.kind == "data" and r.level == 0 and r.parent is None]


def layout_identities(table: Table) -> list[Identity]:
    """The row sums the extractor's layout analysis shows (Row.parent)."""
    out: list[Identity] = []
    kids = _children(table)
    footed = [c.index for c in table.columns if c.role in FOOTED_ROLES]
    for parent, rows in sorted(kids.items()):
        if any(V.sub_item.match(table.rows[r].label) for r in rows) or _codes_nest(table, rows):
            continue  # 其中 lists some components only
        rows = sorted(rows + _total_span_orphans(table, parent, rows))
        for c in footed:
            total = table.figure_at(parent, c)
            parts = [(r, c) for r in rows if present(table.figure_at(r, c))]
            if not present(total) or not parts:
                continue
            if not _units_agree([total, *(table.figure_at(*p) for p in parts)]):
                continue
            out.append(Identity((parent, c), tuple(parts), "row"))
    return out


def identities(table: Table) -> list[Identity]:
    """Every sum the layout analysis and the 合计 columns state (before any reading is chosen)."""
    return [*layout_identities(table), *_column_reading(table)[0]]


# --- 合计 columns ----------------------------------------------------------------------------------------


def _column_reading(table: Table) -> tuple[list[Identity], bool]:
    """Each 合计 column over the value columns after it or before it, whichever its rows support; and
    whether a column could be read both ways."""
    out: list[Identity] = []
    ambiguous = False
    for c, after, before in closing_columns(table):
        options = [ids for addends in (before, after) if (ids := _column_sums(table, c, addends))]
        ambiguous = ambiguous or len(options) > 1
        if options:
            out.extend(_best(options, table))
    return out, ambiguous


def _column_sums(table: Table, c: int, addends: list[int]) -> list[Identity]:
    if len(addends) < 2 or any(table.columns[a].role not in _ADDEND_ROLES for a in addends):
        return []
    out = []
    for r in table.body_rows():
        if table.rows[r].kind == "note":
            continue
        total = table.figure_at(r, c)
        parts = [(r, a) for a in addends if present(table.figure_at(r, a))]
        if not present(total) or not parts:
            continue
        if not _units_agree([total, *(table.figure_at(*p) for p in parts)]):
            continue
        out.append(Identity((r, c), tuple(parts), "col"))
    return out
