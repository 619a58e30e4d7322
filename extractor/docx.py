"""DOCX reports → Document.

The body XML is walked directly rather than through python-docx's object API, because that API drops
text a reviewer can see: tracked insertions, content controls (w:sdt), text boxes and automatic list
numbers ("一、", "（一）" produced by Word's numbering rather than typed). Deleted text, hidden text and
the VML fallback copy of each text box are left out, so every word is read once.

Tables are placed on their grid from w:gridBefore, w:gridSpan and w:vMerge, so a merged cell becomes
one Span whatever python-docx's `row.cells` would repeat.
"""

from __future__ import annotations

import zipfile
import zlib
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import regex
from lxml import etree

from extractor.errors import InputError
from extractor.layout import CONTENTS_LINE, CONTENTS_TAB, heading_level, make_paragraph, make_table, squeeze_cjk
from extractor.text import take_caption, take_unit_note
from model.document import Document, Location, Paragraph, Span
from patterns.vocabulary import V

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_UNPACKED = 512 * 1024 * 1024  # a zip bomb declares gigabytes; no report comes near this
# One XML part (document.xml, styles, headers…): lxml needs about 12 times its size, and 16 MB of
# document.xml are already 128,000 paragraphs (34 s to read); an 80-page report has 1–3 MB.
_MAX_XML_PART = 64 * 1024 * 1024
_MAX_CONTENT_TYPES = 1024 * 1024
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_MAX_OLE_SCAN = 64 * 1024 * 1024
_MAX_GRID = 63  # Word's own limit on table columns; a larger span is corrupt and would blow up the grid


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


