"""Configuration files: found upwards from the documents, every key applied, the command line winning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from cli_config import KEYS, config_for, find_config

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
PATTERNS = Path(__file__).resolve().parent.parent / "patterns"
runner = CliRunner()


@pytest.fixture
def bureau(tmp_path) -> Path:
    """A bureau's folder: its configuration at the top, the reports two folders down."""
    reports = tmp_path / "2023" / "医保"
    reports.mkdir(parents=True)
    for name in ("003.txt", "004.txt"):
        shutil.copy(SEEDS / name, reports / name)
    return tmp_path


def rules_of(args: list[str]) -> list[str]:
    result = runner.invoke(app, ["audit", *args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return sorted({f["rule"] for d in json.loads(result.stdout)["documents"] for f in d["findings"]})


def test_found_upwards_gouji_toml_before_pyproject(bureau):
    report = bureau / "2023" / "医保" / "003.txt"
    assert find_config(report) is None
    (bureau / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(report) is None  # a pyproject.toml without [tool.gouji] is passed over
    (bureau / "pyproject.toml").write_text('[tool.gouji]\nselect = ["GJ3"]\n', encoding="utf-8")
    assert find_config(report) == bureau / "pyproject.toml"
    (bureau / "gouji.toml").write_text('select = ["GJ2"]\n', encoding="utf-8")
    assert find_config(report) == bureau / "gouji.toml"
    (bureau / "2023" / "pyproject.toml").write_text('[tool.gouji]\nignore = ["GJ1"]\n', encoding="utf-8")
    assert find_config(report) == bureau / "2023" / "pyproject.toml"  # the nearest one
    assert config_for([report, bureau / "2023" / "医保" / "004.txt"]).ignore == ("GJ1",)


def test_select_ignore_and_extend_select_and_the_command_line_wins(bureau):
    report = str(bureau / "2023" / "医保" / "003.txt")
    assert rules_of([report]) == ["GJ202", "GJ301", "GJ303", "GJ304", "GJ305"]
    (bureau / "gouji.toml").write_text('select = ["GJ3"]\nignore = ["GJ305"]\n', encoding="utf-8")
    assert rules_of([report]) == ["GJ301", "GJ303", "GJ304"]
    assert rules_of([report, "--select", "GJ2"]) == ["GJ202"]  # the command line's select replaces the file's
    assert rules_of([report, "--ignore", "GJ301"]) == ["GJ303", "GJ304", "GJ305"]
    assert rules_of([report, "--extend-select", "GJ202"]) == ["GJ202", "GJ301", "GJ303", "GJ304"]
    (bureau / "gouji.toml").write_text('select = ["GJ3"]\nextend-select = ["GJ2"]\n', encoding="utf-8")
    assert rules_of([report]) == ["GJ202", "GJ301", "GJ303", "GJ304", "GJ305"]


def test_per_file_ignores(bureau):
    folder = bureau / "2023" / "医保"
    (bureau / "gouji.toml").write_text('[per-file-ignores]\n"2023/*/003.txt" = ["GJ30"]\n"004.*" = ["GJ502"]\n',
                                       encoding="utf-8")
    assert rules_of([str(folder / "003.txt")]) == ["GJ202"]
    assert rules_of([str(folder / "004.txt")]) == []
    shutil.copy(SEEDS / "004.txt", bureau / "004-copy.txt")
    assert rules_of([str(bureau / "004-copy.txt")]) == ["GJ502"]  # matches neither pattern


def test_fail_on_lang_and_patterns_in_pyproject(bureau):
    report = str(bureau / "2023" / "医保" / "004.txt")  # one warning (GJ502), no error
    assert runner.invoke(app, ["audit", report]).exit_code == 0
    (bureau / "patterns").mkdir()
    shutil.copy(PATTERNS / "claims.jsonl", bureau / "patterns" / "mine.jsonl")
    (bureau / "pyproject.toml").write_text(
        '[tool.gouji]\nfail-on = "warning"\nlang = "en"\npatterns = ["patterns/mine.jsonl"]\n', encoding="utf-8")
    result = runner.invoke(app, ["audit", report])
    assert result.exit_code == 1 and "warning (1)" in result.stdout and "警告" not in result.stdout
    result = runner.invoke(app, ["audit", report, "--fail-on", "error", "--lang", "zh"])
    assert result.exit_code == 0 and "警告 (1)" in result.stdout
    (bureau / "pyproject.toml").write_text('[tool.gouji]\npatterns = ["patterns/missing.jsonl"]\n', encoding="utf-8")
    result = runner.invoke(app, ["audit", report])
    assert result.exit_code == 2 and "missing.jsonl" in result.stderr  # resolved against the file's folder


def test_unknown_key_and_bad_values_are_errors_that_name_them(bureau):
    report = str(bureau / "2023" / "医保" / "003.txt")
    (bureau / "gouji.toml").write_text('selcet = ["GJ3"]\n', encoding="utf-8")
    result = runner.invoke(app, ["audit", report])
    assert result.exit_code == 2 and "“selcet”" in result.stderr and "select" in result.stderr
    assert all(key in result.stderr for key in KEYS)
    for text, named in (('fail-on = "sometimes"', "fail-on"), ('lang = "fr"', "lang"), ('select = "GJ3"', "select"),
                        ("per-file-ignores = 3", "per-file-ignores"), ("select = [", "TOML")):
        (bureau / "gouji.toml").write_text(text + "\n", encoding="utf-8")
        result = runner.invoke(app, ["audit", report])
        assert result.exit_code == 2 and named in result.stderr, text
    (bureau / "gouji.toml").unlink()
    (bureau / "pyproject.toml").write_text('[tool.gouji]\nlanguage = "en"\n', encoding="utf-8")
    result = runner.invoke(app, ["audit", report])
    assert result.exit_code == 2 and "[tool.gouji]" in result.stderr and "“language”" in result.stderr


def test_explicit_config_and_other_commands(bureau, tmp_path, monkeypatch):
    shared = tmp_path / "shared.toml"
    shared.write_text('lang = "en"\nselect = ["GJ2"]\n', encoding="utf-8")
    report = str(bureau / "2023" / "医保" / "003.txt")
    assert rules_of([report, "--config", str(shared)]) == ["GJ202"]
    assert runner.invoke(app, ["audit", report, "--config", str(tmp_path / "none.toml")]).exit_code == 2
    monkeypatch.chdir(bureau)
    (bureau / "gouji.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert runner.invoke(app, ["rules", "GJ101"]).stdout.startswith("GJ101 total-does-not-foot (error")
    out = bureau / "scan"
    result = runner.invoke(app, ["scan", str(bureau / "2023"), "-o", str(out), "--quiet"])
    assert result.exit_code == 0 and result.stdout.startswith("Scan finished: 2 files")


def test_unknown_rule_codes_in_the_file_are_usage_errors_that_name_it(bureau):
    """Issue 15 met issue 16: a code that names no rule must not run no rule and report "clean", whether it
    came from the command line or from the configuration file (which the message names)."""
    report = str(bureau / "2023" / "医保" / "003.txt")
    (bureau / "gouji.toml").write_text('select = ["GJ999"]\n', encoding="utf-8")
    result = runner.invoke(app, ["audit", report])
    assert result.exit_code == 2 and "gouji.toml" in result.stderr and "GJ999" in result.stderr
    assert runner.invoke(app, ["audit", report, "--select", "GJ3"]).exit_code == 2  # a bad file is bad, as in ruff
    for key in ("ignore", "extend-select"):
        (bureau / "gouji.toml").write_text(f'{key} = ["E501"]\n', encoding="utf-8")
        result = runner.invoke(app, ["audit", report])
        assert result.exit_code == 2 and key in result.stderr and "E501" in result.stderr, key
    (bureau / "gouji.toml").write_text('[per-file-ignores]\n"*.txt" = ["GJ9999"]\n', encoding="utf-8")
    assert runner.invoke(app, ["audit", report]).exit_code == 2
    (bureau / "gouji.toml").write_text('select = ["gj3,GJ202"]\n', encoding="utf-8")  # the command line's forms
    assert rules_of([report]) == ["GJ202", "GJ301", "GJ303", "GJ304", "GJ305"]
    result = runner.invoke(app, ["audit", report, "--extend-select", "GJ99"])
    assert result.exit_code == 2 and "--extend-select GJ99" in result.stderr
