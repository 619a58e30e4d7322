"""Statements whose shape is arithmetic rather than words: explicit formulas and grade bands.

A regex over the figures is simpler here than token patterns: "512000000/8420/12/6150=82.4%" is
one expression, and "良（80 ≤ 得分 < 90 分）" is one band, whatever words surround them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

import regex

from extractor.numbers import find_figures
from model.figure import Figure
from patterns.vocabulary import V

OPERATORS: dict[str, str] = V.formula_operators.data["symbols"]
EQUALS = tuple(V.formula_operators.data["equals"])


@dataclass(frozen=True)
class Formula:
    expression: str
    operands: tuple[tuple[str, Figure], ...]  # (operator before it, figure); the first has ""
    result: Figure
    start: int
    end: int

    def evaluate(self) -> Decimal | None:
        """The exact value of the expression, in the result's unit (× 100 when the result is a percent)."""
        try:
            value = _evaluate(self.operands)
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None
        if value is None:
            return None
        # Percent operands enter as fractions ("×100%" is × 1), so a percent result is the fraction × 100.
        return value * 100 if self.result.is_percent else value


def _operand(f: Figure) -> Decimal:
    return f.fraction() if f.is_percent else f.value


def _evaluate(operands: tuple[tuple[str, Figure], ...]) -> Decimal | None:
    terms: list[tuple[str, Decimal]] = []  # additive terms after products are folded
    for op, fig in operands:
        if fig.value is None:
            return None
        value = _operand(fig)
        if op in ("*", "/") and terms:
            sign, prev = terms[-1]
            terms[-1] = (sign, prev * value if op == "*" else prev / value)
        else:
            terms.append((op or "+", value))
    return sum((v if s == "+" else -v for s, v in terms), Decimal(0))


def find_formulas(text: str) -> list[Formula]:
    """Every "a op b … = c" or "c = a op b …" written with figures."""
    figs = [f for f in find_figures(text) if f.numeral == "arabic"]
    out: list[Formula] = []
    i = 0
    while i < len(figs) - 1:
        chain = [("", figs[i])]
        seps: list[str] = []
        j = i
        while j + 1 < len(figs):
            sep = text[figs[j].end:figs[j + 1].start].strip()
            if sep in OPERATORS or sep in EQUALS:
                seps.append(OPERATORS.get(sep, "="))
                chain.append((seps[-1], figs[j + 1]))
                j += 1
            else:
                break
        formula = _formula(text, chain)
        if formula is not None:
            out.append(formula)
        i = max(j, i + 1)
    return out


def _formula(text: str, chain: list[tuple[str, Figure]]) -> Formula | None:
    """The one "expression = result" a chain states.

    A chain may restate a formula before its figures ("…×100%=38,662,870.83÷39,789,206.20×100%=97.12%"):
    the result is the single figure at either end, and the expression the segment next to it.
    """
    segments: list[list[tuple[str, Figure]]] = [[]]
    for op, fig in chain:
        if op == "=":
            segments.append([])
        segments[-1].append(("" if op == "=" else op, fig))
    if len(segments) < 2:
        return None
    if len(segments[-1]) == 1 and len(segments[-2]) > 1:
        result, operands = segments[-1][0][1], segments[-2]
    elif len(segments[0]) == 1 and len(segments[1]) > 1 and len(segments) == 2:
        result, operands = segments[0][0][1], segments[1]
    else:
        return None
    start = min(operands[0][1].start, result.start)
    end = max(operands[-1][1].end, result.end)
    return Formula(text[start:end], tuple(operands), result, start, end)


# --- grade bands --------------------------------------------------------------------------------

_GRADE_WORD = rf"(?P<grade>{V.grades.alternation()})"
_BAND = regex.compile(_GRADE_WORD + r"\s*[（(](?P<cond>[^（）()]{1,40})[）)]")
_CMP = regex.compile(rf"(?P<a>[0-9]+(?:\.[0-9]+)?)?\s*(?P<op1>≤|<|≥|>)?\s*(?:{V.score_words.alternation()})?\s*"
                     r"(?P<op2>≤|<|≥|>)?\s*(?P<b>[0-9]+(?:\.[0-9]+)?)?\s*分?")
GRADE_NORMAL = {word: k.kind for k in V.grades.kinds for word in k.words}  # 优秀 → 优


@dataclass(frozen=True)
class GradeBand:
    grade: str  # normalised: 优, 良, 中, 合格, 差
    lower: Figure | None
    lower_inclusive: bool
    upper: Figure | None
    upper_inclusive: bool
    start: int
    end: int

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None and (value < self.lower.value or (value == self.lower.value
                                                                    and not self.lower_inclusive)):
            return False
        return not (self.upper is not None and (value > self.upper.value or (value == self.upper.value
                                                                            and not self.upper_inclusive)))

    def describe(self) -> str:
        lo = "" if self.lower is None else f"{self.lower.value}{'≤' if self.lower_inclusive else '<'}"
        hi = "" if self.upper is None else f"{'≤' if self.upper_inclusive else '<'}{self.upper.value}"
        return f"{self.grade}:{lo}得分{hi}"


def _clean_condition(cond: str) -> str:
    cond = cond.replace("$", "").replace("\\leq", "≤").replace("\\le", "≤").replace("\\geq", "≥")
    cond = cond.replace("\\ge", "≥").replace("\\lt", "<").replace("\\gt", ">")
    cond = cond.replace("＜", "<").replace("＞", ">").replace("≦", "≤").replace("≧", "≥")
    cond = cond.replace("<=", "≤").replace(">=", "≥")
    return regex.sub(r"\s+", " ", cond).strip()


def find_grade_bands(text: str) -> list[GradeBand]:
    """Bands such as 优（得分≥90分）、良（80≤得分<90分）; two or more in one text, or none."""
    bands = []
    for m in _BAND.finditer(text):
        band = _band(m["grade"], _clean_condition(m["cond"]), m.start(), m.end())
        if band is not None:
            bands.append(band)
    return bands if len(bands) >= 2 else []


def _figure(number: str) -> Figure:
    decimals = len(number.split(".")[1]) if "." in number else 0
    return Figure(text=number, value=Decimal(number), decimals=decimals, unit="分")


def _band(grade: str, cond: str, start: int, end: int) -> GradeBand | None:
    m = _CMP.fullmatch(cond)
    if not m or not (m["a"] or m["b"]):
        return None
    lower = upper = None
    lower_inc = upper_inc = False
    if m["a"] and m["op1"]:  # "80 ≤ 得分 …"  /  "90 > 得分"
        if m["op1"] in ("≤", "<"):
            lower, lower_inc = _figure(m["a"]), m["op1"] == "≤"
        else:
            upper, upper_inc = _figure(m["a"]), m["op1"] == "≥"
    if m["b"] and m["op2"]:  # "… 得分 < 90"  /  "得分 ≥ 90"
        if m["op2"] in ("<", "≤"):
            upper, upper_inc = _figure(m["b"]), m["op2"] == "≤"
        else:
            lower, lower_inc = _figure(m["b"]), m["op2"] == "≥"
    if lower is None and upper is None:
        return None
    return GradeBand(GRADE_NORMAL[grade], lower, lower_inc, upper, upper_inc, start, end)
