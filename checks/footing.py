"""GJ1xx: totals that do not foot, and the one wrong cell that explains them.

Every sum a table states is an identity: a 小计 or 合计 row against the rows that point at it
(`Row.parent`), a ①② breakdown against the row above it, a 合计 column against the amount columns
beside it. A table whose identities all hold is silent. When some break, a minimal-change search asks
which single cell, set to the value one broken identity implies, would make every identity of the
table hold again; that cell is reported as the likely error and the broken sums as its consequences.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

import regex

from checks.registry import Context, rule
from extractor.tables import FOOTED_ROLES
from model.document import Table
from model.figure import Figure
from model.findings import Finding
from model.rounding import fmt, fmt_delta, interval, sum_agrees, ulps

Pos = tuple[int, int]  # (grid row, grid column)

_PARTIAL = regex.compile(r"^其中")
_CIRCLED = regex.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")
# Columns a 合计 column adds up. Budget and actual columns are different measures of one thing,
# so a 合计 column beside them is not their sum.
_ADDEND_ROLES = frozenset({"amount", "count"})


# --- shared helpers (also used by score_tables and funds) -----------------------------------------


def cell_key(code: str, table: Table, pos: Pos) -> str:
    return f"{code}:t{table.location.table}:r{pos[0]}:c{pos[1]}"


def figure_at(table: Table, pos: Pos) -> Figure | None:
    """The figure at a grid position, only where that position is a cell's origin."""
    cell = table.cell(*pos)
    if cell is None or not table.is_origin(cell, *pos):
        return None
    return cell.figure


def present(fig: Figure | None) -> bool:
    return fig is not None and fig.value is not None


def body_rows(table: Table) -> list[int]:
    return [r.index for r in table.rows if r.kind != "header"]


# --- identities ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """total = Σ parts (each part with its sign), all positions in one table."""

    total: Pos
    parts: tuple[Pos, ...]
    axis: str  # "row": parts are rows of one column; "col": parts are columns of one row

    def cells(self) -> tuple[Pos, ...]:
        return (self.total, *self.parts)


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
    if parent == min(body_rows(table), default=parent):
        lo, hi = parent, table.n_rows
    else:
        lo, hi = max((t for t in totals if t < parent), default=table.header_rows - 1), parent
    return [r.index for r in table.rows
            if lo < r.index < hi and r.kind == "data" and r.level == 0 and r.parent is None]


def identities(table: Table) -> list[Identity]:
    """Every sum the table states, as far as its analysed structure shows it."""
    out: list[Identity] = []
    kids = _children(table)
    footed = [c.index for c in table.columns if c.role in FOOTED_ROLES]
    for parent, rows in sorted(kids.items()):
        if any(_PARTIAL.match(table.rows[r].label) for r in rows) or _codes_nest(table, rows):
            continue  # 其中 lists some components only
        rows = sorted(rows + _total_span_orphans(table, parent, rows))
        for c in footed:
            total = figure_at(table, (parent, c))
            parts = [(r, c) for r in rows if present(figure_at(table, (r, c)))]
            if not present(total) or not parts:
                continue
            if not _units_agree([total, *(figure_at(table, p) for p in parts)]):
                continue
            out.append(Identity((parent, c), tuple(parts), "row"))
    out.extend(_column_identities(table))
    return out


def _column_identities(table: Table) -> list[Identity]:
    """A 合计 column equals the amount columns printed since the previous 合计 column."""
    out: list[Identity] = []
    start = 0
    for col in table.columns:
        if col.role != "total":
            continue
        addends = [c.index for c in table.columns[start:col.index] if c.role in _ADDEND_ROLES]
        others = [c for c in table.columns[start:col.index] if c.role in FOOTED_ROLES - _ADDEND_ROLES]
        start = col.index + 1
        if len(addends) < 2 or others:
            continue
        for r in body_rows(table):
            if table.rows[r].kind == "note":
                continue
            total = figure_at(table, (r, col.index))
            parts = [(r, c) for c in addends if present(figure_at(table, (r, c)))]
            if not present(total) or not parts:
                continue
            if not _units_agree([total, *(figure_at(table, p) for p in parts)]):
                continue
            out.append(Identity((r, col.index), tuple(parts), "col"))
    return out


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


