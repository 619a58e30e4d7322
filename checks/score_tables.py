"""GJ2xx: indicator score tables — scores against weights, rates against scores, tables against each other.

A score table has a maximum column (权重, 分值) and a score column (得分), often a rate column (得分率).
Sums inside one table are GJ101's; this family checks what only a score table states: a score cannot
exceed its weight, a 得分率 is 得分 ÷ 分值, a weight printed in a label (（22 分）) is the weight the rows
carry, and the per-dimension tables of a report add up to its overall score table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

import regex

from checks.footing import body_rows, cell_key, figure_at, present
from checks.registry import Context, rule
from extractor.numbers import find_figures
from extractor.tables import squeeze
from model.document import Document, Table
from model.figure import Figure
from model.findings import Finding
from model.rounding import compare, fmt, round_to, sum_agrees, ulps

Pos = tuple[int, int]

# "（22 分）", "（满分 22 分）"; not "（每项 2 分）", which is a scoring rule rather than a weight.
_STATED_POINTS = regex.compile(
    r"[（(]\s*(?:满分|权重|分值|总分|共|计)?\s*(?P<num>[0-9]+(?:\.[0-9]+)?)\s*分\s*[)）]"
)
_TOTAL_TEXT = regex.compile(r"^(合计|总计|总分|综合得分|得分合计|总得分)")
_EXECUTION_RATIO = regex.compile(r"执行率|完成率|到位率")


@dataclass(frozen=True)
class ScoreColumns:
    maximum: int
    score: int
    rate: int | None


def score_columns(table: Table) -> list[ScoreColumns]:
    """Each score column with the maximum column it is scored against and the rate column after it."""
    maxima = table.columns_with("maximum")
    rates = table.columns_with("rate")
    out: list[ScoreColumns] = []
    for s in table.columns_with("score"):
        left = [m for m in maxima if m < s]
        m = left[-1] if left else (maxima[0] if maxima else None)
        if m is None:
            continue
        right = [r for r in rates if r > s]
        out.append(ScoreColumns(m, s, right[0] if right else None))
    return out


def row_name(table: Table, r: int) -> str:
    row = table.rows[r]
    name = row.label or row.group or f"第{r + 1}行"
    if row.kind in ("subtotal", "total") and row.group and row.group not in name:
        name = row.group + name
    return name


# --- GJ201 --------------------------------------------------------------------------------------


@rule("GJ201", "score-exceeds-maximum", "error", "得分超过分值", "A score exceeds its weight")
def score_exceeds_maximum(ctx: Context) -> Iterator[Finding]:
    """What it does
    In every table with a maximum column (权重, 分值, 满分) and a score column (得分), compares each row's
    score with the maximum on the same row.

    Why is this bad?
    An indicator cannot earn more than its weight; a score above it is a typing error or a score
    copied from another row, and every subtotal, rate and grade built on it is wrong too.

    Example
    | 二级指标 | 分值 | 得分 |
    | --- | --- | --- |
    | 过程 | 20 | 22.5 |

    Use instead
    A score no greater than its weight (过程 20 分，得 20 分), or the weight the scoring rules really give.
    """
    for table in ctx.doc.tables:
        for cols in score_columns(table):
            exceeded: dict[int, str] = {}  # row → key of the finding that explains it
            for r in _children_first(table):
                maximum, score = figure_at(table, (r, cols.maximum)), figure_at(table, (r, cols.score))
                if not (present(maximum) and present(score)) or maximum.is_percent or score.is_percent:
                    continue  # a weight in percent is not on the scale of the points scored
                ctx.touch(table.cell_location(r, cols.maximum), table.cell_location(r, cols.score))
                if score.value <= maximum.value:
                    continue
                name = row_name(table, r)
                # A 小计 above its weight because one of its rows is: the row is the error.
                cause = next((exceeded[k.index] for k in table.rows if k.parent == r and k.index in exceeded), "")
                key = cell_key("GJ201", table, (r, cols.score))
                exceeded[r] = cause or key
                yield Finding(
                    rule="GJ201", severity="info" if cause else "error", consequence_of=cause,
                    message=f"{name} 得分 {score.text} 超过其分值 {maximum.text}"
                    + ("（由其明细超分所致）" if cause else ""),
                    message_en=f"{name}: score {score.text} exceeds its weight {maximum.text}"
                    + (" (because one of its rows does)" if cause else ""),
                    location=table.cell_location(r, cols.score), stated_text=score.text,
                    stated_value=score.value, expected_value=maximum.value,
                    delta_ulps=ulps(score, maximum.value), unit=score.unit,
                    evidence=f"{name}：分值 {maximum.text}，得分 {score.text}",
                    related=(table.cell_location(r, cols.maximum),), key=key,
                )


def _children_first(table: Table) -> list[int]:
    """Body rows ordered so that every row comes after the rows that sum into it."""
    def depth(r: int) -> int:
        d, row = 0, table.rows[r]
        while row.parent is not None and d < len(table.rows):
            d, row = d + 1, table.rows[row.parent]
        return d

    return sorted(body_rows(table), key=lambda r: (-depth(r), r))


# --- GJ202 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateCell:
    table: Table
    pos: Pos
    stated: Figure
    exact: Decimal  # in the stated figure's unit
    operands: tuple[Pos, Pos]  # numerator, denominator


def _as_stated(stated: Figure, ratio: Decimal) -> Decimal | None:
    """A ratio of one in the stated figure's unit; None when the unit cannot be told."""
    if stated.unit == "%":
        return ratio * 100
    if stated.unit == "‰":
        return ratio * 1000
    if stated.unit is None and stated.value is not None and stated.value <= 1 and stated.decimals >= 2:
        return ratio
    return None


