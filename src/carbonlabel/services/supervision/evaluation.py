"""The pilot's effect evaluation for regulators: inputs declared with evidence (corrections keep
every version), weights stored and printed, and the evaluation of a period computed from the
platform's records (services/supervision/evaluation_indicators.py).

Only the pilot's responsible regulator declares inputs and sets weights; regulators above it
read the evaluation, as they read the pilot. Every change is audited and each command commits
as its last step.

Ecological benefit needs each product's baseline recomputed with the current factors. The
recomputation is a :class:`Restater`; the default (:func:`factor_restater`) recalculates the
baseline's model with the current footprint's factors (``services.quantify.restatement``); a
baseline that cannot be recalculated leaves the product's change "restatement pending".
:func:`same_factors_restater` recalculates nothing (the stored totals when both footprints
used the same factor sets).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from carbonlabel.adapters.db.evaluation_repositories import (
    CertificateFact,
    PilotEvaluations,
    PilotRecords,
)
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.documents.evaluation_report_pdf import (
    EvaluationReport,
    evaluation_report_pdf,
)
from carbonlabel.domain import benchmark as bench
from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.supervision import evaluation as rules
from carbonlabel.domain.supervision.evaluation import (
    BENEFITS,
    DeclaredInput,
    Dimension,
    Indicator,
    InputKind,
    Period,
    SubScore,
    WeightMethod,
    Weights,
)
from carbonlabel.domain.supervision.evaluation_ecology import (
    Ecology,
    ProductPair,
    Restated,
    ecology,
)
from carbonlabel.domain.supervision.jurisdiction import parse_jurisdiction
from carbonlabel.domain.supervision.pilots import Pilot
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import CarbonlabelError, ConflictError, InputError, NotFoundError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.quantify import restatement
from carbonlabel.services.supervision import pilots
from carbonlabel.services.supervision.evaluation_indicators import (
    CONDITION_KEYS,
    FLAG_NAMES,
    indicators,
)

MAX_DOCUMENT = 10 * 1024 * 1024


class RestatementResult(Protocol):
    """What a restatement gives (``services.quantify.restatement.Restatement``)."""

    @property
    def baseline_original_total(self) -> float: ...
    @property
    def baseline_restated_total(self) -> float: ...
    @property
    def current_total(self) -> float: ...


class Restater(Protocol):
    """Recomputes a baseline footprint with the factors of a current one; None: pending."""

    def __call__(self, uow: UnitOfWork, baseline_footprint_id: str,
                 current_footprint_id: str) -> RestatementResult | None: ...


def same_factors_restater(uow: UnitOfWork, baseline_footprint_id: str,
                          current_footprint_id: str) -> RestatementResult | None:
    """The stored totals when both footprints record the same factor sets; None (pending)
    when they differ or either does not record them."""
    records = _evaluations(uow).footprint_facts([baseline_footprint_id, current_footprint_id])
    base, current = records.get(baseline_footprint_id), records.get(current_footprint_id)
    if base is None or current is None or base.factor_sets is None \
            or base.factor_sets != current.factor_sets:
        return None
    return Restated(base.total_co2e_kg, base.total_co2e_kg, current.total_co2e_kg)


def factor_restater(base: Path | None = None, store_dir: Path | None = None) -> Restater:
    """The baseline recalculated with the current footprint's factors
    (``services.quantify.restatement``: a factor written in the model counts as much as a
    factor set's). When it cannot be recalculated (a model whose factor set or database files
    are not under ``base`` / ``store_dir``), the stored totals stand if both footprints
    recorded the same factor sets; otherwise the change is pending."""

    def restater(uow: UnitOfWork, baseline_footprint_id: str,
                 current_footprint_id: str) -> RestatementResult | None:
        try:
            r = restatement.restate(uow, baseline_footprint_id, current_footprint_id,
                                    base=base, store_dir=store_dir)
        except CarbonlabelError:  # not recalculable: the stored totals if nothing changed
            return same_factors_restater(uow, baseline_footprint_id, current_footprint_id)
        return Restated(r.baseline_original_kg, r.baseline_restated_kg, r.current_kg)

    return restater


def _evaluations(uow: UnitOfWork) -> PilotEvaluations:
    return PilotEvaluations(uow.session)


def _audit(uow: UnitOfWork, actor: User, action: str, entity: str, entity_id: str,
           after: dict[str, object]) -> None:
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action=f"pilot_evaluation.{action}", entity=entity, entity_id=entity_id,
                     after=after)


def _period(pilot: Pilot, year: int) -> Period:
    problem = rules.period_problem(year, pilot.starts_on, pilot.ends_on)
    if problem is not None:
        raise InputError(field="period", message_zh=problem[0], message_en=problem[1])
    return Period(year)


# -- declared inputs -------------------------------------------------------------------------

@dataclass(frozen=True)
class InputData:
    period: int
    kind: InputKind
    value: float
    evidence: str  # the document or reference the value rests on
    subject: str | None = None  # a certificate number, for a per-product input
    note: str = ""
    document: pilots.EvidenceFile | None = None


def _version(uow: UnitOfWork, actor: User, pilot: Pilot, data: InputData,
             supersedes: str | None) -> DeclaredInput:
    _period(pilot, data.period)
    subject = (data.subject or "").strip() or None
    problem = rules.input_problem(data.kind, data.value, subject)
    if problem is not None:
        raise InputError(field=problem[0], message_zh=problem[1], message_en=problem[2])
    if subject is not None:
        numbers = {c.number for c in _records(uow, pilot).certificates}
        if subject not in numbers:
            raise InputError(field="subject", message_en="not a certificate of this pilot",
                             message_zh="不是本试点的证书")
    evidence = pilots._text(data.evidence, "evidence", 1000)
    doc = data.document
    if doc is not None and (not doc.content or len(doc.content) > MAX_DOCUMENT):
        raise InputError(field="document", message_en="the evidence file is empty or larger "
                                                      "than 10 MB",
                         message_zh="证明材料文件为空或超过 10 MB")
    return DeclaredInput(
        new_id(), pilot.id, data.period, data.kind, subject, float(data.value), evidence,
        pilots._text(data.note, "note", required=False), actor.id, pilots.now(), supersedes,
        False, pilots._text(doc.file_name, "document", 200) if doc else None,
        hashlib.sha256(doc.content).hexdigest() if doc else None)


def _store(uow: UnitOfWork, actor: User, declared: DeclaredInput, data: InputData,
           action: str) -> DeclaredInput:
    doc = data.document
    _evaluations(uow).add_input(declared, (doc.media_type or "application/octet-stream")[:100]
                                if doc else None, doc.content if doc else None)
    _audit(uow, actor, action, "pilot_evaluation_input", declared.id,
           {"pilot_id": declared.pilot_id, "period": declared.period,
            "kind": declared.kind.value, "subject": declared.subject, "value": declared.value,
            "evidence": declared.evidence, "supersedes": declared.supersedes,
            "document_sha256": declared.document_sha256})
    uow.commit()
    return declared


def declare_input(uow: UnitOfWork, actor: User, pilot_id: str,
                  data: InputData) -> DeclaredInput:
    """An input of a period entered with its evidence (a reference, and a file if given)."""
    pilot = pilots._acting_on(uow, actor, pilot_id)
    return _store(uow, actor, _version(uow, actor, pilot, data, None), data, "input_declared")


def _current(uow: UnitOfWork, actor: User, pilot_id: str, input_id: str) -> DeclaredInput:
    pilot = pilots._acting_on(uow, actor, pilot_id)
    found = _evaluations(uow).input(input_id)
    if found is None or found.pilot_id != pilot.id:
        raise NotFoundError(field="input_id", message_en="no such input",
                            message_zh="没有该申报数据")
    if found.withdrawn or _evaluations(uow).superseded(found.id):
        raise ConflictError(field="input_id", message_en="a later version replaces this one: "
                                                         "correct the latest",
                            message_zh="该版本已被更正或撤回，请更正最新版本")
    return found


def correct_input(uow: UnitOfWork, actor: User, pilot_id: str, input_id: str,
                  data: InputData) -> DeclaredInput:
    """A new version superseding ``input_id`` (of the same kind and subject); the old one
    stays in the history."""
    old = _current(uow, actor, pilot_id, input_id)
    pilot = pilots.get_pilot(uow, actor, pilot_id)
    if data.kind is not old.kind:
        raise InputError(field="kind", message_en="a correction keeps the input's kind",
                         message_zh="更正不能改变申报项")
    return _store(uow, actor, _version(uow, actor, pilot, data, old.id), data,
                  "input_corrected")


def withdraw_input(uow: UnitOfWork, actor: User, pilot_id: str, input_id: str,
                   reason: str) -> DeclaredInput:
    """A withdrawal: a last version that says the input no longer stands."""
    old = _current(uow, actor, pilot_id, input_id)
    note = pilots._text(reason, "reason")
    gone = DeclaredInput(new_id(), old.pilot_id, old.period, old.kind, old.subject, old.value,
                         old.evidence, note, actor.id, pilots.now(), old.id, True)
    _evaluations(uow).add_input(gone)
    _audit(uow, actor, "input_withdrawn", "pilot_evaluation_input", gone.id,
           {"pilot_id": old.pilot_id, "supersedes": old.id, "reason": note})
    uow.commit()
    return gone


def input_history(uow: UnitOfWork, actor: User, pilot_id: str,
                  period: int | None = None) -> list[DeclaredInput]:
    """Every version of the pilot's inputs, oldest first."""
    pilot = pilots.get_pilot(uow, actor, pilot_id)
    return _evaluations(uow).inputs(pilot.id, period)


