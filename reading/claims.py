"""Turn Matcher matches (and the two regex-shaped statements) into claims.

Each pattern id in the *.jsonl files names a builder here. A builder receives the match and its
sentence and decides which figure plays which part: the total, the maximum, the numerator, …
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import regex
from spacy.tokens import Span
from spacy.util import filter_spans

from extractor.tables import CODE
from model.claims import Claim
from model.document import Document, Location, Paragraph, Table
from model.figure import Figure
from patterns.vocabulary import V
from reading.changes import changes
from reading.comparisons import comparisons
from reading.formulas import find_formulas, find_grade_bands
from reading.nlp import pipeline
from reading.outline import LIST_STYLES, numbering
from reading.rates import RateSeen
from reading.shares import amount_shares
from reading.wholes import link_wholes

_CLAUSE_SEP = "。；;，,：:！？!?\n"
POPULATION_UNITS = frozenset(V.population_units.words)
NUMERATOR_WORDS = tuple(V.operand_words.kind("numerator").words)  # in the order a rate's name is read for its verb


def strip_list_number(text: str) -> str:
    """The text without the list number it opens with ("2.", "（三）", "一、")."""
    t = text.lstrip()
    num = numbering(t)
    return num.title if num is not None and num.style in LIST_STYLES else t


@dataclass
class TextUnit:
    """A piece of text claims are read from: a paragraph, or a table cell holding prose."""

    text: str
    location: Location
    code: str = ""  # the indicator code the surrounding text is about, if known


def find_all(doc: Document, extra_patterns: tuple[Path, ...] = ()) -> list[Claim]:
    pipe = pipeline(tuple(extra_patterns))
    claims: list[Claim] = []
    units = list(text_units(doc))
    for i, unit in enumerate(units):
        sdoc = pipe.nlp(unit.text)
        matches: dict[str, list[Span]] = {}
        for match_id, start, end in pipe.matcher(sdoc):
            matches.setdefault(pipe.nlp.vocab.strings[match_id], []).append(sdoc[start:end])
        found: list[Claim] = []
        for kind, spans in matches.items():
            builder = BUILDERS.get(kind)
            if builder is None:
                continue
            for span in filter_spans(spans):
                claim = builder(span, unit)
                if claim is not None:
                    found.append(replace(claim, pattern=kind))
        found.extend(_regex_claims(unit))
        figures = [t._.figure for t in sdoc if t._.figure is not None]
        found.extend(amount_shares(unit.text, unit.location, figures, unit.code))
        found.extend(changes(unit.text, unit.location, figures, unit.code))
        found.extend(comparisons(unit.text, unit.location, figures))
        found = _drop_shadowed(found)
        found.extend(_shares(found, unit, units[i - 1] if i else None, claims))
        claims.extend(sorted(found, key=lambda c: c.location.start or 0))
    return link_wholes(claims, doc)


def text_units(doc: Document) -> Iterator[TextUnit]:
    code = ""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.kind == "toc":
                continue
            lead = strip_list_number(block.text)
            m = CODE.match(lead)
            if m and len(m["code"]) >= 2:
                code = m["code"]
            elif block.kind == "heading":
                code = ""
            yield TextUnit(block.text, block.location, code)
        elif isinstance(block, Table):
            # Criteria and targets state rules ("每低1个百分点扣1分"), not results: issue-4 territory.
            skip = set(block.columns_with("criterion")) | set(block.columns_with("target"))
            for cell in block.cells():
                if cell.figure is None and cell.figures and cell.row >= block.header_rows and cell.col not in skip:
                    row = block.rows[cell.row] if cell.row < len(block.rows) else None
                    yield TextUnit(cell.text, block.cell_location(cell.row, cell.col), (row.code or "") if row else "")


# --- helpers ------------------------------------------------------------------------------------


def _fig(token) -> Figure:
    return token._.figure


def _figures(span: Span) -> list[Figure]:
    return [t._.figure for t in span if t._.figure is not None]


def _loc(unit: TextUnit, span: Span) -> Location:
    return unit.location.at(span.start_char, span.end_char)


def clause_before(text: str, pos: int) -> str:
    """The words just before `pos`, back to the previous clause separator: the subject of a statement."""
    end = pos
    while end > 0 and text[end - 1] in " \t（(":
        end -= 1
    start = end
    while start > 0 and text[start - 1] not in _CLAUSE_SEP:
        start -= 1
    return strip_list_number(text[start:end]).strip()


def subject_code(subject: str, unit: TextUnit) -> str:
    m = CODE.match(subject)
    return m["code"] if m else ""


LABEL_REACH = 40  # a figure's name is short; looking further back only costs time on run-on text


def _label_before(text: str, fig: Figure, floor: int = 0) -> str:
    """The words naming a figure: from the previous separator or figure up to the figure."""
    start = fig.start
    floor = max(floor, fig.start - LABEL_REACH)
    while start > floor and text[start - 1] not in _CLAUSE_SEP + "（）()、":
        start -= 1
    return text[start:fig.start].strip()


# --- builders -----------------------------------------------------------------------------------


_THRESHOLD_AFTER = regex.compile(rf"\s*(?:[（(]\s*含\s*[)）])?\s*(?:{V.threshold_after.alternation()})")
_RULE_AFTER = regex.compile(rf"\s*(?:的)?(?:{V.rule_after.alternation()})")
# One indicator's words, or an indicator code (C31), before a weak total keyword.
_WHOLE_SCOPE = regex.compile(V.whole_scope.alternation())  # "综合各项指标，评价得分…" is about the whole
_INDICATOR_CONTEXT = regex.compile(rf"{V.indicator_context.alternation()}|(?<![A-Za-z])[A-Z][0-9]{{1,3}}(?![0-9])")


def composite_total(span: Span, unit: TextUnit) -> Claim | None:
    fig = _fig(span[-1])
    before = clause_before(unit.text, span.start_char)
    if "指标" in before or CODE.match(before):
        return None  # "产出指标评价得分 X 分" is a section's score, not the composite total
    if fig.comparator or _THRESHOLD_AFTER.match(unit.text, fig.end):
        return None  # "综合得分90分（含）以上为优秀" states a threshold, not a score
    sentence_before = _WHOLE_SCOPE.sub("", unit.text[span.sent.start_char:span.start_char])
    if span[0].text in V.weak_total_words and _INDICATOR_CONTEXT.search(sentence_before):
        return None  # "该指标分值10分，评价得分8分", "过程指标共20分，经评价，评价得分16.85分": one part's score
    return Claim("composite_total", span.sent.text, _loc(unit, span), {"total": fig}, subject=before)


def grade(span: Span, unit: TextUnit) -> Claim | None:
    word = next((t for t in reversed(span) if V.grades.match(t.text)), None)
    hit = V.grades.match(word.text) if word is not None else None
    if hit is None:
        return None
    end = word.idx + hit.end
    if unit.text[end:end + 1] in ("（", "("):
        return None  # "等级：优（得分≥90分）" defines a band; it does not award a grade
    loc = unit.location.at(word.idx, end)
    return Claim("grade", span.sent.text, loc, label=hit.kind, subject=hit.word)


def score_statement(span: Span, unit: TextUnit) -> Claim | None:
    figs = _figures(span)
    subject = clause_before(unit.text, span.start_char)
    code = subject_code(subject, unit)
    if not code and subject in V.pronouns:
        code = unit.code  # "该指标分值6分，评价得分3分" is about the indicator the paragraph names
    values = {"maximum": figs[0], "score": figs[1]}
    if len(figs) > 2:
        values["rate"] = figs[2]
    return Claim("score_statement", span.sent.text, _loc(unit, span), values, subject=code or subject,
                 label=subject)


def breakdown(span: Span, unit: TextUnit) -> Claim | None:
    items: list[tuple[str, Figure]] = []
    tokens = list(span.doc[span.start + 1:span.sent.end])
    i = 0
    while i < len(tokens) and tokens[i].is_punct:
        i += 1
    while i + 1 < len(tokens):
        name, value = tokens[i], tokens[i + 1]
        if name._.figure is not None or name.is_punct or value._.figure is None or value._.unit != "分":
            break
        items.append((name.text, value._.figure))
        i += 2
        if i < len(tokens) and tokens[i].text in "，、,；;":
            i += 1
        else:
            break
    if len(items) < 2:
        return None
    end = items[-1][1].end
    return Claim("breakdown", span.sent.text, unit.location.at(span.start_char, end), items=tuple(items))


def part_of_whole(span: Span, unit: TextUnit) -> Claim | None:
    """ "回收 512 份，其中 431 份（占比 84.18%）"; "共调查564人，非常满意261人，占46.22%" """
    figs = _figures(span)
    part, rate = figs[0], figs[-1]
    if part.value is None or part.unit is None or part.unit == "%":
        return None
    # The whole is in the sentence, or the paragraph, before the part: a larger count in the same unit,
    # preferably one its words call a total.
    before = [f for f in _paragraph_figures(span, unit) if f.end <= part.start and f.unit == part.unit
              and f.value is not None and f.value >= part.value]
    named = [f for f in before if _label_before(unit.text, f) in V.whole_words]
    if span[0].text == "其中" and before:
        whole = before[-1]
    elif named:
        whole = named[-1]
    else:
        return None
    return Claim("part_of_whole", span.sent.text, _loc(unit, span), {"whole": whole, "part": part, "rate": rate})


def _paragraph_figures(span: Span, unit: TextUnit) -> list[Figure]:
    return [t._.figure for t in span.doc if t._.figure is not None]


def _sentence_figures(span: Span) -> list[Figure]:
    return [t._.figure for t in span.sent if t._.figure is not None]


def share(span: Span, unit: TextUnit) -> Claim | None:
    fig = next(f for f in _figures(span) if f.unit == "%")
    label = span.text.replace(fig.text, "").strip("的为是达到约 ")
    return Claim("share", span.sent.text, _loc(unit, span), {"rate": fig}, label=label)


def ratio(span: Span, unit: TextUnit) -> Claim | None:
    rate = _fig(span[-1])
    name = _label_before(unit.text, rate).rstrip("为是达到约 ")
    if name.endswith("得分率") or not name:
        return None  # 得分率 belongs to the score statement
    operands = [f for f in _sentence_figures(span) if f.end <= rate.start and f.value is not None
                and (f.is_money or f.unit in POPULATION_UNITS)]
    if len(operands) < 2:
        # "验收合格率为 91.98%": a measured rate without its operands, still the indicator's input —
        # unless it is a target or a band ("达到100%及以上得满分", "≥95%得5分")
        if rate.comparator or _THRESHOLD_AFTER.match(unit.text, rate.end) or _RULE_AFTER.match(unit.text, rate.end) \
                or (name + unit.text[max(0, rate.start - 8):rate.start]) in V.target_words:
            return None
        return Claim("rate", span.sent.text, _loc(unit, span), {"rate": rate}, label=name, subject=unit.code)
    items = tuple((_label_before(unit.text, f), f) for f in operands)
    values = {"rate": rate}
    if (resolved := _numerator_denominator(name, items)) is not None:
        values["numerator"], values["denominator"] = resolved
    return Claim("ratio", span.sent.text, _loc(unit, span), values, items=items, label=name, subject=unit.code)


def _operand_kind(label: str) -> str:
    return V.operand_words.kind_of(label) or ""


def _same_family(a: Figure, b: Figure) -> bool:
    return (a.is_money and b.is_money) or (a.unit == b.unit and a.unit in POPULATION_UNITS)


def claimed_rates(claims: list[Claim]) -> Iterator[tuple[Claim, Figure, Decimal]]:
    """Each rate the prose states with its operands, with the exact quotient in percent: a rate with its
    numerator and denominator, a part of a counted whole, a score rate beside its score and weight."""
    for claim in claims:
        v = claim.values
        if claim.kind == "ratio" and "numerator" in v and operand_value(v["denominator"]):
            yield claim, v["rate"], operand_value(v["numerator"]) / operand_value(v["denominator"]) * 100
        elif claim.kind == "part_of_whole" and v["whole"].value:
            yield claim, v["rate"], v["part"].value / v["whole"].value * 100
        elif claim.kind == "score_statement" and "rate" in v and v["maximum"].value and v["score"].value is not None:
            yield claim, v["rate"], v["score"].value / v["maximum"].value * 100


def prose_rates(claims: list[Claim]) -> list[RateSeen]:
    """The prose rates as rounding evidence."""
    return [RateSeen(rate, exact, claim.figure_location(rate)) for claim, rate, exact in claimed_rates(claims)
            if rate.is_percent]


def spans_answer_scale(labels: list[str]) -> bool:
    """Whether the categories of a population's shares are a whole answer scale: at least three, one of
    them approving and one disapproving (满意…一般…不满意), so that their shares must add up to 100%."""
    return len(labels) >= 3 and any(lb in V.survey_negative for lb in labels) and any(
        lb in V.survey_positive and lb not in V.survey_negative for lb in labels)


def operand_value(f: Figure) -> Decimal:
    """An operand of a rate on a common scale: money in 元, counts as they are."""
    return f.in_yuan() if f.is_money else f.value


def _numerator_denominator(name: str, items: tuple[tuple[str, Figure], ...]) -> tuple[Figure, Figure] | None:
    """Which operands of a rate are its numerator and denominator, when their words say so
    (预算/计划/年初 name a denominator, 执行/决算/实际 a numerator)."""
    nums = [(label, f) for label, f in items if _operand_kind(label) == "numerator"]
    dens = [(label, f) for label, f in items if _operand_kind(label) == "denominator"]
    if not nums or not dens:
        return None
    verb = next((w for w in NUMERATOR_WORDS if w in name), "")
    preferred = [p for p in nums if verb and verb in p[0]] or nums
    num = preferred[-1][1]
    den = dens[-1][1] if dens[-1][1].start < num.start else dens[0][1]
    if not _same_family(num, den) or not operand_value(den):
        return None
    return num, den


# What a count counts: an indicator level (三级指标), or up to six characters naming indicators (数量指标).
_COUNTED = regex.compile(rf"{V.indicator_levels.alternation()}|\p{{Han}}{{0,6}}?指标")
# "每低1个百分点扣2分" quotes a rule: 每 (and a direction word) just before the shortfall.
_PER_UNIT_BEFORE = regex.compile(rf"每\s*(?:{V.slope_directions.alternation()})?\s*$")


def count(span: Span, unit: TextUnit) -> Claim | None:
    fig = next(f for f in _figures(span))
    words = "".join(t.text for t in span if t._.figure is None)
    m = _COUNTED.search(words)
    if not m:
        return None
    opener = V.count_openers.match(m[0])
    subject = m[0][opener.end:] if opener else m[0]
    return Claim("count", span.sent.text, _loc(unit, span), {"count": fig}, subject=subject)


def deduction(span: Span, unit: TextUnit) -> Claim | None:
    if _PER_UNIT_BEFORE.search(unit.text[:span.start_char]):
        return None  # "每低1个百分点扣2分" quotes the rule; it is not a deduction the report made
    figs = _figures(span)
    values = {"gap": figs[0], "deduction": figs[1]}
    if len(figs) > 2:
        values["score"] = figs[2]
    # Which side of the threshold the shortfall is on, from the word before it: 高/超 above, 低 below.
    word = unit.text[max(0, figs[0].start - 4):figs[0].start]
    side = "above" if any(w in word for w in ("高", "超")) else "below" if "低" in word else ""
    return Claim("deduction", span.sent.text, _loc(unit, span), values, subject=unit.code, label=side)


_LIST_START = regex.compile(V.list_starts.alternation())


def enumeration(span: Span, unit: TextUnit) -> Claim | None:
    """ "从A、B、C三个方面" — the items named before a count of them."""
    fig = _fig(span[0])
    sentence_start = span.sent.start_char
    before = unit.text[sentence_start:fig.start]
    starts = list(_LIST_START.finditer(before))
    if not starts:
        return None
    listed = before[starts[-1].end():].strip()
    etc = listed.endswith("等")
    items = [i.strip() for i in regex.split(r"[、，,；;]", listed.removesuffix("等")) if i.strip()]
    if not items:
        return None
    return Claim("enumeration", span.sent.text, _loc(unit, span), {"count": fig}, label="、".join(items),
                 subject="等" if etc else "")


def listed_items(claim: Claim) -> tuple[int, int]:
    """How many items an enumeration lists: as separated by 、 and ，, and with a last item that joins two
    with 和/与/及 counted as two."""
    items = claim.label.split("、")
    return len(items), len(items) + (1 if items[-1] in V.conjunctions else 0)


BUILDERS: dict[str, Callable[[Span, TextUnit], Claim | None]] = {
    "composite_total": composite_total, "grade": grade, "score_statement": score_statement,
    "breakdown": breakdown, "part_of_whole": part_of_whole, "share": share, "ratio": ratio,
    "count": count, "deduction": deduction, "enumeration": enumeration,
}


# --- claims that need more than one match -------------------------------------------------------


def _regex_claims(unit: TextUnit) -> list[Claim]:
    out = []
    for f in find_formulas(unit.text):
        out.append(Claim("formula", unit.text, unit.location.at(f.start, f.end), {"result": f.result},
                         items=f.operands, label=f.expression, subject=unit.code))
    bands = find_grade_bands(unit.text)
    if bands:
        out.append(Claim("grade_bands", unit.text, unit.location.at(bands[0].start, bands[-1].end),
                         label=";".join(b.describe() for b in bands), bands=tuple(bands)))
    return out


def _drop_shadowed(claims: list[Claim]) -> list[Claim]:
    """A figure read as one claim's part is not another claim's: a part-of-whole share or a formula
    result is not a second ratio, and a score statement's score is not the composite total."""
    taken = {(c.values["rate"].start) for c in claims if c.kind == "part_of_whole"}
    taken |= {c.values["result"].start for c in claims if c.kind == "formula"}
    scores = {f.start for c in claims if c.kind == "score_statement" for f in c.values.values()}
    return [c for c in claims if not (c.kind in ("ratio", "share", "amount_share", "named_share")
                                      and c.values["rate"].start in taken)
            and not (c.kind == "composite_total" and c.values["total"].start in scores)]


