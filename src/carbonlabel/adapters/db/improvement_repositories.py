"""Repositories of improvement: plans with their measures, published thresholds and claims
(rows <-> domain/improvement)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from carbonlabel.adapters.db.improvement_tables import (
    CertificateClaimRow,
    ClaimThresholdRow,
    ImprovementMeasureRow,
    ImprovementPlanRow,
)
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.adapters.db.tables import FootprintRow
from carbonlabel.domain.benchmark import ComparableKey
from carbonlabel.domain.improvement.claims import Claim, ClaimKind, ClaimState, Threshold
from carbonlabel.domain.improvement.plans import ImprovementPlan, Measure

MAX_PLANS = 100


class ImprovementPlans(_Repository):
    def add(self, plan: ImprovementPlan) -> None:
        self.session.add(ImprovementPlanRow(
            id=plan.id, organisation_id=plan.organisation_id, product_id=plan.product_id,
            title=plan.title, baseline_footprint_id=plan.baseline_footprint_id,
            target_share=plan.target_share, starts_on=plan.starts_on,
            target_on=plan.target_on, created_by=plan.created_by, created_at=plan.created_at))
        self.session.flush()
        for seq, m in enumerate(plan.measures, start=1):
            self.session.add(ImprovementMeasureRow(plan_id=plan.id, seq=seq, text=m.text,
                                                   stage=m.stage,
                                                   expected_share=m.expected_share))
        self.session.flush()

    def _plan(self, row: ImprovementPlanRow) -> ImprovementPlan:
        measures = self.session.scalars(select(ImprovementMeasureRow).where(
            ImprovementMeasureRow.plan_id == row.id).order_by(ImprovementMeasureRow.seq))
        return ImprovementPlan(row.id, row.organisation_id, row.product_id, row.title,
                               row.baseline_footprint_id, row.target_share, row.starts_on,
                               row.target_on,
                               tuple(Measure(m.text, m.stage, m.expected_share)
                                     for m in measures), row.created_by, row.created_at)

    def in_org(self, org_id: str, plan_id: str) -> ImprovementPlan | None:
        row = self.session.get(ImprovementPlanRow, plan_id)
        return self._plan(row) if row and row.organisation_id == org_id else None

    def of_product(self, org_id: str, product_id: str) -> list[ImprovementPlan]:
        rows = self.session.scalars(select(ImprovementPlanRow).where(
            ImprovementPlanRow.organisation_id == org_id,
            ImprovementPlanRow.product_id == product_id)
            .order_by(ImprovementPlanRow.created_at.desc(), ImprovementPlanRow.id)
            .limit(MAX_PLANS))
        return [self._plan(r) for r in rows]

    def delete(self, plan_id: str) -> None:
        self.session.execute(delete(ImprovementMeasureRow).where(
            ImprovementMeasureRow.plan_id == plan_id))
        self.session.execute(delete(ImprovementPlanRow).where(ImprovementPlanRow.id == plan_id))
        self.session.flush()

    def footprint_owner(self, footprint_id: str) -> str | None:
        """The organisation a footprint belongs to (None: no such footprint)."""
        row = self.session.get(FootprintRow, footprint_id)
        return row.organisation_id if row else None


def _threshold(r: ClaimThresholdRow) -> Threshold:
    return Threshold(r.id, ComparableKey(r.product_rule, r.declared_unit, r.boundary),
                     r.value_co2e_kg, r.source, r.published_on, r.published_by, r.created_at)


def _claim(r: CertificateClaimRow) -> Claim:
    return Claim(r.id, r.case_id, r.holder_id, r.product_id, ClaimKind(r.kind),
                 ClaimState(r.state), r.requested_by, r.requested_at,
                 r.baseline_footprint_id, r.target_share, r.target_on, r.certificate_id,
                 r.threshold_id, r.reduction_share, r.decided_by, r.decided_at, r.reason,
                 r.lapsed_at, r.lapse_reason)


class Claims(_Repository):
    # -- thresholds -------------------------------------------------------------------------
    def add_threshold(self, t: Threshold) -> None:
        self.session.add(ClaimThresholdRow(
            id=t.id, product_rule=t.key.product_rule, declared_unit=t.key.declared_unit,
            boundary=t.key.boundary, value_co2e_kg=t.value_co2e_kg, source=t.source,
            published_on=t.published_on, published_by=t.published_by,
            created_at=t.created_at))
        self.session.flush()

    def threshold(self, threshold_id: str) -> Threshold | None:
        row = self.session.get(ClaimThresholdRow, threshold_id)
        return _threshold(row) if row else None

    def threshold_in_force(self, key: ComparableKey) -> Threshold | None:
        """The latest threshold published for the key (by publication date, then entry)."""
        row = self.session.scalars(select(ClaimThresholdRow).where(
            ClaimThresholdRow.product_rule == key.product_rule,
            ClaimThresholdRow.declared_unit == key.declared_unit,
            ClaimThresholdRow.boundary == key.boundary)
            .order_by(ClaimThresholdRow.published_on.desc(),
                      ClaimThresholdRow.created_at.desc())).first()
        return _threshold(row) if row else None

    def thresholds(self, limit: int = 200) -> list[Threshold]:
        rows = self.session.scalars(select(ClaimThresholdRow).order_by(
            ClaimThresholdRow.product_rule, ClaimThresholdRow.published_on.desc(),
            ClaimThresholdRow.created_at.desc()).limit(limit))
        return [_threshold(r) for r in rows]

    # -- claims -----------------------------------------------------------------------------
    def add(self, c: Claim) -> None:
        self.session.add(CertificateClaimRow(
            id=c.id, case_id=c.case_id, holder_id=c.holder_id, product_id=c.product_id,
            kind=c.kind.value, state=c.state.value, requested_by=c.requested_by,
            requested_at=c.requested_at, baseline_footprint_id=c.baseline_footprint_id,
            target_share=c.target_share, target_on=c.target_on,
            certificate_id=c.certificate_id, threshold_id=c.threshold_id,
            reduction_share=c.reduction_share, decided_by=c.decided_by,
            decided_at=c.decided_at, reason=c.reason, lapsed_at=c.lapsed_at,
            lapse_reason=c.lapse_reason))
        self.session.flush()

    def get(self, claim_id: str) -> Claim | None:
        row = self.session.get(CertificateClaimRow, claim_id)
        return _claim(row) if row else None

    def update(self, claim_id: str, **changes: Any) -> Claim:
        row = self.session.get(CertificateClaimRow, claim_id)
        assert row is not None
        for name, value in changes.items():
            setattr(row, name, value.value if isinstance(value, ClaimState) else value)
        self.session.flush()
        return _claim(row)

    def of_case(self, case_id: str) -> list[Claim]:
        rows = self.session.scalars(select(CertificateClaimRow).where(
            CertificateClaimRow.case_id == case_id).order_by(CertificateClaimRow.requested_at,
                                                             CertificateClaimRow.id))
        return [_claim(r) for r in rows]

    def of_certificate(self, certificate_id: str) -> list[Claim]:
        rows = self.session.scalars(select(CertificateClaimRow).where(
            CertificateClaimRow.certificate_id == certificate_id)
            .order_by(CertificateClaimRow.requested_at, CertificateClaimRow.id))
        return [_claim(r) for r in rows]

    def granted(self) -> list[Claim]:
        rows = self.session.scalars(select(CertificateClaimRow).where(
            CertificateClaimRow.state == ClaimState.GRANTED.value)
            .order_by(CertificateClaimRow.requested_at, CertificateClaimRow.id))
        return [_claim(r) for r in rows]
