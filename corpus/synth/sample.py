"""Draw one report's data model from a seeded random.Random."""

from __future__ import annotations

import random
from decimal import Decimal

from corpus.synth.figures import Style, pct, q
from corpus.synth.model import (
    BudgetLine,
    Criterion,
    FundGroup,
    FundItem,
    Indicator,
    Level1,
    Level2,
    Report,
    Survey,
)

D = Decimal
COUNTIES = ("华宁县", "临沭县", "永和县", "武宁县", "澄江市", "宁洱县", "石屏县", "富源县", "江川区", "嵩明县",
            "弥勒市", "会泽县", "泸西县", "元谋县")
PROJECTS = (
    ("城乡居民基本医疗保险财政补助资金", "医疗保障局"),
    ("农村饮水安全巩固提升工程专项资金", "水务局"),
    ("义务教育学生营养改善计划补助资金", "教育体育局"),
    ("高标准农田建设项目资金", "农业农村局"),
    ("城镇老旧小区改造项目资金", "住房和城乡建设局"),
    ("公共文化服务体系建设专项资金", "文化和旅游局"),
    ("困难残疾人生活补贴和重度残疾人护理补贴资金", "残疾人联合会"),
    ("巩固拓展脱贫攻坚成果同乡村振兴有效衔接资金", "乡村振兴局"),
    ("城市环境卫生清扫保洁经费", "城市管理局"),
    ("基本公共卫生服务补助资金", "卫生健康局"),
)
FIRMS = ("云南天正会计师事务所（特殊普通合伙）", "昆明明诚会计师事务所有限公司", "中和信达会计师事务所（普通合伙）",
         "山东正源和信资产评估有限公司", "江西华审会计师事务所有限公司")

# Indicator pools: level-2 name → level-3 (name, kind); kinds are scored by Criterion.
POOLS = {
    "决策": [("项目立项", [("立项依据充分性", "qual"), ("立项程序规范性", "qual")]),
           ("绩效目标", [("绩效目标合理性", "qual"), ("绩效指标明确性", "qual")]),
           ("资金投入", [("预算编制科学性", "qual"), ("资金分配合理性", "qual")]),
           ("政策制定", [("政策制定依据及程序相关性", "qual")])],
    "过程": [("资金管理", [("资金到位率", "arrival"), ("预算执行率", "exec"), ("资金使用合规性", "qual")]),
           ("组织实施", [("管理制度健全性", "qual"), ("制度执行有效性", "qual")]),
           ("财务管理", [("财务监控有效性", "qual")]),
           ("信息公开", [("信息公开及时性", "qual")])],
    "产出": [("产出数量", [("计划任务完成率", "linear"), ("覆盖对象完成率", "ceil")]),
           ("产出质量", [("质量达标率", "linear"), ("验收合格率", "ratio")]),
           ("产出时效", [("资金拨付及时率", "linear"), ("完成及时性", "qual")]),
           ("产出成本", [("成本控制情况", "qual")]),
           ("补助标准", [("补助标准执行准确率", "ratio")])],
    "效益": [("社会效益", [("政策知晓率", "linear"), ("群众获得感", "qual")]),
           ("可持续影响", [("长效管理机制健全性", "qual")]),
           ("满意度", [("服务对象满意度", "survey")]),
           ("经济效益", [("带动群众增收情况", "qual")])],
}
FOUR = ("决策", "过程", "产出", "效益")
THREE = ("过程", "产出", "效益")
WEIGHTS = {4: ((20, 20, 40, 20), (15, 25, 35, 25), (10, 22, 43, 25), (20, 20, 30, 30), (15, 20, 40, 25)),
           3: ((30, 40, 30), (25, 45, 30), (30, 45, 25))}


def _split(rng: random.Random, total: int, n: int, halves: bool) -> list[Decimal]:
    """n weights ≥ 2 summing to total, in whole or half points."""
    step = D("0.5") if halves else D(1)
    weights = [D(2)] * n
    rest = D(total) - 2 * n
    while rest > 0:
        k = rng.randrange(n)
        weights[k] += step
        rest -= step
    return weights


