"""The numbering rules over the three sample reports in corpus/seeds (see EXPECTED items H6, H7, R1).

Each report must yield exactly the numbering findings listed here and nothing else: the rest of their
headings, articles, contents entries and indicator codes are consistent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks import judge
from checks.registry import Options
from extractor import number_tables
from extractor.text import parse_text
from reading.facts import Facts

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"


def numbering_findings(path: Path) -> list:
    if not path.exists():
        pytest.skip(f"{path} is not in the corpus")
    doc = number_tables(parse_text(path.read_text(encoding="utf-8"), str(path)))
    return judge(Facts(doc), Options(select=("GJ5",)))[0]


@pytest.mark.parametrize("name", ["002.txt", "raw/002.txt"])
def test_002_contents_omit_the_conclusion_and_codes_break_their_parents(name):
    findings = numbering_findings(SEEDS / name)
    got = sorted((f.rule, f.stated_text) for f in findings)
    assert got == [("GJ503", "四、"), ("GJ504", "B4"), ("GJ504", "B41")], [f.message for f in findings]
    assert all(f.severity == "warning" for f in findings)

    toc = next(f for f in findings if f.rule == "GJ503")
    assert "三、综合评价结论" in toc.message  # H6: the 正文 part of the contents goes 一、二、四
    codes = {f.stated_text: f for f in findings if f.rule == "GJ504"}
    assert {f.location.table for f in codes.values()} == {5}  # H7: both in the 过程指标 table
    assert {f.location.col for f in codes.values()} == {2}  # the 三级指标 column
    assert "B41" in codes["B4"].message and "B51" in codes["B41"].message


@pytest.mark.parametrize("name", ["003.txt", "raw/003.txt"])
def test_003_has_no_numbering_findings(name):
    assert [f.message for f in numbering_findings(SEEDS / name)] == []


@pytest.mark.parametrize("name", ["004.txt", "raw/004.txt"])
def test_004_articles_eighteen_to_twenty_are_missing(name):
    findings = numbering_findings(SEEDS / name)
    assert [(f.rule, f.stated_text) for f in findings] == [("GJ502", "第二十一条")], [f.message for f in findings]
    [f] = findings
    assert "第十八条至第二十条" in f.message  # R1; chapters 一 to 六 and the other articles are in order
    assert f.evidence.startswith("第二十一条")