def input_document(uow: UnitOfWork, actor: User, pilot_id: str,
                   input_id: str) -> tuple[str, str, bytes]:
    pilot = pilots.get_pilot(uow, actor, pilot_id)
    found = _evaluations(uow).input(input_id)
    doc = _evaluations(uow).document(input_id) if found and found.pilot_id == pilot.id else None
    if doc is None:
        raise NotFoundError(field="input_id", message_en="no such document",
                            message_zh="没有该文件")
    return doc


# -- weights ---------------------------------------------------------------------------------

def set_weights(uow: UnitOfWork, actor: User, pilot_id: str, method: WeightMethod,
                indicator_weights: Mapping[str, float],
                dimension_weights: Mapping[Dimension, float], note: str = "") -> Weights:
    """Weights of indicators within their dimension and, optionally, of the four dimensions
    (AHP or expert); every setting is kept, the latest rules."""
    pilot = pilots._acting_on(uow, actor, pilot_id)
    unknown = sorted(set(indicator_weights) - KNOWN_KEYS)
    if unknown:
        raise InputError(field="indicators", message_en=f"no such indicator: {unknown[0]}",
                         message_zh=f"没有该指标：{unknown[0]}")
    if any(d not in BENEFITS for d in dimension_weights):
        raise InputError(field="dimensions", message_en="weights are for the four benefit "
                                                        "dimensions",
                         message_zh="维度权重仅适用于四个效益维度")
    problem = rules.weights_problem(indicator_weights, dimension_weights)
    if problem is not None:
        raise InputError(field="weights", message_zh=problem[0], message_en=problem[1])
    w = Weights(method, dict(indicator_weights), dict(dimension_weights),
                pilots._text(note, "note", required=False), actor.id, pilots.now())
    record_id = new_id()
    _evaluations(uow).add_weights(record_id, pilot.id, w)
    _audit(uow, actor, "weights_set", "pilot_evaluation_weights", record_id,
           {"pilot_id": pilot.id, "method": method.value, "indicators": dict(indicator_weights),
            "dimensions": {d.value: v for d, v in dimension_weights.items()}})
    uow.commit()
    return w


