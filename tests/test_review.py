"""Fingerprints, the baseline and the comparison of two submissions, on the seed reports.

The resubmission used throughout is 003 as a drafter would send it back: one paragraph added near the
top (every block below moves down one) and Q1 fixed (综合评价得分为99.75分 → 99.9分, the score table's
total). Q2–Q5 stay: the breakdown 20 + 24.75 + 25 + 35 still does not add up to the total, 过程 24.75
still exceeds its 分值 and differs from the table, 产出 25 still differs from 24.9, and 99% is still not
24.9 / 25.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import audit as audit_path
from review.baseline import SCHEMA as BASELINE_SCHEMA

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
runner = CliRunner()
Q1 = "综合评价得分为99.75分"


def resubmission(folder: Path) -> Path:
    text = (SEEDS / "003.txt").read_text(encoding="utf-8")
    assert text.count(Q1) == 1 and text.count("按照《青岛市财政局") == 1
    text = text.replace("按照《青岛市财政局", "本报告根据2021年4月的审核意见修订，补充了5项资金的执行说明。\n按照《青岛市财政局")
    second = folder / "003-修订稿.txt"
    second.write_text(text.replace(Q1, "综合评价得分为99.9分"), encoding="utf-8")
    return second


@pytest.fixture(scope="module")
def first():
    return audit_path(SEEDS / "003.txt")


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    return audit_path(resubmission(tmp_path_factory.mktemp("second")))


# --- fingerprints ----------------------------------------------------------------------------------


def test_q1_fixed_leaves_every_other_finding_its_fingerprint(first, second):
    before = {f.fingerprint: f for f in first.findings}
    after = {f.fingerprint: f for f in second.findings}
    assert len(before) == len(first.findings) == 6 and len(after) == len(second.findings) == 5
    gone = [before[fp] for fp in before.keys() - after.keys()]
    assert [(f.rule, f.stated_text) for f in gone] == [("GJ301", "99.75分")]  # Q1, and only Q1
    assert after.keys() < before.keys()  # nothing new: the rest kept their fingerprints
    for fp, f in after.items():
        assert (f.rule, f.location.block) == (before[fp].rule, before[fp].location.block + 1)  # moved down one
    breakdown = next(f for f in second.findings if f.rule == "GJ303")  # Q2 now states the corrected total
    assert breakdown.stated_text == "99.9分" and before[breakdown.fingerprint].stated_text == "99.75分"


def test_fingerprints_are_unique_and_the_same_in_every_format():
    for seed in ("002", "003"):
        per_format = [[f.fingerprint for f in audit_path(SEEDS / f"{seed}.{ext}").findings]
                      for ext in ("txt", "docx", "pdf")]
        assert all(re.fullmatch(r"[0-9a-f]{12}", fp) for fp in per_format[0])
        assert len(set(per_format[0])) == len(per_format[0])
        assert sorted(per_format[0]) == sorted(per_format[1]) == sorted(per_format[2]), seed


def test_every_output_carries_the_fingerprints(tmp_path, first):
    fps = [f.fingerprint for f in first.findings]
    for fmt in ("json", "csv", "md", "html", "text"):
        out = tmp_path / f"003.{fmt}"
        result = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-f", fmt, "-o", str(out)])
        assert result.exit_code == 1, result.output
        text = out.read_text(encoding="utf-8-sig")
        assert all(fp in text for fp in fps), fmt
    data = json.loads((tmp_path / "003.json").read_text(encoding="utf-8"))
    assert [f["fingerprint"] for f in data["documents"][0]["findings"]] == fps


# --- baseline ----------------------------------------------------------------------------------------


def test_baseline_accepts_what_it_recorded(tmp_path):
    baseline = tmp_path / "accepted.json"
    report = SEEDS / "003.txt"
    written = runner.invoke(app, ["audit", str(report), "--baseline", str(baseline), "--write-baseline"])
    assert written.exit_code == 0 and "已将 6 个发现写入基线" in written.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["schema"] == BASELINE_SCHEMA and len(data["documents"][0]["findings"]) == 6
    again = runner.invoke(app, ["audit", str(report), "--baseline", str(baseline), "-f", "json"])
    assert again.exit_code == 0  # every finding accepted: nothing left to fail on
    assert all(f["accepted"] for f in json.loads(again.stdout)["documents"][0]["findings"])
    text = runner.invoke(app, ["audit", str(report), "--baseline", str(baseline)]).stdout
    assert "其中 6 个已在基线中接受" in text and "已接受（基线） (6)" in text and "错误 (" not in text


def test_baseline_on_the_resubmission_reports_only_a_changed_figure_as_new(tmp_path):
    baseline = tmp_path / "accepted.json"
    runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--baseline", str(baseline), "--write-baseline"])
    second = resubmission(tmp_path)
    result = runner.invoke(app, ["audit", str(second), "--baseline", str(baseline), "-f", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    new = [(f["rule"], f["stated_text"]) for f in findings if not f["accepted"]]
    # Q2 was accepted for the figure 99.75分; now that it reads 99.9分 the reviewer must look again.
    assert new == [("GJ303", "99.9分")] and sum(f["accepted"] for f in findings) == 4


def test_baseline_keeps_other_documents_and_refuses_a_foreign_file(tmp_path):
    baseline = tmp_path / "accepted.json"
    for seed in ("003.txt", "004.txt"):
        runner.invoke(app, ["audit", str(SEEDS / seed), "--baseline", str(baseline), "--write-baseline"])
    paths = [d["path"] for d in json.loads(baseline.read_text(encoding="utf-8"))["documents"]]
    assert [Path(p).name for p in paths] == ["003.txt", "004.txt"]
    both = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), str(SEEDS / "004.txt"), "--baseline", str(baseline)])
    assert both.exit_code == 0
    (tmp_path / "other.json").write_text('{"schema": "something/1"}', encoding="utf-8")
    bad = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--baseline", str(tmp_path / "other.json")])
    assert bad.exit_code == 2 and "不是 gouji 基线文件" in bad.stderr
    lone = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--write-baseline"])
    assert lone.exit_code == 2 and "--baseline" in lone.stderr


# --- compare -----------------------------------------------------------------------------------------


def test_compare_shows_q1_fixed_and_the_rest_still_open(tmp_path):
    first_json = tmp_path / "first.json"
    runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-f", "json", "-o", str(first_json)])
    second = resubmission(tmp_path)
    result = runner.invoke(app, ["compare", str(first_json), str(second)])
    assert result.exit_code == 1  # errors are still open
    out = result.stdout
    assert "已修正 1 · 仍未解决 5 · 新发现 0" in out
    fixed = out[out.index("已修正 (1)"):out.index("仍未解决 (5)")]
    still = out[out.index("仍未解决 (5)"):]
    assert "GJ301" in fixed and "99.75分" in fixed and "GJ301" not in still
    assert [r for r in ("GJ303", "GJ304", "GJ305", "GJ202") if r not in still] == []
    assert "99.75分 → 99.9分" in still  # Q2 is open, with its stated total changed

    html = tmp_path / "compare.html"
    result = runner.invoke(app, ["compare", str(first_json), str(second), "-f", "html", "-o", str(html)])
    page = html.read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="finding \w+" data-status="(\w+)" data-fingerprint="(\w+)"', page)
    statuses = {s: sum(1 for t, _ in rows if t == s) for s in ("fixed", "still_open", "new")}
    assert statuses == {"fixed": 1, "still_open": 5, "new": 0}
    assert hashlib.sha256((SEEDS / "003.txt").read_bytes()).hexdigest() in page  # the first submission's hash
    assert hashlib.sha256(second.read_bytes()).hexdigest() in page


def test_compare_of_two_identical_submissions_and_bad_inputs(tmp_path):
    report = SEEDS / "003.docx"
    same = runner.invoke(app, ["compare", str(report), str(SEEDS / "003.pdf"), "--lang", "en"])
    assert "fixed 0 · still open 6 · new 0" in same.stdout  # the same report, as Word and as PDF
    clean = runner.invoke(app, ["compare", str(report), str(report), "--fail-on", "never"])
    assert clean.exit_code == 0
    old = tmp_path / "old.json"
    data = json.loads(runner.invoke(app, ["audit", str(report), "-f", "json"]).stdout)
    for f in data["documents"][0]["findings"]:
        del f["fingerprint"]
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    refused = runner.invoke(app, ["compare", str(old), str(report)])
    assert refused.exit_code == 2 and "没有指纹" in refused.stderr


def test_a_baseline_never_replaces_an_input_nor_an_output_the_baseline(tmp_path):
    """Issue 15's rule for -o and --annotate holds for the file --write-baseline writes, and -o must not
    replace the baseline that is read."""
    report = tmp_path / "003.txt"
    report.write_bytes((SEEDS / "003.txt").read_bytes())
    result = runner.invoke(app, ["audit", str(report), "--baseline", str(report), "--write-baseline"])
    assert result.exit_code == 2 and "不会覆盖原件" in result.stderr
    assert report.read_bytes() == (SEEDS / "003.txt").read_bytes()
    baseline = tmp_path / "accepted.json"
    assert runner.invoke(app, ["audit", str(report), "--baseline", str(baseline), "--write-baseline"]).exit_code == 0
    kept = baseline.read_bytes()
    result = runner.invoke(app, ["audit", str(report), "--baseline", str(baseline), "-o", str(baseline)])
    assert result.exit_code == 2 and baseline.read_bytes() == kept


def test_compare_output_follows_its_extension_and_never_replaces_a_submission(tmp_path):
    first = tmp_path / "first.json"
    runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-f", "json", "-o", str(first)])
    second = resubmission(tmp_path)
    kept = second.read_bytes()
    result = runner.invoke(app, ["compare", str(first), str(second), "-o", str(second)])  # text into a .txt
    assert result.exit_code == 2 and "不会覆盖原件" in result.stderr and second.read_bytes() == kept
    page = tmp_path / "new" / "compare.html"  # no -f: HTML from the extension, into a folder made for it
    assert runner.invoke(app, ["compare", str(first), str(second), "-o", str(page)]).exit_code == 1
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for args in (["-f", "text", "-o", str(tmp_path / "x.html")], ["-o", str(tmp_path / "x.json")]):
        result = runner.invoke(app, ["compare", str(first), str(second), *args])
        assert result.exit_code == 2 and not (tmp_path / "x.html").exists(), args
