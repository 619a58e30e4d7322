"""Table understanding: header rows, column roles, row kinds and hierarchy, units and cell figures.

Every extractor hands its grid to `analyse`, so a table read from text, DOCX or PDF is understood the
same way. The rules are about how Chinese fund and score tables are laid out, never about one report.
"""

from __future__ import annotations

import regex

from extractor.numbers import find_figures, header_unit, parse_cell
from model.document import Cell, Column, Row, Table
from patterns.vocabulary import V

_SPACE = regex.compile(r"[\s\u3000]+")

FOOTED_ROLES = frozenset({"amount", "budget", "actual", "maximum", "score", "count", "total"})

_CIRCLED = regex.compile(rf"^[{V.circled_numbers.data['chars']}]")
_NUMBERED_ITEM = ("arabic", "paren-arabic")  # "1." and "（1）" open the sub-items of the row above


def is_total_label(text: str) -> bool:
    """合计, 总计, 综合得分 … (with a qualifier): the row closes its table."""
    return V.total_row.match(text) is not None


def is_subtotal_label(text: str) -> bool:
    """小计, 统筹基金小计 …: the row closes a group of rows."""
    return V.subtotal_row.match(text) is not None


def _is_sub_item(text: str) -> bool:
    if _CIRCLED.match(text) or V.sub_item.match(text):
        return True
    return V.numbering_styles.kind_of(text) in _NUMBERED_ITEM
CODE = regex.compile(r"^(?P<code>[A-Z](?:[0-9]{1,3})?)(?=[\s\p{Han}（(]|$)")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def analyse(table: Table, header_rows: int = 0) -> None:
    """Fill in header rows, columns, rows and the cells' figures. Idempotent.

    `header_rows`, the leading rows the source marks as headers (HTML <thead>/<th>), is a floor."""
    table.header_rows = max(_header_rows(table), min(header_rows, table.n_rows - 1))
    table.columns = _columns(table)
    _figures(table)
    if not any(c.role != "other" for c in table.columns):
        _guess_roles(table)
    _text_columns_are_labels(table)
    table.rows = _rows(table)


def _text_columns_are_labels(table: Table) -> None:
    """A column headed like an amount ("收入", "支出") whose cells are mostly words names rows: a label."""
    for col in table.columns:
        if col.role not in FOOTED_ROLES:
            continue
        cells = [table.grid[r][col.index] for r in range(table.header_rows, table.n_rows)
                 if table.is_origin(table.grid[r][col.index], r, col.index)]
        filled = [c for c in cells if not c.is_blank]
        words = [c for c in filled if c.figure is None]
        if len(filled) >= 2 and len(words) >= 0.6 * len(filled):
            col.role = "label"


def role_of(header: str) -> str:
    h = squeeze(header)
    return (V.column_roles.kind_of(h) or "other") if h else "other"


def _is_value(cell: Cell) -> bool:
    figure = parse_cell(cell.text)
    return figure is not None and figure.value is not None and figure.unit not in ("年", "月", "日")


def _header_rows(table: Table) -> int:
    """Leading rows that hold no figures and read like headers (at most three)."""
    n = 0
    for r in range(min(3, table.n_rows - 1)):
        cells = table.row_cells(r) or [table.grid[r][0]]
        texts = [squeeze(c.text) for c in table.grid[r]]
        if any(_is_value(c) for c in cells):
            break
        if r > 0 and not any(role_of(t) != "other" for t in texts if t):
            break
        if r == 0 and not any(role_of(t) != "other" for t in texts if t):
            return 0
        n = r + 1
    return n


def _columns(table: Table) -> list[Column]:
    columns = []
    for c in range(table.n_cols):
        parts: list[str] = []
        for r in range(table.header_rows):
            t = squeeze(table.grid[r][c].text)
            if t and t not in parts:
                parts.append(t)
        header = "/".join(parts)
        role = "other"
        for part in reversed(parts):  # the lowest header row is the most specific
            role = role_of(part)
            if role != "other":
                break
        columns.append(Column(index=c, header=header, role=role, unit=header_unit(header) or table.unit))
    return columns


