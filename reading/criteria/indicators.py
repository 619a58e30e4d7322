"""Indicators with their criterion, weight, stated scores and measured value, gathered from the tables.

A criterion may sit in the indicator table itself or in an attached 评分表 whose rows carry names but no
codes; such a row is matched to the coded row with the same 三级指标 name (whitespace and punctuation
ignored, one name containing the other allowed), or, failing that, the same 二级指标 name. The measured
value comes from the 业绩值/实际完成值 cell (a figure, or the one percentage in its text) and from rates
the prose states under the indicator's code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from extractor.numbers import EMPTY_MARKERS, find_figures
from extractor.tables import CODE, is_subtotal_label, is_total_label, squeeze
from model.document import Document, Location, Row, Table
from model.figure import Figure
from model.rounding import at_precision
from patterns.vocabulary import V
from reading.criteria.model import Interpretation
from reading.criteria.parse import convention, interpret


@dataclass(frozen=True)
class Cited:
    """A figure as printed in one place."""

    figure: Figure
    location: Location
    source: str = "table"  # "table" or "prose"


@dataclass
class Indicator:
    code: str
    name: str
    criterion: str
    criterion_at: Location
    interpretation: Interpretation
    maximum: Figure | None = None
    scores: list[Cited] = field(default_factory=list)  # the coded table's cell first
    measured: list[Cited] = field(default_factory=list)  # distinct values, the table's first
    measured_text: str = ""  # the 业绩值 cell as printed, for qualitative inputs
    measured_at: Location | None = None
    event_count: Cited | None = None  # for a criterion scoring one kind of event: how many the cell states

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


def gather(doc: Document, claims=()) -> list[Indicator]:
    """Every indicator that has a scoring criterion somewhere in the document."""
    coded = CodedRows(_coded_rows(doc))
    by_subject: dict[str, list] = {}
    for claim in claims:
        if claim.subject and claim.kind in ("ratio", "rate", "shares"):
            by_subject.setdefault(claim.subject, []).append(claim)
    taken: set[tuple[int, int]] = set()
    out: list[Indicator] = []
    for table in doc.tables:
        cols = table.columns_with("criterion")
        if not cols:
            continue
        rows = [r for r in table.rows if r.kind == "data" and not _is_total(table, r)]
        matches = _match(table, rows, coded, taken)
        table_partial = None
        for row in rows:
            cell = table.grid[row.index][cols[0]]
            text = cell.text.strip()
            if cell.row != row.index or squeeze(text) in EMPTY_MARKERS:
                continue
            own, below = convention(text)
            maximum = _figure(table, row, "maximum")
            interp = interpret(text, maximum.figure.value if maximum else None, table_partial,
                               "table" if table_partial else "")
            if own is not None and below:
                table_partial = own  # 下同: the rows below read part units the same way
            out.append(_indicator(by_subject, table, row, matches.get(row.index), text, interp, maximum))
    return out


def _indicator(by_subject: dict[str, list], table: Table, row: Row, match, text: str, interp: Interpretation,
               maximum: Cited | None) -> Indicator:
    other_table, other_row = match if match else (table, row)
    code = other_row.code or row.code or ""
    name = _display_name(other_table, other_row) or _display_name(table, row)
    ind = Indicator(code, name, text, table.cell_location(row.index, table.columns_with("criterion")[0]), interp,
                    maximum.figure if maximum else None)
    if ind.maximum is None and (m := _figure(other_table, other_row, "maximum")):
        ind.maximum = m.figure
    for t, r in _distinct([(other_table, other_row), (table, row)]):
        if (s := _figure(t, r, "score")) is not None:
            ind.scores.append(s)
        for fig, loc, cell_text in _measured(t, r):
            if ind.measured_at is None:
                ind.measured_text, ind.measured_at = cell_text, loc
            if fig is not None:
                _add(ind.measured, Cited(fig, loc))
    if interp.kind == "per_event" and len(interp.events) == 1:
        ind.event_count = _event_count(ind)
    if code:
        for claim in by_subject.get(code, ()):
            named = claim.kind == "rate" and claim.label and (claim.label in ind.name or ind.name in claim.label)
            if (claim.kind == "ratio" or named) and claim.subject == code and claim.values["rate"].is_percent:
                rate = claim.values["rate"]
                _add(ind.measured, Cited(rate, claim.figure_location(rate), "prose"))
            elif claim.kind == "shares" and claim.subject == code:
                # "服务对象满意度83.6%" in the indicator's paragraph: the share named like the indicator
                for label, share in claim.items:
                    if label and (label in ind.name or ind.name in label):
                        _add(ind.measured, Cited(share, claim.figure_location(share), "prose"))
    return ind


_CLAUSE = regex.compile(r"[，,。；;]")
_EVENT_UNITS = frozenset(V.event_units.words)


def _event_count(ind: Indicator) -> Cited | None:
    """A count of the criterion's event stated in the measured cell ("投诉 2 次"; "无投诉" is 0)."""
    name = ind.interpretation.events[0].name
    if len(name) < 2 or ind.measured_at is None:
        return None
    for clause in (c for c in _CLAUSE.split(ind.measured_text) if c.strip()):
        if name not in clause:
            continue
        counts = [f for f in find_figures(clause) if f.unit in _EVENT_UNITS and f.value is not None]
        if len(counts) == 1:
            return Cited(counts[0], ind.measured_at)
        if any(w + name in clause for w in V.no_event_words.words):
            return Cited(Figure(text=f"无{name}", value=Decimal(0)), ind.measured_at)
    return None


