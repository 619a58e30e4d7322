"""Tables without vertical rules in a PDF page: 三线表 (top, header and bottom rules only) and borderless ones.

pdfplumber's "text" strategies were tried first and do not serve here: with horizontal "lines" a
三线表 has three rules and so two rows, and with "text" both ways a whole page of prose and tables came
back as one table (measured on the corpus rendered as 三线表). So tables are found from the text itself:

- each line of characters is cut into segments at gaps wider than a cell's padding;
- a run of lines most of which have two or more segments is a table candidate; its columns are the
  x-ranges that the segments of those lines cover, separated by gaps that (almost) no segment crosses;
- a line starts a new row when it prints a figure, fills a cell that was empty above, or follows a
  horizontal rule; otherwise it carries on the cells of the row above whose text ran to the column's
  right edge (wrapped cell text), and its pieces are joined onto them;
- header rows are the rows above the rule under the header (三线表) or, without rules, the rows above
  the first row with a figure.

The structure gate: a candidate becomes a table only when every segment lies within one column, at
least one column holds figures in most of its cells, and a two-column candidate has a header row and
figures other than small whole numbers (a contents page is not a table). A candidate that fails the gate
stays text, and the page is reported as having tabular text that was not read as a table.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import regex

from extractor.numbers import parse_cell

SPLIT_EM = 0.8  # a gap wider than this many character sizes separates two cells
ALIGN_TOLERANCE = 2.5  # points
MIN_TABLE_LINES = 3
MAX_HEADER_ROWS = 3
WRAP_SLACK_EM = 0.0  # how far (in character sizes) a first word may overhang the cell edge and still fit
PROSE_CHARS = 10  # a piece this long is running text
OCR_SLACK_EM = 1.0
CELL_GAP_EM = 1.2  # two cell paddings of 0.19 cm, in sizes of 9-point table text
# The first unbreakable piece of a line: a run of Latin letters and digits, or one character, with the
# brackets and punctuation that may not be split from it ("（含）", "80%，").
_FIRST_TOKEN = regex.compile(r"[（(“‘《〔【]*(?:[A-Za-z0-9０-９.,%％+\-=≥≤<>/]+|.)[，。、；：,;:）)》”’〕】%％]*")
_SMALL_INT = regex.compile(r"[0-9]{1,3}")


@dataclass
class Segment:
    x0: float
    x1: float
    text: str
    size: float
    chars: list[dict[str, Any]] = field(default_factory=list, repr=False)


@dataclass
class PhysicalLine:
    """One baseline of text with the character rows it came from, cut into segments."""

    chars: list[dict[str, Any]]
    segments: list[Segment]
    top: float
    bottom: float
    size: float


@dataclass
class Candidate:
    lines: list[int]  # indices into the page's physical lines
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0
    x_edges: list[float] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0


def physical_line(chars: list[dict[str, Any]], text_of) -> PhysicalLine:
    """`chars` (one line, left to right) cut into segments at wide gaps between visible characters.
    `text_of` makes a segment's text from its characters (the PDF reader's own line rule), spaces kept."""
    size = statistics.median(c["size"] for c in chars) if chars else 0.0
    segments: list[Segment] = []
    start = None
    prev = None
    for i, ch in enumerate(chars):
        if not ch["text"].strip():
            continue
        if prev is not None and ch["x0"] - chars[prev]["x1"] > SPLIT_EM * max(ch["size"], 1.0):
            segments.append(_segment(chars[start:prev + 1], text_of))
            start = None
        if start is None:
            start = i
        prev = i
    if start is not None:
        segments.append(_segment(chars[start:prev + 1], text_of))
    top = min((c["top"] for c in chars), default=0.0)
    bottom = max((c["bottom"] for c in chars), default=0.0)
    return PhysicalLine(chars, segments, top, bottom, size)


def _segment(chars: list[dict[str, Any]], text_of) -> Segment:
    return Segment(chars[0]["x0"], chars[-1]["x1"], text_of(chars), statistics.median(c["size"] for c in chars),
                   chars)


def _is_value(text: str) -> bool:
    figure = parse_cell(text)
    return figure is not None and figure.value is not None


# --- candidates ---------------------------------------------------------------------------------


def _candidate_runs(lines: list[PhysicalLine], first: int, last: int) -> list[list[int]]:
    """Runs of lines where multi-segment lines follow each other closely; single-segment lines inside
    a run are kept when they start where a segment of the run starts (wrapped cell text). A run that
    ends the page's text (line `last`) or starts it (line `first`) may be two lines of three or more
    cells: a table's first rows before a page break, or its last rows after one."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        multi = len(line.segments) >= 2
        if current:
            prev = lines[current[-1]]
            close = line.top - prev.bottom <= 1.2 * max(line.size, prev.size)
            starts = [s.x0 for j in current for s in lines[j].segments if len(lines[j].segments) >= 2]
            aligned = any(abs(line.segments[0].x0 - x) <= ALIGN_TOLERANCE for x in starts) if line.segments else False
            if close and (multi or aligned):
                current.append(i)
                continue
            runs.append(current)
            current = []
        if multi:
            current = [i]
    if current:
        runs.append(current)
    out = []
    for run in runs:
        # A run ends on a line of cells, or on wrapped text that starts where a column starts (whether it
        # wrapped is decided with the columns known; prose after a table is cut off then).
        while run and len(lines[run[-1]].segments) < 2 and not _at_column_start(lines, run):
            run.pop()
        multi = sum(1 for i in run if len(lines[i].segments) >= 2)
        at_break = run and (run[-1] == last or run[0] == first)
        if (multi >= MIN_TABLE_LINES - 1 and len(run) >= MIN_TABLE_LINES) or (
                at_break and multi >= 2 and len(lines[run[0]].segments) >= 3):
            out.append(run)
    return out


