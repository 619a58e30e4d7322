"""How a table's rows and columns sum, read from several kinds of evidence, each a hypothesis.

A fund or score table states its sums in many ways: 合计/小计/总计 rows closing the rows above (or below,
when printed first), classification codes (类 201 → 款 20106 → 项 2010601, joined or in split columns),
①② items under their row, two sides printed side by side (收入 | 支出, each with its own 合计 and 总计),
a 合计 column beside the columns it adds. Numbered category rows (一、 二、 三、) are siblings: only a
closing row or a shorter code is a parent.

Each reading here yields identities (total = Σ parts). Which reading is the table's is decided by its own
arithmetic, in `reading.sums`: a reading is used only when the table confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractor.tables import FOOTED_ROLES, is_subtotal_label, is_total_label, squeeze
from model.document import Table
from model.figure import Figure, present
from patterns.vocabulary import V
from reading.outline import numbering

Pos = tuple[int, int]

_LABEL_ROLES = frozenset({"label", "seq", "other"})
_CIRCLED = regex.compile(rf"^[{V.circled_numbers.data['chars']}]")
_DIGITS = regex.compile(r"^[0-9]{1,7}$")
# Digits of each level of a split classification code: 类 3, 款 2, 项 2 (a 款 printed "2" means "02").
_SPLIT_WIDTHS = (3, 2, 2)
_STYLE_DEPTH = {"cn": 1, "paren-cn": 2, "arabic": 3, "paren-arabic": 4}


@dataclass(frozen=True)
class Identity:
    """total = Σ parts, all positions in one table."""

    total: Pos
    parts: tuple[Pos, ...]
    axis: str  # "row": parts are rows of one column; "col": parts are columns of one row

    def cells(self) -> tuple[Pos, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Segment:
    """A run of a table's columns read as one list: its label columns and the value columns they label.
    A two-sided table (收入 | 支出) has two."""

    label_cols: tuple[int, ...]
    value_cols: tuple[int, ...]


def closing_level(label: str) -> int | None:
    """How much a closing row closes: 1 for a 小计, 2 for a 合计 (本年收入合计), 3 for a 总计 (收入总计)."""
    text = squeeze(label)
    if not text:
        return None
    if text.endswith("总计") or text in ("总合计", "全部合计"):
        return 3
    if is_subtotal_label(text) or text.endswith("小计"):
        return 1
    if is_total_label(text) or text.endswith("合计"):
        return 2
    return None


def _is_value_col(table: Table, c: int) -> bool:
    return c < len(table.columns) and table.columns[c].role in FOOTED_ROLES


def segments(table: Table) -> list[Segment]:
    """The table's label/value column runs: one for most tables, two for 收入 | 支出 side by side.

    Columns that are neither labels nor summed values (targets, rates, criteria) belong to the run they
    sit in; a label column after a value column starts a new run.
    """
    runs: list[tuple[list[int], list[int]]] = []
    for c in range(table.n_cols):
        role = table.columns[c].role if c < len(table.columns) else "other"
        if role in _LABEL_ROLES:
            if not runs or runs[-1][1]:
                runs.append(([], []))
            runs[-1][0].append(c)
        elif role in FOOTED_ROLES:
            if not runs:
                runs.append(([], []))
            runs[-1][1].append(c)
    runs = [r for r in runs if r[0] and r[1]]
    return [Segment(tuple(labels), tuple(values)) for labels, values in runs]


@dataclass(frozen=True)
class Line:
    """A body row as one segment reads it."""

    row: int
    label: str  # the row's name in this segment
    code: str  # its classification code, joined (2010601), or ""
    closing: int | None  # closing_level of its label
    depth: int  # numbering depth: 0 unnumbered, 1 一、, 2 （一）, 3 1., 4 （1）
    circled: bool  # ①② item of the row above
    partial: bool  # 其中: some components only


def lines(table: Table, segment: Segment) -> list[Line]:
    """The segment's rows with a label or a value, read for codes, closing words and numbering."""
    out: list[Line] = []
    code_cols = _code_columns(table, segment)
    inherited: list[str] = []  # the split code's parts printed on the rows above (a 款 row may omit its 类)
    for row in table.rows:
        if row.kind == "header":
            continue
        r = row.index
        # A code column's cell that is not a code ("合计" printed across 编码 and 名称) names the row.
        names = [t for c in segment.label_cols if table.grid[r][c].row == r
                 and (t := squeeze(table.grid[r][c].text)) and not (c in code_cols and _DIGITS.match(t))]
        label = next((n for n in reversed(names) if n), "")
        has_value = any(present(table.figure_at(r, c)) for c in segment.value_cols)
        code = _code(table, r, code_cols, inherited)
        if not label and not has_value and not code:
            continue
        num = numbering(label) if label else None
        depth = _STYLE_DEPTH.get(num.style, 0) if num is not None else 0
        out.append(Line(r, label, code, closing_level(label), depth, bool(_CIRCLED.match(label)),
                        bool(V.sub_item.match(label))))
    return out


