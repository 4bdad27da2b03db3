"""Who acts as a regulator, and over which jurisdiction.

Every regulator read and command starts here: :func:`jurisdiction_of` returns the actor's
jurisdiction (its organisation's region, domain/supervision/jurisdiction.py) or refuses anyone
who is not staff of a regulator organisation. Regulators read across certification bodies,
within their jurisdiction only; what lies outside it is reported as not found, as for another
tenant's records.
"""

from __future__ import annotations

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction, parse_jurisdiction
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import NotFoundError, PermissionDeniedError


def jurisdiction_of(uow: UnitOfWork, actor: User) -> Jurisdiction:
    """The jurisdiction of the actor's regulator organisation; PermissionDeniedError (field
    ``organisation``) for anyone else."""
    org = uow.organisations.get(actor.organisation_id)
    if org is None or org.kind is not OrgKind.REGULATOR:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only staff of a market regulator do this",
                                    message_zh="仅市场监管部门人员可执行此操作")
    try:
        return parse_jurisdiction(org.region)
    except ValueError as bad:  # stored before jurisdictions were checked: refuse, not guess
        raise PermissionDeniedError(field="jurisdiction", message_zh=str(bad.args[0]),
                                    message_en=str(bad.args[1])) from None


def require_regulator_role(actor: User, roles: frozenset[Role]) -> None:
    """Refuses a regulator's staff member whose role may not take this step."""
    if actor.role not in roles:
        raise PermissionDeniedError(field="role",
                                    message_en=f"role '{actor.role.value}' may not do this",
                                    message_zh=f"角色「{actor.role.value}」无权执行此操作")


def within(jurisdiction: Jurisdiction, region: str | None, what: str, what_zh: str) -> None:
    """NotFoundError (field ``what``) for a record outside the jurisdiction: a regulator of one
    province learns nothing of another's records, not even that they exist."""
    if not jurisdiction.covers(region):
        raise NotFoundError(field=what, message_en=f"no such {what}",
                            message_zh=f"没有该{what_zh}")
