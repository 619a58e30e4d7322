"""Phrasing alternatives, per statement type, in the wording real evaluation reports use.

Slots in braces are filled with figures (or words) by `render.fill`; the unit after a slot is part of
the template. A report picks one variant per statement type (Report.choice).
"""

COMPOSITE = (
    "经综合评价，{project}综合得分为{total}分，评价等级为“{grade}”。",
    "从总体看，项目运行情况良好，经综合评价，综合得分为{total}分，评价级别为“{grade}”。",
    "经评价组综合评定，该项目绩效评价最终得分{total}分，绩效评价等级为“{grade}”。",
    "根据评分标准，本项目综合评分{total}分，等级评定为“{grade}”。",
    "{year}年度{project}绩效评价综合得分为{total}分，综合绩效级别为“{grade}”。",
    "评价组按照评价指标体系逐项打分，项目总得分{total}分，评价结果为“{grade}”。",
)
BREAKDOWN = (
    "其中，{parts}。",
    "其中：{parts}。",
    "各部分得分如下：{parts}。",
    "具体为{parts}。",
)
BREAKDOWN_PART = (
    "{short}{score}分",
    "{short}指标{score}分",
    "项目{short}得分{score}分",
    "{short}类指标得分{score}分（满分{weight}分）",
)
SECTION = (
    "{short}指标满分{weight}分，实际得分{score}分，得分率{rate}%。",
    "{short}指标权重{weight}分，评价得分{score}分，得分率为{rate}%。",
    "该部分指标分值{weight}分，实际得分{score}分，得分率{rate}%。",
    "{short}类指标共{weight}分，得{score}分，得分率{rate}%。",
    "项目{short}情况共设{weight}分，评价得分{score}分，得分率{rate}%。",
)
INDICATOR = (
    "{code} {name}（权重分{weight}分，实际得分{score}分）",
    "{code}{name}（分值{weight}分，得分{score}分）",
    "{code} {name}：该指标分值{weight}分，评价得分{score}分。",
    "{code}{name}（{weight}分）：得{score}分。",
)
RATE = (
    "{year}年项目年初预算{budget}{unit}，实际执行{actual}{unit}，执行率{rate}%。",
    "全年预算资金{budget}{unit}，实际支出{actual}{unit}，预算执行率为{rate}%。",
    "项目预算安排{budget}{unit}，截至{year}年12月31日已执行{actual}{unit}，预算执行率{rate}%。",
    "{year}年共安排资金{budget}{unit}，全年执行{actual}{unit}，执行率{rate}%，项目执行情况较好。",
)
LINE_RATE = (
    "{n}.{name}：年初预算{budget}{unit}，实际执行{actual}{unit}，执行率{rate}%。",
    "{n}.{name}预算{budget}{unit}，支出{actual}{unit}，执行率为{rate}%。",
    "{n}.{name}：安排资金{budget}{unit}，实际使用{actual}{unit}，预算执行率{rate}%。",
)
ARRIVAL_FORMULA = (
    "资金到位率=实际到位资金/预算资金×100%={arrived}/{budget}×100%={rate}%。",
    "资金到位率=（实际到位资金÷计划投入资金）×100%={arrived}÷{budget}×100%={rate}%。",
    "经计算，资金到位率={arrived}/{budget}={rate}%。",
)
EXEC_FORMULA = (
    "预算执行率=实际支出资金/预算资金×100%={actual}/{budget}×100%={rate}%。",
    "预算执行率=（实际支出÷年度预算数）×100%={actual}÷{budget}×100%={rate}%。",
)
PER_CAPITA = (
    "全年共惠及{people}人，人均补助={amount}/{people}={value}{unit}。",
    "项目受益对象{people}人，按实际支出计算人均{value}{unit}（{amount}÷{people}={value}）。",
    "人均投入=实际支出/受益人数={amount}/{people}={value}{unit}。",
)
SURVEY = (
    "本次共发放满意度调查问卷{issued}份，回收有效问卷{returned}份，其中表示“非常满意”的{c0}份，占比{p0}%；"
    "“满意”的{c1}份，占比{p1}%；“基本满意”的{c2}份，占比{p2}%；“不满意”的{c3}份，占比{p3}%。",
    "评价组通过线上线下相结合的方式开展问卷调查，回收{returned}份，其中{c0}份（占比{p0}%）表示非常满意，"
    "{c1}份（占比{p1}%）表示满意，{c2}份（占比{p2}%）表示基本满意，{c3}份（占比{p3}%）表示不满意。",
    "共调查受益群众{returned}人，非常满意{c0}人，占{p0}%；满意{c1}人，占{p1}%；基本满意{c2}人，占{p2}%；"
    "不满意{c3}人，占{p3}%。",
)
SATISFACTION = (
    "经统计测算，服务对象满意度为{rate}%。",
    "综合满意度（非常满意与满意之和）为{rate}%。",
    "满意度调查结果为{rate}%。",
)
GRADES = (
    "根据最终得分情况将评价结果分为四个等级：{g0}（得分≥{b0}分）、{g1}（{b1}≤得分<{b0}分）、{g2}（{b2}≤得分<{b1}分）、"
    "{g3}（得分<{b2}分）。",
    "绩效评价结果分为“{g0}”“{g1}”“{g2}”“{g3}”四个等级：综合得分{b0}分（含）以上为“{g0}”，{b1}分（含）至{b0}分为“{g1}”，"
    "{b2}分（含）至{b1}分为“{g2}”，{b2}分以下为“{g3}”。",
    "评价等级划分如下：{b0}分及以上为{g0}，{b1}分至{b0}分（不含）为{g1}，{b2}分至{b1}分（不含）为{g2}，{b2}分以下为{g3}。",
)
COUNTS = (
    "根据本次评价的特点及要求，设计了{n1}个一级指标、{n2}个二级指标、{n3}个三级指标评价体系，并根据相关性、重要性等原则设置分值与权重。",
    "本次评价指标体系共包括一级指标{n1}个，二级指标{n2}个，三级指标{n3}个，具体评价指标体系与标准见附件。",
    "评价组结合项目特点，构建了由{n1}个一级指标、{n2}个二级指标和{n3}个三级指标组成的评价指标体系。",
    "指标体系共设置一级指标{n1}项、二级指标{n2}项、三级指标{n3}项，采用百分制评分。",
)
CRITERION = (
    "经核实，{label}为{measured}%，评分标准为“{rule}”，较{target}%低{gap}个百分点，扣{deduct}分，得{score}分。",
    "{label}{measured}%，未达到{target}%的目标值，按评分标准（{rule}）扣{deduct}分，该指标得{score}分。",
    "根据评分标准“{rule}”，{label}{measured}%，比目标值低{gap}个百分点，得分{score}分。",
)
CRITERION_FULL = (
    "经核实，{label}为{measured}%，达到评分标准“{rule}”的要求，得满分{score}分。",
    "{label}{measured}%，达到目标值，得{score}分。",
)
CRITERION_RATIO = (
    "{label}为{measured}%，按“{rule}”计算，得{score}分。",
    "按评分标准（{rule}），{label}{measured}%，该指标得{score}分。",
)
CRITERION_BANDS = (
    "{label}为{measured}%，按评分标准“{rule}”，得{score}分。",
    "根据问卷调查结果，{label}{measured}%，对照评分标准，该指标得{score}分。",
)

