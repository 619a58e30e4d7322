"""The synthetic corpus generator: deterministic, clean reports consistent, injected errors real."""

from __future__ import annotations

import json
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path

import pytest

from corpus.synth.doc import Tab, figures
from corpus.synth.figures import parse_plain, pct, q
from corpus.synth.generate import families_for, make
from corpus.synth.inject import FAMILIES
from corpus.synth.model import grade_of
from corpus.synth.render import plain, render
from corpus.synth.sample import sample_report

DATA = Path(__file__).resolve().parent.parent / "corpus" / "synth" / "data"
SEEDS = range(3000, 3012)


def test_same_seed_same_text():
    assert make(4242)[0] == make(4242)[0]
    assert make(4243, families_for(1, 3))[:2] == make(4243, families_for(1, 3))[:2]
    assert make(4242)[0] != make(4243)[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_clean_model_is_consistent(seed):
    rep = sample_report(seed)
    assert sum(lv.weight for lv in rep.levels) == 100
    assert 3 <= len(rep.levels) <= 4 and 8 <= len(rep.level2s()) <= 16 and 10 <= len(rep.indicators()) <= 20
    for ind in rep.indicators():
        assert ind.code.startswith(ind.code[0]) and len(ind.code) == 3
        assert 0 <= ind.score <= ind.weight
        assert ind.score == ind.criterion.score(ind.weight, ind.measured)
    for group, line in zip(rep.fund_groups, rep.budget_lines, strict=False):
        assert line.actual == sum(i.amount for i in group.items)
        for item in group.items:
            assert not item.parts or item.amount == sum(p.amount for p in item.parts)
    assert sum(n for _, n in rep.survey.counts) == rep.survey.returned
    assert grade_of(Decimal(90), 0) == "优" and grade_of(Decimal("89.99"), 0) == "良"


@pytest.mark.parametrize("seed", SEEDS)
def test_clean_rendering_recomputes(seed):
    """Every printed figure is its exact value rounded half-up; table sums and rates recomputed from print."""
    rep = sample_report(seed)
    blocks = render(rep)
    for fig, _, _, _ in figures(blocks):
        if fig.exact is not None:
            assert fig.printed_value() == q(fig.exact, fig.decimals), fig.key
    tabs = {t.key: t for t in blocks if isinstance(t, Tab)}
    budget = tabs["budget"]
    for row in budget.rows[1:]:
        b, a, r = (parse_plain(c.text) for c in row[-3:])
        assert r == q(pct(a, b), row[-1].decimals)
    fund = tabs["fund"]
    total = sum(parse_plain(row[2].text) for row, k in zip(fund.rows, fund.row_keys, strict=False)
                if k.count(":") == 2 and not k.endswith(("sub", "total")))
    assert total == parse_plain(fund.rows[-1][2].text)
    sheet = tabs["sheet"]
    assert sum(parse_plain(row[-1].text) for row in sheet.rows[1:-1]) == parse_plain(sheet.rows[-1][-1].text)


@pytest.mark.parametrize("index", range(12))
def test_injected_errors_break_an_identity(index):
    text, label, rep = make(5000 + index, families_for(index, 3))
    assert label["errors"], "no error could be injected"
    for err in label["errors"]:
        assert err["rule_family"] == FAMILIES[err["family"]]
        fam = err["family"]
        if "exact" in err:  # a printed figure: outside every rounding of its exact value
            exact, d = Decimal(err["exact"]), err["decimals"]
            value = parse_plain(err["stated"])
            assert value < q(exact, d, ROUND_FLOOR) or value > q(exact, d, ROUND_CEILING), err
            if fam == "fund_cell":
                assert abs(value - exact) >= 1
        elif fam == "criterion_score":
            broken = [i for i in rep.indicators() if i.score != i.rule_score()]
            assert len(broken) == 1
            wrong, right = broken[0].score, broken[0].rule_score()
            d = plain(wrong)[1]
            assert not q(right, d, ROUND_FLOOR) <= wrong <= q(right, d, ROUND_CEILING)
        elif fam == "score_over_weight":
            assert [i for i in rep.indicators() if i.score > i.weight]
        elif fam == "grade":
            assert err["stated"] != grade_of(rep.composite, rep.grade_scheme) == err["correct"]
        elif fam == "section_skip":
            assert err["stated"] != err["correct"] and err["where"]["snippet"] in text
        else:
            pytest.fail(f"unchecked family {fam}")
        assert err["where"]


def _audit(name: str):
    from pipeline import audit as audit_path

    return audit_path(DATA / f"{name}.txt")


def test_committed_clean_reports_have_no_error_finding():
    for name in ("clean-000", "clean-001"):
        result = _audit(name)
        assert result.status == "ok"
        assert [f for f in result.findings if f.severity == "error"] == []


def test_committed_error_reports_flag_the_injected_error():
    for name, family in (("error-000", "fund_cell"), ("error-002", "score_over_weight")):
        label = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
        err = next(e for e in label["errors"] if e["family"] == family)
        result = _audit(name)
        stated = Decimal(parse_plain(err["stated"]))
        assert any(f.rule.startswith(err["rule_family"]) and f.stated_value is not None
                   and (f.stated_value == stated or f.location.table == err["where"].get("table"))
                   for f in result.findings), (err, result.findings)


# --- the held-out surface (--style holdout) -------------------------------------------------------


def test_holdout_same_seed_same_text():
    assert make(4242, style="holdout")[0] == make(4242, style="holdout")[0]
    assert make(4243, families_for(1, 3), "holdout")[:2] == make(4243, families_for(1, 3), "holdout")[:2]
    assert make(4242, style="holdout")[0] != make(4242)[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_holdout_clean_rendering_recomputes(seed):
    """Same model as the default style; every figure its exact value rounded; tables add up from print."""
    from corpus.synth.render_holdout import render_holdout

    rep = sample_report(seed)
    blocks = render_holdout(rep)
    for fig, _, _, _ in figures(blocks):
        if fig.exact is not None:
            assert fig.printed_value() == q(fig.exact, fig.decimals), fig.key
    tabs = {t.key: t for t in blocks if isinstance(t, Tab)}
    rows = dict(zip(tabs["budget"].row_keys, tabs["budget"].rows, strict=True))
    for key, row in rows.items():
        if key != "header":
            b, a, r = (parse_plain(c.text) for c in row[-3:])
            assert r == q(pct(a, b), row[-1].decimals)
    fund = dict(zip(tabs["fund"].row_keys, tabs["fund"].rows, strict=True))
    total = sum(parse_plain(row[2].text) for k, row in fund.items()
                if k.count(":") == 2 and not k.endswith(("sub", "total")))
    assert total == parse_plain(fund["fund:total"][2].text)
    sheet = tabs["sheet"]
    assert sum(parse_plain(row[-1].text) for row in sheet.rows[1:-1]) == parse_plain(sheet.rows[-1][-1].text)
    assert sum(lv.score for lv in rep.levels) == parse_plain(sheet.rows[-1][-1].text)


@pytest.mark.parametrize("index", range(12))
def test_holdout_injected_errors_are_labelled(index):
    text, label, _ = make(5000 + index, families_for(index, 3), "holdout")
    assert label["errors"] and label["surface"] == "holdout"
    for err in label["errors"]:
        assert err["rule_family"] == FAMILIES[err["family"]] and err["where"]
        if "exact" in err:
            exact, d = Decimal(err["exact"]), err["decimals"]
            value = parse_plain(err["stated"])
            assert value < q(exact, d, ROUND_FLOOR) or value > q(exact, d, ROUND_CEILING), err
        if "snippet" in err["where"]:
            assert err["where"]["snippet"] in text
