"""GJ6xx (counts): how many indicators the text says there are, against the tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import regex

from checks.registry import Context, rule
from extractor.tables import squeeze
from model.document import Document
from model.findings import Finding, figure_finding

_LEVEL = regex.compile(r"^([一二三四])级指标$")


def level_counts(doc: Document) -> list[dict[str, int]]:
    """Distinct indicator names per level column (一级指标…), per table and over the split tables.

    A report often gives one table per 一级指标 and then the whole tree again in an appendix, so each
    complete table and the union of the partial ones are separate counts; a claim matching any is fine.
    """
    per_table: list[dict[str, set[str]]] = []
    for t in doc.tables:
        levels: dict[str, set[str]] = {}
        for col in t.columns:
            m = _LEVEL.match(col.header.split("/")[-1])
            if not m:
                continue
            names = {squeeze(c.text) for c in (t.grid[r][col.index] for r in range(t.header_rows, t.n_rows))
                     if not c.is_blank and t.rows[c.row].kind == "data"}
            levels[f"{m[1]}级指标"] = names
        if levels:
            per_table.append(levels)
    out = [{k: len(v) for k, v in lv.items()} for lv in per_table]
    if len(per_table) > 1:
        union: dict[str, set[str]] = {}
        for lv in per_table:
            for k, v in lv.items():
                union.setdefault(k, set()).update(v)
        out.append({k: len(v) for k, v in union.items()})
    return out


def group_counts(doc: Document) -> Counter:
    """Rows per named group in indicator tables: "数量指标" → 6."""
    counts: Counter = Counter()
    for t in doc.tables:
        for col in t.columns:
            if not _LEVEL.match(col.header.split("/")[-1]):
                continue
            for r in range(t.header_rows, t.n_rows):
                cell = t.grid[r][col.index]
                if not cell.is_blank and t.rows[r].kind == "data":
                    counts[(col.index, id(t), squeeze(cell.text))] += 1
    named: Counter = Counter()
    for (_, _, name), n in counts.items():
        named[name] = max(named[name], n)
    return named


@rule("GJ602", "indicator-count-mismatch", "error", "指标个数与指标表不符",
      "The number of indicators stated differs from the tables")
def indicator_count_mismatch(ctx: Context) -> Iterator[Finding]:
    """
    What it does
    Compares counts such as "4 个一级指标、15 个二级指标、17 个三级指标" or "数量指标6个" with the
    indicators the tables list: distinct names in the 一级/二级/三级指标 columns, or rows in a group.

    Why is this bad?
    The count describes the evaluation's design; a count the tables contradict means an indicator was
    dropped from the table or the description is stale.

    Example
    "设计了 4 个一级指标、15 个二级指标、18 个三级指标" while the tables list 17 三级指标.

    Use instead
    "17 个三级指标".
    """
    per_level = level_counts(ctx.doc)
    groups = group_counts(ctx.doc)
    for claim in ctx.claims_of("count"):
        stated = claim.values["count"]
        where = claim.figure_location(stated)
        subject = squeeze(claim.subject)
        if _LEVEL.match(subject):
            options = sorted({c[subject] for c in per_level if subject in c})
        elif subject in groups or any(g.endswith(subject) for g in groups):
            options = sorted({n for g, n in groups.items() if g == subject or g.endswith(subject)})
        else:
            continue
        if not options:
            continue
        ctx.touch(where)
        if stated.value in options:
            continue
        yield figure_finding(
            indicator_count_mismatch.code, "error", stated, where, Decimal(options[-1]),
            f"文中称{subject} {stated.text}，指标表中列有 {'或'.join(map(str, options))} 个。",
            f"The text states {stated.text} {subject}; the tables list {' or '.join(map(str, options))}.",
            claim.text)


_AND = regex.compile(r"和|与|以及|及")


@rule("GJ603", "enumeration-count-mismatch", "warning", "所列项目数与所称个数不符",
      "The number of items listed differs from the count stated with them")
def enumeration_count_mismatch(ctx: Context) -> Iterator[Finding]:
    """
    What it does
    Counts the items listed before a count of them — "从政策制定依据及程序相关性、预决算程序三个方面进行评价"
    — and compares with the count. Items are separated by 、 and ，; the last item may join two with 和/与/及.
    A list ending in 等 may name fewer items than its count.

    Why is this bad?
    A list that names two aspects and calls them three has lost an item, or the count is stale from an
    earlier draft; either way the reader cannot tell what was evaluated.

    Example
    "决策指标主要从政策制定依据及程序相关性、预决算程序三个方面进行评价" names two aspects, and the
    decision table has two indicators.

    Use instead
    Name every aspect, or count the ones named: "……两个方面进行评价".
    """
    for claim in ctx.claims_of("enumeration"):
        stated = claim.values["count"]
        items = claim.label.split("、")
        joined = len(items) + (1 if _AND.search(items[-1]) else 0)
        n = int(stated.value)
        if n in (len(items), joined) or (claim.subject == "等" and len(items) <= n):
            continue
        where = claim.figure_location(stated)
        yield figure_finding(
            enumeration_count_mismatch.code, "warning", stated, where, Decimal(len(items)),
            f"文中称“{stated.text}”，但只列出 {len(items)} 项：{claim.label}。",
            f"The text says {stated.text} but lists {len(items)}: {claim.label}.", claim.text)
