"""Indicator codes that must follow their parents (GJ504): B5 → B51, never B41 or B5 again."""

from __future__ import annotations

import itertools

from checks.registry import Message, Report, rule
from extractor.tables import squeeze
from model.document import Location
from reading.indicator_codes import CodedTable, depth
from reading.names import clip


@rule("GJ504", "indicator-code-not-under-parent", "warning", "指标编码与上级指标不对应",
      "Indicator code does not extend its parent's code",
      needs=("coded_tables",),
      messages={
          "repeats-parent": Message(
              "下级指标编码“{code}”与上级指标编码相同，未体现下一级，应为“{want}”之类",
              "The lower-level code “{code}” repeats its parent's code instead of extending it "
              "(expected something like “{want}”)"),
          "not-under": Message(
              "指标编码“{code}”不在上级指标“{parent_label}”之下，应以“{parent}”开头（如“{want}”）",
              "The code “{code}” is not under its parent “{parent}”: it should start with “{parent}” "
              "(e.g. “{want}”)"),
          "not-under-above": Message(
              "指标编码“{code}”不在上级指标“{parent}”之下，应以“{parent}”开头",
              "The code “{code}” is not under its parent “{parent}”: it should start with “{parent}”"),
          "duplicate": Message("指标编码“{code}”在同一表中重复出现（第{first}行与第{again}行）",
                               "The code “{code}” is used twice in one table (rows {first} and {again})"),
      })
def indicator_code_not_under_parent(report: Report, coded_tables: list[CodedTable]) -> None:
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
    for coded in coded_tables:
        _table_code_findings(report, coded)


def _row_text(coded: CodedTable, row: int) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    for c in coded.cols:
        cell = coded.table.grid[row][c]
        if not cell.is_blank and id(cell) not in seen:
            seen.add(id(cell))
            parts.append(clip(cell.text, 40))
    return " | ".join(parts)


def _table_code_findings(report: Report, coded: CodedTable) -> None:
    table, cols, rows = coded.table, coded.cols, coded.rows
    seen_children: dict[tuple[int, str], list[int]] = {}  # (parent cell id, parent code) → child cell ids
    reported: set[int] = set()

    def expected_code(parent_cell_id: int, parent: str, child_id: int) -> str:
        children = seen_children.setdefault((parent_cell_id, parent), [])
        if child_id not in children:
            children.append(child_id)
        return f"{parent}{children.index(child_id) + 1}"

    def finding(message: str, row: int, col: int, code: str, related: tuple[Location, ...] = (), **fields) -> None:
        report.finding(message, table.cell_location(row, col), stated_text=code, evidence=_row_text(coded, row),
                       related=related, code=code, **fields)

    if len(cols) == 1:
        _single_column_codes(coded, cols[0], finding)
    else:
        for r in rows:
            chain = [(c, table.grid[r][c], code) for c in cols if (code := coded.code_at(r, c))]
            for (pc, parent_cell, parent), (cc, cell, child) in itertools.pairwise(chain):
                if cell.row != r or id(cell) in reported:
                    continue
                if depth(child) <= depth(parent) and child != parent and not child.startswith(parent):
                    continue  # a deeper column holding a shallower code: not a hierarchy we understand
                want = expected_code(id(parent_cell), parent, id(cell))
                where = (table.cell_location(parent_cell.row, pc),)
                if child == parent:
                    reported.add(id(cell))
                    finding("repeats-parent", r, cc, child, where, want=want)
                elif not child.startswith(parent):
                    reported.add(id(cell))
                    finding("not-under", r, cc, child, where, want=want, parent=parent,
                            parent_label=clip(squeeze(parent_cell.text), 20))
    _duplicate_codes(coded, reported, finding)


def _single_column_codes(coded: CodedTable, col: int, finding) -> None:
    """One code column: each code's parent is the nearest code above it with one digit fewer."""
    table = coded.table
    latest: dict[int, tuple[str, int]] = {}  # digit count → (code, row)
    depths = {depth(c) for r in coded.rows if (c := coded.code_at(r, col))}
    if len(depths) < 2:
        return
    for r in coded.rows:
        cell = table.grid[r][col]
        code = coded.code_at(r, col)
        if code is None or cell.row != r:
            continue
        d = depth(code)
        for deeper in [k for k in latest if k >= d]:
            del latest[deeper]
        parent = latest.get(d - 1)
        if parent is not None and not code.startswith(parent[0]):
            finding("not-under-above", r, col, code, (table.cell_location(parent[1], col),), parent=parent[0])
        latest[d] = (code, r)


def _duplicate_codes(coded: CodedTable, reported: set[int], finding) -> None:
    """The same code on two different cells of one column. In a parent column a repeat with the same
    label is a group cell printed again after a page break, not a duplicate."""
    table = coded.table
    for k, c in enumerate(coded.cols):
        leaf = k == len(coded.cols) - 1
        first: dict[str, tuple[int, str]] = {}
        for r in coded.rows:
            cell = table.grid[r][c]
            code = coded.code_at(r, c)
            if code is None or cell.row != r or id(cell) in reported:
                continue
            if code not in first:
                first[code] = (r, squeeze(cell.text))
                continue
            r0, text0 = first[code]
            if not leaf and text0 == squeeze(cell.text):
                continue
            reported.add(id(cell))
            finding("duplicate", r, c, code, (table.cell_location(r0, c),), first=r0 + 1, again=r + 1)
