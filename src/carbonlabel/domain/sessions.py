"""Signed-in sessions and API tokens: how long each lives and when each is refused.

A browser session lives at most ``SESSION_LIFETIME`` from sign-in and ends sooner after
``SESSION_IDLE`` without a request; an API token lives ``TOKEN_DEFAULT_DAYS`` unless its
owner asks for fewer (at most ``TOKEN_MAX_DAYS``). Use is recorded at most once per
``TOUCH_INTERVAL``, so that reading pages does not turn every request into a write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from carbonlabel.errors import InputError

SESSION_LIFETIME = timedelta(hours=12)
SESSION_IDLE = timedelta(hours=2)
TOUCH_INTERVAL = timedelta(minutes=1)
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


class EndReason(StrEnum):
    """Why a session ended before its time."""

    SIGNED_OUT = "signed_out"
    PASSWORD_CHANGED = "password_changed"
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
    USER_DISABLED = "user_disabled"


class Refusal(StrEnum):
    """Why a session or a token is no longer accepted."""

    REVOKED = "revoked"
    EXPIRED = "expired"
    IDLE = "idle"


@dataclass(frozen=True)
class UserSession:
    id: str
    user_id: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = None


def new_session_times(now: datetime) -> tuple[datetime, datetime]:
    """(last seen, expires) of a session that starts now."""
    return now, now + SESSION_LIFETIME


def session_refusal(session: UserSession, now: datetime) -> Refusal | None:
    """Why the session is refused now, or None while it is good."""
    if session.revoked_at is not None:
        return Refusal.REVOKED
    if now >= session.expires_at:
        return Refusal.EXPIRED
    if now - session.last_seen_at >= SESSION_IDLE:
        return Refusal.IDLE
    return None


def token_refusal(revoked_at: datetime | None, expires_at: datetime | None,
                  now: datetime) -> Refusal | None:
    """Why an API token is refused now, or None while it is good."""
    if revoked_at is not None:
        return Refusal.REVOKED
    if expires_at is not None and now >= expires_at:
        return Refusal.EXPIRED
    return None


def due_for_touch(last: datetime | None, now: datetime) -> bool:
    """Whether the last use is old enough to be written again."""
    return last is None or now - last >= TOUCH_INTERVAL


def token_expiry(created_at: datetime, days: int | None) -> datetime:
    """The expiry of a token made at ``created_at`` to live ``days`` (default 90, 1 to 365)."""
    days = TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise InputError(field="expires_in_days",
                         message_en=f"a token lives 1 to {TOKEN_MAX_DAYS} days, not {days}",
                         message_zh=f"令牌有效期为 1 至 {TOKEN_MAX_DAYS} 天，不能是 {days} 天")
    return created_at + timedelta(days=days)
