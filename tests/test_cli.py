from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from checks import load_rules
from cli import app

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
runner = CliRunner()


def test_rules_lists_every_registered_rule():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for code in load_rules():
        assert code in result.output


def test_rules_explains_one_rule_in_ruff_sections():
    result = runner.invoke(app, ["rules", "gj101", "--lang", "en"])
    assert result.exit_code == 0
    for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert section in result.output
    result = runner.invoke(app, ["rules", "gj101"])
    for section in ("它做什么", "为什么这是问题", "示例", "应改为"):
        assert section in result.output


def test_unknown_rule_is_a_usage_error():
    result = runner.invoke(app, ["rules", "GJ999"])
    assert result.exit_code == 2 and "GJ999" in result.output


def test_audit_json_and_exit_codes():
    result = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == "gouji.audit/1"
    (doc,) = data["documents"]
    assert {f["rule"] for f in doc["findings"]} >= {"GJ301", "GJ303", "GJ304", "GJ305", "GJ202"}
    q1 = next(f for f in doc["findings"] if f["rule"] == "GJ301")
    assert q1["stated_value"] == 99.75 and q1["expected_value"] == 99.9
    assert runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--fail-on", "never"]).exit_code == 0
    clean = runner.invoke(app, ["audit", str(SEEDS / "004.txt"), "--fail-on", "error"])
    assert clean.exit_code == 0  # 004 has a numbering warning only


def test_audit_text_output_is_chinese_by_default_and_english_on_request():
    zh = runner.invoke(app, ["audit", str(SEEDS / "003.txt")])
    assert "错误" in zh.stdout and "99.75" in zh.stdout
    en = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--lang", "en"])
    assert "error" in en.stdout.lower() and "The composite score is stated as" in en.stdout


def test_select_and_ignore_rules():
    only = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-f", "json", "--select", "GJ30"])
    rules = {f["rule"] for f in json.loads(only.stdout)["documents"][0]["findings"]}
    assert rules and all(r.startswith("GJ30") for r in rules)
    skip = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-f", "json", "--ignore", "GJ3"])
    assert not any(f["rule"].startswith("GJ3") for f in json.loads(skip.stdout)["documents"][0]["findings"])


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path):
    result = runner.invoke(app, ["audit", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2
    assert "找不到文件" in result.output and "Traceback" not in result.output
    odd = tmp_path / "report.xyz"
    odd.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(odd)])
    assert result.exit_code == 2 and "不支持的文件类型" in result.output


def test_user_patterns_option(tmp_path: Path):
    report = tmp_path / "r.txt"
    report.write_text("本项目考评分数计 88 分。\n评价内容\t分值\t得分\n决策\t100\t90\n合计\t100\t90\n", encoding="utf-8")
    plain = runner.invoke(app, ["audit", str(report), "-f", "json"])
    assert json.loads(plain.stdout)["documents"][0]["findings"] == []
    extra = tmp_path / "mine.jsonl"
    extra.write_text('{"id": "composite_total", "pattern": [{"ORTH": "考评分数"}, {"ORTH": "计", "OP": "?"}, '
                     '{"_": {"unit": "分"}}]}\n', encoding="utf-8")
    custom = runner.invoke(app, ["audit", str(report), "-f", "json", "--patterns", str(extra)])
    assert custom.exit_code == 1
    (finding,) = json.loads(custom.stdout)["documents"][0]["findings"]
    assert finding["rule"] == "GJ301" and finding["stated_value"] == 88


def test_extract_markdown_shows_roles_and_row_kinds():
    result = runner.invoke(app, ["extract", str(SEEDS / "002.txt"), "--format", "md"])
    assert result.exit_code == 0
    assert "[maximum]" in result.stdout and "subtotal" in result.stdout and "21,043,082.56" in result.stdout