def _guess_roles(table: Table) -> None:
    """Without a header, a column that is mostly figures is an amount; the first text column a label."""
    body = range(table.header_rows, table.n_rows)
    for col in table.columns:
        cells = [table.grid[r][col.index] for r in body if table.is_origin(table.grid[r][col.index], r, col.index)]
        filled = [c for c in cells if not c.is_blank]
        if filled and sum(1 for c in filled if c.figure is not None and c.figure.value is not None) >= 0.6 * len(
            filled
        ):
            col.role = "amount"
    for col in table.columns:
        if col.role == "other":
            col.role = "label"
            break


def _figures(table: Table) -> None:
    for r, line in enumerate(table.grid):
        for c, cell in enumerate(line):
            if not table.is_origin(cell, r, c):
                continue
            unit = table.columns[c].unit if c < len(table.columns) else table.unit
            if r < table.header_rows:
                cell.figure, cell.figures = None, []
                continue
            cell.figure = parse_cell(cell.text, unit)
            cell.figures = [] if cell.figure is not None else find_figures(cell.text)


def _label_cols(table: Table) -> list[int]:
    cols = [c.index for c in table.columns if c.role in ("label", "seq", "other")]
    return cols or [0]


def _rows(table: Table) -> list[Row]:
    rows: list[Row] = [Row(index=r, kind="header") for r in range(table.header_rows)]
    label_cols = [c for c in _label_cols(table) if table.columns[c].role != "seq"] or [0]
    last_top: int | None = None  # the latest level-0 data row, parent of ①② rows below it
    n_cols = table.n_cols  # a property that walks every row: once, not once per row
    for r in range(table.header_rows, table.n_rows):
        cells = [table.grid[r][c] for c in label_cols]
        merged = [c for c in cells if c.rowspan > 1]
        own = [c for c in cells if c.rowspan == 1 and c.row == r]
        own_texts = [squeeze(c.text) for c in own if not c.is_blank and not _is_value(c)]
        covering = [c for c in cells if c.row != r]
        group = squeeze(merged[0].text) if merged else ""
        label = own_texts[-1] if own_texts else ""
        codes = [m["code"] for c in [*covering, *own] if (m := CODE.match(squeeze(c.text)))]
        code = max(codes, key=len) if codes else None
        row = Row(index=r, label=label, code=code, group=group)
        first = own_texts[0] if own_texts else ""
        # 合计 is often printed in the 序号 column, which is not a label column otherwise.
        seq_texts = [squeeze(table.grid[r][c].text) for c in table.columns_with("seq")]
        if any(is_total_label(t) for t in [*own_texts, *seq_texts]):
            row.kind = "total"
            row.label = row.label or next(t for t in seq_texts if is_total_label(t))
        elif any(is_subtotal_label(t) for t in [*own_texts, *seq_texts]):
            row.kind = "subtotal"
        elif not any(
            table.is_origin(table.grid[r][c], r, c) and table.grid[r][c].figure is not None
            and table.grid[r][c].figure.value is not None
            for c in range(n_cols)
        ) and not label:
            row.kind = "note"
        if row.kind == "data" and _is_sub_item(first) and last_top is not None:
            row.level = 1
            row.parent = last_top
        elif row.kind == "data":
            last_top = r
        rows.append(row)
    _link_totals(table, rows)
    return rows


def _link_totals(table: Table, rows: list[Row]) -> None:
    """Point level-0 rows at the subtotal that closes their group, and subtotals at the total."""
    body = rows[table.header_rows:]
    totals = [row for row in body if row.kind == "total"]
    subtotals = [row for row in body if row.kind == "subtotal"]
    for sub in subtotals:
        if sub.group:
            members = [row for row in body if row.group == sub.group and row.kind == "data" and row.level == 0
                       and row.index != sub.index]
        else:
            prev = max((s.index for s in [*subtotals, *totals] if s.index < sub.index), default=table.header_rows - 1)
            members = [row for row in body if prev < row.index < sub.index and row.kind == "data" and row.level == 0]
        for m in members:
            if m.parent is None:
                m.parent = sub.index
    for total in totals:
        if total.index == table.header_rows:  # a 合计 row printed first sums the rows below it
            span = [row for row in body if row.index > total.index]
        else:
            prev_total = max((t.index for t in totals if t.index < total.index), default=table.header_rows - 1)
            span = [row for row in body if prev_total < row.index < total.index]
        subs = [row for row in span if row.kind == "subtotal"]
        members = subs or [row for row in span if row.kind == "data" and row.level == 0]
        for m in members:
            if m.parent is None:
                m.parent = total.index
