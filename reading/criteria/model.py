"""What a scoring criterion (评分标准) was understood to say, and the scores it gives.

An `Interpretation` is built by `reading.criteria.parse.interpret` from the criterion's text. Numeric
kinds (banded, per-unit, proportional) score a measured value; the others score stated facts (a count
of events, the items met) or only bound the possible scores. Where the text leaves a detail open (how a
partial percentage point counts), every plausible reading is kept and scored, so a check can accept a
stated score that fits any of them.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from patterns.vocabulary import V

Kind = Literal["banded", "per_unit", "proportional", "per_event", "itemised", "yes_no", "qualitative"]
Partial = Literal["exact", "ceil", "floor"]
NUMERIC_KINDS = ("banded", "per_unit", "proportional")
CIRCLED = V.circled_numbers.data["chars"]

PARTIAL_ZH = {"exact": "按实际差值计算（不取整）", "ceil": "按不满1个单位按1个单位算（向上取整）",
              "floor": "按不满1个单位不计（向下取整）"}
PARTIAL_EN = {"exact": "exact difference", "ceil": "a part unit counts as a whole one",
              "floor": "only whole units count"}
KIND_ZH = {"banded": "区间赋分", "per_unit": "按差值扣（加）分", "proportional": "按比例计分",
           "per_event": "按次扣分", "itemised": "分项计分", "yes_no": "是否达标", "qualitative": "定性"}


def num(value: Decimal) -> str:
    """A value as the criterion would print it: 3.60 → 3.6, 5.0 → 5."""
    text = f"{value.normalize():f}"
    return text


@dataclass(frozen=True)
class Band:
    """A score for a value inside [low, high]; a missing edge is open."""

    points: Decimal
    low: Decimal | None = None
    low_inclusive: bool = True
    high: Decimal | None = None
    high_inclusive: bool = True
    unit: str = ""  # "%" when the thresholds are percentages

    def contains(self, x: Decimal) -> bool:
        if self.low is not None and (x < self.low or (x == self.low and not self.low_inclusive)):
            return False
        return not (self.high is not None and (x > self.high or (x == self.high and not self.high_inclusive)))

    def condition(self) -> str:
        u = self.unit
        if self.low is not None and self.high is not None:
            if self.low == self.high:
                return f"x = {num(self.low)}{u}"
            lo = "≤" if self.low_inclusive else "<"
            hi = "≤" if self.high_inclusive else "<"
            return f"{num(self.low)}{u} {lo} x {hi} {num(self.high)}{u}"
        if self.low is not None:
            return f"x {'≥' if self.low_inclusive else '>'} {num(self.low)}{u}"
        if self.high is not None:
            return f"x {'≤' if self.high_inclusive else '<'} {num(self.high)}{u}"
        return "x"

    def describe(self, lang: str = "zh") -> str:
        return f"{self.condition()} → {num(self.points)}"


@dataclass(frozen=True)
class Slope:
    """Points deducted (rate < 0) or added per `step` units beyond a threshold, from an anchor score."""

    direction: Literal["below", "above"]
    threshold: Decimal
    anchor: Decimal
    rate: Decimal
    step: Decimal = Decimal(1)
    unit: str = ""  # of the thresholds: "%"
    step_unit: str = ""  # as printed in the phrase: "个百分点", "%"

    def step_text(self) -> str:
        return f"{num(self.step)}{self.step_unit or '个单位'}"

    def applies(self, x: Decimal) -> bool:
        return x < self.threshold if self.direction == "below" else x > self.threshold

    def gap(self, x: Decimal) -> Decimal:
        return self.threshold - x if self.direction == "below" else x - self.threshold

    def units(self, gap: Decimal, partial: Partial) -> Decimal:
        n = gap / self.step
        if partial == "ceil":
            return n.to_integral_value(rounding=ROUND_CEILING)
        if partial == "floor":
            return n.to_integral_value(rounding=ROUND_FLOOR)
        return n

    def gap_text(self, var: str = "x") -> str:
        t = f"{num(self.threshold)}"
        diff = f"{t} − {var}" if self.direction == "below" else f"{var} − {t}"
        return diff if self.step == 1 else f"({diff}) / {num(self.step)}"

    def formula(self, partial: Partial, lang: str = "zh") -> str:
        op = "−" if self.rate < 0 else "+"
        rate = num(abs(self.rate))
        if partial == "exact":
            return f"{num(self.anchor)} {op} {rate} × ({self.gap_text()})"
        if lang == "zh":
            word = "向上取整" if partial == "ceil" else "向下取整"
            return f"{num(self.anchor)} {op} {rate} ×（{self.gap_text()}）{word}"
        return f"{num(self.anchor)} {op} {rate} × {partial}({self.gap_text()})"

    def describe(self, partial: Partial, lang: str = "zh") -> str:
        cond = f"x {'<' if self.direction == 'below' else '>'} {num(self.threshold)}{self.unit}"
        return f"{cond}：{self.formula(partial, lang)}" if lang == "zh" else f"{cond}: {self.formula(partial, lang)}"


@dataclass(frozen=True)
class Event:
    """Points deducted (rate < 0) or added for each occurrence of something (一次投诉, 一例)."""

    name: str
    rate: Decimal

    def count_name(self, lang: str = "zh") -> str:
        if lang != "zh":
            return f"n({self.name})"
        return f"{self.name}数" if self.name in ("次", "例", "项", "件", "起", "处", "个") else f"{self.name}次数"


@dataclass(frozen=True)
class Item:
    """One item of an itemised criterion (①…得2分) and its points; or, among `deductions`, a condition that
    takes points off (资料不齐全的扣1分), with the points it takes."""

    label: str
    points: Decimal


@dataclass(frozen=True)
class Reading:
    """One way of applying the criterion, with the score it gives."""

    value: Decimal
    how: str  # Chinese: which reading
    how_en: str
    formula: str  # the arithmetic with the input filled in


@dataclass(frozen=True)
class Interpretation:
    kind: Kind
    text: str
    bands: tuple[Band, ...] = ()
    slopes: tuple[Slope, ...] = ()
    events: tuple[Event, ...] = ()
    items: tuple[Item, ...] = ()
    deductions: tuple[Item, ...] = ()  # conditions that take points off, each once (不齐全的扣1分)
    full: Decimal | None = None  # points when met (yes/no, per-event anchor) or the weight (proportional)
    floor: Decimal | None = None  # stated floor (扣完为止 → 0)
    ceiling: Decimal | None = None  # stated ceiling (最高不超过满分)
    partial: Partial | None = None  # how a part unit counts, when the criterion (or its table) says
    partial_scope: str = ""  # "row" or "table" (stated once with 下同)
    unit: str = ""  # unit of the thresholds: "%" or ""
    reason: str = ""  # why the criterion is qualitative
    decimals: int = 0  # the most decimals of a score the criterion prints (3.6 → 1)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def partial_modes(self) -> tuple[Partial, ...]:
        """The readings of a part unit worth computing: the stated convention and the exact one, or
        (nothing stated) the exact difference and whole units only."""
        if self.partial is not None:
            return (self.partial, "exact") if self.partial != "exact" else ("exact",)
        return ("exact", "floor")

    # --- scoring ---------------------------------------------------------------------------------

    def clamp(self, value: Decimal) -> Decimal:
        low = self.floor if self.floor is not None else Decimal(0)
        value = max(value, low)
        if self.ceiling is not None:
            value = min(value, self.ceiling)
        return value

    def score(self, x: Decimal) -> list[Reading]:
        """Every plausible score for the measured value x (in the thresholds' unit); [] if not covered."""
        if self.kind == "proportional":
            return self._proportional(x)
        if self.kind == "banded" and self.items:
            # A condition in words beside the bands (全部完成得3分; 在规定时间内完成的得满分) may hold whatever band
            # the value falls in: only the possible scores are judged.
            return []
        hits = [b for b in self.bands if b.contains(x)]
        if hits:
            return _unique(Reading(b.points, f"按区间 {b.condition()}", f"band {b.condition()}",
                                   f"{b.condition().replace('x', num(x), 1)} → {num(b.points)}") for b in hits)
        out: list[Reading] = []
        modes = sorted(self.partial_modes, key=lambda p: p != "exact")  # the literal reading first
        for slope in (s for s in self.slopes if s.applies(x)):
            gap = slope.gap(x)
            for partial in modes:
                n = slope.units(gap, partial)
                raw = slope.anchor + slope.rate * n
                value = self.clamp(raw)
                op = "−" if slope.rate < 0 else "+"
                formula = f"{num(slope.anchor)} {op} {num(abs(slope.rate))}×{num(n)} = {num(raw)}"
                if value != raw:
                    formula += f" → {num(value)}"
                out.append(Reading(value, *self._how(slope, partial), formula))
        return _unique(out)

    def _how(self, slope: Slope, partial: Partial) -> tuple[str, str]:
        return how(slope, partial)

    def _proportional(self, x: Decimal) -> list[Reading]:
        if self.full is None:
            return []
        raw = self.full * x / 100 if self.unit == "%" else self.full * x
        formula = f"{num(self.full)} × {num(x)}{self.unit} = {num(raw)}"
        capped = min(raw, self.ceiling if self.ceiling is not None else self.full)
        readings = []
        if self.ceiling is None:
            readings.append(Reading(raw, "按分值×完成率", "weight × rate", formula))
        if capped != raw or self.ceiling is not None:
            readings.append(Reading(capped, "按分值×完成率（不超过满分）", "weight × rate, capped at the weight",
                                    formula + (f" → {num(capped)}" if capped != raw else "")))
        return _unique(readings)

    def score_events(self, counts: tuple[Decimal, ...]) -> list[Reading]:
        """The score for stated counts of each event."""
        if self.full is None or len(counts) != len(self.events):
            return []
        raw = self.full + sum((e.rate * k for e, k in zip(self.events, counts, strict=True)), Decimal(0))
        value = self.clamp(raw)
        terms = " ".join(f"{'−' if e.rate < 0 else '+'} {num(abs(e.rate))}×{num(k)}"
                         for e, k in zip(self.events, counts, strict=True))
        return [Reading(value, "按次计分", "per event", f"{num(self.full)} {terms} = {num(value)}")]

    def score_items(self, met: tuple[bool, ...]) -> list[Reading]:
        if len(met) != len(self.items):
            return []
        chosen = [i for i, ok in zip(self.items, met, strict=True) if ok]
        value = sum((i.points for i in chosen), Decimal(0))
        return [Reading(value, "按分项计分", "itemised", " + ".join(num(i.points) for i in chosen) or "0")]

    def possible(self) -> list[Decimal] | None:
        """The scores the criterion can give at all, when it has finitely many (None: any)."""
        if self.kind == "yes_no" and self.full is not None:
            return [self.full, Decimal(0)]
        if self.kind == "itemised":
            return self._itemised_scores()
        if self.kind == "banded" and not self.slopes:
            # Items beside bands are the conditions stated in words (在规定时间内完成的得满分); 0 for a value no
            # band covers (≥95%得5分，80%-95%得3分 says nothing below 80%).
            return sorted({b.points for b in self.bands} | {i.points for i in self.items} | {Decimal(0)})
        if self.kind == "per_event" and self.full is not None and self.events:
            return self._event_scores()
        return None

    def _itemised_scores(self) -> list[Decimal] | None:
        """Every sum of items met, less every sum of deductions that apply, never below the floor (0).

        Items whose points add up to more than the weight are, at least in part, alternatives (健全的得5分，
        基本健全的得3分): the sums kept are those within the weight, which covers both readings. Deductions
        alone take points off the weight. 0 is always possible (nothing met, everything deducted)."""
        if len(self.items) > 10 or len(self.deductions) > 10:
            return None
        base = Decimal(0) if self.items else self.full
        if base is None:
            return None
        gains = {s for s in _subset_sums(self.items) if self.full is None or s <= self.full}
        floor = self.floor if self.floor is not None else Decimal(0)
        values = {max(floor, base + g - loss) for g in gains for loss in _subset_sums(self.deductions)}
        return sorted(values | {floor})

    def _event_scores(self) -> list[Decimal] | None:
        rates = sorted({abs(e.rate) for e in self.events if e.rate < 0})
        if not rates or any(e.rate > 0 for e in self.events):
            return None
        limit = math.ceil(self.full / rates[0])
        if limit > 200:
            return None
        values = {self.clamp(self.full - sum((r * k for r, k in zip(rates, ks, strict=True)), Decimal(0)))
                  for ks in itertools.product(range(limit + 1), repeat=len(rates)) if len(rates) <= 2}
        return sorted(values) if values else None

    # --- description -----------------------------------------------------------------------------

    def describe(self, lang: str = "zh") -> str:
        zh = lang == "zh"
        parts: list[str] = []
        if self.kind == "qualitative":
            return ("定性，不计算" if zh else "qualitative, not computed") + (f"（{self.reason}）" if self.reason and zh
                                                                            else "")
        if self.kind == "proportional":
            parts.append(f"{num(self.full) if self.full is not None else '分值'} × x"
                         if zh else f"{num(self.full) if self.full is not None else 'weight'} × x")
        parts.extend(b.describe(lang) for b in self.bands)
        for s in self.slopes:
            parts.append(s.describe(self.partial_modes[0], lang))
        if self.kind == "per_event" and self.full is not None:
            terms = " ".join(f"{'−' if e.rate < 0 else '+'} {num(abs(e.rate))} × {e.count_name(lang)}"
                             for e in self.events)
            parts.append(f"{num(self.full)} {terms}")
        if self.kind == "itemised" and self.items:
            alternatives = self.full is not None and sum(i.points for i in self.items) > self.full
            parts.append(" + ".join(f"{CIRCLED[n % len(CIRCLED)]}{i.label} {num(i.points)}" if zh
                                    else f"#{n + 1} {num(i.points)}" for n, i in enumerate(self.items))
                         + (("（择一或相加，不超过分值）" if zh else " (alternatives or parts, within the weight)")
                            if alternatives else ("（未达到的分项不得分）" if zh else " (items not met score 0)")))
        if self.kind == "itemised" and self.deductions:
            base = "" if self.items else (f"{num(self.full)} " if self.full is not None else "")
            parts.append(base + " ".join(f"− {num(i.points)}（{i.label}）" if zh else f"− {num(i.points)}"
                                         for i in self.deductions))
        if self.kind == "banded" and self.items:
            parts.extend(f"{i.label} → {num(i.points)}" for i in self.items)
        if self.kind == "yes_no" and self.full is not None:
            parts.append(f"达到得 {num(self.full)} 分，否则 0 分" if zh else f"{num(self.full)} if met, else 0")
        text = "；".join(parts) if zh else "; ".join(parts)
        extras = []
        if self.floor is not None:
            extras.append(f"最低 {num(self.floor)} 分" if zh else f"floor {num(self.floor)}")
        if self.ceiling is not None:
            extras.append(f"最高 {num(self.ceiling)} 分" if zh else f"ceiling {num(self.ceiling)}")
        if self.slopes and len(self.partial_modes) > 1:
            other = self.partial_modes[1]
            extras.append(f"另{PARTIAL_ZH[other]}" if zh else f"also read as {PARTIAL_EN[other]}")
        if extras:
            text += ("，" if zh else ", ") + ("，" if zh else ", ").join(extras)
        return ("理解为：" if zh else "interpreted as: ") + text


def how(slope: Slope, partial: Partial) -> tuple[str, str]:
    """The reading in words, Chinese and English: 按每低1个百分点扣0.4分 / 按不满1个百分点按1个百分点算."""
    step = slope.step_text()
    unit_en = "point" if slope.step_unit in ("%", "个百分点") else "unit"
    side = "below" if slope.direction == "below" else "above"
    if partial == "exact":
        word = "低" if slope.direction == "below" else "超"
        verb = "扣" if slope.rate < 0 else "加"
        return (f"按每{word}{step}{verb}{num(abs(slope.rate))}分",
                f"{num(abs(slope.rate))} per {num(slope.step)} {unit_en} {side}, exact")
    if partial == "ceil":
        return f"按不满{step}按{step}算", f"{num(abs(slope.rate))} per {unit_en} {side}, a part {unit_en} counts as one"
    return f"按不满{step}不计", f"{num(abs(slope.rate))} per {unit_en} {side}, whole {unit_en}s only"


def _subset_sums(items: tuple[Item, ...]) -> set[Decimal]:
    return {sum((i.points for i in combo), Decimal(0))
            for r in range(len(items) + 1) for combo in itertools.combinations(items, r)}


def _unique(readings) -> list[Reading]:
    """Readings with the same value are one reading (the first one's words)."""
    out: list[Reading] = []
    for r in readings:
        if all(r.value != o.value for o in out):
            out.append(r)
    return out