P, TBL, TR, TC, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
TXBX = _w("txbxContent")
# Containers whose content is shown in place: descend into them as if they were not there.
_WRAPPERS = {_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo"), _w("smartTag")}
# Subtrees whose text is not part of the paragraph as printed (or is read elsewhere, as text boxes are).
_SKIP = {
    _w("pPr"), _w("rPr"), _w("sdtPr"), _w("del"), _w("moveFrom"), _w("rt"), _w("instrText"),
    _w("delText"), _w("fldData"), TXBX, f"{{{_MC}}}Fallback",
}
_BREAKS = {_w("br"), _w("cr")}
_TABS = {_w("tab"), _w("ptab")}

_STYLE_WORDS = {k.kind: k.alternation() for k in V.docx_styles.kinds}
_HEADING_STYLE = regex.compile(rf"^(?:{_STYLE_WORDS['heading']})\s*(?P<n>[1-9])$", regex.I)
_TOC_STYLE = regex.compile(rf"^(?:{_STYLE_WORDS['toc']})\s*[1-9]?$", regex.I)
_CAPTION_STYLE = regex.compile(rf"^(?:{_STYLE_WORDS['caption']})$", regex.I)
_TOC_MAX = 400  # characters


# --- opening the file ---------------------------------------------------------------------------


def read_docx(path: Path | BinaryIO, name: str | None = None) -> Document:
    """Read a .docx report. Raises `InputError` for anything that is not a readable Word file.

    `path` may also be a binary stream (a file held in memory); `name` then labels it."""
    stream = path if hasattr(path, "read") else None
    path = Path(name or "<内存>") if stream is not None else Path(path)
    _check_container(path, stream)
    root, styles_xml, numbering_xml = _open_parts(path, stream)
    body = root.find(_w("body"))
    if body is None:
        raise InputError("not-docx", f"文件不是 Word 文档（缺少正文）：{path.name}")
    ctx = _Context(doc=Document(path=str(path), format="docx"), styles=_style_table(styles_xml),
                   numbering=_Numbering.from_xml(numbering_xml))
    try:
        _walk_blocks(body, ctx)
    except RecursionError:
        raise InputError("corrupt-docx", f"Word 文档结构嵌套过深，无法读取：{path.name}") from None
    if not ctx.doc.blocks:
        _judge_empty(ctx.doc, body)
    chunks = sum(1 for _ in body.iter(_w("altChunk")))
    if chunks:
        # Word merges these imported parts (HTML, RTF, another .docx) only when it opens the file.
        ctx.doc.warnings.append(f"文档中有 {chunks} 处嵌入的外部内容（altChunk），未能读取，其中的文字和数字未核对")
    from extractor import number_tables  # late: extractor/__init__ imports this module lazily too

    return number_tables(ctx.doc)


def _judge_empty(doc: Document, body: etree._Element) -> None:
    """A document without a word to read is an error, never an empty "clean" audit."""
    pictures = any(True for _ in body.iter(_w("drawing"), _w("pict"), _w("object")))
    if pictures:
        doc.status, doc.error = "error", "no-text-layer"
        doc.warnings.append("Word 文档中没有文字，只有图片（可能是扫描件），需要先做 OCR 文字识别才能审核")
    else:
        doc.status, doc.error = "error", "empty"
        doc.warnings.append("Word 文档中没有任何文字")


def _binary(path: Path, stream: BinaryIO | None):
    """The file to read: the stream, rewound and left open, or the path opened anew."""
    if stream is None:
        return path.open("rb")
    stream.seek(0)
    return nullcontext(stream)


def _check_container(path: Path, stream: BinaryIO | None = None) -> None:
    try:
        with _binary(path, stream) as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件：{path}（{exc.strerror}）") from None
    if head.startswith(_OLE_MAGIC):
        # Word stores a password-protected .docx as an OLE container with an EncryptionInfo stream.
        with _binary(path, stream) as fh:
            encrypted = "EncryptionInfo".encode("utf-16-le") in fh.read(_MAX_OLE_SCAN)
        if encrypted:
            raise InputError("not-docx", f"文件已加密（设有打开密码），请取消密码后另存为 .docx 再检查：{path.name}")
        raise InputError("not-docx", f"这是旧版 Word（.doc）或其他 OLE 文件，不是 .docx：{path.name}")
    if not head.startswith(b"PK"):
        raise InputError("not-docx", f"文件不是 Word 文档（.docx 应为 zip 格式）：{path.name}")
    try:
        with zipfile.ZipFile(stream or path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise InputError("corrupt-docx", f"Word 文档已损坏或不完整（zip 结构无法读取）：{path.name}") from None
    if "word/document.xml" not in {i.filename for i in infos}:
        raise InputError("not-docx", f"压缩包中没有 word/document.xml，不是 Word 文档：{path.name}")
    if any(i.flag_bits & 0x1 for i in infos):
        # zip-level encryption (flag bit 0): zipfile would raise RuntimeError asking for a password
        raise InputError("not-docx", f"文件已加密（zip 成员设有密码），请取消密码后另存为 .docx 再检查：{path.name}")
    if sum(i.file_size for i in infos) > _MAX_UNPACKED:
        raise InputError("unsafe-zip", f"Word 文档解压后体积异常（疑似压缩炸弹），已拒绝读取：{path.name}")
    for info in _xml_parts(infos, stream or path):
        if info.file_size > _MAX_XML_PART:
            size, limit = info.file_size / 1024**2, _MAX_XML_PART // 1024**2
            raise InputError("unsafe-zip", f"Word 文档的部件 {info.filename} 解压后达 {size:.0f} MB（上限 {limit} MB，"
                                           f"疑似压缩炸弹），已拒绝读取：{path.name}")


def _xml_parts(infos: list[zipfile.ZipInfo], source) -> list[zipfile.ZipInfo]:
    """The members python-docx will parse as XML: by their content type ([Content_Types].xml, read here
    with a parser that expands nothing), whatever their names; every member when that list is unreadable."""
    listing = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
    if listing is None or listing.file_size > _MAX_CONTENT_TYPES:
        return infos
    try:
        with zipfile.ZipFile(source) as zf:
            root = etree.fromstring(zf.read(listing), etree.XMLParser(
                resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, etree.XMLSyntaxError):
        return infos
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "") for el in root.iter(f"{{{_CT}}}Default")}
    overrides = {el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
                 for el in root.iter(f"{{{_CT}}}Override")}

    def content_type(name: str) -> str:
        return overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower() if "." in name else "", "")

    return [i for i in infos if "xml" in content_type(i.filename).lower() or i.filename.lower().endswith(
        (".xml", ".rels"))]


