"""The indicators of a pilot's effect evaluation (research notes §3.2), computed from the pilot's
records, its status (conditions and work plan) and the declared inputs of the period.

Scope: the certificates whose case is of the pilot's category and whose holder lies within
the pilot's region. "In the period" means a day of the pilot year: a certificate issued, a
spot-check result recorded, a surveillance due, a finding raised, a case opened, a label
issued, a scan made, a complaint received, a penalty published.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from carbonlabel.adapters.db.evaluation_repositories import PilotRecords
from carbonlabel.domain.supervision.evaluation import (
    INPUT_NAMES,
    DeclaredInput,
    Dimension,
    Direction,
    Indicator,
    InputKind,
    Period,
    growth,
    mean,
    p10,
    share,
)
from carbonlabel.domain.supervision.evaluation_ecology import Ecology
from carbonlabel.services.supervision.pilots import PilotStatus

Q, E, S, G, C = (Dimension.QUALITY, Dimension.ECONOMIC, Dimension.SOCIAL, Dimension.ECOLOGICAL,
                 Dimension.CONDITIONS)
#: findings closed within this many days count as closed in time
FINDING_DAYS = 30
#: the indicators of the pilot's conditions (from its status)
CONDITION_KEYS = frozenset({"chain_coverage", "supporting_enterprises", "plan_progress"})
NOT_ON_PLATFORM = "not_on_platform"
NOT_DECLARED = "not_declared"
NO_RECORDS = "no_records"
FLAG_NAMES: dict[str, tuple[str, str]] = {
    NOT_ON_PLATFORM: ("平台无此数据", "the platform holds no such data"),
    NOT_DECLARED: ("未申报", "not declared"),
    NO_RECORDS: ("本期无可计算的记录", "no records to compute from in the period"),
}


def _day(at: datetime | date | None) -> date | None:
    if at is None:
        return None
    return at.date() if isinstance(at, datetime) else at


class _Builder:
    def __init__(self, vintage: str) -> None:
        self.out: list[Indicator] = []
        self.vintage = vintage

    def add(self, key: str, dim: Dimension, name: tuple[str, str], formula: str, unit: str,
            value: float | None, inputs: Sequence[tuple[str, float | str | None]] = (),
            direction: Direction = Direction.NONE, source: str = "computed",
            vintage: str | None = None, missing: Sequence[str] = ()) -> None:
        flags = tuple(missing) or ((NO_RECORDS,) if value is None else ())
        self.out.append(Indicator(key, dim, name, formula, unit, value, tuple(inputs), source,
                                  vintage or self.vintage, flags, direction))

    def missing(self, key: str, dim: Dimension, name: tuple[str, str], formula: str,
                unit: str) -> None:
        """An indicator the platform has no data for (a share: scored, so it shows as a gap
        in its dimension)."""
        self.add(key, dim, name, formula, unit, None,
                 direction=Direction.UP if unit == "%" else Direction.NONE,
                 missing=(NOT_ON_PLATFORM,))


def _declared(inputs: Sequence[DeclaredInput], kind: InputKind) -> DeclaredInput | None:
    found = [d for d in inputs if d.kind is kind and d.subject is None]
    return found[-1] if found else None


def _vintage_of(d: DeclaredInput) -> str:
    return d.declared_at.date().isoformat()


def indicators(records: PilotRecords, period: Period, inputs: Sequence[DeclaredInput],
               status: PilotStatus | None, ecology: Ecology, medians: dict[str, float],
               as_of: date) -> list[Indicator]:
    """Every indicator of the period; ``status`` is the pilot's status (conditions, work
    plan) as of the period's end, ``medians`` the category medians by certificate number."""
    b = _Builder(as_of.isoformat())
    _conditions(b, status)
    _quality(b, records, period)
    _economic(b, records, period, inputs)
    _social(b, records, period, inputs)
    _ecological(b, records, period, ecology, medians)
    return b.out


