"""GJ9xx: one thing named or stated twice in ways that cannot both be right."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from checks.registry import Context, rule
from extractor.tables import squeeze
from model.document import Document, Paragraph
from model.findings import Finding, figure_finding

_LIST_ITEM = regex.compile(r"^\s*(?:[0-9０-９]{1,2}\s*[.．、]|[（(][0-9０-９]{1,2}[)）])\s*")
_CITED = regex.compile(r"《([^《》]{4,80})》")


@rule("GJ901", "document-cited-twice", "warning", "同一列表中重复列出同一文件",
      "The same document is listed twice in one list")
def document_cited_twice(ctx: Context) -> Iterator[Finding]:
    """
    What it does
    In a numbered list of documents (评价依据, 参考文件), compares the title each item cites first
    (《…》) and reports an item that repeats an earlier one.

    Why is this bad?
    A basis list that names one regulation twice has usually lost the document that should stand in
    the second place, and it tells the reader the list was not checked.

    Example
    "2.《中华人民共和国预算法实施条例》（2020年8月3日……修订）；3.《中华人民共和国预算法实施条例》；"

    Use instead
    List each document once, and restore the one that was meant.
    """
    seen: dict[str, Paragraph] = {}
    for block in ctx.doc.blocks:
        if not isinstance(block, Paragraph) or block.kind != "paragraph":
            seen = {} if isinstance(block, Paragraph) and block.kind == "heading" else seen
            continue
        m = _LIST_ITEM.match(block.text)
        if not m:
            continue
        cited = _CITED.match(block.text, m.end())
        if not cited:
            continue
        title = squeeze(cited[1])
        first = seen.get(title)
        if first is None:
            seen[title] = block
            continue
        where = block.location.at(cited.start(), cited.end())
        yield Finding(
            rule=document_cited_twice.code, severity="warning", location=where, stated_text=cited[0],
            message=f"{cited[0]} 在本列表中已列出（“{first.text[:40]}”），重复列出。",
            message_en=f"{cited[0]} is already listed above ('{first.text[:40]}').",
            evidence=block.text, related=(first.location,))


_INCOME, _EXPENSE = "收入", "支出"


def _kind(text: str) -> str:
    has_in, has_out = _INCOME in text, _EXPENSE in text
    return "income" if has_in and not has_out else "expense" if has_out and not has_in else ""


def _table_amounts(doc: Document) -> dict:
    """Distinctive money figures in tables (cents or ≥ 100,000), with what their row and table call them."""
    out: dict = {}
    for t in doc.tables:
        for cell in t.cells():
            fig = cell.figure
            if fig is None or fig.value is None or cell.row < t.header_rows:
                continue
            if not ((fig.decimals >= 2 and abs(fig.value) >= 1000) or abs(fig.value) >= 100_000):
                continue
            row = t.rows[cell.row]
            col = t.columns[cell.col] if cell.col < len(t.columns) else None
            context = f"{t.caption} {row.group} {row.label} {col.header if col else ''}"
            value = fig.in_yuan() if fig.is_money else fig.value
            out.setdefault(value, []).append((_kind(context), t, cell))
    return out


@rule("GJ902", "income-expense-label-swapped", "warning", "收入、支出标签与表中同一金额不符",
      "A figure called income in the text is an expenditure in the tables, or the reverse")
def income_expense_label_swapped(ctx: Context) -> Iterator[Finding]:
    """
    What it does
    Takes amounts the text calls 收入 (income) or 支出 (expenditure) and looks for the same amount,
    to the cent, in the tables. When every table occurrence is labelled the other way, the text has
    probably put the wrong label on the figure.

    Why is this bad?
    An expenditure total presented as income changes every rate computed from it, and a reader who
    takes the text at its word draws the wrong conclusion.

    Example
    "预算支出 104,100,094.66 元，决算收入 93,409,520.08 元" — 93,409,520.08 is the 本年支出合计 of the
    fund tables.

    Use instead
    "决算支出 93,409,520.08 元".
    """
    amounts = _table_amounts(ctx.doc)
    if not amounts:
        return
    for block in ctx.doc.blocks:
        if not isinstance(block, Paragraph) or block.kind == "toc":
            continue
        for fig in block.figures:
            if not fig.is_money or fig.value is None:
                continue
            label = _label(block.text, fig.start)
            kind = _kind(label)
            hits = amounts.get(fig.in_yuan())
            if not kind or not hits:
                continue
            kinds = {k for k, _, _ in hits}
            if kinds != {"expense" if kind == "income" else "income"}:
                continue
            _, table, cell = hits[0]
            where = block.location.at(fig.start, fig.end)
            other = "支出" if kind == "income" else "收入"
            yield figure_finding(
                income_expense_label_swapped.code, "warning", fig, where, None,
                f"文中称“{label}”的 {fig.text}，与表{table.location.table}中的{other}金额相同"
                f"（{table.rows[cell.row].label or table.caption}）：收入、支出可能标错。",
                f"The text calls {fig.text} '{label}', but the same amount is {other} in table "
                f"{table.location.table}.", block.text, (table.cell_location(cell.row, cell.col),))


def _label(text: str, start: int) -> str:
    """The words right before a figure, back to the previous punctuation."""
    i = start
    while i > 0 and text[i - 1] not in "，,。；;：:、（(）)":
        i -= 1
    return text[i:start].strip()
