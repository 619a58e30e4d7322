"""Issue 4 on the 002 seed: every criterion of the attached 评分表 read, H4 found, the consistent scores kept."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checks.scoring import explain, judge, readings_of
from extractor import extract
from pipeline import audit as audit_path
from reading.facts import Facts

SEED = Path(__file__).resolve().parents[2] / "corpus" / "seeds" / "002"
KINDS = {
    "A11": "yes_no", "A21": "itemised", "B11": "itemised", "B21": "itemised", "B31": "per_event",
    "B4": "per_event", "B41": "per_event", "C11": "per_unit", "C21": "per_unit", "C22": "per_unit",
    "C31": "per_unit", "C32": "per_unit", "C41": "yes_no", "C51": "per_event", "D11": "qualitative",
    "D21": "yes_no", "D31": "banded",
}


@pytest.fixture(scope="module", params=("txt", "docx", "pdf"))
def seed(request):
    return Facts(extract(SEED.with_suffix(f".{request.param}")))


def test_every_criterion_is_matched_and_read(seed):
    indicators = seed.indicators
    assert {i.code: i.interpretation.kind for i in indicators} == KINDS


@pytest.mark.parametrize(("code", "measured", "score"), [
    ("C11", "100.34", "5"), ("C21", "80.9", "5"), ("C22", "100.35", "5"), ("C31", "96.88", "3.6"),
    ("D31", "84.67", "3"),
])
def test_consistent_bands_agree(seed, code, measured, score):
    (ind,) = [i for i in seed.indicators if i.code == code]
    assert ind.measured[0].figure.value == Decimal(measured)
    assert {v.status for v in judge(ind)} == {"agrees"}
    assert all(r.value == Decimal(score) for _, r in readings_of(ind))


def test_c31_prose_rate_is_a_second_input(seed):
    (ind,) = [i for i in seed.indicators if i.code == "C31"]
    assert [c.figure.text for c in ind.measured] == ["96.88%", "96.87%"]


def test_c51_complaints_not_stated_is_not_computed(seed):
    (ind,) = [i for i in seed.indicators if i.code == "C51"]
    assert [e.name for e in ind.interpretation.events] == ["投诉"]
    assert {v.status for v in judge(ind)} == {"possible"}


@pytest.mark.parametrize("fmt", ("txt", "docx", "pdf"))
def test_h4_messages_show_both_readings(fmt):
    result = audit_path(SEED.with_suffix(f".{fmt}"))
    (score,) = [f for f in result.findings if f.rule == "GJ801" and f.severity == "error"]
    assert "4 − 0.4×5.27 = 1.892 → 1.89" in score.message and "4 − 0.4×6 = 1.6" in score.message
    assert "按不满1个百分点按1个百分点算" in score.message and score.expected_value == Decimal("1.89")
    (deduction,) = [f for f in result.findings if f.rule == "GJ802"]
    assert "0.4×5.27 = 2.108 → 2.11" in deduction.message and "0.4×6 = 2.4" in deduction.message
    assert not [f for f in result.findings if f.rule.startswith("GJ80") and f.severity != "error"
                and f.rule != "GJ803"]
    (coverage,) = [f for f in result.findings if f.rule == "GJ803"]
    assert "17" in coverage.message and "D11" in coverage.message


def test_explain_lists_each_indicator(seed):
    rows = {e.label.split()[0]: e for e in explain(seed)}
    assert set(rows) == set(KINDS)
    assert rows["C32"].status == "contradicts" and rows["C32"].stated == "1.92"
    assert "向上取整" in rows["C32"].interpretation and "ceil" in rows["C32"].interpretation_en
    assert rows["D11"].status == "qualitative"
    assert sum(e.status != "qualitative" for e in rows.values()) == 16


def test_explain_command(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    result = CliRunner().invoke(app, ["audit", str(SEED.with_suffix(".txt")), "--select", "GJ8", "--explain"])
    assert "评分标准 17 条，已解释 16 条，定性 1 条" in result.output
    assert "重算得分" in result.output and "不符" in result.output