def _rate_cell(table: Table, r: int, rate_col: int, num_col: int, den_col: int) -> RateCell | None:
    stated, num, den = (figure_at(table, (r, c)) for c in (rate_col, num_col, den_col))
    if not (present(stated) and present(num) and present(den)) or den.value <= 0:
        return None
    if stated.comparator is not None:
        return None
    exact = _as_stated(stated, num.value / den.value)
    if exact is None:
        return None
    return RateCell(table, (r, rate_col), stated, exact, ((r, num_col), (r, den_col)))


def score_rates(table: Table) -> list[RateCell]:
    out = []
    for cols in score_columns(table):
        if cols.rate is None:
            continue
        for r in body_rows(table):
            cell = _rate_cell(table, r, cols.rate, cols.score, cols.maximum)
            if cell is not None:
                out.append(cell)
    return out


def _ratio_rates(table: Table) -> list[RateCell]:
    """Execution rates beside their budget and actual columns: evidence of the document's rounding."""
    budgets, actuals = table.columns_with("budget"), table.columns_with("actual")
    if len(budgets) != 1 or len(actuals) != 1:
        return []
    out = []
    for col in table.columns:
        if col.role == "ratio" and _EXECUTION_RATIO.search(col.header):
            for r in body_rows(table):
                cell = _rate_cell(table, r, col.index, actuals[0], budgets[0])
                if cell is not None:
                    out.append(cell)
    return out


@dataclass(frozen=True)
class RoundingEvidence:
    half_up: tuple[RateCell, ...]  # rates that fit half-up rounding and not truncation
    truncated: tuple[RateCell, ...]  # rates only truncation fits


def rounding_evidence(doc: Document) -> RoundingEvidence:
    half_up, truncated = [], []
    for table in doc.tables:
        for cell in [*score_rates(table), *_ratio_rates(table)]:
            agreement = compare(cell.stated, cell.exact)
            if "half-up" in agreement.modes and "truncate" not in agreement.modes:
                half_up.append(cell)
            elif agreement.truncation_only:
                truncated.append(cell)
    return RoundingEvidence(tuple(half_up), tuple(truncated))


