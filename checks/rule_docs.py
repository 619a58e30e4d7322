"""Each rule's documentation in both languages, for `gouji rules CODE`.

English is the rule's docstring (ruff's four sections); Chinese is kept apart from the code, one entry
per rule code in `checks/docs_zh.toml`, with the same four sections.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from checks.registry import Rule

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

DOCS_ZH = Path(__file__).with_name("docs_zh.toml")
# The TOML keys, in order, with the English heading they translate and the Chinese heading printed.
SECTIONS = (("does", "What it does", "它做什么"), ("why", "Why is this bad?", "为什么这是问题"),
            ("example", "Example", "示例"), ("instead", "Use instead", "应改为"))

FAMILIES_ZH = {
    "footing": "表格合计", "score_tables": "评分表", "funds": "基金收支", "prose": "正文与表格",
    "recompute": "重新计算", "grades": "评价等级", "counts": "计数", "numbering": "编号", "contents": "目录",
    "codes": "指标编码", "scoring": "评分标准", "consistency": "前后一致", "spreadsheet": "电子表格公式",
    "self_eval": "绩效自评表",
}


@cache
def zh_docs() -> dict[str, dict[str, str]]:
    """Rule code → {section key: Chinese text}."""
    with DOCS_ZH.open("rb") as fh:
        data = tomllib.load(fh)
    return {code: {k: str(v).strip("\n") for k, v in sections.items()} for code, sections in data.items()}


def missing_zh_sections(code: str) -> list[str]:
    doc = zh_docs().get(code, {})
    return [key for key, _, _ in SECTIONS if not doc.get(key, "").strip()]


def rule_doc(rule: Rule, lang: str = "zh") -> str:
    """The rule's four sections under their headings; English falls back to nothing else."""
    if lang == "en":
        return rule.doc
    doc = zh_docs().get(rule.code, {})
    return "\n\n".join(f"{heading}\n{doc.get(key, '').strip()}" for key, _, heading in SECTIONS)


def family_name(family: str, lang: str = "zh") -> str:
    return family if lang == "en" else FAMILIES_ZH.get(family, family)
