"""Numbering: headings, articles and lists must count without gaps.

Every rule here works on how things are numbered, never on figures: a numbering error does not change
an amount, so every finding is a warning. Which item follows which is read by `reading.outline`; a list
may restart at 1 (the summary and the main text of a report both begin at 一、).

The rules stay silent when they are unsure: the first item of a list that does not start at 1 is taken
as a continuation (reports often number 1. 2. under （一） and go on with 3. under （二）), a gap of more
than `MAX_GAP` numbers is not taken as one list, and a missing number printed at the start of a
paragraph in between (a heading the extractor read as body text) closes the gap.
"""

from __future__ import annotations

from checks.registry import Report, rule
from checks.sequence import closed_by_text, gap_fields, gap_message_key, gap_messages, gap_of, heading_gaps
from reading.names import clip
from reading.outline import DocumentOutline


@rule("GJ501", "section-number-skipped", "warning", "标题编号跳号或重复", "Heading numbering skips or repeats",
      needs=("outline",), messages=gap_messages("标题", "Heading"))
def section_number_skipped(report: Report, outline: DocumentOutline) -> None:
    """What it does
    Checks that numbered headings of one level under one parent count up by one: 一、二、三…,
    （一）（二）（三）…, 1. 2. 3. and （1）（2）（3）. A list may restart at 一 or 1 (the summary and the main
    text of a report are numbered separately); a number that jumps ahead or is printed twice is
    reported at the heading after the gap.

    Why is this bad?
    A skipped number usually means a section was deleted or moved while the report was edited, so
    the text a reader is referred to ("见第三部分") may not be where the numbering says it is, and the
    table of contents no longer matches the body.

    Example
    二、绩效评价工作情况
    四、绩效评价指标分析

    Use instead
    二、绩效评价工作情况
    三、综合评价结论
    四、绩效评价指标分析
    """
    for step, gap in heading_gaps(outline):
        report.finding(gap_message_key(gap), step.para.location, stated_text=gap.item.marker,
                       evidence=step.para.text, related=(step.previous.location,), **gap_fields(gap))


_DIVISIONS = {"article": ("条文", "Article"), "chapter": ("章", "Chapter"), "section": ("节", "Section"),
              "part": ("编", "Part")}


@rule("GJ502", "article-number-skipped", "warning", "条、章编号跳号或重复",
      "Article or chapter numbering skips or repeats",
      needs=("outline",),
      messages={f"{style}-{key}": m for style, (zh, en) in _DIVISIONS.items()
                for key, m in gap_messages(zh, en).items()})
def article_number_skipped(report: Report, outline: DocumentOutline) -> None:
    """What it does
    Checks that the articles (第X条) printed at the start of paragraphs count up by one through the
    whole document, and that chapters (第X章), their sections (第X节) and parts (第X编) do too. A
    numbering that restarts at 第一条 begins a new document (an attached regulation) and is accepted.

    Why is this bad?
    Articles are cited by number. When 第十八条 to 第二十条 are missing, every later citation is
    ambiguous: either paragraphs lost their numbers or the articles after the gap were never
    renumbered.

    Example
    第十七条  绩效评价包括统筹地区自评和上级部门绩效评价。
    根据工作需要，绩效评价工作可委托中介机构、专家等第三方具体实施。
    第二十一条  加大社会保险基金绩效信息公开力度。

    Use instead
    第十七条  绩效评价包括统筹地区自评和上级部门绩效评价。
    第十八条  根据工作需要，绩效评价工作可委托中介机构、专家等第三方具体实施。
    …
    第二十一条  加大社会保险基金绩效信息公开力度。
    """
    for step in outline.articles:
        gap = gap_of(step.succession)
        if gap is None or closed_by_text(outline, gap, step, anywhere=True):
            continue
        report.finding(f"{gap.item.style}-{gap_message_key(gap)}", step.para.location, stated_text=gap.item.marker,
                       evidence=clip(step.para.text), related=(step.previous.location,), **gap_fields(gap))


@rule("GJ505", "list-number-skipped", "warning", "列表编号跳号或重复", "List numbering skips or repeats",
      needs=("outline",), messages=gap_messages("列表", "List"))
def list_number_skipped(report: Report, outline: DocumentOutline) -> None:
    """What it does
    Checks numbered list items printed as paragraphs (the 评价依据 list, the principles or methods of
    an evaluation: "1.《中华人民共和国预算法》；") count up by one. A list ends at every heading or
    article; a number printed inside the previous item (two items run together on one line) counts
    as present.

    Why is this bad?
    A hole in a list of legal bases or scoring steps usually means an item was deleted without
    renumbering, or that one was lost when the report was assembled; readers citing "依据第3项" are
    left guessing.

    Example
    1.《中华人民共和国预算法》；
    2.《中华人民共和国预算法实施条例》；
    4.《中共中央 国务院关于全面实施预算绩效管理的意见》；

    Use instead
    1.《中华人民共和国预算法》；
    2.《中华人民共和国预算法实施条例》；
    3.《中共中央 国务院关于全面实施预算绩效管理的意见》；
    """
    for step in outline.lists:
        gap = gap_of(step.succession)
        if gap is None or closed_by_text(outline, gap, step, anywhere=True, including_first=True):
            continue
        report.finding(gap_message_key(gap), step.para.location, stated_text=gap.item.marker,
                       evidence=clip(step.para.text), related=(step.previous.location,), **gap_fields(gap))