FILLER = {
    "overview": (
        "为进一步规范和加强财政项目资金管理，提高财政资源配置效率和使用效益，{county}财政局委托第三方机构对{project}实施绩效评价。",
        "项目由{dept}负责组织实施，资金实行专款专用、专账核算，严格按照相关管理办法拨付使用。",
        "项目的实施有效保障了服务对象的合法权益，促进了相关事业的健康发展。",
    ),
    "goal": (
        "项目总体目标为优化管理运行机制，提升保障服务水平，确保资金安全运行，不断提高人民群众的获得感、幸福感和安全感。",
        "通过项目实施，进一步完善管理制度，规范资金使用，按期完成年度各项任务。",
    ),
    "purpose": (
        "通过开展绩效评价，了解项目资金的使用情况和效益情况，总结经验，发现问题，为政府科学决策提供参考。",
    ),
    "method": (
        "评价组在前期调研的基础上，收集相关法律法规、财务会计凭证和业务数据，并通过访谈、问卷调查等方式收集证据资料，对项目实施情况进行评分。",
        "本次绩效评价采用百分制，各级指标依据其权重确定分值，评价人员根据评价情况对各级指标进行打分。",
    ),
    "experience": (
        "严格实行资金专户管理，资金拨付严格按照初审、复审、复核、审批四个环节进行，确保资金安全。",
        "加强日常监督检查，及时发现并纠正资金使用中的问题，营造良好的资金监管环境。",
    ),
    "problems": (
        "部分绩效指标设置不够细化量化，个别指标难以衡量，绩效目标与实际工作内容衔接不够紧密。",
        "项目档案资料管理不够规范，部分支出凭证附件不齐全。",
    ),
    "advice": (
        "进一步完善绩效目标管理，确保绩效指标指向明确、细化量化、合理可行、相应匹配。",
        "加强项目资料归档管理，完善支出凭证，提高财务管理规范化水平。",
    ),
}
CN_NUM = "一二三四五六七八九十"
