"""GJ6xx (counts): how many indicators the text says there are, against the tables."""

from __future__ import annotations

from decimal import Decimal

from checks.registry import Message, Report, rule
from extractor.tables import squeeze
from reading.claims import listed_items
from reading.facts import Claims
from reading.indicator_counts import IndicatorCounts


@rule("GJ602", "indicator-count-mismatch", "error", "指标个数与指标表不符",
      "The number of indicators stated differs from the tables",
      needs=("claims", "indicator_counts"),
      messages={"count": Message("文中称{subject} {stated}，指标表中列有 {options} 个。",
                                 "The text states {stated} {subject}; the tables list {options_en}.")})
def indicator_count_mismatch(report: Report, claims: Claims, indicator_counts: IndicatorCounts) -> None:
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
    for claim in claims.of("count"):
        stated = claim.values["count"]
        where = claim.figure_location(stated)
        options = indicator_counts.options(claim.subject)
        if not options:
            continue
        report.touch(where)
        if stated.value in options:
            continue
        report.finding("count", where, stated=stated, expected=Decimal(options[-1]), evidence=claim.text,
                       subject=squeeze(claim.subject), options="或".join(map(str, options)),
                       options_en=" or ".join(map(str, options)))


@rule("GJ603", "enumeration-count-mismatch", "warning", "所列项目数与所称个数不符",
      "The number of items listed differs from the count stated with them",
      needs=("claims",),
      messages={"count": Message("文中称“{stated}”，但只列出 {n} 项：{items}。",
                                 "The text says {stated} but lists {n}: {items}.")})
def enumeration_count_mismatch(report: Report, claims: Claims) -> None:
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
    for claim in claims.of("enumeration"):
        stated = claim.values["count"]
        items, joined = listed_items(claim)
        n = int(stated.value)
        if n in (items, joined) or (claim.subject == "等" and items <= n):
            continue
        report.finding("count", claim.figure_location(stated), stated=stated, expected=Decimal(items),
                       evidence=claim.text, n=items, items=claim.label)
