"""The words of the CFP study report, each as (Chinese, English).

The section titles follow what ISO 14067:2018 clause 7 (GB/T 24067-2024 clause 7) asks a CFP
study report to contain.
"""

from __future__ import annotations

from carbonlabel.adapters.documents.vocabulary import Pair

TITLE: Pair = ("产品碳足迹研究报告", "Carbon footprint of a product (CFP) study report")
SUBTITLE: Pair = ("依据 GB/T 24067-2024 / ISO 14067:2018 第 7 章",
                  "Per GB/T 24067-2024 / ISO 14067:2018 clause 7")

#: the report's sections, in order
SECTIONS: dict[str, Pair] = {
    "general": ("1 概况", "1 General information"),
    "goal": ("2 研究目的", "2 Goal of the study"),
    "scope": ("3 研究范围", "3 Scope of the study"),
    "unit": ("3.1 功能单位或声明单位", "3.1 Functional or declared unit"),
    "boundary": ("3.2 系统边界", "3.2 System boundary"),
    "cut_off": ("3.3 取舍准则", "3.3 Cut-off criteria"),
    "allocation": ("3.4 分配程序", "3.4 Allocation procedures"),
    "conformance": ("3.5 产品碳足迹核算规则符合性", "3.5 Conformance to the product rule (PCR)"),
    "data": ("4 数据来源", "4 Data sources"),
    "quality": ("5 数据质量", "5 Data quality"),
    "gwp": ("6 全球增温潜势（GWP）", "6 Global warming potentials (GWP)"),
    "results": ("7 量化结果", "7 Quantification results"),
    "separate": ("8 单独报告的项目", "8 Separately reported items"),
    "uncertainty": ("9 不确定性与敏感性", "9 Uncertainty and sensitivity"),
    "interpretation": ("10 结果解释", "10 Interpretation"),
    "provenance": ("11 可追溯信息", "11 Provenance"),
}

G: dict[str, Pair] = {
    "organisation": ("委托组织", "Organisation"),
    "product": ("产品", "Product"),
    "category": ("产品类别", "Product category"),
    "rule": ("产品碳足迹核算规则", "Product rule (PCR)"),
    "calculated": ("计算日期", "Date calculated"),
    "total": ("产品碳足迹", "Carbon footprint of the product"),
    "kind": ("单位类型", "Kind of unit"),
    "description": ("描述", "Description"),
    "reference_flow": ("基准流", "Reference flow"),
    "boundary": ("系统边界", "System boundary"),
    "stages": ("包含的生命周期阶段", "Life-cycle stages included"),
    "geography": ("地理范围", "Geography"),
    "period": ("时间范围", "Time period"),
    "none": ("无", "none"),
    "not_stated": ("未说明", "not stated"),
}
GOAL: Pair = (
    "量化{product}每{unit}的产品碳足迹（{kind}），用于产品碳足迹标识认证及向客户和公众"
    "传达。预期受众：认证机构、客户和公众。{partial}",
    "To quantify the carbon footprint of {product} per {unit} ({kind}) for the product carbon "
    "footprint label certification and for communication to customers and the public. "
    "Intended audience: the certification body, customers and the public. {partial}")
PARTIAL: Pair = ("本研究为部分产品碳足迹，仅包括所列生命周期阶段，不得用于完整生命周期的比较。",
                 "This is a partial CFP covering the stages listed only; it must not be used "
                 "to compare whole life cycles.")
FULL: Pair = ("本研究为完整产品碳足迹（从摇篮到坟墓）。", "This is a full CFP (cradle to grave).")
KINDS: dict[str, Pair] = {"declared": ("部分碳足迹，声明单位", "partial CFP, declared unit"),
                          "functional": ("完整碳足迹，功能单位", "full CFP, functional unit")}

