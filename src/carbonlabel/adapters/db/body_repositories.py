"""Repositories of bodies' approvals, production sites, the certification agreement and what
an application names (tables of migration 0012)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from carbonlabel.adapters.db.body_tables import (
    AgreementAcceptanceRow,
    AgreementRow,
    BodyApprovalRow,
    CaseApplicationRow,
    ProductionSiteRow,
)
from carbonlabel.adapters.db.certification_tables import AccreditationRow, QualificationRow
from carbonlabel.adapters.db.repositories import _Repository, utc
from carbonlabel.adapters.db.tables import UserRow
from carbonlabel.domain.certification.agreement import Acceptance, Agreement
from carbonlabel.domain.certification.bodies import BodyApproval, BodyStatus
from carbonlabel.domain.organisation_identity import ProductionSite
from carbonlabel.errors import ConflictError


@dataclass(frozen=True)
class CaseApplication:
    """What an application names beside the footprint (``case_applications``)."""

    case_id: str
    producer: str
    sites: tuple[dict[str, str], ...]  # name, address, region at the time of application
    product_types: tuple[str, ...]
    specifications: tuple[str, ...]


class Approvals(_Repository):
    """Bodies' approval and accreditation as the platform operator records them."""

    def _scope(self, body_id: str) -> frozenset[str]:
        return frozenset(self.session.scalars(select(AccreditationRow.category).where(
            AccreditationRow.body_id == body_id)))

    def _of(self, r: BodyApprovalRow) -> BodyApproval:
        return BodyApproval(r.body_id, r.body_code, r.approval_number, r.accreditation_number,
                            r.accredited_from, r.accredited_to, BodyStatus(r.status),
                            self._scope(r.body_id))

    def get(self, body_id: str) -> BodyApproval | None:
        row = self.session.get(BodyApprovalRow, body_id)
        return self._of(row) if row else None

    def all(self) -> list[BodyApproval]:
        return [self._of(r) for r in self.session.scalars(select(BodyApprovalRow))]

    def holder_of_code(self, body_code: int) -> str | None:
        return self.session.scalar(select(BodyApprovalRow.body_id).where(
            BodyApprovalRow.body_code == body_code))

    def record(self, approval: BodyApproval) -> None:
        """Insert or replace the approval (not the scope: ``Bodies.set_scope``); a body code
        held by another body is a ConflictError naming ``body_code``."""
        row = self.session.get(BodyApprovalRow, approval.body_id)
        values = {"body_code": approval.body_code, "approval_number": approval.approval_number,
                  "accreditation_number": approval.accreditation_number,
                  "accredited_from": approval.accredited_from,
                  "accredited_to": approval.accredited_to, "status": approval.status.value,
                  "updated_at": datetime.now(UTC)}
        conflict = ConflictError(field="body_code",
                                 message_en="this body code is held by another body",
                                 message_zh="该机构代码已被其他认证机构使用")
        if row is None:
            self._insert(BodyApprovalRow(body_id=approval.body_id, **values), conflict)
            return
        for key, value in values.items():
            setattr(row, key, value)
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError as exc:  # the unique body code
            raise conflict from exc

    def qualified_auditors(self, body_id: str) -> list[tuple[str, tuple[str, ...]]]:
        """(display name, catalogue codes) of the body's qualified auditors, by name."""
        rows = self.session.execute(
            select(UserRow.display_name, UserRow.id, QualificationRow.category)
            .join(QualificationRow, QualificationRow.user_id == UserRow.id)
            .where(UserRow.organisation_id == body_id, UserRow.active.is_(True))
            .order_by(UserRow.display_name, UserRow.id)).all()
        found: dict[str, tuple[str, list[str]]] = {}
        for name, user_id, category in rows:
            found.setdefault(user_id, (name, []))[1].append(category)
        return [(name, tuple(sorted(cats, key=_code_order))) for name, cats in found.values()]


def _code_order(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (10_000, code)


class Sites(_Repository):
    def add(self, site: ProductionSite) -> None:
        self.session.add(ProductionSiteRow(id=site.id, organisation_id=site.organisation_id,
                                           name=site.name, address=site.address,
                                           region=site.region))
        self.session.flush()

    def of(self, org_id: str) -> list[ProductionSite]:
        rows = self.session.scalars(select(ProductionSiteRow).where(
            ProductionSiteRow.organisation_id == org_id).order_by(ProductionSiteRow.name))
        return [ProductionSite(r.id, r.organisation_id, r.name, r.address, r.region)
                for r in rows]

    def remove(self, org_id: str, site_id: str) -> bool:
        row = self.session.get(ProductionSiteRow, site_id)
        if row is None or row.organisation_id != org_id:
            return False
        self.session.delete(row)
        self.session.flush()
        return True


class Agreements(_Repository):
    def versions(self) -> list[Agreement]:
        rows = self.session.scalars(select(AgreementRow).order_by(AgreementRow.version))
        return [Agreement(r.version, r.text_zh, r.text_en, r.effective_on) for r in rows]

    def add(self, agreement: Agreement) -> None:
        self._insert(AgreementRow(version=agreement.version, text_zh=agreement.text_zh,
                                  text_en=agreement.text_en,
                                  effective_on=agreement.effective_on),
                     ConflictError(field="version", message_en="this version exists",
                                   message_zh="该版本已存在"))

    def accept(self, acceptance: Acceptance) -> None:
        self._insert(AgreementAcceptanceRow(
            organisation_id=acceptance.organisation_id, version=acceptance.version,
            accepted_by=acceptance.accepted_by, accepted_at=acceptance.accepted_at),
            ConflictError(field="agreement", message_en="already accepted",
                          message_zh="已接受该版本"))

    def acceptances(self, org_id: str) -> list[Acceptance]:
        rows = self.session.scalars(select(AgreementAcceptanceRow).where(
            AgreementAcceptanceRow.organisation_id == org_id)
            .order_by(AgreementAcceptanceRow.version))
        return [Acceptance(r.organisation_id, r.version, r.accepted_by, utc(r.accepted_at))
                for r in rows]

    def effective(self, day: date) -> list[Agreement]:
        return [a for a in self.versions() if a.effective_on <= day]


class CaseApplications(_Repository):
    def add(self, application: CaseApplication) -> None:
        self.session.add(CaseApplicationRow(
            case_id=application.case_id, producer=application.producer,
            sites=list(application.sites), product_types=list(application.product_types),
            specifications=list(application.specifications)))
        self.session.flush()

    def get(self, case_id: str) -> CaseApplication | None:
        r = self.session.get(CaseApplicationRow, case_id)
        return CaseApplication(r.case_id, r.producer, tuple(r.sites), tuple(r.product_types),
                               tuple(r.specifications)) if r else None