@rule("GJ202", "score-rate-mismatch", "error", "得分率与得分、分值不符", "A score rate is not score ÷ weight")
def score_rate_mismatch(ctx: Context) -> Iterator[Finding]:
    """What it does
    Recomputes every 得分率 as 得分 ÷ 分值 on its row and compares it with the printed rate at the
    printed decimals. A rate agrees when the exact value rounds to it half-up, half-even or
    truncated.

    When only truncation fits (24.9 ÷ 25 = 99.6% printed as 99%), the document decides:
    - if another rate of the document with its operands (a 得分率, an 执行率 beside its 预算数 and
      执行数) fits half-up rounding where truncation would not, truncation is not the author's
      convention: error;
    - otherwise, if another rate fits truncation only, truncation may be the convention: warning;
    - otherwise an integer percentage that drops half a point or more is an error (the reader sees a
      whole point lost), and a rate printed with decimals a warning.

    Why is this bad?
    A 得分率 that does not follow from its score shows that the score, the weight or the rate was
    changed without the others; the reader cannot tell which one to trust.

    Example
    | 评价内容 | 分值 | 评价得分 | 得分率 |
    | --- | --- | --- | --- |
    | 产出 | 25 | 24.9 | 99% |

    Use instead
    | 评价内容 | 分值 | 评价得分 | 得分率 |
    | --- | --- | --- | --- |
    | 产出 | 25 | 24.9 | 99.6% |
    """
    evidence: RoundingEvidence | None = None
    for table in ctx.doc.tables:
        for cell in score_rates(table):
            num, den = cell.operands
            ctx.touch(*(table.cell_location(*p) for p in (cell.pos, num, den)))
            agreement = compare(cell.stated, cell.exact)
            if agreement.ok and not agreement.truncation_only:
                continue
            if evidence is None:
                evidence = rounding_evidence(ctx.doc)
            yield _rate_finding(cell, agreement.ok, evidence)


def _rate_finding(cell: RateCell, truncation_only: bool, evidence: RoundingEvidence) -> Finding:
    table, stated = cell.table, cell.stated
    num, den = (figure_at(table, p) for p in cell.operands)
    name = row_name(table, cell.pos[0])
    half_up = round_to(cell.exact, stated.decimals)
    exact_text = fmt(cell.exact, _widen(stated, 2))
    zh = f"{name} 得分率 {stated.text} 与 得分 {num.text} ÷ 分值 {den.text} = {exact_text} 不符"
    en = f"{name}: score rate {stated.text} is not score {num.text} ÷ weight {den.text} = {exact_text}"
    severity = "error"
    if truncation_only:
        others_half_up = [c for c in evidence.half_up if c.pos != cell.pos or c.table is not table]
        others_trunc = [c for c in evidence.truncated if c.pos != cell.pos or c.table is not table]
        if others_half_up:
            zh += f"：仅截尾可得 {stated.text}，而本文件其他比率按四舍五入（应为 {fmt(half_up, stated)}）"
            en += f": only truncation gives {stated.text}, while the document rounds its other rates half-up"
        elif others_trunc:
            severity = "warning"
            zh += f"：仅截尾可得 {stated.text}（本文件其他比率亦为截尾，四舍五入应为 {fmt(half_up, stated)}）"
            en += f": only truncation gives {stated.text} (other rates of the document are truncated too)"
        elif stated.decimals == 0:
            zh += f"：截尾舍去了半个百分点以上，四舍五入应为 {fmt(half_up, stated)}"
            en += f": truncation drops half a point or more; rounded it is {fmt(half_up, stated)}"
        else:
            severity = "warning"
            zh += f"：仅截尾可得 {stated.text}，四舍五入应为 {fmt(half_up, stated)}"
            en += f": only truncation gives {stated.text}; rounded it is {fmt(half_up, stated)}"
    return Finding(
        rule="GJ202", severity=severity, message=zh, message_en=en, location=table.cell_location(*cell.pos),
        stated_text=stated.text, stated_value=stated.value, expected_value=half_up,
        delta_ulps=ulps(stated, cell.exact), unit=stated.unit,
        evidence=f"{name}：分值 {den.text}，得分 {num.text}，得分率 {stated.text}",
        related=tuple(table.cell_location(*p) for p in cell.operands), key=cell_key("GJ202", table, cell.pos),
    )


def _widen(fig: Figure, extra: int) -> Figure:
    return replace(fig, decimals=fig.decimals + extra)


# --- GJ203 / GJ204 ------------------------------------------------------------------------------


def closing_row(table: Table) -> tuple[int, str] | None:
    """The row that closes a score table: its last 合计 ("whole"), else its only 小计 ("part")."""
    body = body_rows(table)
    totals = [r for r in body if table.rows[r].kind == "total"]
    if not totals:
        # A 合计 printed in the 序号 column is not seen as a label; a last row reading 合计 is one.
        last = body[-1] if body else None
        if last is not None:
            first = next((c for c in table.row_cells(last) if not c.is_blank), None)
            if first is not None and _TOTAL_TEXT.match(squeeze(first.text)):
                totals = [last]
    if totals:
        return totals[-1], "whole"
    subtotals = [r for r in body if table.rows[r].kind == "subtotal"]
    if len(subtotals) == 1:
        return subtotals[0], "part"
    return None


