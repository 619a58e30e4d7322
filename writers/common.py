"""What every writer shares: the reporter protocol, labels in both languages, and number text.

A reporter is a small class in flake8's style: `start(out)`, then `handle(result)` once per document,
then `stop()`. `out` is a file path, or None for standard output.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import IO

from checks.registry import RULES
from model.findings import SEVERITY_ORDER, AuditResult

SEVERITIES = tuple(sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__))

LABELS = {
    "zh": {
        "error": "错误", "warning": "警告", "info": "提示",
        "id": "编号", "rule": "规则", "name": "名称", "severity": "级别", "title": "标题", "message": "说明",
        "stated_text": "原文", "stated_value": "原值", "expected_value": "应为", "delta": "差额",
        "delta_ulps": "末位差", "unit": "单位", "location": "位置", "page": "页", "table": "表", "row": "行",
        "column": "列", "paragraph": "段", "line": "行号", "start": "起", "end": "止", "evidence": "依据",
        "related": "相关位置", "consequence_of": "源于", "document": "文档", "path": "文件", "format": "格式",
        "pages": "页数", "status": "状态", "error_code": "错误代码", "error_message": "错误信息", "warnings": "备注",
        "numbers_found": "数字总数", "numbers_checked": "已核对数字", "coverage": "核对比例",
        "stated_total": "报告合计", "recomputed_total": "重算合计",
        "findings_sheet": "发现", "documents_sheet": "文档", "heading": "gouji 审核结果",
        "no_findings": "未发现矛盾", "status_error": "无法审核", "status_unchecked": "未核对", "note": "注意",
        "fingerprint": "指纹", "accepted": "已接受", "sha256": "文件校验值（SHA-256）",
        "findings_error": "错误数", "findings_warning": "警告数", "findings_info": "提示数", "notes": "备注",
        "seconds": "用时（秒）", "cached": "取自缓存", "yes": "是", "no": "否", "baseline": "基线",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info",
        "id": "id", "rule": "Rule", "name": "Name", "severity": "Severity", "title": "Title",
        "message": "Message", "stated_text": "Stated", "stated_value": "Stated value",
        "expected_value": "Expected", "delta": "Delta", "delta_ulps": "Delta (last digits)", "unit": "Unit",
        "location": "Location", "page": "Page", "table": "Table", "row": "Row", "column": "Column",
        "paragraph": "Paragraph", "line": "Line", "start": "Start", "end": "End", "evidence": "Evidence",
        "related": "Related", "consequence_of": "Consequence of", "document": "Document", "path": "Path",
        "format": "Format", "pages": "Pages", "status": "Status", "error_code": "Error code",
        "error_message": "Error message",
        "warnings": "Notes", "numbers_found": "Figures found", "numbers_checked": "Figures checked",
        "coverage": "Coverage", "stated_total": "Stated total", "recomputed_total": "Recomputed total",
        "findings_sheet": "findings", "documents_sheet": "documents", "heading": "gouji audit",
        "no_findings": "no contradictions found", "status_error": "could not be audited",
        "status_unchecked": "nothing checked", "note": "note",
        "fingerprint": "Fingerprint", "accepted": "Accepted", "sha256": "SHA-256",
        "findings_error": "Errors", "findings_warning": "Warnings", "findings_info": "Infos", "notes": "Notes",
        "seconds": "Seconds", "cached": "Cached", "yes": "yes", "no": "no", "baseline": "baseline",
    },
}


# A document's status as a word: "error" here is the status (could not be read), not the severity.
# "unchecked": read, but nothing in it checkable; "skipped": not a document gouji reads (scan only).
STATUS_WORDS = {
    "zh": {"ok": "正常", "unchecked": "未核对", "error": "无法审核", "failed": "处理失败", "refused": "已拒绝",
           "skipped": "已跳过", "pending": "未完成"},
    "en": {"ok": "ok", "unchecked": "unchecked", "error": "error", "failed": "failed", "refused": "refused",
           "skipped": "skipped", "pending": "pending"},
}


def label(key: str, lang: str = "zh") -> str:
    return LABELS.get(lang, LABELS["zh"]).get(key, key)


def status_word(status: str, lang: str = "zh") -> str:
    """A document status (ok, unchecked, error, failed, refused, skipped, pending) in the reader's language."""
    return STATUS_WORDS.get(lang, STATUS_WORDS["zh"]).get(status, status)


def yes_no(value: object, lang: str = "zh") -> object:
    return label("yes" if value else "no", lang) if isinstance(value, bool) else value


def column_header(key: str, lang: str = "zh") -> str:
    """A column's header in CSV, Parquet and the scan tables: Chinese labels, or in English the stable
    field names of the JSON output (which scripts can rely on)."""
    return key if lang == "en" else label(key, lang)


def cell_word(key: str, value: object, lang: str = "zh") -> object:
    """A table cell as the reader sees it: severities, statuses and yes/no in the reader's language."""
    if key == "severity" and isinstance(value, str):
        return label(value, lang)
    if key == "status" and isinstance(value, str):
        return status_word(value, lang)
    return value if lang == "en" else yes_no(value, lang)


