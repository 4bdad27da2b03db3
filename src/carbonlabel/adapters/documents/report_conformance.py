"""Section 3.5 of the CFP study report: the model's conformance to the product rule release
the footprint recorded (产品碳足迹核算规则符合性; ISO 14067:2018 6.2 and 7.3 ask the report to
name the PCR applied): the release, then either "conforms" or every gap with the model field
it concerns and the reason, as reportlab flowables in Chinese or English.

It reads a :class:`~carbonlabel.domain.product_rules.RecordedConformance` (the release a
footprint recorded and the model checked against it, :mod:`carbonlabel.calc.conformance`).
"""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from carbonlabel.adapters.documents.pdf_common import para, table
from carbonlabel.adapters.documents.vocabulary import Lang, Pair, pick
from carbonlabel.domain.product_rules import RecordedConformance, RulePart
from carbonlabel.domain.product_rules.records import STATUS_NAMES

C: dict[str, Pair] = {
    "none": ("本足迹未记录产品碳足迹核算规则版本（模型未指定规则），不评价规则符合性。",
             "No product rule release was recorded with this footprint (the model names no "
             "rule): conformance to a rule is not assessed."),
    "release": ("适用规则版本", "Rule release applied"),
    "title": ("规则名称", "Rule"),
    "status": ("规则状态", "Status of the rule"),
    "unchecked": ("所记录的规则版本或模型版本在此无法读取，未评价符合性。",
                  "The recorded release or the model version cannot be read here: conformance "
                  "is not assessed."),
    "conforms": ("模型符合该规则版本的全部要求（单位、系统边界与生命周期阶段、取舍准则、分配、"
                 "初级数据、数据质量）。",
                 "The model conforms to this release in every part checked (unit, boundary and "
                 "stages, cut-off, allocation, primary data, data quality)."),
    "gaps": ("模型与该规则版本有 {n} 项不符合：",
             "The model falls short of this release in {n} place(s):"),
    "part": ("规则部分", "Part of the rule"),
    "field": ("模型字段", "Model field"),
    "reason": ("原因", "Reason"),
    "verdict": ("以计算时记录的规则版本评价；规则的新版本不改变本结论。",
                "Assessed against the release recorded at calculation; a later release of the "
                "rule does not change this verdict."),
}
PARTS: dict[RulePart, Pair] = {
    RulePart.UNIT: ("单位", "unit"),
    RulePart.BOUNDARY: ("系统边界", "boundary"),
    RulePart.CUT_OFF: ("取舍准则", "cut-off"),
    RulePart.ALLOCATION: ("分配", "allocation"),
    RulePart.PRIMARY_DATA: ("初级数据", "primary data"),
    RulePart.QUALITY: ("数据质量", "data quality"),
}


def conformance_story(found: RecordedConformance | None, lang: Lang,
                      st: Mapping[str, ParagraphStyle]) -> list[Flowable]:
    """The section's paragraphs and tables (its heading is the report's)."""
    body, small = st["body"], st["small"]
    if found is None:
        return [para(pick(C["none"], lang), body)]
    rows = [[pick(C["release"], lang), str(found.release)], ["SHA-256", found.release.hash]]
    if found.rule is not None:
        rows += [[pick(C["title"], lang), pick((found.rule.title.zh, found.rule.title.en), lang)],
                 [pick(C["status"], lang), pick((STATUS_NAMES[found.rule.status].zh,
                                                 STATUS_NAMES[found.rule.status].en), lang)]]
    story: list[Flowable] = [table(rows, [40 * mm, 130 * mm], lang, header=False)]
    checked = found.conformance
    if checked is None:
        return [*story, para(pick(C["unchecked"], lang), body)]
    if checked.conforms:
        story.append(para(pick(C["conforms"], lang), body))
    else:
        story.append(para(pick(C["gaps"], lang).format(n=len(checked.gaps)), body))
        gaps = [[pick(C["part"], lang), pick(C["field"], lang), pick(C["reason"], lang)]]
        gaps += [[pick(PARTS[g.part], lang), g.field, pick((g.reason.zh, g.reason.en), lang)]
                 for g in checked.gaps]
        story.append(table(gaps, [25 * mm, 50 * mm, 95 * mm], lang))
    story.append(para(pick(C["verdict"], lang), small))
    return story