@dataclass(frozen=True)
class Closing:
    table: Table
    row: int
    kind: str  # "whole" or "part"
    cols: ScoreColumns
    maximum: Figure
    score: Figure | None


def closings(doc: Document) -> list[Closing]:
    out = []
    for table in doc.tables:
        cols = score_columns(table)
        found = closing_row(table)
        if len(cols) != 1 or found is None:
            continue
        r, kind = found
        maximum = figure_at(table, (r, cols[0].maximum))
        score = figure_at(table, (r, cols[0].score))
        if present(maximum):
            out.append(Closing(table, r, kind, cols[0], maximum, score if present(score) else None))
    return out


def _group_rows(table: Table, r: int, c: int) -> list[int]:
    cell = table.grid[r][c]
    if cell.rowspan > 1:
        return list(range(cell.row, cell.row + cell.rowspan))
    text = squeeze(cell.text)
    rows = [row.index for row in table.rows if row.kind != "header" and row.group == text]
    if rows:
        return rows
    # A one-row label weighs its own row only if it names that row; otherwise it heads rows whose
    # merge was lost, and which rows those are cannot be told.
    return [r] if table.rows[r].label == text else []


def _group_maximum(table: Table, rows: list[int], m: int) -> tuple[list[Figure], list[Pos]] | None:
    """What the rows of a labelled group weigh: their 小计, else the sum of their leaf rows."""
    closing = [r for r in rows if table.rows[r].kind in ("subtotal", "total") and present(figure_at(table, (r, m)))]
    if len(closing) == 1:
        return [figure_at(table, (closing[0], m))], [(closing[0], m)]
    if closing:
        return None
    parents = {row.parent for row in table.rows if row.parent is not None}
    leaves = [r for r in rows if table.rows[r].kind == "data" and r not in parents
              and present(figure_at(table, (r, m)))]
    if not leaves:
        return None
    return [figure_at(table, (r, m)) for r in leaves], [(r, m) for r in leaves]


@rule("GJ203", "weights-do-not-sum", "error", "权重与满分不符", "Weights do not add up to the stated full marks")
def weights_do_not_sum(ctx: Context) -> Iterator[Finding]:
    """What it does
    Checks two statements of weight a score table sums cannot: a full mark printed in a label
    (B 过程指标（22 分）) against the weight of the rows it heads (their 小计, else their sum), and the
    小计 weights of a report's per-dimension score tables against the 合计 weight of its overall score
    table (评分表, 得分情况表). Sums inside one table are GJ101's.

    Why is this bad?
    When the headline weight and the rows disagree, either an indicator was dropped or re-weighted
    without updating the label, or the dimension tables and the overall table describe different
    scoring schemes; every score rate derived from the weight is in doubt.

    Example
    | 一级指标 | 三级指标 | 权重 | 得分 |
    | --- | --- | --- | --- |
    | C 产出指标（42 分） | C11 任务完成率 | 25 | 24 |
    | | C21 验收合格率 | 15 | 13.85 |
    | 小计 | | 40 | 37.85 |

    Use instead
    The label states the weight the rows carry: C 产出指标（40 分）.
    """
    for table in ctx.doc.tables:
        for cols in score_columns(table)[:1]:
            seen: set[int] = set()
            for r in body_rows(table):
                for c, col in enumerate(table.columns):
                    cell = table.grid[r][c]
                    if col.role not in ("label", "other") or not table.is_origin(cell, r, c) or id(cell) in seen:
                        continue
                    seen.add(id(cell))
                    finding = _stated_points(ctx, table, r, c, cols.maximum)
                    if finding is not None:
                        yield finding
    yield from _cross_table(ctx, "maximum")


