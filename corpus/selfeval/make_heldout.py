"""Held-out 项目支出绩效自评表 variants for benchmarks/selfeval.py, written after the rules: provincial header
wording, band scoring, several tables in one file, merged 偏差原因 cells, 无 in met rows, one-decimal scores.
Each is written consistent and with one injected error (labels.json). In a row, '<' merges a cell with the one to its left, '^' with the one above.

    python3 -m corpus.selfeval.make_heldout     # rewrites corpus/selfeval/heldout/
"""

# ruff: noqa: E501 (the rows are quoted whole, one table row a line)
from __future__ import annotations

import copy
import json
from pathlib import Path

OUT = Path(__file__).parent / "heldout"

def grid_docx(d, rows):
    """A Word table from rows of texts and merge marks."""
    w = max(len(r) for r in rows)
    t = d.add_table(rows=len(rows), cols=w)
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        row = row + ["<"] * (w - len(row))
        for c, v in enumerate(row):
            if v == "<":
                t.cell(r, c - 1).merge(t.cell(r, c))  # merged cells keep the text of the first
            elif v == "^":
                t.cell(r - 1, c).merge(t.cell(r, c))
            else:
                t.cell(r, c).text = v
    return t

def head(name, dept):
    return [["项目名称", "<", name, "<", "<", "<", "<", "<", "<"],
            ["主管部门", "<", dept, "<", "<", "实施单位", dept, "<", "<"]]

