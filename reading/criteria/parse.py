"""Criterion text (评分标准) → `Interpretation`.

Figures are found once by `extractor.numbers.find_figures` and replaced by markers, and the words around
them are NFKC-normalised with spaces removed. The phrase regexes below then run over that skeleton, so
"≥９５％" and "≥ 95%" read alike and no number pattern is written twice. A criterion the phrases do not
cover is qualitative: nothing is guessed. Every phrase read is consumed (masked), and a criterion with a
clause left over that still scores (扣, 得分, 酌情, a figure in points) is not understood as a whole: it is
qualitative too, with that clause as the reason, so that no check judges a score by half a rule.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
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

CONVENTION_CEIL = regex.compile(rf"不(?:满|足|够|到)(?P<a>{F})的?(?:部分)?(?:按|以|算作?|计为?)(?P<b>{F})"
                                 rf"(?:扣分|计算|算|计)?")
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
_ONE = "一(?![般些定致律直旦])"  # a count of one, not 一般/一些/一定
EVENT = regex.compile(
    rf"(?P<lead>每(?:出现|发现|发生|有|少|缺|漏)?(?:{_ONE}|{F})?(?:{_EVENT_UNIT})?"
    rf"|(?:出现|发现|发生|有)?(?:{_ONE}|{F})(?:{_EVENT_UNIT})?|各)"
    rf"(?P<what>[\p{{Han}}“”]{{0,14}}?)(?P<op>扣除?|减)(?P<rate>{F})"
)
_GIVE = V.points_words.kind("points").alternation()
# A statement of what a condition scores: 得5分, 得满分, 不得分, a share of the weight (得分值的80%), or
# points taken off (资料不齐全的扣1分; 延期1个月以内扣1分) when no per-event or per-unit phrase took them.
POINTS = regex.compile(
    rf"(?:{_GIVE}|按)(?:该项|本项|本指标)?{WEIGHT}(?:的|[×xX*·])(?P<share>{F})(?:计分|计|得分|赋分)?"
    rf"|(?:{_GIVE})(?P<p>{F})"
    rf"|(?P<full>{V.points_words.kind('full').alternation()})|(?P<zero>{V.points_words.kind('zero').alternation()})"
    rf"|(?:扣除|扣减|扣|减)(?P<d>{F})"
)
BOUNDARY = regex.compile(rf"[;。{CIRCLED}{MASK}]")
CLAUSE = regex.compile(rf"[;。,、:{CIRCLED}{MASK}]+")
FORMULA_HEAD = regex.compile(r"(?:(?:得分|分数|评分|计分)(?:=|为)|按)$")  # 得分=…, 按…×6分计算得分
FORMULA_TAIL = regex.compile(r"(?:计算|折算)?(?:得分|计分|分数)")

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
        head = FORMULA_HEAD.search(sk.text, 0, m.start())
        tail = FORMULA_TAIL.match(sk.text, m.end())
        sk.mask(head.start() if head else m.start(), tail.end() if tail else m.end())
        _statements(sk, maximum)  # "完成率100%及以上得满分" agrees with the capped reading: read, not used
        if unread := _unread(sk, maximum):
            return _not_understood(base, unread)
        return replace(base, kind="proportional", full=full, unit="%")
    pending = _slopes(sk)
    events = _events(sk)
    read = _statements(sk, maximum)
    unread = read.unread + _unread(sk, maximum)
    if own is not None and not pending and not events:
        unread.append("按比例或按实际计分的约定")  # 按比例扣分 with no per-unit or per-event rule to apply to
    bands, items, deductions = read.bands, read.items, read.deductions
    unit = next((b.unit for b in bands if b.unit), "") or ("%" if any(p[-1] for p in pending) else "")
    slopes = _resolve(pending, bands, maximum, unit)
    if len(slopes) < len(pending):
        unread.append("每…扣（加）分的起点")  # a per-unit phrase whose threshold nothing states
    unread += _unmodelled(maximum, slopes or bands, events, items, deductions)
    if unread:
        return _not_understood(base, unread)
    if slopes or bands:
        return replace(base, kind="per_unit" if slopes else "banded", bands=tuple(bands), slopes=tuple(slopes),
                       items=tuple(items), unit=unit)
    if events:
        full = items[0].points if len(items) == 1 else maximum
        return replace(base, kind="per_event", events=tuple(events), full=full)
    if len(items) == 1 and not deductions:
        return replace(base, kind="yes_no", full=items[0].points)
    if items or deductions:
        return replace(base, kind="itemised", items=tuple(items), deductions=tuple(deductions), full=maximum)
    reason = "无计分规则" if not read.otherwise else "只说明不得分的情形"
    return replace(base, reason=reason)


def _not_understood(base: Interpretation, unread: list[str]) -> Interpretation:
    """A criterion with a way of scoring the phrases did not read: its scores are not judged at all."""
    return replace(base, reason="未能解释的计分条款：" + "；".join(dict.fromkeys(unread)))


def _unmodelled(maximum: Decimal | None, numeric, events: list[Event], items: list[Item],
                deductions: list[Item]) -> list[str]:
    """Ways of scoring read side by side that no kind combines: each is read right, the sum is not."""
    out = []
    if numeric and (events or deductions):
        out.append("区间或差值计分与扣分条款并用")
    if numeric and any(i.points not in (maximum, 0) for i in items):
        out.append("区间计分与分项计分并用")  # only "在规定时间内完成的得满分" beside bands is understood
    if events and (len(items) > 1 or deductions):
        out.append("按次扣分与分项计分并用")
    if maximum is not None and any(i.points > maximum for i in items):
        out.append("分项得分超过分值")
    return out


def _unread(sk: Skeleton, maximum: Decimal | None) -> list[str]:
    """The clauses left with a scoring word or a figure in points once every phrase read has been consumed
    (a figure equal to the weight is the weight's own note: 本项满分5分)."""
    text = sk.text
    for pattern in (FLOOR, CEILING):  # 扣完为止, 最高不超过满分: read by _limits
        text = pattern.sub(lambda m: MASK * len(m[0]), text)
    out = []
    for clause in CLAUSE.split(text):
        points = [f for _, f in sk.markers(clause) if f.unit == "分" and f.value != maximum]
        words = regex.sub(rf"{F}|{V.score_method_words.alternation()}", "", clause)
        if points or V.score_clause_words.match(words):
            out.append(regex.sub(F, lambda x: sk.fig(x[0]).text, clause))
    return out


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
        if V.threshold_unit_tails.match(m["what"]) or V.threshold_after_edge.match(m["what"]):
            continue  # "延期1个月以内扣1分": a duration band, not one event
        what = m["what"].strip("“”各")
        unit = regex.search(rf"(?:{_EVENT_UNIT})$", regex.sub(F, "", m["lead"]))
        out.append(Event(what or (unit[0] if unit else "次"), -rate.value))
        sk.mask(m.start(), m.end())
    return out


@dataclass
class Statements:
    bands: list[Band] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    deductions: list[Item] = field(default_factory=list)  # conditions that take points off the weight
    otherwise: bool = False  # a condition that scores nothing (否则不得分)
    unread: list[str] = field(default_factory=list)  # statements read but not scorable (扣2分 without a weight)


def _statements(sk: Skeleton, maximum: Decimal | None) -> Statements:
    """Every "得 X 分" / "扣 X 分" with the condition before it: numeric conditions are bands, others items
    (or deductions). Each statement is consumed, so a clause no phrase read is left for `_unread`."""
    out = Statements()
    last = 0
    for m in list(POINTS.finditer(sk.text)):
        marker = m["p"] or m["d"] or m["share"]
        fig = sk.fig(marker) if marker else None
        if fig is not None and fig.unit != ("%" if m["share"] else "分"):
            continue
        start = max([last, *(b.end() for b in BOUNDARY.finditer(sk.text, last, m.start()))])
        piece = sk.text[start:m.start()].strip(",、:")
        last = m.end()
        sk.mask(m.start(), m.end())
        label = regex.sub(F, lambda x: sk.fig(x[0]).text, piece)
        # "每延迟1天扣0.5分" that no per-unit phrase read is a rate, not a condition; 得满分 with no weight
        # says no number of points.
        if "每" in piece or ((m["full"] or m["share"] or m["d"]) and maximum is None):
            out.unread.append(label + regex.sub(F, lambda x: sk.fig(x[0]).text, m[0]))
            continue
        if m["d"]:
            band = _band(sk, piece, maximum - fig.value)
            if band is not None:
                out.bands.append(band)
            else:
                out.deductions.append(Item(label, fig.value))
            continue
        points = (fig.value if m["p"] else maximum * fig.value / 100 if m["share"]
                  else maximum if m["full"] else Decimal(0))
        band = _band(sk, piece, points)
        if band is not None:
            out.bands.append(band)
        elif points == 0:
            out.otherwise = True
        elif piece:
            items_label = label.removeprefix("否则").strip(",、") or label
            out.items.append(Item(items_label, points))
    return out


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
    if tail := V.threshold_unit_tails.match(after):  # "1个月以内": the figure reads "1个", then 月
        after = after[tail.end:]
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
            open_band = _open_towards(bands, direction)
            if edges:
                threshold = min(edges) if direction == "below" else max(edges)
            elif open_band is not None:
                # "100%及以上得4分…每高1个百分点加0.5分": the band is the slope's anchor at its edge only.
                threshold = open_band.low if direction == "above" else open_band.high
                bands[bands.index(open_band)] = replace(open_band, low=threshold, high=threshold,
                                                        low_inclusive=True, high_inclusive=True)
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


def _open_towards(bands: list[Band], direction: str) -> Band | None:
    """The one band open on the side a slope counts towards (x ≥ 100% when it adds per point above)."""
    if direction == "above":
        hits = [b for b in bands if b.high is None and b.low is not None]
    else:
        hits = [b for b in bands if b.low is None and b.high is not None]
    return hits[0] if len(hits) == 1 else None
