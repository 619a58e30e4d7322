"""The national 项目支出绩效自评表: its 项目资金 rows, its 绩效指标 rows and its 总分, read into plain rows.

A 自评表 is recognised by its own header rows, never by its title: a row headed 全年预算数 / 全年执行数 /
执行率 opens the fund part, a row headed 年度指标值 / 实际完成值 / 分值 / 得分 the indicator part, and the
row labelled 总分 closes it. The two parts may sit in one table (DOCX and XLSX, with merged cells) or in
tables of their own, and the indicator part may run on into the next table after a repeated header (a
PDF page break). A part the document does not hold both of is no 自评表: nothing is read from it.

Merged 一级/二级 cells are repeated on every row they cover; a blank one (a text rendering without
merges) carries the level above down.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.numbers import find_figures
from extractor.tables import squeeze
from model.document import Document, Location, Table
from model.figure import Figure
from patterns.vocabulary import Family, V

FUND_NEEDS = frozenset({"budget", "actual", "rate"})
INDICATOR_NEEDS = frozenset({"target", "measured", "maximum", "score"})
MAX_TAIL = 6  # what may follow a value's figure: a unit the number reader does not know (平方米, （套）, /公里)
PROSE_MARKS = "，,。；;、：:"


@dataclass(frozen=True)
class Entry:
    """One cell of a 自评表 row: its text, its figure (None for prose or a blank) and where it is."""

    text: str
    figure: Figure | None
    where: Location

    @property
    def value(self):
        return self.figure.value if self.figure is not None else None

    @property
    def blank(self) -> bool:
        return not squeeze(self.text) or self.text.strip() in V.empty_markers


@dataclass(frozen=True)
class FundRow:
    """A 项目资金 row: 年度资金总额 (kind "total"), one of its sources ("part"), or a row not named either."""

    label: str
    kind: str
    where: Location
    initial: Entry | None = None
    budget: Entry | None = None
    actual: Entry | None = None
    maximum: Entry | None = None
    rate: Entry | None = None
    score: Entry | None = None


@dataclass(frozen=True)
class IndicatorRow:
    first: str  # 一级指标
    second: str  # 二级指标
    third: str  # 三级指标
    where: Location
    target: Entry | None = None  # 年度指标值
    measured: Entry | None = None  # 实际完成值
    maximum: Entry | None = None  # 分值
    score: Entry | None = None  # 得分
    reason: Entry | None = None  # 偏差原因分析及改进措施

    @property
    def name(self) -> str:
        return self.third or self.second or self.first


@dataclass(frozen=True)
class TotalRow:
    label: str
    where: Location
    maximum: Entry | None = None
    score: Entry | None = None


@dataclass
class SelfEvaluation:
    """One 自评表: the tables it spans and the rows read from them."""

    tables: list[Table] = field(default_factory=list)
    fund_columns: dict[str, int] = field(default_factory=dict)  # kind → column, from the fund part's header
    funds: list[FundRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    total: TotalRow | None = None

    @property
    def scored_fund(self) -> FundRow | None:
        """The fund row the 预算执行率 is scored on: the one with a 分值, else 年度资金总额."""
        with_weight = [f for f in self.funds if f.maximum is not None and f.maximum.value is not None]
        if with_weight:
            return with_weight[0]
        return next((f for f in self.funds if f.kind == "total"), None)


class SelfEvaluations(list):
    """The 自评表 of a document, and whether the document states the proportional 执行率 scoring rule."""

    def __init__(self, evaluations: list[SelfEvaluation], rule_stated: bool):
        super().__init__(evaluations)
        self.rule_stated = rule_stated


# --- recognising the header rows ------------------------------------------------------------------

def header_columns(table: Table, r: int, family: Family) -> dict[str, int]:
    """Each kind of the family named by a cell of row r, with the first column it heads."""
    out: dict[str, int] = {}
    for c, cell in enumerate(table.grid[r]):
        text = squeeze(cell.text)
        if not text or cell.row != r:
            continue
        kind = family.kind_of(text)
        if kind is not None and kind not in out:
            out[kind] = c
    return out


def fund_header(table: Table, r: int) -> dict[str, int] | None:
    cols = header_columns(table, r, V.self_eval_fund_columns)
    return cols if cols.keys() >= FUND_NEEDS else None


def indicator_header(table: Table, r: int) -> dict[str, int] | None:
    cols = header_columns(table, r, V.self_eval_indicator_columns)
    return cols if cols.keys() >= INDICATOR_NEEDS else None


# --- reading the rows -----------------------------------------------------------------------------

def entry(table: Table, r: int, c: int | None) -> Entry | None:
    """The cell at (r, c) when it starts in row r; a cell merged down from the row above is not this row's."""
    if c is None:
        return None
    cell = table.cell(r, c)
    if cell is None or cell.row != r:
        return None
    return Entry(cell.text, cell.figure, table.cell_location(cell.row, cell.col))


