"""The formula evaluator behind GJ408: what it reproduces exactly, and what it refuses to guess."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model.document import Location
from reading.spreadsheet import Found, Unsupported, evaluate, parse


def _cells(**values):
    return {addr: Found(None if v is None or isinstance(v, str) else Decimal(str(v)), "" if v is None else str(v),
                        Location()) for addr, v in values.items()}


@pytest.mark.parametrize(("formula", "want"), [
    ("=SUM(B2:B4)", "6"), ("=B2+B3*B4", "7"), ("=(B2+B3)*B4", "9"), ("=-B2+10", "9"), ("=B4/B3", "1.5"),
    ("=SUM(B2, B3:B4, 5)", "11"), ("=$B$2+B$3", "3"), ("=sum(B2:B3)", "3"), ("=B2-SUM(B3:B4)/5", "0"),
])
def test_supported_formulas_are_exact(formula, want):
    assert evaluate(parse(formula), _cells(B2=1, B3=2, B4=3), []) == Decimal(want)


@pytest.mark.parametrize("formula", [
    "=ROUND(B2,2)", "=Sheet2!A1", "=B:B", "=B2%", "=B2^2", "=B2&B3", "=IF(B2>0,1,0)", "=B2:B3", "=名称", "=B2>B3",
])
def test_anything_else_is_refused(formula):
    with pytest.raises(Unsupported):
        evaluate(parse(formula), _cells(B2=1, B3=2), [])


def test_unknown_cells_and_text_operands_are_refused_but_text_in_a_range_is_skipped():
    cells = _cells(B2=1, B3="—", B4=None)
    assert evaluate(parse("=SUM(B2:B4)"), cells, []) == 1
    assert evaluate(parse("=B2+B4"), cells, []) == 1  # a blank cell is 0
    for formula in ("=B2+B3", "=B2+B9", "=B2/B4"):
        with pytest.raises(Unsupported):
            evaluate(parse(formula), cells, [])