def _at_column_start(lines: list[PhysicalLine], run: list[int]) -> bool:
    """Whether the run's last line (one segment) starts where a segment of the run's cell lines starts."""
    seg = lines[run[-1]].segments[0] if lines[run[-1]].segments else None
    starts = [s.x0 for i in run[:-1] for s in lines[i].segments if len(lines[i].segments) >= 2]
    return seg is not None and any(abs(seg.x0 - x) <= ALIGN_TOLERANCE for x in starts)


def _columns(lines: list[PhysicalLine]) -> list[tuple[float, float]]:
    """Column x-ranges: the covered stretches of the x axis, where a gap is crossed by at most one
    segment in ten (a spanning header or title cell does not close a gap)."""
    multi = [ln for ln in lines if len(ln.segments) >= 2]
    segments = [s for ln in lines for s in ln.segments]
    left = min(s.x0 for s in segments)
    right = max(s.x1 for s in segments)
    allowed = len(multi) // 10
    cover = [0] * (int(right - left) + 2)
    for s in segments:
        for x in range(int(s.x0 - left), int(s.x1 - left) + 1):
            cover[x] += 1
    ranges: list[tuple[float, float]] = []
    start = None
    for x, n in enumerate(cover):
        if n > allowed and start is None:
            start = x
        elif n <= allowed and start is not None:
            ranges.append((left + start, left + x - 1))
            start = None
    if start is not None:
        ranges.append((left + start, right))
    return [r for r in ranges if r[1] - r[0] >= 1.0]


def _column_of(seg: Segment, columns: list[tuple[float, float]], spanning: bool = False) -> int | None:
    """The column a segment lies in: the one it overlaps, or the nearest when it sits in a gap. A
    segment over two columns belongs to none, unless `spanning` (header lines), then to the first."""
    inner = [c for c, (x0, x1) in enumerate(columns)
             if seg.x0 < x1 - ALIGN_TOLERANCE and seg.x1 > x0 + ALIGN_TOLERANCE]
    if len(inner) == 1 or (inner and spanning):
        return inner[0]
    if inner:
        return None
    centre = (seg.x0 + seg.x1) / 2
    return min(range(len(columns)), key=lambda c: min(abs(centre - columns[c][0]), abs(centre - columns[c][1])))


# --- rows ---------------------------------------------------------------------------------------


