"""Indicator codes that must follow their parents (GJ504): B5 → B51, never B41 or B5 again."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

from checks.numbering import clip
from checks.registry import Context, rule
from extractor.tables import CODE, squeeze
from model.document import Location, Table
from model.findings import Finding


def _code(text: str) -> str | None:
    m = CODE.match(squeeze(text))
    return m["code"] if m else None


def _digits(code: str) -> int:
    return len(code) - 1


def code_columns(table: Table) -> list[int]:
    """The columns of an indicator table whose data cells are labelled with codes (A, A1, A11).

    A column counts when most of its filled cells open with a code; the columns must go deeper from
    left to right (typically no digit, one digit, two digits), or the table is not read as a hierarchy.
    """
    data_rows = [r.index for r in table.rows if r.kind == "data"] or list(range(table.header_rows, table.n_rows))
    cols: list[int] = []
    depths: list[int] = []
    distinct: set[str] = set()
    for c in range(table.n_cols):
        cells = {id(table.grid[r][c]): table.grid[r][c] for r in data_rows}
        filled = [cell for cell in cells.values() if not cell.is_blank]
        codes = [code for cell in filled if (code := _code(cell.text))]
        if codes and len(codes) >= 0.6 * len(filled):
            cols.append(c)
            depths.append(Counter(_digits(code) for code in codes).most_common(1)[0][0])
            distinct.update(codes)
    if len(distinct) < 2 or any(a >= b for a, b in itertools.pairwise(depths)):
        return []
    return cols


def _row_text(table: Table, row: int, cols: list[int]) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    for c in cols:
        cell = table.grid[row][c]
        if not cell.is_blank and id(cell) not in seen:
            seen.add(id(cell))
            parts.append(clip(cell.text, 40))
    return " | ".join(parts)


@rule("GJ504", "indicator-code-not-under-parent", "warning", "指标编码与上级指标不对应",
      "Indicator code does not extend its parent's code")
def indicator_code_not_under_parent(ctx: Context) -> Iterator[Finding]:
    """What it does
    In indicator tables whose label columns carry codes (一级 A, 二级 A1, 三级 A11), checks that every
    code extends the code of its parent (the code to its left in the same row, or the merged cell
    that spans it) and goes one level deeper, and that no code is used twice in one table. Where the
    codes sit in one column, the parent is the nearest code above with one digit fewer.

    Why is this bad?
    Codes tie the prose, the score table and the attached scoring sheet together ("C31 收入预算完成").
    A code that does not follow its parent sends the reader to the wrong indicator and suggests rows
    were copied or moved without renumbering.

    Example
    一级指标    二级指标      三级指标
    B 过程指标  B4 组织管理   B4 组织管理
                B5 财务管理   B41 按《社保基金财务制度》管理和核算基金

    Use instead
    一级指标    二级指标      三级指标
    B 过程指标  B4 组织管理   B41 组织管理
                B5 财务管理   B51 按《社保基金财务制度》管理和核算基金
    """
    for table in ctx.doc.tables:
        yield from _table_code_findings(table)


def _table_code_findings(table: Table) -> Iterator[Finding]:
    cols = code_columns(table)
    if not cols:
        return
    rows = [r.index for r in table.rows if r.kind == "data"]
    seen_children: dict[tuple[int, str], list[int]] = {}  # (parent cell id, parent code) → child cell ids
    reported: set[int] = set()

    def expected_code(parent_cell_id: int, parent: str, child_id: int) -> str:
        children = seen_children.setdefault((parent_cell_id, parent), [])
        if child_id not in children:
            children.append(child_id)
        return f"{parent}{children.index(child_id) + 1}"

    def finding(row: int, col: int, code: str, message: str, message_en: str,
                related: tuple[Location, ...] = ()) -> Finding:
        return Finding(
            rule="GJ504", severity="warning", message=message, message_en=message_en,
            location=table.cell_location(row, col), stated_text=code, evidence=_row_text(table, row, cols),
            related=related, key=f"GJ504:{table.location.table}:{row}:{col}",
        )

    if len(cols) == 1:
        yield from _single_column_codes(table, cols[0], rows, finding)
    else:
        for r in rows:
            chain = [(c, table.grid[r][c], code) for c in cols if (code := _code(table.grid[r][c].text))]
            for (pc, parent_cell, parent), (cc, cell, child) in itertools.pairwise(chain):
                if cell.row != r or id(cell) in reported:
                    continue
                if _digits(child) <= _digits(parent) and child != parent and not child.startswith(parent):
                    continue  # a deeper column holding a shallower code: not a hierarchy we understand
                want = expected_code(id(parent_cell), parent, id(cell))
                where = (table.cell_location(parent_cell.row, pc),)
                if child == parent:
                    reported.add(id(cell))
                    yield finding(
                        r, cc, child,
                        f"下级指标编码“{child}”与上级指标编码相同，未体现下一级，应为“{want}”之类",
                        f"The lower-level code “{child}” repeats its parent's code instead of extending it "
                        f"(expected something like “{want}”)", where)
                elif not child.startswith(parent):
                    reported.add(id(cell))
                    yield finding(
                        r, cc, child,
                        f"指标编码“{child}”不在上级指标“{clip(squeeze(parent_cell.text), 20)}”之下，"
                        f"应以“{parent}”开头（如“{want}”）",
                        f"The code “{child}” is not under its parent “{parent}”: it should start with "
                        f"“{parent}” (e.g. “{want}”)", where)
    yield from _duplicate_codes(table, cols, rows, reported, finding)


def _single_column_codes(table: Table, col: int, rows: list[int], finding) -> Iterator[Finding]:
    """One code column: each code's parent is the nearest code above it with one digit fewer."""
    latest: dict[int, tuple[str, int]] = {}  # digit count → (code, row)
    depths = {_digits(c) for r in rows if (c := _code(table.grid[r][col].text))}
    if len(depths) < 2:
        return
    for r in rows:
        cell = table.grid[r][col]
        code = _code(cell.text)
        if code is None or cell.row != r:
            continue
        d = _digits(code)
        for deeper in [k for k in latest if k >= d]:
            del latest[deeper]
        parent = latest.get(d - 1)
        if parent is not None and not code.startswith(parent[0]):
            yield finding(
                r, col, code,
                f"指标编码“{code}”不在上级指标“{parent[0]}”之下，应以“{parent[0]}”开头",
                f"The code “{code}” is not under its parent “{parent[0]}”: it should start with “{parent[0]}”",
                (table.cell_location(parent[1], col),))
        latest[d] = (code, r)


def _duplicate_codes(table: Table, cols: list[int], rows: list[int], reported: set[int], finding) -> Iterator[Finding]:
    """The same code on two different cells of one column. In a parent column a repeat with the same
    label is a group cell printed again after a page break, not a duplicate."""
    for k, c in enumerate(cols):
        leaf = k == len(cols) - 1
        first: dict[str, tuple[int, str]] = {}
        for r in rows:
            cell = table.grid[r][c]
            code = _code(cell.text)
            if code is None or cell.row != r or id(cell) in reported:
                continue
            if code not in first:
                first[code] = (r, squeeze(cell.text))
                continue
            r0, text0 = first[code]
            if not leaf and text0 == squeeze(cell.text):
                continue
            reported.add(id(cell))
            yield finding(
                r, c, code,
                f"指标编码“{code}”在同一表中重复出现（第{r0 + 1}行与第{r + 1}行）",
                f"The code “{code}” is used twice in one table (rows {r0 + 1} and {r + 1})",
                (table.cell_location(r0, c),))


