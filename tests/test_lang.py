"""--lang decides the language of everything a reviewer reads, whatever the system locale says.

With --lang zh (the default) no header, status, severity, summary, rule document or help text is in
English; with --lang en none is in Chinese. What is neither stays as it is in both: rule codes,
fingerprints, file names and formats, option names, and text quoted from the document.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from checks import load_rules
from cli import app
from cli_help import HELP_ZH

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3001-\u3011]")
# Latin text a Chinese output may hold: codes, fingerprints, names of files, formats and options,
# the program's name, and acronyms a Chinese reader uses as they are.
ALLOWED_LATIN = re.compile(
    r"GJ\d+|\b[0-9a-f]{12}\b|[\w.-]*\.(?:pdf|docx|txt|md|json|jsonl|csv|xlsx|xls|html|parquet|toml)\b|--?[a-z][a-z-]*"
    r"|<[^>\n]*\|[^>\n]*>|\[[a-z-]+\]|\b(?:gouji|docx|pdf|text|SHA-256|PDF|Dask|tcp|zip|MB|CPU|OCR|TOML|zh|en"
    r"|error|warning|info|never|local|dask|json|csv|xlsx|md|html|results|documents|findings|tool|pyproject"
    r"|GRIM|audit|scan|rules|compare|extract|Excel|Word|SUM|F9)\b|//[\d.:]+")


def english(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", ALLOWED_LATIN.sub(" ", text))


def chinese(text: str) -> list[str]:
    return CJK.findall(text.replace("勾稽", ""))  # the program's own name


@pytest.fixture(params=["zh", "en"])
def lang(request, monkeypatch):
    """Each language under the other language's locale: --lang, not the environment, decides."""
    locale = "en_US.UTF-8" if request.param == "zh" else "zh_CN.UTF-8"
    for var in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.setenv(var, locale)
    return request.param


def foreign(lang: str, text: str) -> list[str]:
    """What in `text` is in the other language."""
    return english(text) if lang == "zh" else chinese(text)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "broken.pdf").write_bytes(b"not a pdf")  # a document that cannot be read: its status shows
    return [str(SEEDS / "002.docx"), str(SEEDS / "003.txt"), str(folder / "broken.pdf")]


def audit(inputs: list[str], lang: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["audit", *inputs, "--lang", lang, *args])
    assert result.exit_code == 2, result.output  # the broken file
    return result.stdout


class Visible(HTMLParser):
    """The HTML report's own words: headings, table headers, labels, options, statistics."""

    TAGS = frozenset({"title", "h1", "h3", "th", "label", "option", "dt"})

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "meta", "input"):
            self.stack.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        in_document = any(tag == "table" and not cls for tag, cls in self.stack)  # a table of the document itself
        if self.stack and not in_document and (self.stack[-1][0] in self.TAGS
                                               or self.stack[-1][1].split()[:1] in (["stat"], ["sev"])):
            self.words.append(data)


def test_audit_outputs(lang, inputs, tmp_path):
    # terminal: table titles and headers, the summary line, the status of the broken file
    text = audit(inputs, lang)
    vocabulary = [line for line in text.splitlines() if re.match(r"\s*#\s", line) or re.match(r"^\S+ \(\d+\)", line)]
    vocabulary += [re.sub(r"^\S+\s+", "", line) for line in text.splitlines() if " · " in line]  # the summary lines
    vocabulary += [line for line in text.splitlines() if "broken.pdf" not in line and "[corrupt-pdf]" in line]
    assert len(vocabulary) >= 8
    assert foreign(lang, "\n".join(vocabulary)) == []

    # CSV: headers and severities
    csv = tmp_path / "a.csv"
    audit(inputs, lang, "-f", "csv", "-o", str(csv))
    table = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    severity = table.columns[5]
    assert foreign(lang, " ".join(table.columns)) == [] and foreign(lang, " ".join(table[severity])) == []

    # XLSX: sheet names, headers, severities and statuses
    xlsx = tmp_path / "a.xlsx"
    audit(inputs, lang, "-f", "xlsx", "-o", str(xlsx))
    wb = openpyxl.load_workbook(xlsx)
    words = list(wb.sheetnames)
    for ws in wb.worksheets[:2]:
        headers = [c.value for c in ws[1]]
        words += headers
        for key in ("级别", "状态", "Severity", "Status"):
            if key in headers:
                words += [str(r[headers.index(key)].value) for r in ws.iter_rows(min_row=2)]
    assert foreign(lang, " ".join(words)) == []

    # Markdown: title, headers, severities
    md = audit(inputs, lang, "-f", "md").splitlines()
    words = [md[0]] + [line for line in md if line.startswith("| ") and not line.startswith("| F")]
    words += [line.split(" | ")[1] for line in md if line.startswith("| F")]
    assert foreign(lang, "\n".join(words)) == []

    # HTML: the report's own words
    parser = Visible()
    parser.feed(audit(inputs, lang, "-f", "html"))
    assert len(parser.words) > 40 and foreign(lang, "\n".join(parser.words)) == []


