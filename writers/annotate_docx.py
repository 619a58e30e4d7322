"""An annotated copy of a Word draft: one comment per finding, on the figure it is about.

The body is walked again with the DOCX reader's own helpers, in the reader's order, so block N of the
audited `Document` is found back as the same w:p or w:tbl element. Inside it, every character of the
paragraph (or cell) text is traced to the w:t it came from; the figure's run is split at the figure's
offsets (each part keeps the run's properties) and the comment range placed around it. Nothing else
changes: text, formatting and structure are left as they were.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from extractor import docx as reader
from extractor.text import take_caption, take_unit_note
from model.document import Document
from model.findings import AuditResult
from writers.notes import figure_span, located_text, notes

AUTHOR, INITIALS = "gouji", "GJ"
R = reader._w("r")
RPR = reader._w("rPr")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Char = tuple[etree._Element, int] | None  # (w:t / w:tab / w:br … element, offset) or None (list label, "\n")


@dataclass
class _TableMark:
    """Stands for a table in the re-walk: the caption and unit-note logic only looks at paragraphs."""

    element: etree._Element


@dataclass
class Placed:
    """What became of the findings: comments placed on the figure, on the whole block, or not at all."""

    on_figure: list[str] = field(default_factory=list)
    on_block: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


# --- the reader's walk, remembering elements ----------------------------------------------------


@dataclass
class Walked:
    elements: list[etree._Element]  # block index → its w:p or w:tbl
    labels: dict[etree._Element, str]  # w:p → its automatic list label ("一、"), as the reader counted it


def walk_body(body: etree._Element, styles: etree._Element | None,
              numbering: etree._Element | None) -> Walked:
    """The reader's walk (reader._walk_blocks), visiting every paragraph once and in the same order, so
    that list numbering counts alike; it keeps the element of every block and the label of every paragraph."""
    ctx = reader._Context(doc=Document(path="", format="docx"), styles=reader._style_table(styles),
                          numbering=reader._Numbering.from_xml(numbering))
    source: dict[int, etree._Element] = {}
    labels: dict[etree._Element, str] = {}

    def text_of(p: etree._Element) -> reader._ParaText:
        para = reader._paragraph_text(p, ctx)  # the one call per paragraph: it advances list counters
        own = "".join(_char_text(c) for c in paragraph_chars(p))
        labels[p] = para.text[: len(para.text) - len(own)]
        return para

    def walk(container: etree._Element) -> None:
        for el in reader._children(container, {reader.P, reader.TBL}):
            if el.tag == reader.P:
                para = text_of(el)
                block = reader._paragraph_block(para.text, el, ctx)
                if block is not None:
                    ctx.doc.blocks.append(block)
                    source[id(block)] = el
                for box in para.boxes:
                    walk(box)
            else:
                table(el, None)

    def cell_lines(container: etree._Element, nested: list) -> None:  # mirrors reader._container_lines
        for el in reader._children(container, {reader.P, reader.TBL}):
            if el.tag == reader.TBL:
                nested.append(el)
                continue
            for box in text_of(el).boxes:
                cell_lines(box, nested)

    def table(tbl: etree._Element, caption: str | None) -> None:  # mirrors reader._add_table
        nested: list[etree._Element] = []
        rows = 0
        for tr in reader._children(tbl, {reader.TR}):
            if tr.find("w:trPr/w:del", {"w": reader._W}) is not None:
                continue
            rows += 1
            for tc in reader._children(tr, {reader.TC}):
                cell_lines(tc, nested)
        if rows == 0:
            return
        if caption is None:
            take_unit_note(ctx.doc)
            if take_caption(ctx.doc):
                take_unit_note(ctx.doc)
        ctx.doc.blocks.append(_TableMark(tbl))
        for inner in nested:
            table(inner, "")

    walk(body)
    elements = [b.element if isinstance(b, _TableMark) else source[id(b)] for b in ctx.doc.blocks]
    return Walked(elements, labels)


def cell_elements(tbl: etree._Element) -> dict[tuple[int, int], list[etree._Element]]:
    """Grid origin (row, col) → the w:tc elements whose text makes the cell, as reader._table_grid places them."""
    cells: dict[tuple[int, int], list[etree._Element]] = {}
    above: dict[int, tuple[int, int, int]] = {}  # grid column → (origin row, origin col, origin colspan)
    n_rows = 0
    for tr in reader._children(tbl, {reader.TR}):
        if tr.find("w:trPr/w:del", {"w": reader._W}) is not None:
            continue
        col = reader._grid_val(tr, "w:trPr/w:gridBefore", 0)
        current: dict[int, tuple[int, int, int]] = {}
        last: tuple[int, int, int] | None = None
        for tc in reader._children(tr, {reader.TC}):
            colspan = max(1, reader._grid_val(tc, "w:tcPr/w:gridSpan", 1))
            origin = _merged(tc, col, above, last)
            if origin is None:
                origin = (n_rows, col, colspan)
                cells[origin[:2]] = [tc]
            else:
                if origin[0] == n_rows:
                    origin = (origin[0], origin[1], col + colspan - origin[1])
                cells[origin[:2]].append(tc)
            for c in range(col, col + colspan):
                current[c] = origin
            last = origin
            col += colspan
        n_rows += 1
        above = current
    return cells


def _merged(tc: etree._Element, col: int, above: dict, left: tuple[int, int, int] | None):
    tc_pr = tc.find(reader._w("tcPr"))
    if tc_pr is None:
        return None
    v_merge = tc_pr.find(reader._w("vMerge"))
    if v_merge is not None and v_merge.get(reader._w("val"), "continue") == "continue":
        origin = above.get(col)
        return origin if origin is not None and origin[1] == col else None
    h_merge = tc_pr.find(reader._w("hMerge"))
    if h_merge is not None and h_merge.get(reader._w("val"), "continue") == "continue" and left is not None:
        return left if left[1] + left[2] == col else None
    return None


# --- characters → runs --------------------------------------------------------------------------


def paragraph_chars(p: etree._Element) -> list[Char]:
    """One entry per character `reader._collect` reads from the paragraph (numbering label excluded)."""
    out: list[Char] = []
    _chars(p, out)
    return out


def _chars(el: etree._Element, out: list[Char]) -> None:  # mirrors reader._collect
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag == reader.TXBX:
            continue
        if tag in reader._SKIP or (tag == R and reader._hidden(child)):
            continue
        if tag == reader.T:
            out.extend((child, i) for i in range(len(child.text or "")))
        elif tag in reader._TABS or tag == reader._w("noBreakHyphen"):
            out.append((child, 0))
        elif tag in reader._BREAKS:
            if child.get(reader._w("type")) != "page":
                out.append((child, 0))
        else:
            _chars(child, out)


def _char_text(char: Char) -> str:
    node, offset = char
    if node.tag == reader.T:
        return (node.text or "")[offset]
    return "\t" if node.tag in reader._TABS else "-" if node.tag == reader._w("noBreakHyphen") else "\n"


def _stripped(text: str, chars: list[Char]) -> tuple[str, list[Char]]:
    lead = len(text) - len(text.lstrip())
    kept = len(text.strip())
    return text.strip(), chars[lead:lead + kept]


def _paragraph_map(p: etree._Element, numbering_label: str) -> tuple[str, list[Char]]:
    chars = paragraph_chars(p)
    text = numbering_label + "".join(_char_text(c) for c in chars)
    return _stripped(text, [None] * len(numbering_label) + chars)


def _cell_map(tcs: list[etree._Element], labels: dict) -> tuple[str, list[Char]]:
    """The cell's text as the reader builds it (lines of its paragraphs, continuation cells appended)."""
    text, chars = "", []
    for tc in tcs:
        lines: list[tuple[str, list[Char]]] = []
        _container_lines(tc, lines, labels)
        part = "\n".join(t for t, _ in lines)
        part_chars: list[Char] = []
        for i, (_, cs) in enumerate(lines):
            part_chars += ([None] if i else []) + cs
        if tc is tcs[0]:
            text, chars = part, part_chars
        elif part.strip():
            text, chars = (f"{text}\n{part}", [*chars, None, *part_chars]) if text else (part, part_chars)
    return _stripped(text, chars)


