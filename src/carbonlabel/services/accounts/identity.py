"""An organisation's identity: unified social credit code, registered address and production
sites, set at creation and kept by the organisation's admin."""

from __future__ import annotations

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.organisation_identity import (
    ProductionSite,
    credit_code_problem,
    normalise_credit_code,
)
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.accounts.users import new_id


def checked_credit_code(text: str | None) -> str | None:
    """The code normalised, None when empty; InputError naming ``credit_code`` if invalid."""
    code = normalise_credit_code(text or "")
    if not code:
        return None
    problem = credit_code_problem(code)
    if problem is not None:
        raise InputError(field="credit_code", message_zh=problem[0], message_en=problem[1])
    return code


def _admin(actor: User) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDeniedError(field="role",
                                    message_en="only the organisation's admin may do this",
                                    message_zh="仅本组织管理员可执行此操作")


def set_identity(uow: UnitOfWork, actor: User, credit_code: str, address: str) -> None:
    _admin(actor)
    code = checked_credit_code(credit_code)
    org = uow.organisations.get(actor.organisation_id)
    assert org is not None
    uow.organisations.set_identity(org.id, code, address.strip()[:500])
    uow.audit.append(actor_id=actor.id, organisation_id=org.id, action="organisation.identity",
                     entity="organisation", entity_id=org.id,
                     before={"credit_code": org.credit_code, "address": org.registered_address},
                     after={"credit_code": code, "address": address.strip()[:500]})
    uow.commit()


def add_site(uow: UnitOfWork, actor: User, name: str, address: str,
             region: str) -> ProductionSite:
    _admin(actor)
    if not name.strip():
        raise InputError(field="site_name", message_en="name the site",
                         message_zh="请填写生产场所名称")
    if not address.strip():
        raise InputError(field="site_address", message_en="give the site's address",
                         message_zh="请填写生产场所地址")
    site = ProductionSite(new_id(), actor.organisation_id, name.strip()[:200],
                          address.strip()[:500], region.strip()[:40])
    uow.sites.add(site)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="site.added", entity="production_site", entity_id=site.id,
                     after={"name": site.name, "address": site.address, "region": site.region})
    uow.commit()
    return site


def remove_site(uow: UnitOfWork, actor: User, site_id: str) -> None:
    _admin(actor)
    if not uow.sites.remove(actor.organisation_id, site_id):
        raise NotFoundError(field="site_id", message_en="no such site",
                            message_zh="没有该生产场所")
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="site.removed", entity="production_site", entity_id=site_id)
    uow.commit()
