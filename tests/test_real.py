"""The six real published documents of ../shared/real (skipped where that folder is absent).

../shared/real/README.md lists what an audit of them must say: P1 and P2 on page 21 of the planning
bureau's 2024 部门决算 (two rates only truncation gives), and no other error or warning finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from model.document import Paragraph
from pipeline import audit

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"
PLANNING = REAL / "final_accounts_shanghai_putuo_planning_bureau_2024.pdf"
DOCUMENTS = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
pytestmark = pytest.mark.skipif(len(DOCUMENTS) < 6, reason="../shared/real (the real documents) is absent")

P1 = "一般公共预算财政拨款支出9746.50万元，占本年支出合计的99.86%。"
P2 = "一般公共预算财政拨款支出年初预算为 10210.34 万元，支出决算为 9746.50 万元，完成年初预算的 95.45%。"
KNOWN = {("final_accounts_shanghai_putuo_planning_bureau_2024.pdf", "99.86%"),
         ("final_accounts_shanghai_putuo_planning_bureau_2024.pdf", "95.45%")}


def test_wrapped_prose_of_page_21_is_read_as_whole_sentences():
    paragraphs = [b.text for b in extract(PLANNING).blocks if isinstance(b, Paragraph) and b.location.page == 21]
    assert any(p.startswith(P1) for p in paragraphs), paragraphs
    assert any(p.startswith(P2) for p in paragraphs), paragraphs


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_no_error_or_warning_but_the_known_ones(path: Path):
    result = audit(path)
    assert result.status == "ok"
    alarms = [(f.rule, f.severity, f.location.page, f.stated_text, f.message) for f in result.findings
              if f.severity in ("error", "warning") and (path.name, (f.stated_text or "").replace(" ", "")) not in KNOWN]
    assert alarms == []


def test_p1_and_p2_are_reported_as_truncated_rates():
    findings = [f for f in audit(PLANNING).findings if f.severity in ("error", "warning")]
    by_stated = {(f.stated_text or "").replace(" ", ""): f for f in findings}
    for stated, exact, rounded in (("99.86%", "99.868", "99.87"), ("95.45%", "95.457", "95.46")):
        finding = by_stated.get(stated)
        assert finding is not None, [(f.rule, f.stated_text) for f in findings]
        assert finding.location.page == 21 and finding.rule.startswith("GJ4")
        assert exact in finding.message and f"应为 {rounded}" in finding.message and "截尾" in finding.message
