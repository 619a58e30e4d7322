"""The seed reports read the same from text, DOCX and PDF.

`corpus/seeds/NNN.txt` is the reference; `NNN.docx` and `NNN.pdf` are rendered from it by
`corpus/build.py` (python-docx, then LibreOffice). Every reader must give the same tables — grid text
(whitespace removed: a PDF wraps long cells), column roles, row kinds and hierarchy — and the same figures,
cell by cell and in the prose. The repaired texts themselves must keep every character and every figure
of the raw seed texts, because the seeds' printed errors are what the audit is tested on.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from extractor import extract
from model.document import Cell, Document, Table

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
STEMS = ("002", "003", "004")
FORMATS = ("txt", "docx", "pdf")
OTHER_FORMATS = ("docx", "pdf")
_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WS.sub("", text)


@cache
def read(stem: str, fmt: str) -> Document:
    doc = extract(SEEDS / f"{stem}.{fmt}")
    assert doc.status == "ok", f"{stem}.{fmt}: {doc.error}"
    return doc


def _figure_key(cell: Cell) -> tuple | None:
    f = cell.figure
    if f is None:
        return None
    return (f.value, f.decimals, f.unit, f.comparator)


def _table_diff(stem: str, fmt: str, what: str, expected: list, got: list) -> list[str]:
    if len(expected) != len(got):
        return [f"{stem}.{fmt}: {len(got)} {what}, {stem}.txt has {len(expected)}"]
    return [
        f"{stem}.{fmt} table {i + 1}: {what} differ: txt={e!r} {fmt}={g!r}"
        for i, (e, g) in enumerate(zip(expected, got, strict=True))
        if e != g
    ]


def _grid_diff(t: int, fmt: str, expected: Table, got: Table) -> list[str]:
    a = [[squeeze(x) for x in row] for row in expected.text_grid()]
    b = [[squeeze(x) for x in row] for row in got.text_grid()]
    if (len(a), len(a[0]) if a else 0) != (len(b), len(b[0]) if b else 0):
        return [f"table {t}: {fmt} grid is {len(b)}×{len(b[0]) if b else 0}, txt grid is "
                f"{len(a)}×{len(a[0]) if a else 0}; first {fmt} rows: {b[:3]}"]
    return [
        f"table {t} row {r} col {c}: txt={a[r][c]!r} {fmt}={b[r][c]!r}"
        for r in range(len(a)) for c in range(len(a[r])) if a[r][c] != b[r][c]
    ]


def _pairs(stem: str, fmt: str) -> list[tuple[int, Table, Table]]:
    ref, other = read(stem, "txt").tables, read(stem, fmt).tables
    assert len(other) == len(ref), f"{stem}.{fmt}: {len(other)} tables, {stem}.txt has {len(ref)}"
    return [(i + 1, a, b) for i, (a, b) in enumerate(zip(ref, other, strict=True))]


# --- the repaired texts keep everything the raw texts print -------------------------------------


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*%?")


@pytest.mark.parametrize("stem", STEMS)
def test_repaired_text_keeps_every_character_and_figure(stem: str):
    raw = (SEEDS / "raw" / f"{stem}.txt").read_text(encoding="utf-8")
    repaired = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    assert Counter(squeeze(raw)) == Counter(squeeze(repaired))
    assert _FIGURE.findall(raw) == _FIGURE.findall(repaired)
    prose = [[line for line in text.split("\n") if line.strip() and "\t" not in line] for text in (raw, repaired)]
    assert prose[0] == prose[1]


def test_repaired_002_keeps_the_printed_errors():
    text = (SEEDS / "002.txt").read_text(encoding="utf-8")
    for printed in ("21,043,082.56", "96.88%", "84.70%", "\t1.92\t48.00%", "B4 组织管理\tB4 组织管理",
                    "B41 按《社保基金财务制度》", "扣 2.08 分"):
        assert printed in text, printed
    toc = [line.split(".....")[0] for line in text.split("\n") if "....." in line]
    body = toc[toc.index("正文"):]
    assert "二、绩效评价工作情况" in body and "四、绩效评价指标分析" in body
    assert not any(line.startswith("三、") for line in body)  # the contents page skips 三


# --- every format gives the same tables ---------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_table_count(stem: str, fmt: str):
    expected = {"002": 8, "003": 3, "004": 0}[stem]
    assert len(read(stem, fmt).tables) == expected


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_grids(stem: str, fmt: str):
    problems = [p for t, a, b in _pairs(stem, fmt) for p in _grid_diff(t, fmt, a, b)]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_merged_cells(stem: str, fmt: str):
    """Merged cells come back as merges (rowspan/colspan), not as text repeated or left blank."""
    pairs = _pairs(stem, fmt)
    spans = [[[(c.row, c.col, c.rowspan, c.colspan) for c in t.cells() if c.rowspan > 1 or c.colspan > 1]
              for t in (a, b)] for _, a, b in pairs]
    problems = _table_diff(stem, fmt, "merged cells (row, col, rowspan, colspan)", [s[0] for s in spans],
                           [s[1] for s in spans])
    problems += _table_diff(stem, fmt, "row groups", [[squeeze(r.group) for r in a.rows] for _, a, _ in pairs],
                            [[squeeze(r.group) for r in b.rows] for _, _, b in pairs])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_captions_and_header_rows(stem: str, fmt: str):
    pairs = _pairs(stem, fmt)
    problems = _table_diff(stem, fmt, "captions", [squeeze(a.caption) for _, a, _ in pairs],
                           [squeeze(b.caption) for _, _, b in pairs])
    problems += _table_diff(stem, fmt, "header rows", [a.header_rows for _, a, _ in pairs],
                            [b.header_rows for _, _, b in pairs])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_column_roles(stem: str, fmt: str):
    pairs = _pairs(stem, fmt)
    problems = _table_diff(stem, fmt, "column roles", [[c.role for c in a.columns] for _, a, _ in pairs],
                           [[c.role for c in b.columns] for _, _, b in pairs])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_row_kinds_and_hierarchy(stem: str, fmt: str):
    pairs = _pairs(stem, fmt)
    problems = _table_diff(stem, fmt, "row kinds", [[r.kind for r in a.rows] for _, a, _ in pairs],
                           [[r.kind for r in b.rows] for _, _, b in pairs])
    problems += _table_diff(
        stem, fmt, "row (code, level, parent)",
        [[(r.code, r.level, r.parent) for r in a.rows] for _, a, _ in pairs],
        [[(r.code, r.level, r.parent) for r in b.rows] for _, _, b in pairs],
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_figures_per_cell(stem: str, fmt: str):
    problems = []
    for t, a, b in _pairs(stem, fmt):
        if (a.n_rows, a.n_cols) != (b.n_rows, b.n_cols):
            problems.append(f"table {t}: {fmt} grid is {b.n_rows}×{b.n_cols}, txt is {a.n_rows}×{a.n_cols}")
            continue
        for r in range(a.n_rows):
            for c in range(a.n_cols):
                ca, cb = a.grid[r][c], b.grid[r][c]
                if not (a.is_origin(ca, r, c) and b.is_origin(cb, r, c)):
                    continue
                if _figure_key(ca) != _figure_key(cb):
                    problems.append(f"table {t} row {r} col {c} {ca.text!r}: txt figure {_figure_key(ca)}, "
                                    f"{fmt} figure {_figure_key(cb)} from {cb.text!r}")
                inner_a = [(f.value, f.unit) for f in ca.figures]
                inner_b = [(f.value, f.unit) for f in cb.figures]
                if inner_a != inner_b:
                    problems.append(f"table {t} row {r} col {c}: txt figures in text {inner_a}, {fmt} {inner_b}")
    assert not problems, "\n".join(problems[:40])


# --- and the same prose figures -----------------------------------------------------------------


def _first_difference(a, b) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _prose_figures(doc: Document) -> list[tuple]:
    return [(f.value, f.unit) for p in doc.paragraphs if p.kind != "toc" for f in p.figures]


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_prose_figures(stem: str, fmt: str):
    expected, got = _prose_figures(read(stem, "txt")), _prose_figures(read(stem, fmt))
    if expected != got:
        first = _first_difference(expected, got)
        pytest.fail(f"{stem}.{fmt}: {len(got)} prose figures, txt has {len(expected)}; first difference at "
                    f"#{first}: txt {expected[first:first + 4]} vs {fmt} {got[first:first + 4]}")


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_prose_text(stem: str, fmt: str):
    def text(doc: Document) -> str:
        return "".join(squeeze(p.text) for p in doc.paragraphs if p.kind != "toc")

    expected, got = text(read(stem, "txt")), text(read(stem, fmt))
    if expected != got:
        i = _first_difference(expected, got)
        pytest.fail(f"{stem}.{fmt}: prose differs at character {i}: txt …{expected[max(0, i - 30):i + 30]}… "
                    f"vs {fmt} …{got[max(0, i - 30):i + 30]}…")


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_same_headings_and_contents_entries(stem: str, fmt: str):
    """Numbering checks (the contents page skipping 三, 第十七条 → 第二十一条) read these."""
    def outline(doc: Document) -> list[tuple]:
        return [(p.kind, squeeze(p.text), p.level) for p in doc.paragraphs if p.kind in ("heading", "toc")]

    expected, got = outline(read(stem, "txt")), outline(read(stem, fmt))
    i = _first_difference(expected, got)
    assert expected == got, f"{stem}.{fmt}: first difference at #{i}: txt {expected[i:i + 2]} vs {fmt} {got[i:i + 2]}"


# --- named facts from the spec, in every format -------------------------------------------------


def _column(table: Table, role: str) -> int:
    (col,) = table.columns_with(role)
    return col


def _row_with_code(doc: Document, code: str) -> tuple[Table, int]:
    found = [(t, r.index) for t in doc.tables for r in t.rows if r.code == code]
    assert found, f"no table row with code {code}"
    return found[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_002_has_three_fund_tables_four_indicator_tables_and_the_score_sheet(fmt: str):
    tables = read("002", fmt).tables
    assert len(tables) == 8
    for t in tables[:3]:
        assert t.columns_with("amount"), t.caption
        assert any(r.kind == "total" or r.label.endswith("合计") for r in t.rows), t.caption
    for t, letter, weight, score in zip(tables[3:7], "ABCD", (10, 22, 43, 25), ("10", "22", "40.52", "21.47"),
                                        strict=True):
        assert [c.role for c in t.columns] == ["label", "label", "label", "maximum", "target", "measured",
                                               "score", "rate"], t.caption
        codes = [r.code for r in t.rows if r.code]
        assert codes and all(code.startswith(letter) for code in codes), codes
        (subtotal,) = [r for r in t.rows if r.kind == "subtotal"]
        assert t.grid[subtotal.index][_column(t, "maximum")].figure.value == weight
        assert t.grid[subtotal.index][_column(t, "score")].figure.value == Decimal(score)
    sheet = tables[7]
    assert "评分表" in sheet.caption
    assert [c.role for c in sheet.columns] == ["seq", "label", "label", "label", "target", "criterion",
                                               "maximum", "score"]
    assert sheet.n_rows == 19  # header, 17 indicators, 合计
    scores = [sheet.grid[r][7].figure.value for r in range(1, 18)]
    assert sum(scores) == Decimal("93.99") == sheet.grid[18][7].figure.value


@pytest.mark.parametrize("fmt", FORMATS)
def test_002_fund_tables_rows(fmt: str):
    income, spending, balance = read("002", fmt).tables[:3]
    assert [r.kind for r in income.rows].count("subtotal") == 2
    assert income.rows[-1].kind == "total"
    kinds = [r.kind for r in spending.rows]
    assert kinds.count("subtotal") == 2 and kinds[-1] == "total"
    circled = [r for r in spending.rows if r.label and r.label[0] in "①②③④"]
    assert len(circled) == 8
    for row in circled:
        assert row.level == 1
        assert spending.rows[row.parent].label == "基本医疗保险待遇支出"
    assert [c.role for c in balance.columns] == ["label", "amount", "amount", "total"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_002_personal_account_treatment_spending(fmt: str):
    spending = read("002", fmt).tables[1]
    assert "支出" in spending.caption
    amount = _column(spending, "amount")
    rows = [r for r in spending.rows if "个人账户" in r.group and r.label == "基本医疗保险待遇支出"]
    assert len(rows) == 1, [(r.group, r.label) for r in spending.rows]
    cell = spending.grid[rows[0].index][amount]
    assert cell.text == "21,043,082.56"
    assert cell.figure.value == Decimal("21043082.56") and cell.figure.decimals == 2
    subtotal = next(r for r in spending.rows[rows[0].index:] if r.kind == "subtotal")
    assert spending.grid[subtotal.index][amount].figure.value == Decimal("29252519.43")


@pytest.mark.parametrize("fmt", FORMATS)
def test_002_c32_weight_score_and_rate(fmt: str):
    table, r = _row_with_code(read("002", fmt), "C32")
    weight = table.grid[r][_column(table, "maximum")].figure
    score = table.grid[r][_column(table, "score")].figure
    rate = table.grid[r][_column(table, "rate")].figure
    assert (weight.value, weight.decimals) == (4, 0)
    assert (score.value, score.decimals) == (Decimal("1.92"), 2)
    assert (rate.value, rate.decimals, rate.unit) == (Decimal("48.00"), 2, "%")
    assert table.rows[r].group.startswith("C")  # grouped under C 产出指标
    measured = table.grid[r - 1][_column(table, "measured")].figure  # C31 业绩值, printed wrong (H2)
    assert (measured.value, measured.unit) == (Decimal("96.88"), "%")


@pytest.mark.parametrize("fmt", FORMATS)
def test_002_printed_errors_survive_extraction(fmt: str):
    doc = read("002", fmt)
    process = doc.tables[4]
    assert [r.code for r in process.rows[1:6]] == ["B11", "B21", "B31", "B4", "B41"]  # H7
    table, r = _row_with_code(doc, "D11")
    measured = table.grid[r][_column(table, "measured")]
    assert Decimal("84.70") in [f.value for f in measured.figures]  # H3
    assert any("二、绩效评价工作情况" in p.text for p in doc.paragraphs if p.kind == "toc")


@pytest.mark.parametrize("fmt", FORMATS)
def test_003_score_table(fmt: str):
    doc = read("003", fmt)
    (table,) = [t for t in doc.tables if "得分情况表" in t.caption]
    assert [c.role for c in table.columns] == ["label", "maximum", "score", "rate"]
    (total,) = [r for r in table.rows if r.kind == "total"]
    assert total.label == "综合得分"
    maximum, score, rate = (table.grid[total.index][_column(table, role)].figure for role in
                            ("maximum", "score", "rate"))
    assert maximum.value == 100
    assert (score.value, score.decimals) == (Decimal("99.9"), 1)
    assert (rate.value, rate.unit) == (Decimal("99.9"), "%")
    output = next(r for r in table.rows if r.label == "产出")
    assert table.grid[output.index][_column(table, "rate")].figure.value == 99  # Q5: printed 99%
    assert all(r.parent == total.index for r in table.rows if r.kind == "data" and r.label in
               ("决策", "过程", "产出", "效益"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_003_target_tables(fmt: str):
    targets, _score, output = read("003", fmt).tables
    assert [c.role for c in targets.columns] == ["label", "label", "label", "target"]
    assert targets.n_rows == 17  # header and 16 indicators (Q: 6/3/3/3/1)
    assert targets.grid[16][0].text == "满意度指标"
    assert [c.role for c in output.columns] == ["label", "target", "measured"]
    assert output.n_rows == 13


@pytest.mark.parametrize("fmt", FORMATS)
def test_004_regulation_has_no_tables_and_keeps_its_articles(fmt: str):
    doc = read("004", fmt)
    assert doc.tables == []
    text = "".join(squeeze(p.text) for p in doc.paragraphs)
    assert "第十七条" in text and "第二十一条" in text and "第十八条" not in text  # R1


@pytest.mark.parametrize("fmt", FORMATS)
def test_002_score_sheet_total_row(fmt: str):
    sheet = read("002", fmt).tables[7]
    assert sheet.rows[18].kind == "total"
