"""GJ408: a spreadsheet formula whose printed result disagrees with the cells it refers to."""

from __future__ import annotations

from checks.registry import Message, Report, rule
from model.rounding import compare, fmt, fmt_delta
from reading.spreadsheet import SheetFormula


@rule("GJ408", "formula-result-stale", "error", "单元格的公式结果与其引用的单元格不符",
      "A spreadsheet formula's printed result does not follow from the cells it refers to",
      needs=("sheet_formulas",),
      messages={"stale": Message(
          "{address} 的公式 {formula} 按其引用的单元格计算为 {computed}，表中显示 {stated}（差 {delta}），"
          "工作簿可能未重新计算",
          "{address}'s formula {formula} gives {computed} from the cells it refers to, but the cell prints {stated} "
          "(difference {delta}); the workbook may not have been recalculated")})
def formula_result_stale(report: Report, sheet_formulas: list[SheetFormula]) -> None:
    """What it does
    In an Excel workbook, recomputes every formula that uses only numbers, cells of its own sheet,
    + − × ÷ and SUM, from the stored values of the cells it refers to, and compares the result with the
    figure the cell prints (at the decimals its number format prints). Formulas with any other function,
    references to other sheets, or cells gouji could not place are skipped.

    Why is this bad?
    A printed formula result that does not follow from the printed inputs means the workbook was not
    recalculated after an input changed (manual calculation, a value typed over a formula's input, a
    file written by another program): the total a reviewer reads is stale.

    Example
    | 项目 | 执行数 |
    | --- | --- |
    | 甲 | 953.60 |
    | 乙 | 150.00 |
    | 合计 | 1,113.60 (=SUM(B2:B3)) |

    Use instead
    合计 1,103.60: recalculate the workbook (F9, or 公式 → 计算选项 → 自动) before printing it.
    """
    for sf in sheet_formulas:
        cell, stated = sf.cell, sf.cell.figure
        where = sf.table.cell_location(cell.row, cell.col)
        report.touch(where, *(f.location for f in sf.used))
        agreement = compare(stated, sf.exact)
        if agreement.ok:
            continue
        report.finding(
            "stale", where, stated=stated, expected=agreement.expected, exact=sf.exact,
            evidence=f"{cell.formula} = {fmt(sf.exact, stated)}",
            related=tuple(dict.fromkeys(f.location for f in sf.used))[:50], address=cell.sheet.address,
            formula=cell.formula, computed=fmt(sf.exact, stated), delta=fmt_delta(stated.value - sf.exact, stated))
