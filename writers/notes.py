"""What the in-place outputs share: a finding's note, the findings it relates to, and where its figure is.

The annotated Word copy, the marked-up PDF and the HTML report all show a finding next to the figure
it is about. They number findings as every other writer does (`writers.rows.numbered`), and say which
other findings belong with it: the same figure, a figure this finding's recomputation used, or the
finding that explains this one (`consequence_of`).
"""

from __future__ import annotations

from model.document import Document, Location, Paragraph, Table
from model.findings import AuditResult, Finding
from writers.common import label, rule_title
from writers.rows import numbered
from writers.terminal import expected_cell

NOTE_LABELS = {
    "zh": {"stated": "原文", "expected": "应为", "why": "原因", "see": "另见"},
    "en": {"stated": "Stated", "expected": "Expected", "why": "Why", "see": "See also"},
}


def _place(loc: Location) -> tuple:
    return (loc.block, loc.row, loc.col)


def _same_figure(a: Location, b: Location) -> bool:
    if _place(a) != _place(b):
        return False
    return a.start is None or b.start is None or a.start == b.start


def related_ids(findings: list[Finding]) -> dict[str, list[str]]:
    """Finding id → ids of the other findings about the same figure, the figures it used, or its cause."""
    items = numbered(findings)
    by_key = {f.key: fid for fid, f in items if f.key}
    out: dict[str, list[str]] = {fid: [] for fid, _ in items}

    def link(a: str, b: str) -> None:
        if a != b:
            if b not in out[a]:
                out[a].append(b)
            if a not in out[b]:
                out[b].append(a)

    for fid, f in items:
        if f.consequence_of in by_key:
            link(fid, by_key[f.consequence_of])
        for gid, g in items:
            if gid == fid:
                continue
            if _same_figure(f.location, g.location) or any(_same_figure(r, g.location) for r in f.related):
                link(fid, gid)
    return {fid: sorted(ids, key=lambda s: int(s[1:])) for fid, ids in out.items()}


def note_lines(f: Finding, fid: str, see_also: list[str], lang: str = "zh") -> list[str]:
    """The note shown at the figure: id, rule and severity, what was stated, what it should be, why."""
    words = NOTE_LABELS.get(lang, NOTE_LABELS["zh"])
    accepted = f" ({label('accepted', lang)})" if f.accepted else ""
    lines = [f"{fid} [{f.rule} {label(f.severity, lang)}]{accepted} {rule_title(f.rule, lang)}"]
    if f.stated_text:
        lines.append(f"{words['stated']}：{f.stated_text}" if lang != "en" else f"{words['stated']}: {f.stated_text}")
    expected = expected_cell(f)
    if expected:
        lines.append(f"{words['expected']}：{expected}" if lang != "en" else f"{words['expected']}: {expected}")
    sep = "：" if lang != "en" else ": "
    lines.append(f"{words['why']}{sep}{f.text(lang)}")
    if see_also:
        lines.append(f"{words['see']} {'、'.join(see_also) if lang != 'en' else ', '.join(see_also)}")
    if f.fingerprint:
        lines.append(f"{label('fingerprint', lang)}{sep}{f.fingerprint}")
    return lines


def note_text(f: Finding, fid: str, see_also: list[str], lang: str = "zh") -> str:
    return "\n".join(note_lines(f, fid, see_also, lang))


def notes(result: AuditResult, lang: str = "zh") -> list[tuple[str, Finding, str]]:
    """(id, finding, note text) for every finding of a document."""
    related = related_ids(result.findings)
    return [(fid, f, note_text(f, fid, related[fid], lang)) for fid, f in numbered(result.findings)]


def _squeeze(text: str) -> str:
    return "".join(text.split())


def block_at(doc: Document, loc: Location) -> Paragraph | Table | None:
    if loc.block is None or not 0 <= loc.block < len(doc.blocks):
        return None
    return doc.blocks[loc.block]


def located_text(doc: Document, loc: Location) -> str | None:
    """The text of the paragraph or table cell a location points at (the text its offsets count in)."""
    block = block_at(doc, loc)
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Table) and loc.row is not None and loc.col is not None:
        cell = block.cell(loc.row, loc.col)
        return cell.text if cell is not None else None
    return None


def figure_span(text: str, f: Finding) -> tuple[int, int] | None:
    """Where the stated figure sits in `text`: the finding's own offsets when they hold the stated figure,
    else its first occurrence; None when the text does not hold it."""
    loc = f.location
    if loc.start is not None and loc.end is not None and 0 <= loc.start < loc.end <= len(text) and (
            f.stated_text is None or _squeeze(text[loc.start:loc.end]) == _squeeze(f.stated_text)):
        return loc.start, loc.end
    if f.stated_text:
        at = text.find(f.stated_text)
        if at >= 0:
            return at, at + len(f.stated_text)
        squeezed = f.stated_text.strip()
        at = text.find(squeezed) if squeezed else -1
        if at >= 0:
            return at, at + len(squeezed)
    return None
