"""A comparison of two submissions for people: terminal tables, or one self-contained HTML page."""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from model.document import Location
from review.compare import Comparison, Pair
from writers.common import label, number_text, open_text
from writers.html import CSS

STATUSES = ("fixed", "still_open", "new")
WORDS = {
    "zh": {"fixed": "已修正", "still_open": "仍未解决", "new": "新发现", "heading": "gouji 两次提交对比",
           "first": "第一次提交", "second": "第二次提交", "missing": "（无）", "sha256": "文件校验值（SHA-256）",
           "audited_at": "审核时间", "tool": "gouji 版本", "rules_version": "规则版本", "source": "来源",
           "rules_differ": "两次审核所用的规则版本不同：部分差异可能来自 gouji，而不是文档。", "none": "无"},
    "en": {"fixed": "fixed", "still_open": "still open", "new": "new", "heading": "gouji: two submissions compared",
           "first": "first submission", "second": "second submission", "missing": "(none)", "sha256": "SHA-256",
           "audited_at": "Audited at", "tool": "gouji version", "rules_version": "Rules version", "source": "Source",
           "rules_differ": "The two audits used different rules: some differences may come from gouji, not the "
                           "document.", "none": "none"},
}
STYLES = {"fixed": "green", "still_open": "yellow", "new": "bold red"}
WIDTH = 120


def _w(key: str, lang: str) -> str:
    return WORDS.get(lang, WORDS["zh"])[key]


def location_text(f: dict, lang: str) -> str:
    loc = f.get("location") or {}
    return Location(block=loc.get("paragraph"), page=loc.get("page"), line=loc.get("line"), table=loc.get("table"),
                    row=loc.get("row"), col=loc.get("column")).describe(lang)


def expected_text(f: dict) -> str:
    value = f.get("expected_value")
    return f"{number_text(value)}{f.get('unit') or ''}" if value is not None else ""


def rows(pair: Pair, status: str) -> list[tuple[dict, str]]:
    """(the finding to show, its stated figure as shown) for one status of a pair."""
    if status == "fixed":
        return [(f, f.get("stated_text") or "") for f in pair.fixed]
    if status == "new":
        return [(f, f.get("stated_text") or "") for f in pair.new]
    out = []
    for before, after in pair.still_open:
        a, b = before.get("stated_text") or "", after.get("stated_text") or ""
        out.append((after, a if a == b else f"{a} → {b}"))
    return out


def pair_title(pair: Pair, lang: str) -> str:
    first = (pair.first or {}).get("path") or _w("missing", lang)
    second = (pair.second or {}).get("path") or _w("missing", lang)
    return f"{first} → {second}"


def counts_text(pair: Pair, lang: str) -> str:
    n = {"fixed": len(pair.fixed), "still_open": len(pair.still_open), "new": len(pair.new)}
    return " · ".join(f"{_w(s, lang)} {n[s]}" for s in STATUSES)


def write_text(comparison: Comparison, out: Path | None, lang: str = "zh") -> None:
    stream, close = open_text(out)
    tty = out is None and stream.isatty()
    console = Console(file=stream, width=None if tty else WIDTH, force_terminal=tty,
                      color_system="auto" if tty else None, no_color=not tty, highlight=False, emoji=False,
                      markup=False)
    try:
        if not comparison.same_rules:
            console.print(Text(_w("rules_differ", lang), style="yellow"))
        for pair in comparison.pairs:
            console.print(Text(pair_title(pair, lang), style="bold"))
            console.print(counts_text(pair, lang))
            for status in STATUSES:
                shown = rows(pair, status)
                if shown:
                    console.print(status_table(shown, status, lang))
            console.print()
    finally:
        if close:
            stream.close()