V1 = [*head("2024年农村公路养护工程", "某县交通运输局"),
    ["项目资金（万元）", "", "年初预算数（A）", "全年预算数（B）", "全年执行数（C）", "分值", "执行率（C/B）", "得分", ""],
    ["^", "年度资金总额：", "860.00", "900.00", "841.50", "10", "93.50%", "8", ""],
    ["^", "其中：财政拨款", "800.00", "840.00", "790.50", "—", "94.11%", "—", ""],
    ["^", "上年结转", "60.00", "60.00", "51.00", "—", "85.00%", "—", ""],
    ["^", "其他资金", "", "", "", "—", "", "—", ""],
    ["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<"],
    ["^", "完成农村公路日常养护1200公里。", "<", "<", "<", "完成农村公路日常养护1236公里。", "<", "<", "<"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["^", "产出指标", "数量指标", "日常养护里程", "不低于1200公里", "1236公里", "20", "20", "无"],
    ["^", "^", "质量指标", "优良路率", "95%以上", "91.2%", "15", "12", "部分路段水毁，已列入下年修复计划"],
    ["^", "^", "^", "养护工程验收合格率", "＞＝98%", "100%", "10", "10", "无"],
    ["^", "^", "时效指标", "水毁路段抢通时间", "≤15天", "12天", "5", "5", "无"],
    ["^", "效益指标", "社会效益指标", "群众出行条件", "明显改善", "明显改善", "20", "20", "无"],
    ["^", "^", "可持续影响指标", "养护长效机制", "建立", "已建立", "10", "10", "无"],
    ["^", "满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "93.6%", "10", "10", "无"],
    ["总分", "<", "<", "<", "<", "<", "100", "95", "自评等级：优"],
]

def proj(name, budget, actual, inds, total):
    rate = actual / budget * 100
    score = round(10 * actual / budget, 2)
    rows = [*head(name, "某县卫生健康局"),
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
        ["^", "年度资金总额", f"{budget:.2f}", f"{budget:.2f}", f"{actual:.2f}", "10", f"{rate:.2f}%", f"{score:.2f}", ""],
        ["^", "其中：当年财政拨款", f"{budget:.2f}", f"{budget:.2f}", f"{actual:.2f}", "—", f"{rate:.2f}%", "—", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
    for i in inds:
        rows.append(["^", *i])
    s = score + sum(float(i[6]) for i in inds)
    rows.append(["总分", "<", "<", "<", "<", "<", "100", total or f"{s:.2f}", ""])
    return rows

V2 = [proj("2024年基本公共卫生服务项目", 1520.00, 1486.32, [
          ["产出指标", "数量指标", "65岁及以上老年人健康管理人数", "≥1.8万人", "1.86万人", "30", "30", ""],
          ["^", "质量指标", "电子健康档案建档率", "≥90%", "92.4%", "20", "20", ""],
          ["效益指标", "社会效益指标", "居民健康素养水平", "≥25%", "26.1%", "30", "30", ""],
          ["满意度指标", "服务对象满意度指标", "居民满意度", "≥85%", "90.2%", "10", "10", ""]], None),
      proj("2024年计划生育家庭奖励扶助项目", 386.40, 386.40, [
          ["产出指标", "数量指标", "奖励扶助人数", "3220人", "3220人", "40", "40", ""],
          ["^", "时效指标", "资金发放及时率", "100%", "100%", "20", "20", ""],
          ["效益指标", "社会效益指标", "政策知晓率", "≥90%", "95%", "20", "20", ""],
          ["满意度指标", "服务对象满意度指标", "受益对象满意度", "≥90%", "96%", "10", "10", ""]], None),
      proj("2024年乡镇卫生院能力提升项目", 640.00, 578.24, [
          ["产出指标", "数量指标", "购置医疗设备数量", "≥45台", "41台", "30", "27", "2台设备招标流标，已重新招标"],
          ["^", "成本指标", "设备采购节支率", "≥5%", "6.2%", "10", "10", ""],
          ["效益指标", "社会效益指标", "乡镇卫生院门诊量增长率", "≥8%", "9.1%", "30", "30", ""],
          ["满意度指标", "服务对象满意度指标", "患者满意度", "≥90%", "92%", "20", "20", ""]], None)]

# V3: a missed target explained in one 偏差原因 cell merged over two rows.
V3 = [*head("2024年城区排水管网改造项目", "某县住房和城乡建设局"),
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["^", "年度资金总额", "2,000.00", "2,150.00", "2,042.50", "10", "95.00%", "9.50", ""],
    ["^", "其中：当年财政拨款", "1,600.00", "1,750.00", "1,642.50", "—", "93.86%", "—", ""],
    ["^", "上年结转资金", "400.00", "400.00", "400.00", "—", "100.00%", "—", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["^", "产出指标", "数量指标", "改造雨污管网长度", "≥18公里", "16.5公里", "20", "18", "受征地拆迁影响，2个标段延期，已于次年一季度完工"],
    ["^", "^", "时效指标", "项目完工率", "100%", "91.7%", "10", "9", "^"],
    ["^", "^", "质量指标", "工程验收合格率", "100%", "100%", "20", "20", ""],
    ["^", "效益指标", "社会效益指标", "城区易涝点消除数量", "≥6处", "6处", "20", "20", ""],
    ["^", "^", "生态效益指标", "污水收集率", "提高5个百分点", "提高5.3个百分点", "10", "10", ""],
    ["^", "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "91%", "10", "10", ""],
    ["总分", "<", "<", "<", "<", "<", "100", "96.50", ""],
]

# V4 (xlsx): the template with 分值 as 权重-like integer scores and scores with one decimal.
V4 = [*head("2024年森林防火专项经费", "某县林业局"),
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "150.00", "150.00", "147.90", "10", "98.60%", "9.9", ""],
    ["", "其中：当年财政拨款", "150.00", "150.00", "147.90", "—", "98.60%", "—", ""],
    ["", "上年结转资金", "0.00", "0.00", "0.00", "—", "—", "—", ""],
    ["", "其他资金", "0.00", "0.00", "0.00", "—", "—", "—", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "防火宣传次数", "≥20次", "24次", "15", "15", ""],
    ["", "", "", "巡护人员数量", "≥120人", "126人", "15", "15", ""],
    ["", "", "质量指标", "火情处置及时率", "100%", "100%", "10", "10", ""],
    ["", "", "成本指标", "人均巡护补助", "≤6000元", "5800元", "10", "10", ""],
    ["", "效益指标", "生态效益指标", "森林火灾受害率", "≤0.9‰", "0.12‰", "20", "20", ""],
    ["", "", "社会效益指标", "重大森林火灾发生次数", "0次", "0次", "10", "10", ""],
    ["", "满意度指标", "服务对象满意度指标", "林区群众满意度", "≥90%", "88.5%", "10", "9.5", "部分偏远林区宣传不到位，下年度加强"],
    ["总分", "", "", "", "", "", "100", "98.4", ""],
]

def write_xlsx(path, rows):
    """One sheet, horizontal merges as merged ranges and vertical ones as blank cells."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("自评表")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v in ("<", "^"):
                continue  # covered by a merge
            span = 1
            while c + span < len(row) and row[c + span] == "<":
                span += 1
            if span > 1:
                ws.merge_range(r, c, r, c + span - 1, v)
            else:
                ws.write_string(r, c, v)
    wb.close()

def edit(tables, t, r, c, value):
    out = copy.deepcopy(tables)
    out[t][r][c] = value
    return out


def write_docx(path, tables):
    import docx

    d = docx.Document()
    d.add_paragraph("项目支出绩效自评表")
    for t in tables:
        d.add_paragraph("（2024年度）")
        grid_docx(d, t)
    d.save(path)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    v4_clean = edit([V4], 0, 15, 7, "99.4")[0]
    files = [
        ("v1-band.docx", [V1], []),
        ("v2-three.docx", V2, []),
        ("v3-merged-reason.docx", [V3], []),
        ("v4-onedecimal.xlsx", [v4_clean], []),
        ("v1-band-missed.docx", edit(edit([V1], 0, 12, 5, "96%"), 0, 12, 8, "无"),
         [{"what": "养护工程验收合格率 96% against ＞＝98% scored full marks 10, 偏差原因 无", "stated": "10", "name": "养护工程验收合格率",
           "rules": ["GJ955", "GJ956"]}]),
        ("v2-three-full.docx", edit(edit(V2, 2, 6, 7, "30"), 2, 10, 7, "99.04"),  # the 总分 follows the score
         [{"what": "third table: 购置医疗设备数量 41台 against ≥45台 scored full marks 30", "stated": "30", "name": "购置医疗设备数量",
           "rules": ["GJ955"]}]),
        ("v3-merged-reason-rate.docx", edit([V3], 0, 4, 6, "93.68%"),
         [{"what": "当年财政拨款 执行率 93.68% where 1,642.50 ÷ 1,750.00 is 93.86%", "stated": "93.68%", "name": "其中：当年财政拨款",
           "rules": ["GJ951"]}]),
        ("v4-onedecimal-total.xlsx", [V4],
         [{"what": "总分 得分 98.4 where 9.9 and the indicator scores add up to 99.4 (an arithmetic slip made while "
                   "writing the sample, kept as its injected error)", "stated": "98.4", "name": "总分", "rules": ["GJ954"]}]),
    ]
    labels = {}
    for name, tables, label in files:
        if name.endswith(".xlsx"):
            write_xlsx(OUT / name, tables[0])
        else:
            write_docx(OUT / name, tables)
        labels[name] = label
    (OUT / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
