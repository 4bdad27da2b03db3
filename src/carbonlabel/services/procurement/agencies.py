"""Who acts as a procurement agency: every ranking read and every criterion command starts
here. A procurement agency reads only the public registry and its own criteria; anyone else
signed in is refused (403), as a bank would be."""

from __future__ import annotations

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.tenancy import Organisation, OrgKind, Role, User
from carbonlabel.errors import PermissionDeniedError

#: who of an agency's staff publishes and withdraws criteria (viewers and auditors read)
PUBLISHING_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.DECISION_MAKER})


def agency_of(uow: UnitOfWork, actor: User) -> Organisation:
    """The actor's procurement agency; PermissionDeniedError (field ``organisation``) for
    anyone else."""
    org = uow.organisations.get(actor.organisation_id)
    if org is None or org.kind is not OrgKind.PROCUREMENT_AGENCY:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only staff of a procurement agency do this",
                                    message_zh="仅采购机构人员可执行此操作")
    return org


def require_publisher(actor: User) -> None:
    if actor.role not in PUBLISHING_ROLES:
        raise PermissionDeniedError(field="role",
                                    message_en=f"role '{actor.role.value}' may not publish "
                                               "or withdraw criteria",
                                    message_zh=f"角色「{actor.role.value}」无权发布或撤回准则")