def localise(idents: list[Identity], broken: list[Identity], values: dict[Pos, Figure]) -> Repair | None:
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


# --- wording ------------------------------------------------------------------------------------


def _short(label: str) -> str:
    m = _CIRCLED.match(label)
    return m.group(0) if m else label


def name_of(table: Table, pos: Pos, axis: str | None = None) -> str:
    """How a reader names a cell: its row label, or its column header for a column-wise part."""
    row = table.rows[pos[0]]
    header = table.columns[pos[1]].header.split("/")[-1] if pos[1] < len(table.columns) else ""
    if axis == "col":
        return header or f"第{pos[1] + 1}列"
    if row.kind in ("subtotal", "total") and row.group and row.group not in row.label:
        return f"{row.group}{row.label}"
    return row.label or row.group or header or f"第{pos[0] + 1}行"


def parts_label(table: Table, ident: Identity) -> str:
    names = [_short(name_of(table, p, ident.axis)) for p in ident.parts]
    if len(names) > 4:
        return f"{len(names)} 项明细"
    return "+".join(names)


def evidence_of(table: Table, ident: Identity, values: dict[Pos, Figure]) -> str:
    parts = " + ".join(f"{name_of(table, p, ident.axis)} {values[p].text}" for p in ident.parts)
    total = values[ident.total]
    return f"{name_of(table, ident.total)} {total.text} = {parts}"


# --- the rule -----------------------------------------------------------------------------------


@rule("GJ101", "total-does-not-foot", "error", "合计数与明细之和不符", "A total does not equal the sum of its parts")
def total_does_not_foot(ctx: Context) -> Iterator[Finding]:
    """What it does
    Adds up the parts of every total a table states (①② under their item, items under 小计, 小计
    under 合计, amount columns under a 合计 column) and compares the sum with the printed total as an
    interval: each part stands for its value ± half a unit of its last printed digit, so rounding
    never raises an alarm. Missing markers (—, /, blank) are left out of the sum, never read as 0.
    Parts introduced by 其中 are not a full breakdown and are not summed.

    When one wrong cell explains several broken totals, that cell is reported as the likely error
    (the one cell which, set to the value a broken sum implies, makes every sum of the table hold
    and breaks none), and each broken total as an `info` consequence of it.

    Why is this bad?
    A total that does not foot means a part or the total itself was mistyped or left stale; every
    figure derived from it (balances, execution rates, prose) inherits the error.

    Example
    表2 支出情况表（元）:

    | 支出项目 | 金额 |
    | --- | --- |
    | 医疗待遇支出 | 15,380,000.00 |
    | ①住院费用支出 | 5,100,000.00 |
    | ②门诊支出 | 9,700,000.00 |
    | 其他支出 | 650,000.00 |
    | 小计 | 15,450,000.00 |

    ①+② = 14,800,000.00, not 15,380,000.00; with 14,800,000.00 the 小计 holds too, so 待遇支出 is
    the one wrong cell and the broken 小计 its consequence.

    Use instead
    Correct the one cell (医疗待遇支出 14,800,000.00), so every total foots.
    """
    for table in ctx.doc.tables:
        idents = identities(table)
        if not idents:
            continue
        values = {pos: figure_at(table, pos) for ident in idents for pos in ident.cells()}
        ctx.touch(*(table.cell_location(*pos) for pos in values))
        broken = [i for i in idents if not holds(i, values)]
        for group in components(broken):
            repair = localise(idents, group, values)
            if repair is None:
                for ident in group:
                    yield _broken_sum(table, ident, values)
            else:
                yield from _localised(table, repair, group, values)


