"""Findings on text read by OCR say so; a figure read with low confidence gives at most a warning.

A scan's figures are as good as the recognition: "76.30%" may have been "76.38%" on paper. So every
finding that rests on an OCR'd page names that in its message, and an error whose stated figure (or a
figure it was computed from) was recognised with a confidence below `LOW_CONFIDENCE` is lowered to a
warning that asks the reviewer to check the figure against the original.

Not a rule family (no code of its own, not in `checks.FAMILIES`): `checks.judge` passes every rule's
findings through `mark_ocr_findings` before sorting them.
"""

from __future__ import annotations

from dataclasses import replace

from checks.registry import Message
from model.document import Document, Location, Paragraph, Table
from model.findings import Finding

LOW_CONFIDENCE = 0.9  # RapidOCR scores clean print at 0.95–1.0; below this a digit may be misread
# Appended to the message of a finding that rests on an OCR'd page, in both languages.
READ_BY_OCR = Message("（依据 OCR 识别的文字）", " (text read by OCR)")
LOW_CONFIDENCE_NOTE = Message("；所涉数字的识别置信度仅 {confidence}，请对照原件核实",
                              "; a figure involved was recognised with confidence {confidence} only: "
                              "check the original", severity="warning")


def mark_ocr_findings(findings: list[Finding], doc: Document) -> list[Finding]:
    if not doc.ocr_pages:
        return findings
    return [_mark(f, doc) for f in findings]


def _mark(finding: Finding, doc: Document) -> Finding:
    if not _pages(finding.location, doc) & set(doc.ocr_pages):
        return finding
    notes = [READ_BY_OCR]
    severity = finding.severity
    confidences = [c for loc in (finding.location, *finding.related) if (c := confidence_at(loc, doc)) is not None]
    lowest = min(confidences, default=None)
    if severity == "error" and lowest is not None and lowest < LOW_CONFIDENCE:
        notes.append(LOW_CONFIDENCE_NOTE)
        severity = LOW_CONFIDENCE_NOTE.severity
    shown = f"{lowest:.2f}" if lowest is not None else ""
    return replace(finding, severity=severity,
                   message=finding.message + "".join(n.zh.format(confidence=shown) for n in notes),
                   message_en=finding.message_en + "".join(n.en.format(confidence=shown) for n in notes))


def _pages(loc: Location, doc: Document) -> set[int]:
    table = _table(loc, doc)
    if table is not None and table.pages:
        return set(table.pages)
    return {loc.page} if loc.page is not None else set()


def _table(loc: Location, doc: Document) -> Table | None:
    tables = doc.tables
    return tables[loc.table - 1] if loc.table is not None and 0 < loc.table <= len(tables) else None


def confidence_at(loc: Location, doc: Document) -> float | None:
    """The OCR confidence of the figure at `loc` (or of its cell or paragraph); None for a text layer."""
    table = _table(loc, doc)
    if table is not None:
        cell = table.cell(loc.row, loc.col) if loc.row is not None and loc.col is not None else None
        if cell is None:
            return None
        figures = [cell.figure] if cell.figure is not None else cell.figures
        holder = cell
    else:
        block = doc.blocks[loc.block] if loc.block is not None and 0 <= loc.block < len(doc.blocks) else None
        if not isinstance(block, Paragraph):
            return None
        figures, holder = block.figures, block
    for f in figures:
        if (loc.start is None or f.start == loc.start) and f.confidence is not None:
            return f.confidence
    return holder.confidence
