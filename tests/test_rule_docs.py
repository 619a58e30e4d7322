"""Every rule is documented in both languages, with the same four sections, and `gouji rules` shows the
reader's language."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from typer.testing import CliRunner

from checks import load_rules
from checks.rule_docs import SECTIONS, rule_doc, zh_docs
from cli import app

RULES = load_rules()
NUMBER = re.compile(r"\d+(?:[,.]\d+)*")
CJK = re.compile(r"[\u4e00-\u9fff]+")
# Latin text a Chinese rule doc may hold: rule codes, the GRIM test, a command, formula letters.
ALLOWED_LATIN = re.compile(r"GJ\d+|GRIM|Excel|SUM|F9|`gouji audit --explain`|\b[a-zA-Z]\b|a-b=c|a×b%=c|cid:NNN")


def english_sections(doc: str) -> dict[str, str]:
    heads = {en: key for key, en, _ in SECTIONS}
    out: dict[str, list[str]] = {}
    current = None
    for line in doc.splitlines():
        if line in heads:
            current = heads[line]
            out[current] = []
        elif current is not None:
            out[current].append(line)
    return {k: "\n".join(v).strip() for k, v in out.items()}


def test_the_chinese_file_documents_registered_rules_only_with_known_sections():
    assert set(zh_docs()) == set(RULES)
    keys = {key for key, _, _ in SECTIONS}
    assert all(set(doc) == keys for doc in zh_docs().values())


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_both_languages_and_all_sections(code):
    english = english_sections(RULES[code].doc)
    chinese = zh_docs()[code]
    for key, _, _ in SECTIONS:
        assert english.get(key), f"{code}: English section {key} is empty"
        assert chinese.get(key, "").strip(), f"{code}: Chinese section {key} is empty"


@pytest.mark.parametrize("code", sorted(RULES))
def test_chinese_docs_translate_the_english_ones(code):
    """Mechanical signs of a faithful translation: each section states the same figures, quotes every
    Chinese phrase the English one quotes, and holds no English prose."""
    english = english_sections(RULES[code].doc)
    for key, _, _ in SECTIONS:
        zh = zh_docs()[code][key]
        assert Counter(NUMBER.findall(zh)) == Counter(NUMBER.findall(english[key])), (code, key)
        squeezed = "".join(zh.split())
        assert [w for w in CJK.findall(english[key]) if w not in squeezed] == [], (code, key)
        assert not re.findall(r"[A-Za-z]{2,}", ALLOWED_LATIN.sub("", zh)), (code, key)


def test_rules_command_speaks_the_chosen_language():
    runner = CliRunner()
    zh = runner.invoke(app, ["rules", "GJ303"])
    assert zh.exit_code == 0
    assert zh.output.splitlines()[0] == "GJ303 breakdown-does-not-sum（错误，正文与表格）"
    for _, english, chinese in SECTIONS:
        assert f"\n{chinese}\n" in zh.output and english not in zh.output
    en = runner.invoke(app, ["rules", "GJ303", "--lang", "en"])
    assert en.output.splitlines()[0] == "GJ303 breakdown-does-not-sum (error, prose)"
    assert all(f"\n{english}\n" in en.output for _, english, _ in SECTIONS) and "它做什么" not in en.output
    listing = runner.invoke(app, ["rules"]).output.splitlines()
    gj404 = next(line for line in listing if line.startswith("GJ404"))
    assert len(listing) == len(RULES) and "警告" in gj404
    assert "warning" not in "".join(listing)
    assert rule_doc(RULES["GJ101"], "en") == RULES["GJ101"].doc