def _container_lines(container: etree._Element, lines: list, labels: dict) -> None:
    for el in reader._children(container, {reader.P, reader.TBL}):
        if el.tag == reader.TBL:
            continue
        text, chars = _paragraph_map(el, labels.get(el, ""))
        if text:
            lines.append((text, chars))
        boxes: list[etree._Element] = []
        reader._collect(el, [], boxes)
        for box in boxes:
            _container_lines(box, lines, labels)


# --- splitting runs -----------------------------------------------------------------------------


def _split_before(node: etree._Element, offset: int) -> tuple[etree._Element, etree._Element]:
    """Split the run holding `node` so that a run starts at character `offset` of `node`.

    Returns (original run, run starting at the character); both are the same when nothing needed
    splitting. The new run copies the original's attributes and w:rPr."""
    run = node.getparent()
    content = [c for c in run if c.tag != RPR]
    if offset == 0 and content and content[0] is node:
        return run, run
    new = run.makeelement(run.tag, dict(run.attrib))  # through the parser: python-docx's run class
    rpr = run.find(RPR)
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    if offset > 0:
        text = node.text or ""
        tail = node.makeelement(node.tag, dict(node.attrib))
        new.append(tail)
        tail.text = text[offset:]
        node.text = text[:offset]
        for t in (node, tail):
            t.set(_XML_SPACE, "preserve")
        moved = content[content.index(node) + 1:]
    else:
        moved = content[content.index(node):]
    for child in moved:
        new.append(child)
    run.addnext(new)
    return run, new


