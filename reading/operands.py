"""The names a formula gives its operands, and what the text states under those names.

    "做实率=单位缴费基数总额/在职职工参保人数/12/当地全口径月社平工资 512000000/8420/12/6150=82.4%"

names each operand: 在职职工参保人数 is 8420. When the text elsewhere states that quantity ("实际在职职工参保
人员数为 9136 人"), the two are one quantity with two values. Names are compared in one form (参保人员数 and
参保人数 alike, 实际 dropped: `[name_variants]`); a planned or earlier figure (预计, 计划, 上年) is another
quantity. A name expression is used only when it has exactly the formula's operators and its constants are
the formula's own (the 12 of "/12/"), so a name sits on its operand.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from model.claims import Claim
from model.document import Document, Location, Paragraph
from model.figure import Figure
from patterns.vocabulary import V
from reading.named import name_key
from reading.wording import words_before

_OPERATOR_CHARS = "".join(regex.escape(s) for s in V.formula_operators.data["symbols"])
_NAMES = regex.compile(r"=\s*(?P<expr>[^=，,。；;：:\s（(]+?)\s*$")
_SPLIT = regex.compile(rf"\s*([{_OPERATOR_CHARS}])\s*")
_VARIANTS = V.name_variants.data["variants"]
_FORMULA_WORDS = regex.compile(rf"[={_OPERATOR_CHARS}]")


@dataclass(frozen=True)
class OperandMention:
    """A formula operand with its name, and a figure the text states under that name."""

    name: str
    operand: Figure
    operand_location: Location
    stated: Figure
    stated_location: Location
    stated_label: str
    formula: Claim


def compared_form(name: str) -> str:
    key = name_key(name)
    for variant, form in sorted(_VARIANTS.items(), key=lambda kv: -len(kv[0])):
        key = key.replace(variant, form)
    return key


def operand_names(claim: Claim) -> list[tuple[str, Figure]]:
    """(name, operand) for a formula claim whose name expression precedes it in its text."""
    m = _NAMES.search(claim.text[:claim.location.start or 0])
    if m is None:
        return []
    parts = _SPLIT.split(m["expr"])
    names, operators = parts[0::2], parts[1::2]
    operands = claim.items
    if len(names) != len(operands) or operators != [op for op, _ in operands[1:]]:
        return []
    pairs = []
    for name, (_, fig) in zip(names, operands, strict=True):
        if regex.fullmatch(r"[0-9.]+", name):
            if fig.value is None or name != fig.text:
                return []  # a constant that is not the formula's own: the names do not line up
            continue
        pairs.append((name, fig))
    return pairs


def operand_mentions(doc: Document, formulas: list[Claim]) -> list[OperandMention]:
    named = [(c, name, fig) for c in formulas for name, fig in operand_names(c)]
    if not named:
        return []
    wanted = {compared_form(name) for _, name, _ in named}
    stated: dict[str, list[tuple[Figure, Location, str]]] = {}
    for block in doc.blocks:
        if not isinstance(block, Paragraph):
            continue
        for fig in block.figures:
            label = words_before(block.text, fig.start).removesuffix("为").removesuffix("是")
            if fig.value is None or not label or label in V.planned_words or _FORMULA_WORDS.search(label):
                continue  # a plan, or a figure of a formula itself
            form = compared_form(label)
            hit = next((w for w in wanted if form.endswith(w)), None)
            if hit is not None:
                stated.setdefault(hit, []).append((fig, block.location.at(fig.start, fig.end), label))
    out = []
    for claim, name, fig in named:
        for value, where, label in stated.get(compared_form(name), ()):
            out.append(OperandMention(name, fig, claim.figure_location(fig), value, where, label, claim))
    return out
