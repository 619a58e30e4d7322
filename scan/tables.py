"""The results of a scan as two tables, written with pandas as CSV (UTF-8 with BOM), XLSX and Parquet.

documents: one row per path (identical files share their audit, and each path has its row).
findings: one row per finding per path, the flat finding row of `writers.rows` with the path and the
content hash in front. Decimals stay exact: digits in CSV, numbers in XLSX, decimal128 in Parquet.

The tables are built with the stable column names and codes (what the code reads); only when they are
written do headers, statuses and severities take the reader's language (`localised`).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pandas as pd

from model.findings import AuditResult
from writers.common import (
    SEVERITIES,
    cell_word,
    column_header,
    coverage_ratio,
    document_status,
    label,
    number_text,
    reason_text,
    rule_title,
    status_word,
    unchecked_reason,
)
from writers.files import csv_text, keep_text, replacing
from writers.rows import FLAT_FIELDS, document_rows

DOCUMENT_COLUMNS = ("path", "sha256", "format", "pages", "status", "error", "error_code", "findings_error",
                    "findings_warning", "findings_info", "stated_total", "recomputed_total", "numbers_found",
                    "numbers_checked", "coverage", "notes", "seconds", "cached")
FINDING_COLUMNS = ("path", "sha256", *(f for f in FLAT_FIELDS if f != "document"))
INTEGER_COLUMNS = ("pages", "findings_error", "findings_warning", "findings_info", "numbers_found",
                   "numbers_checked", "page", "table", "row", "column", "paragraph", "line", "start", "end")
HEADER_KEYS = {"error": "error_message"}  # the scan's "error" column is the message, not the severity
# Statuses of documents that should have been audited and were not: the scan exits 1 when one is there.
# "skipped" (not a document gouji reads) and "unchecked" (read, nothing checkable) are not failures.
FAILED_STATUSES = ("error", "failed", "refused", "pending")


def document_row(result: AuditResult, sha256: str | None, seconds: float | None, cached: bool) -> dict:
    unchecked = unchecked_reason(result)
    error, code = (unchecked[1], unchecked[0]) if unchecked else (result.error, result.error_code)
    return {
        "path": result.path, "sha256": sha256, "format": result.format or None, "pages": result.pages,
        "status": document_status(result), "error": error, "error_code": code,
        **{f"findings_{s}": result.count(s) for s in SEVERITIES},
        "stated_total": result.stated_total, "recomputed_total": result.recomputed_total,
        "numbers_found": result.numbers_found, "numbers_checked": result.numbers_checked,
        "coverage": coverage_ratio(result), "notes": "；".join(result.warnings) or None,
        "seconds": seconds, "cached": cached,
    }


def finding_rows(result: AuditResult, sha256: str | None, lang: str) -> list[dict]:
    rows = []
    for row in document_rows(result, lang):
        path = row.pop("document")
        rows.append({"path": path, "sha256": sha256, **row})
    return rows


def frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    for col in INTEGER_COLUMNS:
        if col in df.columns:
            df[col] = df[col].astype("Int64")
    return df


def localised(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as written: headers, statuses, severities and yes/no in the reader's language."""
    out = df.copy()
    for col in ("status", "severity", "cached"):
        if col in out.columns and (lang != "en" or col != "cached"):
            out[col] = out[col].map(lambda v, c=col: cell_word(c, v, lang) if pd.notna(v) else v)
    return out.rename(columns={c: column_header(HEADER_KEYS.get(c, c), lang) for c in out.columns})


def write_tables(out: Path, tables: dict[str, pd.DataFrame], lang: str = "zh") -> list[Path]:
    """`name.csv`, `name.xlsx` and `name.parquet` for each table; returns the files written.

    All are written to temporary files first and renamed into place together (writers.files): a failure
    (a full disk) leaves the previous run's tables whole, and never one run's table beside another's."""
    out.mkdir(parents=True, exist_ok=True)
    targets = [out / f"{name}.{ext}" for name in tables for ext in ("csv", "xlsx", "parquet")]
    with replacing(*targets) as temps:
        for i, (name, df) in enumerate(tables.items()):
            df = localised(df, lang)
            csv, xlsx, parquet = temps[3 * i:3 * i + 3]
            df.map(_csv_cell).to_csv(csv, index=False, encoding="utf-8-sig")
            _to_excel(df.map(_xlsx_cell), xlsx, name)
            _to_parquet(df, parquet)
    return targets


def _csv_cell(value: object) -> object:
    return number_text(value) if isinstance(value, Decimal) else csv_text(value)


def _parquet_cell(value: object) -> object:
    return number_text(value) if isinstance(value, Decimal) else value


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
    return value


def _to_excel(df: pd.DataFrame, path: Path, sheet: str) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name=sheet)
        for row in writer.sheets[sheet].iter_rows():
            for cell in row:
                keep_text(cell)  # "=HYPERLINK(…)" as a file name is text, not a live formula


