"""GJ9xx: one thing named or stated twice in ways that cannot both be right."""

from __future__ import annotations

from checks.registry import Message, Report, rule
from model.rounding import amounts_agree
from reading.mentions import Citation, ProseAmount
from reading.named import AliasedTotal
from reading.operands import OperandMention


@rule("GJ901", "document-cited-twice", "warning", "同一列表中重复列出同一文件",
      "The same document is listed twice in one list",
      needs=("citations",),
      messages={"twice": Message("{cited} 在本列表中已列出（“{first}”），重复列出。",
                                 "{cited} is already listed above ('{first}').")})
def document_cited_twice(report: Report, citations: list[Citation]) -> None:
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
    seen: dict[tuple[int, str], Citation] = {}
    for c in citations:
        first = seen.setdefault((c.list_index, c.title), c)
        if first is c:
            continue
        report.finding("twice", c.para.location.at(c.start, c.end), stated_text=c.cited, evidence=c.para.text,
                       related=(first.para.location,), cited=c.cited, first=first.para.text[:40])


@rule("GJ902", "income-expense-label-swapped", "warning", "收入、支出标签与表中同一金额不符",
      "A figure called income in the text is an expenditure in the tables, or the reverse",
      needs=("table_amounts", "prose_amounts"),
      messages={"swapped": Message(
          "文中称“{label}”的 {stated}，与表{table}中的{other}金额相同（{row}）：收入、支出可能标错。",
          "The text calls {stated} '{label}', but the same amount is {other} in table {table}.")})
def income_expense_label_swapped(report: Report, table_amounts: dict, prose_amounts: list[ProseAmount]) -> None:
    """
    What it does
    Takes amounts the text calls 收入 (income) or 支出 (expenditure) and looks for the same amount,
    to the cent, in the tables. When every table occurrence is labelled the other way, the text has
    probably put the wrong label on the figure.

    Why is this bad?
    An expenditure total presented as income changes every rate computed from it, and a reader who
    takes the text at its word draws the wrong conclusion.

    Example
    "预算支出 80,150,000.00 元，决算收入 72,633,418.50 元" — 72,633,418.50 is the 本年支出合计 of the
    fund tables.

    Use instead
    "决算支出 72,633,418.50 元".
    """
    if not table_amounts:
        return
    for amount in prose_amounts:
        fig = amount.figure
        hits = table_amounts.get(fig.in_yuan())
        if not amount.kind or not hits:
            continue
        if {h.kind for h in hits} != {"expense" if amount.kind == "income" else "income"}:
            continue
        table, cell = hits[0].table, hits[0].cell
        report.finding("swapped", amount.para.location.at(fig.start, fig.end), stated=fig, evidence=amount.para.text,
                       related=(table.cell_location(cell.row, cell.col),), label=amount.label,
                       table=table.location.table, other="支出" if amount.kind == "income" else "收入",
                       row=table.rows[cell.row].label or table.caption)


@rule("GJ903", "year-total-stated-twice", "warning", "文中所称全年收入（支出）与表中合计不一致",
      "The year's income or expenditure stated in the text in other words differs from the table's total",
      needs=("aliased_totals", "table_amounts"),
      messages={"differs": Message(
          "文中“{label}”为 {stated}，而表{table}中“{name}”为 {value}；表中没有 {stated} 这一金额。",
          "The text gives '{label}' as {stated}, while '{name}' in table {table} is {value}; no table prints "
          "{stated}.")})
def year_total_stated_twice(report: Report, aliased_totals: list[AliasedTotal], table_amounts: dict) -> None:
    """
    What it does
    Takes amounts the text names as the year's income or expenditure in its own words (决算收入, 支出决算)
    and compares them with the table line those words stand for (本年收入合计, 本年支出合计), in 元. It
    reports only when the tables give that line one amount, and the text's amount is printed in no table
    at all (an amount a table prints under another name is GJ902's question).

    Why is this bad?
    One year has one income: two amounts for it mean one of them comes from another source or another
    version of the accounts, and every rate computed from the wrong one is wrong too.

    Example
    "2023年预算收入 75,300,000.00 元，决算收入 70,918,204.12 元", while 表1's 本年收入合计 is 71,408,215.36.

    Use instead
    "决算收入 71,408,215.36 元", or say which income the figure is.
    """
    for aliased in aliased_totals:
        stated = aliased.prose.figure
        where = aliased.prose.location
        report.touch(where, *(n.location for n in aliased.lines))
        values = {n.yuan for n in aliased.lines}
        if len(values) != 1 or any(amounts_agree(stated, n.figure) for n in aliased.lines):
            continue
        if table_amounts.get(stated.in_yuan()):
            continue
        line = aliased.lines[0]
        report.finding("differs", where, stated=stated, related=tuple(n.location for n in aliased.lines),
                       label=aliased.prose.label, name=aliased.name, table=line.table or "", value=line.figure.text)


@rule("GJ904", "operand-stated-otherwise", "warning", "算式中的数与正文同名数量不一致",
      "A formula's operand differs from the quantity of that name stated in the text",
      needs=("operand_mentions",),
      messages={"differs": Message(
          "算式中“{name}”取 {operand}，而文中“{label}”为 {stated_value}：同一数量有两个数值。",
          "The formula takes {operand} for '{name}', while the text gives '{label}' as {stated_value}: one quantity "
          "with two values.")})
def operand_stated_otherwise(report: Report, operand_mentions: list[OperandMention]) -> None:
    """
    What it does
    Reads the names a formula gives its operands ("做实率=单位缴费基数总额/在职职工参保人数/12/当地全口径月社平
    工资 512000000/8420/12/6150=82.4%": 在职职工参保人数 is 8420) and compares each with the figure the text
    states under that name elsewhere ("实际在职职工参保人员数为 9136 人"; 参保人员数 and 参保人数 are one name,
    a planned or earlier figure — 预计, 计划, 上年 — is another quantity). When any statement of the name gives
    the operand's value, nothing is reported.

    Why is this bad?
    One quantity cannot have two values in one report: either the formula used another population than the
    one the report describes, or one of the figures is mistyped, and the rate the formula gives is then in
    doubt.

    Example
    "实际在职职工参保人员数为 9136 人", and later "做实率=单位缴费基数总额/在职职工参保人数/12/当地全口径月社平
    工资 512000000/8420/12/6150=82.4%".

    Use instead
    One value for the quantity, or a name that says which population the formula counts.
    """
    by_name: dict[str, list[OperandMention]] = {}
    for m in operand_mentions:
        by_name.setdefault(m.name, []).append(m)
    for mentions in by_name.values():
        for m in mentions:
            report.touch(m.stated_location, m.operand_location)
        if any(m.stated.value == m.operand.value for m in mentions):
            continue
        in_prose = [m for m in mentions if m.operand_location.row is None] or mentions
        reported: set[tuple] = set()
        for m in in_prose:
            key = (m.stated_location.block, m.stated_location.start)
            if key in reported:
                continue
            reported.add(key)
            report.finding("differs", m.operand_location, stated=m.operand, evidence=m.formula.text,
                           related=(m.stated_location,), name=m.name, operand=m.operand.text, label=m.stated_label,
                           stated_value=m.stated.text)
