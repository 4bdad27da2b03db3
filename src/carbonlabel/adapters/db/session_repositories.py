"""Signed-in browser sessions kept on the server: found by the SHA-256 of the cookie's
secret, ended one by one or all of a user's at once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from carbonlabel.adapters.db.repositories import _Repository, utc
from carbonlabel.adapters.db.tables import UserSessionRow
from carbonlabel.domain.sessions import UserSession


def _session(r: UserSessionRow) -> UserSession:
    return UserSession(r.id, r.user_id, utc(r.created_at), utc(r.last_seen_at),
                       utc(r.expires_at), utc(r.revoked_at) if r.revoked_at else None,
                       r.revoked_reason)


class UserSessions(_Repository):
    def add(self, session: UserSession, secret_hash: str, address: str,
            user_agent: str) -> None:
        self.session.add(UserSessionRow(
            id=session.id, user_id=session.user_id, secret_hash=secret_hash,
            created_at=session.created_at, last_seen_at=session.last_seen_at,
            expires_at=session.expires_at, address=address[:64], user_agent=user_agent[:200]))

    def find(self, secret_hash: str) -> UserSession | None:
        row = self.session.scalar(select(UserSessionRow).where(
            UserSessionRow.secret_hash == secret_hash))
        return _session(row) if row else None

    def touch(self, session_id: str, at: datetime) -> None:
        self.session.execute(update(UserSessionRow).where(UserSessionRow.id == session_id)
                             .values(last_seen_at=at))

    def revoke(self, session_id: str, at: datetime, reason: str) -> None:
        self.session.execute(update(UserSessionRow).where(
            UserSessionRow.id == session_id, UserSessionRow.revoked_at.is_(None))
            .values(revoked_at=at, revoked_reason=reason))

    def revoke_of_user(self, user_id: str, at: datetime, reason: str,
                       keep: str | None = None) -> int:
        """End every live session of the user (but ``keep``); how many were live."""
        query = update(UserSessionRow).where(UserSessionRow.user_id == user_id,
                                             UserSessionRow.revoked_at.is_(None),
                                             UserSessionRow.expires_at > at)
        if keep is not None:
            query = query.where(UserSessionRow.id != keep)
        result = self.session.execute(query.values(revoked_at=at, revoked_reason=reason))
        return int(getattr(result, "rowcount", 0) or 0)