def _add(cited: list[Cited], new: Cited) -> None:
    if all(c.figure.value != new.figure.value for c in cited):
        cited.append(new)


def _distinct(pairs):
    seen = set()
    for t, r in pairs:
        key = (id(t), r.index)
        if key not in seen:
            seen.add(key)
            yield t, r


def _is_total(table: Table, row: Row) -> bool:
    return any(is_total_label(t) or is_subtotal_label(t) for t in (squeeze(c.text) for c in table.row_cells(row.index)))


def _figure(table: Table, row: Row, role: str) -> Cited | None:
    for col in table.columns_with(role):
        cell = table.grid[row.index][col]
        if cell.row == row.index and cell.figure is not None and cell.figure.value is not None:
            fig = cell.figure
            if role == "score":
                fig = at_precision(fig, _column_decimals(table, col))
            return Cited(fig, table.cell_location(row.index, col))
    return None


def _column_decimals(table: Table, col: int) -> int:
    """Scores printed in one column share a precision: a 5 among 2.35 and 38.6 means 5.00."""
    return max((c.figure.decimals for c in (table.grid[r][col] for r in range(table.header_rows, table.n_rows))
                if c.figure is not None and c.figure.value is not None), default=0)


def _measured(table: Table, row: Row):
    for col in table.columns_with("measured"):
        cell = table.grid[row.index][col]
        if cell.row != row.index or cell.is_blank:
            continue
        loc = table.cell_location(row.index, col)
        if cell.figure is not None:
            yield (cell.figure if cell.figure.value is not None else None), loc, cell.text
            continue
        rates = {f.value: f for f in cell.figures if f.is_percent and f.value is not None}
        if len(rates) == 1:
            (fig,) = rates.values()
            yield fig, loc.at(fig.start, fig.end), cell.text
        else:
            yield None, loc, cell.text


# --- matching a criterion row to its coded indicator row ---------------------------------------------


def _coded_rows(doc: Document) -> list[tuple[Table, Row]]:
    return [(t, r) for t in doc.tables for r in t.rows if r.kind == "data" and r.code]