# -- the evaluation --------------------------------------------------------------------------

@dataclass(frozen=True)
class Evaluation:
    pilot: Pilot
    period: Period
    as_of: date
    indicators: list[Indicator]
    sub_scores: list[SubScore]
    aggregate: float | None  # only when dimension weights are stored
    weights: Weights
    inputs: list[DeclaredInput]  # the current inputs of the period
    history: list[DeclaredInput]  # every version of the period's inputs
    ecology: Ecology


def _records(uow: UnitOfWork, pilot: Pilot) -> PilotRecords:
    return _evaluations(uow).records(pilot.category, parse_jurisdiction(pilot.region))


def product_pairs(records: PilotRecords, period: Period) -> list[ProductPair]:
    """Per product: its earliest certificate (the baseline) and its latest issued in the
    period (the current), when they differ and share the rule code@version and unit."""
    by_product: dict[str, list[CertificateFact]] = {}
    for c in records.certificates:
        by_product.setdefault(c.product_id, []).append(c)
    out = []
    for certs in by_product.values():
        certs.sort(key=lambda c: (c.issued_on, c.number))
        base = certs[0]
        current = [c for c in certs if period.holds(c.issued_on)]
        if not current or current[-1] is base:
            continue
        last = current[-1]
        if (bench.rule_release(base.product_rule_release)
                != bench.rule_release(last.product_rule_release)
                or base.declared_unit != last.declared_unit):
            continue
        out.append(ProductPair(last.product_id, last.product_name,
                               bench.rule_release(last.product_rule_release),
                               last.declared_unit, base.number, base.footprint_id,
                               last.number, last.footprint_id))
    return sorted(out, key=lambda p: p.current_certificate)


