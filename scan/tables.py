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
    label,
    number_text,
    reason_text,
    rule_title,
    status_word,
)
from writers.rows import FLAT_FIELDS, document_rows

DOCUMENT_COLUMNS = ("path", "sha256", "format", "pages", "status", "error", "error_code", "findings_error",
                    "findings_warning", "findings_info", "stated_total", "recomputed_total", "numbers_found",
                    "numbers_checked", "coverage", "notes", "seconds", "cached")
FINDING_COLUMNS = ("path", "sha256", *(f for f in FLAT_FIELDS if f != "document"))
INTEGER_COLUMNS = ("pages", "findings_error", "findings_warning", "findings_info", "numbers_found",
                   "numbers_checked", "page", "table", "row", "column", "paragraph", "line", "start", "end")
HEADER_KEYS = {"error": "error_message"}  # the scan's "error" column is the message, not the severity


def document_row(result: AuditResult, sha256: str | None, seconds: float | None, cached: bool) -> dict:
    return {
        "path": result.path, "sha256": sha256, "format": result.format or None, "pages": result.pages,
        "status": result.status, "error": result.error, "error_code": result.error_code,
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
    """`name.csv`, `name.xlsx` and `name.parquet` for each table; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        df = localised(df, lang)
        csv = out / f"{name}.csv"
        df.map(_csv_cell).to_csv(csv, index=False, encoding="utf-8-sig")
        xlsx = out / f"{name}.xlsx"
        df.map(_xlsx_cell).to_excel(xlsx, index=False, sheet_name=name, engine="openpyxl")
        parquet = out / f"{name}.parquet"
        _to_parquet(df, parquet)
        written += [csv, xlsx, parquet]
    return written


def _csv_cell(value: object) -> object:
    return number_text(value) if isinstance(value, Decimal) else value


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
    return value


def _to_parquet(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa

    try:
        df.to_parquet(path, index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a Decimal beyond decimal128: keep its digits as text
        df.map(_csv_cell).to_parquet(path, index=False)


SUMMARY = {
    "zh": {
        "done": "扫描完成：{n} 个文件，本次审核 {audited} 个，取自缓存 {cached} 个",
        "same": "，内容相同的 {k} 个只审核一次", "statuses": "状态：", "findings": "发现：",
        "rules": "最常见的规则：", "rule": "  {rule} {title}：{count}", "worst": "错误最多的文档：",
        "worst_row": "  {path}：{count} 个错误", "bad": "未能审核的文件（{k} 个）：", "bad_row": "  {path}：{error}",
        "more": "  ……另有 {k} 个，见 documents.csv",
        "written": "结果已写入 {out}：文档表 documents 与发现表 findings（.csv .xlsx .parquet）",
        "sep": " · ", "interrupted": "扫描被中断：已完成的结果都已保存，重新运行同一命令即可从中断处继续",
    },
    "en": {
        "done": "Scan finished: {n} files, {audited} audited in this run, {cached} from the cache",
        "same": ", {k} with identical content audited once", "statuses": "Status: ", "findings": "Findings: ",
        "rules": "Most frequent rules:", "rule": "  {rule} {title}: {count}", "worst": "Documents with most errors:",
        "worst_row": "  {path}: {count} errors", "bad": "Files not audited ({k}):", "bad_row": "  {path}: {error}",
        "more": "  … and {k} more, see documents.csv",
        "written": "Results written to {out}: documents and findings (.csv .xlsx .parquet)", "sep": " · ",
        "interrupted": "Scan interrupted: every finished result is saved; run the same command again to resume",
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
    bad = documents[documents["status"] != "ok"]
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


