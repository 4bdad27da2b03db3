"""Test helpers of market supervision: regulators of a jurisdiction and their staff."""

from __future__ import annotations

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.services.accounts import users

PASSWORD = "correct horse battery staple 7"


def regulator(make_uow: UowFactory, region: str, email: str,
              role: Role = Role.ANALYST) -> User:
    """A new regulator organisation of ``region`` (its jurisdiction: CN, CN-GD, CN-GD-440300)
    and one member of its staff with ``role`` (password ``PASSWORD``)."""
    with make_uow(write=True) as uow, uow.atomic():
        bureau = users.create_organisation(uow, f"市场监督管理局 {region}", OrgKind.REGULATOR,
                                           region)
        return users.add_user(uow, bureau.id, email, f"检查员 {region}", role, PASSWORD, None)


def colleague(make_uow: UowFactory, of: User, email: str, role: Role) -> User:
    """Another member of the same regulator's staff."""
    with make_uow(write=True) as uow:
        return users.add_user(uow, of.organisation_id, email, f"同事 {role.value}", role,
                              PASSWORD, None)
