"""Repairs for tab-separated tables that a PDF-to-text converter damaged.

Converters that write one tab-separated line per table row lose the table's geometry in three ways,
each of which moves figures into the wrong column and so makes sums fail that hold in the original:

- **shifted rows**: a row loses its leading merged cell (the group label printed once for several
  rows), so every later cell sits one column to the left; the row is then one cell short, or ends in
  a stray empty cell. Seen from the columns: the row prints a figure in a column that holds prose in
  every other row. The row is moved right until its figures stand in figure columns again.
- **split headers**: a header whose cells are printed on two baselines comes out as two lines, one
  short and one with gaps; the short line's labels fill the other's gaps in order.
- **wrapped cells**: text that wrapped inside a tall cell (or ran over a page break) comes out as a
  line of its own, with no figure, under the row it belongs to; it is joined back onto that row's
  text cells.

Each repair is only made when the table's own columns say it is needed, so a well-formed table is
never touched. `repair_rows` returns the repaired rows and the names of the repairs it made.
"""

from __future__ import annotations

import regex

from extractor.numbers import parse_cell

SHIFTED, SPLIT_HEADER, WRAPPED = "shifted", "split-header", "wrapped"
REPAIR_NAMES = {
    SHIFTED: "行首合并单元格丢失、整行左移",
    SPLIT_HEADER: "表头拆成两行",
    WRAPPED: "单元格内换行的文字单独成行",
}

_SEQ = regex.compile(r"[0-9]{1,3}")
_TOTAL_WORD = regex.compile(r"^(?:合\s*计|小\s*计|总\s*计|共\s*计|累\s*计)")
# A line that starts a row of its own, even without figures: 其中 / ①② / （一） / an indicator code.
_ROW_START = regex.compile(
    r"^(?:其中|[①-⑳]|[（(][一二三四五六七八九十0-9]+[）)]|[A-Z][0-9]{0,3}(?![A-Za-z])|合\s*计|小\s*计)")
MIN_WRAPPED_CELL = 16  # characters of a cell that wrapped without leaving a mark
_WRAP_MARK = regex.compile(r"\p{Han}[ \u3000]\p{Han}")


def _is_figure(text: str) -> bool:
    figure = parse_cell(text) if text.strip() else None
    return figure is not None and (figure.value is not None or figure.missing)


def _is_value(text: str) -> bool:
    figure = parse_cell(text) if text.strip() else None
    return figure is not None and figure.value is not None


def _kinds(rows: list[list[str]], width: int, start: int) -> list[str]:
    """Each column's kind, "figure", "text", "seq" or "" when unclear, judged on the intact body rows
    (full width and ending in a filled cell): a shifted row must not vote on the columns it spoils."""
    body = rows[start:]
    intact = [r for r in body if len(r) == width and r[-1].strip()]
    sample = intact or body
    kinds = []
    for c in range(width):
        cells = [r[c] for r in sample if c < len(r) and r[c].strip()]
        figures = sum(1 for t in cells if _is_figure(t))
        texts = len(cells) - figures
        if c == 0 and cells and sum(1 for t in cells if _SEQ.fullmatch(t.strip())) >= 0.6 * len(cells):
            kinds.append("seq")
        elif figures and figures >= 2 * texts:
            kinds.append("figure")
        elif texts and texts >= 2 * figures:
            kinds.append("text")
        else:
            kinds.append("")
    return kinds


def _body_start(rows: list[list[str]]) -> int:
    """Index of the first row holding a figure: rows above it are header rows."""
    return next((i for i, r in enumerate(rows) if any(_is_value(t) for t in r)), len(rows))


# --- split headers ------------------------------------------------------------------------------


def _merge_split_header(rows: list[list[str]], width: int) -> bool:
    """Two header lines, one shorter than the table and one full width with as many gaps as the short one
    has labels: together they are one header row."""
    if len(rows) < 3 or _body_start(rows) < 2:
        return False
    a, b = rows[0], rows[1]
    for short, full in ((a, b), (b, a)):
        labels = [t for t in short if t.strip()]
        gaps = [c for c, t in enumerate(full) if not t.strip()]
        if (len(short) < width and len(full) == width and labels and len(labels) == len(gaps)
                and len(full) - len(gaps) >= 1 and not any(_is_value(t) for t in short + full)):
            merged = list(full)
            for c, label in zip(gaps, labels, strict=True):
                merged[c] = label
            rows[0:2] = [merged]
            return True
    return False


# --- shifted rows -------------------------------------------------------------------------------


