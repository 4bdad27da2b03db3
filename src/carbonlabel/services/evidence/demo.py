"""A demo bank with one grant, for the demo data (``services/platform/demo_seed.py`` may call
:func:`seed_demo_bank` after it has certified a product): the bank's admin signs in and
finds the holder's certificate under green-finance evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.evidence import EvidenceGrant
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.services.accounts import users
from carbonlabel.services.evidence import grants

DEMO_BANK = "绿色发展银行（演示） Green Development Bank (demo)"
DEMO_BANK_EMAIL = "bank@demo.carbonlabel.cn"


@dataclass(frozen=True)
class DemoBank:
    admin: User
    grant: EvidenceGrant


def seed_demo_bank(uow: UnitOfWork, holder_admin: User, certificate_id: str,
                   password: str) -> DemoBank:
    """A bank organisation (CN-GD) with an admin, and the holder's grant of the certificate to
    it for a green loan (no last day); commits."""
    bank = users.create_organisation(uow, DEMO_BANK, OrgKind.BANK, "CN-GD")
    admin = users.add_user(uow, bank.id, DEMO_BANK_EMAIL, "信贷审批 Loan officer", Role.ADMIN,
                           password, None)
    uow.commit()
    made = grants.grant(uow, holder_admin, certificate_id, bank.id, "绿色贷款审批 green loan",
                        "GL-DEMO-001", None, datetime.now(UTC))
    return DemoBank(admin, made)
