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

from model.findings import AuditResult
from writers.common import SEVERITIES, coverage_ratio, number_text
from writers.rows import FLAT_FIELDS, document_rows

DOCUMENT_COLUMNS = ("path", "sha256", "format", "pages", "status", "error", "error_code", "findings_error",
                    "findings_warning", "findings_info", "stated_total", "recomputed_total", "numbers_found",
                    "numbers_checked", "coverage", "notes", "seconds", "cached")
FINDING_COLUMNS = ("path", "sha256", *(f for f in FLAT_FIELDS if f != "document"))
INTEGER_COLUMNS = ("pages", "findings_error", "findings_warning", "findings_info", "numbers_found",
                   "numbers_checked", "page", "table", "row", "column", "paragraph", "line", "start", "end")
STATUS_ZH = {"ok": "正常", "error": "无法读取", "failed": "处理失败", "refused": "已拒绝", "pending": "未完成"}


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


def write_tables(out: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """`name.csv`, `name.xlsx` and `name.parquet` for each table; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
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
    bad = documents[documents["status"] != "ok"]
    if len(bad):
        lines.append(f"未能审核的文件（{len(bad)} 个）：")
        lines += [f"  {row.path}：{row.error} [{row.error_code}]" for row in bad.head(3 * top).itertuples()]
        if len(bad) > 3 * top:
            lines.append(f"  ……另有 {len(bad) - 3 * top} 个，见 documents.csv")
    lines.append(f"结果已写入 {out}：documents 与 findings（.csv .xlsx .parquet）")
    return lines