CUT: dict[str, Pair] = {
    "rule": ("取舍规则：单项输入不超过总量的 {per}，被舍弃输入合计不超过 {total}。",
             "Rule: an input may be left out if below {per} of the total, and all inputs "
             "left out together below {total}."),
    "excluded": ("按取舍规则舍弃的输入合计估计占 {share}{verdict}。",
                 "The inputs left out under the rule are estimated at {share} of the "
                 "total{verdict}."),
    "within": ("，符合规则", ", within the rule"),
    "beyond": ("，超过规则允许的合计比例", ", beyond the total the rule allows"),
    "no_rule": ("模型未提供取舍规则的详细信息。", "The model's cut-off rule is not available."),
    "item": ("被舍弃的输入", "Input left out"),
    "share": ("估计占比", "Estimated share"),
    "reason": ("理由", "Reason"),
    "none": ("没有舍弃任何输入。", "No input was left out."),
}
ALLOC: dict[str, Pair] = {
    "none": ("所有过程均为单一产出，避免了分配（ISO 14067 6.4.6 的优先顺序）。",
             "Every process has a single output: allocation was avoided (the order of "
             "ISO 14067 6.4.6)."),
    "process": ("过程", "Process"),
    "method": ("方法", "Method"),
    "co_products": ("副产品", "Co-products"),
    "unknown": ("模型不可用，分配信息未列出。", "The model is not available: allocation is "
                                             "not listed."),
    "substitution": ("替代（系统扩展）", "substitution (system expansion)"),
    "end_of_life": ("报废与回收方法：{statement}。", "End of life and recycling: {statement}."),
    "end_of_life_unknown": ("结果未记录报废与回收方法（早于该记录的计算）。",
                            "The result does not record its end-of-life approach (calculated "
                            "before it was recorded)."),
}
METHODS: dict[str, Pair] = {"mass": ("质量分配", "mass"), "energy": ("能量分配", "energy"),
                            "economic": ("经济价值分配", "economic"),
                            "explicit": ("给定分配系数", "explicit factors")}
