"""The results of a scan as two tables, written with pandas as CSV (UTF-8 with BOM), XLSX and Parquet.

documents: one row per path (identical files share their audit, and each path has its row).
findings: one row per finding per path, the flat finding row of `writers.rows` with the path and the
content hash in front. Decimals stay exact: digits in CSV, numbers in XLSX, decimal128 in Parquet.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pandas as pd

from checks.registry import AuditResult
from writers.common import SEVERITIES, coverage_ratio, document_status, number_text, unchecked_reason
from writers.files import csv_text, keep_text, replacing
from writers.rows import FLAT_FIELDS, document_rows

DOCUMENT_COLUMNS = ("path", "sha256", "format", "pages", "status", "error", "error_code", "findings_error",
                    "findings_warning", "findings_info", "stated_total", "recomputed_total", "numbers_found",
                    "numbers_checked", "coverage", "notes", "seconds", "cached")
FINDING_COLUMNS = ("path", "sha256", *(f for f in FLAT_FIELDS if f != "document"))
INTEGER_COLUMNS = ("pages", "findings_error", "findings_warning", "findings_info", "numbers_found",
                   "numbers_checked", "page", "table", "row", "column", "paragraph", "line", "start", "end")
STATUS_ZH = {"ok": "正常", "unchecked": "未核对", "error": "无法读取", "failed": "处理失败", "refused": "已拒绝",
             "skipped": "已跳过", "pending": "未完成"}
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


def write_tables(out: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """`name.csv`, `name.xlsx` and `name.parquet` for each table; returns the files written.

    All are written to temporary files first and renamed into place together (writers.files): a failure
    (a full disk) leaves the previous run's tables whole, and never one run's table beside another's."""
    out.mkdir(parents=True, exist_ok=True)
    targets = [out / f"{name}.{ext}" for name in tables for ext in ("csv", "xlsx", "parquet")]
    with replacing(*targets) as temps:
        for i, (name, df) in enumerate(tables.items()):
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


def summary_lines(documents: pd.DataFrame, findings: pd.DataFrame, audited: int, out: Path,
                  top: int = 10) -> list[str]:
    """What a person reads at the end: counts, the commonest rules, the worst documents, the failures."""
    n = len(documents)
    cached = int(documents["cached"].fillna(False).sum()) if n else 0
    unique = documents["sha256"].dropna().nunique()
    hashed = int(documents["sha256"].notna().sum())
    lines = [f"扫描完成：{n} 个文件，本次审核 {audited} 个，取自缓存 {cached} 个"
             + (f"，内容相同的 {hashed - unique} 个只审核一次" if hashed > unique else "")]
    statuses = Counter(documents["status"]) if n else Counter()
    lines.append("状态：" + " · ".join(f"{STATUS_ZH.get(s, s)} {c}" for s, c in statuses.most_common()))
    by_severity = Counter(findings["severity"]) if len(findings) else Counter()
    lines.append("发现：" + " · ".join(f"{label} {by_severity.get(s, 0)}"
                                      for s, label in zip(SEVERITIES, ("错误", "警告", "提示"), strict=True)))
    if len(findings):
        rules = findings.groupby(["rule", "name"]).size().sort_values(ascending=False, kind="stable").head(top)
        lines.append("最常见的规则：")
        lines += [f"  {rule} {name}：{count}" for (rule, name), count in rules.items()]
    worst = documents[documents["findings_error"].fillna(0) > 0]
    if len(worst):
        worst = worst.sort_values("findings_error", ascending=False, kind="stable").head(top)
        lines.append("错误最多的文档：")
        lines += [f"  {row.path}：{row.findings_error} 个错误" for row in worst.itertuples()]
    unchecked = int((documents["status"] == "unchecked").sum()) if n else 0
    if unchecked:
        lines.append(f"未核对（读出了文档，但没有可核对的数字）：{unchecked} 个，见 documents 表的 error 列")
    skipped = documents[documents["status"] == "skipped"] if n else documents
    if len(skipped):
        kinds = Counter(Path(str(p).split("!/")[-1]).suffix.lower() or "无扩展名" for p in skipped["path"])
        lines.append(f"跳过的文件（不是 gouji 读取的文档）：{len(skipped)} 个（"
                     + "、".join(f"{k} {c}" for k, c in kinds.most_common(8)) + "）")
    cached_failures = documents[(documents["status"] == "failed") & documents["cached"].fillna(False)] if n else []
    if len(cached_failures):
        lines.append(f"上次处理失败、本次未重试的文件：{len(cached_failures)} 个（加 --retry-failed 重试）")
    bad = documents[documents["status"].isin(FAILED_STATUSES)] if n else documents
    if len(bad):
        lines.append(f"未能审核的文件（{len(bad)} 个）：")
        lines += [f"  {row.path}：{row.error} [{row.error_code}]" for row in bad.head(3 * top).itertuples()]
        if len(bad) > 3 * top:
            lines.append(f"  ……另有 {len(bad) - 3 * top} 个，见 documents.csv")
    lines.append(f"结果已写入 {out}：documents 与 findings（.csv .xlsx .parquet）")
    return lines
