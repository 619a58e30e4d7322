"""A held-out phrase bank: the same statements as `phrases.py`, worded differently.

Written from how county-level 绩效评价报告 and 绩效自评报告 word their figures, without looking at
gouji's patterns, so that a benchmark on reports rendered with it (`--style holdout`) measures the
detector on phrasings it has not been tuned on. Slots are those of `phrases.py`, plus `{back}` (有效回收率),
`{sat}` (满意及以上 count) and `{percent}` (a share with its own sign) where a template needs them.
A template may leave a slot out; the figure is then simply not printed there.
"""

from corpus.synth.phrases import CN_NUM  # noqa: F401 — heading numbers are the same

COMPOSITE = (
    "经评价，该项目绩效评价得分为{total}分，绩效等级为“{grade}”。",
    "本次评价最终得分{total}分，属“{grade}”级。",
    "综上，{project}{year}年度绩效评价总分{total}分，对应绩效等级“{grade}”。",
    "评价组依据指标体系对项目进行量化打分，合计得分{total}分，绩效评级为{grade}。",
    "{year}年度该项目绩效自评得分{total}分，自评等级为“{grade}”。",
    "按照百分制评分，项目最终得分为{total}分，评定等级：{grade}。",
)
BREAKDOWN = (
    "分项得分情况为：{parts}。",
    "从各维度看，{parts}。",
    "各一级指标得分分别为：{parts}。",
)
BREAKDOWN_PART = (
    "{short}方面得{score}分",
    "{short}类{score}分（权重{weight}分）",
    "{short}维度得分{score}分（分值{weight}分）",
    "{short}部分为{score}分",
)
SECTION = (
    "{short}类指标权重{weight}分，得{score}分。",
    "{short}指标（{weight}分）评价得分{score}分，占该部分分值的{rate}%。",
    "项目{short}方面共{weight}分，实得{score}分，得分率达{rate}%。",
    "{short}类指标分值为{weight}分，本次评价得分为{score}分，得分比例{rate}%。",
    "本部分标准分{weight}分，评定得分{score}分。",
)
INDICATOR = (
    "{code}“{name}”指标，标准分{weight}分，评价得分{score}分。",
    "{name}（{code}）：分值{weight}分，得分{score}分。",
    "指标{code}{name}，满分{weight}分，实得{score}分。",
    "{code} {name}（满分{weight}分，本项得{score}分）",
)
RATE = (
    "全年预算安排{budget}{unit}，截至{year}年12月31日支出{actual}{unit}，预算执行率{rate}%。",
    "{year}年度项目预算数{budget}{unit}，决算支出{actual}{unit}，预算执行率达到{rate}%。",
    "项目全年可用资金{budget}{unit}，累计支付{actual}{unit}，资金支付率{rate}%。",
    "本年度批复预算{budget}{unit}，实际完成支出{actual}{unit}，支出进度为{rate}%。",
)
LINE_RATE = (
    "（{n}）{name}：预算数{budget}{unit}，决算数{actual}{unit}，执行率{rate}%。",
    "{n}）{name}下达{budget}{unit}，已支出{actual}{unit}，支出率{rate}%。",
    "{name}全年预算{budget}{unit}，年末实际支出{actual}{unit}，执行进度{rate}%。",
)
ARRIVAL_FORMULA = (
    "资金到位率=到位资金/应到位资金×100%={arrived}/{budget}×100%={rate}%。",
    "应到位资金{budget}{unit}，资金到位{arrived}{unit}，到位率{rate}%。",
    "截至评价时点，项目资金实际到位{arrived}{unit}，占预算{budget}{unit}的{rate}%。",
)
EXEC_FORMULA = (
    "预算执行率=实际支出数÷预算数×100%={actual}÷{budget}×100%={rate}%。",
    "执行率计算：{actual}{unit}÷{budget}{unit}×100%={rate}%。",
    "按“预算执行率=支出数/预算数”计算，{actual}/{budget}={rate}%。",
)
PER_CAPITA = (
    "项目惠及{people}人，人均补助资金{value}{unit}（{amount}{unit}÷{people}人）。",
    "人均投入资金=实际支出÷受益人数={amount}÷{people}≈{value}{unit}。",
)
SURVEY = (
    "共发放问卷{issued}份，收回有效问卷{returned}份，有效回收率{back}%。调查结果显示：非常满意{c0}份（{p0}%），"
    "满意{c1}份（{p1}%），基本满意{c2}份（{p2}%），不满意{c3}份（{p3}%）。",
    "本次调查有效样本{returned}个，选择“非常满意”的{c0}个、占{p0}%，选择“满意”的{c1}个、占{p1}%，"
    "选择“基本满意”的{c2}个、占{p2}%，选择“不满意”的{c3}个、占{p3}%。",
    "问卷统计结果：非常满意{p0}%（{c0}人），满意{p1}%（{c1}人），基本满意{p2}%（{c2}人），不满意{p3}%（{c3}人），"
    "样本总数{returned}人。",
    "TABLE",  # the categories in a table (满意程度 / 份数 / 占比), the rest in SATISFACTION
)
SURVEY_TABLE = (
    ("满意程度", "份数", "占比"),
    ("评价选项", "有效问卷数（份）", "比例"),
)
SATISFACTION = (
    "有效问卷{returned}份，其中满意及以上{sat}份，满意率{rate}%。",
    "“非常满意”和“满意”合计{sat}份，服务对象满意度达{rate}%。",
    "综合满意度{rate}%。",
)
GRADES = (
    "评价结果等级划分：{b0}分（含）以上为{g0}，{b1}（含）-{b0}分为{g1}，{b2}（含）-{b1}分为{g2}，{b2}分以下为{g3}。",
    "≥{b0}分为{g0}；{b1}分≤得分<{b0}分为{g1}；{b2}分≤得分<{b1}分为{g2}；<{b2}分为{g3}。",
    "总分在{b0}分以上（含{b0}分）的为“{g0}”，{b1}—{b0}分（含{b1}分）的为“{g1}”，{b2}—{b1}分（含{b2}分）的为“{g2}”，"
    "不足{b2}分的为“{g3}”。",
)
COUNTS = (
    "共设置一级指标{n1}个、二级指标{n2}个、三级指标{n3}个。",
    "指标体系分为三个层级，其中一级指标{n1}个，二级指标{n2}个，三级指标{n3}个。",
    "本次评价共选取{n3}个三级指标，分属{n2}个二级指标和{n1}个一级指标。",
    "评价指标体系由一级指标（{n1}个）、二级指标（{n2}个）、三级指标（{n3}个）构成。",
)
CRITERION = (
    "{label}实际达到{measured}%，目标值{target}%，相差{gap}个百分点，按“{rule}”扣{deduct}分，本项得{score}分。",
    "评分标准：{rule}。经核查，{label}为{measured}%，扣{deduct}分，得{score}分。",
    "{label}未达预期（{measured}%，目标{target}%），依据评分标准扣减{deduct}分，实得{score}分。",
)
CRITERION_FULL = (
    "{label}为{measured}%，已达到目标值{target}%，该项不扣分，得{score}分。",
    "评分标准：{rule}。{label}达{measured}%，得满分{score}分。",
)
CRITERION_RATIO = (
    "{label}{measured}%，依据“{rule}”，得分为{score}分。",
    "该指标按实际比例计分：{label}{measured}%，得分{score}分（{rule}）。",
)
CRITERION_BANDS = (
    "满意度调查结果为{measured}%，对照评分标准“{rule}”，得{score}分。",
    "{label}{measured}%，按分档标准得{score}分。",
)
RULES = {  # the written scoring rule, per criterion kind
    "linear": "{label}达到{target}%及以上得满分{w}分，每降低1个百分点扣{per}分，扣完为止",
    "ceil": "{label}达到{target}%及以上得满分{w}分，每降低1个百分点扣{per}分（不足1个百分点的按1个百分点扣分），"
            "扣完为止",
    "ratio": "按{label}×{w}分计算得分，最高{w}分",
    "bands": "满意度90%（含）以上得{b0}分，80%（含）至90%得{b1}分，70%（含）至80%得{b2}分，低于70%不得分",
    "qual": "完全符合得{w}分，发现一处不规范扣0.5分，扣完为止",
}
QUAL_DEDUCT = "{name}：抽查中发现部分资料不完整，依据“{rule}”，扣减{deduct}分。"
QUAL_FULL = "{name}：相关资料齐全，符合要求，不扣分。"