def label_before(table: Table, r: int, first_value: int) -> str:
    """The row's own label: the text of the cells that start in this row left of its first value column."""
    parts = [squeeze(c.text) for c in table.row_cells(r) if c.col < first_value and squeeze(c.text)]
    return parts[-1] if parts else ""


def read_fund_row(table: Table, r: int, cols: dict[str, int]) -> FundRow | None:
    values = {kind: entry(table, r, c) for kind, c in cols.items()}
    if not any(values[k] is not None and values[k].value is not None for k in ("budget", "actual")):
        return None
    label = label_before(table, r, min(cols.values()))
    if not label:
        return None  # figures with no label of their own: a row shifted out of its columns
    kind = V.self_eval_fund_rows.kind_of(label) or ""
    return FundRow(label, kind, table.cell_location(r, 0), **{k: values.get(k) for k in
                   ("initial", "budget", "actual", "maximum", "rate", "score")})


def level_text(table: Table, r: int, c: int | None) -> str:
    if c is None:
        return ""
    cell = table.cell(r, c)
    return squeeze(cell.text) if cell is not None else ""


def is_total_row(table: Table, r: int, first_value: int) -> bool:
    labels = [squeeze(c.text) for c in table.grid[r][:first_value] if squeeze(c.text)]
    return any(label in V.self_eval_total for label in labels)


@dataclass
class _Reader:
    """Walks the document's tables in order, one 自评表 at a time."""

    done: list[SelfEvaluation] = field(default_factory=list)
    current: SelfEvaluation | None = None
    mode: str = ""  # "funds", "indicators" or "" (between parts)
    cols: dict[str, int] = field(default_factory=dict)
    width: int = 0  # columns of the table the indicator part started in
    carried: tuple[str, str] = ("", "")  # the 一级 and 二级 of the indicator row above

    def close(self) -> None:
        ev = self.current
        if ev is not None and ev.funds and ev.indicators:
            self.done.append(ev)
        self.current, self.mode = None, ""

    def table(self, table: Table) -> None:
        continues = self.mode == "indicators" and not any(
            fund_header(table, r) or indicator_header(table, r) for r in range(min(3, table.n_rows)))
        if continues and table.n_cols != self.width:
            if _closes_with_total(table):
                # The rest of the indicator part after a page break, its columns laid out anew: it is
                # this 自评表's (no other rule reads its 总分 as a table's), but its rows cannot be placed.
                self.current.tables.append(table)
            continues = False
        if not continues:
            self.mode = ""  # a part ends with its table unless the next one continues it
        for r in range(table.n_rows):
            self.row(table, r)

    def row(self, table: Table, r: int) -> None:
        if (cols := fund_header(table, r)) is not None:
            self.close()
            self.current, self.mode, self.cols = SelfEvaluation([table], cols), "funds", cols
            return
        if (cols := indicator_header(table, r)) is not None:
            self.indicator_part(table, cols)
            return
        if self.current is None:
            return
        if self.mode == "funds":
            fund = read_fund_row(table, r, self.cols)
            if fund is not None:
                self.current.funds.append(fund)
            elif not any(c.figure is not None and c.figure.value is not None for c in table.row_cells(r)):
                self.mode = ""  # a row of words (年度总体目标) ends the fund part
        elif self.mode == "indicators":
            self.indicator_row(table, r)

    def indicator_part(self, table: Table, cols: dict[str, int]) -> None:
        ev = self.current
        repeated = ev is not None and ev.indicators and ev.total is None and table is not ev.tables[-1]
        if ev is None or ev.total is not None or (ev.indicators and not repeated):
            self.close()  # an indicator part with no fund part of its own is no 自评表
            self.current = SelfEvaluation(tables=[table])
        elif table not in self.current.tables:
            self.current.tables.append(table)
        if not repeated:
            self.carried = ("", "")
        self.mode, self.cols, self.width = "indicators", cols, table.n_cols

    def indicator_row(self, table: Table, r: int) -> None:
        ev, cols = self.current, self.cols
        if table not in ev.tables:
            ev.tables.append(table)
        first_value = min(cols[k] for k in INDICATOR_NEEDS)
        if is_total_row(table, r, first_value):
            ev.total = TotalRow(label_before(table, r, first_value), table.cell_location(r, 0),
                                maximum=_covering(table, r, cols["maximum"]),
                                score=_covering(table, r, cols["score"]))
            self.mode = ""
            return
        maximum, score = entry(table, r, cols["maximum"]), entry(table, r, cols["score"])
        if maximum is None or maximum.figure is None or maximum.value is None:
            return  # a row with no weight is no indicator (a note, a blank line)
        first = level_text(table, r, cols.get("first")) or self.carried[0]
        second = level_text(table, r, cols.get("second")) or (self.carried[1] if first == self.carried[0] else "")
        self.carried = (first, second)
        ev.indicators.append(IndicatorRow(
            first, second, level_text(table, r, cols.get("third")), table.cell_location(r, 0),
            target=entry(table, r, cols["target"]), measured=entry(table, r, cols["measured"]),
            maximum=maximum, score=score, reason=_reason(table, r, cols.get("reason"))))


