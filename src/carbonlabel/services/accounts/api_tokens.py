"""Use cases of API tokens once made (``accounts.create_token`` gives each an expiry):
accepted while live, listed by their owner, revoked by their owner or by the operator on the
server. The secret is stored only as its SHA-256; every revocation leaves an audit record,
committed by the command that revokes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.security import token_hash
from carbonlabel.domain.sessions import Refusal, token_refusal
from carbonlabel.domain.tenancy import ApiToken, User
from carbonlabel.errors import AuthenticationError, NotFoundError
from carbonlabel.services.accounts.sessions import note_use

_REFUSED = {
    None: ("invalid API token", "API 令牌无效"),
    Refusal.EXPIRED: ("the API token has expired: make a new one", "API 令牌已过期，请新建令牌"),
    Refusal.REVOKED: ("the API token has been revoked", "API 令牌已被撤销"),
}


def _refusal(token: ApiToken, now: datetime) -> Refusal | None:
    # tokens revoked before revocation had a time carry only the flag
    return token_refusal(token.revoked_at or (now if token.revoked else None),
                         token.expires_at, now)


def _refused(why: Refusal | None) -> AuthenticationError:
    en, zh = _REFUSED[why]
    return AuthenticationError(field="Authorization", message_en=en, message_zh=zh)


def token_user(uow: UnitOfWork, secret: str,
               now: datetime | None = None) -> tuple[ApiToken, User]:
    """The live token of this secret and its active user; AuthenticationError saying why
    otherwise (unknown, expired or revoked)."""
    now = now or datetime.now(UTC)
    found = uow.tokens.find(token_hash(secret))
    if found is None or not found[1].active:
        raise _refused(None)
    token, user = found
    why = _refusal(token, now)
    if why is not None:
        raise _refused(why)
    return token, user


def record_use(make_uow: UowFactory, token: ApiToken, now: datetime) -> None:
    """Note that the token was used now (``last_used_at``), at most once a minute."""
    note_use(make_uow, token.last_used_at, now, lambda uow: uow.tokens.touch(token.id, now))


def list_tokens(uow: UnitOfWork, owner: User) -> list[ApiToken]:
    """The owner's tokens, newest first, revoked and expired ones included."""
    return uow.tokens.of_user(owner.id)


def _revoke(uow: UnitOfWork, token: ApiToken, owner: User, actor_id: str | None,
            now: datetime) -> ApiToken:
    if token.revoked_at is not None or token.revoked:
        return token
    uow.tokens.revoke(token.id, now)
    uow.audit.append(actor_id=actor_id, organisation_id=owner.organisation_id,
                     action="api_token.revoked", entity="api_token", entity_id=token.id,
                     before={"name": token.name}, after={"revoked_at": now.isoformat()})
    return replace(token, revoked=True, revoked_at=now)


def _no_such_token() -> NotFoundError:
    return NotFoundError(field="token_id", message_en="no such API token",
                         message_zh="没有该 API 令牌")


def revoke_token(uow: UnitOfWork, actor: User, token_id: str,
                 now: datetime | None = None) -> ApiToken:
    """Revoke one of the actor's own tokens (another's is "not found")."""
    token = uow.tokens.of_user_by_id(actor.id, token_id)
    if token is None:
        raise _no_such_token()
    revoked = _revoke(uow, token, actor, actor.id, now or datetime.now(UTC))
    uow.commit()
    return revoked


def revoke_token_as_operator(uow: UnitOfWork, token_id: str,
                             now: datetime | None = None) -> tuple[ApiToken, User]:
    """Revoke any token (the operator on the server, ``carbonlabel tokens revoke``)."""
    token = uow.tokens.get(token_id)
    owner = uow.users.get(token.user_id) if token else None
    if token is None or owner is None:
        raise _no_such_token()
    revoked = _revoke(uow, token, owner, None, now or datetime.now(UTC))
    uow.commit()
    return revoked, owner


def token_state(token: ApiToken, now: datetime) -> str:
    """"active", "expired" or "revoked", as listed."""
    why = _refusal(token, now)
    return "active" if why is None else why.value
