"""Plain text and Markdown reports → Document.

Three table layouts are recognised, because text renderings of reports come in all three:
- tab-separated rows, where blank leading cells mean "merged with the cell above";
- one cell per tab-indented line, rows separated by blank lines (what copying a Word table gives);
- Markdown pipe tables, and columns aligned with runs of spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from extractor.dump_repair import REPAIR_NAMES, repair_rows
from extractor.errors import InputError
from extractor.layout import CONTENTS_LINE, make_paragraph, make_table
from extractor.numbers import caption_unit
from model.document import Document, Location, Span

_MD_SEP = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_ALIGNED_SPLIT = regex.compile(r"\s{2,}|\t")
_SEQ = regex.compile(r"[0-9]{1,3}")


def decode(data: bytes, notes: list[str] | None = None) -> str:
    """Bytes → str, trying UTF-8 (with or without BOM) before asking charset-normalizer.

    A file that is mostly UTF-8 keeps UTF-8: a few damaged bytes become U+FFFD, and lines in another
    encoding (a GBK part pasted into a UTF-8 file) are decoded line by line in the encoding that fits them.
    NUL bytes mean UTF-16 or UTF-32 without a byte-order mark when charset-normalizer finds one of those;
    otherwise they are stray or padding (a file preallocated with zeros) and are dropped, with a note in
    `notes`. A file of nothing but NULs stays binary.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _not_binary(_unpadded(data[len(bom):], encoding.replace("-", "_")))
    if b"\0" in data:
        wide = _wide_encoding(data)
        if wide is not None:
            return _not_binary(_unpadded(data, wide))
        stripped = data.replace(b"\0", b"")
        if not stripped.strip():
            raise InputError("binary", _BINARY)
        if notes is not None:
            notes.append(f"文件中有 {len(data) - len(stripped)} 个空字节（NUL），已忽略")
        data = stripped
    try:
        return _not_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    bad = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    if len(bad) < len(lines) and _has_utf8_cjk(lines, set(bad)):
        return _not_binary(_mixed(lines, bad))
    return _not_binary(data.decode(_guess(data), errors="replace"))


