"""Every printed quantity of a document: the denominator of an audit's coverage.

A quantity is a figure a check could verify: not a date or a document number (年, 月, 日, 号, 页), not a
row's 序号, not a header, not an entry of the table of contents.
"""

from __future__ import annotations

from model.document import Document, Paragraph
from patterns.vocabulary import V

NOT_QUANTITIES = frozenset(V.not_quantity_units.words)


def quantity_keys(doc: Document) -> set[tuple]:
    """Where every printed quantity sits, in the keys rules record with `Report.touch`."""
    keys: set[tuple] = set()
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.kind == "toc":
                continue
            for f in block.figures:
                if f.value is not None and f.unit not in NOT_QUANTITIES:
                    keys.add(block.location.at(f.start, f.end).figure_key)
            continue
        seq = set(block.columns_with("seq"))
        for cell in block.cells():
            if cell.row < block.header_rows or cell.col in seq:
                continue
            loc = block.cell_location(cell.row, cell.col)
            if cell.figure is not None:
                if cell.figure.value is not None and cell.figure.unit not in NOT_QUANTITIES:
                    keys.add(loc.figure_key)
            else:
                keys.update(loc.at(f.start, f.end).figure_key for f in cell.figures
                            if f.value is not None and f.unit not in NOT_QUANTITIES)
    return keys
