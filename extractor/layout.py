"""Block constructors shared by every extractor: headings, paragraphs and tables with their figures."""

from __future__ import annotations

import regex

from extractor.numbers import caption_unit, find_figures
from extractor.tables import analyse
from model.document import Location, Paragraph, ParagraphKind, Span, Table, build_grid

_CN = "一二三四五六七八九十百零〇"
_HEADING_LEVELS = (
    (regex.compile(rf"^第[{_CN}]+[章编]"), 1),
    (regex.compile(rf"^第[{_CN}]+节"), 2),
    (regex.compile(rf"^[{_CN}]+\s*[、.．]"), 1),
    (regex.compile(rf"^[（(]\s*[{_CN}]+\s*[）)]"), 2),
    (regex.compile(r"^[0-9０-９]+\s*[、.．](?![0-9０-９])"), 3),
    (regex.compile(r"^[（(]\s*[0-9０-９]+\s*[）)]"), 4),
)
_STANDALONE = {"摘要", "目录", "正文", "附件", "附录", "前言", "总则", "附则"}
_CJK_GAP = regex.compile(r"(?<=[\p{Han}　-〿＀-￯])[ \t\u3000]+(?=[\p{Han}　-〿＀-￯])")


def squeeze_cjk(text: str) -> str:
    """Remove the spaces a PDF or a letter-spaced label puts between Chinese characters: 合 计 → 合计."""
    return _CJK_GAP.sub("", text)


def heading_level(text: str) -> int | None:
    """The depth of a numbered heading, or None when the line reads as body text."""
    t = text.strip()
    if t in _STANDALONE:
        return 0
    if len(t) > 60 or t.endswith(("。", "；", ";", "，")):
        return None
    for pattern, level in _HEADING_LEVELS:
        if pattern.match(t):
            # A numbered line that runs on into a long sentence is a list item, not a heading.
            if level >= 3 and ("。" in t or len(t) > 40):
                return None
            return level
    return None


def make_paragraph(text: str, location: Location, kind: ParagraphKind | None = None,
                   level: int | None = None) -> Paragraph:
    text = text.strip()
    if kind is None:
        level = heading_level(text) if level is None else level
        kind = "heading" if level is not None else "paragraph"
    return Paragraph(text=text, location=location, kind=kind, level=level, figures=find_figures(text))


def make_table(spans: list[Span], location: Location, caption: str = "",
               notes: list[str] | tuple[str, ...] = (), n_rows: int | None = None,
               n_cols: int | None = None) -> Table:
    """Build the grid, then let `tables.analyse` work out headers, roles, hierarchy and figures."""
    grid = build_grid([Span(s.row, s.col, s.text.strip(), s.rowspan, s.colspan) for s in spans], n_rows, n_cols)
    unit = caption_unit(caption) or next((u for n in notes if (u := caption_unit(n))), None)
    table = Table(grid=grid, location=location, caption=caption.strip(), unit=unit)
    analyse(table)
    return table
