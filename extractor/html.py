"""HTML and Markdown reports → Document.

Web pages are parsed by lxml's HTML parser (libxml2), which reads tag soup as browsers do; it knows
only HTML's own named entities, never declares or fetches others, and is run without network access
and with libxml2's size limits on (no `huge_tree`). Markdown (what PDF converters such as MinerU and
pandoc write) is rendered to HTML by markdown-it-py with raw HTML kept, so pipe tables and the
`<table>` blocks those converters mix into the text come out of the same table reader.

Tables are placed on their grid by the HTML table algorithm (rowspan/colspan, clipped to the table), a
`<caption>` names the table, and rows in `<thead>` or made of `<th>` cells are header rows. Headings are
`<h1>`…`<h6>` (and `#` lines in Markdown); a numbered heading keeps the depth its numbering gives, as in
the other readers.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import regex

from extractor.errors import InputError
from extractor.layout import CONTENTS_LINE as TOC_ENTRY  # title……page, matched right to left in linear time
from extractor.layout import heading_level, make_paragraph, make_table
from extractor.numbers import parse_cell
from extractor.text import decode, take_caption, take_unit_note
from model.document import Document, Location, Span

MAX_BYTES = 64 * 1024 * 1024  # no report page comes near this; a larger file is refused, not parsed
MAX_COLS = 256  # columns one table may have; wider spans are clipped
MAX_CELLS = 4_000_000  # grid positions one table may have (rows × columns)
MAX_DEPTH = 200  # element nesting followed; deeper content is read as plain text

_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_SKIP = {"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object", "embed",
         "select", "textarea", "button", "title", "meta", "link"}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote",
           "ul", "ol", "li", "dl", "dt", "dd", "pre", "figure", "figcaption", "address", "center", "form",
           "fieldset", "hr", "body", "html", "caption", "details", "summary", *_HEADINGS}
_WIDE = r"\p{Han}\u3000-\u303f\uff00-\uffef"
# A line break in the source between two Chinese characters is no space (CSS Text's segment-break rule).
_BREAK_CJK = regex.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[\s]*(?=[{_WIDE}])")
_SPACES = regex.compile(r"[ \t\r\n\f]+")
_META_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", regex.I)
_XML_ENCODING = regex.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.-]{2,40})""", regex.I)
# Markup only Markdown (or converter output) has: "#" headings, pipe-table rules, HTML tables.
_MARKDOWN_SIGNS = regex.compile(r"^(?:#{1,6}[ \t]|\s*\|?\s*:?-{3,}:?\s*\||\s*<table)", regex.M | regex.I)
_SENTENCE_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":")


# --- bytes → text → tree ------------------------------------------------------------------------


