"""The indicator tree as the tables list it: how many indicators each level has, how many rows a group.

Used to check the counts the prose states ("4 个一级指标、15 个二级指标", "数量指标6个"). A report often
gives one table per 一级指标 and then the whole tree again in an appendix, so each complete table and the
union of the partial ones are separate counts; a claim matching any of them is consistent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from extractor.tables import squeeze
from model.document import Document
from patterns.vocabulary import V


def level_counts(doc: Document) -> list[dict[str, int]]:
    """Distinct indicator names per level column (一级指标…), per table and over the split tables.

    A report often gives one table per 一级指标 and then the whole tree again in an appendix, so each
    complete table and the union of the partial ones are separate counts; a claim matching any is fine.
    """
    per_table: list[dict[str, set[str]]] = []
    for t in doc.tables:
        levels: dict[str, set[str]] = {}
        for col in t.columns:
            level = V.indicator_levels.match(col.header.split("/")[-1])
            if level is None:
                continue
            names = {squeeze(c.text) for c in (t.grid[r][col.index] for r in range(t.header_rows, t.n_rows))
                     if not c.is_blank and t.rows[c.row].kind == "data"}
            levels[level.word] = names
        if levels:
            per_table.append(levels)
    out = [{k: len(v) for k, v in lv.items()} for lv in per_table]
    if len(per_table) > 1:
        union: dict[str, set[str]] = {}
        for lv in per_table:
            for k, v in lv.items():
                union.setdefault(k, set()).update(v)
        out.append({k: len(v) for k, v in union.items()})
    return out


def group_counts(doc: Document) -> Counter:
    """Rows per named group in indicator tables: "数量指标" → 6."""
    counts: Counter = Counter()
    for t in doc.tables:
        for col in t.columns:
            if col.header.split("/")[-1] not in V.indicator_levels:
                continue
            for r in range(t.header_rows, t.n_rows):
                cell = t.grid[r][col.index]
                if not cell.is_blank and t.rows[r].kind == "data":
                    counts[(col.index, id(t), squeeze(cell.text))] += 1
    named: Counter = Counter()
    for (_, _, name), n in counts.items():
        named[name] = max(named[name], n)
    return named


@dataclass(frozen=True)
class IndicatorCounts:
    per_level: list[dict[str, int]]  # "三级指标" → distinct names, per table and over the split tables
    per_group: Counter  # "数量指标" → rows

    def options(self, subject: str) -> list[int] | None:
        """The counts the tables allow for a subject ("三级指标", "数量指标"); None when it is not one."""
        subject = squeeze(subject)
        if subject in V.indicator_levels:
            return sorted({c[subject] for c in self.per_level if subject in c})
        groups = self.per_group
        if subject in groups or any(g.endswith(subject) for g in groups):
            return sorted({n for g, n in groups.items() if g == subject or g.endswith(subject)})
        return None


def indicator_counts(doc: Document) -> IndicatorCounts:
    return IndicatorCounts(level_counts(doc), group_counts(doc))
