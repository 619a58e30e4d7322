"""The table of contents against the headings of the body (GJ503)."""

from __future__ import annotations

from checks.registry import Message, Report, finding_key, rule
from checks.sequence import Gap, gap_fields, gap_message_key, gap_messages, gap_of, heading_gaps
from reading.contents import ContentsRun, Entry, same_title
from reading.outline import DocumentOutline


@rule("GJ503", "toc-heading-mismatch", "warning", "目录与正文标题不一致",
      "Table of contents does not match the headings",
      needs=("contents", "outline"),
      messages={
          **gap_messages("目录", "Table of contents"),
          "omits": Message("目录漏列正文标题“{heading}”：目录中“{previous}”之后直接是“{item}”",
                           "The table of contents omits the heading “{heading}”: it goes from “{previous}” straight "
                           "to “{item}”"),
          "unlisted": Message("正文标题“{heading}”未列入目录",
                              "The heading “{heading}” is not in the table of contents"),
          "orphan": Message("目录条目“{entry}”在正文中找不到对应标题",
                            "The contents entry “{entry}” has no matching heading in the body"),
          "differs": Message("目录条目“{entry}”与正文标题“{heading}”不一致",
                             "The contents entry “{entry}” differs from the heading “{heading}”"),
      })
def toc_heading_mismatch(report: Report, contents: list[ContentsRun], outline: DocumentOutline) -> None:
    """What it does
    Compares the table of contents (目录) with the headings of the body: a heading the contents leave
    out, a contents entry with no heading behind it, an entry whose title differs from its heading,
    and a skip in the contents' own numbering. Entries and headings are aligned in order on their
    normalised titles (spaces, full- and half-width brackets and punctuation ignored), so a report
    whose summary and main text both start at 一、 is matched part by part. A skip in the contents
    that is explained by a heading they leave out is reported once.

    Why is this bad?
    The contents are how a reader finds a section. An omitted heading hides a section (often the
    evaluation conclusion), and contents that disagree with the body show that one of them was
    edited without the other.

    Example
    目录
    二、绩效评价工作情况 ........ 9
    四、绩效评价指标分析 ........ 14
    正文
    二、绩效评价工作情况
    三、综合评价结论
    四、绩效评价指标分析

    Use instead
    目录
    二、绩效评价工作情况 ........ 9
    三、综合评价结论 ............ 13
    四、绩效评价指标分析 ........ 14
    """
    body_gaps = {(g.item.style, g.item.number, g.previous.number): finding_key("GJ501", step.para.location)
                 for step, g in heading_gaps(outline)}
    for run in contents:
        if len(run.toc) >= 2:
            _compare_contents(report, run, body_gaps)


def _marker(entry: Entry) -> str:
    return entry.num.marker if entry.num else entry.text


def _compare_contents(report: Report, run: ContentsRun, body_gaps: dict[tuple, str]) -> None:
    toc, alignment = run.toc, run.alignment
    gaps = [g for s in run.successions if (g := gap_of(s)) is not None]

    explained: dict[int, Entry] = {}  # TOC gap entry index → the left-out heading that explains it
    for b, before in run.unlisted:
        gap = _gap_for(gaps, toc, b, before)
        if gap is not None and gap.index not in explained:
            explained[gap.index] = b

    for gap in gaps:
        entry = toc[gap.index]
        b = explained.get(gap.index)
        if b is not None:
            report.finding("omits", entry.para.location, stated_text=gap.item.marker,
                           evidence=f"目录：{entry.text}；正文：{b.text}", related=(b.para.location,),
                           heading=b.text, previous=gap.previous.marker, item=gap.item.marker)
        else:
            report.finding(gap_message_key(gap), entry.para.location, stated_text=gap.item.marker, evidence=entry.text,
                           consequence_of=body_gaps.get((gap.item.style, gap.item.number, gap.previous.number), ""),
                           **gap_fields(gap))

    explained_ids = {b.index for b in explained.values()}
    for b, before in run.unlisted:
        if b.index not in explained_ids:
            near = toc[min(before, len(toc) - 1)]
            report.finding("unlisted", b.para.location, stated_text=_marker(b), evidence=b.text,
                           related=(near.para.location,), heading=b.text)

    gap_entries = {g.index for g in gaps}
    for t in alignment.orphans:
        if not (t.is_part or t.index in gap_entries or run.heading_in_body(t)):
            report.finding("orphan", t.para.location, stated_text=_marker(t), evidence=t.text, entry=t.text)

    for t, b in alignment.pairs:
        if t.key != b.key and not same_title(t, b):
            report.finding("differs", t.para.location, stated_text=_marker(t),
                           evidence=f"目录：{t.text}；正文：{b.text}", related=(b.para.location,), entry=t.text,
                           heading=b.text)


def _gap_for(gaps: list[Gap], toc: list[Entry], b: Entry, before: int) -> Gap | None:
    """The skip in the contents' numbering that a left-out heading explains, if any."""
    assert b.num is not None
    nxt = next((t for t in toc[before:] if t.num is not None and t.num.style == b.num.style), None)
    if nxt is None:
        return None
    return next((g for g in gaps if g.index == nxt.index and b.num.number in g.missing), None)


