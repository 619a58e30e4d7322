"""A finding's fingerprint: the same contradiction gets the same fingerprint in a resubmitted document.

Finding numbers F1…Fn follow the order of the report, and block, row and page numbers move whenever a
paragraph is added above. A fingerprint is built instead from what a reviewer would use to find the
figure again:

- the rule;
- in a table: the table's caption (or, without one, its column headers), the row's label, group and
  code, and the column's header;
- in a paragraph: the sentence that holds the figure, with every figure in it masked, and which
  figure of the sentence it is;
- and, when all of that is shared (the same sentence twice), the occurrence in document order.

The stated figure is identified by where it is (which cell, which figure of the sentence), not by its
digits or its unit: figures are masked, so that correcting one figure leaves the other findings on its
sentence or row their fingerprints (when "得分为88.25分" becomes "88.4分", the finding that the
breakdown after it does not add up keeps its fingerprint), and a unit one format's reader finds and
another's does not changes nothing. A baseline compares the stated figure besides
(`review.baseline`): a finding accepted for one figure is not accepted for another.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace

from model.document import Document, Location, Paragraph, Table
from model.findings import Finding

VERSION = "1"  # part of every digest: change it when the recipe changes
DIGITS = re.compile(r"[0-9０-９]+(?:[.,，．][0-9０-９]+)*")
SENTENCE_END = re.compile(r"[。！？；!?;\n]")


def squeeze(text: str) -> str:
    return "".join(text.split())


def mask_digits(text: str) -> str:
    return DIGITS.sub("#", squeeze(text))


def masked_text(text: str, figures) -> str:
    """The text with each figure's characters replaced by one #."""
    out, at = [], 0
    for fig in sorted(figures, key=lambda f: f.start):
        if fig.start < at:
            continue
        out += [text[at:fig.start], "#"]
        at = fig.end
    out.append(text[at:])
    return squeeze("".join(out))


def sentence_bounds(text: str, at: int) -> tuple[int, int]:
    start = max((m.end() for m in SENTENCE_END.finditer(text, 0, at)), default=0)
    end = SENTENCE_END.search(text, at)
    return start, end.end() if end else len(text)


def figure_place(text: str, figures, start: int | None) -> tuple[str, int]:
    """(the masked sentence around offset `start`, the index of the figure at `start` in it)."""
    if start is None:
        return masked_text(text, figures), -1
    lo, hi = sentence_bounds(text, start)
    inside = [f for f in figures if lo <= f.start and f.end <= hi]
    shifted = [replace(f, start=f.start - lo, end=f.end - lo) for f in inside]
    return masked_text(text[lo:hi], shifted), sum(1 for f in inside if f.start < start)


def table_name(doc: Document, table: Table) -> str:
    """The table's caption, or its headers, masked; with its ordinal among tables of the same name."""
    def own(t: Table) -> str:
        return mask_digits(t.caption) if t.caption.strip() else "|".join(mask_digits(c.header) for c in t.columns)

    name = own(table)
    same = [t for t in doc.tables if own(t) == name]
    return f"{name}#{next((i for i, t in enumerate(same) if t is table), 0)}"


def table_place(doc: Document, table: Table, loc: Location) -> list[str]:
    parts = ["table", table_name(doc, table)]
    if loc.row is not None and 0 <= loc.row < len(table.rows):
        row = table.rows[loc.row]
        parts += [mask_digits(row.group), row.code or "", mask_digits(row.label)]
        if not (row.label or row.code):  # an unlabelled row: its position among the table's rows
            parts.append(f"row{loc.row - table.header_rows}")
    if loc.col is not None and 0 <= loc.col < len(table.columns):
        parts.append(mask_digits(table.columns[loc.col].header) or f"col{loc.col}")
    cell = table.cell(loc.row, loc.col) if loc.row is not None and loc.col is not None else None
    if cell is not None and loc.start is not None and cell.figures:
        parts.append(str(figure_place(cell.text, cell.figures, loc.start)[1]))
    return parts


def place(doc: Document | None, loc: Location) -> list[str]:
    """The normalised location: what stays when paragraphs are added or figures corrected elsewhere."""
    block = doc.blocks[loc.block] if doc is not None and loc.block is not None and 0 <= loc.block < len(
        doc.blocks) else None
    if isinstance(block, Table):
        return table_place(doc, block, loc)
    if isinstance(block, Paragraph):
        sentence, index = figure_place(block.text, block.figures, loc.start)
        return ["paragraph", sentence, str(index)]
    return ["document"]


def _order(f: Finding) -> tuple:
    loc = f.location
    return (loc.block if loc.block is not None else -1, loc.row or 0, loc.col or 0, loc.start or 0)


def fingerprints(doc: Document | None, findings: list[Finding]) -> list[str]:
    """One fingerprint (12 hex digits) per finding, in the order given; unique within the document."""
    bases = ["\x1f".join([VERSION, f.rule, *place(doc, f.location)]) for f in findings]
    seen: Counter[str] = Counter()
    out = [""] * len(findings)
    for i in sorted(range(len(findings)), key=lambda i: _order(findings[i])):
        occurrence = seen[bases[i]]
        seen[bases[i]] += 1
        out[i] = hashlib.sha256(f"{bases[i]}\x1f{occurrence}".encode()).hexdigest()[:12]
    return out


def with_fingerprints(doc: Document | None, findings: list[Finding]) -> list[Finding]:
    return [replace(f, fingerprint=fp) for f, fp in zip(findings, fingerprints(doc, findings), strict=True)]
