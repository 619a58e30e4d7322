"""Whether successive numbered items count by one: shared by the numbering and contents rules.

Not a rule family: the judgement the outline rules (GJ501, GJ502, GJ505) and the contents rule (GJ503)
make alike, and the words they say it in.
"""

from __future__ import annotations

from dataclasses import dataclass

from reading.outline import DocumentOutline, Step, Succession, render

MAX_GAP = 9  # a jump over more numbers than this is not read as one list with holes


@dataclass(frozen=True)
class Gap:
    """A succession whose number does not follow its previous sibling: `missing` is empty for a repeat."""

    succession: Succession
    missing: tuple[int, ...]

    @property
    def item(self):
        return self.succession.item

    @property
    def previous(self):
        return self.succession.previous

    @property
    def index(self) -> int:
        return self.succession.index

    @property
    def is_repeat(self) -> bool:
        return not self.missing


def gap_of(step: Succession) -> Gap | None:
    """The skip or repeat between an item and its previous sibling, if any. A list may restart at 1; a
    jump of more than MAX_GAP numbers, or counting down, is not read as one list (silence when unsure)."""
    prev, item = step.previous, step.item
    if item.number == 1 or item.number == prev.number + 1:
        return None
    if item.number == prev.number:
        return Gap(step, ())
    if prev.number + 1 < item.number <= prev.number + 1 + MAX_GAP:
        return Gap(step, tuple(range(prev.number + 1, item.number)))
    return None


def missing_text(style: str, missing: list[int]) -> str:
    if len(missing) > 2:
        return f"{render(style, missing[0])}至{render(style, missing[-1])}"
    return "、".join(render(style, n) for n in missing)


def missing_text_en(style: str, missing: list[int]) -> str:
    names = [render(style, n) for n in missing]
    return f"{names[0]} to {names[-1]}" if len(names) > 2 else " and ".join(names)


def gap_fields(gap: Gap) -> dict[str, str]:
    """The fields of the gap messages: the markers either side and what is missing or expected."""
    style = gap.item.style
    missing = list(gap.missing)
    return {
        "previous": gap.previous.marker, "item": gap.item.marker,
        "want": render(style, gap.item.number + 1),
        "missing": missing_text(style, missing) if missing else "",
        "missing_en": missing_text_en(style, missing) if missing else "",
    }


def gap_messages(what: str, what_en: str) -> dict:
    """The "repeat" and "skip" message templates of a rule about numbering of `what`."""
    from checks.registry import Message

    return {
        "repeat": Message(f"{what}编号重复：“{{previous}}”之后又是“{{item}}”，应为“{{want}}”",
                          f"{what_en} numbering repeats: “{{previous}}” is followed by “{{item}}” again; "
                          "expected “{want}”"),
        "skip": Message(f"{what}编号不连续：“{{previous}}”之后是“{{item}}”，缺少{{missing}}",
                        f"{what_en} numbering skips: “{{previous}}” is followed by “{{item}}”; {{missing_en}} missing"),
    }


def gap_message_key(gap: Gap) -> str:
    return "repeat" if gap.is_repeat else "skip"


def closed_by_text(outline: DocumentOutline, gap: Gap, step: Step, anywhere: bool = False,
                   including_first: bool = False) -> bool:
    """A missing number printed in the paragraphs between the two items means nothing is missing."""
    return bool(gap.missing) and all(
        outline.printed_between(gap.item.style, n, step.previous, step.para, anywhere, including_first)
        for n in gap.missing)


def heading_gaps(outline: DocumentOutline) -> list[tuple[Step, Gap]]:
    """Skips and repeats in the numbering of the body headings."""
    out = []
    for step in outline.headings:
        gap = gap_of(step.succession)
        if gap is not None and not closed_by_text(outline, gap, step):
            out.append((step, gap))
    return out
