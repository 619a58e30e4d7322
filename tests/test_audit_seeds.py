"""The three seed reports, in all three formats, against ../shared/seeds/EXPECTED.md (copied as the spec).

Every "must" item except H4 (scoring rules) is an error at the right place, every "should" item is
reported, and no other error-severity finding appears: the consistent figures stay unflagged.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import audit as audit_path

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
# "raw" is the seed text as delivered (a damaged PDF-to-text dump), which the text reader repairs.
FORMATS = ("txt", "docx", "pdf", "raw")


def _audit(name: str, fmt: str):
    path = SEEDS / "raw" / f"{name}.txt" if fmt == "raw" else SEEDS / f"{name}.{fmt}"
    result = audit_path(path)
    assert result.status == "ok", result.error
    return result


def _errors(result):
    return sorted((f.rule, f.stated_text.replace(" ", ""), f.location.table or 0) for f in result.findings
                  if f.severity == "error")


@pytest.mark.parametrize("fmt", FORMATS)
def test_002_must_and_should_items(fmt):
    result = _audit("002", fmt)
    assert _errors(result) == sorted([
        ("GJ101", "21,043,082.56", 2),  # H1, localised to the 待遇支出 cell
        ("GJ306", "96.88%", 6),  # H2
        ("GJ403", "84.70%", 7),  # H3, table 7 D11 业绩值
        ("GJ403", "84.70%", 0),  # H3, prose 13
        ("GJ801", "1.92", 6),  # H4, the C32 score fits neither reading of its criterion
        ("GJ802", "2.08分", 0),  # H4, the prose deduction 5.27 × 0.4 = 2.108
    ])
    by_rule = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f)
    (culprit,) = [f for f in by_rule["GJ101"] if f.severity == "error"]
    assert culprit.expected_value == Decimal("20168845.71")
    consequences = [f for f in by_rule["GJ101"] if f.severity == "info"]
    assert consequences and all(f.consequence_of == culprit.key for f in consequences)
    assert {f.stated_text for f in consequences} == {"29,252,519.43"}
    (h2,) = by_rule["GJ306"]
    assert h2.expected_value == Decimal("96.87") and h2.location.row is not None
    assert [f.stated_text for f in by_rule["GJ404"]] == ["0.26%"]  # H5
    assert any("三" in f.message for f in by_rule["GJ503"])  # H6
    assert sorted(f.stated_text for f in by_rule["GJ504"]) == ["B4", "B41"]  # H7
    # stretch items, reported below error severity
    assert [f.stated_text.replace(" ", "") for f in by_rule["GJ902"]] == ["93,409,520.08元"]  # H10
    assert [f.stated_text for f in by_rule["GJ603"]] == ["三个"]  # H11
    assert [f.stated_text for f in by_rule["GJ901"]] == ["《中华人民共和国预算法实施条例》"]  # H12
    assert all(f.severity == "warning" for code in ("GJ902", "GJ603", "GJ901") for f in by_rule[code])
    assert result.stated_total == result.recomputed_total == Decimal("93.99")


@pytest.mark.parametrize("fmt", FORMATS)
def test_003_must_items(fmt):
    result = _audit("003", fmt)
    assert _errors(result) == sorted([
        ("GJ301", "99.75分", 0),  # Q1
        ("GJ303", "99.75分", 0),  # Q2
        ("GJ304", "24.75分", 0),  # Q3 (against the table's 得分)
        ("GJ305", "24.75分", 0),  # Q3 (above its 分值)
        ("GJ304", "25分", 0),  # Q4
        ("GJ202", "99%", 2),  # Q5
    ])
    q2 = next(f for f in result.findings if f.rule == "GJ303")
    assert q2.expected_value == Decimal("104.75")


@pytest.mark.parametrize("fmt", FORMATS)
def test_004_articles(fmt):
    result = _audit("004", fmt)
    assert _errors(result) == []
    (r1,) = [f for f in result.findings if f.rule == "GJ502"]
    assert r1.stated_text == "第二十一条" and "十八" in r1.message


def test_coverage_is_reported():
    result = _audit("002", "txt")
    assert 0 < result.numbers_checked < result.numbers_found


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["002", "003", "004"])
def test_every_finding_points_at_its_stated_figure(name, fmt):
    """Provenance: the characters at a finding's location are the figure it quotes."""
    result = _audit(name, fmt)
    doc = result.document
    checked = 0
    for f in result.findings:
        loc = f.location
        if not f.stated_text or loc.start is None or loc.block is None:
            continue
        block = doc.blocks[loc.block]
        text = block.grid[loc.row][loc.col].text if loc.row is not None else block.text
        assert text[loc.start:loc.end] == f.stated_text, (f.rule, f.message)
        checked += 1
    for f in result.findings:
        if f.location.row is not None and f.location.start is None and f.stated_text:
            cell = doc.blocks[f.location.block].grid[f.location.row][f.location.col]
            assert f.stated_text in cell.text, (f.rule, f.message)
    assert checked or name == "004"