def _grid(lines: list[PhysicalLine], columns: list[tuple[float, float]], rules: list[float]):
    """Lines → rows of cell texts (a list of pieces per cell), the rule-based header end, and for each
    row the index of the line that started it; None when a segment crosses a column gap."""
    rows: list[list[list[str]]] = []
    last_x1: list[list[float | None]] = []  # per row, per column: right end of the cell's last line
    starters: list[int] = []
    header_end = None
    figure_cols = _figure_columns(lines, columns)
    prose_cols = _prose_columns(lines, columns)
    edges = _cell_edges(lines, columns)
    prev_bottom = None
    seen_figure = False
    for n, line in enumerate(lines):
        placed: dict[int, Segment] = {}
        seen_figure = seen_figure or any(_is_value(s.text) for s in line.segments)
        for seg in line.segments:
            c = _column_of(seg, columns, spanning=not seen_figure)
            if c is None:
                return None
            if c in placed:  # two pieces in one column: a gap inside a cell (合    计), never before a figure
                if _is_value(seg.text) or _is_value(placed[c].text):
                    return None
                placed[c] = Segment(placed[c].x0, seg.x1, f"{placed[c].text} {seg.text}", seg.size,
                                    placed[c].chars + seg.chars)
                continue
            placed[c] = seg
        ruled = prev_bottom is not None and any(prev_bottom - 1 <= y <= line.top + 1 for y in rules)
        if ruled and rows and header_end is None:
            header_end = len(rows)
        continues = bool(rows) and bool(placed) and all(c in prose_cols and rows[-1][c] for c in placed)
        if not rows or ruled or (not continues and _starts_row(placed, rows[-1], last_x1[-1], edges, figure_cols)):
            rows.append([[] for _ in columns])
            last_x1.append([None] * len(columns))
            starters.append(n)
        for c, seg in placed.items():
            rows[-1][c].append(seg.text)
            last_x1[-1][c] = seg.x1
        prev_bottom = line.bottom
    return rows, header_end, starters


def _prose_columns(lines: list[PhysicalLine], columns: list[tuple[float, float]]) -> set[int]:
    """Columns of running text (criteria, descriptions): most of their pieces are long and hold no
    figure. A line with pieces in such columns only carries on the row above; it never starts one."""
    pieces: list[list[str]] = [[] for _ in columns]
    for line in lines:
        for seg in line.segments:
            c = _column_of(seg, columns, spanning=True)
            if c is not None:
                pieces[c].append(seg.text)
    return {c for c, texts in enumerate(pieces)
            if texts and sum(1 for t in texts if len(t) >= PROSE_CHARS and not _is_value(t)) >= 0.6 * len(texts)}


def _cell_edges(lines: list[PhysicalLine], columns: list[tuple[float, float]]) -> list[float]:
    """Where each column's cells end on the right: the next column's start less twice the usual cell
    padding (0.19 cm a side in Word, WPS and LibreOffice), or less the narrowest gap seen between two
    neighbouring cells of one line when that is narrower; the last column's text end."""
    gaps = [b.x0 - a.x1 for ln in lines for a, b in pairwise(ln.segments)]
    size = statistics.median(ln.size for ln in lines)
    padding = min([*gaps, CELL_GAP_EM * size])
    return [columns[c + 1][0] - padding if c + 1 < len(columns) else columns[c][1] for c in range(len(columns))]


def _token_width(seg: Segment) -> float:
    """How wide the segment's first unbreakable piece is, measured on its characters when it has them."""
    token = _FIRST_TOKEN.match(seg.text)
    word = token[0] if token else seg.text[:1]
    estimate = sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in word) * seg.size
    visible = [c for c in seg.chars if c["text"].strip()]
    if len(visible) >= len(word) > 0:  # the larger of the two: when unsure, the text wrapped
        return max(estimate, visible[len(word) - 1]["x1"] - visible[0]["x0"])
    return estimate


def _figure_columns(lines: list[PhysicalLine], columns: list[tuple[float, float]]) -> set[int]:
    counts = [[0, 0] for _ in columns]
    for line in lines:
        for seg in line.segments:
            c = _column_of(seg, columns)
            if c is not None:
                counts[c][0 if _is_value(seg.text) else 1] += 1
    return {c for c, (figures, texts) in enumerate(counts) if figures and figures >= texts}