def rule_title(code: str, lang: str = "zh") -> str:
    """The rule's one-line title; a code not (yet) registered is its own title."""
    rule = RULES.get(code)
    if rule is None:
        return code
    return (rule.title_en or rule.title) if lang == "en" else rule.title


def rule_name(code: str) -> str:
    rule = RULES.get(code)
    return rule.name if rule is not None else code


def number_text(value: Decimal | None, grouped: bool = False) -> str | None:
    """A Decimal as exact plain digits (no exponent, trailing zeros kept); None for None, NaN or infinity."""
    if value is None or not value.is_finite():
        return None
    return format(value, ",f" if grouped else "f")


def display_value(value: Decimal | None, unit: str | None = None, like: Decimal | None = None,
                  grouped: bool = False) -> str:
    """A value for people: at most two digits finer than the figure it is compared with (`like`)."""
    if value is None or not value.is_finite():
        return ""
    if like is not None and like.is_finite():
        places = max(-like.as_tuple().exponent, 0) + 2
        if -value.as_tuple().exponent > places:
            value = value.quantize(Decimal(1).scaleb(-places))
    return f"{number_text(value, grouped)}{unit or ''}"


def counts(result: AuditResult) -> dict[str, int]:
    return {s: result.count(s) for s in SEVERITIES}


def coverage_ratio(result: AuditResult) -> float | None:
    if not result.numbers_found:
        return None
    return round(result.numbers_checked / result.numbers_found, 4)


def unchecked_reason(result: AuditResult) -> tuple[str, str, str] | None:
    """(code, Chinese, English) when a document was read but nothing in it could be checked: no finding,
    and not one figure took part in a check. "No contradictions" would then claim what was never looked
    at, so every writer says this instead, with status "unchecked"."""
    if result.status != "ok" or result.findings or result.numbers_checked:
        return None
    n = result.numbers_found
    if not n:
        return "no-figures", "文档中没有找到数字，没有可核对的内容", "no figures found: nothing to check"
    return ("nothing-checkable", f"找到 {n} 个数字，但没有一个能用文档自身的合计、比率或评分核对",
            f"{n} figures found, but none could be checked against the document's own totals, rates or scores")


def document_status(result: AuditResult) -> str:
    """"ok", "unchecked" (read, but nothing checkable: `unchecked_reason`) or "error"."""
    return "unchecked" if unchecked_reason(result) else result.status


def status_note(result: AuditResult, lang: str = "zh") -> str:
    """The line writers print instead of "no contradictions" for an unchecked document."""
    code, zh, en = unchecked_reason(result) or ("", "", "")
    if not code:
        return ""
    return f"{label('status_unchecked', lang)}: {en} [{code}]" if lang == "en" else f"未核对：{zh} [{code}]"


def summary_text(result: AuditResult, lang: str = "zh") -> str:
    """One line: format, pages, coverage, counts by severity, and how many of them the baseline accepts."""
    n = counts(result)
    accepted = sum(1 for f in result.findings if f.accepted)
    if lang == "en":
        parts = [result.format or "?", f"{result.pages} pages" if result.pages is not None else "",
                 f"checked {result.numbers_checked} of {result.numbers_found} figures",
                 ", ".join(f"{label(s, lang)} {n[s]}" for s in SEVERITIES),
                 f"{accepted} accepted in the baseline" if accepted else ""]
    else:
        parts = [result.format or "?", f"{result.pages} 页" if result.pages is not None else "",
                 f"已核对 {result.numbers_checked} / 共 {result.numbers_found} 个数字",
                 " ".join(f"{label(s, lang)} {n[s]}" for s in SEVERITIES),
                 f"其中 {accepted} 个已在基线中接受" if accepted else ""]
    return " · ".join(p for p in parts if p)


def totals_text(result: AuditResult, lang: str = "zh") -> str:
    if result.stated_total is None and result.recomputed_total is None:
        return ""
    stated = number_text(result.stated_total) or "—"
    recomputed = number_text(result.recomputed_total) or "—"
    if lang == "en":
        return f"total: stated {stated}, recomputed {recomputed}"
    return f"合计：报告 {stated}，重算 {recomputed}"


def reason_text(message: str | None, code: str | None, lang: str = "zh") -> str:
    """Why a document was not audited, with its code. Messages are Chinese; in English the code's
    English meaning (extractor.errors.CODES) stands in for them."""
    from extractor.errors import CODES

    if lang == "en" and code in CODES:
        message = CODES[code][1]
    return f"{message or ''}{f' [{code}]' if code else ''}".strip()


def error_text(result: AuditResult, lang: str = "zh") -> str:
    return reason_text(result.error, result.error_code, lang)


def open_text(out: Path | None, encoding: str = "utf-8", newline: str | None = None) -> tuple[IO[str], bool]:
    """The stream to write to and whether the caller must close it (standard output is never closed)."""
    if out is None:
        return sys.stdout, False
    return open(out, "w", encoding=encoding, newline=newline), True


class Reporter:
    """Base reporter: one per output, `start` → `handle` per document → `stop`."""

    def __init__(self, lang: str = "zh"):
        self.lang = lang
        self.out: Path | None = None

    def start(self, out: Path | None) -> None:
        self.out = out

    def handle(self, result: AuditResult) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        pass