TITLES = ("项目概况", "绩效评价工作情况", "评价结论", "绩效评价指标分析情况", "主要经验做法", "存在问题", "相关建议")
SUBTITLES = {
    0: ("项目基本情况", "资金投入和使用情况", "项目绩效目标"),
    1: ("评价目的及范围", "评价指标体系构建", "评价等级标准", "评价方法与证据收集"),
}
ANALYSIS = {"决策": "决策指标分析", "过程": "过程指标分析", "产出": "产出指标分析", "效益": "效益指标分析"}

FUND_HEADERS = (("资金来源", "支出内容", "金额"), ("项目", "明细", "支出金额"))
BUDGET_HEADERS = (("资金来源", "预算数", "决算数", "执行率"), ("项目", "全年预算数", "实际支出数", "预算执行率"))
SUMMARY_HEADERS = (("一级指标", "指标分值", "实际得分", "得分率"), ("评价维度", "标准分", "评价得分", "得分率"))
LEVEL_HEADERS = (("一级指标", "二级指标", "三级指标", "指标分值", "实际得分", "得分率"),
                 ("一级指标", "二级指标", "三级指标", "标准分", "评价分", "得分比例"))
SHEET_HEADERS = (("序号", "一级指标", "二级指标", "三级指标", "指标解释及评分标准", "标准分", "评价得分"),
                 ("编号", "一级指标", "二级指标", "三级指标", "评分细则", "指标分值", "实际得分"))
TOTAL_WORDS = ("合计", "总计", "总分")

FILLER = {
    "overview": (
        "受{county}财政局委托，评价组于评价期间对{project}开展了重点绩效评价，现将评价情况报告如下。",
        "该项目由{dept}具体实施，资金由财政部门按进度拨付，单位设立专账核算。",
        "项目实施后，服务对象的基本需求得到进一步保障，社会反响总体较好。",
    ),
    "goal": (
        "年度绩效目标：按时足额落实各项资金，完成年度工作任务，服务对象满意度达到预期水平。",
    ),
    "purpose": (
        "本次评价旨在全面掌握资金使用效益，查找管理中的薄弱环节，提出改进建议，为下一年度预算安排提供依据。",
    ),
    "method": (
        "评价采用资料核查、现场勘查、问卷调查和座谈访谈相结合的方式，对照指标体系逐项评分。",
        "各指标按百分制赋分，定量指标依据评分公式计算得分，定性指标依据核查情况酌情扣分。",
    ),
    "experience": (
        "领导重视，部门协作顺畅，形成了主管部门牵头、实施单位具体负责的工作机制。",
        "资金拨付实行报账制，审核环节完整，资金使用总体规范。",
    ),
    "problems": (
        "绩效目标申报不够细化，部分指标缺少可衡量的目标值。",
        "过程资料留存不完整，部分支出缺少验收资料。",
    ),
    "advice": (
        "科学设定绩效目标，做到指标可量化、可考核。",
        "健全项目档案管理制度，完善验收及支出审核资料。",
    ),
}
