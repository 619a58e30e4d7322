"""Report model → blocks (paragraphs and tables) in the layout of a third-party evaluation report."""

from __future__ import annotations

import zlib
from decimal import Decimal

from corpus.synth import phrases as P
from corpus.synth.doc import Block, Para, Tab, fill, widen
from corpus.synth.figures import Fig, num, pct, q, word
from corpus.synth.model import GRADE_SCHEMES, Indicator, Report, grade_of

LEVEL1_TITLES = ("项目基本情况", "绩效评价工作开展情况", "综合评价情况及评价结论", "绩效评价指标分析", "主要经验及做法",
                 "存在的问题及原因分析", "有关建议")
ANALYSIS = {"决策": "项目决策情况", "过程": "项目过程情况", "产出": "项目产出情况", "效益": "项目效益情况"}


def plain(value: Decimal) -> tuple[str, int]:
    """A weight or score as tables print it: 20, 2.5, 19.8, 1.92."""
    v = q(value, 2).normalize()
    text = f"{v:f}"
    return text, (len(text.split(".")[1]) if "." in text else 0)


def score_fig(key: str, value: Decimal, unit: str = "") -> Fig:
    text, decimals = plain(value)
    return Fig(key, value, decimals, text, unit)


class Renderer:
    P = P  # the phrase bank; a subclass renders the same model in other wordings
    TITLES = LEVEL1_TITLES
    ANALYSIS = ANALYSIS

    def __init__(self, rep: Report, grade_override: str | None = None):
        self.rep, self.st = rep, rep.style
        self.blocks: list[Block] = []
        self.grade = grade_override or grade_of(rep.composite, rep.grade_scheme)
        self.n_tables = 0
        self.headings: list[tuple[int, str]] = []  # (level, text) for the contents page

    # --- helpers ---------------------------------------------------------------------------------
    def pick(self, seq, key: str):
        return seq[self.rep.choice[key] % len(seq)]

    def para(self, template: str, key: str = "", **slots) -> Para:
        slots.setdefault("project", self.rep.project)
        slots.setdefault("year", str(self.rep.year))
        slots.setdefault("unit", self.rep.unit)
        p = Para(fill(template, self.st, **slots), key=key)
        self.blocks.append(p)
        return p

    def text(self, text: str, kind: str = "para") -> None:
        self.blocks.append(Para([text], kind=kind))

    def heading(self, level: int, index: int, title: str, parent: int = -1) -> None:
        skip = self.rep.skip_heading
        n = index + (1 if skip and skip[0] == level and skip[1] == parent and index >= skip[2] else 0)
        label = f"{self.P.CN_NUM[n]}、" if level == 1 else f"（{self.P.CN_NUM[n]}）"
        self.blocks.append(Para([label, title], kind="heading", key=f"h{level}:{parent}:{index}"))
        self.headings.append((level, label + title))

    def pfig(self, key: str, value: Decimal, decimals: int, wide_ok: bool = True) -> Fig:
        """A prose figure; some reports print a few in full-width digits."""
        f = num(key, value, decimals, self.st)
        return self.maybe_wide(f) if wide_ok else f

    def maybe_wide(self, f: Fig) -> Fig:
        """Reports that mix full-width digits in do so for some figures, not all."""
        if self.st.fullwidth and zlib.crc32(f"{self.rep.seed}:{f.key}".encode()) % 3 == 0:
            widen(f)
        return f

    def amount(self, key: str, value: Decimal) -> Fig:
        return num(key, value, 2, self.st)

    def rate(self, key: str, n: Decimal, d: Decimal, decimals: int | None = None, unit: str = "") -> Fig:
        decimals = self.rep.rate_decimals() if decimals is None else decimals
        f = num(key, pct(n, d), decimals, self.st, thousands=False, unit=unit)
        return self.maybe_wide(f) if not unit else f

    def table(self, key: str, title: str, rows: list[list], note: str = "", header_rows: int = 1) -> Tab:
        self.n_tables += 1
        t = Tab(key, f"表{self.n_tables} {title}", note, rows, header_rows)
        self.blocks.append(t)
        return t

    # --- the report ------------------------------------------------------------------------------
    def render(self) -> list[Block]:
        rep = self.rep
        self.text(f"{rep.year}年度{rep.county}{rep.project}")
        self.text("绩效评价报告")
        self.text(f"委托单位：{rep.county}财政局")
        self.text(f"项目单位：{rep.dept}")
        self.text(f"评价机构：{rep.firm}")
        toc_at = len(self.blocks)
        self.basic()
        self.work()
        self.conclusion()
        self.analysis()
        for i, (title, key) in enumerate(zip(self.TITLES[4:], ("experience", "problems", "advice"), strict=False)):
            self.heading(1, 4 + i, title)
            for sentence in self.P.FILLER[key]:
                self.text(sentence)
        self.attachment()
        self.blocks[toc_at:toc_at] = self.contents()
        return self.blocks

    def contents(self) -> list[Block]:
        both = self.rep.choice["toc"] % 2 == 0
        out: list[Block] = [Para(["目录"], kind="heading")]
        page = 1
        for level, text in self.headings:
            if level == 2 and not both:
                continue
            page += 1 if level == 1 else 0
            out.append(Para([f"{text}{'.' * 6}{page}"], kind="toc"))
        return out

    def basic(self) -> None:
        rep = self.rep
        self.heading(1, 0, self.TITLES[0])
        self.heading(2, 0, "项目概况", parent=0)
        for s in self.P.FILLER["overview"]:
            self.text(s.format(county=rep.county, project=rep.project, dept=rep.dept))
        if rep.unit == "元":
            people = Fig("percap:people", Decimal(rep.beneficiaries), 0, str(rep.beneficiaries))
            self.para(self.pick(self.P.PER_CAPITA, "formula"), key="percap", people=people,
                      amount=self.amount("percap:amount", rep.actual),
                      value=self.pfig("formula:percap", rep.actual / rep.beneficiaries, 2, wide_ok=False))
        self.heading(2, 1, "项目资金情况", parent=0)
        self.para(self.pick(self.P.RATE, "rate"), key="rate:total", budget=self.amount("rate:total:budget", rep.budget),
                  actual=self.amount("rate:total:actual", rep.actual),
                  rate=self.rate("rate:total:rate", rep.actual, rep.budget))
        tmpl = self.pick(self.P.LINE_RATE, "rate")
        for i, line in enumerate(rep.budget_lines):
            self.para(tmpl, key=f"rate:{i}", n=str(i + 1), name=line.name,
                      budget=self.amount(f"rate:{i}:budget", line.budget),
                      actual=self.amount(f"rate:{i}:actual", line.actual),
                      rate=self.rate(f"rate:{i}:rate", line.actual, line.budget))
        self.para(self.pick(self.P.ARRIVAL_FORMULA, "formula"), key="arrival",
                  arrived=self.amount("arrival:arrived", rep.arrived), budget=self.amount("arrival:budget", rep.budget),
                  rate=self.rate("formula:arrival", rep.arrived, rep.budget, 2))
        self.fund_table()
        self.budget_table()
        self.heading(2, 2, "项目绩效目标", parent=0)
        for s in self.P.FILLER["goal"]:
            self.text(s)

    def fund_table(self) -> None:
        rep = self.rep
        rows: list[list] = [["资金类别", "支出项目", "金额"]]
        keys = ["header"]
        sub_in_second = rep.choice["tables"] % 2 == 0
        for g, group in enumerate(rep.fund_groups):
            for i, item in enumerate(group.items):
                rows.append([group.label if i == 0 else "", item.label, self.amount(f"fund:{g}:{i}", item.amount)])
                keys.append(f"fund:{g}:{i}")
                for j, part in enumerate(item.parts):
                    rows.append(["", part.label, self.amount(f"fund:{g}:{i}:{j}", part.amount)])
                    keys.append(f"fund:{g}:{i}:{j}")
            if rep.fund_subtotals:
                rows.append(["", "小计", None] if sub_in_second else ["小计", "", None])
                rows[-1][2] = self.amount(f"fund:{g}:sub", group.total)
                keys.append(f"fund:{g}:sub")
        rows.append(["合计", "", self.amount("fund:total", sum((g.total for g in rep.fund_groups), Decimal(0)))])
        keys.append("fund:total")
        t = self.table("fund", rep.fund_title, rows, note=f"单位：{rep.unit}")
        t.row_keys = keys

    def budget_table(self) -> None:
        rep = self.rep
        seq = rep.choice["tables"] % 3 == 1
        head = ["项目名称", "年初预算数", "实际执行数", "执行率"]
        rows: list[list] = [(["序号"] if seq else []) + head]
        keys = ["header"]
        for i, line in enumerate(rep.budget_lines):
            rows.append(([str(i + 1)] if seq else []) + [
                line.name, self.amount(f"budget:{i}:budget", line.budget),
                self.amount(f"budget:{i}:actual", line.actual),
                self.rate(f"budget:{i}:rate", line.actual, line.budget, unit="%")])
            keys.append(f"budget:{i}")
        rows.append((["合计", ""] if seq else ["合计"]) + [
            self.amount("budget:total:budget", rep.budget), self.amount("budget:total:actual", rep.actual),
            self.rate("budget:total:rate", rep.actual, rep.budget, unit="%")])
        keys.append("budget:total")
        t = self.table("budget", "项目预算执行情况表", rows, note=f"单位：{rep.unit}")
        t.row_keys = keys

    def work(self) -> None:
        rep = self.rep
        self.heading(1, 1, self.TITLES[1])
        self.heading(2, 0, "绩效评价目的", parent=1)
        for s in self.P.FILLER["purpose"]:
            self.text(s)
        self.heading(2, 1, "评价指标体系", parent=1)
        counts = (len(rep.levels), len(rep.level2s()), len(rep.indicators()))
        self.para(self.pick(self.P.COUNTS, "counts"), key="counts",
                  **{f"n{i + 1}": Fig(f"counts:n{i + 1}", Decimal(c), 0, str(c)) for i, c in enumerate(counts)})
        self.heading(2, 2, "评价标准", parent=1)
        names, bounds = GRADE_SCHEMES[rep.grade_scheme]
        slots = {f"g{i}": n for i, n in enumerate(names)}
        slots.update({f"b{i}": str(b) for i, b in enumerate(bounds)})
        self.para(self.pick(self.P.GRADES, "grades"), key="grades", **slots)
        self.heading(2, 3, "评价方法", parent=1)
        for s in self.P.FILLER["method"]:
            self.text(s)
        self.survey()

    def survey(self) -> None:
        rep, s = self.rep, self.rep.survey
        slots = {"issued": str(s.issued), "returned": Fig("survey:returned", Decimal(s.returned), 0, str(s.returned))}
        for i, (_, n) in enumerate(s.counts):
            slots[f"c{i}"] = Fig(f"survey:c{i}", Decimal(n), 0, str(n))
            slots[f"p{i}"] = self.rate(f"survey:p{i}", Decimal(n), Decimal(s.returned), rep.share_decimals)
        self.para(self.pick(self.P.SURVEY, "survey"), key="survey", **slots)
        self.para(self.pick(self.P.SATISFACTION, "survey"), key="satisfaction",
                  rate=self.rate("satisfaction", Decimal(s.satisfied), Decimal(s.returned), rep.share_decimals))

    def conclusion(self) -> None:
        rep = self.rep
        self.heading(1, 2, self.TITLES[2])
        total = self.pfig("composite", rep.composite, plain(rep.composite)[1])
        self.para(self.pick(self.P.COMPOSITE, "composite"), key="composite", total=total,
                  grade=word("grade", self.grade))
        part = self.pick(self.P.BREAKDOWN_PART, "breakdown")
        pieces: list = []
        for lv in rep.levels:
            if pieces:
                pieces.append("，")
            pieces.extend(fill(part, self.st, short=lv.short, score=score_fig(f"bd:{lv.code}", lv.score),
                               weight=score_fig(f"bd:{lv.code}:w", lv.weight)))
        tmpl = self.pick(self.P.BREAKDOWN, "breakdown")
        head, tail = tmpl.split("{parts}")
        self.blocks.append(Para([head, *pieces, tail], key="breakdown"))
        rows: list[list] = [["评价内容", "分值", "得分", "得分率"]]
        keys = ["header"]
        for lv in rep.levels:
            rows.append([lv.name, score_fig(f"sum:{lv.code}:w", lv.weight), score_fig(f"sum:{lv.code}:s", lv.score),
                         self.rate(f"sum:{lv.code}:r", lv.score, lv.weight, unit="%")])
            keys.append(f"sum:{lv.code}")
        rows.append(["综合得分" if rep.choice["tables"] % 2 else "合计", score_fig("sum:total:w", Decimal(100)),
                     score_fig("sum:total:s", rep.composite),
                     self.rate("sum:total:r", rep.composite, Decimal(100), unit="%")])
        keys.append("sum:total")
        if rep.choice["tables"] % 4 < 2:
            rows.append(["综合绩效级别", word("table:grade", self.grade)])
            keys.append("sum:grade")
        t = self.table("summary", "绩效评价得分情况表", rows)
        t.row_keys = keys

    def analysis(self) -> None:
        rep = self.rep
        self.heading(1, 3, self.TITLES[3])
        section = self.pick(self.P.SECTION, "section")
        for li, lv in enumerate(rep.levels):
            self.heading(2, li, self.ANALYSIS[lv.short], parent=3)
            self.para(section, key=f"sec:{lv.code}", short=lv.short, weight=score_fig(f"sec:{lv.code}:w", lv.weight),
                      score=score_fig(f"sec:{lv.code}:s", lv.score),
                      rate=self.rate(f"sec:{lv.code}:r", lv.score, lv.weight))
            self.level_table(lv)
            for k, ind in enumerate(lv.indicators()):
                self.indicator(k, ind)

    def level_table(self, lv) -> None:
        rows: list[list] = [["一级指标", "二级指标", "三级指标", "权重", "得分", "得分率"]]
        keys = ["header"]
        first = True
        for l2 in lv.children:
            for j, ind in enumerate(l2.children):
                rows.append([f"{lv.code} {lv.name}（{plain(lv.weight)[0]}分）" if first else "",
                             f"{l2.code} {l2.name}" if j == 0 else "", f"{ind.code} {ind.name}",
                             score_fig(f"tab:{ind.code}:w", ind.weight), score_fig(f"tab:{ind.code}:s", ind.score),
                             self.rate(f"tab:{ind.code}:r", ind.score, ind.weight, unit="%")])
                keys.append(f"tab:{ind.code}")
                first = False
        rows.append(["小计", "", "", score_fig(f"tab:{lv.code}:w", lv.weight), score_fig(f"tab:{lv.code}:s", lv.score),
                     self.rate(f"tab:{lv.code}:r", lv.score, lv.weight, unit="%")])
        keys.append(f"tab:{lv.code}")
        t = self.table(f"level:{lv.code}", f"{lv.short}指标评分情况表", rows)
        t.row_keys = keys

    def indicator(self, k: int, ind: Indicator) -> None:
        tmpl = self.pick(self.P.INDICATOR, "indicator")
        p = self.para(tmpl, key=f"ind:{ind.code}", code=ind.code, name=ind.name,
                      weight=score_fig(f"ind:{ind.code}:w", ind.weight),
                      score=score_fig(f"ind:{ind.code}:s", ind.score))
        p.parts.insert(0, f"{k + 1}.")
        self.analysis_text(ind)

    def rule_text(self, ind: Indicator) -> str:
        c, w = ind.criterion, plain(ind.weight)[0]
        if c.kind in ("linear", "ceil"):
            extra = "（不足1个百分点按1个百分点计算）" if c.kind == "ceil" else ""
            return f"≥{c.target}%得{w}分，每低1个百分点扣{c.per_point}分{extra}，扣完为止"
        if c.kind == "ratio":
            return f"得分={ind.measure_label}×{w}分，最高不超过{w}分"
        if c.kind == "bands":
            b = [plain(s)[0] for _, s in c.bands]
            return f"满意度≥90%得{b[0]}分；80%（含）-90%得{b[1]}分；70%（含）-80%得{b[2]}分；70%以下不得分"
        return f"符合要求得{w}分；每发现一处问题扣0.5分，扣完为止"

    def analysis_text(self, ind: Indicator) -> None:
        rep, c = self.rep, ind.criterion
        if ind.source == "exec":
            self.para(self.pick(self.P.EXEC_FORMULA, "formula"), key="exec",
                      actual=self.amount("exec:actual", rep.actual),
                      budget=self.amount("exec:budget", rep.budget),
                      rate=self.rate("formula:exec", rep.actual, rep.budget))
        if c.kind == "qual":
            if c.deduction:
                self.text(f"经查阅相关资料，{ind.name}方面存在个别不规范情况，根据评分标准“{self.rule_text(ind)}”，"
                          f"扣{plain(c.deduction)[0]}分。")
            else:
                self.text(f"经查阅相关资料，{ind.name}符合要求，该指标得满分。")
            return
        label = ind.measure_label
        measured = num(f"crit:{ind.code}:m", ind.measured, ind.measured_decimals)
        slots = dict(label=label, measured=measured, rule=self.rule_text(ind), weight=plain(ind.weight)[0],
                     score=score_fig(f"crit:{ind.code}:s", ind.score), target=str(c.target))
        if c.kind in ("linear", "ceil") and ind.measured < c.target:
            gap = c.target - ind.measured
            slots.update(gap=num(f"crit:{ind.code}:gap", gap, ind.measured_decimals),
                         deduct=score_fig(f"crit:{ind.code}:d", ind.weight - ind.score))
            self.para(self.pick(self.P.CRITERION, "criterion"), key=f"crit:{ind.code}", **slots)
        elif c.kind in ("linear", "ceil"):
            self.para(self.pick(self.P.CRITERION_FULL, "criterion"), key=f"crit:{ind.code}", **slots)
        elif c.kind == "bands":
            self.para(self.pick(self.P.CRITERION_BANDS, "criterion"), key=f"crit:{ind.code}", **slots)
        else:
            self.para(self.pick(self.P.CRITERION_RATIO, "criterion"), key=f"crit:{ind.code}", **slots)

    def attachment(self) -> None:
        rep = self.rep
        self.text("附件：绩效评价指标体系及评分表")
        self.headings.append((1, "附件：绩效评价指标体系及评分表"))
        rows: list[list] = [["序号", "一级指标", "二级指标", "三级指标", "评分标准", "分值", "得分"]]
        keys = ["header"]
        n = 0
        for lv in rep.levels:
            for i2, l2 in enumerate(lv.children):
                for j, ind in enumerate(l2.children):
                    n += 1
                    rows.append([str(n), f"{lv.name}（{plain(lv.weight)[0]}分）" if i2 == 0 and j == 0 else "",
                                 l2.name if j == 0 else "", ind.name, self.rule_text(ind) + "。",
                                 score_fig(f"att:{ind.code}:w", ind.weight), score_fig(f"att:{ind.code}:s", ind.score)])
                    keys.append(f"att:{ind.code}")
        rows.append(["合计", "", "", "", "", score_fig("att:total:w", Decimal(100)),
                     score_fig("att:total:s", rep.composite)])
        keys.append("att:total")
        t = self.table("sheet", f"{rep.year}年度{rep.project}绩效评价评分表", rows)
        t.row_keys = keys


def render(rep: Report, grade_override: str | None = None) -> list[Block]:
    return Renderer(rep, grade_override).render()
