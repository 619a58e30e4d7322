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

import regex

from checks.criteria.model import Interpretation
from checks.criteria.parse import convention, interpret
from extractor.numbers import EMPTY_MARKERS
from extractor.tables import CODE, squeeze
from model.document import Document, Location, Row, Table
from model.figure import Figure
from model.rounding import at_precision

_TOTAL = regex.compile(r"^(合计|总计|小计|总分|得分合计|综合得分)")


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

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


def gather(doc: Document, claims=()) -> list[Indicator]:
    """Every indicator that has a scoring criterion somewhere in the document."""
    coded = _coded_rows(doc)
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
            out.append(_indicator(doc, claims, table, row, matches.get(row.index), text, interp, maximum))
    return out


def _indicator(doc, claims, table: Table, row: Row, match, text: str, interp: Interpretation,
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
    if code:
        for claim in claims:
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
    return any(_TOTAL.match(squeeze(c.text)) for c in table.row_cells(row.index))


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


def _match(table: Table, rows: list[Row], coded, taken: set) -> dict[int, tuple[Table, Row]]:
    """Criterion rows → coded rows: by code, then by equal, then by containing 三级 names, then by 二级."""
    out: dict[int, tuple[Table, Row]] = {}
    candidates = coded

    def claim(row: Row, hit: tuple[Table, Row]) -> None:
        out[row.index] = hit
        taken.add((id(hit[0]), hit[1].index))

    def free(hits):
        return [h for h in hits if (id(h[0]), h[1].index) not in taken]

    for row in rows:
        if row.code:
            hits = free([(t, r) for t, r in candidates if r.code == row.code and t is not table])
            if hits:
                claim(row, hits[0])
    tests = (
        lambda mine, theirs: mine[-1] == theirs[-1],
        lambda mine, theirs: min(len(mine[-1]), len(theirs[-1])) >= 4
        and (mine[-1] in theirs[-1] or theirs[-1] in mine[-1]),
        lambda mine, theirs: len(mine) >= 2 and mine[-2] and mine[-2] in theirs[1:],
    )
    for test in tests:
        for row in rows:
            if row.index in out or row.code:
                continue
            mine = _names(table, row)
            if not mine or not mine[-1]:
                continue
            hits = free([(t, r) for t, r in candidates if t is not table and test(mine, _names(t, r))])
            if len(hits) == 1 and (test is not tests[2] or _alone_in_group(table, row)):
                claim(row, hits[0])
    return out


def _alone_in_group(table: Table, row: Row) -> bool:
    """Matching by 二级 name is safe only when the 二级 cell covers this one row."""
    labels = [c.index for c in table.columns if c.role == "label"]
    if len(labels) < 2:
        return False
    return table.grid[row.index][labels[-2]].rowspan == 1

