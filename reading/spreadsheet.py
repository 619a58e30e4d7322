"""Spreadsheet formulas read and evaluated from the stored values of the cells they refer to.

A workbook prints each formula's cached value: the result of its last calculation. Here each formula
that can be evaluated exactly is evaluated over the workbook's stored values: numbers, references to
cells of the same sheet, + − × ÷, parentheses, unary minus, and SUM over cells and ranges. Any other
function, another sheet, a name, a whole column, a percent sign or a power makes the formula skipped,
never guessed. Whether the printed result follows is GJ408's to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

import regex

from extractor.numfmt import printed_scale
from model.document import Cell, Location, Table

_CELL = regex.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
MAX_RANGE = 10_000  # cells one range may cover; a larger SUM is skipped
MAX_TOKENS = 500


class Unsupported(Exception):
    """The formula uses something this evaluator does not reproduce exactly."""


@dataclass(frozen=True)
class Ref:
    col: int
    row: int

    @property
    def address(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.col)}{self.row}"


def _ref(text: str) -> Ref:
    m = _CELL.match(text.upper())
    if not m:
        raise Unsupported(text)
    from openpyxl.utils import column_index_from_string

    return Ref(column_index_from_string(m.group(1)), int(m.group(2)))


def _range(text: str) -> list[Ref]:
    if "!" in text:
        raise Unsupported(text)  # another sheet (or this one, named): not followed
    if ":" not in text:
        return [_ref(text)]
    first, last = (_ref(part) for part in text.split(":", 1))
    rows = range(min(first.row, last.row), max(first.row, last.row) + 1)
    cols = range(min(first.col, last.col), max(first.col, last.col) + 1)
    if len(rows) * len(cols) > MAX_RANGE:
        raise Unsupported(text)
    return [Ref(c, r) for r in rows for c in cols]


# --- parsing: openpyxl's tokenizer, then a small recursive-descent parser ----------------------------


def parse(formula: str):
    """An expression tree of tuples: ("num", Decimal), ("ref", Ref), ("sum", [args]), ("neg", e),
    (op, a, b) for + - * /. Raises `Unsupported` for anything else."""
    from openpyxl.formula.tokenizer import Tokenizer, TokenizerError

    try:
        tokens = [t for t in Tokenizer(formula).items if t.type != "WHITE-SPACE"]
    except (TokenizerError, ValueError, IndexError):
        raise Unsupported(formula) from None
    if not tokens or len(tokens) > MAX_TOKENS:
        raise Unsupported(formula)
    parser = _Parser(tokens)
    tree = parser.expr()
    if parser.i != len(tokens):
        raise Unsupported(formula)
    return tree


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.i = tokens, 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self):
        token = self.peek()
        if token is None:
            raise Unsupported("end")
        self.i += 1
        return token

    def expr(self):
        node = self.term()
        while (t := self.peek()) is not None and t.type == "OPERATOR-INFIX" and t.value in "+-":
            self.take()
            node = (t.value, node, self.term())
        return node

    def term(self):
        node = self.factor()
        while (t := self.peek()) is not None and t.type == "OPERATOR-INFIX" and t.value in ("*", "/"):
            self.take()
            node = (t.value, node, self.factor())
        return node

    def factor(self):
        t = self.take()
        if t.type == "OPERATOR-PREFIX" and t.value in "+-":
            inner = self.factor()
            return ("neg", inner) if t.value == "-" else inner
        if t.type == "OPERAND" and t.subtype == "NUMBER":
            return ("num", Decimal(t.value))
        if t.type == "OPERAND" and t.subtype == "RANGE":
            refs = _range(t.value)
            if len(refs) != 1 or ":" in t.value:
                raise Unsupported(t.value)  # a range outside SUM
            return ("ref", refs[0])
        if t.type == "PAREN" and t.subtype == "OPEN":
            node = self.expr()
            if (close := self.take()).type != "PAREN" or close.subtype != "CLOSE":
                raise Unsupported(close.value)
            return node
        if t.type == "FUNC" and t.subtype == "OPEN" and t.value.upper() == "SUM(":
            return ("sum", self.arguments())
        raise Unsupported(t.value)

    def arguments(self):
        args = []
        while True:
            t = self.peek()
            if t is not None and t.type == "FUNC" and t.subtype == "CLOSE":
                self.take()
                return args
            if t is not None and t.type == "OPERAND" and t.subtype == "RANGE" and self._alone():
                self.take()
                args.append(("range", _range(t.value)))
            else:
                args.append(self.expr())
            t = self.take()
            if t.type == "FUNC" and t.subtype == "CLOSE":
                return args
            if t.type != "SEP" or t.subtype != "ARG":
                raise Unsupported(t.value)

    def _alone(self) -> bool:
        """Whether the range token at the cursor is a whole argument (followed by "," or ")")."""
        nxt = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else None
        return nxt is not None and (nxt.type == "SEP" or (nxt.type == "FUNC" and nxt.subtype == "CLOSE"))


# --- evaluating over the workbook's stored values ---------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A referenced cell as the document holds it."""

    value: Decimal | None  # None: blank or text
    text: str
    location: Location