def _split_after(node: etree._Element, offset: int) -> etree._Element:
    """Split so that a run ends after character `offset` of `node`; returns the run that ends there."""
    run = node.getparent()
    if node.tag == reader.T and offset + 1 < len(node.text or ""):
        return _split_before(node, offset + 1)[0]
    content = [c for c in run if c.tag != RPR]
    following = content[content.index(node) + 1:]
    return _split_before(following[0], 0)[0] if following else run


def isolate(chars: list[Char]) -> tuple[etree._Element, etree._Element] | None:
    """Split runs so that exactly `chars` are covered by whole runs; (first run, last run), or None."""
    if not chars or any(c is None or c[0].getparent() is None or c[0].getparent().tag != R for c in chars):
        return None
    (first, first_off), (last, last_off) = chars[0], chars[-1]
    end_run = _split_after(last, last_off)
    before, start_run = _split_before(first, first_off)
    if before is end_run:
        end_run = start_run
    return start_run, end_run


def _text_runs(elements: list[etree._Element]) -> list[etree._Element]:
    runs = []
    for el in elements:
        runs += [r for r in el.iter(R) if r.find(reader.T) is not None and not _in_box(r, el)]
    return runs


def _in_box(run: etree._Element, top: etree._Element) -> bool:
    parent = run.getparent()
    while parent is not None and parent is not top:
        if parent.tag == reader.TXBX:
            return True
        parent = parent.getparent()
    return False


# --- the annotated copy -------------------------------------------------------------------------


def remove_own_comments(part) -> int:
    """Take out the comments an earlier run of gouji left (author "gouji"), with their ranges and
    references, so that annotating an annotated copy replaces its comments instead of doubling them.
    Other people's comments stay. Returns how many were removed."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        comments = part.part_related_by(RT.COMMENTS).element
    except KeyError:
        return 0
    ours = [c for c in comments.iterfind(reader._w("comment")) if c.get(reader._w("author")) == AUTHOR]
    ids = {c.get(reader._w("id")) for c in ours}
    for c in ours:
        comments.remove(c)
    if not ids:
        return 0
    body = part.element
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for mark in list(body.iter(reader._w(tag))):
            if mark.get(reader._w("id")) in ids:
                mark.getparent().remove(mark)
    for ref in list(body.iter(reader._w("commentReference"))):
        if ref.get(reader._w("id")) in ids:
            run = ref.getparent()
            run.remove(ref)
            if run.tag == R and not [c for c in run if c.tag != RPR]:
                run.getparent().remove(run)
    return len(ids)


def annotate_docx(source: str | Path, target: str | Path, result: AuditResult, lang: str = "zh") -> Placed:
    """Write a copy of `source` with one comment per finding of `result`; says where each went."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.text.run import Run

    document = docx.Document(str(source))
    audited: Document | None = result.document
    part = document.part
    remove_own_comments(part)
    styles = reader._related_xml(part, RT.STYLES)
    numbering = reader._related_xml(part, RT.NUMBERING)
    walked = walk_body(document.element.body, styles, numbering)
    elements, labels = walked.elements, walked.labels
    placed = Placed()
    for fid, f, text in notes(result, lang):
        loc = f.location
        if loc.block is None or not 0 <= loc.block < len(elements):
            placed.missing.append(fid)
            continue
        el = elements[loc.block]
        if loc.row is not None and loc.col is not None and el.tag == reader.TBL:
            tcs = cell_elements(el).get((loc.row, loc.col))
            if not tcs:
                placed.missing.append(fid)
                continue
            own, chars = _cell_map(tcs, labels)
            whole = tcs
        else:
            own, chars = _paragraph_map(el, labels.get(el, "")) if el.tag == reader.P else ("", [])
            whole = [el]
        expected = located_text(audited, loc) if audited is not None else own
        # A contents entry is its title: the start of the paragraph's text, offsets alike.
        span = figure_span(expected, f) if expected is not None and own.startswith(expected) else None
        runs = isolate(chars[span[0]:span[1]]) if span else None
        if runs is not None:
            placed.on_figure.append(fid)
        else:
            found = _text_runs(whole)
            if not found:
                paragraph = next(iter(whole[0].iter(reader.P)), None) if whole[0].tag != reader.P else whole[0]
                if paragraph is None:
                    placed.missing.append(fid)
                    continue
                found = [paragraph.makeelement(R, {})]
                paragraph.append(found[0])
            runs = (found[0], found[-1])
            placed.on_block.append(fid)
        document.add_comment([Run(runs[0], None), Run(runs[1], None)], text=text, author=AUTHOR,
                             initials=INITIALS)
    document.save(str(target))
    return placed
