"""The held-out surface (`--style holdout`): the same report model, other wordings and table layouts.

Figures keep the keys of `render.py`, so the error families of `inject.py` apply unchanged; only the
text around them, the headers, the place of the 合计 row and of the unit, and the number formats differ.
Layout choices come from their own `random.Random`, so the model (and every figure's value) is the one
`sample_report` draws for the seed.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import replace
from decimal import Decimal

from corpus.synth import phrases_holdout as H
from corpus.synth.doc import Block, Para, Tab, fill, widen
from corpus.synth.figures import Fig, num, pct
from corpus.synth.model import GRADE_SCHEMES, Indicator, Report
from corpus.synth.render import Renderer, plain, score_fig


def holdout_layout(rep: Report) -> dict[str, int]:
    """Layout and number-format choices of one holdout report, drawn apart from the model."""
    rng = random.Random(rep.seed * 7907 + 3)
    style = replace(rep.style, thousands=rng.random() < 0.15, fullwidth=rng.random() < 0.3,
                    wide_pct=rng.random() < 0.4, space=rng.random() < 0.25)
    rep.style = style
    return {k: rng.randrange(12) for k in ("total_first", "unit_at", "headers", "pct_header", "caption", "toc",
                                           "subtotal", "total_word")}


class HoldoutRenderer(Renderer):
    P = H
    TITLES = H.TITLES
    ANALYSIS = H.ANALYSIS

    def __init__(self, rep: Report, grade_override: str | None = None):
        self.lay = holdout_layout(rep)
        super().__init__(rep, grade_override)

    # --- surface ---------------------------------------------------------------------------------
    def maybe_wide(self, f: Fig) -> Fig:
        """Reports typed with a full-width input method have about half their prose figures full-width."""
        if self.st.fullwidth and zlib.crc32(f"holdout:{self.rep.seed}:{f.key}".encode()) % 2 == 0:
            widen(f)
        return f

    def pscore(self, key: str, value: Decimal) -> Fig:
        return self.maybe_wide(score_fig(key, value))

    def cell_rate(self, key: str, n: Decimal, d: Decimal) -> Fig:
        """A rate cell: "95.50%", or "95.50" under a "（%）" header."""
        unit = "" if self.lay["pct_header"] % 2 else "%"
        return num(key, pct(n, d), self.rep.rate_decimals(), self.st, thousands=False, unit=unit)

    def rate_head(self, text: str) -> str:
        return f"{text}（%）" if self.lay["pct_header"] % 2 else text

    def headers(self, options: tuple) -> list[str]:
        return list(options[self.lay["headers"] % len(options)])

    def total_word(self) -> str:
        return H.TOTAL_WORDS[self.lay["total_word"] % len(H.TOTAL_WORDS)]

    def table(self, key: str, title: str, rows: list[list], note: str = "", header_rows: int = 1,
              money: bool = False) -> Tab:
        """Money tables carry their unit in a note line, in the caption, or in the amount headers."""
        self.n_tables += 1
        sep = "：" if self.lay["caption"] % 2 else " "
        caption = f"表{self.n_tables}{sep}{title}"
        if money:
            at = self.lay["unit_at"] % 3
            if at == 1:
                caption += f"（单位：{self.rep.unit}）"
            elif at == 2:
                rows[0] = [h + f"（{self.rep.unit}）" if h in _MONEY_HEADS else h for h in rows[0]]
            else:
                note = f"金额单位：{self.rep.unit}"
        t = Tab(key, caption, note, rows, header_rows)
        self.blocks.append(t)
        return t

    def contents(self) -> list[Block]:
        both = self.lay["toc"] % 2 == 0
        out: list[Block] = [Para(["目  录"], kind="heading")]
        page = 2
        for level, text in self.headings:
            if level == 2 and not both:
                continue
            page += 1 if level == 1 else 0
            out.append(Para([f"{text}{'…' * 8}- {page} -"], kind="toc"))
        return out

    # --- sections --------------------------------------------------------------------------------
    def render(self) -> list[Block]:
        rep = self.rep
        self.text(f"{rep.county}{rep.project}")
        self.text(f"{rep.year}年度绩效评价报告")
        self.text(f"项目主管部门：{rep.dept}")
        self.text(f"第三方评价机构：{rep.firm}")
        toc_at = len(self.blocks)
        self.basic()
        self.work()
        self.conclusion()
        self.analysis()
        for i, (title, key) in enumerate(zip(self.TITLES[4:], ("experience", "problems", "advice"), strict=False)):
            self.heading(1, 4 + i, title)
            for sentence in H.FILLER[key]:
                self.text(sentence)
        self.attachment()
        self.blocks[toc_at:toc_at] = self.contents()
        return self.blocks

    def basic(self) -> None:
        rep = self.rep
        sub = H.SUBTITLES[0]
        self.heading(1, 0, self.TITLES[0])
        self.heading(2, 0, sub[0], parent=0)
        for s in H.FILLER["overview"]:
            self.text(s.format(county=rep.county, project=rep.project, dept=rep.dept))
        if rep.unit == "元":
            people = Fig("percap:people", Decimal(rep.beneficiaries), 0, str(rep.beneficiaries))
            self.para(self.pick(H.PER_CAPITA, "formula"), key="percap", people=people,
                      amount=self.amount("percap:amount", rep.actual),
                      value=self.pfig("formula:percap", rep.actual / rep.beneficiaries, 2, wide_ok=False))
        self.heading(2, 1, sub[1], parent=0)
        self.para(self.pick(H.RATE, "rate"), key="rate:total", budget=self.amount("rate:total:budget", rep.budget),
                  actual=self.amount("rate:total:actual", rep.actual),
                  rate=self.rate("rate:total:rate", rep.actual, rep.budget))
        tmpl = self.pick(H.LINE_RATE, "rate")
        for i, line in enumerate(rep.budget_lines):
            self.para(tmpl, key=f"rate:{i}", n=str(i + 1), name=line.name,
                      budget=self.amount(f"rate:{i}:budget", line.budget),
                      actual=self.amount(f"rate:{i}:actual", line.actual),
                      rate=self.rate(f"rate:{i}:rate", line.actual, line.budget))
        self.para(self.pick(H.ARRIVAL_FORMULA, "formula"), key="arrival",
                  arrived=self.amount("arrival:arrived", rep.arrived), budget=self.amount("arrival:budget", rep.budget),
                  rate=self.rate("formula:arrival", rep.arrived, rep.budget, 2))
        self.fund_table()
        self.budget_table()
        self.heading(2, 2, sub[2], parent=0)
        for s in H.FILLER["goal"]:
            self.text(s)

    def _total_first(self, rows: list[list], keys: list[str]) -> None:
        """Some reports put the 合计 row right under the header."""
        if self.lay["total_first"] % 3 == 0:
            rows.insert(1, rows.pop())
            keys.insert(1, keys.pop())

    def fund_table(self) -> None:
        rep = self.rep
        rows: list[list] = [self.headers(H.FUND_HEADERS)]
        keys = ["header"]
        sub_word = "小计" if self.lay["subtotal"] % 2 else "其中：小计"
        for g, group in enumerate(rep.fund_groups):
            for i, item in enumerate(group.items):
                rows.append([group.label if i == 0 else "", item.label, self.amount(f"fund:{g}:{i}", item.amount)])
                keys.append(f"fund:{g}:{i}")
                for j, part in enumerate(item.parts):
                    rows.append(["", part.label, self.amount(f"fund:{g}:{i}:{j}", part.amount)])
                    keys.append(f"fund:{g}:{i}:{j}")
            if rep.fund_subtotals:
                rows.append(["", sub_word, self.amount(f"fund:{g}:sub", group.total)])
                keys.append(f"fund:{g}:sub")
        rows.append([self.total_word(), "", self.amount("fund:total", sum((g.total for g in rep.fund_groups),
                                                                          Decimal(0)))])
        keys.append("fund:total")
        self._total_first(rows, keys)
        t = self.table("fund", rep.fund_title, rows, money=True)
        t.row_keys = keys

    def budget_table(self) -> None:
        rep = self.rep
        head = self.headers(H.BUDGET_HEADERS)
        head[-1] = self.rate_head(head[-1])
        rows: list[list] = [head]
        keys = ["header"]
        for i, line in enumerate(rep.budget_lines):
            rows.append([line.name, self.amount(f"budget:{i}:budget", line.budget),
                         self.amount(f"budget:{i}:actual", line.actual),
                         self.cell_rate(f"budget:{i}:rate", line.actual, line.budget)])
            keys.append(f"budget:{i}")
        rows.append([self.total_word(), self.amount("budget:total:budget", rep.budget),
                     self.amount("budget:total:actual", rep.actual),
                     self.cell_rate("budget:total:rate", rep.actual, rep.budget)])
        keys.append("budget:total")
        self._total_first(rows, keys)
        t = self.table("budget", "预算执行情况表", rows, money=True)
        t.row_keys = keys

    def work(self) -> None:
        rep = self.rep
        sub = H.SUBTITLES[1]
        self.heading(1, 1, self.TITLES[1])
        self.heading(2, 0, sub[0], parent=1)
        for s in H.FILLER["purpose"]:
            self.text(s)
        self.heading(2, 1, sub[1], parent=1)
        counts = (len(rep.levels), len(rep.level2s()), len(rep.indicators()))
        self.para(self.pick(H.COUNTS, "counts"), key="counts",
                  **{f"n{i + 1}": Fig(f"counts:n{i + 1}", Decimal(c), 0, str(c)) for i, c in enumerate(counts)})
        self.heading(2, 2, sub[2], parent=1)
        names, bounds = GRADE_SCHEMES[rep.grade_scheme]
        slots = {f"g{i}": n for i, n in enumerate(names)}
        slots.update({f"b{i}": str(b) for i, b in enumerate(bounds)})
        self.para(self.pick(H.GRADES, "grades"), key="grades", **slots)
        self.heading(2, 3, sub[3], parent=1)
        for s in H.FILLER["method"]:
            self.text(s)
        self.survey()

    def survey(self) -> None:
        rep, s = self.rep, self.rep.survey
        d = rep.share_decimals
        tmpl = self.pick(H.SURVEY, "survey")
        if tmpl == "TABLE":
            self.text(f"本次共收回有效问卷{s.returned}份，调查结果见下表。")
            head = list(H.SURVEY_TABLE[self.lay["headers"] % len(H.SURVEY_TABLE)])
            rows: list[list] = [head]
            keys = ["header"]
            for i, (name, n) in enumerate(s.counts):
                rows.append([name, Fig(f"survey:c{i}", Decimal(n), 0, str(n)),
                             num(f"survey:p{i}", pct(Decimal(n), Decimal(s.returned)), d, thousands=False, unit="%")])
                keys.append(f"survey:c{i}")
            rows.append([self.total_word(), Fig("survey:total", Decimal(s.returned), 0, str(s.returned)),
                         num("survey:total:share", Decimal(100), d, thousands=False, unit="%")])
            keys.append("survey:total")
            t = self.table("survey", "满意度调查结果统计表", rows)
            t.row_keys = keys
        else:
            slots = {"issued": str(s.issued),
                     "returned": Fig("survey:returned", Decimal(s.returned), 0, str(s.returned)),
                     "back": self.rate("survey:back", Decimal(s.returned), Decimal(s.issued), 2)}
            for i, (_, n) in enumerate(s.counts):
                slots[f"c{i}"] = Fig(f"survey:c{i}", Decimal(n), 0, str(n))
                slots[f"p{i}"] = self.rate(f"survey:p{i}", Decimal(n), Decimal(s.returned), d)
            self.para(tmpl, key="survey", **slots)
        self.para(self.pick(H.SATISFACTION, "survey"), key="satisfaction",
                  returned=Fig("sat:returned", Decimal(s.returned), 0, str(s.returned)),
                  sat=Fig("sat:count", Decimal(s.satisfied), 0, str(s.satisfied)),
                  rate=self.rate("satisfaction", Decimal(s.satisfied), Decimal(s.returned), d))

    def conclusion(self) -> None:
        rep = self.rep
        self.heading(1, 2, self.TITLES[2])
        total = self.pfig("composite", rep.composite, plain(rep.composite)[1])
        self.para(self.pick(H.COMPOSITE, "composite"), key="composite", total=total,
                  grade=Fig("grade", None, 0, self.grade))
        part = self.pick(H.BREAKDOWN_PART, "breakdown")
        pieces: list = []
        for lv in rep.levels:
            if pieces:
                pieces.append("；" if self.lay["caption"] % 3 == 0 else "，")
            pieces.extend(fill(part, self.st, short=lv.short, score=self.pscore(f"bd:{lv.code}", lv.score),
                               weight=score_fig(f"bd:{lv.code}:w", lv.weight)))
        tmpl = self.pick(H.BREAKDOWN, "breakdown")
        head, tail = tmpl.split("{parts}")
        self.blocks.append(Para([head, *pieces, tail], key="breakdown"))
        heads = self.headers(H.SUMMARY_HEADERS)
        heads[-1] = self.rate_head(heads[-1])
        rows: list[list] = [heads]
        keys = ["header"]
        for lv in rep.levels:
            rows.append([lv.name, score_fig(f"sum:{lv.code}:w", lv.weight), score_fig(f"sum:{lv.code}:s", lv.score),
                         self.cell_rate(f"sum:{lv.code}:r", lv.score, lv.weight)])
            keys.append(f"sum:{lv.code}")
        rows.append([self.total_word(), score_fig("sum:total:w", Decimal(100)), score_fig("sum:total:s", rep.composite),
                     self.cell_rate("sum:total:r", rep.composite, Decimal(100))])
        keys.append("sum:total")
        if self.lay["total_word"] % 2:
            rows.append(["评价等级", Fig("table:grade", None, 0, self.grade)])
            keys.append("sum:grade")
        t = self.table("summary", "各一级指标得分汇总表", rows)
        t.row_keys = keys

    def analysis(self) -> None:
        rep = self.rep
        self.heading(1, 3, self.TITLES[3])
        section = self.pick(H.SECTION, "section")
        for li, lv in enumerate(rep.levels):
            self.heading(2, li, self.ANALYSIS[lv.short], parent=3)
            self.para(section, key=f"sec:{lv.code}", short=lv.short, weight=score_fig(f"sec:{lv.code}:w", lv.weight),
                      score=self.pscore(f"sec:{lv.code}:s", lv.score),
                      rate=self.rate(f"sec:{lv.code}:r", lv.score, lv.weight))
            self.level_table(lv)
            for k, ind in enumerate(lv.indicators()):
                self.indicator(k, ind)

    def level_table(self, lv) -> None:
        heads = self.headers(H.LEVEL_HEADERS)
        heads[-1] = self.rate_head(heads[-1])
        rows: list[list] = [heads]
        keys = ["header"]
        first = True
        for l2 in lv.children:
            for j, ind in enumerate(l2.children):
                rows.append([f"{lv.name}（{plain(lv.weight)[0]}分）" if first else "",
                             f"{l2.name}" if j == 0 else "", f"{ind.code}{ind.name}",
                             score_fig(f"tab:{ind.code}:w", ind.weight), score_fig(f"tab:{ind.code}:s", ind.score),
                             self.cell_rate(f"tab:{ind.code}:r", ind.score, ind.weight)])
                keys.append(f"tab:{ind.code}")
                first = False
        rows.append(["合计" if self.lay["subtotal"] % 2 else "小计", "", "", score_fig(f"tab:{lv.code}:w", lv.weight),
                     score_fig(f"tab:{lv.code}:s", lv.score), self.cell_rate(f"tab:{lv.code}:r", lv.score, lv.weight)])
        keys.append(f"tab:{lv.code}")
        t = self.table(f"level:{lv.code}", f"{lv.name}得分明细", rows)
        t.row_keys = keys

    def indicator(self, k: int, ind: Indicator) -> None:
        tmpl = self.pick(H.INDICATOR, "indicator")
        p = self.para(tmpl, key=f"ind:{ind.code}", code=ind.code, name=ind.name,
                      weight=score_fig(f"ind:{ind.code}:w", ind.weight),
                      score=self.pscore(f"ind:{ind.code}:s", ind.score))
        p.parts.insert(0, f"（{k + 1}）")
        self.analysis_text(ind)

    def rule_text(self, ind: Indicator) -> str:
        c, w = ind.criterion, plain(ind.weight)[0]
        if c.kind == "bands":
            b = [plain(s)[0] for _, s in c.bands]
            return H.RULES["bands"].format(b0=b[0], b1=b[1], b2=b[2])
        return H.RULES[c.kind].format(label=ind.measure_label or ind.name, target=c.target, w=w,
                                      per=plain(c.per_point)[0])

    def analysis_text(self, ind: Indicator) -> None:
        rep, c = self.rep, ind.criterion
        if ind.source == "exec":
            self.para(self.pick(H.EXEC_FORMULA, "formula"), key="exec", actual=self.amount("exec:actual", rep.actual),
                      budget=self.amount("exec:budget", rep.budget),
                      rate=self.rate("formula:exec", rep.actual, rep.budget))
        if c.kind == "qual":
            if c.deduction:
                self.text(H.QUAL_DEDUCT.format(name=ind.name, rule=self.rule_text(ind),
                                               deduct=plain(c.deduction)[0]))
            else:
                self.text(H.QUAL_FULL.format(name=ind.name))
            return
        measured = num(f"crit:{ind.code}:m", ind.measured, ind.measured_decimals)
        slots = dict(label=ind.measure_label, measured=measured, rule=self.rule_text(ind),
                     weight=plain(ind.weight)[0], score=self.pscore(f"crit:{ind.code}:s", ind.score),
                     target=str(c.target))
        if c.kind in ("linear", "ceil") and ind.measured < c.target:
            slots.update(gap=num(f"crit:{ind.code}:gap", c.target - ind.measured, ind.measured_decimals),
                         deduct=score_fig(f"crit:{ind.code}:d", ind.weight - ind.score))
            self.para(self.pick(H.CRITERION, "criterion"), key=f"crit:{ind.code}", **slots)
        elif c.kind in ("linear", "ceil"):
            self.para(self.pick(H.CRITERION_FULL, "criterion"), key=f"crit:{ind.code}", **slots)
        elif c.kind == "bands":
            self.para(self.pick(H.CRITERION_BANDS, "criterion"), key=f"crit:{ind.code}", **slots)
        else:
            self.para(self.pick(H.CRITERION_RATIO, "criterion"), key=f"crit:{ind.code}", **slots)

    def attachment(self) -> None:
        rep = self.rep
        self.text("附件：绩效评价指标评分表")
        self.headings.append((1, "附件：绩效评价指标评分表"))
        rows: list[list] = [self.headers(H.SHEET_HEADERS)]
        keys = ["header"]
        n = 0
        for lv in rep.levels:
            for i2, l2 in enumerate(lv.children):
                for j, ind in enumerate(l2.children):
                    n += 1
                    rows.append([str(n), lv.name if i2 == 0 and j == 0 else "", l2.name if j == 0 else "", ind.name,
                                 self.rule_text(ind) + "。", score_fig(f"att:{ind.code}:w", ind.weight),
                                 score_fig(f"att:{ind.code}:s", ind.score)])
                    keys.append(f"att:{ind.code}")
        rows.append([self.total_word(), "", "", "", "", score_fig("att:total:w", Decimal(100)),
                     score_fig("att:total:s", rep.composite)])
        keys.append("att:total")
        t = self.table("sheet", f"{rep.project}绩效评价指标体系及评分结果", rows)
        t.row_keys = keys


_MONEY_HEADS = {"金额", "支出金额", "预算数", "决算数", "全年预算数", "实际支出数"}


def render_holdout(rep: Report, grade_override: str | None = None) -> list[Block]:
    return HoldoutRenderer(rep, grade_override).render()
