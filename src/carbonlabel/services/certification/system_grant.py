"""The grant of a case in system mode: a system certificate (体系认证证书) instead of a
product certificate. Called by ``cases.act`` inside its unit of work (it does not commit);
kept apart from ``system`` so that ``cases`` need not import the system journey."""

from __future__ import annotations

from datetime import datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.certificate import (
    CertificateStatus,
    Scheme,
    certificate_number,
    expiry,
)
from carbonlabel.domain.certification.records import CertificationCase
from carbonlabel.domain.certification.system import SystemCertificate, check_checklist
from carbonlabel.domain.tenancy import User
from carbonlabel.services.accounts.users import new_id


def is_system(uow: UnitOfWork, case_id: str) -> bool:
    """Whether the case applies for system certification (it has a system application)."""
    return uow.systems.application(case_id) is not None


def issue(uow: UnitOfWork, actor: User, case: CertificationCase, now: datetime,
          scheme: Scheme) -> SystemCertificate:
    """The system certificate of a granted system case: refused (``system_assessment_*``)
    unless every checklist item was assessed, the latest finding of each conforming."""
    application = uow.systems.application(case.id)
    assert application is not None
    latest = {a.item: a.conforming for a in application.assessments}
    check_checklist(latest)
    issued = now.date()
    code = uow.bodies.body_code(case.body_id) or 1
    serial = uow.certificates.next_serial(case.body_id, issued.year)
    system = SystemCertificate(
        new_id(), certificate_number(issued.year, code, serial), case.id, case.applicant_id,
        case.body_id, case.category, application.product_rule, scheme.standard, scheme.code,
        issued, expiry(issued, scheme), CertificateStatus.VALID, now)
    uow.systems.add(system)
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action="system_certificate.issued", entity="system_certificate",
                     entity_id=system.id,
                     after={"number": system.number, "category": system.category,
                            "product_rule": system.product_rule,
                            "expires_on": system.expires_on.isoformat()})
    return system
