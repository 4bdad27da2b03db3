"""Where each of an organisation's products stands in certification, for the dashboard's
certified column and the footprint page's "apply for certification" action: its newest
certificate (with the status the public sees today), its open case, and whether the reader may
apply now.

The reader's own organisation only (the holder's view): another organisation's products are not
looked at, so nothing here tells them apart from products that do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.certificate import (
    STATUS_NAMES,
    CertificateStatus,
    effective_status,
)
from carbonlabel.domain.certification.records import Certificate, CertificationCase
from carbonlabel.domain.certification.states import TRANSITIONS
from carbonlabel.domain.tenancy import Action, OrgKind, Role, User
from carbonlabel.services.accounts.users import require

MAX_CASES = 500
#: who applies for an organisation (services/certification/cases.py checks it again)
APPLICANT_ROLES = (Role.ADMIN, Role.ANALYST)


@dataclass(frozen=True)
class ProductCertification:
    certificate: Certificate | None  # the newest one issued for the product
    status: CertificateStatus | None  # the certificate's status today (expired past validity)
    open_case: CertificationCase | None  # the newest case still in progress

    @property
    def status_name(self) -> tuple[str, str] | None:
        return STATUS_NAMES[self.status] if self.status else None

    @property
    def certified(self) -> bool:
        return self.status is CertificateStatus.VALID

    @property
    def may_apply_again(self) -> bool:
        """No case in progress and no valid certificate: a new application makes sense."""
        return self.open_case is None and not self.certified


NONE = ProductCertification(None, None, None)


def may_apply(uow: UnitOfWork, actor: User) -> bool:
    """The reader's role applies for its organisation, and the organisation is no body."""
    org = uow.organisations.get(actor.organisation_id)
    return (actor.role in APPLICANT_ROLES and org is not None
            and org.kind is not OrgKind.CERTIFICATION_BODY)


def products_certification(uow: UnitOfWork, actor: User,
                           today: date) -> dict[str, ProductCertification]:
    """By product id, each product of the reader's organisation that has a certificate or a
    case (a product with neither is missing: ``NONE``)."""
    require(actor, Action.READ)
    org_id = actor.organisation_id
    newest: dict[str, Certificate] = {}
    for c in uow.certificates.of_holder(org_id):  # oldest first: the last one wins
        newest[c.product_id] = c
    open_cases: dict[str, CertificationCase] = {}
    for case in uow.cases.page(org_id, 0, MAX_CASES).items:
        if case.applicant_id == org_id and TRANSITIONS[case.state]:
            known = open_cases.get(case.product_id)
            if known is None or case.created_at > known.created_at:
                open_cases[case.product_id] = case
    out = {}
    for product_id in newest.keys() | open_cases.keys():
        held = newest.get(product_id)
        status = effective_status(held.status, held.expires_on, today) if held else None
        out[product_id] = ProductCertification(held, status, open_cases.get(product_id))
    return out


def product_certification(uow: UnitOfWork, actor: User, product_id: str,
                          today: date) -> ProductCertification:
    return products_certification(uow, actor, today).get(product_id, NONE)
