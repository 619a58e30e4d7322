"""A document's facts: everything the rules judge, read once, when first asked for.

`Facts(doc)` holds one document; each attribute below is built the first time a rule (or the pipeline)
asks for it and kept, so the indicator list, the outline or the claims are never rebuilt per rule. A rule
declares the attributes it needs in `@rule(needs=...)` and receives only those.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from model.claims import Claim
from model.document import Document, Table
from reading.claims import prose_rates
from reading.contents import ContentsRun, read_contents
from reading.criteria.indicators import Indicator, gather
from reading.funds import Fund, read_funds
from reading.indicator_codes import CodedTable, coded_tables
from reading.indicator_counts import IndicatorCounts, indicator_counts
from reading.lookup import ScoreIndex
from reading.mentions import Citation, ProseAmount, citations, prose_amounts, table_amounts
from reading.named import AliasedTotal, NamedAmounts, Restatement, aliased_totals, total_restatements
from reading.operands import OperandMention, operand_mentions
from reading.outline import DocumentOutline
from reading.rates import ExecutionRow, RateSeen, RoundingEvidence, execution_rows, ratio_rates, rounding_evidence
from reading.score_tables import Closing, ScoreTable, read_score_tables
from reading.self_eval import SelfEvaluations, read_self_evaluations
from reading.spreadsheet import SheetFormula, sheet_formulas
from reading.sums import TableSums, table_sums


@dataclass
class Facts:
    doc: Document
    patterns: tuple[Path, ...] = ()  # extra claim pattern files (--patterns)

    @cached_property
    def claims(self) -> Claims:
        """Statements in the prose (and in prose cells) that a rule can recompute."""
        from reading.claims import find_all

        return Claims(find_all(self.doc, self.patterns))

    @cached_property
    def quantities(self) -> set[tuple]:
        """Where every printed quantity sits (coverage keys)."""
        from reading.quantities import quantity_keys

        return quantity_keys(self.doc)

    @cached_property
    def score_index(self) -> ScoreIndex:
        """Score tables indexed by indicator code, section name and total."""
        return ScoreIndex(self.doc)

    @cached_property
    def score_tables(self) -> list[ScoreTable]:
        """Tables with a maximum and a score column: their columns, rates, stated weights, closing row."""
        return read_score_tables(self.judged_tables)

    @cached_property
    def closings(self) -> list[Closing]:
        """The row closing each score table (合计 of a whole, a lone 小计 of a part), in document order."""
        return [st.closing for st in self.score_tables if st.closing is not None]

    @cached_property
    def rounding(self) -> RoundingEvidence:
        """Which rounding the document's rates with printed operands follow: 得分率 and 执行率 cells, and the
        rates the prose states with their operands."""
        by_table = {id(st.table): st.rates for st in self.score_tables}
        cells = (cell for t in self.doc.tables for cell in (*by_table.get(id(t), ()), *ratio_rates(t)))
        seen = [RateSeen(c.stated, c.exact, c.table.cell_location(*c.pos)) for c in cells]
        return rounding_evidence([*seen, *prose_rates(self.claims)])

    @cached_property
    def funds(self) -> list[Fund]:
        """Each fund of each fund table, with its balance and carry-over relations."""
        return read_funds(self.doc.tables)

    @cached_property
    def execution_rows(self) -> list[ExecutionRow]:
        """Rows with a rate beside their budget and actual amounts."""
        return execution_rows(self.judged_tables)

    @cached_property
    def indicator_counts(self) -> IndicatorCounts:
        """How many indicators each level and group of the indicator tables lists."""
        return indicator_counts(self.doc)

    @cached_property
    def outline(self) -> DocumentOutline:
        """Numbered headings, articles and list items, and which follows which."""
        return DocumentOutline(self.doc)

    @cached_property
    def contents(self) -> list[ContentsRun]:
        """Each table of contents with the headings it covers and how they pair up."""
        return read_contents(self.doc)

    @cached_property
    def coded_tables(self) -> list[CodedTable]:
        """Indicator tables whose label columns carry a hierarchy of codes."""
        return coded_tables(self.doc.tables)

    @cached_property
    def citations(self) -> list[Citation]:
        """The document each numbered list item cites first."""
        return citations(self.doc)

    @cached_property
    def table_amounts(self) -> dict:
        """Distinctive money amounts of the tables (in 元), with what their rows call them."""
        return table_amounts(self.doc)

    @cached_property
    def prose_amounts(self) -> list[ProseAmount]:
        """Money figures in the paragraphs, with the words before them."""
        return prose_amounts(self.doc)

    @cached_property
    def indicators(self) -> list[Indicator]:
        """Every indicator with a scoring criterion: its weight, stated scores and measured values."""
        return gather(self.doc, self.claims)

    @cached_property
    def sheet_formulas(self) -> list[SheetFormula]:
        """Each spreadsheet formula with the value its referenced cells give."""
        return sheet_formulas(self.doc.tables)

    @cached_property
    def named_amounts(self) -> NamedAmounts:
        """Every money amount the document names, in its tables and its prose, by name."""
        return NamedAmounts(self.doc)

    @cached_property
    def self_evaluations(self) -> SelfEvaluations:
        """Each 项目支出绩效自评表: its 项目资金 rows, 绩效指标 rows and 总分 (judged by GJ95x)."""
        return read_self_evaluations(self.doc)

    @cached_property
    def judged_tables(self) -> list[Table]:
        """The tables the general table rules judge: all but the 自评表, whose weights, scores, rates and
        总分 the GJ95x rules judge by the template (a 总分 split from its 执行率 row would not foot)."""
        own = {id(t) for ev in self.self_evaluations for t in ev.tables}
        return [t for t in self.doc.tables if id(t) not in own]

    @cached_property
    def total_restatements(self) -> list[Restatement]:
        """Prose amounts named as a table's total line (收入总计, 本年支出合计), with the lines of that name."""
        return total_restatements(self.doc, self.named_amounts)

    @cached_property
    def operand_mentions(self) -> list[OperandMention]:
        """Formula operands named by the formula's own words, with what the text states under those names."""
        return operand_mentions(self.doc, self.claims.of("formula"))

    @cached_property
    def aliased_totals(self) -> list[AliasedTotal]:
        """Prose amounts named as the year's income or expenditure in other words (决算收入 for 本年收入合计)."""
        return aliased_totals(self.doc, self.named_amounts)

    @cached_property
    def sums(self) -> list[TableSums]:
        """Every table that states sums, with its identities (total = Σ parts)."""
        return table_sums(self.judged_tables)


class Claims(list):
    """The claims of a document in reading order, with a lookup by kind."""

    def __init__(self, claims: list[Claim]):
        super().__init__(claims)
        self._by_kind: dict[str, list[Claim]] = {}
        for claim in claims:
            self._by_kind.setdefault(claim.kind, []).append(claim)

    def of(self, *kinds: str) -> list[Claim]:
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        return [c for c in self if c.kind in kinds]