def _shares(found: list[Claim], unit: TextUnit, previous: TextUnit | None, done: list[Claim]) -> list[Claim]:
    """Group the shares of one surveyed population, with the population's size when it is stated."""
    shares = [c for c in found if c.kind == "share"]
    if not shares:
        return []
    for c in shares:
        found.remove(c)
    population = _population(unit.text, shares[0].values["rate"].start)
    population_from_previous = False
    earlier: list[Claim] = []
    if unit.text.lstrip().startswith("其中") and previous is not None:
        earlier = [c for c in done if c.kind == "shares" and c.location.block == previous.location.block
                   and c.location.row == previous.location.row]
        if population is None:
            population = _population(previous.text, len(previous.text))
            population_from_previous = population is not None
    for c in earlier:
        done.remove(c)
    items = tuple(item for c in earlier for item in c.items) + tuple((c.label, c.values["rate"]) for c in shares)
    values = {"population": population} if population is not None else {}
    elsewhere = tuple((f, c.figure_location(f)) for c in earlier for _, f in c.items)
    if population is not None and population_from_previous:
        elsewhere += ((population, previous.location),)
    return [Claim("shares", shares[-1].text, shares[0].location, values, items=items, elsewhere=elsewhere,
                  subject=unit.code)]


def _population(text: str, before: int) -> Figure | None:
    """The surveyed population: a count the words call a total (共/回收/有效…), never just any count,
    since "“非常满意”和“满意”合计435份，满意度达83.33%" names a numerator right before its share."""
    from extractor.numbers import find_figures

    candidates = [f for f in find_figures(text[:before]) if f.unit in POPULATION_UNITS and f.value
                  and _label_before(text, f) in V.whole_words and _label_before(text, f) not in V.part_words]
    return candidates[-1] if candidates else None
