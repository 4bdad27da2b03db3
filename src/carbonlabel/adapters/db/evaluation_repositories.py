"""Repositories of the pilot's effect evaluation: declared inputs (every version) and weights
in and out, and the records of a pilot (its catalogue category within its region) that the
indicators are computed from, read as plain facts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from carbonlabel.adapters.db.certification_tables import (
    CaseEventRow,
    CaseRow,
    CertificateRow,
    LabelRow,
    NonconformityRow,
    ScanRow,
    SurveillanceRow,
)
from carbonlabel.adapters.db.complaint_tables import ComplaintRow
from carbonlabel.adapters.db.evaluation_tables import EvaluationInputRow, EvaluationWeightsRow
from carbonlabel.adapters.db.penalty_tables import PenaltyRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.adapters.db.spot_check_tables import SpotCheckItemRow
from carbonlabel.adapters.db.supervision_case_tables import SupervisionCaseRow
from carbonlabel.adapters.db.supervision_repositories import region_within
from carbonlabel.adapters.db.tables import FootprintRow, OrganisationRow, ProductRow
from carbonlabel.domain.supervision.evaluation import (
    DeclaredInput,
    Dimension,
    InputKind,
    WeightMethod,
    Weights,
)
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction


@dataclass(frozen=True)
class CertificateFact:
    id: str
    number: str
    case_id: str
    holder_id: str
    product_id: str
    product_name: str
    footprint_id: str
    declared_unit: str
    boundary: str
    value_co2e_kg: float
    product_rule_release: str | None
    product_rule: str | None
    issued_on: date
    expires_on: date
    status: str


@dataclass(frozen=True)
class FootprintFact:
    id: str
    total_co2e_kg: float
    dqr: float | None
    primary_data_share: float | None
    factor_sets: tuple[tuple[str, str], ...] | None  # None: not recorded in the result


@dataclass(frozen=True)
class PilotRecords:
    """What the indicators of a pilot are computed from: its certificates (of its category,
    held within its region) and the records that hang on them."""

    certificates: list[CertificateFact]
    decisions: list[tuple[datetime, datetime]]  # (applied, decided) of the pilot's cases
    footprints: dict[str, FootprintFact]
    spot_checks: list[tuple[str, datetime | None]]  # (item state, recorded at)
    surveillance: list[tuple[date, date | None]]  # (due, done)
    findings: list[tuple[datetime, datetime | None]]  # nonconformities (raised, closed)
    cases: list[tuple[str | None, datetime]]  # supervision cases (conclusion, opened at)
    labels: list[tuple[str, str, date]]  # (certificate id, label code, issued on)
    scans: list[tuple[str, datetime]]  # (channel, at) of verifications naming its certificates
    complaints: list[tuple[datetime, date, datetime | None]]  # (received, decide by, decided)
    penalties_published: list[datetime]


def _input(r: EvaluationInputRow) -> DeclaredInput:
    return DeclaredInput(r.id, r.pilot_id, r.period, InputKind(r.kind), r.subject, r.value,
                         r.evidence, r.note, r.declared_by, r.declared_at, r.supersedes,
                         r.withdrawn, r.document_name, r.document_sha256)


def _footprint(r: FootprintRow) -> FootprintFact:
    try:
        body: dict[str, Any] = json.loads(r.result_json)
    except ValueError:
        body = {}
    quality = body.get("quality") or {}
    dqr = quality.get("dqr") if isinstance(quality, dict) else None
    share = body.get("primary_data_share")
    provenance = body.get("provenance") or {}
    sets = provenance.get("factor_sets") if isinstance(provenance, dict) else None
    return FootprintFact(
        r.id, r.total_co2e_kg, float(dqr) if isinstance(dqr, int | float) else None,
        float(share) if isinstance(share, int | float) else None,
        tuple((str(s[0]), str(s[1])) for s in sets) if isinstance(sets, list) else None)


class PilotEvaluations(_Repository):
    # -- declared inputs -------------------------------------------------------------------
    def add_input(self, d: DeclaredInput, media_type: str | None = None,
                  content: bytes | None = None) -> None:
        self.session.add(EvaluationInputRow(
            id=d.id, pilot_id=d.pilot_id, period=d.period, kind=d.kind.value,
            subject=d.subject, value=d.value, evidence=d.evidence, note=d.note,
            declared_by=d.declared_by, declared_at=d.declared_at, supersedes=d.supersedes,
            withdrawn=d.withdrawn, document_name=d.document_name,
            document_media_type=media_type, document_sha256=d.document_sha256,
            document=content))
        self.session.flush()

    def inputs(self, pilot_id: str, period: int | None = None) -> list[DeclaredInput]:
        """Every version of the pilot's inputs (of one period when given), oldest first."""
        q = select(EvaluationInputRow).where(EvaluationInputRow.pilot_id == pilot_id)
        if period is not None:
            q = q.where(EvaluationInputRow.period == period)
        return [_input(r) for r in self.session.scalars(
            q.order_by(EvaluationInputRow.declared_at, EvaluationInputRow.id))]

    def input(self, input_id: str) -> DeclaredInput | None:
        row = self.session.get(EvaluationInputRow, input_id)
        return _input(row) if row is not None else None

    def superseded(self, input_id: str) -> bool:
        return self.session.scalar(select(EvaluationInputRow.id).where(
            EvaluationInputRow.supersedes == input_id).limit(1)) is not None

    def document(self, input_id: str) -> tuple[str, str, bytes] | None:
        """(file name, media type, content) of an input's evidence file."""
        row = self.session.get(EvaluationInputRow, input_id)
        if row is None or row.document is None:
            return None
        return row.document_name or "evidence", row.document_media_type or "", row.document

    # -- weights ---------------------------------------------------------------------------
    def add_weights(self, record_id: str, pilot_id: str, w: Weights) -> None:
        assert w.set_by is not None
        assert w.set_at is not None
        self.session.add(EvaluationWeightsRow(
            id=record_id, pilot_id=pilot_id, method=w.method.value,
            weights=json.dumps({"indicators": dict(w.indicators),
                                "dimensions": {d.value: v for d, v in w.dimensions.items()}},
                               sort_keys=True),
            note=w.note, set_by=w.set_by, set_at=w.set_at))
        self.session.flush()

    def weights(self, pilot_id: str) -> Weights | None:
        """The latest weights stored for the pilot."""
        row = self.session.scalars(select(EvaluationWeightsRow).where(
            EvaluationWeightsRow.pilot_id == pilot_id).order_by(
            EvaluationWeightsRow.set_at.desc(), EvaluationWeightsRow.id.desc()).limit(1)).first()
        if row is None:
            return None
        body = json.loads(row.weights)
        return Weights(WeightMethod(row.method), dict(body.get("indicators", {})),
                       {Dimension(k): float(v) for k, v in body.get("dimensions", {}).items()},
                       row.note, row.set_by, row.set_at)

    def footprint_facts(self, ids: list[str]) -> dict[str, FootprintFact]:
        return {r.id: _footprint(r) for r in self.session.scalars(
            select(FootprintRow).where(FootprintRow.id.in_(ids)))}

    # -- the pilot's records ---------------------------------------------------------------
    def records(self, category: str, region: Jurisdiction) -> PilotRecords:
        """The certificates whose case is of ``category`` and whose holder lies within
        ``region``, with the records that hang on them (all dates: the caller picks)."""
        s = self.session
        rows = s.execute(
            select(CertificateRow, ProductRow.name_zh)
            .join(CaseRow, CaseRow.id == CertificateRow.case_id)
            .join(OrganisationRow, OrganisationRow.id == CertificateRow.holder_id)
            .join(ProductRow, ProductRow.id == CertificateRow.product_id)
            .where(CaseRow.category == category, region_within(OrganisationRow.region, region))
            .order_by(CertificateRow.issued_on, CertificateRow.number)).all()
        certs = [CertificateFact(c.id, c.number, c.case_id, c.holder_id, c.product_id, name,
                                 c.footprint_id, c.declared_unit, c.boundary, c.value_co2e_kg,
                                 c.product_rule_release, c.product_rule, c.issued_on,
                                 c.expires_on, c.status) for c, name in rows]
        ids = [c.id for c in certs]
        numbers = [c.number for c in certs]
        cases = s.execute(
            select(CaseRow.id, CaseRow.created_at)
            .join(OrganisationRow, OrganisationRow.id == CaseRow.applicant_id)
            .where(CaseRow.category == category,
                   region_within(OrganisationRow.region, region))).all()
        applied = {r.id: r.created_at for r in cases}
        decisions = []
        if applied:
            for case_id, at in s.execute(select(CaseEventRow.case_id, CaseEventRow.at).where(
                    CaseEventRow.case_id.in_(list(applied)),
                    CaseEventRow.to_state.in_(("granted", "refused")))):
                decisions.append((applied[case_id], at))
        footprints = self.footprint_facts([c.footprint_id for c in certs]) if certs else {}
        labels = [(r.certificate_id, r.code, r.issued_on) for r in s.execute(
            select(LabelRow.certificate_id, LabelRow.code, LabelRow.issued_on).where(
                LabelRow.certificate_id.in_(ids)))] if ids else []
        return PilotRecords(
            certs, decisions, footprints,
            [(r.state, r.recorded_at) for r in s.execute(
                select(SpotCheckItemRow.state, SpotCheckItemRow.recorded_at).where(
                    SpotCheckItemRow.certificate_id.in_(ids)))] if ids else [],
            [(r.due_on, r.done_on) for r in s.execute(
                select(SurveillanceRow.due_on, SurveillanceRow.done_on).where(
                    SurveillanceRow.certificate_id.in_(ids)))] if ids else [],
            [(r.raised_at, r.closed_at) for r in s.execute(
                select(NonconformityRow.raised_at, NonconformityRow.closed_at).where(
                    NonconformityRow.case_id.in_(list(applied))))] if applied else [],
            [(r.conclusion, r.opened_at) for r in s.execute(
                select(SupervisionCaseRow.conclusion, SupervisionCaseRow.opened_at).where(
                    SupervisionCaseRow.certificate_id.in_(ids)))] if ids else [],
            labels,
            [(r.channel, r.at) for r in s.execute(
                select(ScanRow.channel, ScanRow.at).where(
                    ScanRow.claimed_number.in_(numbers)))] if numbers else [],
            [(r.received_at, r.decide_by, r.decided_at) for r in s.execute(
                select(ComplaintRow.received_at, ComplaintRow.decide_by,
                       ComplaintRow.decided_at).where(
                    ComplaintRow.certificate_id.in_(ids)))] if ids else [],
            [at for at in s.scalars(select(PenaltyRow.published_at).where(
                PenaltyRow.certificate_number.in_(numbers))) if at is not None]
            if numbers else [])