def _tree(rng: random.Random) -> list[Level1]:
    for _ in range(200):
        names = FOUR if rng.random() < 0.7 else THREE
        weights = rng.choice(WEIGHTS[len(names)])
        levels = []
        for li, short in enumerate(names):
            pool = POOLS[short]
            n2 = rng.randint(2, min(4, len(pool)))
            chosen = sorted(rng.sample(range(len(pool)), n2))
            code1 = "ABCD"[li]
            l2s = []
            for k, idx in enumerate(chosen):
                name2, specs = pool[idx]
                n3 = rng.randint(1, len(specs))
                picked = [specs[j] for j in sorted(rng.sample(range(len(specs)), n3))]
                l3 = [Indicator(f"{code1}{k + 1}{j + 1}", nm, D(0), Criterion("qual"), source=kind)
                      for j, (nm, kind) in enumerate(picked)]
                l2s.append(Level2(f"{code1}{k + 1}", name2, l3))
            levels.append(Level1(code1, f"{short}指标", short, l2s))
        n2 = sum(len(lv.children) for lv in levels)
        n3 = sum(len(lv.indicators()) for lv in levels)
        if 8 <= n2 <= 16 and 10 <= n3 <= 20 and all(
                2 * len(lv.indicators()) <= w for lv, w in zip(levels, weights, strict=False)):
            halves = rng.random() < 0.3
            for lv, w in zip(levels, weights, strict=False):
                for ind, wt in zip(lv.indicators(), _split(rng, w, len(lv.indicators()), halves), strict=False):
                    ind.weight = wt
            return levels
    raise RuntimeError("no indicator tree fits the bounds")


def _amount(rng: random.Random, unit: str, low: float, high: float) -> Decimal:
    value = D(str(round(rng.uniform(low, high), 2)))
    return value if unit == "万元" else q(value * 10000 + D(rng.randint(0, 99)) / 100, 2)


def _funds(rng: random.Random, unit: str) -> tuple[list[FundGroup], bool]:
    groups = []
    sources = rng.choice([("中央财政资金", "省级财政资金", "县级财政资金"), ("上级补助资金", "本级财政资金"),
                          ("基本支出", "项目支出")])
    items_pool = ["人员补助支出", "设备购置支出", "工程建设支出", "劳务费", "委托业务费", "专用材料费", "宣传培训费",
                  "维修（护）费", "补助发放支出", "信息化建设支出", "其他支出"]
    for src in sources:
        labels = rng.sample(items_pool, rng.randint(2, 4))
        items = []
        for lab in labels:
            amount = _amount(rng, unit, 20, 900)
            parts = []
            if rng.random() < 0.25:
                a = q(amount * D(str(rng.uniform(0.2, 0.7))), 2)
                parts = [FundItem("①资本性支出", a), FundItem("②日常运行支出", amount - a)]
            items.append(FundItem(lab, amount, parts))
        groups.append(FundGroup(src, items))
    return groups, rng.random() < 0.7


def _budget_lines(rng: random.Random, groups: list[FundGroup]) -> list[BudgetLine]:
    """One budget line per fund group; what was spent is the group's total in the fund table."""
    lines = []
    for g in groups:
        a = g.total
        b = a if rng.random() < 0.5 else q(a / D(str(rng.uniform(0.82, 0.995))), 2)
        lines.append(BudgetLine(g.label, b, a))
    return lines