def evaluate(node, cells: dict[str, Found], used: list[Found]) -> Decimal:
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "ref":
        found = _lookup(node[1], cells, used)
        if found.value is None and found.text.strip():
            raise Unsupported("text operand")  # Excel gives #VALUE!; nothing to compare
        return found.value or Decimal(0)
    if kind == "neg":
        return -evaluate(node[1], cells, used)
    if kind == "sum":
        total = Decimal(0)
        for arg in node[1]:
            if arg[0] == "range":  # SUM skips text and blanks inside a range, as Excel does
                total += sum((f.value for ref in arg[1] if (f := _lookup(ref, cells, used)).value is not None),
                             Decimal(0))
            else:
                total += evaluate(arg, cells, used)
        return total
    a, b = evaluate(node[1], cells, used), evaluate(node[2], cells, used)
    if kind == "+":
        return a + b
    if kind == "-":
        return a - b
    if kind == "*":
        return a * b
    if b == 0:
        raise Unsupported("division by zero")
    return a / b


def _lookup(ref: Ref, cells: dict[str, Found], used: list[Found]) -> Found:
    found = cells.get(ref.address)
    if found is None:
        # Not in any table of this sheet: a row or column the reader dropped as blank, or a title turned
        # into a paragraph. Unknown, so the formula is skipped rather than read as 0.
        raise Unsupported(ref.address)
    used.append(found)
    return found


def _sheet_cells(tables: list[Table]) -> dict[str, dict[str, Found]]:
    out: dict[str, dict[str, Found]] = {}
    for table in tables:
        for cell in table.cells():
            if cell.sheet is not None:
                out.setdefault(cell.sheet.sheet, {})[cell.sheet.address] = Found(
                    cell.sheet.value, cell.text, table.cell_location(cell.row, cell.col))
    return out


def recomputed(cell: Cell, sheets: dict[str, dict[str, Found]]) -> tuple[Decimal, list[Found]] | None:
    """The formula's value from the stored values it refers to, or None when it cannot be evaluated."""
    used: list[Found] = []
    try:
        tree = parse(cell.formula)
        with localcontext() as ctx:
            ctx.prec = 40
            return evaluate(tree, sheets.get(cell.sheet.sheet, {}), used), used
    except (Unsupported, InvalidOperation, DivisionByZero, RecursionError):
        return None


@dataclass(frozen=True)
class SheetFormula:
    """A formula cell with the value its formula gives, scaled as its number format prints it."""

    table: Table
    cell: Cell
    exact: Decimal  # in the printed unit: a 0.00% cell's 0.9536 is 95.36
    used: tuple[Found, ...]  # the cells it refers to


def sheet_formulas(tables: list[Table]) -> list[SheetFormula]:
    sheets = _sheet_cells(tables)
    out = []
    for table in tables:
        for cell in table.cells():
            if not cell.formula or cell.figure is None or cell.figure.value is None:
                continue
            result = recomputed(cell, sheets)
            if result is None:
                continue
            exact, used = result
            scale = printed_scale(cell.sheet.number_format, exact) or Decimal(1)
            out.append(SheetFormula(table, cell, exact * scale, tuple(used)))
    return out
