"""The verification report of a case's engagement as a PDF, in Chinese or in English
(ISO 14064-3 practice): the engagement's terms, the level of assurance and materiality, the
criteria, the plan and the risk assessment, the sample with the evidence found, the
misstatements aggregated against materiality, the independent review, the opinion, and who
signed what and when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from carbonlabel.adapters.documents.pdf_common import FONT, MUTED, build, para, styles, table
from carbonlabel.adapters.documents.vocabulary import Lang, Pair, check_lang, percent, pick
from carbonlabel.adapters.documents.vocabulary import significant as sig
from carbonlabel.domain.certification.engagement import (
    ASSURANCE_NAMES,
    OPINION_NAMES,
    RISK_NAMES,
    Engagement,
    Evaluation,
    SampledLine,
)
from carbonlabel.domain.certification.records import VerificationRecord

WIDTH = 170 * mm
TITLE: Pair = ("产品碳足迹核查报告", "Product Carbon Footprint Verification Report")
W: dict[str, Pair] = {
    "engagement": ("一、核查约定", "1. The engagement"),
    "plan": ("二、风险评估与核查计划", "2. Risk assessment and verification plan"),
    "sample": ("三、抽样与证据", "3. Sample and evidence"),
    "evaluation": ("四、错报评价", "4. Evaluation of misstatements"),
    "review": ("五、独立复核", "5. Independent review"),
    "opinion": ("六、核查意见", "6. Opinion"),
    "signatures": ("七、签署", "7. Signatures"),
    "case": ("认证项目", "Certification case"), "applicant": ("委托方", "Client"),
    "body": ("核查机构", "Verification body"), "product": ("产品", "Product"),
    "claim": ("碳足迹声明值", "Footprint claimed"),
    "level": ("保证等级", "Level of assurance"), "materiality": ("实质性阈值", "Materiality"),
    "objectives": ("核查目的", "Objectives"), "criteria": ("核查准则", "Criteria"),
    "scope": ("范围与边界", "Scope and boundary"),
    "users": ("预期使用者", "Intended users"), "team": ("核查组", "Verification team"),
    "activities": ("核查活动", "Activities"), "size": ("计划抽样数量", "Planned sample size"),
    "approved": ("计划批准", "Plan approved"), "seed": ("抽样随机种子", "Sampling seed"),
    "method": ("抽样方法", "Sampling method"),
    "area": ("领域", "Area"), "inherent": ("固有风险", "Inherent risk"),
    "control": ("控制风险", "Control risk"), "note": ("说明", "Note"),
    "line": ("抽样项（模型路径）", "Sampled line (model path)"),
    "contribution": ("贡献 kg CO2e", "Contribution kg CO2e"),
    "source": ("追溯记录", "Record traced to"), "model": ("模型值", "Model"),
    "found": ("核实值", "Found"), "misstatement": ("错报 kg CO2e", "Misstatement kg CO2e"),
    "rerun": ("模型复算", "Re-run of the model"),
    "sampled": ("抽样错报合计（绝对值）", "Sampled misstatements (sum of |x|)"),
    "rerun_diff": ("复算差异（绝对值）", "Re-run difference (|x|)"),
    "aggregate": ("错报汇总", "Aggregate misstatement"),
    "conclusion": ("结论", "Conclusion"),
    "material": ("达到实质性", "material"), "immaterial": ("未达到实质性", "not material"),
    "reviewer": ("复核人", "Reviewer"), "agreed": ("同意出具意见", "agrees an opinion may "
                                                                  "be issued"),
    "disagreed": ("不同意", "does not agree"), "comment": ("复核意见", "Comment"),
    "none": ("（尚无）", "(not yet)"), "by": ("签署人", "Signed by"), "at": ("日期", "Date"),
    "leader": ("核查组组长", "Team leader"),
    "later": ("八、核查意见出具后发现的事实", "8. Facts discovered after the opinion"),
    "fact": ("事实", "Fact"), "affects": ("影响核查意见", "Changes the opinion"),
    "yes": ("是", "yes"), "no": ("否", "no"),
}
METHOD: Pair = ("按排放贡献的货币单位抽样（MUS）：按模型路径排序，按 |kg CO2e| 首尾相接，"
                "等分为 n 个区间，每个区间内按随机种子取一点；大于区间的项必选；"
                "重复选中的项只计一次，不足 n 项时从其余项中随机补足。",
                "Monetary-unit sampling on |kg CO2e|: lines in model-path order laid end to "
                "end, cut into n equal intervals, one seeded random point in each; a line "
                "longer than an interval is always taken; a line hit twice counts once and "
                "the sample is topped up at random from the rest.")
NOT_SET_UP: Pair = ("核查组尚未建立核查约定。", "The team has not set up the engagement yet.")
STATEMENT: Pair = ("依据上述准则，以{level}对{product}的碳足迹声明（{claim}）进行了核查。",
                   "We verified the carbon footprint claim of {product} ({claim}) against the "
                   "criteria above with {level}.")


@dataclass(frozen=True)
class ReportFacts:
    case_id: str
    applicant: str
    body: str
    product: str
    claim: str  # "43.11 kg CO2e / 1 pack"
    engagement: Engagement | None  # None: not set up yet (the report says so)
    lines: Sequence[SampledLine]
    evaluation: Evaluation | None
    rerun: VerificationRecord | None
    people: Mapping[str, str]  # user id -> name
    team: Sequence[str]


def _when(at: datetime | None) -> str:
    return at.date().isoformat() if at else ""


def _n(value: float | None) -> str:
    return "" if value is None else sig(value, 4)


class _Report:
    def __init__(self, facts: ReportFacts, lang: Lang) -> None:
        self.f, self.lg, self.st = facts, lang, styles(lang)
        self.story: list[Flowable] = []

    def t(self, key: str) -> str:
        return pick(W[key], self.lg)

    def who(self, user_id: str | None) -> str:
        return self.f.people.get(user_id or "", user_id or "") or self.t("none")

    def h(self, key: str) -> None:
        self.story.append(para(self.t(key), self.st["h1"]))

    def facts(self, rows: Sequence[tuple[str, str]]) -> None:
        self.story.append(table([[self.t(k), v] for k, v in rows],
                                [50 * mm, WIDTH - 50 * mm], self.lg, header=False))

    def build(self) -> list[Flowable]:
        f, e, lg = self.f, self.f.engagement, self.lg
        self.story += [para(pick(TITLE, lg), self.st["title"]),
                       para(f"{self.t('case')}: {f.case_id}", self.st["subtitle"])]
        self.h("engagement")
        if e is None or f.evaluation is None:
            self.facts([("applicant", f.applicant), ("body", f.body), ("product", f.product),
                        ("claim", f.claim)])
            self.story.append(para(pick(NOT_SET_UP, lg), self.st["body"]))
            return self.story
        level = pick(ASSURANCE_NAMES[e.level], lg)
        self.facts([("applicant", f.applicant), ("body", f.body), ("product", f.product),
                    ("claim", f.claim), ("level", level),
                    ("materiality", percent(e.materiality)), ("objectives", e.objectives),
                    ("criteria", e.criteria), ("scope", e.scope), ("users", e.intended_users),
                    ("team", "、".join(self.who(x) for x in f.team) if lg == "zh"
                     else ", ".join(self.who(x) for x in f.team))])
        self.h("plan")
        self.story.append(table(
            [[self.t("area"), self.t("inherent"), self.t("control"), self.t("note")],
             *([r.area, pick(RISK_NAMES[r.inherent], lg), pick(RISK_NAMES[r.control], lg),
                r.note] for r in e.risks)], [50 * mm, 25 * mm, 25 * mm, 70 * mm], lg))
        self.facts([("activities", e.activities), ("size", str(e.sample_size or "")),
                    ("approved", f"{self.who(e.approved_by)} {_when(e.approved_at)}"),
                    ("seed", "" if e.sample_seed is None else str(e.sample_seed)),
                    ("method", pick(METHOD, lg))])
        self.h("sample")
        self.story.append(table(
            [[self.t(k) for k in ("line", "contribution", "source", "model", "found",
                                  "misstatement")],
             *([f"{x.seq}. {x.path} ({x.name})", _n(x.co2e_kg), x.source,
                f"{_n(x.model_value)} {x.unit}".strip(), f"{_n(x.found_value)} {x.unit}".strip(),
                _n(x.misstatement_co2e_kg)] for x in f.lines)],
            [48 * mm, 24 * mm, 34 * mm, 20 * mm, 20 * mm, 24 * mm], lg, numeric_from=3))
        self.evaluation(f.evaluation)
        self.review_and_opinion(e, level)
        return self.story

    def evaluation(self, v: Evaluation) -> None:
        r = self.f.rerun
        self.h("evaluation")
        rerun = (f"{_n(r.submitted_total)} → {_n(r.recomputed_total)} kg CO2e "
                 f"({percent(r.relative_difference)})" if r else self.t("none"))
        self.facts([("rerun", rerun), ("sampled", f"{_n(v.sampled_kg)} kg CO2e"),
                    ("rerun_diff", f"{_n(v.rerun_kg)} kg CO2e"),
                    ("aggregate", f"{_n(v.aggregate_kg)} kg CO2e = {percent(v.relative)} "
                                  f"{'≥' if v.material else '<'} {percent(v.materiality)}"),
                    ("conclusion", self.t("material" if v.material else "immaterial"))])

    def review_and_opinion(self, e: Engagement, level: str) -> None:
        lg = self.lg
        self.h("review")
        if e.review is None:
            self.facts([("reviewer", self.t("none"))])
        else:
            self.facts([("reviewer", f"{self.who(e.review.reviewer_id)} {_when(e.review.at)}"),
                        ("conclusion", self.t("agreed" if e.review.agreed else "disagreed")),
                        ("comment", e.review.comment)])
        self.h("opinion")
        if e.opinion is None:
            self.story.append(para(self.t("none"), self.st["body"]))
        else:
            self.story += [
                para(f"{pick(OPINION_NAMES[e.opinion.kind], lg)}（{level}）" if lg == "zh"
                     else f"{pick(OPINION_NAMES[e.opinion.kind], lg)} ({level})",
                     self.st["value"]),
                para(pick(STATEMENT, lg).format(level=level, product=self.f.product,
                                                claim=self.f.claim), self.st["body"])]
            if e.opinion.statement:
                self.story.append(para(e.opinion.statement, self.st["body"]))
        self.h("signatures")
        self.facts([("leader", f"{self.who(e.opinion.issued_by if e.opinion else None)} "
                               f"{_when(e.opinion.at if e.opinion else None)}"),
                    ("reviewer", f"{self.who(e.review.reviewer_id if e.review else None)} "
                                 f"{_when(e.review.at if e.review else None)}")])
        if e.later_facts:
            self.h("later")
            self.story.append(table(
                [[self.t("at"), self.t("fact"), self.t("affects"), self.t("by")],
                 *([_when(x.at), x.description, self.t("yes" if x.affects_opinion else "no"),
                    self.who(x.recorded_by)] for x in e.later_facts)],
                [22 * mm, 96 * mm, 26 * mm, 26 * mm], lg))


def verification_report_pdf(facts: ReportFacts, lang: str = "zh") -> bytes:
    lg = check_lang(lang)

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(20 * mm, 10 * mm, f"{pick(TITLE, lg)} · {facts.case_id} · "
                                            f"{doc.page}")
        canvas.restoreState()

    return build(_Report(facts, lg).build(), title=pick(TITLE, lg), author=facts.body,
                 subject=pick(TITLE, lg), lang=lg, on_page=footer)