def _open_parts(path: Path, stream: BinaryIO | None = None
                ) -> tuple[etree._Element, etree._Element | None, etree._Element | None]:
    """The document, styles and numbering XML, each parsed once by python-docx's parser."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError
    from docx.package import Package

    try:
        part = Package.open(stream or str(path)).main_document_part
        if part.content_type not in _WORD_MAIN_TYPES:
            raise InputError("not-docx", f"文件不是 Word 文档（内容类型为 {part.content_type}）：{path.name}")
        parts = (_part_xml(part), _related_xml(part, RT.STYLES), _related_xml(part, RT.NUMBERING))
    except etree.XMLSyntaxError as exc:
        # Only expansion limits mean an attack; a stray "&" in broken XML is plain corruption.
        if any(sign in str(exc).lower() for sign in ("amplification", "entity reference loop", "entities")):
            raise InputError("unsafe-xml", f"Word 文档含有实体扩展（疑似 XML 炸弹），已拒绝读取：{path.name}") from None
        raise InputError("corrupt-docx", f"Word 文档的 XML 已损坏：{path.name}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        # NotImplementedError: zipfile meets a compression method or flag no Word version writes.
        raise InputError("corrupt-docx", f"Word 文档已损坏或不完整：{path.name}") from None
    except TypeError:  # python-docx on a relationship without a target
        raise InputError("corrupt-docx", f"Word 文档的部件关系已损坏：{path.name}") from None
    except (KeyError, PackageNotFoundError, ValueError, AttributeError):
        raise InputError("not-docx", f"文件不是有效的 Word 文档：{path.name}") from None
    for xml in parts:
        # Word never writes a DTD; one in a package part can only be there to expand entities.
        if xml is not None and xml.getroottree().docinfo.doctype:
            raise InputError("unsafe-xml", f"Word 文档含有 DTD 声明（疑似 XML 攻击），已拒绝读取：{path.name}")
    return parts


def _part_xml(part) -> etree._Element:
    from docx.oxml.parser import parse_xml

    # Macro-enabled documents and templates load as plain parts: parse their blob the same way.
    return part.element if hasattr(part, "element") else parse_xml(part.blob)


def _related_xml(part, reltype: str) -> etree._Element | None:
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return _part_xml(related)


# --- styles and list numbering ------------------------------------------------------------------


@dataclass
class _Style:
    name: str
    based_on: str | None = None
    outline: int | None = None  # w:outlineLvl, 0-based
    num: tuple[str, int | None] | None = None  # (numId, ilvl) a style's own list numbering


def _val(el: etree._Element | None, path: str) -> str | None:
    if el is None:
        return None
    found = el.find(path, {"w": _W})
    return None if found is None else found.get(_w("val"))


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _style_table(styles_xml: etree._Element | None) -> dict[str, _Style]:
    table: dict[str, _Style] = {}
    if styles_xml is None:
        return table
    for st in styles_xml.iterfind("w:style", {"w": _W}):
        style_id = st.get(_w("styleId"))
        if not style_id:
            continue
        num_id = _val(st, "w:pPr/w:numPr/w:numId")
        table[style_id] = _Style(
            name=(_val(st, "w:name") or style_id).strip(),
            based_on=_val(st, "w:basedOn"),
            outline=_int(_val(st, "w:pPr/w:outlineLvl")),
            num=(num_id, _int(_val(st, "w:pPr/w:numPr/w:ilvl"))) if num_id else None,
        )
    return table


def _style_chain(styles: dict[str, _Style], style_id: str | None) -> list[tuple[str, _Style]]:
    chain: list[tuple[str, _Style]] = []
    while style_id and style_id in styles and len(chain) < 10 and style_id not in {s for s, _ in chain}:
        chain.append((style_id, styles[style_id]))
        style_id = styles[style_id].based_on
    return chain


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    legal: bool = False
    style: str | None = None


@dataclass
class _Numbering:
    """Word's list numbering, rendered as the text Word prints before each numbered paragraph."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId → (abstractNumId, overrides)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    overridden: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, xml: etree._Element | None) -> _Numbering:
        numbering = cls()
        if xml is None:
            return numbering
        ns = {"w": _W}
        for ab in xml.iterfind("w:abstractNum", ns):
            levels = {}
            for lvl in ab.iterfind("w:lvl", ns):
                levels[_int(lvl.get(_w("ilvl")), 0)] = _Level(
                    start=_int(_val(lvl, "w:start"), 1), fmt=_val(lvl, "w:numFmt") or "decimal",
                    text=_val(lvl, "w:lvlText") or "", suffix=_val(lvl, "w:suff") or "tab",
                    legal=lvl.find("w:isLgl", ns) is not None, style=_val(lvl, "w:pStyle"))
            numbering.abstract[ab.get(_w("abstractNumId"), "")] = levels
        for num in xml.iterfind("w:num", ns):
            overrides = {
                _int(o.get(_w("ilvl")), 0): start
                for o in num.iterfind("w:lvlOverride", ns)
                if (start := _int(_val(o, "w:startOverride"))) is not None
            }
            numbering.nums[num.get(_w("numId"), "")] = (_val(num, "w:abstractNumId") or "", overrides)
        return numbering

    def label(self, num_id: str, ilvl: int | None, style_id: str | None) -> str:
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl is None:  # numbering that comes with a style: the level that names the style
            ilvl = next((i for i, lv in levels.items() if style_id and lv.style == style_id), 0)
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.overridden and overrides:
            # Lists sharing an abstract definition continue each other unless a start is overridden.
            self.overridden.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return self._render(levels, counters, ilvl)

    def _render(self, levels: dict[int, _Level], counters: dict[int, int], ilvl: int) -> str:
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""

        def sub(m: regex.Match) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            fmt = "decimal" if level.legal and k != ilvl else lv.fmt
            return format_number(counters.get(k, lv.start), fmt)

        label = regex.sub(r"%([1-9])", sub, level.text)
        if level.suffix != "nothing" and label and label[-1].isascii() and label[-1].isalnum():
            label += " "
        return label