def _broken_sum(table: Table, ident: Identity, values: dict[Pos, Figure], consequence_of: str = "",
                culprit: str = "", fixed: Decimal | None = None) -> Finding:
    total = values[ident.total]
    expected = exact_sum(ident, values)
    lo, hi = interval([values[p] for p in ident.parts])
    name = name_of(table, ident.total)
    zh = (f"{name} {total.text} 与其明细 {parts_label(table, ident)} = {fmt(expected, total)} 不符"
          f"（差 {fmt_delta(total.value - expected, total)}）")
    en = (f"{name} {total.text} does not equal the sum of its parts {fmt(expected, total)} "
          f"(difference {fmt_delta(total.value - expected, total)})")
    if lo != hi:
        en += f"; rounding of the parts allows {fmt(lo, total)} to {fmt(hi, total)}"
    if consequence_of:
        zh += f"；系{culprit}之误所致"
        en += f"; a consequence of the error in {culprit}"
        if fixed is not None:
            zh += f"（更正后明细之和为 {fmt(fixed, total)}）"
            en += f" (corrected, the parts add up to {fmt(fixed, total)})"
    return Finding(
        rule="GJ101", severity="info" if consequence_of else "error", message=zh, message_en=en,
        location=table.cell_location(*ident.total), stated_text=total.text, stated_value=total.value,
        expected_value=expected.quantize(total.ulp, rounding=ROUND_HALF_UP), delta_ulps=ulps(total, expected),
        unit=total.unit, evidence=evidence_of(table, ident, values),
        related=tuple(table.cell_location(*p) for p in ident.parts),
        key=cell_key("GJ101", table, ident.total), consequence_of=consequence_of,
    )


def _localised(table: Table, repair: Repair, group: list[Identity],
               values: dict[Pos, Figure]) -> Iterator[Finding]:
    pos, via = repair.pos, repair.via
    fig = values[pos]
    name = name_of(table, pos, via.axis if pos != via.total else None)
    delta = fig.value - repair.value
    if pos == via.total:
        how_zh = f"与其明细 {parts_label(table, via)} = {fmt(repair.value, fig)} 不符"
        how_en = f"does not equal the sum of its parts {fmt(repair.value, fig)}"
    else:
        total_name = name_of(table, via.total)
        how_zh = f"与 {total_name} {values[via.total].text} 减其余各项 = {fmt(repair.value, fig)} 不符"
        how_en = f"does not equal {total_name} {values[via.total].text} less the other parts, {fmt(repair.value, fig)}"
    key = cell_key("GJ101", table, pos)
    n = len(group)
    yield Finding(
        rule="GJ101", severity="error",
        message=(f"{name} {fig.text} {how_zh}（差 {fmt_delta(delta, fig)}）；"
                 f"若取 {fmt(repair.value, fig)}，本表所有合计均成立"
                 + (f"（此误使 {n} 处合计不符）" if n > 1 else "")),
        message_en=(f"{name} {fig.text} {how_en} (difference {fmt_delta(delta, fig)}); with "
                    f"{fmt(repair.value, fig)} every total of the table holds"
                    + (f" (this one error breaks {n} totals)" if n > 1 else "")),
        location=table.cell_location(*pos), stated_text=fig.text, stated_value=fig.value,
        expected_value=repair.value, delta_ulps=ulps(fig, repair.value), unit=fig.unit,
        evidence=evidence_of(table, via, values),
        related=tuple(table.cell_location(*p) for i in group for p in i.cells() if p != pos),
        key=key,
    )
    fixed_values = {**values, pos: replace(fig, value=repair.value)}
    for ident in group:
        if ident.total == pos:
            continue  # the culprit's own finding already says its parts disagree with it
        fixed = exact_sum(ident, fixed_values) if pos in ident.parts else None
        yield _broken_sum(table, ident, values, consequence_of=key, culprit=f"{name} {fig.text}", fixed=fixed)
