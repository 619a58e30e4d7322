"""GJ2xx: indicator score tables — scores against weights, rates against scores, tables against each other.

Sums inside one table are GJ101's; this family checks what only a score table states: a score cannot
exceed its weight, a 得分率 is 得分 ÷ 分值, a weight printed in a label (（22 分）) is the weight the rows
carry, and the per-dimension tables of a report add up to its overall score table.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from checks.registry import Message, Report, rule
from checks.truncation import truncation_variant
from extractor.tables import squeeze
from model.figure import Figure
from model.rounding import compare, fmt, round_to, sum_agrees
from reading.names import row_name
from reading.rates import RateCell, RoundingEvidence
from reading.score_tables import Closing, ScoreTable, StatedPoints, children_first


@rule("GJ201", "score-exceeds-maximum", "error", "得分超过分值", "A score exceeds its weight",
      needs=("score_tables",),
      messages={
          "exceeds": Message("{name} 得分 {stated} 超过其分值 {maximum}",
                             "{name}: score {stated} exceeds its weight {maximum}"),
          "because-of-row": Message("（由其明细超分所致）", " (because one of its rows does)", "info"),
      })
def score_exceeds_maximum(report: Report, score_tables: list[ScoreTable]) -> None:
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
    for st in score_tables:
        table = st.table
        for cols in st.columns:
            exceeded: dict[int, str] = {}  # row → key of the finding that explains it
            for r in children_first(table):
                maximum, score = table.figure_at(r, cols.maximum), table.figure_at(r, cols.score)
                if maximum is None or maximum.value is None or score is None or score.value is None \
                        or maximum.is_percent or score.is_percent:
                    continue  # a weight in percent is not on the scale of the points scored
                report.touch(table.cell_location(r, cols.maximum), table.cell_location(r, cols.score))
                if score.value <= maximum.value:
                    continue
                name = row_name(table, r)
                # A 小计 above its weight because one of its rows is: the row is the error.
                cause = next((exceeded[k.index] for k in table.rows if k.parent == r and k.index in exceeded), "")
                found = report.finding(
                    ["exceeds", *(["because-of-row"] if cause else [])], table.cell_location(r, cols.score),
                    stated=score, expected=maximum.value, evidence=f"{name}：分值 {maximum.text}，得分 {score.text}",
                    related=(table.cell_location(r, cols.maximum),), consequence_of=cause, name=name,
                    maximum=maximum.text)
                exceeded[r] = cause or found.key


@rule("GJ202", "score-rate-mismatch", "error", "得分率与得分、分值不符", "A score rate is not score ÷ weight",
      needs=("score_tables", "rounding"),
      messages={
          "rate": Message("{name} 得分率 {stated} 与 得分 {num} ÷ 分值 {den} = {quotient} 不符",
                          "{name}: score rate {stated} is not score {num} ÷ weight {den} = {quotient}"),
          "truncated-others-half-up": Message(
              "：仅截尾可得 {stated}，而本文件其他比率按四舍五入（应为 {half_up}）",
              ": only truncation gives {stated}, while the document rounds its other rates half-up"),
          "truncated-others-truncated": Message(
              "：仅截尾可得 {stated}（本文件其他比率亦为截尾，四舍五入应为 {half_up}）",
              ": only truncation gives {stated} (other rates of the document are truncated too)", "warning"),
          "truncated-whole-point": Message(
              "：截尾舍去了半个百分点以上，四舍五入应为 {half_up}",
              ": truncation drops half a point or more; rounded it is {half_up}"),
          "truncated": Message("：仅截尾可得 {stated}，四舍五入应为 {half_up}",
                               ": only truncation gives {stated}; rounded it is {half_up}", "warning"),
      })
def score_rate_mismatch(report: Report, score_tables: list[ScoreTable], rounding: RoundingEvidence) -> None:
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
    for st in score_tables:
        for cell in st.rates:
            num, den = cell.operands
            report.touch(*(st.table.cell_location(*p) for p in (cell.pos, num, den)))
            agreement = compare(cell.stated, cell.exact)
            if agreement.ok and not agreement.truncation_only:
                continue
            _rate_finding(report, cell, agreement.ok, rounding)


def _rate_finding(report: Report, cell: RateCell, truncation_only: bool, evidence: RoundingEvidence) -> None:
    table, stated = cell.table, cell.stated
    num, den = (table.figure_at(*p) for p in cell.operands)
    name = row_name(table, cell.pos[0])
    half_up = round_to(cell.exact, stated.decimals)
    where = table.cell_location(*cell.pos)
    messages = ["rate", *([truncation_variant(stated, where, evidence)] if truncation_only else [])]
    report.finding(
        messages, where, stated=stated, expected=half_up, exact=cell.exact,
        evidence=f"{name}：分值 {den.text}，得分 {num.text}，得分率 {stated.text}",
        related=(table.cell_location(*p) for p in cell.operands), name=name, num=num.text, den=den.text,
        quotient=fmt(cell.exact, replace(stated, decimals=stated.decimals + 2)), half_up=fmt(half_up, stated))


@rule("GJ203", "weights-do-not-sum", "error", "权重与满分不符", "Weights do not add up to the stated full marks",
      needs=("score_tables", "closings"),
      messages={
          "label-subtotal": Message("{label} 标注 {stated}，而其小计权重为 {total}",
                                    "{label} states {stated}, but its subtotal weight is {total}"),
          "label-sum": Message("{label} 标注 {stated}，而其所含指标权重之和为 {total}",
                               "{label} states {stated}, but its sum of its indicators' weights is {total}"),
          "tables": Message("{names} 的权重小计之和 {parts} = {total}，与表{whole}合计 {stated} 不符",
                            "the subtotal weights of tables {names} add up to {total}, not to the total {stated} "
                            "of table {whole}"),
      })
def weights_do_not_sum(report: Report, score_tables: list[ScoreTable], closings: list[Closing]) -> None:
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
    for st in score_tables:
        for points in st.stated_points:
            _stated_points(report, points)
    _cross_table(report, closings, "maximum")


def _stated_points(report: Report, points: StatedPoints) -> None:
    table, stated = points.table, points.stated
    where = table.cell_location(*points.pos).at(stated.start, stated.end)
    report.touch(where, *(table.cell_location(*p) for p in points.positions))
    if sum_agrees(stated, points.weights):
        return
    total = sum((f.value for f in points.weights), Decimal(0))
    label = squeeze(table.grid[points.pos[0]][points.pos[1]].text)
    report.finding("label-subtotal" if len(points.weights) == 1 else "label-sum", where, stated=stated,
                   expected=total, evidence=f"{label}：" + " + ".join(f.text for f in points.weights),
                   related=(table.cell_location(*p) for p in points.positions), label=label,
                   total=fmt(total, stated))


def _cross_table(report: Report, closings: list[Closing], what: str) -> None:
    """Per-dimension tables' closing weights (or scores) against each overall table's total."""
    parts = [c for c in closings if c.kind == "part"]
    wholes = [c for c in closings if c.kind == "whole"]
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
        _cross_finding(report, what, whole, col, stated, figs, parts)


def _cross_finding(report: Report, what: str, whole: Closing, col: int, stated: Figure, figs: list[Figure],
                   parts: list[Closing]) -> None:
    part_col = (lambda p: p.cols.maximum) if what == "maximum" else (lambda p: p.cols.score)
    related = tuple(p.table.cell_location(p.row, part_col(p)) for p in parts)
    where = whole.table.cell_location(whole.row, col)
    report.touch(where, *related)
    total = sum((f.value for f in figs), Decimal(0))
    report.finding(
        "tables", where, stated=stated, expected=total,
        evidence=" + ".join(f"表{p.table.location.table} {f.text}" for p, f in zip(parts, figs, strict=True)),
        related=related, names="、".join(f"表{p.table.location.table}" for p in parts),
        parts=" + ".join(f.text for f in figs), total=fmt(total, stated), whole=whole.table.location.table)


@rule("GJ204", "score-total-mismatch", "error", "分表得分之和与总得分不符",
      "Dimension scores do not add up to the overall score",
      needs=("closings",),
      messages={
          "tables": Message("{names} 的得分小计之和 {parts} = {total}，与表{whole}合计 {stated} 不符",
                            "the subtotal scores of tables {names} add up to {total}, not to the total {stated} "
                            "of table {whole}"),
      })
def score_total_mismatch(report: Report, closings: list[Closing]) -> None:
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
    _cross_table(report, closings, "score")
