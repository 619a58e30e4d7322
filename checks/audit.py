"""One document through the whole pipeline: extract → claims → checks → an `AuditResult`."""

from __future__ import annotations

from pathlib import Path

from checks import run_checks
from checks.lookup import total_candidates
from checks.ocr_trust import mark_ocr_findings
from checks.registry import AuditResult, Context, Options, figure_key
from extractor import InputError, extract
from extractor.model import Document, Paragraph
from patterns.finder import find_all

# Figures with these units name dates and document numbers, not quantities a check could verify.
NOT_QUANTITIES = frozenset({"年", "月", "日", "号", "页"})


def audit_path(path: str | Path, options: Options | None = None, password: str | None = None,
               patterns: tuple[Path, ...] = ()) -> AuditResult:
    """Audit one file. Unreadable input becomes an error result, never an exception."""
    try:
        doc = extract(path, password=password)
    except InputError as exc:
        return AuditResult(path=str(path), status="error", error=exc.message, error_code=exc.code)
    return audit_document(doc, options or Options(), patterns)


def audit_document(doc: Document, options: Options, patterns: tuple[Path, ...] = ()) -> AuditResult:
    result = AuditResult(path=doc.path, format=doc.format, pages=doc.pages, warnings=list(doc.warnings))
    result.document = doc
    if doc.status == "error":
        result.status, result.error_code = "error", doc.error
        result.error = "；".join(doc.warnings) or doc.error
        return result
    ctx = Context(doc=doc, claims=find_all(doc, patterns), options=options)
    result.findings = mark_ocr_findings(run_checks(ctx), doc)
    found = quantity_keys(doc)
    result.numbers_found = len(found)
    result.numbers_checked = len(found & ctx.checked)
    totals = [c.values["total"].value for c in ctx.claims_of("composite_total")]
    result.stated_total = totals[0] if totals else None
    candidates = total_candidates(doc)
    result.recomputed_total = candidates[0].figure.value if candidates else None
    return result


def quantity_keys(doc: Document) -> set[tuple]:
    """Where every printed quantity sits, in the same keys checks record with `Context.touch`."""
    keys: set[tuple] = set()
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.kind == "toc":
                continue
            for f in block.figures:
                if f.value is not None and f.unit not in NOT_QUANTITIES:
                    keys.add(figure_key(block.location.at(f.start, f.end)))
            continue
        seq = set(block.columns_with("seq"))
        for cell in block.cells():
            if cell.row < block.header_rows or cell.col in seq:
                continue
            loc = block.cell_location(cell.row, cell.col)
            if cell.figure is not None:
                if cell.figure.value is not None and cell.figure.unit not in NOT_QUANTITIES:
                    keys.add(figure_key(loc))
            else:
                keys.update(figure_key(loc.at(f.start, f.end)) for f in cell.figures
                            if f.value is not None and f.unit not in NOT_QUANTITIES)
    return keys
