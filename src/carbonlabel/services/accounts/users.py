"""Use cases of organisations, users, sign-in and API tokens.

An admin creates users of their own organisation only; every change leaves an audit record in
the same transaction. Each command commits its unit of work once every check passed (run
several in ``uow.atomic()`` to keep them together).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from carbonlabel.adapters.common_passwords import common_passwords
from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.security import hash_password, new_token, token_hash, verify_password
from carbonlabel.domain.organisation_identity import credit_code_problem, normalise_credit_code
from carbonlabel.domain.passwords import password_problem
from carbonlabel.domain.sessions import token_expiry
from carbonlabel.domain.supervision.jurisdiction import jurisdiction_problem
from carbonlabel.domain.tenancy import Action, ApiToken, Organisation, OrgKind, Role, User, allowed
from carbonlabel.errors import (
    AuthenticationError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def new_id() -> str:
    return str(uuid.uuid4())


def require(actor: User, action: Action) -> None:
    if not allowed(actor.role, action):
        raise PermissionDeniedError(
            field="role", message_en=f"role '{actor.role.value}' may not {action.value}",
            message_zh=f"角色「{actor.role.value}」无权执行「{action.value}」")


def create_organisation(uow: UnitOfWork, name: str, kind: OrgKind, region: str,
                        actor_id: str | None = None, credit_code: str | None = None,
                        address: str = "") -> Organisation:
    """A new organisation; its unified social credit code (optional, checked) and address."""
    code = normalise_credit_code(credit_code or "") or None
    problem = credit_code_problem(code) if code else None
    if problem is not None:
        raise InputError(field="credit_code", message_zh=problem[0], message_en=problem[1])
    if kind is OrgKind.REGULATOR:  # a regulator's region is its jurisdiction
        reason = jurisdiction_problem(region)
        if reason is not None:
            raise InputError(field="region", message_zh=reason[0], message_en=reason[1])
        region = region.strip().upper()
    org = Organisation(new_id(), name.strip(), kind, region.strip(), datetime.now(UTC), code,
                       address.strip()[:500])
    if not org.name:
        raise InputError(field="name", message_en="name must not be empty",
                         message_zh="名称不能为空")
    uow.organisations.add(org)
    uow.audit.append(actor_id=actor_id, organisation_id=org.id, action="organisation.created",
                     entity="organisation", entity_id=org.id,
                     after={"name": org.name, "kind": org.kind.value, "region": org.region,
                            "credit_code": org.credit_code})
    uow.commit()
    return org


def check_password(password: str, email: str, display_name: str,
                   field: str = "password") -> None:
    """InputError naming the password rule broken (domain/passwords.py), if any: every path
    that sets a password calls this (``field``: the form's name of the new password)."""
    problem = password_problem(password, email=email, display_name=display_name,
                               common=common_passwords())
    if problem is not None:
        raise InputError(field=field, message_en=problem.message_en,
                         message_zh=problem.message_zh)


def _check_new_user(uow: UnitOfWork, email: str, display_name: str, password: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InputError(field="email", message_en="not an e-mail address",
                         message_zh="不是有效的电子邮件地址")
    check_password(password, email, display_name)
    if uow.users.by_email(email) is not None:
        raise ConflictError(field="email", message_en="this e-mail address is already used",
                            message_zh="该电子邮件地址已被使用")
    return email


def add_user(uow: UnitOfWork, organisation_id: str, email: str, display_name: str,
             role: Role, password: str, actor_id: str | None) -> User:
    email = _check_new_user(uow, email, display_name, password)
    user = User(new_id(), organisation_id, email, display_name.strip() or email, role, True,
                datetime.now(UTC))
    uow.users.add(user, hash_password(password))
    uow.audit.append(actor_id=actor_id, organisation_id=organisation_id, action="user.created",
                     entity="user", entity_id=user.id,
                     after={"email": email, "role": role.value,
                            "display_name": user.display_name})
    uow.commit()
    return user


def create_user(uow: UnitOfWork, actor: User, email: str, display_name: str, role: Role,
                password: str) -> User:
    """An admin adds a user to the admin's own organisation."""
    require(actor, Action.MANAGE_USERS)
    return add_user(uow, actor.organisation_id, email, display_name, role, password, actor.id)


def authenticate(uow: UnitOfWork, email: str, password: str) -> User:
    found = uow.users.by_email(email.strip().lower())
    ok = verify_password(found[1] if found else None, password)
    if found is None or not ok or not found[0].active:
        raise AuthenticationError(field="email", message_en="wrong e-mail or password",
                                  message_zh="电子邮件或密码错误")
    return found[0]


def create_token(uow: UnitOfWork, actor: User, name: str, days: int | None = None,
                 now: datetime | None = None) -> tuple[ApiToken, str]:
    """A new API token of the actor, living ``days`` (default 90, at most 365)."""
    now = now or datetime.now(UTC)
    secret = new_token()
    token = ApiToken(new_id(), actor.id, name.strip() or "token", now,
                     expires_at=token_expiry(now, days))
    uow.tokens.add(token, token_hash(secret))
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="api_token.created", entity="api_token", entity_id=token.id,
                     after={"name": token.name, "expires_at": token.expires_at.isoformat()
                            if token.expires_at else None})
    uow.commit()
    return token, secret


def list_users(uow: UnitOfWork, actor: User, offset: int, limit: int) -> Page[User]:
    require(actor, Action.READ)
    return uow.users.page(actor.organisation_id, offset, limit)


def get_user(uow: UnitOfWork, actor: User, user_id: str) -> User:
    require(actor, Action.READ)
    user = uow.users.in_org(actor.organisation_id, user_id)
    if user is None:
        raise NotFoundError(field="user_id", message_en="no such user",
                            message_zh="没有该用户")
    return user


def get_organisation(uow: UnitOfWork, actor: User, org_id: str) -> Organisation:
    org = uow.organisations.get(org_id) if org_id == actor.organisation_id else None
    if org is None:
        raise NotFoundError(field="organisation_id", message_en="no such organisation",
                            message_zh="没有该组织")
    return org