def _code_columns(table: Table, segment: Segment) -> list[int]:
    """Label columns of the segment that hold classification codes: digits only in most filled cells."""
    cols = []
    for c in segment.label_cols:
        cells = [table.grid[r.index][c] for r in table.rows
                 if r.kind != "header" and table.grid[r.index][c].row == r.index]
        filled = [squeeze(cell.text) for cell in cells if not cell.is_blank]
        digits = [t for t in filled if _DIGITS.match(t)]
        if len(digits) >= 2 and len(digits) >= 0.8 * len(filled):
            cols.append(c)
    return cols


def _code(table: Table, r: int, code_cols: list[int], inherited: list[str]) -> str:
    parts = [squeeze(table.grid[r][c].text) if table.grid[r][c].row == r else "" for c in code_cols]
    if not any(parts):
        return ""
    if len(code_cols) == 1:
        return parts[0] if _DIGITS.match(parts[0]) else ""
    # Split columns (类 | 款 | 项): pad each part to its width, take an omitted upper part from above.
    joined = ""
    for level, part in enumerate(parts):
        width = _SPLIT_WIDTHS[level] if level < len(_SPLIT_WIDTHS) else 2
        if part:
            if not _DIGITS.match(part) or len(part) > width:
                return ""
            part = part.zfill(width)
            del inherited[level:]
            inherited.append(part)
            joined += part
        elif any(parts[level + 1:]) and level < len(inherited):
            joined += inherited[level]
        else:
            break
    return joined


def _column_values(table: Table, rows: list[int], c: int) -> list[tuple[int, Figure]]:
    return [(r, f) for r in rows if present(f := table.figure_at(r, c))]


def _identity(table: Table, total_row: int, part_rows: list[int], c: int) -> Identity | None:
    total = table.figure_at(total_row, c)
    parts = [(r, c) for r in part_rows if present(table.figure_at(r, c))]
    if not present(total) or not parts:
        return None
    units = {f.unit for f in (total, *(table.figure_at(*p) for p in parts)) if f.unit is not None}
    if len(units) > 1:
        return None
    return Identity((total_row, c), tuple(parts), "row")


def _regions(found: list[Line]) -> list[tuple[Line, list[Line]]]:
    """Each closing row with the lines it closes: back to the previous closing row of its level or higher;
    a closing row printed before any line (合计 first) closes the lines after it instead."""
    out: list[tuple[Line, list[Line]]] = []
    pending: list[Line] = []  # lines (and closing rows, standing for their groups) not yet closed
    for i, line in enumerate(found):
        if line.closing is None:
            pending.append(line)
            continue
        region: list[Line] = []
        while pending and not (pending[-1].closing is not None and pending[-1].closing >= line.closing):
            region.insert(0, pending.pop())
        if not region and not pending and not out and is_total_label(line.label):
            # A bare 合计 printed first closes what follows, up to the next closing row of its level or higher
            # (本年收入合计 printed first is a line of its own, not the total of the lines below it).
            after = []
            for nxt in found[i + 1:]:
                if nxt.closing is not None and nxt.closing >= line.closing:
                    break
                after.append(nxt)
            out.append((line, _top(after, line)))
            pending.append(line)
            continue
        out.append((line, _top(region, line)))
        pending.append(line)
    return out


