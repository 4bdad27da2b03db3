"""Use cases of signed-in browser sessions, kept on the server so that they can be ended at
once: sign-in starts one (the cookie carries a random secret, the row its SHA-256), sign-out
ends it, a password change ends the user's other sessions and an admin's "sign out
everywhere" ends all of a user's. Ending sessions of a user leaves an audit record. Each
command commits its unit of work."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.security import hash_password, token_hash, verify_password
from carbonlabel.domain.sessions import (
    EndReason,
    UserSession,
    due_for_touch,
    new_session_times,
    session_refusal,
)
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import InputError
from carbonlabel.services.accounts.users import check_password, get_user, new_id, require


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def start_session(uow: UnitOfWork, user: User, address: str = "", user_agent: str = "",
                  now: datetime | None = None) -> str:
    """A new session of the user; the secret the cookie carries (not stored)."""
    now = _now(now)
    secret = secrets.token_urlsafe(32)
    seen, expires = new_session_times(now)
    uow.sessions.add(UserSession(new_id(), user.id, now, seen, expires), token_hash(secret),
                     address, user_agent)
    uow.commit()
    return secret


def session_user(uow: UnitOfWork, secret: str,
                 now: datetime | None = None) -> tuple[UserSession, User] | None:
    """The live session of this secret and its active user, or None."""
    now = _now(now)
    session = uow.sessions.find(token_hash(secret))
    if session is None or session_refusal(session, now) is not None:
        return None
    user = uow.users.get(session.user_id)
    if user is None or not user.active:
        return None
    return session, user


def note_use(make_uow: UowFactory, last: datetime | None, now: datetime,
             write: Callable[[UnitOfWork], None]) -> None:
    """Write the time of a session's or token's use, at most once a minute (for the idle
    timeout and "last used"), in a transaction of its own."""
    if due_for_touch(last, now):
        with make_uow(write=True) as uow:
            write(uow)
            uow.commit()


def record_use(make_uow: UowFactory, session: UserSession, now: datetime) -> None:
    note_use(make_uow, session.last_seen_at, now, lambda uow: uow.sessions.touch(session.id, now))


def end_session(uow: UnitOfWork, secret: str, now: datetime | None = None) -> None:
    """Sign-out: the session of this secret no longer signs anybody in."""
    session = uow.sessions.find(token_hash(secret))
    if session is not None:
        uow.sessions.revoke(session.id, _now(now), EndReason.SIGNED_OUT)
    uow.commit()


def end_sessions_of(uow: UnitOfWork, actor: User, user_id: str,
                    now: datetime | None = None) -> int:
    """An admin signs a user of their own organisation out everywhere; how many sessions
    ended. Another organisation's user is "not found"."""
    require(actor, Action.MANAGE_USERS)
    user = get_user(uow, actor, user_id)
    now = _now(now)
    ended = uow.sessions.revoke_of_user(user.id, now, EndReason.SIGNED_OUT_EVERYWHERE)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="user.signed_out_everywhere", entity="user", entity_id=user.id,
                     after={"sessions_ended": ended})
    uow.commit()
    return ended


def change_password(uow: UnitOfWork, user: User, current: str, new: str,
                    keep_secret: str | None = None, now: datetime | None = None) -> int:
    """The user changes their password (knowing the current one); every other session of
    theirs ends (``keep_secret``: the session the change was made in, if any). API tokens
    stay: each is listed and revoked on its own. How many sessions ended."""
    found = uow.users.by_email(user.email)
    if found is None or not verify_password(found[1], current):
        raise InputError(field="current_password", message_en="the current password is wrong",
                         message_zh="当前密码不正确")
    check_password(new, user.email, user.display_name, "new_password")
    now = _now(now)
    uow.users.set_password_hash(user.id, hash_password(new))
    keep = uow.sessions.find(token_hash(keep_secret)) if keep_secret else None
    ended = uow.sessions.revoke_of_user(user.id, now, EndReason.PASSWORD_CHANGED,
                                        keep=keep.id if keep else None)
    uow.audit.append(actor_id=user.id, organisation_id=user.organisation_id,
                     action="user.password_changed", entity="user", entity_id=user.id,
                     after={"sessions_ended": ended})
    uow.commit()
    return ended
