"""A regulator's reads across certification bodies, within a jurisdiction: certificates, cases
and surveillance checks of the holders (applicants) whose region lies within it, and the home
figures. Every query filters in SQL by the holder's region (``region_within``); a record
outside the jurisdiction is not read at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select

from carbonlabel.adapters.db.certification_tables import (
    CaseRow,
    CertificateRow,
    StatusChangeRow,
    SurveillanceRow,
)
from carbonlabel.adapters.db.repositories import Page, _Repository, utc
from carbonlabel.adapters.db.supervision_repositories import region_within
from carbonlabel.adapters.db.tables import OrganisationRow, ProductRow
from carbonlabel.domain.certification.certificate import CertificateStatus, effective_status
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction
from carbonlabel.domain.supervision.workspace import (
    CaseLine,
    CertificateLine,
    SurveillanceLine,
    Tally,
)

_C, _K, _P, _S = CertificateRow, CaseRow, ProductRow, SurveillanceRow
_holder = OrganisationRow.__table__.alias("holder")
_body = OrganisationRow.__table__.alias("body")
#: stored statuses whose certificate is still watched (a withdrawn or cancelled one is not)
_WATCHED = (CertificateStatus.VALID.value, CertificateStatus.SUSPENDED.value)

_CERTIFICATES = (
    select(_C.id, _C.number, _C.holder_id, _holder.c.name, _holder.c.region, _C.product_id,
           _P.name_zh, _P.name_en, _K.category, _C.body_id, _body.c.name, _C.status,
           _C.issued_on, _C.expires_on, _C.certified_value, _C.certified_unit, _C.case_id)
    .select_from(CertificateRow.__table__
                 .join(_holder, _holder.c.id == _C.holder_id)
                 .join(_body, _body.c.id == _C.body_id)
                 .join(ProductRow.__table__, _P.id == _C.product_id)
                 .join(CaseRow.__table__, _K.id == _C.case_id)))

_CASES = (
    select(_K.id, _K.applicant_id, _holder.c.name, _holder.c.region, _P.name_zh, _P.name_en,
           _K.category, _K.body_id, _body.c.name, _K.state, _K.created_at, _K.updated_at,
           _K.certificate_id)
    .select_from(CaseRow.__table__
                 .join(_holder, _holder.c.id == _K.applicant_id)
                 .join(_body, _body.c.id == _K.body_id)
                 .join(ProductRow.__table__, _P.id == _K.product_id)))

_CHECKS = (
    select(_S.id, _S.certificate_id, _C.number, _holder.c.name, _body.c.name, _S.due_on,
           _S.done_on, _S.result)
    .select_from(SurveillanceRow.__table__
                 .join(CertificateRow.__table__, _C.id == _S.certificate_id)
                 .join(_holder, _holder.c.id == _C.holder_id)
                 .join(_body, _body.c.id == _C.body_id)))


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _at(value: Any) -> datetime:
    return utc(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))


def _certificate(r: Any, today: date) -> CertificateLine:
    expires = _day(r[13])
    return CertificateLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                           effective_status(CertificateStatus(r[11]), expires, today),
                           _day(r[12]), expires, r[14], r[15], r[16])


def _case(r: Any) -> CaseLine:
    return CaseLine(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], _at(r[10]),
                    _at(r[11]), r[12])


def _in_force(today: date) -> ColumnElement[bool]:
    return and_(_C.status == CertificateStatus.VALID.value, _C.expires_on >= today)


def _overdue(before: date, today: date) -> ColumnElement[bool]:
    return and_(_S.done_on.is_(None), _S.due_on < before, _C.status.in_(_WATCHED),
                _C.expires_on >= today)


class SupervisionReads(_Repository):
    """Reads of one jurisdiction (the caller, services/supervision/workspace.py, has checked
    that the reader is a regulator of it)."""

    def _rows(self, q: Select[Any], offset: int, limit: int) -> tuple[list[Any], int]:
        total = self.session.scalar(select(func.count()).select_from(q.subquery())) or 0
        return list(self.session.execute(q.offset(offset).limit(limit)).all()), int(total)

    # -- certificates ---------------------------------------------------------------------

    def certificates(self, jurisdiction: Jurisdiction, today: date, offset: int, limit: int,
                     category: str | None = None, body_id: str | None = None,
                     status: CertificateStatus | None = None) -> Page[CertificateLine]:
        """Certificates whose holder lies within the jurisdiction, newest first; ``status`` as
        the public sees it (expired: a valid or suspended one past its validity)."""
        q = _CERTIFICATES.where(region_within(_holder.c.region, jurisdiction))
        if category:
            q = q.where(_K.category == category)
        if body_id:
            q = q.where(_C.body_id == body_id)
        if status is CertificateStatus.EXPIRED:
            q = q.where(_C.status.in_(_WATCHED), _C.expires_on < today)
        elif status in (CertificateStatus.VALID, CertificateStatus.SUSPENDED):
            q = q.where(_C.status == status.value, _C.expires_on >= today)
        elif status is not None:
            q = q.where(_C.status == status.value)
        rows, total = self._rows(q.order_by(_C.issued_on.desc(), _C.number), offset, limit)
        return Page([_certificate(r, today) for r in rows], total, offset, limit)

    def certificate(self, jurisdiction: Jurisdiction, certificate_id: str,
                    today: date) -> CertificateLine | None:
        row = self.session.execute(_CERTIFICATES.where(
            _C.id == certificate_id, region_within(_holder.c.region, jurisdiction))).first()
        return _certificate(row, today) if row is not None else None

    # -- cases ----------------------------------------------------------------------------

    def cases(self, jurisdiction: Jurisdiction, offset: int, limit: int,
              state: str | None = None, body_id: str | None = None) -> Page[CaseLine]:
        """Certification cases whose applicant lies within the jurisdiction, latest first."""
        q = _CASES.where(region_within(_holder.c.region, jurisdiction))
        if state:
            q = q.where(_K.state == state)
        if body_id:
            q = q.where(_K.body_id == body_id)
        rows, total = self._rows(q.order_by(_K.updated_at.desc(), _K.id), offset, limit)
        return Page([_case(r) for r in rows], total, offset, limit)

    def case(self, jurisdiction: Jurisdiction, case_id: str) -> CaseLine | None:
        row = self.session.execute(_CASES.where(
            _K.id == case_id, region_within(_holder.c.region, jurisdiction))).first()
        return _case(row) if row is not None else None

    # -- surveillance ---------------------------------------------------------------------

    def surveillance(self, jurisdiction: Jurisdiction, today: date, overdue_before: date,
                     offset: int, limit: int, overdue_only: bool = False,
                     certificate_id: str | None = None) -> Page[SurveillanceLine]:
        """Surveillance checks of certificates within the jurisdiction, by due date (open
        ones first); ``overdue`` as :meth:`overdue_count` counts."""
        flag = _overdue(overdue_before, today)
        q = _CHECKS.add_columns(flag).where(region_within(_holder.c.region, jurisdiction))
        if overdue_only:
            q = q.where(flag)
        if certificate_id:
            q = q.where(_S.certificate_id == certificate_id)
        q = q.order_by(_S.done_on.is_not(None), _S.due_on, _C.number, _S.id)
        rows, total = self._rows(q, offset, limit)
        return Page([SurveillanceLine(r[0], r[1], r[2], r[3], r[4], _day(r[5]),
                                      None if r[6] is None else _day(r[6]), r[7], bool(r[8]))
                     for r in rows], total, offset, limit)

    # -- the home figures -----------------------------------------------------------------

    def certified_totals(self, jurisdiction: Jurisdiction, today: date) -> tuple[int, int]:
        """(enterprises, products) with a certificate in force."""
        row = self.session.execute(
            select(func.count(_C.holder_id.distinct()), func.count(_C.product_id.distinct()))
            .select_from(CertificateRow.__table__.join(_holder, _holder.c.id == _C.holder_id))
            .where(region_within(_holder.c.region, jurisdiction), _in_force(today))).one()
        return int(row[0]), int(row[1])

    def certified_by(self, jurisdiction: Jurisdiction, today: date,
                     by: str) -> list[Tally]:
        """Certified enterprises and products per product category (``by="category"``) or
        per certification body (``by="body"``), most products first."""
        key = _K.category if by == "category" else _C.body_id
        name = func.max(_body.c.name) if by == "body" else func.max(_K.category)
        q = (select(key, name, func.count(_C.holder_id.distinct()),
                    func.count(_C.product_id.distinct()))
             .select_from(CertificateRow.__table__
                          .join(_holder, _holder.c.id == _C.holder_id)
                          .join(_body, _body.c.id == _C.body_id)
                          .join(CaseRow.__table__, _K.id == _C.case_id))
             .where(region_within(_holder.c.region, jurisdiction), _in_force(today))
             .group_by(key))
        tallies = [Tally(str(r[0]), str(r[1]), int(r[2]), int(r[3]))
                   for r in self.session.execute(q)]
        return sorted(tallies, key=lambda t: (-t.products, -t.enterprises, t.key))

    def overdue_count(self, jurisdiction: Jurisdiction, today: date,
                      overdue_before: date) -> int:
        return int(self.session.scalar(
            select(func.count()).select_from(
                SurveillanceRow.__table__
                .join(CertificateRow.__table__, _C.id == _S.certificate_id)
                .join(_holder, _holder.c.id == _C.holder_id))
            .where(region_within(_holder.c.region, jurisdiction),
                   _overdue(overdue_before, today))) or 0)

    def status_changes_between(self, jurisdiction: Jurisdiction, to_status: CertificateStatus,
                               start: date, end: date) -> int:
        """Status changes of certificates within the jurisdiction to ``to_status`` made on a
        UTC day from ``start`` up to (not including) ``end``."""
        since = datetime.combine(start, time(), UTC)
        until = datetime.combine(end, time(), UTC)
        return int(self.session.scalar(
            select(func.count()).select_from(
                StatusChangeRow.__table__
                .join(CertificateRow.__table__, _C.id == StatusChangeRow.certificate_id)
                .join(_holder, _holder.c.id == _C.holder_id))
            .where(region_within(_holder.c.region, jurisdiction),
                   StatusChangeRow.to_status == to_status.value,
                   StatusChangeRow.at >= since, StatusChangeRow.at < until)) or 0)
