"""Write the 项目支出绩效自评表 samples of the benchmark: four consistent ones and four with one error each.

Each sample is a county project's self-evaluation in the national template (项目资金 rows, 年度总体目标,
绩效指标 rows, 总分), as DOCX (python-docx, merged cells as Word merges them) or XLSX (xlsxwriter, merged
ranges). The consistent ones follow the template's rules: 执行率 = 全年执行数 ÷ 全年预算数, the 预算执行率
score = 分值 × 执行率, met targets full marks, missed ones less with a 偏差原因, 总分 = Σ. `labels.json`
lists, for each injected file, the error, the figure it is printed as and the rules meant to catch it
(`benchmarks/selfeval.py` audits them).

    python3 -m corpus.selfeval.make      # rewrites the files beside this script
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).parent
FUND_LABELS = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")


@dataclass
class Indicator:
    first: str
    second: str
    third: str
    target: str
    actual: str
    maximum: str
    score: str
    reason: str = ""


@dataclass
class Project:
    stem: str
    name: str
    department: str
    unit: str
    funds: list[tuple[str, str, str]]  # (年初预算数, 全年预算数, 全年执行数) for 当年财政拨款, 上年结转, 其他
    goal: str
    done: str
    indicators: list[Indicator]
    fund_maximum: str = "10"
    split: bool = False  # fund part and indicator part in separate tables
    rate_text: dict[int, str] = field(default_factory=dict)  # a fund row's printed 执行率, overriding
    fund_score: str | None = None  # the printed 预算执行率 得分, overriding
    total_score: str | None = None  # the printed 总分 得分, overriding


def q2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fund_rows(p: Project) -> list[list[str]]:
    """The four 项目资金 rows as printed: label, 年初, 全年预算, 全年执行, 分值, 执行率, 得分."""
    parts = [tuple(Decimal(v.replace(",", "")) for v in f) for f in p.funds]
    total = tuple(sum(f[i] for f in parts) for i in range(3))
    rows = []
    for i, (label, (a, b, c)) in enumerate(zip(FUND_LABELS, (total, *parts), strict=True)):
        rate = f"{q2(c / b * 100)}%" if b else "—"
        rate = p.rate_text.get(i, rate)
        if i == 0:
            score = p.fund_score or str(q2(min(Decimal(1), c / b) * Decimal(p.fund_maximum)))
            rows.append([label, f"{a:,.2f}", f"{b:,.2f}", f"{c:,.2f}", p.fund_maximum, rate, score])
        else:
            rows.append([label, f"{a:,.2f}", f"{b:,.2f}", f"{c:,.2f}", "—", rate, "—"])
    return rows


def total_row(p: Project, rows: list[list[str]]) -> tuple[str, str]:
    maximum = Decimal(p.fund_maximum) + sum(Decimal(i.maximum) for i in p.indicators)
    score = Decimal(rows[0][6]) + sum(Decimal(i.score) for i in p.indicators)
    return f"{maximum:g}", p.total_score or f"{q2(score)}"


# --- the projects ---------------------------------------------------------------------------------

def water() -> Project:
    return Project(
        "water", "2024年农村饮水安全巩固提升工程", "某县水利局", "某县农村供水管理站",
        [("400.00", "430.00", "418.62"), ("100.00", "90.00", "79.74"), ("0", "0", "0")],
        "完成12处集中供水工程提质改造，新建管网86公里，提升农村自来水普及率至96%以上。",
        "完成12处集中供水工程改造，新建管网88.5公里，农村自来水普及率达96.3%。",
        [
            Indicator("产出指标", "数量指标", "集中供水工程改造数量", "≥12处", "12处", "10", "10"),
            Indicator("产出指标", "数量指标", "新建供水管网长度", "≥86公里", "88.5公里", "10", "10"),
            Indicator("产出指标", "质量指标", "工程验收合格率", "100%", "100%", "10", "10"),
            Indicator("产出指标", "质量指标", "水质检测达标率", "≥95%", "93.8%", "5", "4",
                      "2处水源枯水期浊度超标，已增设过滤设施，下年度加强水质监测"),
            Indicator("产出指标", "时效指标", "工程完工时间", "2024年11月底前", "2024年11月", "5", "5"),
            Indicator("产出指标", "成本指标", "管网建设单位成本", "≤3.2万元/公里", "3.05万元/公里", "10", "10"),
            Indicator("效益指标", "社会效益指标", "农村自来水普及率", "≥96%", "96.3%", "10", "10"),
            Indicator("效益指标", "社会效益指标", "受益人口", "≥3.5万人", "3.62万人", "10", "10"),
            Indicator("效益指标", "可持续影响指标", "工程长效运行管护机制", "健全", "基本健全", "10", "9",
                      "管护人员培训尚未全覆盖，下年度组织专项培训"),
            Indicator("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "94.2%", "10", "10"),
        ])


def medical() -> Project:
    return Project(
        "medical", "2024年城乡医疗救助补助资金", "某县医疗保障局", "某县医疗保障服务中心",
        [("1,250.00", "1,386.00", "1,372.15"), ("0", "64.30", "64.30"), ("0", "0", "0")],
        "对特困人员、低保对象等困难群众给予医疗救助，资助参加城乡居民医保，减轻困难群众医疗费用负担。",
        "全年资助参保2.86万人，住院救助6312人次，门诊救助10478人次，困难群众医疗费用负担有效减轻。",
        [
            Indicator("产出指标", "数量指标", "资助参保人数", "≥2.8万人", "2.86万人", "15", "15"),
            Indicator("产出指标", "数量指标", "住院救助人次", "≥6000人次", "6312人次", "10", "10"),
            Indicator("产出指标", "质量指标", "救助对象认定准确率", "≥98%", "99.1%", "10", "10"),
            Indicator("产出指标", "时效指标", "救助资金发放及时率", "100%", "97.5%", "5", "4",
                      "部分异地就医票据报送滞后，已建立异地就医结算台账"),
            Indicator("产出指标", "成本指标", "人均救助标准", "≤1800元", "1745元", "10", "10"),
            Indicator("效益指标", "社会效益指标", "困难群众政策范围内住院费用救助比例", "≥70%", "72.4%", "15", "15"),
            Indicator("效益指标", "可持续影响指标", "因病致贫返贫发生情况", "有效遏制", "有效遏制", "15", "15"),
            Indicator("满意度指标", "服务对象满意度指标", "救助对象满意度", "≥90%", "92.6%", "10", "10"),
        ])


def schools() -> Project:
    return Project(
        "schools", "2024年义务教育薄弱环节改善与能力提升项目", "某县教育和体育局", "某县教育和体育局",
        [("860.00", "860.00", "803.40"), ("120.00", "120.00", "120.00"), ("30.00", "30.00", "12.50")],
        "改造农村学校校舍1.2万平方米，购置教学仪器设备，改善义务教育办学条件。",
        "完成校舍改造1.18万平方米，购置仪器设备1460台（套），6所学校办学条件明显改善。",
        [
            Indicator("产出指标", "数量指标", "校舍改造面积", "≥1.2万平方米", "1.18万平方米", "10", "9",
                      "1所学校因用地手续延迟开工，已列入下年度计划"),
            Indicator("产出指标", "数量指标", "购置教学仪器设备数量", "≥1400台（套）", "1460台（套）", "10", "10"),
            Indicator("产出指标", "质量指标", "工程竣工验收合格率", "100%", "100%", "10", "10"),
            Indicator("产出指标", "时效指标", "项目完成时限", "≤12个月", "14个月", "5", "3",
                      "受雨季影响工期延误，下年度提前开展前期工作"),
            Indicator("产出指标", "成本指标", "校舍改造单位造价", "≤1800元/平方米", "1765元/平方米", "10", "10"),
            Indicator("效益指标", "社会效益指标", "受益学生人数", "≥5000人", "5260人", "15", "15"),
            Indicator("效益指标", "可持续影响指标", "办学条件达标学校比例", "≥90%", "91.7%", "15", "15"),
            Indicator("满意度指标", "服务对象满意度指标", "师生及家长满意度", "≥90%", "95%", "15", "15"),
        ], split=True)


def farmland() -> Project:
    return Project(
        "farmland", "2024年高标准农田建设项目", "某县农业农村局", "某县农田建设服务中心",
        [("2,400.00", "2,400.00", "2,256.80"), ("310.00", "310.00", "310.00"), ("0", "0", "0")],
        "新建高标准农田2万亩，配套灌排、田间道路等设施，提高粮食综合生产能力。",
        "建成高标准农田2.05万亩，新建渠道36.4公里、田间道路21.8公里，项目区亩均增产52公斤。",
        [
            Indicator("产出指标", "数量指标", "新建高标准农田面积", "≥2万亩", "2.05万亩", "15", "15"),
            Indicator("产出指标", "数量指标", "新建渠道长度", "≥35公里", "36.4公里", "5", "5"),
            Indicator("产出指标", "质量指标", "工程质量验收合格率", "100%", "100%", "10", "10"),
            Indicator("产出指标", "时效指标", "项目完工率", "100%", "92%", "5", "4",
                      "2个标段因秋收推迟施工，已于次年3月完工"),
            Indicator("产出指标", "成本指标", "亩均投资", "≤1500元", "1320元", "10", "10"),
            Indicator("效益指标", "经济效益指标", "项目区亩均增产粮食", "≥50公斤", "52公斤", "10", "10"),
            Indicator("效益指标", "社会效益指标", "项目区耕地质量等级提升", "≥0.5个等级", "0.5个等级", "10", "10"),
            Indicator("效益指标", "生态效益指标", "节水灌溉面积占比", "≥60%", "63.5%", "10", "10"),
            Indicator("满意度指标", "服务对象满意度指标", "项目区农户满意度", "≥90%", "93%", "15", "15"),
        ])


# --- the injected errors (one per file) -----------------------------------------------------------

def injected() -> list[tuple[Project, str, dict]]:
    """(project, format, the label: what was changed, the figure as printed where, the rules meant to catch it)."""
    out = []
    p = copy.deepcopy(water())  # 418.62 + 79.74 = 498.36 of 520.00 is 95.84%
    p.stem, p.rate_text = "water-rate", {0: "97.84%"}
    out.append((p, "docx", {"what": "年度资金总额 执行率 printed 97.84% where 498.36 ÷ 520.00 is 95.84%",
                            "stated": "97.84%", "name": "年度资金总额", "rules": ["GJ951"]}))
    p = copy.deepcopy(medical())
    p.stem, p.total_score = "medical-total", "98.56"
    out.append((p, "xlsx", {"what": "总分 得分 98.56 where the scores add up to 98.90", "stated": "98.56",
                            "name": "总分", "rules": ["GJ954"]}))
    p = copy.deepcopy(schools())
    p.stem = "schools-over"
    p.indicators[3].score = "6"  # 时效指标 weighted 5
    out.append((p, "docx", {"what": "项目完成时限 得分 6 above its 分值 5", "stated": "6", "name": "项目完成时限",
                            "rules": ["GJ953"]}))
    p = copy.deepcopy(farmland())
    p.stem = "farmland-missed"
    p.indicators[3].score, p.indicators[3].reason = "5", ""  # 92% against 100%, now full marks, no reason
    out.append((p, "xlsx", {"what": "项目完工率 92% against 100% scored full marks 5, its 偏差原因 emptied",
                            "stated": "5", "name": "项目完工率", "rules": ["GJ955", "GJ956"]}))
    return out


# --- writing --------------------------------------------------------------------------------------

INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                    "偏差原因分析及改进措施"]
FUND_HEADER = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


def layout(p: Project) -> list[list[tuple[str, int]]]:
    """The table(s) as rows of (text, colspan) over 9 columns; a cell of text None continues a vertical
    merge from the row above. Returns one list of rows per table."""
    funds = fund_rows(p)
    head = [[("项目名称", 2), (p.name, 7)],
            [("主管部门", 2), (p.department, 3), ("实施单位", 1), (p.unit, 3)]]
    money = [[("项目资金（万元）", 1), ("", 2), *((h, 1) for h in FUND_HEADER)]]
    money += [[(None, 1), (r[0], 2), *((v, 1) for v in r[1:])] for r in funds]
    goal = [[("年度总体目标", 1), ("预期目标", 4), ("实际完成情况", 4)], [(None, 1), (p.goal, 4), (p.done, 4)]]
    ind = [[("绩效指标", 1), *((h, 1) for h in INDICATOR_HEADER)]]
    prev = ("", "")
    for i in p.indicators:
        first = None if i.first == prev[0] else i.first
        second = None if (i.first, i.second) == prev else i.second
        prev = (i.first, i.second)
        ind.append([(None, 1), (first, 1), (second, 1), *((v, 1) for v in
                   (i.third, i.target, i.actual, i.maximum, i.score, i.reason))])
    maximum, score = total_row(p, funds)
    total = [[("总分", 6), (maximum, 1), (score, 1), ("", 1)]]
    if p.split:
        return [head + money + goal, [[(h, 1) for h in INDICATOR_HEADER]] + [r[1:] for r in ind[1:]]
                + [[("总分", 5), (maximum, 1), (score, 1), ("", 1)]]]
    return [head + money + goal + ind + total]


def write_docx(p: Project, path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("项目支出绩效自评表")
    d.add_paragraph("（2024年度）")
    for rows in layout(p):
        width = sum(span for _, span in rows[0])
        table = d.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        above: dict[int, tuple[int, int]] = {}  # column → (row, col) of the cell a vertical merge continues
        for r, row in enumerate(rows):
            c = 0
            for text, span in row:
                cell = table.cell(r, c)
                if span > 1:
                    cell = cell.merge(table.cell(r, c + span - 1))
                if text is None:
                    origin = table.cell(*above[c])
                    origin.merge(cell)
                else:
                    cell.text = text
                    above[c] = (r, c)
                c += span
    d.save(path)


def write_xlsx(p: Project, path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("项目支出绩效自评表")
    ws.write(0, 0, "项目支出绩效自评表（2024年度）")
    top = 1
    for rows in layout(p):
        starts: dict[int, int] = {}  # column → first row of a vertical run
        spans: dict[tuple[int, int], tuple[str, int, int]] = {}  # origin → (text, rowspan, colspan)
        for r, row in enumerate(rows):
            c = 0
            for text, span in row:
                if text is None:
                    origin = (starts[c], c)
                    t, rs, cs = spans[origin]
                    spans[origin] = (t, rs + 1, cs)
                else:
                    starts[c] = r
                    spans[(r, c)] = (text, 1, span)
                c += span
        for (r, c), (text, rs, cs) in spans.items():
            if rs > 1 or cs > 1:
                ws.merge_range(top + r, c, top + r + rs - 1, c + cs - 1, text)
            else:
                ws.write_string(top + r, c, text)
        top += len(rows) + 1
    wb.close()


def main() -> None:
    labels = {}
    clean = [(water(), "docx"), (medical(), "xlsx"), (schools(), "docx"), (farmland(), "xlsx")]
    for p, ext in clean:
        (write_docx if ext == "docx" else write_xlsx)(p, HERE / f"{p.stem}.{ext}")
        labels[f"{p.stem}.{ext}"] = []
    for p, ext, label in injected():
        (write_docx if ext == "docx" else write_xlsx)(p, HERE / f"{p.stem}.{ext}")
        labels[f"{p.stem}.{ext}"] = [label]
    (HERE / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