def _insertion_point(row: list[str], kinds: list[str]) -> int:
    """Where the lost merged cells were: after a leading 序号 or a 合计/小计 label, else at the start."""
    first = row[0].strip() if row else ""
    if first and ((kinds and kinds[0] == "seq" and _SEQ.fullmatch(first)) or _TOTAL_WORD.match(first)):
        return 1
    return 0


def _fits(row: list[str], kinds: list[str]) -> tuple[int, int]:
    """(cells in a column of the other kind, figures in figure columns) for one row."""
    wrong = right = 0
    for c, text in enumerate(row):
        kind = kinds[c] if c < len(kinds) else ""
        if _is_value(text):
            if kind == "figure":
                right += 1
            elif kind == "text" or c >= len(kinds):
                wrong += 1
        elif text.strip() and not _is_figure(text) and kind == "figure":
            wrong += 1
    return wrong, right


def _realign(row: list[str], kinds: list[str], width: int) -> list[str] | None:
    """The row moved right by one or two cells, if that puts every figure into a figure column."""
    wrong, right = _fits(row, kinds)
    if wrong == 0:
        return None
    for k in (1, 2):
        body = list(row)
        # Room on the right: cells missing from a short row, or empty cells at its end.
        room = width - len(body)
        while room < k and body and not body[-1].strip():
            body.pop()
            room += 1
        if room < k:
            break
        at = _insertion_point(body, kinds)
        moved = body[:at] + [""] * k + body[at:]
        moved += [""] * (width - len(moved))
        w2, r2 = _fits(moved, kinds)
        if w2 == 0 and r2 > right:
            return moved
    return None


def _realign_rows(rows: list[list[str]], width: int) -> bool:
    start = _body_start(rows)
    kinds = _kinds(rows, width, start)
    if "figure" not in kinds:
        return False
    changed = False
    for i in range(start, len(rows)):
        moved = _realign(rows[i], kinds, width)
        if moved is not None:
            rows[i] = moved
            changed = True
    return changed


# --- wrapped cells ------------------------------------------------------------------------------


def _is_fragment(row: list[str], kinds: list[str]) -> bool:
    filled = [(c, t.strip()) for c, t in enumerate(row) if t.strip()]
    if not filled or filled[0][0] == 0:
        return False
    if any(_is_figure(t) for _, t in filled):
        return False
    return not any(_ROW_START.match(t) for _, t in filled)


def _wrapped(text: str) -> bool:
    """Whether a cell's text shows that it wrapped: long, or with the converter's space at a line end
    between two Chinese characters ("基金 预决算编 制")."""
    text = text.strip()
    return len(text) >= MIN_WRAPPED_CELL or bool(_WRAP_MARK.search(text))


def _join_fragment(prev: list[str], fragment: list[str], kinds: list[str]) -> list[str] | None:
    """`prev` with each piece of `fragment` appended to the nearest of its wrapped text cells, left to right."""
    targets = [c for c, t in enumerate(prev) if _wrapped(t) and not _is_figure(t)
               and (c >= len(kinds) or kinds[c] != "figure")]
    pieces = [(c, t.strip()) for c, t in enumerate(fragment) if t.strip()]
    if len(pieces) > len(targets):
        return None
    out = list(prev)
    last = -1
    for col, piece in pieces:
        free = [c for c in targets if c > last]
        if len(free) < 1:
            return None
        best = min(free, key=lambda c: (abs(c - col), -c))
        out[best] = out[best].rstrip() + piece
        last = best
    return out


def _join_wrapped(rows: list[list[str]], width: int) -> bool:
    start = _body_start(rows)
    kinds = _kinds(rows, width, start)
    if "figure" not in kinds:
        return False
    changed = False
    i = max(start + 1, 1)
    while i < len(rows):
        if _is_fragment(rows[i], kinds) and any(_is_value(t) for t in rows[i - 1]):
            joined = _join_fragment(rows[i - 1], rows[i], kinds)
            if joined is not None:
                rows[i - 1] = joined
                del rows[i]
                changed = True
                continue
        i += 1
    return changed


def repair_rows(rows: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """The rows of one tab-separated table with the three kinds of converter damage undone."""
    rows = [list(r) for r in rows]
    width = max((len(r) for r in rows), default=0)
    made: list[str] = []
    if _merge_split_header(rows, width):
        made.append(SPLIT_HEADER)
    if _realign_rows(rows, width):
        made.append(SHIFTED)
    if _join_wrapped(rows, width):
        made.append(WRAPPED)
    return rows, made
