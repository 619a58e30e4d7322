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


# --- rule codes (issue 15: a typo ran no rule and printed 未发现矛盾) -----------------------------------


def _rules_run(*args: str) -> set[str]:
    result = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-f", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return {f["rule"] for f in json.loads(result.stdout)["documents"][0]["findings"]}


def test_unknown_rule_codes_are_usage_errors_naming_the_valid_ones():
    for args in (["--select", "GJ999"], ["--ignore", "GJ0"], ["--select", "GJ1,XX"], ["--select", "E501"]):
        result = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), *args])
        assert result.exit_code == 2, (args, result.output)
        assert "GJ101" in result.stderr and "未发现矛盾" not in result.output
    both = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--select", "GJ3", "--ignore", "GJ3"])
    assert both.exit_code == 2 and "没有留下任何规则" in both.stderr


def test_rule_codes_are_case_insensitive_and_take_comma_lists():
    assert _rules_run("--select", "gj3") == _rules_run("--select", "GJ3") != set()
    assert _rules_run("--select", "GJ2,GJ3") == _rules_run("--select", "GJ2", "--select", "GJ3")
    assert {r[:3] for r in _rules_run("--select", "GJ2,GJ3")} == {"GJ2", "GJ3"}
    assert not any(r.startswith("GJ3") for r in _rules_run("--ignore", "gj3, gj5"))


def test_scan_checks_rule_codes_too(tmp_path: Path):
    result = runner.invoke(app, ["scan", str(SEEDS / "004.txt"), "-o", str(tmp_path / "out"), "--select", "GJ999"])
    assert result.exit_code == 2 and "GJ999" in result.stderr
    assert not (tmp_path / "out").exists()


# --- outputs never replace inputs (issue 15) --------------------------------------------------------------


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def test_output_naming_an_input_is_refused_also_through_links(tmp_path: Path):
    report = _copy(SEEDS / "003.txt", tmp_path / "report.txt")
    original = report.read_bytes()
    (tmp_path / "hard.txt").hardlink_to(report)
    (tmp_path / "soft.txt").symlink_to(report)
    for target in (report, tmp_path / "hard.txt", tmp_path / "soft.txt", tmp_path / "sub" / ".." / "report.txt"):
        result = runner.invoke(app, ["audit", str(report), "-f", "text", "-o", str(target)])
        assert result.exit_code == 2 and "不会覆盖原件" in result.stderr, (target, result.output)
    assert report.read_bytes() == original


def test_annotate_never_replaces_the_input_nor_changes_its_format(tmp_path: Path):
    draft = _copy(SEEDS / "003.docx", tmp_path / "draft.docx")
    original = draft.read_bytes()
    (tmp_path / "link.docx").hardlink_to(draft)
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n", encoding="utf-8")
    cases = {"draft.docx": "不会覆盖原件", "link.docx": "不会覆盖原件", "README.md": "应为 .docx",
             "out.pdf": "应为 .docx"}
    for name, message in cases.items():
        result = runner.invoke(app, ["audit", str(draft), "--annotate", str(tmp_path / name)])
        assert result.exit_code == 2 and message in result.stderr, (name, result.output)
    assert draft.read_bytes() == original and readme.read_text(encoding="utf-8") == "# notes\n"
    assert not (tmp_path / "out.pdf").exists()
    pdf = _copy(SEEDS / "003.pdf", tmp_path / "r.pdf")
    assert runner.invoke(app, ["audit", str(pdf), "--annotate", str(tmp_path / "r.docx")]).exit_code == 2
    same = runner.invoke(app, ["audit", str(draft), "-o", str(tmp_path / "x.docx"), "--annotate",
                               str(tmp_path / "x.docx")])
    assert same.exit_code == 2


def test_output_format_follows_the_extension(tmp_path: Path):
    html = tmp_path / "out.html"
    assert runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-o", str(html)]).exit_code == 1
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    as_json = tmp_path / "out.json"
    runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-o", str(as_json)])
    assert json.loads(as_json.read_text(encoding="utf-8"))["schema"] == "gouji.audit/1"
    for args in (["-f", "json", "-o", str(tmp_path / "x.html")], ["-o", str(tmp_path / "x.pdf")],
                 ["-f", "text", "-o", str(tmp_path / "x.docx")]):
        result = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), *args])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, (args, result.output)
    assert not list(tmp_path.glob("x.*"))


def test_output_into_a_missing_folder_or_onto_a_folder(tmp_path: Path):
    nested = tmp_path / "新" / "文件夹" / "out.md"
    assert runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-o", str(nested)]).exit_code == 1
    assert nested.read_text(encoding="utf-8").startswith("# ")
    onto = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-o", str(tmp_path)])
    assert onto.exit_code == 2 and "文件夹" in onto.stderr and "Traceback" not in onto.output
    xlsx = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-f", "xlsx"])
    assert xlsx.exit_code == 2 and "-o" in xlsx.stderr


def test_a_failed_write_leaves_the_previous_output_whole(tmp_path: Path, monkeypatch):
    import errno

    import writers.json_out

    out = tmp_path / "out.json"
    out.write_text("previous", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writers.json_out, "dumps", full)
    result = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "-o", str(out)])
    assert result.exit_code == 2 and "磁盘已满" in result.stderr and result.stderr.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


def test_a_document_without_figures_is_not_called_clean(tmp_path: Path):
    plain = tmp_path / "plain.txt"
    plain.write_text("一、概况\n本项目已按计划完成。\n", encoding="utf-8")
    text = runner.invoke(app, ["audit", str(plain)])
    assert text.exit_code == 0 and "未发现矛盾" not in text.stdout and "未核对" in text.stdout
    assert "[no-figures]" in text.stdout
    (doc,) = json.loads(runner.invoke(app, ["audit", str(plain), "-f", "json"]).stdout)["documents"]
    assert (doc["status"], doc["error_code"]) == ("unchecked", "no-figures")
    none_checked = runner.invoke(app, ["audit", str(SEEDS / "003.txt"), "--select", "GJ5", "--lang", "en"])
    assert "nothing checked" in none_checked.stdout and "[nothing-checkable]" in none_checked.stdout


UNCONFIRMED = """某单位2024年项目支出绩效自评报告
表1 绩效指标
三级指标	分值	得分
完成数量	30	28
完成质量	30	30
满意度	30	29.5
总分	100	97.2
"""


def test_explain_and_extract_say_why_a_table_was_not_judged(tmp_path):
    # 30 + 30 + 30 = 90 against 100, and 87.5 against 97.2: both sums break, each on its own, so the
    # reading is not confirmed and nothing is reported from it; --explain and extract say so.
    path = tmp_path / "selfeval.txt"
    path.write_text(UNCONFIRMED, encoding="utf-8")
    audited = runner.invoke(app, ["audit", str(path), "--explain"])
    assert "GJ101" not in audited.output
    assert "表1：" in audited.output and "结构未获本表算术确认，不据此报告" in audited.output
    english = runner.invoke(app, ["audit", str(path), "--explain", "--lang", "en"])
    assert "table 1:" in english.output and "not confirmed" in english.output
    extracted = runner.invoke(app, ["extract", str(path), "--format", "md"])
    assert "## 表格合计关系（读取结构）" in extracted.output and "0 个成立，2 个不成立" in extracted.output
