"""The demo's procurement agency: one organisation with an officer who signs in with the demo
password and lands on the ranking (the demo seed calls :func:`seed_demo_agency`)."""

from __future__ import annotations

from sqlalchemy import select

from carbonlabel.adapters.db.tables import OrganisationRow
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.tenancy import OrgKind, Role
from carbonlabel.services.accounts import users

DEMO_AGENCY = "示范省政府采购中心 Demo Government Procurement Centre"
DEMO_OFFICER = ("buyer@procurement.demo", "吴芳 Wu Fang", Role.ANALYST)


def seed_demo_agency(uow: UnitOfWork, password: str) -> list[tuple[str, str, str]]:
    """Create the agency and its officer unless they exist (committed); the sign-in as
    (organisation, e-mail, role), as the demo seed lists them."""
    email, name, role = DEMO_OFFICER
    exists = uow.session.scalar(select(OrganisationRow.id)
                                .where(OrganisationRow.name == DEMO_AGENCY))
    if exists is None:
        with uow.atomic():
            org = users.create_organisation(uow, DEMO_AGENCY, OrgKind.PROCUREMENT_AGENCY,
                                            "CN-AH")
            users.add_user(uow, org.id, email, name, role, password, None)
    return [(DEMO_AGENCY, email, role.value)]
