"""Writers: every format from the same hand-built audit results."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from checks.registry import RULES, Rule
from model.document import Location
from model.findings import AuditResult, Finding
from writers import FORMATS, worst_severity, write
from writers.json_out import SCHEMA, dumps
from writers.rows import FLAT_FIELDS

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "writers" / "audit.schema.json"


def results() -> list[AuditResult]:
    footing = Finding(
        rule="GJ101", severity="error", message="表1合计应为21,043,082.65元，报告为21,043,082.56元",
        message_en="Table 1 total should be 21,043,082.65, stated 21,043,082.56",
        location=Location(block=5, page=3, table=1, row=7, col=2, start=0, end=13),
        stated_text="21,043,082.56", stated_value=Decimal("21043082.56"), expected_value=Decimal("21043082.65"),
        delta_ulps=Decimal("-9"), unit="元", evidence="合计 | 21,043,082.56",
        related=(Location(block=5, page=3, table=1, row=3, col=2), Location(block=5, page=3, table=1, row=4, col=2)),
        key="t1-total",
    )
    rate = Finding(
        rule="GJ401", severity="warning", message="预算执行率96.88%与预算数、支出数不符|应为96.80%",
        location=Location(block=12, page=4, line=40, start=6, end=12), stated_text="96.88%",
        stated_value=Decimal("96.88"), expected_value=Decimal("96.80"), unit="%",
        evidence="预算执行率为96.88%。", consequence_of="t1-total",
    )
    numbering = Finding(rule="GJ501", severity="info", message="序号由（二）跳到（四）", location=Location(block=20))
    ok = AuditResult(path="reports/甲项目.docx", format="docx", pages=12, numbers_found=120, numbers_checked=87,
                     findings=[footing, rate, numbering], stated_total=Decimal("92.50"),
                     recomputed_total=Decimal("91.50"), warnings=["表3跨页，已合并"])
    bad = AuditResult(path="reports/乙项目.pdf", format="pdf", status="error", error="PDF 没有文字层，无法读取",
                      error_code="no-text-layer")
    return [ok, bad]


def test_formats_and_unknown_format():
    assert set(FORMATS) == {"text", "json", "csv", "xlsx", "md", "html"}
    with pytest.raises(ValueError, match="unknown format"):
        write(results(), "docx", None)


def test_worst_severity():
    assert worst_severity(results()) == "error"
    only_info = results()
    only_info[0].findings = only_info[0].findings[2:]
    assert worst_severity(only_info) == "info"
    assert worst_severity([results()[1]]) is None


# JSON


def audit_json(tmp_path: Path, lang: str = "zh") -> tuple[str, dict]:
    out = tmp_path / "audit.json"
    write(results(), "json", out, lang=lang)
    text = out.read_text(encoding="utf-8")
    return text, json.loads(text, parse_float=Decimal)


def test_json_header_documents_and_summary(tmp_path):
    _, data = audit_json(tmp_path)
    assert data["schema"] == SCHEMA == "gouji.audit/1"
    assert data["tool"]["name"] == "gouji" and data["tool"]["version"]
    ok, bad = data["documents"]
    assert ok["path"] == "reports/甲项目.docx" and ok["pages"] == 12 and ok["status"] == "ok"
    assert ok["summary"] == {"error": 1, "warning": 1, "info": 1}
    assert ok["coverage"] == {"numbers_found": 120, "numbers_checked": 87, "ratio": Decimal("0.725")}
    assert ok["warnings"] == ["表3跨页，已合并"]
    assert bad["status"] == "error" and bad["error_code"] == "no-text-layer" and bad["findings"] == []
    assert bad["error"] == "PDF 没有文字层，无法读取" and bad["coverage"]["ratio"] is None


def test_json_values_are_exact_decimals(tmp_path):
    text, data = audit_json(tmp_path)
    first = data["documents"][0]["findings"][0]
    assert first["stated_value"] == Decimal("21043082.56")
    assert first["expected_value"] == Decimal("21043082.65")
    assert first["delta"] == Decimal("-0.09") and first["delta_ulps"] == -9
    assert '"stated_value": 21043082.56,' in text  # a number, not a string
    assert '"stated_total": 92.50,' in text  # printed precision kept
    assert data["documents"][0]["findings"][1]["expected_value"] == Decimal("96.80")


def test_json_dumps_keeps_digits_floats_cannot():
    big = Decimal("123456789012345678.91")
    assert float(big) != big
    text = dumps({"v": big, "s": "not a number", "n": Decimal("NaN")}, indent=None)
    assert text == '{"v": 123456789012345678.91, "s": "not a number", "n": null}'
    assert json.loads(text, parse_float=Decimal)["v"] == big


def test_json_ids_titles_and_locations(tmp_path, monkeypatch):
    monkeypatch.delitem(RULES, "GJ101", raising=False)  # whatever is registered meanwhile
    _, data = audit_json(tmp_path)
    findings = data["documents"][0]["findings"]
    assert [f["id"] for f in findings] == ["F1", "F2", "F3"]
    assert [f["severity"] for f in findings] == ["error", "warning", "info"]
    first, second, third = findings
    assert first["rule"] == first["title"] == first["name"] == "GJ101"  # not registered: code is its own title
    assert first["message"].startswith("表1合计应为")
    assert first["location"] == {"page": 3, "table": 1, "row": 7, "column": 2, "paragraph": None, "line": None,
                                 "start": 0, "end": 13}
    assert [r["row"] for r in first["related"]] == [3, 4]
    assert second["location"]["paragraph"] == 12 and second["location"]["line"] == 40
    assert second["location"]["table"] is None
    assert second["consequence_of"] == "F1" and first["consequence_of"] is None
    assert third["stated_value"] is None and third["location"]["paragraph"] == 20


def test_json_uses_registered_rule_and_language(tmp_path, monkeypatch):
    monkeypatch.setitem(RULES, "GJ101", Rule("GJ101", "footing-mismatch", "error", "合计与明细之和不符",
                                             "Total does not match its items", "footing", lambda report: None, (), {}))
    _, zh = audit_json(tmp_path)
    _, en = audit_json(tmp_path, lang="en")
    assert zh["documents"][0]["findings"][0]["name"] == "footing-mismatch"
    assert zh["documents"][0]["findings"][0]["title"] == "合计与明细之和不符"
    assert en["documents"][0]["findings"][0]["title"] == "Total does not match its items"
    assert en["documents"][0]["findings"][0]["message"].startswith("Table 1 total")
    assert en["documents"][0]["findings"][1]["message"].startswith("预算执行率")  # no English text: Chinese


def test_json_validates_against_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    _, data = audit_json(tmp_path)
    data = json.loads(json.dumps(data, default=float))  # jsonschema's "number" wants int/float
    jsonschema.validate(data, schema)
    data["documents"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_json_to_stdout(capsys):
    write(results(), "json", None)
    assert json.loads(capsys.readouterr().out)["schema"] == "gouji.audit/1"


# CSV


def test_csv_rows_bom_and_exact_values(tmp_path):
    out = tmp_path / "audit.csv"
    write(results(), "csv", out, lang="en")  # English: the stable field names and codes
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(table.columns) == list(FLAT_FIELDS)
    assert len(table) == 3  # one row per finding; the unreadable document has none
    first = table.iloc[0]
    assert first["document"] == "reports/甲项目.docx" and first["id"] == "F1" and first["rule"] == "GJ101"
    assert first["stated_value"] == "21043082.56" and first["delta"] == "-0.09"
    assert first["location"] == "page 3, table 1, row 8, column 3"
    assert (first["table"], first["row"], first["column"], first["paragraph"]) == ("1", "7", "2", "")
    assert first["related"] == "page 3, table 1, row 4, column 3; page 3, table 1, row 5, column 3"
    assert first["message"] == "Table 1 total should be 21,043,082.65, stated 21,043,082.56"
    assert table.iloc[1]["message"] == "预算执行率96.88%与预算数、支出数不符|应为96.80%"  # no English text given
    assert table.iloc[1]["consequence_of"] == "F1"
    assert list(table["severity"]) == ["error", "warning", "info"]


def test_csv_in_chinese_has_chinese_headers_and_severities(tmp_path):
    out = tmp_path / "audit.csv"
    write(results(), "csv", out)
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(table.columns)[:6] == ["文档", "编号", "指纹", "规则", "名称", "级别"]
    assert len(set(table.columns)) == len(FLAT_FIELDS)
    assert list(table["级别"]) == ["错误", "警告", "提示"]
    assert table.iloc[0]["位置"] == "第3页表1第8行第3列" and table.iloc[0]["原值"] == "21043082.56"


def test_csv_to_stdout_has_bom(capfdbinary):
    write(results(), "csv", None)
    raw = capfdbinary.readouterr().out
    assert raw.startswith(b"\xef\xbb\xbf") and b"21043082.56" in raw


# XLSX


def test_xlsx_sheets_filter_freeze_and_fills(tmp_path):
    out = tmp_path / "audit.xlsx"
    write(results(), "xlsx", out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["发现", "文档"]
    ws = wb["发现"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == ws.dimensions and ws.auto_filter.ref.startswith("A1:")
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["文档", "编号", "指纹", "规则", "名称"] and "原文" in headers and "位置" in headers
    col = {h: i for i, h in enumerate(headers)}
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 3
    assert [r[col["级别"]].value for r in rows] == ["错误", "警告", "提示"]
    assert rows[0][col["原值"]].value == 21043082.56
    assert rows[0][col["原值"]].number_format == "#,##0.00"
    fills = [r[0].fill.fgColor.rgb[-6:] for r in rows]
    assert fills == ["F8CBAD", "FFE699", "DDEBF7"]
    assert all(c.fill.fgColor.rgb[-6:] == "F8CBAD" for c in rows[0])  # the whole error row
    assert ws[1][0].fill.fgColor.rgb[-6:] != "F8CBAD" and ws[1][0].font.bold
    assert 10 <= ws.column_dimensions["A"].width <= 60

    docs = wb["文档"]
    dheaders = [c.value for c in docs[1]]
    assert dheaders[:5] == ["文件", "格式", "页数", "状态", "错误信息"]
    values = [[c.value for c in r] for r in docs.iter_rows(min_row=2)]
    assert len(values) == 2
    dcol = {h: i for i, h in enumerate(dheaders)}
    assert values[0][dcol["错误"]] == 1 and values[0][dcol["核对比例"]] == 0.725
    assert values[0][dcol["报告合计"]] == 92.5
    assert values[1][dcol["状态"]] == "无法审核" and "no-text-layer" in values[1][dcol["错误信息"]]
    assert docs.freeze_panes == "A2" and docs.auto_filter.ref


def test_xlsx_english_and_needs_path(tmp_path):
    out = tmp_path / "audit.xlsx"
    write(results(), "xlsx", out, lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["findings", "documents"]
    assert [c.value for c in wb["findings"][1]][:4] == ["Document", "id", "Fingerprint", "Rule"]
    with pytest.raises(ValueError, match="xlsx"):
        write(results(), "xlsx", None)


# Terminal


def terminal(tmp_path: Path, lang: str = "zh") -> str:
    out = tmp_path / f"audit-{lang}.txt"
    write(results(), "text", out, lang=lang)
    return out.read_text(encoding="utf-8")


def test_terminal_chinese(tmp_path):
    text = terminal(tmp_path)
    assert "\x1b[" not in text  # not a terminal: no colour codes
    assert max(len(line) for line in text.splitlines()) <= 120
    head = text.splitlines()[0]
    assert head.startswith("reports/甲项目.docx") and "docx · 12 页" in head
    assert "已核对 87 / 共 120 个数字" in head and "错误 1 警告 1 提示 1" in head
    assert text.index("错误 (1)") < text.index("警告 (1)") < text.index("提示 (1)")
    for header in ("规则", "位置", "原文", "应为", "说明"):
        assert header in text
    assert "第3页表1第8行第3列" in text and "21,043,082.56" in text and "21,043,082.65元" in text
    assert "GJ401" in text and "96.80%" in text and "第21段" in text
    assert "合计：报告 92.50，重算 91.50" in text and "表3跨页，已合并" in text
    assert "reports/乙项目.pdf" in text and "无法审核" in text
    assert "PDF 没有文字层，无法读取 [no-text-layer]" in text


def test_terminal_english(tmp_path):
    text = terminal(tmp_path, lang="en")
    assert "checked 87 of 120 figures" in text
    assert "error (1)" in text and "warning (1)" in text and "info (1)" in text
    for header in ("Rule", "Location", "Stated", "Expected", "Message"):
        assert header in text
    assert "Table 1 total should be" in text and "page 3, table 1" in text
    assert "错误" not in text and "could not be audited" in text


def test_terminal_to_stdout_is_stable(capsys):
    write(results()[:1], "text", None)
    out = capsys.readouterr().out
    assert "\x1b[" not in out and "错误 (1)" in out


# Markdown


def test_markdown_table(tmp_path):
    out = tmp_path / "audit.md"
    write(results(), "md", out)
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# gouji 审核结果"
    assert "## reports/甲项目.docx" in lines and "## reports/乙项目.pdf" in lines
    assert "docx · 12 页 · 已核对 87 / 共 120 个数字 · 错误 1 警告 1 提示 1" in lines
    assert "| 编号 | 级别 | 规则 | 位置 | 原文 | 应为 | 说明 | 指纹 |" in lines
    assert "|---|---|---|---|---|---|---|---|" in lines
    assert "| F1 | 错误 | GJ101 | 第3页表1第8行第3列 | 21,043,082.56 | 21,043,082.65元 |" in text
    row = next(line for line in lines if line.startswith("| F2 "))
    assert row.endswith("预算执行率96.88%与预算数、支出数不符\\|应为96.80% |  |")  # pipe escaped; no fingerprint
    assert len([line for line in lines if line.startswith("| F")]) == 3
    assert any("无法审核" in line and "no-text-layer" in line for line in lines)


# Cells that look like formulas (issue 15: a file named =HYPERLINK(...) became a live formula)


def formula_results() -> list[AuditResult]:
    evil = '=HYPERLINK("http://example.invalid","点我")'
    finding = Finding(rule="GJ101", severity="error", message="+1+cmd|' /C calc'!A0", location=Location(block=0),
                      stated_text="-12.50", stated_value=Decimal("-12.50"), evidence="@SUM(A1:A9)")
    return [AuditResult(path=f"{evil}.docx", format="docx", numbers_found=3, numbers_checked=1,
                        findings=[finding])]


def test_csv_writes_formula_lookalikes_as_text(tmp_path):
    out = tmp_path / "audit.csv"
    write(formula_results(), "csv", out, "en")  # English headers are the field names
    (row,) = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False).to_dict("records")
    assert row["document"] == "'=HYPERLINK(\"http://example.invalid\",\"点我\").docx"
    assert row["message"].startswith("'+1") and row["evidence"] == "'@SUM(A1:A9)"
    assert row["stated_text"] == "-12.50" and row["stated_value"] == "-12.50"  # numbers stay numbers


def test_xlsx_writes_formula_lookalikes_as_strings(tmp_path):
    out = tmp_path / "audit.xlsx"
    write(formula_results(), "xlsx", out)
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == '=HYPERLINK("http://example.invalid","点我").docx' for c in cells)
