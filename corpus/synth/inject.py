"""Injected errors and their ground truth.

Model errors change the report's data before rendering (a score that contradicts its criterion, a
score above its weight, a grade against the thresholds, a skipped heading number); everything derived
from the changed value is recomputed, so exactly the intended identity breaks. Surface errors change
one printed figure after rendering (a digit typo, a transposition, a few units of the last digit, a
wrong unit); every other figure keeps its correct value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from corpus.synth.doc import Block, Para, Tab, figures
from corpus.synth.figures import FULLWIDTH, Fig, parse_plain, q
from corpus.synth.model import GRADE_SCHEMES, Report, grade_of
from corpus.synth.render import plain

FAMILIES = {  # family → expected rule family (code prefix)
    "fund_cell": "GJ1",
    "exec_rate_cell": "GJ4",
    "score_rate_cell": "GJ2",
    "prose_score": "GJ3",
    "prose_rate": "GJ4",
    "count_share": "GJ4",
    "formula": "GJ4",
    "grade": "GJ6",
    "score_over_weight": "GJ2",
    "indicator_count": "GJ6",
    "section_skip": "GJ5",
    "criterion_score": "GJ8",
}
# Applied in this order: the grade goes last, so that it is wrong for the final composite score.
MODEL_FAMILIES = ("criterion_score", "score_over_weight", "section_skip", "grade")


@dataclass
class Planned:
    family: str
    key: str  # the figure (or heading) that carries the error
    how: str
    correct: str
    also: tuple[str, ...] = ()  # other figures whose findings are legitimate consequences
    note: str = ""


# --- realistic mistakes on a printed number -------------------------------------------------------


def _digits(text: str) -> tuple[str, bool]:
    wide = text != text.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    return text.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,")), wide


def _restyle(text: str, wide: bool) -> str:
    return text.translate(FULLWIDTH) if wide else text


def typo(rng: random.Random, text: str, integer_only: bool = False) -> tuple[str, str]:
    """One realistic slip on a printed number: transposed digits, a wrong digit, or a few last units off."""
    plain_text, wide = _digits(text)
    positions = [i for i, ch in enumerate(plain_text) if ch.isdigit()]
    if integer_only and "." in plain_text:
        positions = [i for i in positions if i < plain_text.index(".")]
    for _ in range(50):
        how = rng.choice(["transposition", "digit typo", "last digits off"])
        chars = list(plain_text)
        if how == "transposition" and len(positions) >= 2:
            k = rng.randrange(len(positions) - 1)
            a, b = positions[k], positions[k + 1]
            if chars[a] == chars[b] or (a == positions[0] and chars[b] == "0"):
                continue
            chars[a], chars[b] = chars[b], chars[a]
        elif how == "digit typo":
            i = rng.choice(positions[-3:] if not integer_only else positions)
            new = str((int(chars[i]) + rng.choice([1, 2, 3, 7, 8, 9])) % 10)
            if i == positions[0] and new == "0":
                continue
            chars[i] = new
        else:
            if integer_only:
                continue
            step = parse_plain(plain_text).as_tuple().exponent
            value = parse_plain(plain_text) + rng.choice([-1, 1]) * rng.randint(2, 6) * Decimal(1).scaleb(step)
            if value <= 0:
                continue
            out = f"{value:,f}" if "," in plain_text else f"{value:f}"
            return _restyle(out, wide), how
        out = "".join(chars)
        if out != plain_text:
            return _restyle(out, wide), how
    raise RuntimeError(f"no typo for {text}")


def beyond_rounding(fig: Fig, new_text: str) -> bool:
    """The new printed value cannot be the exact value under any rounding at the printed decimals."""
    v = parse_plain(new_text)
    if fig.exact is None:
        return new_text != fig.text
    lo, hi = q(fig.exact, fig.decimals, ROUND_FLOOR), q(fig.exact, fig.decimals, ROUND_CEILING)
    return v < lo or v > hi


def mutate(rng: random.Random, fig: Fig, integer_only: bool = False, min_delta: Decimal = Decimal(0)) -> str:
    for _ in range(100):
        new, how = typo(rng, fig.text, integer_only)
        if beyond_rounding(fig, new) and abs(parse_plain(new) - parse_plain(fig.text)) >= min_delta:
            fig.meta["correct_text"] = fig.text
            fig.text = new
            return how
    raise RuntimeError(f"cannot mutate {fig.key}")


# --- model errors ---------------------------------------------------------------------------------


def plan_model(rng: random.Random, rep: Report, family: str) -> tuple[Planned | None, str | None]:
    """Change the model; return the plan and, for the grade family, the grade to print."""
    inds = rep.indicators()
    if family == "criterion_score":
        options = []
        for ind in inds:
            c = ind.criterion
            if ind.measured is None or c.kind == "qual":
                continue
            right = ind.score
            wrong: list[tuple[Decimal, str]] = []
            if c.kind in ("linear", "ceil") and ind.measured < c.target:
                gap = c.target - ind.measured
                wrong.append((max(Decimal(0), ind.weight - gap.to_integral_value(ROUND_FLOOR) * c.per_point),
                              "deduction for whole percentage points only"))
                wrong.append((max(Decimal(0), q(ind.weight - gap * c.per_point / 2, 2)), "half the deduction"))
                if c.kind == "ceil":
                    wrong.append((q(ind.weight - gap * c.per_point, 2), "deduction not rounded up to whole points"))
            elif c.kind == "ratio" and right < ind.weight:
                wrong.append((right + Decimal("0.1") * rng.choice([-2, -1, 1, 2]), "arithmetic slip"))
            elif c.kind == "bands":
                for _, s in c.bands:
                    if s != right:
                        wrong.append((s, "score of another band"))
            for value, how in wrong:
                value = q(value, 2)
                d = plain(value)[1]  # the wrong score must not be the right one rounded at its printed decimals
                if not (q(right, d, ROUND_FLOOR) <= value <= q(right, d, ROUND_CEILING)) and 0 <= value <= ind.weight:
                    options.append((ind, value, how))
        if not options:
            return None, None
        ind, value, how = rng.choice(options)
        correct = plain(ind.score)[0]
        ind.score = value
        return Planned(family, f"crit:{ind.code}:s", how, correct,
                       also=(f"crit:{ind.code}:d", f"tab:{ind.code}:s", f"att:{ind.code}:s", f"ind:{ind.code}:s")), None
    if family == "score_over_weight":
        options = []
        for lv in rep.levels:
            slack = lv.weight - lv.score
            for ind in lv.indicators():
                if ind.criterion.kind == "qual" and ind.score == ind.weight:
                    for delta in (Decimal("0.5"), Decimal(1), Decimal(2)):
                        if delta <= slack:
                            options.append((ind, delta))
        if not options:
            return None, None
        ind, delta = rng.choice(options)
        correct = plain(ind.weight)[0] + " (at most)"
        ind.score = ind.weight + delta
        return Planned(family, f"tab:{ind.code}:s", "score above weight", correct,
                       also=(f"att:{ind.code}:s", f"ind:{ind.code}:s", f"tab:{ind.code}:r")), None
    if family == "grade":
        names, _ = GRADE_SCHEMES[rep.grade_scheme]
        right = grade_of(rep.composite, rep.grade_scheme)
        i = names.index(right)
        wrong = names[i - 1] if i > 0 and (i == len(names) - 1 or rng.random() < 0.6) else names[i + 1]
        return Planned(family, "grade", "grade against thresholds", right, also=("table:grade",)), wrong
    if family == "section_skip":
        level = rng.choice([1, 2])
        if level == 1:
            rep.skip_heading = (1, -1, rng.randint(2, 5))
            key = f"h1:-1:{rep.skip_heading[2]}"
        else:
            parent = rng.choice([1, 3])
            k = rng.randint(1, 2)
            rep.skip_heading = (2, parent, k)
            key = f"h2:{parent}:{k}"
        return Planned(family, key, "heading number skipped", ""), None
    raise ValueError(family)


# --- surface errors -------------------------------------------------------------------------------


def figure_map(blocks: list[Block]) -> dict[str, Fig]:
    return {f.key: f for f, _, _, _ in figures(blocks)}


def plan_surface(rng: random.Random, rep: Report, blocks: list[Block], family: str,
                 avoid: set[str]) -> Planned | None:
    figs = figure_map(blocks)

    def choose(prefixes: tuple[str, ...], suffix: str = "") -> list[str]:
        return [k for k in figs if k.startswith(prefixes) and k.endswith(suffix) and k not in avoid]

    if family == "fund_cell":
        keys = choose(("fund:",))
        if not keys:
            return None
        key = rng.choice(keys)
        fig = figs[key]
        correct = fig.text
        if rng.random() < 0.15 and rep.unit == "万元":
            fig.meta["correct_text"] = fig.text
            fig.text = f"{fig.exact * 10000:,.2f}" if rep.style.thousands else f"{fig.exact * 10000:.2f}"
            how = "amount in 元 in a 万元 table"
        else:
            how = mutate(rng, fig, integer_only=True)
        return Planned(family, key, how, correct, also=_fund_parents(rep, key))
    if family in ("exec_rate_cell", "score_rate_cell"):
        keys = choose(("budget:",), ":rate") if family == "exec_rate_cell" else choose(("tab:", "sum:"), ":r")
        if not keys:
            return None
        key = rng.choice(keys)
        correct = figs[key].text
        return Planned(family, key, mutate(rng, figs[key]), correct)
    if family == "prose_score":
        keys = [k for k in choose(("composite", "sec:", "bd:", "ind:"), "") if not k.endswith((":w", ":r"))]
        key = rng.choice(keys)
        correct = figs[key].text
        also = ("breakdown",) if key == "composite" else (key[:-1] + "r",) if key.startswith("sec:") else ()
        return Planned(family, key, mutate(rng, figs[key], min_delta=Decimal("0.1")), correct, also=also)
    if family == "prose_rate":
        keys = choose(("rate:",), ":rate")
        key = rng.choice(keys)
        correct = figs[key].text
        return Planned(family, key, mutate(rng, figs[key]), correct)
    if family == "count_share":
        keys = [k for k in choose(("survey:p",)) if figs[k].exact]
        key = rng.choice(keys)
        correct = figs[key].text
        return Planned(family, key, mutate(rng, figs[key]), correct)
    if family == "formula":
        keys = choose(("formula:",))
        key = rng.choice(keys)
        correct = figs[key].text
        return Planned(family, key, mutate(rng, figs[key]), correct)
    if family == "indicator_count":
        key = rng.choice(["counts:n2", "counts:n3"])
        fig = figs[key]
        correct = fig.text
        fig.meta["correct_text"] = fig.text
        fig.text = str(int(fig.text) + rng.choice([-2, -1, 1, 1, 2]))
        return Planned(family, key, "count off", correct)
    raise ValueError(family)


def _fund_parents(rep: Report, key: str) -> tuple[str, ...]:
    """The totals a fund cell takes part in: a finding there is a fair localisation of the error."""
    parts = key.split(":")
    if key == "fund:total":
        return tuple(f"fund:{g}:sub" for g in range(len(rep.fund_groups)))
    g = parts[1]
    if parts[2] == "sub":
        return ("fund:total",)
    out = [f"fund:{g}:sub" if rep.fund_subtotals else "fund:total"]
    if len(parts) == 4:
        out.append(f"fund:{g}:{parts[2]}")
        siblings = rep.fund_groups[int(g)].items[int(parts[2])].parts
        out += [f"fund:{g}:{parts[2]}:{j}" for j in range(len(siblings)) if str(j) != parts[3]]
    else:
        item = rep.fund_groups[int(g)].items[int(parts[2])]
        out += [f"fund:{g}:{parts[2]}:{j}" for j in range(len(item.parts))]
    if rep.fund_subtotals:
        out.append("fund:total")
    return tuple(out)


# --- where a figure is, for the label -------------------------------------------------------------


def locate(blocks: list[Block], key: str) -> dict | None:
    """Table ordinal (1-based), grid row and column; or the paragraph's snippet and text."""
    ordinal = 0
    for b in blocks:
        if isinstance(b, Tab):
            ordinal += 1
            for r, row in enumerate(b.rows):
                for c, cell in enumerate(row):
                    if isinstance(cell, Fig) and cell.key == key:
                        return {"table": ordinal, "row": r, "col": c, "row_label": _row_label(row),
                                "caption": b.caption}
            continue
        if b.key == key and b.kind == "heading":  # a heading itself
            return {"paragraph": b.text, "snippet": b.text}
        if b.key == key:
            return {"paragraph": b.text, "snippet": b.text[:20]}
        before = ""
        for p in b.parts:
            if isinstance(p, Fig) and p.key == key:
                return {"paragraph": b.text, "snippet": (before[-12:] + p.text).strip()}
            before += p.text if isinstance(p, Fig) else p
    return None


def _row_label(row: list) -> str:
    return next((c for c in row if isinstance(c, str) and c.strip() and not c.isdigit()), "")


def stated(blocks: list[Block], key: str) -> str:
    for b in blocks:
        if isinstance(b, Para) and b.key == key and b.kind == "heading":
            return b.parts[0]
    return figure_map(blocks)[key].text
