"""Rendered blocks: paragraphs and tables made of text and figures, and their text serialisation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from corpus.synth.figures import FULLWIDTH, Fig, Style

Part = str | Fig
_SLOT = re.compile(r"\{(\w+)\}")
_OPEN = set("%％（(，。、：；“”）)")


@dataclass
class Para:
    parts: list[Part]
    kind: str = "para"  # para, heading, toc, caption, note
    key: str = ""

    @property
    def text(self) -> str:
        return "".join(p.text if isinstance(p, Fig) else p for p in self.parts)


@dataclass
class Tab:
    key: str
    caption: str
    note: str
    rows: list[list[Part]]
    header_rows: int = 1
    row_keys: list[str] = field(default_factory=list)


Block = Para | Tab


def fill(template: str, style: Style, prose: bool = True, **slots: Part) -> list[Part]:
    """Template → parts. A figure slot becomes the Fig itself, so errors can be injected into it."""
    if prose and style.wide_pct:
        template = template.replace("%", "％")
    parts: list[Part] = []
    pos = 0
    for m in _SLOT.finditer(template):
        before = template[pos:m.start()]
        value = slots[m.group(1)]
        spaced = isinstance(value, Fig) and style.space and prose
        if spaced and before and before[-1] not in _OPEN:
            before += " "
        parts.extend([before, value])
        following = template[m.end():m.end() + 1]
        if spaced and following and following not in _OPEN:
            parts.append(" ")
        pos = m.end()
    parts.append(template[pos:])
    return [p for p in parts if p != ""]


def widen(fig: Fig) -> Fig:
    fig.text = fig.text.translate(FULLWIDTH)
    return fig


def cell_text(part: Part) -> str:
    return part.text + part.unit if isinstance(part, Fig) else part


def to_text(blocks: list[Block]) -> str:
    """The text convention of corpus/seeds: tab-separated rows, blank leading cells for merged cells."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(b.text)
            out.append("")
            continue
        if b.caption:
            out.append(b.caption)
        if b.note:
            out.append(b.note)
        out.extend("\t".join(cell_text(c) for c in row) for row in b.rows)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def tables(blocks: list[Block]) -> list[Tab]:
    return [b for b in blocks if isinstance(b, Tab)]


def figures(blocks: list[Block]) -> Iterator[tuple[Fig, Block, int | None, int | None]]:
    """Every figure with its block and, in a table, its row and column."""
    for b in blocks:
        if isinstance(b, Para):
            for p in b.parts:
                if isinstance(p, Fig):
                    yield p, b, None, None
        else:
            for r, row in enumerate(b.rows):
                for c, cell in enumerate(row):
                    if isinstance(cell, Fig):
                        yield cell, b, r, c
