"""Things a document names or states in two places: documents cited in a list, amounts labelled 收入/支出."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractor.tables import squeeze
from model.document import Cell, Document, Paragraph, Table
from model.figure import Figure
from patterns.vocabulary import V
from reading.structure import segments
from reading.wording import NAME_STOPS, words_before

_ITEM_STYLES = tuple(V.numbering_styles.kind(k).regex for k in ("arabic", "paren-arabic"))  # 1. and （1）
_CITED = regex.compile(r"《([^《》]{4,80})》")
_INCOME, _EXPENSE = "收入", "支出"  # the fund-line words (patterns/vocabulary.toml: fund_lines)


@dataclass(frozen=True)
class Citation:
    """The document a numbered list item cites first: "2.《中华人民共和国预算法实施条例》…"."""

    para: Paragraph
    title: str  # without spaces
    cited: str  # as printed, with 《》
    start: int
    end: int
    list_index: int  # lists are separated by headings


def citations(doc: Document) -> list[Citation]:
    out = []
    list_index = 0
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or block.kind != "paragraph":
            if isinstance(block, Paragraph) and block.kind == "heading":
                list_index += 1
            continue
        m = next((hit for style in _ITEM_STYLES if (hit := style.match(block.text))), None)
        if not m:
            continue
        pos = m.end()
        while pos < len(block.text) and block.text[pos].isspace():
            pos += 1
        cited = _CITED.match(block.text, pos)
        if cited:
            out.append(Citation(block, squeeze(cited[1]), cited[0], cited.start(), cited.end(), list_index))
    return out


def flow_kind(text: str) -> str:
    """ "income" when the words name 收入 and not 支出, "expense" for the reverse, else ""."""
    has_in, has_out = _INCOME in text, _EXPENSE in text
    return "income" if has_in and not has_out else "expense" if has_out and not has_in else ""


@dataclass(frozen=True)
class TableAmount:
    kind: str  # what its row, column and caption call it: "income", "expense" or ""
    table: Table
    cell: Cell


def table_amounts(doc: Document) -> dict:
    """Distinctive money figures in tables (cents or ≥ 100,000), in 元, with what their row and table
    call them."""
    out: dict = {}
    for t in doc.tables:
        sides = segments(t)
        side_of = {c: seg for seg in sides for c in seg.value_cols} if len(sides) > 1 else {}
        for cell in t.cells():
            fig = cell.figure
            if fig is None or fig.value is None or cell.row < t.header_rows:
                continue
            if not ((fig.decimals >= 2 and abs(fig.value) >= 1000) or abs(fig.value) >= 100_000):
                continue
            row = t.rows[cell.row]
            col = t.columns[cell.col] if cell.col < len(t.columns) else None
            # In a 收入 | 支出 table each side names its own cells: the row's label is the last side's.
            side = side_of.get(cell.col)
            label = row.label if side is None else " ".join(
                t.grid[cell.row][c].text for c in side.label_cols if t.grid[cell.row][c].row == cell.row)
            context = f"{t.caption} {row.group} {label} {col.header if col else ''}"
            value = fig.in_yuan() if fig.is_money else fig.value
            out.setdefault(value, []).append(TableAmount(flow_kind(context), t, cell))
    return out


@dataclass(frozen=True)
class ProseAmount:
    """A money figure in a paragraph with the words right before it."""

    para: Paragraph
    figure: Figure
    label: str
    kind: str


def prose_amounts(doc: Document) -> list[ProseAmount]:
    out = []
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or block.kind == "toc":
            continue
        for fig in block.figures:
            if fig.is_money and fig.value is not None:
                label = words_before(block.text, fig.start, NAME_STOPS, reach=None)
                out.append(ProseAmount(block, fig, label, flow_kind(label)))
    return out