def _top(region: list[Line], closing: Line) -> list[Line]:
    """The lines of a region a closing row adds up: the shallowest numbering level, no 其中 or ①② items,
    and for coded lines only those whose parent code is not in the region. A row named for what it totals
    (本年支出合计) closes a group of two or more lines; over one line it is a line of its own."""
    candidates = [ln for ln in region if not ln.partial and not ln.circled]
    codes = {ln.code for ln in candidates if ln.code}
    candidates = [ln for ln in candidates if not (ln.code and _parent_code(ln.code, codes))]
    if not candidates:
        return []
    depth = min(ln.depth for ln in candidates)
    top = [ln for ln in candidates if ln.depth == depth]
    return top if len(top) >= 2 or is_total_label(closing.label) else []


def _parent_code(code: str, codes: set[str]) -> str | None:
    """The longest other code that is a prefix of this one (2010601 → 20106 → 201)."""
    for k in range(len(code) - 1, 2, -1):
        if code[:k] in codes:
            return code[:k]
    return None


def words_reading(table: Table, segment: Segment) -> list[Identity]:
    """Closing rows (小计, 合计, 总计) over the lines they close, and ①② items under the row above."""
    found = lines(table, segment)
    out: list[Identity] = []
    for closing, parts in _regions(found):
        for c in segment.value_cols:
            if (ident := _identity(table, closing.row, [p.row for p in parts], c)) is not None:
                out.append(ident)
    out.extend(_circled(table, segment, found))
    return out


def _circled(table: Table, segment: Segment, found: list[Line]) -> list[Identity]:
    out: list[Identity] = []
    parent: Line | None = None
    items: list[Line] = []

    def close() -> None:
        if parent is not None and items:
            for c in segment.value_cols:
                if (ident := _identity(table, parent.row, [i.row for i in items], c)) is not None:
                    out.append(ident)

    for line in found:
        if line.circled:
            items.append(line)
            continue
        close()
        parent, items = (line if line.closing is None else None), []
    close()
    return out


def code_reading(table: Table, segment: Segment) -> list[Identity]:
    """Each code over the codes one level below it (类 = Σ款, 款 = Σ项), and each closing row over the
    top-level codes it closes. Empty when the segment has no code tree."""
    found = lines(table, segment)
    coded = [ln for ln in found if ln.code]
    if len(coded) < 3 or len({len(ln.code) for ln in coded}) < 2:
        return []
    codes = {ln.code for ln in coded}
    children: dict[str, list[Line]] = {}
    for ln in coded:
        if (parent := _parent_code(ln.code, codes)) is not None:
            children.setdefault(parent, []).append(ln)
    by_code = {ln.code: ln for ln in coded}
    out: list[Identity] = []
    for code, kids in children.items():
        for c in segment.value_cols:
            if (ident := _identity(table, by_code[code].row, [k.row for k in kids], c)) is not None:
                out.append(ident)
    for closing, parts in _regions(found):
        for c in segment.value_cols:
            if (ident := _identity(table, closing.row, [p.row for p in parts], c)) is not None:
                out.append(ident)
    return out


def sides_equal(table: Table, segs: list[Segment]) -> list[Identity]:
    """Two sides side by side each closed by a 总计: 收入总计 = 支出总计."""
    if len(segs) != 2:
        return []
    grand = []
    for seg in segs:
        rows = [ln.row for ln in lines(table, seg) if ln.closing == 3]
        if len(rows) != 1:
            return []
        grand.append((rows[0], seg.value_cols[0]))
    (r1, c1), (r2, c2) = grand
    if not (present(table.figure_at(r1, c1)) and present(table.figure_at(r2, c2))):
        return []
    return [Identity((r1, c1), ((r2, c2),), "row")]


def closing_columns(table: Table) -> list[tuple[int, list[int], list[int]]]:
    """Columns headed 合计/小计 (本年支出合计) with the value columns after them and before them, up to the
    next or previous closing column: the two ways a 合计 column can add its neighbours."""
    values = [c for c in range(table.n_cols) if _is_value_col(table, c)]
    closing = [c for c in values if closing_level(table.columns[c].header.split("/")[-1]) is not None]
    out = []
    for c in closing:
        after = []
        for d in values:
            if d <= c:
                continue
            if d in closing:
                break
            after.append(d)
        before = []
        for d in reversed(values):
            if d >= c:
                continue
            if d in closing:
                break
            before.insert(0, d)
        out.append((c, after, before))
    return out