def _survey(rng: random.Random, decimals: int) -> Survey:
    returned = rng.randint(120, 900)
    issued = returned + rng.randint(0, 40)
    unsatisfied = rng.randint(0, max(1, returned // 40))
    basic = rng.randint(returned // 30, returned // 6)
    very = rng.randint(returned // 3, returned // 2)
    ok = returned - unsatisfied - basic - very
    counts = [("非常满意", very), ("满意", ok), ("基本满意", basic), ("不满意", unsatisfied)]
    return Survey(issued, returned, counts, very + ok)


def _score(rng: random.Random, ind: Indicator, rep: Report) -> None:
    w = ind.weight
    kind = ind.source
    if kind == "qual":
        deduct = D(0) if rng.random() < 0.7 else min(w, D(rng.choice(["0.5", "1", "1.5", "2"])))
        ind.criterion = Criterion("qual", deduction=deduct)
    elif kind in ("linear", "ceil", "arrival"):
        target = D(rng.choice([90, 95, 98, 100]))
        per = D(rng.choice(["0.5", "0.4", "0.2", "1", "2"]))
        decimals = 1 if per.as_tuple().exponent < 0 else 2
        if kind == "arrival":
            measured = q(pct(rep.arrived, rep.budget), 2)
            per, decimals = D(rng.choice(["1", "2"])), 2
        elif rng.random() < 0.65:
            measured = min(D(100), target + D(rng.randint(0, 30)) / 10)
        else:
            measured = target - D(rng.randint(1, 5 * 10 ** decimals)) / 10 ** decimals
        ind.criterion = Criterion("ceil" if kind == "ceil" else "linear", target, per)
        ind.measured, ind.measured_decimals = q(measured, decimals), decimals
        ind.measure_label = ind.name
    elif kind in ("ratio", "exec"):
        ind.criterion = Criterion("ratio")
        if kind == "exec":
            ind.measured = q(pct(rep.actual, rep.budget), rep.rate_decimals())
            ind.measured_decimals = rep.rate_decimals()
        else:
            ind.measured = D(rng.randint(9000, 10000)) / 100
        ind.measure_label = ind.name
    elif kind == "survey":
        bands = ((D(90), w), (D(80), q(w * D("0.8"), 2)), (D(70), q(w * D("0.6"), 2)), (D(0), D(0)))
        ind.criterion = Criterion("bands", bands=bands)
        ind.measured = rep.survey.share(rep.survey.satisfied, rep.share_decimals)
        ind.measured_decimals = rep.share_decimals
        ind.measure_label = "服务对象满意度"
    ind.score = ind.rule_score()


def sample_report(seed: int) -> Report:
    rng = random.Random(seed)
    county = rng.choice(COUNTIES)
    project, office = rng.choice(PROJECTS)
    unit = "万元" if rng.random() < 0.6 else "元"
    style = Style(thousands=unit == "元" or rng.random() < 0.3, fullwidth=rng.random() < 0.15,
                  wide_pct=rng.random() < 0.2, space=rng.random() < 0.35, rate_decimals=rng.choice([2, 2, 1]))
    levels = _tree(rng)
    groups, subtotals = _funds(rng, unit)
    lines = _budget_lines(rng, groups)
    budget = sum((b.budget for b in lines), D(0))
    arrived = budget if rng.random() < 0.6 else q(budget * D(str(rng.uniform(0.9, 0.995))), 2)
    share_decimals = rng.choice([2, 2, 1])
    rep = Report(seed=seed, year=rng.randint(2019, 2024), county=county, project=project,
                 dept=f"{county}{office}", firm=rng.choice(FIRMS), unit=unit, style=style, levels=levels,
                 fund_title=rng.choice(["项目资金支出明细表", "项目资金使用情况表", "项目支出情况表"]),
                 fund_groups=groups, fund_subtotals=subtotals, budget_lines=lines, arrived=arrived,
                 survey=_survey(rng, share_decimals), grade_scheme=rng.randrange(3), share_decimals=share_decimals,
                 choice={k: rng.randrange(8) for k in ("title", "composite", "breakdown", "section", "indicator",
                                                      "rate", "formula", "survey", "grades", "counts",
                                                      "criterion", "toc", "fund_note", "tables")},
                 beneficiaries=rng.randint(800, 60000), per_capita_decimals=2)
    for ind in rep.indicators():
        _score(rng, ind, rep)
    return rep
