"""System certification: rows in, domain objects out (tables: ``system_tables``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from carbonlabel.adapters.db.certification_tables import CertificateRow
from carbonlabel.adapters.db.repositories import _Repository
from carbonlabel.adapters.db.system_tables import (
    SystemApplicationRow,
    SystemCertificateRow,
    SystemRegistrationRow,
    SystemSampleItemRow,
    SystemSampleRow,
    SystemStatusChangeRow,
)
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.records import StatusChange
from carbonlabel.domain.certification.system import (
    Assessment,
    Registration,
    SampledProduct,
    SampleResult,
    SystemApplication,
    SystemCertificate,
    SystemItem,
    SystemSample,
)
from carbonlabel.errors import ConflictError


def _system(r: SystemCertificateRow) -> SystemCertificate:
    return SystemCertificate(r.id, r.number, r.case_id, r.holder_id, r.body_id, r.category,
                             r.product_rule, r.standard, r.scheme, r.issued_on, r.expires_on,
                             CertificateStatus(r.status), r.created_at)


def _application(r: SystemApplicationRow) -> SystemApplication:
    return SystemApplication(r.case_id, r.product_rule, tuple(
        Assessment(SystemItem(x["item"]), bool(x["conforming"]), str(x["note"]),
                   str(x["assessed_by"]), datetime.fromisoformat(x["at"]))
        for x in r.assessments or []))


def _item(r: SystemSampleItemRow) -> SampledProduct:
    return SampledProduct(r.sample_id, r.certificate_id,
                          SampleResult(r.result) if r.result else None, r.notes, r.checked_by,
                          r.checked_at)


class Systems(_Repository):
    # -- the case in system mode ----------------------------------------------------------
    def add_application(self, case_id: str, product_rule: str | None) -> None:
        self._insert(SystemApplicationRow(case_id=case_id, product_rule=product_rule,
                                          assessments=[]),
                     ConflictError(field="case_id", message_en="already in system mode",
                                   message_zh="该项目已为体系认证"))

    def application(self, case_id: str) -> SystemApplication | None:
        row = self.session.get(SystemApplicationRow, case_id)
        return _application(row) if row else None

    def add_assessment(self, case_id: str, a: Assessment) -> None:
        row = self.session.get(SystemApplicationRow, case_id)
        assert row is not None
        row.assessments = [*(row.assessments or []), {
            "item": a.item.value, "conforming": a.conforming, "note": a.note,
            "assessed_by": a.assessed_by, "at": a.at.isoformat()}]
        self.session.flush()

    # -- system certificates --------------------------------------------------------------
    def add(self, c: SystemCertificate) -> None:
        self._insert(SystemCertificateRow(
            id=c.id, number=c.number, case_id=c.case_id, holder_id=c.holder_id,
            body_id=c.body_id, category=c.category, product_rule=c.product_rule,
            standard=c.standard, scheme=c.scheme, issued_on=c.issued_on,
            expires_on=c.expires_on, status=c.status.value, created_at=c.created_at),
            ConflictError(field="number", message_en="the certificate number is taken",
                          message_zh="证书编号已被占用"))

    def get(self, system_id: str) -> SystemCertificate | None:
        row = self.session.get(SystemCertificateRow, system_id)
        return _system(row) if row else None

    def of_case(self, case_id: str) -> SystemCertificate | None:
        row = self.session.scalar(select(SystemCertificateRow).where(
            SystemCertificateRow.case_id == case_id))
        return _system(row) if row else None

    def of_org(self, org_id: str) -> list[SystemCertificate]:
        """The system certificates an organisation holds or issued, newest first."""
        rows = self.session.scalars(select(SystemCertificateRow).where(
            (SystemCertificateRow.holder_id == org_id)
            | (SystemCertificateRow.body_id == org_id))
            .order_by(SystemCertificateRow.issued_on.desc(), SystemCertificateRow.number))
        return [_system(r) for r in rows]

    def set_status(self, system_id: str, status: CertificateStatus,
                   change: StatusChange) -> None:
        row = self.session.get(SystemCertificateRow, system_id)
        assert row is not None
        row.status = status.value
        self.session.add(SystemStatusChangeRow(
            system_certificate_id=system_id, action=change.action,
            from_status=change.from_status, to_status=change.to_status,
            actor_id=change.actor_id, at=change.at, reason=change.reason))
        self.session.flush()

    def status_changes(self, system_id: str) -> list[StatusChange]:
        rows = self.session.scalars(select(SystemStatusChangeRow).where(
            SystemStatusChangeRow.system_certificate_id == system_id)
            .order_by(SystemStatusChangeRow.id))
        return [StatusChange(r.system_certificate_id, r.action, r.from_status, r.to_status,
                             r.actor_id, r.at, r.reason) for r in rows]

    # -- registered products --------------------------------------------------------------
    def register(self, certificate_id: str, system_id: str, by: str, at: datetime) -> None:
        self.session.add(SystemRegistrationRow(certificate_id=certificate_id,
                                               system_certificate_id=system_id,
                                               registered_by=by, registered_at=at))
        self.session.flush()

    def registrations(self, system_id: str) -> list[Registration]:
        """The products registered under a system certificate, by certificate id."""
        rows = self.session.execute(
            select(SystemRegistrationRow, CertificateRow)
            .join(CertificateRow, CertificateRow.id == SystemRegistrationRow.certificate_id)
            .where(SystemRegistrationRow.system_certificate_id == system_id)
            .order_by(SystemRegistrationRow.certificate_id)).all()
        return [Registration(reg.certificate_id, reg.system_certificate_id, c.product_id,
                             c.footprint_id, c.certified_value, reg.registered_by,
                             reg.registered_at) for reg, c in rows]

    def system_of(self, certificate_id: str) -> SystemCertificate | None:
        """The system certificate a product certificate is registered under, if any."""
        row = self.session.scalar(select(SystemCertificateRow).join(
            SystemRegistrationRow,
            SystemRegistrationRow.system_certificate_id == SystemCertificateRow.id).where(
            SystemRegistrationRow.certificate_id == certificate_id))
        return _system(row) if row else None

    # -- surveillance samples -------------------------------------------------------------
    def add_sample(self, sample: SystemSample) -> None:
        self.session.add(SystemSampleRow(
            id=sample.id, system_certificate_id=sample.system_certificate_id, seed=sample.seed,
            population=sample.population, drawn_by=sample.drawn_by, drawn_at=sample.drawn_at))
        self.session.flush()
        for item in sample.items:
            self.session.add(SystemSampleItemRow(sample_id=sample.id,
                                                 certificate_id=item.certificate_id,
                                                 notes=""))
        self.session.flush()

    def samples(self, system_id: str) -> list[SystemSample]:
        rows = self.session.scalars(select(SystemSampleRow).where(
            SystemSampleRow.system_certificate_id == system_id)
            .order_by(SystemSampleRow.drawn_at, SystemSampleRow.id)).all()
        return [self._sample(r) for r in rows]

    def sample(self, sample_id: str) -> SystemSample | None:
        row = self.session.get(SystemSampleRow, sample_id)
        return self._sample(row) if row else None

    def _sample(self, r: SystemSampleRow) -> SystemSample:
        items = self.session.scalars(select(SystemSampleItemRow).where(
            SystemSampleItemRow.sample_id == r.id).order_by(SystemSampleItemRow.certificate_id))
        return SystemSample(r.id, r.system_certificate_id, r.seed, r.population, r.drawn_by,
                            r.drawn_at, tuple(_item(i) for i in items))

    def record_finding(self, sample_id: str, certificate_id: str, result: SampleResult,
                       notes: str, by: str, at: datetime) -> None:
        row = self.session.scalar(select(SystemSampleItemRow).where(
            SystemSampleItemRow.sample_id == sample_id,
            SystemSampleItemRow.certificate_id == certificate_id))
        assert row is not None
        row.result, row.notes, row.checked_by, row.checked_at = result.value, notes, by, at
        self.session.flush()