def _names(table: Table, row: Row) -> list[str]:
    """The row's label texts from the broadest to the most specific, codes and punctuation removed."""
    out = []
    for col in table.columns:
        if col.role != "label":
            continue
        text = table.grid[row.index][col.index].text
        out.append(_key(text))
    return out


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", squeeze(text))
    if m := CODE.match(text):
        text = text[m.end():]
    text = regex.sub(r"[（(][^)）]*分[)）]", "", text)  # "（22 分）" in a group label
    return regex.sub(r"[\p{P}\p{S}\s]+", "", text)


def _display_name(table: Table, row: Row) -> str:
    label = squeeze(row.label)
    if m := CODE.match(label):
        label = label[m.end():]
    return label


class CodedRows:
    """The coded indicator rows of a document, with their names, indexed for the matching tests below."""

    def __init__(self, rows: list[tuple[Table, Row]]):
        self.rows = rows
        self.names = [_names(t, r) for t, r in rows]
        self.by_code: dict[str, list[int]] = {}
        self.by_last: dict[str, list[int]] = {}
        self.by_gram: dict[str, list[int]] = {}  # 4-character pieces of the last name
        self.by_upper: dict[str, list[int]] = {}  # names above the first level (二级, 三级)
        for i, ((_, r), names) in enumerate(zip(rows, self.names, strict=True)):
            if r.code:
                self.by_code.setdefault(r.code, []).append(i)
            last = names[-1] if names else ""
            self.by_last.setdefault(last, []).append(i)
            for gram in dict.fromkeys(last[k:k + 4] for k in range(len(last) - 3)):
                self.by_gram.setdefault(gram, []).append(i)
            for name in dict.fromkeys(names[1:]):
                self.by_upper.setdefault(name, []).append(i)

    def same_last(self, mine: list[str]) -> list[int]:
        return self.by_last.get(mine[-1], [])

    def containing(self, mine: list[str]) -> list[int]:
        """Rows whose last name contains mine or is contained in it, both at least 4 characters."""
        name = mine[-1]
        if len(name) < 4:
            return []
        found = {i for i in self.by_gram.get(name[:4], ()) if name in self.names[i][-1]}
        for start in range(len(name)):
            for end in range(start + 4, len(name) + 1):
                found.update(self.by_last.get(name[start:end], ()))
        return sorted(found)

    def same_upper(self, mine: list[str]) -> list[int]:
        """Rows that name my 二级 name among theirs."""
        if len(mine) < 2 or not mine[-2]:
            return []
        return self.by_upper.get(mine[-2], [])


def _match(table: Table, rows: list[Row], coded: CodedRows, taken: set) -> dict[int, tuple[Table, Row]]:
    """Criterion rows → coded rows: by code, then by equal, then by containing 三级 names, then by 二级."""
    out: dict[int, tuple[Table, Row]] = {}

    def claim(row: Row, hit: tuple[Table, Row]) -> None:
        out[row.index] = hit
        taken.add((id(hit[0]), hit[1].index))

    def free(indices: list[int]) -> list[tuple[Table, Row]]:
        hits = (coded.rows[i] for i in indices)
        return [h for h in hits if h[0] is not table and (id(h[0]), h[1].index) not in taken]

    for row in rows:
        if row.code:
            hits = free(coded.by_code.get(row.code, []))
            if hits:
                claim(row, hits[0])
    tests = (coded.same_last, coded.containing, coded.same_upper)
    for test in tests:
        for row in rows:
            if row.index in out or row.code:
                continue
            mine = _names(table, row)
            if not mine or not mine[-1]:
                continue
            hits = free(test(mine))
            if len(hits) == 1 and (test is not coded.same_upper or _alone_in_group(table, row)):
                claim(row, hits[0])
    return out


def _alone_in_group(table: Table, row: Row) -> bool:
    """Matching by 二级 name is safe only when the 二级 cell covers this one row."""
    labels = [c.index for c in table.columns if c.role == "label"]
    if len(labels) < 2:
        return False
    return table.grid[row.index][labels[-2]].rowspan == 1