def _stated_points(ctx: Context, table: Table, r: int, c: int, m: int) -> Finding | None:
    cell = table.grid[r][c]
    match = _STATED_POINTS.search(cell.text)
    if match is None:
        return None
    stated = next((f for f in find_figures(cell.text) if f.start <= match.start("num") < f.end), None)
    if stated is None or stated.value is None:
        return None
    rows = _group_rows(table, r, c)
    group = _group_maximum(table, rows, m) if rows else None
    if group is None:
        return None
    figs, positions = group
    ctx.touch(table.cell_location(r, c).at(stated.start, stated.end), *(table.cell_location(*p) for p in positions))
    if sum_agrees(stated, figs):
        return None
    total = sum((f.value for f in figs), Decimal(0))
    label = squeeze(cell.text)
    what = "小计权重" if len(figs) == 1 else "所含指标权重之和"
    what_en = "subtotal weight" if len(figs) == 1 else "sum of its indicators' weights"
    return Finding(
        rule="GJ203", severity="error",
        message=f"{label} 标注 {stated.text}，而其{what}为 {fmt(total, stated)}",
        message_en=f"{label} states {stated.text}, but its {what_en} is {fmt(total, stated)}",
        location=table.cell_location(r, c).at(stated.start, stated.end), stated_text=stated.text,
        stated_value=stated.value, expected_value=total, delta_ulps=ulps(stated, total), unit=stated.unit,
        evidence=f"{label}：" + " + ".join(f.text for f in figs),
        related=tuple(table.cell_location(*p) for p in positions),
        key=cell_key("GJ203", table, (r, c)),
    )


def _cross_table(ctx: Context, what: str) -> Iterator[Finding]:
    """Per-dimension tables' closing weights (or scores) against each overall table's total."""
    found = closings(ctx.doc)
    parts = [c for c in found if c.kind == "part"]
    wholes = [c for c in found if c.kind == "whole"]
    if len(parts) < 2:
        return
    part_max = [p.maximum for p in parts]
    for whole in wholes:
        weights_match = sum_agrees(whole.maximum, part_max)
        if what == "maximum":
            stated, figs, col = whole.maximum, part_max, whole.cols.maximum
            if weights_match:
                continue
        else:
            # Only when the weights show the parts are the whole's dimensions.
            if not weights_match or whole.score is None or any(p.score is None for p in parts):
                continue
            stated, figs, col = whole.score, [p.score for p in parts], whole.cols.score
            if sum_agrees(stated, figs):
                continue
        yield _cross_finding(ctx, what, whole, col, stated, figs, parts)


def _cross_finding(ctx: Context, what: str, whole: Closing, col: int, stated: Figure, figs: list[Figure],
                   parts: list[Closing]) -> Finding:
    code = "GJ203" if what == "maximum" else "GJ204"
    part_col = (lambda p: p.cols.maximum) if what == "maximum" else (lambda p: p.cols.score)
    related = tuple(p.table.cell_location(p.row, part_col(p)) for p in parts)
    ctx.touch(whole.table.cell_location(whole.row, col), *related)
    total = sum((f.value for f in figs), Decimal(0))
    names = "、".join(f"表{p.table.location.table}" for p in parts)
    zh_what, en_what = ("权重", "weights") if what == "maximum" else ("得分", "scores")
    return Finding(
        rule=code, severity="error",
        message=(f"{names} 的{zh_what}小计之和 {' + '.join(f.text for f in figs)} = {fmt(total, stated)}，"
                 f"与表{whole.table.location.table}合计 {stated.text} 不符"),
        message_en=(f"the subtotal {en_what} of tables {names} add up to {fmt(total, stated)}, not to the "
                    f"total {stated.text} of table {whole.table.location.table}"),
        location=whole.table.cell_location(whole.row, col), stated_text=stated.text, stated_value=stated.value,
        expected_value=total, delta_ulps=ulps(stated, total), unit=stated.unit,
        evidence=" + ".join(f"表{p.table.location.table} {f.text}" for p, f in zip(parts, figs, strict=True)),
        related=related, key=cell_key(code, whole.table, (whole.row, col)),
    )


@rule("GJ204", "score-total-mismatch", "error", "分表得分之和与总得分不符",
      "Dimension scores do not add up to the overall score")
def score_total_mismatch(ctx: Context) -> Iterator[Finding]:
    """What it does
    When a report scores each dimension in its own table (决策、过程、产出、效益, each closed by a 小计)
    and also has an overall score table (评分表 or 得分情况表 closed by a 合计), adds the dimension
    tables' 小计 scores and compares the sum with the overall 合计 score. It only runs when the
    dimension tables' weights add up to the overall table's weight, so that the tables are known to
    be parts of one scheme.

    Why is this bad?
    The overall score decides the grade. If it is not the sum of the dimension scores the report
    shows, either a dimension score or the overall score was changed without the other.

    Example
    表4–表7 小计得分 18、20、37.85、22.4 (sum 98.25); 附件评分表 合计 100 分, 得分 98.52.

    Use instead
    附件评分表 合计得分 98.25, the sum of the dimension scores.
    """
    yield from _cross_table(ctx, "score")