def test_scan_tables_and_summary(lang, inputs, tmp_path):
    out = tmp_path / "scan"
    result = CliRunner().invoke(app, ["scan", *inputs, "-o", str(out), "--quiet", "--lang", lang])
    assert result.exit_code == 1  # the broken file
    summary = [line for line in result.stdout.splitlines() if not line.strip().startswith(("/", "GJ"))]
    summary += [re.sub(r"^\s*GJ\d+ ", "", line.split("：")[0].split(":")[0]) for line in result.stdout.splitlines()
                if line.strip().startswith("GJ")]  # a frequent rule: its title
    assert foreign(lang, "\n".join(line.replace(str(out), "") for line in summary)) == []
    for name in ("documents", "findings"):
        for frame in (pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig"), pd.read_excel(out / f"{name}.xlsx"),
                      pd.read_parquet(out / f"{name}.parquet")):
            words = list(frame.columns)
            for col in frame.columns[frame.columns.isin(["状态", "级别", "取自缓存", "status", "severity"])]:
                words += [str(v) for v in frame[col].dropna()]
            assert foreign(lang, " ".join(words)) == [], name


def test_rule_documentation(lang):
    runner = CliRunner()
    listing = runner.invoke(app, ["rules", "--lang", lang]).stdout
    assert foreign(lang, re.sub(r"\b[a-z]+(?:-[a-z0-9]+)+\b", "", listing)) == []  # kebab names are codes
    for code, rule in load_rules().items():
        doc = runner.invoke(app, ["rules", code, "--lang", lang]).stdout
        head, _, body = doc.partition("\n")
        assert foreign(lang, head.replace(rule.name, "") + body.partition("\n")[0]) == [], code
        if lang == "zh":
            assert english(body) == [], code
        else:  # English prose; Chinese only inside the examples it quotes
            sections = dict(re.findall(r"(?m)^(What it does|Why is this bad\?)\n(.*?)(?=\n\n[A-Z]|\Z)", body, re.S))
            assert len(sections) == 2, code
            for section in sections.values():
                assert len(english(section)) > len(chinese(section)) / 4, code


def test_help(lang):
    runner = CliRunner()
    for command in ([], ["extract"], ["audit"], ["rules"], ["compare"], ["scan"]):
        text = runner.invoke(app, [*command, "--help", "--lang", lang]).stdout
        assert text.startswith("用法：gouji" if lang == "zh" else "Usage: gouji"), command
        assert foreign(lang, text) == [], command


def test_every_help_text_has_its_chinese():
    import typer.main

    root = typer.main.get_command(app)
    texts = [root.help]
    for command in root.commands.values():
        texts.append(command.help)
        texts += [p.help for p in command.params if getattr(p, "help", None)]
    missing = [t for t in texts if t not in HELP_ZH]
    assert missing == []


def test_version_and_short_help():
    from checks.version import rules_version, tool_version

    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).stdout.strip() == f"gouji {tool_version()}（规则版本 {rules_version()}）"
    english_version = runner.invoke(app, ["--lang", "en", "--version"]).stdout.strip()
    assert english_version == f"gouji {tool_version()} (rules version {rules_version()})"
    for command in ([], ["audit"], ["compare"]):
        short = runner.invoke(app, [*command, "-h"])
        assert short.exit_code == 0 and short.stdout == runner.invoke(app, [*command, "--help"]).stdout
        assert "-h, --help" in short.stdout