def _conditions(b: _Builder, status: PilotStatus | None) -> None:
    if status is None:
        return
    conditions, progress = status.conditions, status.progress
    cov = conditions.coverage
    b.add("chain_coverage", C, ("产业链覆盖率", "chain coverage"),
          "participating in-region chain links ÷ in-region chain links (≥ 85 %)", "%",
          cov.value, [("computed", cov.computed)], Direction.UP,
          "declared" if cov.declaration is not None else "computed")
    b.add("supporting_enterprises", C, ("配套企业数", "supporting enterprises"),
          "distinct credit codes of participants per segment (≥ 70, ≥ 1 each)", "count",
          conditions.total_enterprises,
          [(s.value, m.value) for s, m in conditions.segments.items()])
    b.add("plan_progress", C, ("工作计划完成率", "work-plan progress"),
          "tasks done on time ÷ tasks due", "%", progress.share,
          [("due", progress.due), ("done_on_time", progress.done_on_time),
           ("overdue", progress.overdue)], Direction.UP)


def _quality(b: _Builder, r: PilotRecords, p: Period) -> None:
    recorded = [state for state, at in r.spot_checks
                if at is not None and p.holds(at.date())
                and state in ("conforming", "awaiting_disposal", "disposed")]
    bad = sum(1 for s in recorded if s != "conforming")
    sampled = len(recorded)
    b.add("certification_effectiveness", Q, ("认证有效性", "certification effectiveness"),
          "1 − nonconforming batches ÷ sampled batches", "%",
          1 - bad / sampled if sampled else None,
          [("sampled", sampled), ("nonconforming", bad)], Direction.UP)
    due = [(d, done) for d, done in r.surveillance if p.holds(d)]
    on_time = sum(1 for d, done in due if done is not None and done <= d)
    b.add("surveillance_punctuality", Q, ("获证后监督及时率", "surveillance punctuality"),
          "surveillance done by the due day ÷ surveillance due", "%",
          share(on_time, len(due)), [("due", len(due)), ("on_time", on_time)], Direction.UP)
    issued = [c for c in r.certificates if p.holds(c.issued_on)]
    dqrs = [f.dqr for c in issued if (f := r.footprints.get(c.footprint_id)) and f.dqr is not None]
    b.add("dqr_mean", Q, ("数据质量评级均值", "mean DQR"),
          "mean DQR of the footprints certified in the period (1 best … 5)", "DQR",
          mean(dqrs), [("footprints", len(issued)), ("rated", len(dqrs))], Direction.DQR)
    b.add("dqr_p10", Q, ("数据质量评级第10百分位", "DQR P10"),
          "10th percentile (type 7) of those DQR", "DQR", p10(dqrs), [("rated", len(dqrs))])
    shares = [f.primary_data_share for c in issued
              if (f := r.footprints.get(c.footprint_id)) and f.primary_data_share is not None]
    b.add("primary_data_share", Q, ("初级数据占比", "primary-data share"),
          "mean over certified footprints of Σ primary contribution ÷ CFP", "%", mean(shares),
          [("footprints", len(issued)), ("with_share", len(shares))], Direction.UP)
    b.missing("metered_share", Q, ("计量器具数据占比", "metered share of activity data"),
              "activity data from calibrated meters ÷ all activity data", "%")
    raised = [(a, c) for a, c in r.findings if p.holds(a.date())]
    closed = sum(1 for a, c in raised if c is not None and c - a <= timedelta(days=FINDING_DAYS))
    b.add("findings_closed", Q, ("核查发现30日内关闭率", "findings closed within 30 days"),
          "findings closed within 30 days ÷ findings raised", "%", share(closed, len(raised)),
          [("raised", len(raised)), ("closed_in_30_days", closed)], Direction.UP)
    labels = sum(1 for _, _, on in r.labels if p.holds(on))
    confirmed = sum(1 for c, at in r.cases if c == "confirmed" and p.holds(at.date()))
    b.add("label_integrity", Q, ("标识完整率", "label-integrity rate"),
          "1 − confirmed false-label or misuse cases ÷ labels issued", "%",
          1 - confirmed / labels if labels else None,
          [("labels_issued", labels), ("confirmed_cases", confirmed)], Direction.UP)
    valid = sum(1 for c in r.certificates if c.issued_on <= p.end and c.expires_on >= p.start)
    b.add("misuse_per_100", Q, ("每百张证书误用案件数", "misuse cases per 100 certificates"),
          "confirmed cases ÷ certificates in force in the period × 100", "per 100",
          100 * confirmed / valid if valid else None,
          [("confirmed_cases", confirmed), ("certificates_in_force", valid)])