def _starts_row(placed: dict[int, Segment], row: list[list[str]], ends: list[float | None],
                edges: list[float], figure_cols: set[int]) -> bool:
    """Whether a line starts a new row: it prints a figure in a figure column, fills a cell that was empty
    so far, or continues a cell whose text above would have had room for this line's first word."""
    for c, seg in placed.items():
        if c in figure_cols and _is_value(seg.text):
            return True
        if not row[c]:
            return True
        end = ends[c]
        # Character places from OCR are rough to about a character: the text above must have stopped
        # clearly short of the edge.
        slack = -OCR_SLACK_EM if seg.chars and seg.chars[0].get("fontname") == "ocr" else WRAP_SLACK_EM
        if end is None or end + _token_width(seg) <= edges[c] + slack * seg.size:
            return True  # the text above stopped short of the cell's edge: it did not wrap
    return False


# --- the gate -----------------------------------------------------------------------------------


def _passes(rows: list[list[str]], header_rows: int, at_break: bool) -> bool:
    n_cols = len(rows[0]) if rows else 0
    body = rows[header_rows:]
    if n_cols < 2 or len(body) < (1 if at_break else 2):
        return False
    figure_cols = []
    for c in range(n_cols):
        filled = [r[c] for r in body if r[c].strip()]
        values = [t for t in filled if _is_value(t)]
        if len(values) >= (1 if at_break else 2) and len(values) >= 0.5 * len(filled):
            figure_cols.append(c)
    if not figure_cols and not (at_break and header_rows):  # rows after a break may hold no figure
        return False
    if n_cols == 2:
        values = [r[c] for r in body for c in figure_cols if r[c].strip()]
        if header_rows == 0 or all(_SMALL_INT.fullmatch(v.strip()) for v in values):
            return False
    return True


def find_tables(lines: list[PhysicalLine], rules: list[float], join, first: int = 0,
                last: int | None = None) -> tuple[list[Candidate], list[list[int]]]:
    """Tables found among a page's lines, and the line runs that looked tabular but failed the gate.

    `rules` are the y positions of horizontal rules on the page; `join` joins a cell's pieces; `first`
    and `last` are the indices of the page's first and last lines of text (page numbers do not count)."""
    tables: list[Candidate] = []
    rejected: list[list[int]] = []
    last = len(lines) - 1 if last is None else last
    for run in _candidate_runs(lines, first, last):
        run_lines = [lines[i] for i in run]
        columns = _columns(run_lines)
        made = _grid(run_lines, columns, rules) if len(columns) >= 2 else None
        if made is None:
            rejected.append(run)
            continue
        grid, header_end, starters = made
        # A row begun by a last line of one segment without a figure is prose after the table.
        while len(grid) > 1 and starters[-1] == len(run_lines) - 1 and len(run_lines[-1].segments) == 1 \
                and not _is_value(run_lines[-1].segments[0].text):
            grid.pop()
            starters.pop()
            run, run_lines = run[:-1], run_lines[:-1]
        rows = [[join(pieces) for pieces in row] for row in grid]
        header_rows = _header_rows(rows, header_end)
        if not _passes(rows, header_rows, at_break=run[-1] == last or run[0] == first):
            rejected.append(run)
            continue
        starts = [min((s.x0 for ln in run_lines for s in ln.segments if _column_of(s, columns) == c), default=x0)
                  for c, (x0, _) in enumerate(columns)]
        tables.append(Candidate(lines=run, rows=rows, header_rows=header_rows,
                                x_edges=starts, top=run_lines[0].top,
                                bottom=run_lines[-1].bottom))
    return tables, rejected


def _header_rows(rows: list[list[str]], header_end: int | None) -> int:
    if header_end is not None and 0 < header_end <= MAX_HEADER_ROWS:
        return header_end
    first_figure = next((i for i, r in enumerate(rows) if any(_is_value(t) for t in r if t.strip())),
                        1 if len(rows) > 1 else 0)  # no figure at all: the first row heads the rest
    return min(first_figure, MAX_HEADER_ROWS)