def _medians(records: PilotRecords, as_of: date) -> dict[str, float]:
    """The category median of each certificate's comparable group, when it is shown."""
    candidates = [bench.Candidate(c.number, c.product_rule_release, c.declared_unit, c.boundary,
                                  c.value_co2e_kg,
                                  c.status == "valid" and c.expires_on >= as_of)
                  for c in records.certificates]
    out: dict[str, float] = {}
    for c in candidates:
        key = bench.key_of(c)
        if key is None:
            continue
        mark = bench.benchmark(bench.compare(candidates, key))
        if mark.median is not None:
            out[c.number] = mark.median
    return out


def evaluate(uow: UnitOfWork, actor: User, pilot_id: str, year: int, as_of: date,
             restater: Restater | None = None) -> Evaluation:
    """The indicators of the pilot year ``year``, as of ``as_of`` (the pilot's status is taken
    at the earlier of ``as_of`` and the period's end). Baselines are restated with the
    current factors (:func:`factor_restater` unless another restater is given)."""
    restater = restater or factor_restater()
    pilot = pilots.get_pilot(uow, actor, pilot_id)
    period = _period(pilot, year)
    records = _records(uow, pilot)
    history = _evaluations(uow).inputs(pilot.id, period.year)
    current = rules.current_inputs(history)
    status = pilots.pilot_status(uow, actor, pilot.id, min(as_of, period.end))
    pairs = product_pairs(records, period)
    restated: dict[str, Restated | None] = {}
    for pair in pairs:
        r = restater(uow, pair.baseline_footprint_id, pair.current_footprint_id)
        restated[pair.current_certificate] = (
            None if r is None else Restated(r.baseline_original_total,
                                            r.baseline_restated_total, r.current_total))
    volumes = {d.subject: d.value for d in current
               if d.kind is InputKind.PRODUCTION_VOLUME and d.subject}
    eco = ecology(pairs, restated, volumes)
    found = indicators(records, period, current, status, eco, _medians(records, as_of), as_of)
    weights = _evaluations(uow).weights(pilot.id) or Weights()
    subs = [rules.sub_score(found, d, weights) for d in BENEFITS]
    return Evaluation(pilot, period, as_of, found, subs, rules.aggregate(subs, weights),
                      weights, current, history, eco)


def _known_keys() -> frozenset[str]:
    empty = PilotRecords([], [], {}, [], [], [], [], [], [], [], [])
    found = indicators(empty, Period(2000), [], None, ecology([], {}, {}), {}, date(2000, 1, 1))
    return frozenset({i.key for i in found} | CONDITION_KEYS)


#: the keys of every indicator (weights may name only these)
KNOWN_KEYS = _known_keys()


# -- the report ------------------------------------------------------------------------------

def report(uow: UnitOfWork, actor: User, pilot_id: str, year: int, as_of: date, lang: str,
           restater: Restater | None = None) -> tuple[Evaluation, bytes]:
    """The evaluation and its report PDF (zh or en)."""
    found = evaluate(uow, actor, pilot_id, year, as_of, restater)
    people: dict[str, str] = {}
    for user_id in {d.declared_by for d in found.history} | {found.weights.set_by or ""}:
        user = uow.users.get(user_id) if user_id else None
        if user is not None:
            people[user_id] = user.display_name
    zh, en = catalogue.name(found.pilot.category)
    pdf = evaluation_report_pdf(EvaluationReport(
        found.pilot.name, found.pilot.region, zh if lang == "zh" else en, found.period.year,
        as_of.isoformat(), found.indicators, found.sub_scores, found.aggregate, found.weights,
        found.inputs, found.history, found.ecology, people, FLAG_NAMES), lang)
    return found, pdf
