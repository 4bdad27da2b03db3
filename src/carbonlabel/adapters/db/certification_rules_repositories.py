"""Repositories of the certification rules: per-case impartiality declarations, surveillance
nonconformities of certificates, notices to holders, and the withdrawal look-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from carbonlabel.adapters.db.certification_rules_tables import (
    CaseDeclarationRow,
    CertificateNonconformityRow,
    CertificateNoticeRow,
)
from carbonlabel.adapters.db.certification_tables import CertificateRow, StatusChangeRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.records import (
    CertificateNonconformity,
    CertificateNotice,
)
from carbonlabel.domain.certification.rules import Declaration


def _as_date(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _declaration(r: CaseDeclarationRow) -> Declaration:
    return Declaration(r.user_id, r.case_id, r.declared_at.date(), r.expires_on,
                       r.last_consultancy_on)


def _finding(r: CertificateNonconformityRow) -> CertificateNonconformity:
    return CertificateNonconformity(r.id, r.certificate_id, r.check_id, r.description,
                                    r.raised_by, r.raised_at, r.due_on, r.closed_by,
                                    r.closed_at, r.closing_note)


class Declarations(_Repository):
    """Impartiality declarations per case: the latest of a person for a case counts."""

    def add(self, case_id: str, user_id: str, statement: str, last_consultancy_on: date | None,
            at: datetime, expires_on: date) -> None:
        self.session.add(CaseDeclarationRow(case_id=case_id, user_id=user_id,
                                            statement=statement,
                                            last_consultancy_on=last_consultancy_on,
                                            declared_at=at, expires_on=expires_on))
        self.session.flush()

    def for_case(self, case_id: str) -> dict[str, Declaration]:
        """Each person's latest declaration for the case."""
        rows = self.session.scalars(select(CaseDeclarationRow).where(
            CaseDeclarationRow.case_id == case_id).order_by(CaseDeclarationRow.id)).all()
        return {r.user_id: _declaration(r) for r in rows}


class CertificateOversight(_Repository):
    """Surveillance nonconformities, notices to the holder, suspensions and withdrawals."""

    def add_nonconformity(self, nc: CertificateNonconformity) -> None:
        self.session.add(CertificateNonconformityRow(
            id=nc.id, certificate_id=nc.certificate_id, check_id=nc.check_id,
            description=nc.description, raised_by=nc.raised_by, raised_at=nc.raised_at,
            due_on=nc.due_on, closed_by=nc.closed_by, closed_at=nc.closed_at,
            closing_note=nc.closing_note))
        self.session.flush()

    def nonconformities(self, certificate_id: str) -> list[CertificateNonconformity]:
        rows = self.session.scalars(select(CertificateNonconformityRow).where(
            CertificateNonconformityRow.certificate_id == certificate_id)
            .order_by(CertificateNonconformityRow.raised_at)).all()
        return [_finding(r) for r in rows]

    def close_nonconformity(self, nc_id: str, **changes: Any) -> CertificateNonconformity | None:
        row = self.session.get(CertificateNonconformityRow, nc_id)
        if row is None:
            return None
        for key, value in changes.items():
            setattr(row, key, value)
        self.session.flush()
        return _finding(row)

    def overdue_nonconformities(self, today: date) -> list[CertificateNonconformity]:
        """Open surveillance nonconformities whose deadline passed (oldest first)."""
        rows = self.session.scalars(select(CertificateNonconformityRow).where(
            CertificateNonconformityRow.closed_at.is_(None),
            CertificateNonconformityRow.due_on < today)
            .order_by(CertificateNonconformityRow.due_on)).all()
        return [_finding(r) for r in rows]

    def suspended_since(self) -> list[tuple[str, date]]:
        """(certificate id, the day its current suspension took effect) of every suspended
        certificate: the effective day of its last suspension notice, or (suspended before
        notices were written) the day of its last suspension."""
        suspended = CertificateRow.status == CertificateStatus.SUSPENDED.value
        notice = CertificateNoticeRow
        rows = self.session.execute(
            select(notice.certificate_id, func.max(notice.effective_on))
            .join(CertificateRow, CertificateRow.id == notice.certificate_id)
            .where(suspended, notice.action == "suspend")
            .group_by(notice.certificate_id)).all()
        noticed: dict[str, date] = {c: d for c, d in rows}  # noqa: C416 (rows, not pairs)
        changed = self.session.execute(
            select(StatusChangeRow.certificate_id, func.max(StatusChangeRow.at))
            .join(CertificateRow, CertificateRow.id == StatusChangeRow.certificate_id)
            .where(suspended, StatusChangeRow.to_status == CertificateStatus.SUSPENDED.value)
            .group_by(StatusChangeRow.certificate_id)).all()
        return [(c, noticed.get(c) or _as_date(at)) for c, at in changed]

    def last_withdrawal(self, holder_id: str, product_id: str) -> datetime | None:
        """When a certificate of this holder for this product was last withdrawn."""
        return self.session.scalar(
            select(func.max(StatusChangeRow.at))
            .join(CertificateRow, CertificateRow.id == StatusChangeRow.certificate_id)
            .where(CertificateRow.holder_id == holder_id,
                   CertificateRow.product_id == product_id,
                   StatusChangeRow.to_status == CertificateStatus.WITHDRAWN.value))

    def add_notice(self, notice: CertificateNotice) -> None:
        self.session.add(CertificateNoticeRow(
            certificate_id=notice.certificate_id, holder_id=notice.holder_id,
            action=notice.action, reason=notice.reason, evidence=notice.evidence,
            effective_on=notice.effective_on, required_zh=notice.required_zh,
            required_en=notice.required_en, actor_id=notice.actor_id, at=notice.at))
        self.session.flush()

    def notices(self, certificate_id: str) -> list[CertificateNotice]:
        rows = self.session.scalars(select(CertificateNoticeRow).where(
            CertificateNoticeRow.certificate_id == certificate_id)
            .order_by(CertificateNoticeRow.id)).all()
        return [CertificateNotice(r.certificate_id, r.holder_id, r.action, r.reason, r.evidence,
                                  r.effective_on, r.required_zh, r.required_en, r.actor_id,
                                  r.at) for r in rows]