# UTF-32 before UTF-16: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_WIDE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, as charset-normalizer judges (ASCII characters in them
    carry NUL bytes); trailing NUL padding is set aside first, keeping the code units aligned."""
    from charset_normalizer import from_bytes

    core = data.rstrip(b"\0")
    for unit in (2, 4):
        sample = core + b"\0" * (-len(core) % unit)
        best = from_bytes(sample[:65536], cp_isolation=_WIDE).best() if sample else None
        if best is not None:
            return best.encoding
    return None


def _unpadded(data: bytes, encoding: str) -> str:
    """`data` decoded, without the NUL padding after its last character."""
    if encoding.startswith(("utf_16", "utf_32")):
        unit = 2 if encoding.startswith("utf_16") else 4
        core = data.rstrip(b"\0")
        data = core + b"\0" * (-len(core) % unit)
    return data.decode(encoding, errors="replace").rstrip("\0")


_BINARY = "文件不是可识别的文本编码（可能是二进制文件）"


def _not_binary(text: str) -> str:
    if _looks_binary(text):
        raise InputError("binary", _BINARY)
    if not text.strip():
        raise InputError("empty", "文件没有任何文字（只有空白）")
    return text


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_utf8_cjk(lines: list[bytes], bad: set[int]) -> bool:
    """Whether some valid line holds UTF-8 Chinese (three-byte sequences): then the file is UTF-8 at heart."""
    return any(max(line.decode("utf-8"), default="\0") >= "\u2e80"
               for i, line in enumerate(lines) if i not in bad and not line.isascii())


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "cp1252"]).best()
    if best is None:
        raise InputError("binary", _BINARY)
    return "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding


def _mixed(lines: list[bytes], bad: list[int]) -> str:
    """UTF-8 lines as UTF-8; each other line as UTF-8 with U+FFFD if only a byte or two is damaged, and
    otherwise in the one encoding guessed from all such lines together."""
    out = [line.decode("utf-8", errors="replace") for line in lines]
    foreign = []
    for i in bad:
        if out[i].count("\ufffd") > max(1, len(out[i]) // 50):
            foreign.append(i)
    if foreign:
        encoding = _foreign_encoding(b"\n".join(lines[i] for i in foreign))
        for i in foreign:
            out[i] = lines[i].decode(encoding, errors="replace")
    return "\n".join(out)


def _foreign_encoding(sample: bytes) -> str:
    """GBK (as gb18030) when the lines decode as such, the usual case in mainland reports; then Big5;
    then whatever charset-normalizer says. A few lines are too short a sample to guess from."""
    for encoding in ("gb18030", "big5"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    try:
        return _guess(sample)
    except InputError:
        return "gb18030"


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return "\x00" in sample or controls / len(sample) > 0.05


def read_text(path: Path) -> Document:
    notes: list[str] = []
    doc = parse_text(decode(path.read_bytes(), notes), str(path))
    doc.warnings += notes
    return doc


@dataclass
class _Run:
    kind: str  # "tab", "cellines", "md", "aligned"
    start: int  # first line index
    rows: list[list[str]]


def parse_text(text: str, path: str = "<text>") -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = Document(path=path, format="text")
    if "\ufffd" in text:
        doc.warnings.append(f"文件中有 {text.count(chr(0xFFFD))} 处字节无法解码，已显示为 �")
    i = 0
    while i < len(lines):
        run, nxt = _table_run(lines, i)
        if run is not None:
            if run.kind == "tab":
                run.rows, repairs = repair_rows(run.rows)
                if repairs:
                    names = "、".join(REPAIR_NAMES[r] for r in repairs)
                    doc.warnings.append(f"第{run.start + 1}行起的表格版式有损（{names}），已按列对齐修复后再核对")
            notes = take_unit_note(doc)
            caption = take_caption(doc)
            if caption:
                notes += take_unit_note(doc)
            table = make_table(_spans(run), Location(block=len(doc.blocks), line=run.start + 1),
                               caption=caption, notes=notes)
            doc.blocks.append(table)
            i = nxt
            continue
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        toc = CONTENTS_LINE.match(line.replace("\t", " "))
        if toc:
            doc.blocks.append(make_paragraph(toc["title"].strip(), Location(block=len(doc.blocks), line=i),
                                             kind="toc"))
            continue
        doc.blocks.append(make_paragraph(line, Location(block=len(doc.blocks), line=i)))
    return doc


UNIT_NOTE_MAX = 30


def take_unit_note(doc: Document) -> list[str]:
    """A short "单位：万元" line next to a table belongs to the table, not to the prose."""
    last = doc.blocks[-1] if doc.blocks else None
    if (getattr(last, "kind", None) == "paragraph" and len(last.text) <= UNIT_NOTE_MAX
            and caption_unit(last.text) and not is_caption(last.text)):
        doc.blocks.pop()
        return [last.text]
    return []


def take_caption(doc: Document) -> str:
    """A short paragraph just before a table that names it becomes its caption."""
    if doc.blocks:
        last = doc.blocks[-1]
        if getattr(last, "kind", None) in ("caption",) or (
            getattr(last, "kind", None) == "paragraph" and is_caption(last.text)
        ):
            doc.blocks.pop()
            return last.text
    return ""


def is_caption(text: str) -> bool:
    text = text.strip()
    if len(text) > 60 or text.endswith(("。", "；", "：", ":")):
        return False
    return bool(regex.match(r"^(?:附)?表\s*[0-9０-９一二三四五六七八九十]+", text)) or text.endswith(("表", "情况"))


# The old private names, kept so that readers importing them keep working.
_take_caption = take_caption
_is_caption = is_caption


# --- finding table runs -------------------------------------------------------------------------


def _table_run(lines: list[str], i: int) -> tuple[_Run | None, int]:
    for finder in (_tab_run, _celline_run, _md_run, _aligned_run):
        run, nxt = finder(lines, i)
        if run is not None:
            return run, nxt
    return None, i


def _tab_cells(line: str) -> list[str]:
    return [c.strip() for c in line.rstrip("\n").split("\t")]


def _is_tab_row(line: str, strict: bool) -> bool:
    if "\t" not in line or CONTENTS_LINE.match(line.replace("\t", " ").strip()):
        return False
    cells = _tab_cells(line)
    filled = sum(1 for c in cells if c)
    return filled >= 2 if strict else filled >= 1


def _tab_run(lines: list[str], i: int) -> tuple[_Run | None, int]:
    if not _is_tab_row(lines[i], strict=True) or _is_celline(lines[i]):
        return None, i
    rows = [_tab_cells(lines[i])]
    j = i + 1
    while j < len(lines):
        if _is_tab_row(lines[j], strict=False) and not _is_celline(lines[j]):
            rows.append(_tab_cells(lines[j]))
            j += 1
            continue
        # A single blank line inside a table is a page break in the source, not its end.
        if not lines[j].strip() and j + 1 < len(lines) and _is_tab_row(lines[j + 1], strict=True):
            j += 1
            continue
        break
    if len(rows) < 2:
        return None, i
    return _Run("tab", i, rows), j


def _is_celline(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def _celline_run(lines: list[str], i: int) -> tuple[_Run | None, int]:
    """Rows of one cell per tab-indented line, separated by blank lines."""
    if not _is_celline(lines[i]):
        return None, i
    rows: list[list[str]] = []
    j = i
    while j < len(lines):
        group: list[str] = []
        while j < len(lines) and _is_celline(lines[j]):
            group.append(lines[j].strip())
            j += 1
        if not group:
            break
        rows.append(group)
        k = j
        while k < len(lines) and not lines[k].strip() and not lines[k].startswith("\t"):
            k += 1
        if k < len(lines) and _is_celline(lines[k]) and k - j <= 2:
            j = k
            continue
        break
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None, i
    # A trailing group of blank cells is layout debris, not a row.
    while rows and not any(rows[-1]):
        rows.pop()
    return _Run("cellines", i, rows), j


def _md_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in regex.split(r"(?<!\\)\|", body)]


def _md_run(lines: list[str], i: int) -> tuple[_Run | None, int]:
    if not lines[i].lstrip().startswith("|") or i + 1 >= len(lines) or not _MD_SEP.match(lines[i + 1]):
        return None, i
    rows = [_md_cells(lines[i])]
    j = i + 2
    while j < len(lines) and lines[j].lstrip().startswith("|"):
        rows.append(_md_cells(lines[j]))
        j += 1
    return _Run("md", i, rows), j


def _aligned_cells(line: str) -> list[str]:
    return [c for c in _ALIGNED_SPLIT.split(line.strip()) if c]


def _aligned_run(lines: list[str], i: int) -> tuple[_Run | None, int]:
    """Columns aligned with spaces: at least two consecutive lines of three or more columns."""
    def cols(line: str) -> list[str]:
        return _aligned_cells(line) if regex.search(r"\S\s{2,}\S", line.strip()) else []

    first = cols(lines[i])
    if len(first) < 3:
        return None, i
    rows = [first]
    j = i + 1
    while j < len(lines) and len(cols(lines[j])) >= 2 and abs(len(cols(lines[j])) - len(first)) <= 1:
        rows.append(cols(lines[j]))
        j += 1
    if len(rows) < 2:
        return None, i
    return _Run("aligned", i, rows), j


# --- from rows of text to spans -----------------------------------------------------------------


def spans_from_rows(rows: list[list[str]]) -> list[Span]:
    """Cell texts row by row (another reader's table without cell boundaries) → spans, read as the
    text convention reads them: blank leading cells continue the label above."""
    return _spans(_Run("rows", 0, [list(r) for r in rows]))


def _spans(run: _Run) -> list[Span]:
    """Blank leading cells continue the cell above (a vertical merge); short rows are padded.

    A row shorter than the table is padded on the left when its last cell is a figure (the missing
    cells are merged group cells, as in text copied from a PDF), and otherwise its last cell spans
    the remaining columns (as "综合绩效级别 | 优秀" does).
    """
    from extractor.numbers import parse_cell

    width = max(len(r) for r in run.rows)
    rows: list[list[str]] = []
    for r in run.rows:
        while len(r) > 1 and not r[-1] and len(r) > width:
            r = r[:-1]
        rows.append(r)
    spans: dict[tuple[int, int], list] = {}  # (row, col) → [text, rowspan, colspan]
    owner: list[tuple[int, int] | None] = [None] * width  # the origin currently open in each column
    for r, cells in enumerate(rows):
        if len(cells) < width:
            last = next((c for c in reversed(cells) if c), "")
            figure = parse_cell(last) if last else None
            if figure is not None and figure.value is not None and len(cells) > 1:
                cells = [""] * (width - len(cells)) + cells
            else:
                pad = width - len(cells)
                cells = cells + [None] * pad  # None: covered by the last cell's span
        leading = True
        for c, text in enumerate(cells):
            if text is None:
                continue
            if leading and not text and r > 0 and owner[c] is not None and _can_merge_down(spans, owner[c]):
                spans[owner[c]][1] = r - owner[c][0] + 1
                continue
            # A sequence number (序号) in the first column does not end the run of merged cells.
            leading = leading and (not text or (c == 0 and _SEQ.fullmatch(text) is not None))
            colspan = 1
            while c + colspan < width and cells[c + colspan] is None:
                colspan += 1
            spans[(r, c)] = [text, 1, colspan]
            for k in range(c, c + colspan):
                owner[k] = (r, c)
    return [Span(row=r, col=c, text=t, rowspan=rs, colspan=cs) for (r, c), (t, rs, cs) in spans.items()]


def _can_merge_down(spans: dict[tuple[int, int], list], origin: tuple[int, int]) -> bool:
    from extractor.numbers import parse_cell

    text = spans[origin][0]
    if not text:
        return False
    figure = parse_cell(text)
    return figure is None  # a figure above a blank cell is a value, not a group label
