"""The pilot's effect-evaluation report (试点效果评估报告), Chinese or English: the four benefit
dimensions apart, every indicator with its formula, inputs, source, data vintage and missing
flags; the weights and how they were set; the declared inputs with their evidence and history;
charts of the sub-scores and of each product's intensity improvement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from carbonlabel.adapters.documents.pdf_common import (
    FONT,
    GREEN,
    INK,
    MUTED,
    build,
    para,
    printable,
    styles,
    table,
)
from carbonlabel.adapters.documents.vocabulary import Lang, Pair, check_lang, pick
from carbonlabel.domain.supervision.evaluation import (
    BENEFITS,
    DIMENSION_NAMES,
    INPUT_NAMES,
    SOURCE_NAMES,
    DeclaredInput,
    Dimension,
    Indicator,
    SubScore,
    Weights,
    shown,
)
from carbonlabel.domain.supervision.evaluation_ecology import FLAG_NAMES as ECO_FLAGS
from carbonlabel.domain.supervision.evaluation_ecology import Ecology

WIDTH = 170 * mm
TITLE: Pair = ("试点效果评估报告", "Pilot effect evaluation report")
W: dict[str, Pair] = {
    "pilot": ("试点", "pilot"), "region": ("地区", "region"),
    "category": ("产品类别", "category"), "period": ("评估期", "period"),
    "as_of": ("数据截至", "data as of"), "scores": ("分维度得分", "sub-scores by dimension"),
    "dimension": ("维度", "dimension"), "score": ("得分", "score"),
    "scored": ("计分指标", "scored"), "gaps": ("缺失", "missing"),
    "aggregate": ("加权综合得分", "weighted aggregate"),
    "no_aggregate": ("未设定维度权重：不给出综合得分，四个维度分别列示。",
                     "No dimension weights are stored: no aggregate is given; the four "
                     "dimensions stand apart."),
    "indicator": ("指标", "indicator"), "value": ("数值", "value"),
    "formula": ("公式", "formula"), "inputs": ("输入", "inputs"),
    "source": ("来源", "source"), "vintage": ("数据时点", "vintage"),
    "flags": ("缺失标记", "missing flags"), "weight": ("权重", "weight"),
    "weights": ("权重", "weights"), "method": ("赋权方法", "method"),
    "declared": ("申报数据（附证明）", "declared inputs (with evidence)"),
    "kind": ("项目", "input"), "subject": ("证书", "certificate"),
    "evidence": ("证明材料", "evidence"), "by": ("申报人与时间", "declared by, at"),
    "history": ("申报历史（含更正与撤回）", "history (corrections and withdrawals)"),
    "status": ("状态", "status"), "current": ("现行", "current"),
    "superseded": ("已被更正", "superseded"), "withdrawn": ("已撤回", "withdrawn"),
    "ecology": ("各产品碳足迹变化", "change of each product's footprint"),
    "product": ("产品", "product"), "baseline": ("基准（原值/按现行因子重算）",
                                                "baseline (original / restated)"),
    "now": ("当前", "current"), "change": ("降幅", "ΔCFP%"), "volume": ("产量", "volume"),
    "reduction": ("减排量", "reduction"), "none": ("无", "none"),
    "equal": ("等权", "equal weights"), "ahp": ("层次分析法", "AHP"),
    "expert": ("专家赋权", "expert weights"), "note": ("说明", "note"),
    "chart_scores": ("分维度得分（0–1）", "sub-scores (0–1)"),
    "chart_change": ("各产品单位碳足迹降幅", "intensity improvement per product"),
}


@dataclass(frozen=True)
class EvaluationReport:
    pilot_name: str
    region: str
    category: str
    period: int
    as_of: str
    indicators: Sequence[Indicator]
    sub_scores: Sequence[SubScore]
    aggregate: float | None
    weights: Weights
    inputs: Sequence[DeclaredInput]
    history: Sequence[DeclaredInput]
    ecology: Ecology
    people: Mapping[str, str]  # user id -> name
    flag_names: Mapping[str, Pair]


def _bars(rows: Sequence[tuple[str, float | None, str]], width: float = WIDTH) -> Drawing:
    """One row per bar: label, a bar of |v| (0..1 of the plot; negative in grey), the text."""
    label_room, value_room, row = 55 * mm, 28 * mm, 6 * mm
    plot = width - label_room - value_room
    height = len(rows) * row + 3 * mm
    d = Drawing(width, height, initialFontName=FONT, initialFontSize=7.5)
    for k, (label, value, text) in enumerate(rows):
        y = height - (k + 1) * row
        d.add(String(0, y + 1.6, printable(label)[:40], fontName=FONT, fontSize=7.5,
                     fillColor=INK))
        length = min(abs(value), 1.0) * plot if value is not None else 0.0
        bar = Rect(label_room, y, max(length, 0.4), 3.8 * mm)
        bar.fillColor = GREEN if (value or 0) >= 0 else colors.HexColor("#9aa5a0")
        bar.strokeColor = None
        d.add(bar)
        d.add(String(label_room + length + 2, y + 1.2, text, fontName=FONT, fontSize=7,
                     fillColor=MUTED))
    d.add(Line(label_room, 0, label_room, height, strokeColor=MUTED, strokeWidth=0.5))
    return d


def _input(value: float | str | None) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else shown(value, "")


class _Report:
    def __init__(self, r: EvaluationReport, lang: Lang) -> None:
        self.r, self.lg, self.st = r, lang, styles(lang)
        self.story: list[Flowable] = []

    def t(self, key: str) -> str:
        return pick(W[key], self.lg)

    def flags(self, flags: Sequence[str]) -> str:
        names = {**self.r.flag_names, **ECO_FLAGS}
        return "; ".join(pick(names[f], self.lg) if f in names else f for f in flags)

    def build(self) -> list[Flowable]:
        r, lg = self.r, self.lg
        self.story += [para(pick(TITLE, lg), self.st["title"]),
                       para(r.pilot_name, self.st["subtitle"]),
                       table([[self.t("region"), r.region], [self.t("category"), r.category],
                              [self.t("period"), str(r.period)], [self.t("as_of"), r.as_of]],
                             [50 * mm, WIDTH - 50 * mm], lg, header=False)]
        self.scores()
        for dim in (Dimension.CONDITIONS, *BENEFITS):
            self.dimension(dim)
        self.ecology()
        self.declared()
        return self.story

    def scores(self) -> None:
        r, lg = self.r, self.lg
        self.story.append(para(self.t("scores"), self.st["h1"]))
        self.story.append(table(
            [[self.t("dimension"), self.t("score"), self.t("scored"), self.t("gaps"),
              self.t("weight")],
             *([pick(DIMENSION_NAMES[s.dimension], lg), shown(s.score, ""), str(s.scored),
                str(s.missing), shown(r.weights.dimensions.get(s.dimension), "")]
               for s in r.sub_scores)],
            [60 * mm, 30 * mm, 25 * mm, 25 * mm, 30 * mm], lg, numeric_from=1))
        if r.aggregate is None:
            self.story.append(para(self.t("no_aggregate"), self.st["body"]))
        else:
            self.story.append(para(f"{self.t('aggregate')}: {shown(r.aggregate, '')}",
                                   self.st["value"]))
        self.story.append(para(self.t("chart_scores"), self.st["h2"]))
        self.story.append(_bars([(pick(DIMENSION_NAMES[s.dimension], lg), s.score,
                                  shown(s.score, "")) for s in r.sub_scores]))
        method = self.t(r.weights.method.value)
        who = r.people.get(r.weights.set_by or "", "")
        when = r.weights.set_at.date().isoformat() if r.weights.set_at else ""
        self.story.append(table([[self.t("method"), f"{method} {who} {when}".strip()],
                                 [self.t("note"), r.weights.note or self.t("none")]],
                                [50 * mm, WIDTH - 50 * mm], lg, header=False))

    def dimension(self, dim: Dimension) -> None:
        r, lg = self.r, self.lg
        found = [i for i in r.indicators if i.dimension is dim]
        if not found:
            return
        self.story.append(para(pick(DIMENSION_NAMES[dim], lg), self.st["h1"]))
        rows = [[self.t("indicator"), self.t("value"), self.t("formula"), self.t("inputs"),
                 self.t("source"), self.t("flags"), self.t("weight")]]
        for i in found:
            inputs = "; ".join(f"{k} = {_input(v)}" for k, v in i.inputs)
            rows.append([pick(i.name, lg), shown(i.value, i.unit), i.formula, inputs,
                         f"{pick(SOURCE_NAMES.get(i.source, (i.source, i.source)), lg)}; "
                         f"{i.vintage}", self.flags(i.missing) or "—",
                         shown(r.weights.of(i.key), "") if i.score is not None or i.missing
                         else "—"])
        self.story.append(table(rows, [28 * mm, 20 * mm, 34 * mm, 34 * mm, 24 * mm, 18 * mm,
                                       12 * mm], lg))

    def ecology(self) -> None:
        r, lg = self.r, self.lg
        self.story.append(para(self.t("ecology"), self.st["h1"]))
        rows = [[self.t("product"), self.t("baseline"), self.t("now"), self.t("change"),
                 self.t("volume"), self.t("reduction"), self.t("flags")]]
        for c in r.ecology.changes:
            base = (f"{shown(c.restated.baseline_original_total, '')} / "
                    f"{shown(c.restated.baseline_restated_total, '')}" if c.restated else "—")
            rows.append([f"{c.pair.product_name} ({c.pair.baseline_certificate} → "
                         f"{c.pair.current_certificate})", base,
                         shown(c.restated.current_total, "") if c.restated else "—",
                         shown(c.reduction_share, "%"), shown(c.volume, ""),
                         shown(c.absolute_kg / 1000 if c.absolute_kg is not None else None,
                               "t CO2e"), self.flags(c.flags) or "—"])
        self.story.append(table(rows, [40 * mm, 28 * mm, 18 * mm, 20 * mm, 20 * mm, 22 * mm,
                                       22 * mm], lg))
        if r.ecology.changes:
            self.story.append(para(self.t("chart_change"), self.st["h2"]))
            self.story.append(_bars([(c.pair.product_name, c.reduction_share,
                                      shown(c.reduction_share, "%"))
                                     for c in r.ecology.changes]))

    def declared(self) -> None:
        r, lg = self.r, self.lg
        self.story.append(para(self.t("declared"), self.st["h1"]))
        current = {d.id for d in r.inputs}
        rows = [[self.t("kind"), self.t("subject"), self.t("value"), self.t("evidence"),
                 self.t("by"), self.t("status")]]
        for d in r.history:
            zh, en, unit = INPUT_NAMES[d.kind]
            state = ("withdrawn" if d.withdrawn else "current" if d.id in current
                     else "superseded")
            evidence = d.evidence + (f" [{d.document_name} sha256 {d.document_sha256[:12]}]"
                                     if d.document_name and d.document_sha256 else "")
            rows.append([zh if lg == "zh" else en, d.subject or "—",
                         f"{shown(d.value, '')} {unit}", evidence,
                         f"{r.people.get(d.declared_by, d.declared_by)} "
                         f"{d.declared_at.date().isoformat()}", self.t(state)])
        self.story.append(table(rows, [32 * mm, 26 * mm, 24 * mm, 44 * mm, 26 * mm, 18 * mm],
                                lg))


def evaluation_report_pdf(report: EvaluationReport, lang: str = "zh") -> bytes:
    lg = check_lang(lang)

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(20 * mm, 10 * mm, f"{pick(TITLE, lg)} · {report.pilot_name} · "
                                            f"{report.period} · {doc.page}")
        canvas.restoreState()

    return build(_Report(report, lg).build(), title=pick(TITLE, lg), author=report.region,
                 subject=pick(TITLE, lg), lang=lg, on_page=footer)
