"""The default "text" format: one header and one table per severity for each document, drawn by rich.

On a terminal rich picks the width and colours. Anywhere else (a pipe, a file, a test) the output has
no colour codes and a fixed width of `WIDTH` columns, so it is stable.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from model.findings import AuditResult, Finding
from writers.common import (
    SEVERITIES,
    Reporter,
    display_value,
    error_text,
    label,
    open_text,
    status_note,
    summary_text,
    totals_text,
)
from writers.rows import numbered

WIDTH = 120
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan", "accepted": "dim"}


def expected_cell(f: Finding) -> str:
    grouped = bool(f.stated_text and "," in f.stated_text)
    return display_value(f.expected_value, f.unit, like=f.stated_value, grouped=grouped)


def severity_table(findings: list[tuple[str, Finding]], severity: str, lang: str) -> Table:
    """The findings of one severity; `severity` "accepted" is the table of findings the baseline accepts."""
    title = label(severity, lang)
    if severity == "accepted":
        title += f" ({label('baseline', lang)})" if lang == "en" else f"（{label('baseline', lang)}）"
    table = Table(title=Text(f"{title} ({len(findings)})", style=STYLES[severity]),
                  title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("#", no_wrap=True)
    table.add_column(label("fingerprint", lang), no_wrap=True, style="dim")
    table.add_column(label("rule", lang), no_wrap=True)
    table.add_column(label("location", lang), overflow="fold", max_width=24)
    table.add_column(label("stated_text", lang), overflow="fold", max_width=20)
    table.add_column(label("expected_value", lang), overflow="fold", max_width=20)
    table.add_column(label("message", lang), overflow="fold")
    for fid, f in findings:
        table.add_row(fid, f.fingerprint, f.rule, Text(f.location.describe(lang)), Text(f.stated_text or ""),
                      Text(expected_cell(f)), Text(f.text(lang)))
    return table


class TerminalReporter(Reporter):
    def start(self, out) -> None:
        super().start(out)
        self.stream, self.close = open_text(out)
        tty = out is None and self.stream.isatty()
        self.console = Console(
            file=self.stream, width=None if tty else WIDTH, force_terminal=tty,
            color_system="auto" if tty else None, no_color=not tty, highlight=False, emoji=False,
            markup=False, legacy_windows=False,
        )

    def handle(self, result: AuditResult) -> None:
        c, lang = self.console, self.lang
        c.print(Text.assemble((result.path, "bold"), "  ", summary_text(result, lang)))
        if result.status == "error":
            c.print(Text(f"{label('status', lang)}: {label('status_error', lang)} — {error_text(result, lang)}",
                         style="bold red"))
        for w in result.warnings:
            c.print(Text(f"{label('note', lang)}: {w}", style="dim"))
        if totals := totals_text(result, lang):
            c.print(totals)
        pairs = numbered(result.findings)
        if note := status_note(result, lang):
            c.print(Text(note, style="yellow"))
        elif result.status == "ok" and not pairs:
            c.print(Text(label("no_findings", lang), style="green"))
        for severity in SEVERITIES:
            group = [(fid, f) for fid, f in pairs if f.severity == severity and not f.accepted]
            if group:
                c.print(severity_table(group, severity, lang))
        accepted = [(fid, f) for fid, f in pairs if f.accepted]
        if accepted:
            c.print(severity_table(accepted, "accepted", lang))
        c.print()

    def stop(self) -> None:
        if self.close:
            self.stream.close()