def _closes_with_total(table: Table) -> bool:
    last = next((r for r in reversed(range(table.n_rows)) if any(squeeze(c.text) for c in table.grid[r])), None)
    return last is not None and any(squeeze(c.text) in V.self_eval_total for c in table.grid[last][:2])


def _covering(table: Table, r: int, c: int) -> Entry | None:
    """The figure printed over column c of a total row, from the cell covering it (a 总分 row's merges
    need not follow the header's)."""
    cell = table.cell(r, c)
    if cell is None or cell.row != r or cell.figure is None:
        return None
    return Entry(cell.text, cell.figure, table.cell_location(cell.row, cell.col))


def _reason(table: Table, r: int, c: int | None) -> Entry | None:
    """The 偏差原因 cell, from the cell covering it: one explanation merged over a group of rows is given
    for each of them."""
    if c is None:
        return None
    cell = table.cell(r, c)
    if cell is None:
        return None
    return Entry(cell.text, cell.figure, table.cell_location(cell.row, cell.col))


def rule_stated(doc: Document) -> bool:
    """Whether the document states that the 预算执行率 score is 分值 × 执行率."""
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for c in t.cells()]
    return any(squeeze(t) in V.self_eval_score_rule for t in texts if "执行率" in t)


def read_self_evaluations(doc: Document) -> SelfEvaluations:
    reader = _Reader()
    for table in doc.tables:
        reader.table(table)
    reader.close()
    return SelfEvaluations(reader.done, rule_stated(doc))


# --- a 年度指标值 against its 实际完成值 -------------------------------------------------------------

@dataclass(frozen=True)
class Quantity:
    """A target or an actual value read from its cell: one figure, which way it binds, what follows it."""

    figure: Figure
    comparator: str | None  # "≥", "≤", ">", "<" or None for a plain figure
    tail: str  # the text after the figure ("/公里", "（套）", "月" of 个月)


def quantity(text: str) -> Quantity | None:
    """A cell that states one quantity, with at most a comparator around it; None for anything else
    (prose, a date, two figures)."""
    s = squeeze(text)
    comparator = None
    for _ in range(2):  # a word before the figure and one after it (控制在1800元以内)
        hit = V.target_comparator_words.match(s)
        if hit is None:
            break
        if comparator is not None and hit.kind != comparator:
            return None
        comparator, s = hit.kind, s[:hit.start] + s[hit.end:]
    figures = find_figures(s)
    if len(figures) != 1 or figures[0].value is None:
        return None
    fig = figures[0]
    head = s[:fig.start]
    if head and head not in V.comparators.data["symbols"]:
        return None
    if fig.comparator is not None:
        if comparator is not None and fig.comparator != comparator:
            return None
        comparator = fig.comparator
    elif head:
        comparator = V.comparators.data["symbols"][head]
    if comparator == "=":
        comparator = None
    tail = s[fig.end:]
    if len(tail) > MAX_TAIL or any(ch in PROSE_MARKS for ch in tail):
        return None  # a figure in a sentence ("2处水源超标，已整改"), not a value with its unit
    return Quantity(fig, comparator, tail)


def direction(second: str, target: Quantity) -> str | None:
    """Which way a target is met: its comparator, else what its 二级指标 says; None when unclear."""
    if target.comparator is not None:
        return target.comparator
    kind = V.self_eval_directions.kind_of(second)
    if kind == "at_least":
        return "≥"
    if kind == "at_most":
        return "≤"
    if kind == "time":
        if target.figure.is_percent:
            return "≥"  # a 及时率
        if target.tail in V.self_eval_time_words or target.figure.unit in V.self_eval_time_words:
            return "≤"  # a duration
    return None


def target_met(row: IndicatorRow) -> bool | None:
    """Whether the 实际完成值 meets the 年度指标值, as the two cells state them; None when they cannot be
    compared (prose, different units, an actual stated as a bound, a direction the row does not say)."""
    if row.target is None or row.measured is None:
        return None
    target, actual = quantity(row.target.text), quantity(row.measured.text)
    if target is None or actual is None or actual.comparator is not None:
        return None
    t, a = target.figure, actual.figure
    bare = a.unit is None and not actual.tail  # "594" under "611人": the target's unit
    if not bare and (a.unit != t.unit or actual.tail != target.tail):
        return None
    way = direction(row.second, target)
    if way is None:
        return None
    return {"≥": a.value >= t.value, ">": a.value > t.value, "≤": a.value <= t.value,
            "<": a.value < t.value}[way]
