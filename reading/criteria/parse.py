"""Criterion text (评分标准) → `Interpretation`.

Figures are found once by `extractor.numbers.find_figures` and replaced by markers, and the words around
them are NFKC-normalised with spaces removed. The phrase regexes below then run over that skeleton, so
"≥９５％" and "≥ 95%" read alike and no number pattern is written twice. A criterion the phrases do not
cover is qualitative: nothing is guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

import regex

from extractor.numbers import find_figures
from model.figure import Figure
from patterns.vocabulary import V
from reading.criteria.model import Band, Event, Interpretation, Item, Partial, Slope

F = r"\ue000\d+\ue001"  # a figure marker in the skeleton
MASK = "\ue002"  # what a consumed phrase is overwritten with; also a clause boundary
NOT_THRESHOLD_UNITS = frozenset({"分", *V.not_quantity_units.words})  # points and dates are not thresholds
CIRCLED = V.circled_numbers.data["chars"]
WEIGHT = rf"(?:{V.weight_words.alternation()})"
_EVENT_UNIT = V.event_units.alternation()

CONVENTION_CEIL = regex.compile(rf"不(?:满|足|够|到)(?P<a>{F})的?(?:部分)?(?:按|以|算作?|计为?)(?P<b>{F})")
CONVENTION_FLOOR = regex.compile(rf"不(?:满|足|够|到)(?P<a>{F})的?(?:部分)?(?:不扣分|不扣|不计|不予扣分|忽略)")
CONVENTION_EXACT = regex.compile(r"(?:按实际|据实|按比例)(?:差值)?(?:计算|扣分|扣减|计分)")
FLOOR = regex.compile(rf"扣完为止|扣满为止|扣至(?:0分|零分|(?P<f>{F}))为止|最低(?:得|为)?(?P<g>{F})")
CEILING = regex.compile(rf"(?:最高|最多|封顶)(?:不超过|不得超过|不高于|为|得)?(?:(?P<w>{WEIGHT})|(?P<c>{F}))"
                        rf"|加满为止|以满分为限|不(?:得)?超过{WEIGHT}")
PROPORTIONAL = regex.compile(rf"{WEIGHT}[×xX*·](?:\p{{Han}}{{0,10}}(?:率|比例))|(?:\p{{Han}}{{0,10}}率)[×xX*·]{WEIGHT}"
                             rf"|(?:\p{{Han}}{{0,10}}(?:率|比例))[×xX*·](?P<full>{F})|(?P<full2>{F})[×xX*·]"
                             rf"(?:\p{{Han}}{{0,10}}(?:率|比例))|按(?:实际)?完成(?:率|比例)(?:计|得|折算)分")
SLOPE = regex.compile(
    rf"每(?P<dir>{V.slope_directions.alternation()})了?"
    rf"(?P<step>{F})(?P<op>扣除?|减|加|增加|多得)(?P<rate>{F})"
)
ANCHOR = regex.compile(
    rf"(?:(?P<w>低于|不足|未达到|小于|超过|超出|高于|大于)(?P<t>{F})|(?P<t2>{F})(?P<w2>以下|以上))的?[,、]?"
    rf"(?:(?:从|以|按|在)(?P<a>{F})(?:起算|起扣|为基础|基础上|为基数|计算))?"
)
EVENT = regex.compile(
    rf"(?P<lead>每(?:出现|发现|发生|有|少|缺|漏)?(?:一|{F})?(?:{_EVENT_UNIT})?"
    rf"|(?:出现|发现|发生|有)?(?:一|{F})(?:{_EVENT_UNIT})?|各)"
    rf"(?P<what>[\p{{Han}}“”]{{0,14}}?)(?P<op>扣除?|减)(?P<rate>{F})"
)
POINTS = regex.compile(
    rf"(?:{V.points_words.kind('points').alternation()})(?P<p>{F})"
    rf"|(?P<full>{V.points_words.kind('full').alternation()})|(?P<zero>{V.points_words.kind('zero').alternation()})"
)
BOUNDARY = regex.compile(rf"[;。{CIRCLED}{MASK}]")

# "80%(含)-90%": an inclusion note may follow either edge; shared edges are accepted both ways anyway.
RANGE = regex.compile(rf"(?P<a>{F})(?:\((?:不)?含\))?(?:[-~—–]+|至|到)(?P<b>{F})(?:\((?:不)?含\))?")
LIST_NUMBER = regex.compile(r"(?:^|(?<=[;；。，,\s]))\s*[(（]?[0-9]{1,2}[)）.．、](?![0-9])")


@dataclass
class Skeleton:
    text: str
    figures: list[Figure]

    def fig(self, marker: str) -> Figure:
        return self.figures[int(marker[1:-1])]

    def markers(self, piece: str) -> list[tuple[int, Figure]]:
        return [(m.start(), self.fig(m[0])) for m in regex.finditer(F, piece)]

    def mask(self, start: int, end: int) -> None:
        self.text = self.text[:start] + MASK * (end - start) + self.text[end:]


def skeleton(text: str) -> Skeleton:
    """The criterion with each figure replaced by a marker and the words between normalised."""
    listed = {m.start() + regex.search(r"[0-9]", m[0]).start() for m in LIST_NUMBER.finditer(text)}
    figures = [f for f in find_figures(text) if not _list_number(text, f, listed)]
    parts, pos = [], 0
    for i, f in enumerate(figures):
        parts.append(_norm(text[pos:f.start]))
        parts.append(f"\ue000{i}\ue001")
        pos = f.end
    parts.append(_norm(text[pos:]))
    return Skeleton("".join(parts), figures)


def _norm(words: str) -> str:
    # Circled item numbers survive: NFKC would turn ① into a digit that reads like a threshold.
    return "".join(ch if ch in CIRCLED else unicodedata.normalize("NFKC", ch) for ch in words if not ch.isspace())


def _list_number(text: str, f: Figure, listed: set[int]) -> bool:
    """ "(1)" or "1." opening an item is a number of the list, not a threshold."""
    return f.unit is None and f.start in listed


def convention(text: str) -> tuple[Partial | None, bool]:
    """How the criterion says a part unit counts, and whether it says so for the rows below (下同)."""
    sk = skeleton(text)
    for pattern, partial in ((CONVENTION_CEIL, "ceil"), (CONVENTION_FLOOR, "floor"), (CONVENTION_EXACT, "exact")):
        m = pattern.search(sk.text)
        if m:
            tail = regex.match(r"[^);。]{0,6}", sk.text[m.end():])[0]
            return partial, "下同" in tail or "以下同" in tail
    return None, False


def interpret(text: str, maximum: Decimal | None = None, partial: Partial | None = None,
              partial_scope: str = "") -> Interpretation:
    """Read a criterion. `maximum` is the indicator's weight (分值); `partial` a convention stated elsewhere
    in the table (下同) that applies unless the criterion states its own."""
    sk = skeleton(text)
    own, _ = convention(text)
    if own is not None:
        partial, partial_scope = own, "row"
    for pattern in (CONVENTION_CEIL, CONVENTION_FLOOR, CONVENTION_EXACT):
        for m in list(pattern.finditer(sk.text)):
            sk.mask(m.start(), m.end())
    decimals = max((f.decimals for f in sk.figures if f.unit == "分"), default=0)
    base = Interpretation("qualitative", text, partial=partial, partial_scope=partial_scope if partial else "",
                          decimals=decimals)
    floor, ceiling = _limits(sk, maximum)
    base = replace(base, floor=floor, ceiling=ceiling)
    if m := PROPORTIONAL.search(sk.text):
        marker = m["full"] or m["full2"]  # "得分=验收合格率×9分": the points the rate is applied to
        full = sk.fig(marker).value if marker and sk.fig(marker).unit in ("分", None) else maximum
        return replace(base, kind="proportional", full=full, unit="%")
    pending = _slopes(sk)
    events = _events(sk)
    bands, items, exclusive_zero = _statements(sk, maximum)
    unit = next((b.unit for b in bands if b.unit), "") or ("%" if any(p[-1] for p in pending) else "")
    slopes = _resolve(pending, bands, maximum, unit)
    if slopes or bands:
        return replace(base, kind="per_unit" if slopes else "banded", bands=tuple(bands), slopes=tuple(slopes),
                       unit=unit)
    if events:
        full = items[0].points if len(items) == 1 else maximum
        return replace(base, kind="per_event", events=tuple(events), full=full)
    if len(items) >= 2:
        return replace(base, kind="itemised", items=tuple(items), full=maximum)
    if len(items) == 1:
        return replace(base, kind="yes_no", full=items[0].points)
    reason = "无计分规则" if not exclusive_zero else "只说明不得分的情形"
    return replace(base, reason=reason)


def _limits(sk: Skeleton, maximum: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    floor = ceiling = None
    m = FLOOR.search(sk.text)
    if m:
        marker = m["f"] or m["g"]
        floor = sk.fig(marker).value if marker else Decimal(0)
    m = CEILING.search(sk.text)
    if m:
        ceiling = sk.fig(m["c"]).value if m["c"] else maximum
    return floor, ceiling


def _slopes(sk: Skeleton) -> list[tuple[str, Decimal | None, Decimal | None, Decimal, Decimal, str]]:
    """Per-unit phrases, each with the threshold and anchor stated just before it (if any)."""
    out = []
    for m in list(SLOPE.finditer(sk.text)):
        step, rate = sk.fig(m["step"]), sk.fig(m["rate"])
        if rate.unit != "分" or step.unit not in ("%", "个百分点", None) or not step.value:
            continue
        direction = V.slope_directions.kind_of(m["dir"])
        sign = Decimal(1) if m["op"] in ("加", "增加", "多得") else Decimal(-1)
        start = max((b.end() for b in BOUNDARY.finditer(sk.text, 0, m.start())), default=0)
        start = max([start, *(s.end() for s in SLOPE.finditer(sk.text, 0, m.start()))])
        threshold = anchor = None
        for a in ANCHOR.finditer(sk.text, start, m.start()):
            word = a["w"] or a["w2"]
            side = "below" if word in ("低于", "不足", "未达到", "小于", "以下") else "above"
            if side == direction:
                threshold = sk.fig(a["t"] or a["t2"]).value
                anchor = sk.fig(a["a"]).value if a["a"] else None
                sk.mask(a.start(), a.end())
        out.append((direction, threshold, anchor, sign * rate.value, step.value, step.unit or ""))
        sk.mask(m.start(), m.end())
    return out


def _events(sk: Skeleton) -> list[Event]:
    out = []
    for m in list(EVENT.finditer(sk.text)):
        rate = sk.fig(m["rate"])
        if rate.unit != "分":
            continue
        leads = regex.findall(F, m["lead"])
        if leads and (unit := sk.fig(leads[0]).unit) is not None and unit not in V.event_units:
            continue
        what = m["what"].strip("“”各")
        unit = regex.search(rf"(?:{_EVENT_UNIT})$", regex.sub(F, "", m["lead"]))
        out.append(Event(what or (unit[0] if unit else "次"), -rate.value))
        sk.mask(m.start(), m.end())
    return out


def _statements(sk: Skeleton, maximum: Decimal | None) -> tuple[list[Band], list[Item], bool]:
    """Every "得 X 分" with the condition before it: numeric conditions are bands, others items."""
    bands: list[Band] = []
    items: list[Item] = []
    otherwise = False
    last = 0
    for m in POINTS.finditer(sk.text):
        if m["p"]:
            fig = sk.fig(m["p"])
            if fig.unit != "分":
                continue
            points = fig.value
        else:
            points = maximum if m["full"] else Decimal(0)
        start = max([last, *(b.end() for b in BOUNDARY.finditer(sk.text, last, m.start()))])
        piece = sk.text[start:m.start()].strip(",、:")
        last = m.end()
        if points is None:
            continue
        band = _band(sk, piece, points)
        if band is not None:
            bands.append(band)
        elif points == 0 or "否则" in piece:
            otherwise = True
        elif piece:
            items.append(Item(regex.sub(F, lambda x: sk.fig(x[0]).text, piece), points))
    if maximum is not None and len(items) >= 2 and sum(i.points for i in items) > maximum:
        # Alternatives (完全符合得5分；基本符合得3分), not parts that add up: not itemised.
        items = [max(items, key=lambda i: i.points)]
    return bands, items, otherwise


def _band(sk: Skeleton, piece: str, points: Decimal) -> Band | None:
    marks = [(pos, f) for pos, f in sk.markers(piece)
             if f.unit not in NOT_THRESHOLD_UNITS and f.numeral == "arabic" and f.value is not None]
    if not marks:
        return None
    unit = "%" if any(f.unit == "%" for _, f in marks) else (marks[0][1].unit or "")
    if unit not in ("%", ""):
        unit = marks[0][1].unit
    r = RANGE.search(piece)
    if r:
        a, b = sk.fig(r["a"]).value, sk.fig(r["b"]).value
        return Band(points, min(a, b), True, max(a, b), True, unit)
    low = high = None
    low_inc = high_inc = True
    for pos, f in marks:
        end = pos + len(regex.match(F, piece[pos:])[0])
        side = _side(piece[:pos], piece[end:])
        if side is None:
            if len(marks) == 1:
                return Band(points, f.value, True, f.value, True, unit)
            continue
        if side[0] == "low":
            low, low_inc = f.value, side[1]
        else:
            high, high_inc = f.value, side[1]
    if low is None and high is None:
        return None
    return Band(points, low, low_inc, high, high_inc, unit)


def _side(before: str, after: str) -> tuple[str, bool] | None:
    """Which edge a threshold is, from the words around it."""
    before = regex.sub(rf"^.*{F}", "", before)  # only the words since the previous figure
    hit = V.threshold_after_edge.match(after) or V.threshold_before.match(before)
    if hit is None:
        return None
    side, inclusion = hit.kind.split("-")  # "low-inclusive": the value is at least the threshold, inclusive
    return side, inclusion == "inclusive"


def _resolve(pending, bands: list[Band], maximum: Decimal | None, unit: str) -> list[Slope]:
    """Fill in a slope's threshold and anchor from the bands when the phrase does not state them."""
    out = []
    for direction, threshold, anchor, rate, step, slope_unit in pending:
        if threshold is None:
            edges = [b.low for b in bands if b.low is not None] if direction == "below" else \
                    [b.high for b in bands if b.high is not None]
            if edges:
                threshold = min(edges) if direction == "below" else max(edges)
            elif direction == "below" and slope_unit and not bands:
                threshold = Decimal(100)  # "完成率每降低1%扣0.5分": short of full completion
            else:
                continue
        if anchor is None:
            edge = [b.points for b in bands
                    if (b.low if direction == "below" else b.high) == threshold]
            anchor = edge[0] if edge else maximum
        if anchor is None:
            continue
        out.append(Slope(direction, threshold, anchor, rate, step, unit, slope_unit))
    return out