def _counts(r: PilotRecords, p: Period) -> tuple[int, int, int]:
    issued = [c for c in r.certificates if p.holds(c.issued_on)]
    return (len(issued), len({c.holder_id for c in issued}), len({c.product_id for c in issued}))


def _economic(b: _Builder, r: PilotRecords, p: Period,
              inputs: Sequence[DeclaredInput]) -> None:
    now, before = _counts(r, p), _counts(r, p.prior)
    for k, (key, name) in enumerate((
            ("certificates", ("获证证书数", "certificates issued")),
            ("enterprises", ("获证企业数", "certified enterprises")),
            ("products", ("获证产品数", "certified products")))):
        b.add(f"{key}_issued", E, name, f"{key} with a certificate issued in the period",
              "count", now[k], [("period", now[k]), ("prior_period", before[k])])
        b.add(f"{key}_growth", E, (f"{name[0]}增长率", f"growth of {name[1]}"),
              "(period − prior period) ÷ prior period", "%", growth(now[k], before[k]),
              [("period", now[k]), ("prior_period", before[k])])
    out, whole = (_declared(inputs, InputKind.OUTPUT_VALUE),
                  _declared(inputs, InputKind.CATEGORY_OUTPUT_VALUE))
    if out and whole:
        b.add("output_share", E, ("获证产品产值占比", "share of output covered"),
              "output value of certified products ÷ output of the category in the region", "%",
              share(out.value, whole.value),
              [("output_value", out.value), ("category_output_value", whole.value)],
              Direction.UP, "declared", _vintage_of(out))
    else:
        b.add("output_share", E, ("获证产品产值占比", "share of output covered"),
              "output value of certified products ÷ output of the category in the region", "%",
              None, source="declared", missing=(NOT_DECLARED,))
    for kind, key in ((InputKind.EXPORT_VALUE, "export_value"), (InputKind.LOANS, "loans"),
                      (InputKind.LOAN_AMOUNT, "loan_amount"),
                      (InputKind.PROCUREMENT_WINS, "procurement_wins")):
        _declared_indicator(b, inputs, kind, key, E)
    b.missing("product_declarations", E, ("CBAM/电池护照申报数", "CBAM / EU battery "
              "declarations produced"), "declarations produced from certified footprints",
              "count")
    fees = _declared(inputs, InputKind.CERTIFICATION_FEES)
    b.add("cost_per_product", E, ("单个获证产品认证费用", "certification cost per product"),
          "declared fees ÷ certificates issued in the period", "万元",
          share(fees.value, now[0]) if fees else None,
          [("fees", fees.value if fees else None), ("certificates", now[0])], Direction.NONE,
          "computed+declared", _vintage_of(fees) if fees else None,
          () if fees else (NOT_DECLARED,))
    days = [(d - a).total_seconds() / 86400 for a, d in r.decisions if p.holds(d.date())]
    b.add("decision_days", E, ("申请至决定平均天数", "average days from application to decision"),
          "mean (decision − application) of cases decided in the period", "days", mean(days),
          [("decided", len(days))])


def _declared_indicator(b: _Builder, inputs: Sequence[DeclaredInput], kind: InputKind,
                        key: str, dim: Dimension) -> None:
    zh, en, unit = INPUT_NAMES[kind]
    d = _declared(inputs, kind)
    b.add(key, dim, (zh, en), f"declared: {en}", unit, d.value if d else None,
          [("evidence", d.evidence)] if d else [], Direction.NONE, "declared",
          _vintage_of(d) if d else None, () if d else (NOT_DECLARED,))


