"""Repository of changes affecting certification: rows in, domain objects out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from carbonlabel.adapters.db.certification_tables import CertificateRow
from carbonlabel.adapters.db.change_tables import CertificateChangeRow, CertificateRevisionRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.domain.certification.changes import (
    CertificateChange,
    CertificateRevision,
    ChangeEvaluation,
    ChangeKind,
    ChangeState,
)

_OPEN = (ChangeState.REQUESTED.value, ChangeState.UNDER_EVALUATION.value)


def _change(r: CertificateChangeRow) -> CertificateChange:
    evaluation = None
    if r.evaluator_id is not None and r.evaluated_at is not None:
        evaluation = ChangeEvaluation(r.evaluator_id, r.evaluation_notes or "", r.evaluated_at,
                                      r.submitted_total, r.recomputed_total,
                                      r.relative_difference, r.materiality)
    return CertificateChange(r.id, r.certificate_id, ChangeKind(r.kind), ChangeState(r.state),
                             r.description, r.opened_by, r.opened_by_body, r.opened_at,
                             r.model_version_id, r.footprint_id, r.scope, tuple(r.evaluators),
                             evaluation, r.decider_id, r.decided_at, r.reason)


def _revision(r: CertificateRevisionRow) -> CertificateRevision:
    return CertificateRevision(r.certificate_id, r.revision, r.change_id, r.model_version_id,
                               r.footprint_id, r.value_co2e_kg, r.certified_value,
                               r.certified_unit, r.declared_unit, r.scope, r.replaced_at)


class CertificateChanges(_Repository):
    def add(self, c: CertificateChange) -> None:
        self.session.add(CertificateChangeRow(
            id=c.id, certificate_id=c.certificate_id, kind=c.kind.value, state=c.state.value,
            description=c.description, opened_by=c.opened_by, opened_by_body=c.opened_by_body,
            opened_at=c.opened_at, model_version_id=c.model_version_id,
            footprint_id=c.footprint_id, scope=c.scope, evaluators=list(c.evaluators),
            reason=c.reason))
        self.session.flush()

    def get(self, change_id: str) -> CertificateChange | None:
        row = self.session.get(CertificateChangeRow, change_id)
        return _change(row) if row else None

    def of_certificate(self, certificate_id: str) -> list[CertificateChange]:
        """Every change of a certificate, the oldest first."""
        rows = self.session.scalars(select(CertificateChangeRow).where(
            CertificateChangeRow.certificate_id == certificate_id)
            .order_by(CertificateChangeRow.opened_at, CertificateChangeRow.id)).all()
        return [_change(r) for r in rows]

    def open_count(self, certificate_id: str) -> int:
        return int(self.session.scalar(select(func.count()).select_from(
            CertificateChangeRow).where(CertificateChangeRow.certificate_id == certificate_id,
                                        CertificateChangeRow.state.in_(_OPEN))) or 0)

    def update(self, change_id: str, evaluation: ChangeEvaluation | None = None,
               **changes: Any) -> CertificateChange:
        row = self.session.get(CertificateChangeRow, change_id)
        assert row is not None
        for key, value in changes.items():
            if isinstance(value, ChangeState):
                value = value.value
            elif key == "evaluators":
                value = list(value)
            setattr(row, key, value)
        if evaluation is not None:
            row.evaluator_id, row.evaluation_notes = evaluation.evaluator_id, evaluation.notes
            row.evaluated_at, row.submitted_total = evaluation.at, evaluation.submitted_total
            row.recomputed_total = evaluation.recomputed_total
            row.relative_difference = evaluation.relative_difference
            row.materiality = evaluation.materiality
        self.session.flush()
        return _change(row)

    def add_revision(self, r: CertificateRevision) -> None:
        self.session.add(CertificateRevisionRow(
            certificate_id=r.certificate_id, revision=r.revision, change_id=r.change_id,
            model_version_id=r.model_version_id, footprint_id=r.footprint_id,
            value_co2e_kg=r.value_co2e_kg, certified_value=r.certified_value,
            certified_unit=r.certified_unit, declared_unit=r.declared_unit, scope=r.scope,
            replaced_at=r.replaced_at))
        self.session.flush()

    def revisions(self, certificate_id: str) -> list[CertificateRevision]:
        rows = self.session.scalars(select(CertificateRevisionRow).where(
            CertificateRevisionRow.certificate_id == certificate_id)
            .order_by(CertificateRevisionRow.revision)).all()
        return [_revision(r) for r in rows]

    def current_scope(self, certificate_id: str) -> str | None:
        """The scope the last approved scope change set (None: as granted)."""
        return self.session.scalar(select(CertificateChangeRow.scope).where(
            CertificateChangeRow.certificate_id == certificate_id,
            CertificateChangeRow.state == ChangeState.APPROVED.value,
            CertificateChangeRow.scope.is_not(None))
            .order_by(CertificateChangeRow.decided_at.desc()).limit(1))

    def flagged_before(self, cutoff: datetime) -> list[str]:
        """Ids of certificates flagged for re-evaluation before ``cutoff``."""
        return list(self.session.scalars(select(CertificateRow.id).where(
            CertificateRow.reevaluation_required.is_(True),
            CertificateRow.reevaluation_since < cutoff)
            .order_by(CertificateRow.reevaluation_since, CertificateRow.number)))
