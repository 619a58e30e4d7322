"""The document model every extractor produces and every later stage reads.

A `Document` is an ordered list of blocks (`Paragraph` or `Table`). Every block knows where it came
from (`Location`), so a finding can point a reviewer at a page, a table cell or a character range.
Figures are parsed by `extractor.numbers` and attached here; nothing downstream parses digits again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from model.figure import Figure


@dataclass(frozen=True)
class Location:
    """Where something sits in the source file. Unknown parts stay None."""

    block: int | None = None
    page: int | None = None
    line: int | None = None
    table: int | None = None  # ordinal of the table in the document, 1-based
    row: int | None = None  # 0-based grid row
    col: int | None = None  # 0-based grid column
    start: int | None = None  # character offsets within the block's (or cell's) text
    end: int | None = None

    def at(self, start: int, end: int) -> Location:
        return replace(self, start=start, end=end)

    @property
    def figure_key(self) -> tuple:
        """Identifies the printed figure at this place, for the coverage ledger."""
        return (self.block, self.row, self.col, self.start)

    def describe(self, lang: str = "zh") -> str:
        parts: list[str] = []
        zh = lang == "zh"
        if self.page is not None:
            parts.append(f"第{self.page}页" if zh else f"page {self.page}")
        if self.table is not None:
            parts.append(f"表{self.table}" if zh else f"table {self.table}")
            if self.row is not None:
                parts.append(f"第{self.row + 1}行" if zh else f"row {self.row + 1}")
            if self.col is not None:
                parts.append(f"第{self.col + 1}列" if zh else f"column {self.col + 1}")
        elif self.block is not None:
            parts.append(f"第{self.block + 1}段" if zh else f"block {self.block + 1}")
        if self.line is not None and self.table is None:
            parts.append(f"第{self.line}行" if zh else f"line {self.line}")
        return (" " if not zh else "").join(parts) if zh else ", ".join(parts)


ParagraphKind = Literal["heading", "paragraph", "toc", "caption"]


@dataclass
class Paragraph:
    text: str
    location: Location
    kind: ParagraphKind = "paragraph"
    level: int | None = None  # heading depth: 1 for 一、/第一章, 2 for （一）, 3 for 1.
    figures: list[Figure] = field(default_factory=list)
    confidence: float | None = None  # lowest OCR confidence of its text; None when read from a text layer


@dataclass(frozen=True)
class SheetCell:
    """What a spreadsheet cell holds besides its printed text: where it is, its stored number at full
    precision, its formula and its number format. Set by the XLSX and XLS readers only."""

    sheet: str
    address: str  # "B7"
    value: Decimal | None = None  # the stored (for a formula: cached) number; None for text and blanks
    formula: str | None = None  # "=SUM(B2:B6)" as written in the workbook; None for constants
    number_format: str = "General"


@dataclass
class Cell:
    """A grid position's content. Spanned positions share the origin cell object."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    figure: Figure | None = None  # set when the whole cell is one figure (or an empty marker)
    figures: list[Figure] = field(default_factory=list)  # every figure inside longer cell text
    sheet: SheetCell | None = None  # spreadsheet cells only
    confidence: float | None = None  # lowest OCR confidence of its text; None when read from a text layer

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def formula(self) -> str | None:
        """The spreadsheet formula whose cached value is this cell's text, if any."""
        return self.sheet.formula if self.sheet is not None else None


ColumnRole = Literal[
    "label", "maximum", "score", "rate", "ratio", "amount", "budget", "actual", "total", "target",
    "measured", "criterion", "count", "seq", "other",
]
RowKind = Literal["header", "data", "subtotal", "total", "note"]


@dataclass
class Column:
    index: int
    header: str = ""
    role: ColumnRole = "other"
    unit: str | None = None


