"""Block constructors shared by every extractor: headings, paragraphs and tables with their figures."""

from __future__ import annotations

from dataclasses import replace

import regex

from extractor.numbers import caption_unit, find_figures
from extractor.tables import analyse
from model.document import Location, Paragraph, ParagraphKind, Span, Table, build_grid
from patterns.vocabulary import V

# Numbering styles that open a heading, with the depth they give it (articles open paragraphs).
_HEADING_LEVELS = tuple((k.regex, k.extra["heading_level"]) for k in V.numbering_styles.kinds
                        if "heading_level" in k.extra)

# A contents entry: a title, dot leaders and a page number (arabic, or roman in front matter). Matched
# right to left ((?r)) with possessive runs: a line of a megabyte of dots or spaces then fails in
# linear time instead of trying every split.
_LEADERS = regex.escape(V.contents_leaders.data["chars"])
_PAGE = r"(?:[0-9０-９]+|[ivxlcIVXLC]+)"
CONTENTS_LINE = regex.compile(
    rf"(?r)^(?P<title>.+?)\s*(?:[{_LEADERS}]\s*+){{3,}}[-–—]?\s*+(?P<page>{_PAGE})\s*+[-–—]?\s*+$")
# Word's contents: the title, a tab (with leaders drawn by the tab stop) and the page.
CONTENTS_TAB = regex.compile(rf"^(?P<title>.+?)(?:\t[\t{_LEADERS} ]*)\s*[-–—]?\s*(?P<page>{_PAGE})\s*[-–—]?\s*$")
# The page number (and leaders) a contents entry ends with, to compare its title with a heading's.
PAGE_TAIL = regex.compile(rf"(?r)(?:\s++|(?:[{_LEADERS}]){{2,}}+)[-–—]?\s*+{_PAGE}\s*+[-–—]?\s*+$")
_CJK_GAP = regex.compile(r"(?<=[\p{Han}　-〿＀-￯])[ \t\u3000]+(?=[\p{Han}　-〿＀-￯])")


def squeeze_cjk(text: str) -> str:
    """Remove the spaces a PDF or a letter-spaced label puts between Chinese characters: 合 计 → 合计."""
    return _CJK_GAP.sub("", text)


def heading_level(text: str) -> int | None:
    """The depth of a numbered heading, or None when the line reads as body text."""
    t = text.strip()
    if t in V.part_markers:
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
               n_cols: int | None = None, header_rows: int = 0) -> Table:
    """Build the grid, then let `tables.analyse` work out headers, roles, hierarchy and figures.

    `header_rows` is how many leading rows the source itself marks as headers (HTML's <thead> and <th>)."""
    grid = build_grid([replace(s, text=s.text.strip()) for s in spans], n_rows, n_cols)
    unit = caption_unit(caption) or next((u for n in notes if (u := caption_unit(n))), None)
    table = Table(grid=grid, location=location, caption=caption.strip(), unit=unit)
    analyse(table, header_rows=header_rows)
    return table
