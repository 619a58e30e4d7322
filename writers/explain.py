"""`gouji audit --explain`: per document, each indicator's criterion, how it was read, and the scores.

Drawn by rich like the text report; outside a terminal the width is fixed and there is no colour.
"""

from __future__ import annotations

import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from model.findings import Explanation

WIDTH = 160
CRITERION_CHARS = 48
HEADERS = {
    "zh": ("指标", "评分标准", "理解", "输入（业绩值）", "重算得分", "所述得分", "结论"),
    "en": ("indicator", "criterion", "interpretation", "input (measured)", "recomputed", "stated", "verdict"),
}
STATUS = {
    "agrees": ("一致", "agrees", "green"),
    "contradicts": ("不符", "contradicts", "bold red"),
    "one-reading": ("仅符合一种理解", "fits one reading", "cyan"),
    "possible": ("在可能得分之内", "among the possible scores", "green"),
    "impossible": ("不在可能得分之内", "not a possible score", "yellow"),
    "not-computed": ("无法计算", "not computed", "dim"),
    "qualitative": ("定性", "qualitative", "dim"),
}


def shorten(text: str, limit: int = CRITERION_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def explanation_table(items: list[Explanation], lang: str = "zh") -> Table:
    zh = lang == "zh"
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for i, header in enumerate(HEADERS["zh" if zh else "en"]):
        table.add_column(header, overflow="fold", max_width=(16, 28, 40, 16, 36, 10, 10)[i])
    for e in items:
        word_zh, word_en, style = STATUS[e.status]
        table.add_row(
            Text(shorten(e.label, 24)), Text(shorten(e.criterion)),
            Text(e.interpretation if zh else e.interpretation_en),
            Text(shorten(e.input, 24) or "—"), Text(e.recomputed if zh else e.recomputed_en), Text(e.stated or "—"),
            Text(word_zh if zh else word_en, style=style))
    return table


def write_explanations(documents: list[tuple[str, list[Explanation], list[tuple[str, str]]]], lang: str = "zh",
                       to_stderr: bool = False) -> None:
    """Print one table per document. `to_stderr` keeps a JSON or CSV report on standard output clean."""
    stream = sys.stderr if to_stderr else sys.stdout
    tty = stream.isatty()
    console = Console(file=stream, width=None if tty else WIDTH, force_terminal=tty,
                      color_system="auto" if tty else None, no_color=not tty, highlight=False, emoji=False,
                      markup=False)
    zh = lang == "zh"
    for path, items, table_notes in documents:
        numeric = sum(1 for e in items if e.status != "qualitative")
        console.print(Text.assemble(
            (path, "bold"), "  ",
            f"评分标准 {len(items)} 条，已解释 {numeric} 条，定性 {len(items) - numeric} 条" if zh else
            f"{len(items)} criteria, {numeric} interpreted, {len(items) - numeric} qualitative"))
        if items:
            console.print(explanation_table(items, lang))
        else:
            console.print(Text("未找到评分标准" if zh else "no scoring criteria found", style="dim"))
        for note_zh, note_en in table_notes:  # which tables' sums were judged, and why the others were not
            console.print(Text(note_zh if zh else note_en, style="dim"))
