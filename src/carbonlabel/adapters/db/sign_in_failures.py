"""Failed sign-ins per key (table ``sign_in_failures``), for the back-off of
``domain/sign_in_throttle.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from carbonlabel.adapters.db.repositories import utc
from carbonlabel.adapters.db.tables import SignInFailureRow
from carbonlabel.domain.sign_in_throttle import Failures


def _failures(row: SignInFailureRow) -> Failures:
    return Failures(row.failures, utc(row.first_failure_at), utc(row.last_failure_at),
                    utc(row.locked_until) if row.locked_until is not None else None)


class SignInFailures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def of(self, keys: Iterable[str]) -> dict[str, Failures]:
        """The stored failures of those keys that have any."""
        rows = self.session.scalars(select(SignInFailureRow).where(
            SignInFailureRow.key.in_(list(keys))))
        return {row.key: _failures(row) for row in rows}

    def count(self, key: str, update: Callable[[Failures | None], Failures]) -> Failures:
        """Store ``update`` of the key's failures; the row is locked while it is read and
        written (PostgreSQL), so two failures at once are both counted."""
        row = self.session.scalar(select(SignInFailureRow).where(SignInFailureRow.key == key)
                                  .with_for_update())
        if row is None:
            new = update(None)
            try:
                with self.session.begin_nested():
                    self.session.add(SignInFailureRow(
                        key=key, failures=new.count, first_failure_at=new.first_at,
                        last_failure_at=new.last_at, locked_until=new.locked_until))
                return new
            except IntegrityError:  # a concurrent first failure of the same key won
                row = self.session.scalar(select(SignInFailureRow)
                                          .where(SignInFailureRow.key == key)
                                          .with_for_update())
                assert row is not None
        new = update(_failures(row))
        row.failures, row.first_failure_at = new.count, new.first_at
        row.last_failure_at, row.locked_until = new.last_at, new.locked_until
        return new

    def forget(self, key: str) -> None:
        self.session.execute(delete(SignInFailureRow).where(SignInFailureRow.key == key))

    def forget_before(self, cutoff: datetime) -> None:
        """Drop keys whose last failure is older than ``cutoff`` (they count no more)."""
        self.session.execute(delete(SignInFailureRow)
                             .where(SignInFailureRow.last_failure_at < cutoff))