@dataclass
class Row:
    index: int
    kind: RowKind = "data"
    label: str = ""  # the row's name, from its label cells (merged group cells excluded)
    code: str | None = None  # indicator code such as C31
    level: int = 0  # 0 for top-level rows; deeper for ①②, 其中, C1 → C11
    parent: int | None = None  # grid index of the parent row (the row it sums into), if any
    group: str = ""  # text of the merged group cell this row belongs to (e.g. 账户分类)


@dataclass
class Table:
    grid: list[list[Cell]]
    location: Location
    caption: str = ""
    unit: str | None = None  # from a caption or note such as "单位：万元"
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    header_rows: int = 0
    pages: tuple[int, ...] = ()

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def cell(self, row: int, col: int) -> Cell | None:
        if 0 <= row < len(self.grid) and 0 <= col < len(self.grid[row]):
            return self.grid[row][col]
        return None

    def is_origin(self, cell: Cell, row: int, col: int) -> bool:
        return cell.row == row and cell.col == col

    def figure_at(self, row: int, col: int) -> Figure | None:
        """The figure at a grid position, only where that position is a cell's origin."""
        cell = self.cell(row, col)
        if cell is None or cell.row != row or cell.col != col:
            return None
        return cell.figure

    def body_rows(self) -> list[int]:
        """Grid indices of the rows below the header."""
        return [r.index for r in self.rows if r.kind != "header"]

    def cells(self) -> Iterator[Cell]:
        """Each distinct cell once, in reading order: merged cells are not counted twice."""
        for r, line in enumerate(self.grid):
            for c, cell in enumerate(line):
                if cell.row == r and cell.col == c:
                    yield cell

    def row_cells(self, row: int) -> list[Cell]:
        """The distinct cells that start in this row."""
        out: list[Cell] = []
        for c, cell in enumerate(self.grid[row]):
            if cell.row == row and cell.col == c:
                out.append(cell)
        return out

    def text_grid(self) -> list[list[str]]:
        """The grid as text, merged values shown once (covered positions empty)."""
        return [
            [cell.text if (cell.row == r and cell.col == c) else "" for c, cell in enumerate(line)]
            for r, line in enumerate(self.grid)
        ]

    def cell_location(self, row: int, col: int) -> Location:
        return replace(self.location, row=row, col=col)

    def columns_with(self, role: str) -> list[int]:
        return [c.index for c in self.columns if c.role == role]


Block = Paragraph | Table
DocumentStatus = Literal["ok", "error"]


@dataclass
class Document:
    path: str
    format: str  # "text", "docx", "pdf"
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    status: DocumentStatus = "ok"
    error: str | None = None  # reason code when status is "error" (e.g. "no-text-layer")
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR (no text layer), 1-based

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(frozen=True)
class Span:
    """One origin cell as an extractor sees it: its top-left grid position, its extent and its text."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    sheet: SheetCell | None = None


def build_grid(spans: list[Span], n_rows: int | None = None, n_cols: int | None = None) -> list[list[Cell]]:
    """Place spans on a rectangular grid; covered positions share the origin's Cell object.

    Positions no span covers become empty cells, so every row has the same width. A span that
    would overlap an earlier one is clipped rather than allowed to overwrite it.
    """
    n_rows = n_rows if n_rows is not None else max((s.row + s.rowspan for s in spans), default=0)
    n_cols = n_cols if n_cols is not None else max((s.col + s.colspan for s in spans), default=0)
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for s in spans:
        if s.row >= n_rows or s.col >= n_cols or grid[s.row][s.col] is not None:
            continue
        cell = Cell(text=s.text, row=s.row, col=s.col, rowspan=s.rowspan, colspan=s.colspan, sheet=s.sheet)
        for r in range(s.row, min(s.row + s.rowspan, n_rows)):
            for c in range(s.col, min(s.col + s.colspan, n_cols)):
                if grid[r][c] is None:
                    grid[r][c] = cell
    return [
        [cell if cell is not None else Cell(text="", row=r, col=c) for c, cell in enumerate(line)]
        for r, line in enumerate(grid)
    ]