def status_table(shown: list[tuple[dict, str]], status: str, lang: str) -> Table:
    table = Table(title=Text(f"{_w(status, lang)} ({len(shown)})", style=STYLES[status]), title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column(label("fingerprint", lang), no_wrap=True, style="dim")
    table.add_column(label("rule", lang), no_wrap=True)
    table.add_column(label("severity", lang), no_wrap=True)
    table.add_column(label("location", lang), overflow="fold", max_width=24)
    table.add_column(label("stated_text", lang), overflow="fold", max_width=24)
    table.add_column(label("message", lang), overflow="fold")
    for f, stated in shown:
        table.add_row(f.get("fingerprint") or "", f["rule"], label(f["severity"], lang), Text(location_text(f, lang)),
                      Text(stated), Text(f.get("message") or ""))
    return table


def meta_html(comparison: Comparison, lang: str) -> str:
    out = ['<table class="meta-cmp"><thead><tr><th></th>'
           f'<th>{escape(_w("first", lang))}</th><th>{escape(_w("second", lang))}</th></tr></thead><tbody>']
    sides = (comparison.first, comparison.second)
    for key, value in (("source", lambda a: a.source), ("tool", lambda a: a.tool.get("version") or "—"),
                       ("rules_version", lambda a: a.tool.get("rules_version") or "—")):
        out.append(f"<tr><th>{escape(_w(key, lang))}</th>"
                   + "".join(f"<td>{escape(str(value(a)))}</td>" for a in sides) + "</tr>")
    out.append("</tbody></table>")
    if not comparison.same_rules:
        out.append(f'<p class="note"><b>{escape(_w("rules_differ", lang))}</b></p>')
    return "\n".join(out)


def pair_html(pair: Pair, n: int, lang: str) -> str:
    out = [f'<section class="doc" id="c{n}">', f"<h2>{escape(pair_title(pair, lang))}</h2>",
           '<table class="meta-cmp"><tbody>']
    for key in ("sha256", "audited_at"):
        out.append(f"<tr><th>{escape(_w(key, lang))}</th>"
                   + "".join(f"<td>{escape(str((d or {}).get(key) or '—'))}</td>" for d in (pair.first, pair.second))
                   + "</tr>")
    out += ["</tbody></table>", f'<p class="note" data-role="counts">{escape(counts_text(pair, lang))}</p>']
    heads = ("fingerprint", "rule", "severity", "location", "stated_text", "expected_value", "message")
    for status in STATUSES:
        shown = rows(pair, status)
        out.append(f'<h3 class="{status}">{escape(_w(status, lang))} ({len(shown)})</h3>')
        if not shown:
            out.append(f'<p class="note">{escape(_w("none", lang))}</p>')
            continue
        out.append(f'<table class="findings {status}"><thead><tr>'
                   + "".join(f"<th>{escape(label(h, lang))}</th>" for h in heads) + "</tr></thead><tbody>")
        for f, stated in shown:
            out.append(f'<tr class="finding {f["severity"]}" data-status="{status}" '
                       f'data-fingerprint="{escape(f.get("fingerprint") or "")}">'
                       f'<td class="fp">{escape(f.get("fingerprint") or "")}</td><td>{escape(f["rule"])}</td>'
                       f'<td class="sev">{escape(label(f["severity"], lang))}</td>'
                       f"<td>{escape(location_text(f, lang))}</td><td>{escape(stated)}</td>"
                       f"<td>{escape(expected_text(f))}</td>"
                       f"<td class=\"msg\">{escape(f.get('message') or '')}</td></tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


def write_html(comparison: Comparison, out: Path | None, lang: str = "zh") -> None:
    title = escape(_w("heading", lang))
    css = CSS + "h3.fixed{color:#2d6a4f}h3.still_open{color:#9a6700}h3.new{color:#b00020}"
    page = (f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
            f"<style>{css}</style></head><body><header><h1>{title}</h1></header><main>"
            + meta_html(comparison, lang) + "\n"
            + "\n".join(pair_html(p, i, lang) for i, p in enumerate(comparison.pairs, start=1))
            + "</main></body></html>\n")
    if out is None:
        sys.stdout.write(page)
    else:
        Path(out).write_text(page, encoding="utf-8")