def _to_parquet(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa

    try:
        df.to_parquet(path, index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a Decimal beyond decimal128: keep its digits as text
        df.map(_parquet_cell).to_parquet(path, index=False)


SUMMARY = {
    "zh": {
        "done": "扫描完成：{n} 个文件，本次审核 {audited} 个，取自缓存 {cached} 个",
        "same": "，内容相同的 {k} 个只审核一次", "statuses": "状态：", "findings": "发现：",
        "rules": "最常见的规则：", "rule": "  {rule} {title}：{count}", "worst": "错误最多的文档：",
        "worst_row": "  {path}：{count} 个错误", "bad": "未能审核的文件（{k} 个）：", "bad_row": "  {path}：{error}",
        "more": "  ……另有 {k} 个，见 documents.csv",
        "written": "结果已写入 {out}：文档表 documents 与发现表 findings（.csv .xlsx .parquet）",
        "sep": " · ", "interrupted": "扫描被中断：已完成的结果都已保存，重新运行同一命令即可从中断处继续",
        "unchecked": "未核对（读出了文档，但没有可核对的数字）：{k} 个，见 documents 表的错误信息列",
        "skipped": "跳过的文件（不是 gouji 读取的文档）：{k} 个（{kinds}）", "no_suffix": "无扩展名", "list_sep": "、",
        "not_retried": "上次处理失败、本次未重试的文件：{k} 个（加 --retry-failed 重试）",
    },
    "en": {
        "done": "Scan finished: {n} files, {audited} audited in this run, {cached} from the cache",
        "same": ", {k} with identical content audited once", "statuses": "Status: ", "findings": "Findings: ",
        "rules": "Most frequent rules:", "rule": "  {rule} {title}: {count}", "worst": "Documents with most errors:",
        "worst_row": "  {path}: {count} errors", "bad": "Files not audited ({k}):", "bad_row": "  {path}: {error}",
        "more": "  … and {k} more, see documents.csv",
        "written": "Results written to {out}: documents and findings (.csv .xlsx .parquet)", "sep": " · ",
        "interrupted": "Scan interrupted: every finished result is saved; run the same command again to resume",
        "unchecked": "Unchecked (read, but no figure could be checked): {k}, see the error_message column of documents",
        "skipped": "Skipped (not documents gouji reads): {k} ({kinds})", "no_suffix": "no suffix", "list_sep": ", ",
        "not_retried": "Failed in an earlier run and not retried: {k} (add --retry-failed to retry)",
    },
}


def summary_lines(documents: pd.DataFrame, findings: pd.DataFrame, audited: int, out: Path,
                  top: int = 10, lang: str = "zh") -> list[str]:
    """What a person reads at the end: counts, the commonest rules, the worst documents, the failures."""
    say = SUMMARY.get(lang, SUMMARY["zh"])
    n = len(documents)
    cached = int(documents["cached"].fillna(False).sum()) if n else 0
    unique = documents["sha256"].dropna().nunique()
    hashed = int(documents["sha256"].notna().sum())
    lines = [say["done"].format(n=n, audited=audited, cached=cached)
             + (say["same"].format(k=hashed - unique) if hashed > unique else "")]
    statuses = Counter(documents["status"]) if n else Counter()
    lines.append(say["statuses"] + say["sep"].join(f"{status_word(s, lang)} {c}" for s, c in statuses.most_common()))
    by_severity = Counter(findings["severity"]) if len(findings) else Counter()
    lines.append(say["findings"] + say["sep"].join(f"{label(s, lang)} {by_severity.get(s, 0)}" for s in SEVERITIES))
    if len(findings):
        rules = findings.groupby("rule").size().sort_values(ascending=False, kind="stable").head(top)
        lines.append(say["rules"])
        lines += [say["rule"].format(rule=rule, title=rule_title(rule, lang), count=count)
                  for rule, count in rules.items()]
    worst = documents[documents["findings_error"].fillna(0) > 0]
    if len(worst):
        worst = worst.sort_values("findings_error", ascending=False, kind="stable").head(top)
        lines.append(say["worst"])
        lines += [say["worst_row"].format(path=row.path, count=row.findings_error) for row in worst.itertuples()]
    unchecked = int((documents["status"] == "unchecked").sum()) if n else 0
    if unchecked:
        lines.append(say["unchecked"].format(k=unchecked))
    skipped = documents[documents["status"] == "skipped"] if n else documents
    if len(skipped):
        kinds = Counter(Path(str(p).split("!/")[-1]).suffix.lower() or say["no_suffix"] for p in skipped["path"])
        lines.append(say["skipped"].format(k=len(skipped), kinds=say["list_sep"].join(
            f"{k} {c}" for k, c in kinds.most_common(8))))
    cached_failures = documents[(documents["status"] == "failed") & documents["cached"].fillna(False)] if n else []
    if len(cached_failures):
        lines.append(say["not_retried"].format(k=len(cached_failures)))
    bad = documents[documents["status"].isin(FAILED_STATUSES)] if n else documents
    if len(bad):
        lines.append(say["bad"].format(k=len(bad)))
        lines += [say["bad_row"].format(path=row.path, error=reason_text(row.error, row.error_code, lang))
                  for row in bad.head(3 * top).itertuples()]
        if len(bad) > 3 * top:
            lines.append(say["more"].format(k=len(bad) - 3 * top))
    lines.append(say["written"].format(out=out))
    return lines


def interrupted_line(lang: str = "zh") -> str:
    return SUMMARY.get(lang, SUMMARY["zh"])["interrupted"]