_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def format_number(n: int, fmt: str) -> str:
    """A list counter as Word prints it in the given w:numFmt."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n)
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("ideographZodiac",) and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt.startswith("decimalFullWidth"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    return str(n)


def _chinese(n: int) -> str:
    if n <= 0 or n >= 10000:
        return str(n)
    import cn2an  # a heavy import, paid only by documents whose lists count in Chinese

    return cn2an.an2cn(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += sym * count
    return out


# --- walking the body ---------------------------------------------------------------------------


@dataclass
class _Context:
    doc: Document
    styles: dict[str, _Style]
    numbering: _Numbering
    in_toc: bool = False  # after a 目录 heading, "title<TAB>page" lines are contents entries


def _children(el: etree._Element, wanted: set[str]):
    """Children with a wanted tag, looking through content controls, custom XML and insertions."""
    for child in el:
        if child.tag in wanted:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, wanted)


def _walk_blocks(container: etree._Element, ctx: _Context) -> None:
    for el in _children(container, {P, TBL}):
        if el.tag == P:
            _add_paragraph(el, ctx)
        else:
            _add_table(el, ctx, caption=None)


@dataclass
class _ParaText:
    text: str
    boxes: list[etree._Element]  # w:txbxContent anchored in the paragraph, in order


def _paragraph_text(p: etree._Element, ctx: _Context) -> _ParaText:
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _collect(p, parts, boxes)
    return _ParaText(_numbering_label(p, ctx) + "".join(parts), boxes)


def _collect(el: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):  # comments, processing instructions
            continue
        if tag == TXBX:
            boxes.append(child)
        elif tag in _SKIP or (tag == _w("r") and _hidden(child)):
            continue
        elif tag == T:
            parts.append(child.text or "")
        elif tag in _TABS:
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("" if child.get(_w("type")) == "page" else "\n")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        else:
            _collect(child, parts, boxes)


def _hidden(run: etree._Element) -> bool:
    vanish = run.find("w:rPr/w:vanish", {"w": _W})
    return vanish is not None and vanish.get(_w("val"), "true") not in ("0", "false", "off")


def _numbering_label(p: etree._Element, ctx: _Context) -> str:
    style_id = _val(p, "w:pPr/w:pStyle")
    num_id = _val(p, "w:pPr/w:numPr/w:numId")
    ilvl = _int(_val(p, "w:pPr/w:numPr/w:ilvl"))
    if num_id is None:
        own = next((s.num for _, s in _style_chain(ctx.styles, style_id) if s.num), None)
        if own is None:
            return ""
        num_id, ilvl = own
    elif ilvl is None:
        ilvl = 0
    if num_id == "0" or not _has_text(p):
        return ""
    return ctx.numbering.label(num_id, ilvl, style_id)


def _has_text(p: etree._Element) -> bool:
    parts: list[str] = []
    _collect(p, parts, [])
    return bool("".join(parts).strip())


def _add_paragraph(p: etree._Element, ctx: _Context) -> None:
    para = _paragraph_text(p, ctx)
    block = _paragraph_block(para.text, p, ctx)
    if block is not None:
        ctx.doc.blocks.append(block)
    for box in para.boxes:
        _walk_blocks(box, ctx)


def _paragraph_block(text: str, p: etree._Element, ctx: _Context) -> Paragraph | None:
    text = text.strip()
    if not text:
        return None
    loc = Location(block=len(ctx.doc.blocks))
    chain = _style_chain(ctx.styles, _val(p, "w:pPr/w:pStyle"))
    names = [s.name for _, s in chain]
    toc_title = _toc_title(text, names, ctx.in_toc)
    ctx.in_toc = squeeze_cjk(text) in ("目录", "目次") or (ctx.in_toc and toc_title is not None)
    if toc_title is not None:
        return make_paragraph(toc_title, loc, kind="toc")
    if names and _CAPTION_STYLE.match(names[0]):
        return make_paragraph(text, loc, kind="caption")
    level = _style_level(p, chain)
    if level is not None:
        # A numbered heading keeps the depth its numbering gives, as in text and PDF reports.
        numbered = heading_level(text)
        return make_paragraph(text, loc, kind="heading", level=numbered if numbered is not None else level)
    return make_paragraph(text, loc)


def _toc_title(text: str, style_names: list[str], in_toc: bool) -> str | None:
    styled = bool(style_names) and bool(_TOC_STYLE.match(style_names[0]))
    if len(text) > _TOC_MAX:  # no contents entry is this long, and the patterns backtrack on long runs
        return text if styled else None
    m = CONTENTS_LINE.match(text) or ((styled or in_toc) and CONTENTS_TAB.match(text))
    if m:
        return m["title"].strip()
    return text if styled else None


def _style_level(p: etree._Element, chain: list[tuple[str, _Style]]) -> int | None:
    for _, style in chain:
        m = _HEADING_STYLE.match(style.name)
        if m:
            return int(m["n"])
    outline = _int(_val(p, "w:pPr/w:outlineLvl"))
    if outline is None:
        outline = next((s.outline for _, s in chain if s.outline is not None), None)
    # Outline level 9 is "body text".
    return outline + 1 if outline is not None and 0 <= outline < 9 else None


# --- tables -------------------------------------------------------------------------------------


@dataclass
class _Origin:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Grid:
    spans: list[_Origin] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0
    nested: list[tuple[str, etree._Element]] = field(default_factory=list)  # (caption, w:tbl)


def _add_table(tbl: etree._Element, ctx: _Context, caption: str | None) -> None:
    grid = _table_grid(tbl, ctx)
    if grid.n_rows == 0:
        return
    notes: list[str] = []
    if caption is None:
        notes += take_unit_note(ctx.doc)
        caption = take_caption(ctx.doc)
        if caption:
            notes += take_unit_note(ctx.doc)
    spans = [Span(o.row, o.col, o.text, o.rowspan, o.colspan) for o in grid.spans]
    ctx.doc.blocks.append(make_table(spans, Location(block=len(ctx.doc.blocks)), caption=caption, notes=notes,
                                     n_rows=grid.n_rows, n_cols=grid.n_cols))
    for inner_caption, inner in grid.nested:
        _add_table(inner, ctx, caption=inner_caption)




def _table_grid(tbl: etree._Element, ctx: _Context) -> _Grid:
    grid = _Grid()
    above: dict[int, _Origin] = {}  # grid column → origin of the cell occupying it in the previous row
    for tr in _children(tbl, {TR}):
        if tr.find("w:trPr/w:del", {"w": _W}) is not None:  # a tracked row deletion
            continue
        r = grid.n_rows
        col = _grid_val(tr, "w:trPr/w:gridBefore", 0)
        current: dict[int, _Origin] = {}
        last: _Origin | None = None
        for tc in _children(tr, {TC}):
            colspan = max(1, _grid_val(tc, "w:tcPr/w:gridSpan", 1))
            text = _cell_text(tc, grid, ctx)
            origin = _merged_origin(tc, col, above, last)
            if origin is None:
                origin = _Origin(r, col, text, 1, colspan)
                grid.spans.append(origin)
            else:
                _extend(origin, r, col, colspan, text)
            for c in range(col, col + colspan):
                current[c] = origin
            last = origin
            col += colspan
        grid.n_cols = max(grid.n_cols, col + _grid_val(tr, "w:trPr/w:gridAfter", 0))
        grid.n_rows += 1
        above = current
    return grid


def _grid_val(el: etree._Element, path: str, default: int) -> int:
    value = _int(_val(el, path), default)
    return min(max(value if value is not None else default, 0), _MAX_GRID)


def _merged_origin(tc: etree._Element, col: int, above: dict[int, _Origin],
                   left: _Origin | None) -> _Origin | None:
    """The cell this one continues: the one above (w:vMerge) or, in old files, to the left (w:hMerge)."""
    tc_pr = tc.find(_w("tcPr"))
    if tc_pr is None:
        return None
    v_merge = tc_pr.find(_w("vMerge"))
    if v_merge is not None and v_merge.get(_w("val"), "continue") == "continue":
        origin = above.get(col)
        return origin if origin is not None and origin.col == col else None
    h_merge = tc_pr.find(_w("hMerge"))
    if h_merge is not None and h_merge.get(_w("val"), "continue") == "continue" and left is not None:
        return left if left.col + left.colspan == col else None
    return None


def _extend(origin: _Origin, row: int, col: int, colspan: int, text: str) -> None:
    if row > origin.row + origin.rowspan - 1:
        origin.rowspan = row - origin.row + 1
    if row == origin.row:
        origin.colspan = col + colspan - origin.col
    # Word hides a continuation cell's own text; keep it rather than lose words silently.
    if text.strip():
        origin.text = f"{origin.text}\n{text}" if origin.text else text


def _cell_text(tc: etree._Element, grid: _Grid, ctx: _Context) -> str:
    lines: list[str] = []
    inner: list[etree._Element] = []
    _container_lines(tc, lines, inner, ctx)
    first = lines[0] if lines and len(lines[0]) <= 60 else ""
    grid.nested.extend((first, t) for t in inner)
    return "\n".join(lines)


def _container_lines(container: etree._Element, lines: list[str], inner: list[etree._Element],
                     ctx: _Context) -> None:
    for el in _children(container, {P, TBL}):
        if el.tag == TBL:
            inner.append(el)
            continue
        para = _paragraph_text(el, ctx)
        if para.text.strip():
            lines.append(para.text.strip())
        for box in para.boxes:
            _container_lines(box, lines, inner, ctx)