DATA: dict[str, Pair] = {
    "factors": ("背景数据（排放因子）", "Background data (emission factors)"),
    "factor": ("排放因子", "Emission factor"),
    "source": ("来源", "Source"),
    "unit": ("单位", "Unit"),
    "sets": ("因子集", "Factor sets"),
    "library": ("取自因子库或因子集的因子", "Factors taken from the library or factor sets"),
    "databases": ("背景数据库", "Background databases"),
    "primary": ("初级数据（现场测量）：{primary} 项；次级数据：{secondary} 项。",
                "Primary data (measured on site): {primary} items; secondary data: "
                "{secondary} items."),
    "version": ("版本", "Version"),
    "name": ("名称", "Name"),
    "format": ("格式", "Format"),
}
QUALITY: dict[str, Pair] = {
    "method": ("数据质量评级 DQR =（TeR + GeR + TiR + P）/ 4，各项 1（最好）至 5（最差），"
               "按贡献加权。",
               "Data quality rating DQR = (TeR + GeR + TiR + P) / 4, each from 1 (best) to 5 "
               "(worst), weighted by contribution."),
    "ter": ("技术代表性 TeR", "Technological representativeness TeR"),
    "ger": ("地理代表性 GeR", "Geographical representativeness GeR"),
    "tir": ("时间代表性 TiR", "Time representativeness TiR"),
    "p": ("精确度 P", "Precision P"),
    "dqr": ("数据质量评级 DQR", "Data quality rating DQR"),
    "level": ("质量等级", "Quality level"),
    "coverage": ("有评分数据的贡献占比", "Share of the result with scored data"),
    "none": ("没有数据带有质量评分。", "No data carries quality scores."),
    "criterion": ("指标", "Criterion"),
    "value": ("数值", "Value"),
}
GWP: dict[str, Pair] = {
    "set": ("采用的 GWP 集：{name}（100 年）。来源：{source}",
            "GWP set used: {name} (100 years). Source: {source}"),
    "gas": ("温室气体", "Greenhouse gas"),
    "category": ("类别", "Category"),
    "gwp": ("GWP100", "GWP100"),
    "mass": ("质量 kg", "Mass kg"),
    "co2e": ("kg CO2e", "kg CO2e"),
}
RESULT: dict[str, Pair] = {
    "total": ("产品碳足迹：{value} kg CO2e / {unit}", "Carbon footprint: {value} kg CO2e / {unit}"),
    "by_stage": ("按生命周期阶段", "By life-cycle stage"),
    "by_gas": ("按温室气体", "By greenhouse gas"),
    "by_process": ("按过程（单元过程清单）", "By process (unit processes)"),
    "stage": ("生命周期阶段", "Life-cycle stage"),
    "share": ("占比", "Share"),
    "transport": ("其中运输", "Of which transport"),
    "process": ("过程", "Process"),
    "direct": ("其中直接排放", "Of which direct"),
    "sum": ("合计", "Total"),
    "co2e_gas": ("CO2e（仅以 CO2e 发布的因子）", "CO2e (factors published as CO2e only)"),
    "supply_chain": ("供应链：过程 → 生命周期阶段 → 总量", "Supply chain: processes → life-cycle "
                     "stages → total"),
    "supply_chain_note": ("每条带的宽度与其 kg CO2e 成正比；清除量与抵扣以蓝色单独绘出，总量为"
                          "排放减去清除量。",
                          "Each band is as wide as its kg CO2e; removals and credits are drawn "
                          "apart, in blue, and the total is the emissions less the removals."),
    "others": ("其他 {n} 个过程", "{n} other processes"),
}
SEPARATE: dict[str, Pair] = {
    "item": ("项目", "Item"),
    "value": ("数值", "Value"),
    "fossil": ("化石温室气体排放", "Fossil GHG emissions"),
    "biogenic": ("生物源温室气体排放", "Biogenic GHG emissions"),
    "removals": ("生物源温室气体清除", "Biogenic GHG removals"),
    "dluc": ("直接土地利用变化（dLUC）排放", "Direct land-use change (dLUC) emissions"),
    "aircraft": ("航空运输排放", "Aircraft transport emissions"),
    "transport": ("全部运输排放", "All transport emissions"),
    "not_split": ("未分气体的 CO2e（仅以 CO2e 发布的因子和数据集，不计入化石或生物源）",
                  "CO2e not split by gas (factors and datasets published as CO2e only; "
                  "counted neither as fossil nor as biogenic)"),
    "unsplit": ("仅以 CO2e 发布（因子、供应商碳足迹；未按所选 GWP 集重新加权）",
                "Published as CO2e only (factors, supplier footprints; not re-weighted to the "
                "GWP set)"),
    "content": ("产品中的生物源碳含量", "Biogenic carbon content of the product"),
    "not_given": ("未给出", "not given"),
}
UNCERTAINTY: dict[str, Pair] = {
    "intro": ("对结果做了以下检查（仅为定性检查；未用其他数据或方法重新计算）：",
              "The result was checked as follows (qualitative checks only; no calculation was "
              "re-run with other data or methods):"),
    "excluded": ("取舍：按取舍规则舍弃的输入估计占总量的 {share}，结果可能因此偏低约该比例。",
                 "Cut-off: the inputs left out are estimated at {share} of the total, so the "
                 "result may be low by about that share."),
    "hotspots": ("热点：前 {n} 个热点合计占 {share}；最大热点「{name}」占 {top}，其数据变化对结果"
                 "影响最大。",
                 "Hotspots: the {n} largest items together make up {share}; the largest, "
                 "“{name}”, makes up {top}, so changes in its data move the result most."),
    "quality": ("数据质量：加权 DQR 为 {dqr}（{level}），有评分数据的贡献占 {coverage}。",
                "Data quality: the weighted DQR is {dqr} ({level}); {coverage} of the result "
                "carries scores."),
    "gwp": ("GWP：仅以 CO2e 发布的因子（占 {share}）无法换算到 {gwp}，其数值保持原 GWP 集。",
            "GWP: factors published as CO2e only ({share} of the total) cannot be re-weighted "
            "to {gwp} and keep their own GWP set."),
    "monte_carlo": ("尚未进行蒙特卡洛模拟，未给出定量的不确定性区间。",
                    "No Monte Carlo simulation has been run yet: no quantitative uncertainty "
                    "range is given."),
    "monte_carlo_run": ("蒙特卡洛模拟（{n} 次，随机种子 {seed}）：均值 {mean}，95 % 区间 {low} 至 "
                        "{high} kg CO2e。",
                        "Monte Carlo simulation ({n} iterations, seed {seed}): mean {mean}, "
                        "95 % interval {low} to {high} kg CO2e."),
    "intro_computed": ("对结果做了以下检查（定性检查，以及下文的定量分析）：",
                       "The result was checked as follows (qualitative checks, and the "
                       "quantitative analyses below):"),
}
MONTE_CARLO: dict[str, Pair] = {
    "title": ("9.1 蒙特卡洛模拟", "9.1 Monte Carlo simulation"),
    "runs": ("迭代次数与随机种子", "Iterations and seed"),
    "runs_value": ("{n} 次，随机种子 {seed}（相同种子可重现结果）",
                   "{n} iterations, seed {seed} (the same seed repeats the run)"),
    "stated": ("按给定数值计算", "At the stated values"),
    "mean": ("均值", "Mean"),
    "median": ("中位数", "Median"),
    "sd": ("标准差", "Standard deviation"),
    "interval": ("95 % 区间（2.5–97.5 百分位数）", "95 % interval (2.5–97.5 percentiles)"),
    "convergence": ("收敛性（均值 95 % 置信区间的相对半宽）",
                    "Convergence (half-width of the mean's 95 % confidence interval)"),
    "histogram": ("图：{n} 次抽样总量的分布（kg CO2e）；虚线为 2.5 与 97.5 百分位数，实线为均值。",
                  "Figure: distribution of the {n} sampled totals (kg CO2e); dashed lines: the "
                  "2.5 and 97.5 percentiles, solid line: the mean."),
    "stage": ("生命周期阶段", "Life-cycle stage"),
    "low": ("2.5 %", "2.5 %"),
    "high": ("97.5 %", "97.5 %"),
    "contribution": ("方差贡献：各不确定参数与总量的秩相关系数平方，归一化为 100 %（不列出低于 1 % "
                     "者；假定参数相互独立）。",
                     "Contribution to variance: the squared rank correlation of each uncertain "
                     "parameter with the total, normalised to 100 % (shares below 1 % not "
                     "listed; the parameters are taken as independent)."),
    "parameter": ("不确定参数", "Uncertain parameter"),
    "share": ("方差贡献", "Share of variance"),
}
SENSITIVITY: dict[str, Pair] = {
    "title": ("9.2 敏感性分析", "9.2 Sensitivity analysis"),
    "intro": ("每个方案均为只改变一项方法选择后对整个模型的重新计算（ISO 14067 6.4.5 与 6.6）；"
              "基准总量 {base} kg CO2e（{gwp}）。",
              "Each variant is the whole model calculated again with one method choice changed "
              "(ISO 14067 6.4.5 and 6.6); base total {base} kg CO2e ({gwp})."),
    "choice": ("方法选择", "Choice"),
    "variant": ("方案", "Variant"),
    "difference": ("差异", "Difference"),
    "relative": ("相对差异", "Relative"),
    "base": ("（模型原有设定）", " (as the model is written)"),
    "tornado": ("主要输入逐项变动（龙卷风图）", "Main inputs one at a time (tornado)"),
    "tornado_note": ("每次只改变一项输入，取其低值与高值（数量乘以表中的乘数），"
                     "按摆幅从大到小排列；浅色条为低值，深色条为高值。乘数取该输入自身不确定性"
                     "的 2.5 与 97.5 百分位数（对数正态分布的给定数量为中位数，正态分布的为"
                     "均值），无不确定性的输入取相对变动。",
                     "Each input alone at its low and high value (its amount times the "
                     "multipliers in the table), largest swing first; pale bars: low value, "
                     "dark bars: high value. The multipliers are the 2.5 and 97.5 percentiles "
                     "of the input's own uncertainty (a lognormal's stated amount is its median, "
                     "a normal's its mean), a relative change for an input without one."),
    "multipliers": ("乘数", "Multipliers"),
    "rule_relative": ("相对变动 ±", "relative ±"),
    "rule_lognormal": ("对数正态 2.5/97.5 百分位", "lognormal P2.5/P97.5"),
    "rule_normal": ("正态 2.5/97.5 百分位", "normal P2.5/P97.5"),
    "rule_uniform": ("均匀 2.5/97.5 百分位", "uniform P2.5/P97.5"),
    "rule_triangular": ("三角 2.5/97.5 百分位", "triangular P2.5/P97.5"),
    "rule_distribution": ("给定 2.5/97.5 百分位", "given P2.5/P97.5"),
    "input": ("输入", "Input"),
    "low": ("低值总量", "Total at low"),
    "high": ("高值总量", "Total at high"),
    "swing": ("摆幅", "Swing"),
    "not_computed": ("未计算", "not computed"),
}
INTERPRETATION: dict[str, Pair] = {
    "hotspots": ("主要热点", "Main hotspots"),
    "item": ("清单项", "Inventory item"),
    "stage_max": ("贡献最大的生命周期阶段为「{stage}」，占 {share}。",
                  "The life-cycle stage that contributes most is “{stage}”, with {share}."),
    "warnings": ("计算提示", "Notes from the calculation"),
    "limits": ("局限性：结果仅适用于所述产品、声明单位、系统边界和时间范围；次级数据的代表性"
               "（见第 5 节）限制了结果的准确性。",
               "Limitations: the result holds for the product, unit, boundary and time period "
               "stated only; the representativeness of the secondary data (section 5) limits "
               "its accuracy."),
    "direct": ("直接排放", "direct emissions"),
}
PROVENANCE: dict[str, Pair] = {
    "input_hash": ("输入哈希（SHA-256）", "Input hash (SHA-256)"),
    "gwp_set": ("GWP 集", "GWP set"),
    "engine": ("计算引擎版本", "Engine version"),
    "solver": ("求解器", "Solver"),
    "sets": ("因子集及版本", "Factor sets and versions"),
    "item": ("项目", "Item"),
    "value": ("数值", "Value"),
}
PAGE: Pair = ("第 {page} 页", "Page {page}")