def _check_size(data: bytes, name: str) -> None:
    if len(data) > MAX_BYTES:
        raise InputError("too-large", f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），已拒绝读取：{name}")


def _declared_encoding(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in ("gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80"):
        return "gb18030"  # the superset: pages labelled gb2312 use GBK characters all the time
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def html_text(data: bytes) -> str:
    """The page's text: UTF-8 when it decodes as such, else its declared charset, else a guess."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _declared_encoding(data)
        if declared not in (None, "utf-8"):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    return decode(data.decode(declared).encode("utf-8"))
                except (UnicodeDecodeError, LookupError):
                    pass
    return decode(data)


def parse_html(text: str, name: str):
    """The page as an lxml tree; an empty page is an input error."""
    from lxml import etree, html

    parser = etree.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
                              huge_tree=False, default_doctype=False)
    try:
        root = html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        raise InputError("empty", f"网页中没有任何内容：{name}") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 256 levels of nesting (or a text node of gigabytes): what follows is lost.
        raise InputError("too-large", f"网页结构嵌套过深（超过 256 层），超出解析器的安全限制，已拒绝读取：{name}")
    return root


def read_html(data: bytes, name: str = "<html>") -> Document:
    _check_size(data, name)
    return _read_tree(parse_html(html_text(data), name), Document(path=name, format="html"))


def read_markdown(data: bytes, name: str = "<markdown>") -> Document:
    """Markdown → HTML by markdown-it-py (CommonMark with GFM tables, raw HTML kept) → the HTML reader."""
    from markdown_it import MarkdownIt

    _check_size(data, name)
    source = decode(data)
    if "\t" in source and not _MARKDOWN_SIGNS.search(source):
        from extractor.text import parse_text  # a text dump with tab-separated tables under a Markdown name

        return parse_text(source, name)
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    rendered = md.render(source)
    if not rendered.strip():
        raise InputError("empty", f"Markdown 文件中没有任何内容：{name}")
    return _read_tree(parse_html(rendered, name), Document(path=name, format="markdown"), markdown=True)


# --- walking the tree ---------------------------------------------------------------------------


@dataclass
class _Walk:
    doc: Document
    markdown: bool = False  # source lines of a paragraph may be paragraphs of their own (see _flush)
    parts: list[str] = field(default_factory=list)  # text of the paragraph being gathered
    prefix: str = ""  # a list item's number, printed before its first paragraph
    counters: dict[int, int] = field(default_factory=dict)  # ordered list → items seen so far
    clipped: int = 0  # tables whose spans were clipped to the limits


def _read_tree(root, doc: Document, markdown: bool = False) -> Document:
    walk = _Walk(doc, markdown=markdown)
    body = root.find("body")
    _walk(body if body is not None else root, walk, 0)
    _flush(walk)
    if walk.clipped:
        doc.warnings.append(f"{walk.clipped} 个表格的合并单元格超出列数上限（{MAX_COLS}），已截断")
    if not doc.blocks:
        doc.status, doc.error = "error", "empty"
        doc.warnings.append("网页中没有任何文字")
    from extractor import number_tables

    return number_tables(doc)


def _tag(el) -> str:
    tag = el.tag
    return tag.lower().rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _walk(el, walk: _Walk, depth: int) -> None:
    tag = _tag(el)
    if tag in _SKIP or not tag:
        _tail(el, walk)
        return
    if tag == "table":
        _flush(walk)
        _add_table(el, walk)
        _tail(el, walk)
        return
    if tag in _HEADINGS:
        _flush(walk)
        _add_heading(_text_of(el), _HEADINGS[tag], walk)
        _tail(el, walk)
        return
    if tag == "br":
        _flush(walk)
        _tail(el, walk)
        return
    block = tag in _BLOCKS
    if block:
        _flush(walk)
    if tag == "li":
        walk.prefix = _list_marker(el, walk)
    if el.text:
        walk.parts.append(el.text)
    for child in el:
        if depth < MAX_DEPTH:
            _walk(child, walk, depth + 1)
        else:  # too deep to follow: keep its words, lose its structure
            walk.parts.append(" ".join(child.itertext()))
            _tail(child, walk)
    if block:
        _flush(walk)
    _tail(el, walk)


def _tail(el, walk: _Walk) -> None:
    if el.tail:
        walk.parts.append(el.tail)


def _list_marker(li, walk: _Walk) -> str:
    """The number a browser prints before an item of an ordered list (Markdown "1. …" lines become these)."""
    parent = li.getparent()
    if parent is None or _tag(parent) != "ol":
        return ""
    try:
        start = int(parent.get("start", "1"))
    except ValueError:
        start = 1
    index = walk.counters.get(id(parent), 0)
    walk.counters[id(parent)] = index + 1
    return f"{start + index}. "


def normalise(text: str) -> str:
    """Whitespace as a browser shows it: runs collapse to one space, and none between Chinese characters
    that a source line break separated."""
    text = text.replace("\xa0", " ")
    return _SPACES.sub(" ", _BREAK_CJK.sub("", text)).strip()


def _flush(walk: _Walk) -> None:
    """End the paragraph being gathered. Its source lines become separate paragraphs where a line ends a
    sentence or the next one starts a numbered heading, as a text dump saved as Markdown has them."""
    raw = "".join(walk.parts)
    walk.parts.clear()
    if not raw.strip():
        return
    raw, walk.prefix = walk.prefix + raw.lstrip(), ""
    for piece in _paragraph_pieces(raw) if walk.markdown else [raw]:
        text = normalise(piece)
        if not text:
            continue
        loc = Location(block=len(walk.doc.blocks))
        toc = TOC_ENTRY.match(text) if len(text) <= 400 else None  # a contents entry, as the other readers read it
        walk.doc.blocks.append(make_paragraph(toc["title"].strip(), loc, kind="toc") if toc
                               else make_paragraph(text, loc))


def _paragraph_pieces(raw: str) -> list[str]:
    pieces: list[str] = []
    for line in raw.split("\n"):
        stripped = line.strip()
        if pieces and pieces[-1].strip() and stripped and not _starts_paragraph(pieces[-1], stripped):
            pieces[-1] += "\n" + line
        else:
            pieces.append(line)
    return pieces


def _starts_paragraph(previous: str, line: str) -> bool:
    last = previous.rstrip().rsplit("\n", 1)[-1].strip()
    return last.endswith(_SENTENCE_END) or heading_level(last) is not None or heading_level(line) is not None


def _add_heading(text: str, level: int, walk: _Walk) -> None:
    text = normalise(text)
    if not text:
        return
    numbered = heading_level(text)
    walk.doc.blocks.append(make_paragraph(text, Location(block=len(walk.doc.blocks)), kind="heading",
                                          level=numbered if numbered is not None else level))


def _text_of(el) -> str:
    """An element's text, leaving out what is never shown (scripts, styles) and nested tables."""
    parts: list[str] = []
    _gather(el, parts, 0)
    return "".join(parts)


def _gather(el, parts: list[str], depth: int) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag in _SKIP or tag == "table" or not tag:
            pass
        elif tag == "br":
            parts.append("\n")
        elif depth < MAX_DEPTH:
            block = tag in _BLOCKS
            if block:
                parts.append("\n")
            _gather(child, parts, depth + 1)
            if block:
                parts.append("\n")
        if child.tail:
            parts.append(child.tail)


# --- tables -------------------------------------------------------------------------------------


def _rows(table) -> list[tuple[object, bool]]:
    """The table's own rows in display order (thead, bodies, tfoot), each with whether it is in thead."""
    head, body, foot = [], [], []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            body.append((child, False))
        elif tag in ("thead", "tbody", "tfoot"):
            rows = [(tr, tag == "thead") for tr in child if _tag(tr) == "tr"]
            (head if tag == "thead" else foot if tag == "tfoot" else body).extend(rows)
    return head + body + foot


def _span(value: str | None, limit: int) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return limit if n == 0 else max(1, min(n, limit))  # rowspan="0": to the end of the table


def _cell_text(cell) -> str:
    lines = [normalise(line) for line in _text_of(cell).split("\n")]
    return "\n".join(line for line in lines if line)


def _add_table(table, walk: _Walk) -> None:
    rows = _rows(table)
    spans: list[Span] = []
    taken: set[tuple[int, int]] = set()
    nested = []
    n_cols = 0
    header_hint = 0
    clipped = False
    for r, (tr, in_head) in enumerate(rows):
        col = 0
        all_th = True
        for cell in tr:
            tag = _tag(cell)
            if tag not in ("td", "th"):
                continue
            all_th = all_th and tag == "th"
            while (r, col) in taken:
                col += 1
            if col >= MAX_COLS:
                clipped = True
                break
            rowspan = _span(cell.get("rowspan"), len(rows) - r)
            colspan = _span(cell.get("colspan"), MAX_COLS - col)
            clipped = clipped or _span(cell.get("colspan"), 10 * MAX_COLS) > colspan
            if (len(rows) * max(n_cols, col + colspan)) > MAX_CELLS:
                raise InputError("too-large", f"网页中的表格过大（超过 {MAX_CELLS} 个单元格），已拒绝读取")
            text = _cell_text(cell)
            spans.append(Span(r, col, text, rowspan, colspan))
            for rr in range(r, r + rowspan):
                for cc in range(col, col + colspan):
                    taken.add((rr, cc))
            nested.extend(t for t in cell.iter("table") if t is not cell)
            col += colspan
            n_cols = max(n_cols, col)
        if header_hint == r and (in_head or (all_th and len(tr))) and not _has_value(spans, r):
            header_hint = r + 1
    walk.clipped += clipped
    if spans and n_cols:
        _place_table(table, spans, len(rows), n_cols, header_hint, walk)
    for inner in _outermost(nested):
        _add_table(inner, walk)


def _has_value(spans: list[Span], row: int) -> bool:
    for s in spans:
        if s.row == row and s.text:
            figure = parse_cell(s.text)
            if figure is not None and figure.value is not None:
                return True
    return False


def _outermost(tables: list) -> list:
    """Nested tables one level down (deeper ones are read when their parent is)."""
    ids = {id(t) for t in tables}
    out = []
    for t in tables:
        parent = t.getparent()
        while parent is not None and id(parent) not in ids and _tag(parent) != "table":
            parent = parent.getparent()
        if parent is None or id(parent) not in ids:
            out.append(t)
    return out


def _place_table(table, spans: list[Span], n_rows: int, n_cols: int, header_hint: int, walk: _Walk) -> None:
    caption_el = next((c for c in table if _tag(c) == "caption"), None)
    notes = take_unit_note(walk.doc)
    caption = normalise(_text_of(caption_el)) if caption_el is not None else ""
    if not caption:
        caption = take_caption(walk.doc)
    if caption:
        notes += take_unit_note(walk.doc)
    walk.doc.blocks.append(make_table(spans, Location(block=len(walk.doc.blocks)), caption=caption, notes=notes,
                                      n_rows=n_rows, n_cols=n_cols, header_rows=header_hint))