def _social(b: _Builder, r: PilotRecords, p: Period, inputs: Sequence[DeclaredInput]) -> None:
    scans = [ch for ch, at in r.scans if p.holds(at.date())]
    b.add("scans", S, ("扫码及登记簿查询次数", "label scans and registry look-ups"),
          "verifications naming a certificate of the pilot in the period", "count", len(scans),
          [("page", scans.count("page")), ("api", scans.count("api"))])
    b.missing("comparison_visits", S, ("消费者比较页访问量", "consumer comparison-page visits"),
              "visits of the comparison page", "count")
    b.missing("sme_share", S, ("中小企业占比", "SMEs among certificate holders"),
              "SME holders ÷ holders (enterprise size is not recorded)", "%")
    _declared_indicator(b, inputs, InputKind.TRAINING_PARTICIPANTS, "training_participants", S)
    received = [(d, at) for rec, d, at in r.complaints if p.holds(rec.date())]
    in_time = sum(1 for d, at in received if at is not None and at.date() <= d)
    b.add("complaints_in_time", S, ("投诉按时处理率", "complaints resolved in time"),
          "complaints decided by their due day ÷ complaints received", "%",
          share(in_time, len(received)), [("received", len(received)), ("in_time", in_time)],
          Direction.UP)
    published = sum(1 for at in r.penalties_published if p.holds(at.date()))
    b.add("penalties_published", S, ("公示处罚记录数", "penalty records published"),
          "penalty records on the pilot's certificates published in the period", "count",
          published)
    _declared_indicator(b, inputs, InputKind.TYPICAL_CASES, "typical_cases", S)
    issued = [c for c in r.certificates if p.holds(c.issued_on)]
    labelled = {cid for cid, _, _ in r.labels}
    complete = sum(1 for c in issued if c.product_rule_release and c.id in labelled)
    b.add("summary_complete", S, ("公开信息完整率", "public-summary completeness"),
          "certificates with a product rule release and a label ÷ certificates issued", "%",
          share(complete, len(issued)), [("issued", len(issued)), ("complete", complete)],
          Direction.UP)


def _ecological(b: _Builder, r: PilotRecords, p: Period, eco: Ecology,
                medians: dict[str, float]) -> None:
    flags = sorted({f for c in eco.changes for f in c.flags})
    per = [(c.pair.current_certificate, c.reduction_share) for c in eco.changes]
    b.add("intensity_improvement", G, ("单位产品碳足迹降幅", "intensity improvement ΔCFP%"),
          "mean over products of (baseline restated with current factors − current) ÷ "
          "baseline restated", "%", eco.mean_reduction_share, per, Direction.UP,
          missing=flags if eco.mean_reduction_share is None or flags else ())
    parts = [(c.pair.current_certificate, c.absolute_kg) for c in eco.changes]
    total = eco.absolute_reduction_kg
    b.add("absolute_reduction", G, ("绝对减排量", "absolute reduction"),
          "Σ (baseline restated − current) × declared certified production volume", "t CO2e",
          total / 1000 if total is not None else None, parts, Direction.NONE,
          "computed+declared", missing=flags if total is None or flags else ())
    issued = [c for c in r.certificates if p.holds(c.issued_on)]
    ratios = [c.value_co2e_kg / medians[c.number] for c in issued
              if medians.get(c.number)]
    b.add("benchmark_position", G, ("相对类别中位数", "position against the category median"),
          "mean of CFP ÷ category median (comparable, shown benchmarks only)", "ratio",
          mean(ratios), [("certificates", len(issued)), ("with_benchmark", len(ratios))])
    b.missing("renewable_share", G, ("可再生电力占比", "renewable-electricity share"),
              "renewable electricity ÷ electricity (metered)", "%")
    b.missing("saved_energy_check", G, ("节能量折算减排（校核）", "saved-energy cross-check"),
              "Δ metered energy × 2.50 t CO2 per tce (a cross-check only)", "t CO2e")
    b.missing("energy_use", G, ("单位产品综合能耗", "unit-product comprehensive energy use"),
              "metered energy ÷ output, against GB limit standards", "kgce")
