"""The back-off on failed sign-ins: when a key (an account, a client address, a PACT client)
is locked, and for how long.

A key may fail ``free_failures`` times; each failure after those locks it for
``first_lock * 2 ** (n - 1)`` (n = failures beyond the free ones), at most ``max_lock``.
While locked, every attempt is refused without checking the password, and a refused attempt
is not counted (a locked key cannot be pushed further by guessing). A key whose last failure
is ``forget_after`` old starts again from nothing; a successful sign-in forgets the account's
and the PACT client's failures, never the address's.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

#: longest stored key (the column's length); longer values are stored as their SHA-256
MAX_KEY_LENGTH = 300


class KeyKind(StrEnum):
    ACCOUNT = "account"  # the e-mail address signed in with, lower-cased
    ADDRESS = "address"  # the client's IP address
    CLIENT = "client"  # a PACT client id at /auth/token


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int
    first_lock: timedelta = timedelta(seconds=1)
    max_lock: timedelta = timedelta(minutes=15)
    forget_after: timedelta = timedelta(hours=24)
    cleared_by_success: bool = True

    def lock_after(self, failures: int) -> timedelta | None:
        """How long the ``failures``-th failure in a row locks the key (None: not at all)."""
        beyond = failures - self.free_failures
        if beyond <= 0:
            return None
        # capped before the power, so that a long run of failures cannot overflow it
        doublings = min(beyond - 1, math.ceil(math.log2(self.max_lock / self.first_lock)))
        return min(self.first_lock * (1 << doublings), self.max_lock)


#: The numbers, in one place (docs/security.md "Sign-in"). Many people may share an address
#: (an office, a carrier's NAT), so it is allowed ten times as many failures as an account.
POLICIES: dict[KeyKind, ThrottlePolicy] = {
    KeyKind.ACCOUNT: ThrottlePolicy(free_failures=5),
    KeyKind.ADDRESS: ThrottlePolicy(free_failures=50, cleared_by_success=False),
    KeyKind.CLIENT: ThrottlePolicy(free_failures=5),
}


@dataclass(frozen=True)
class ThrottleKey:
    kind: KeyKind
    value: str

    @classmethod
    def of(cls, kind: KeyKind, value: str) -> ThrottleKey:
        value = value.strip()
        return cls(kind, value.lower() if kind is KeyKind.ACCOUNT else value)

    @property
    def stored(self) -> str:
        """The key as stored: ``account:alice@example.cn``; too long a value as its hash."""
        text = f"{self.kind.value}:{self.value}"
        if len(text) <= MAX_KEY_LENGTH:
            return text
        return f"{self.kind.value}:sha256:{hashlib.sha256(self.value.encode()).hexdigest()}"

    @property
    def policy(self) -> ThrottlePolicy:
        return POLICIES[self.kind]


@dataclass(frozen=True)
class Failures:
    """A key's failures in a row, as stored."""

    count: int
    first_at: datetime
    last_at: datetime
    locked_until: datetime | None  # None: not locked


def current(failures: Failures | None, policy: ThrottlePolicy,
            now: datetime) -> Failures | None:
    """The failures that still count at ``now`` (None once forgotten)."""
    if failures is None or now - failures.last_at >= policy.forget_after:
        return None
    return failures


def locked_until(failures: Failures | None, policy: ThrottlePolicy,
                 now: datetime) -> datetime | None:
    """Until when the key is locked at ``now``, or None if it is not."""
    kept = current(failures, policy, now)
    if kept is None or kept.locked_until is None or kept.locked_until <= now:
        return None
    return kept.locked_until


def after_failure(failures: Failures | None, policy: ThrottlePolicy,
                  now: datetime) -> Failures:
    """The key's failures once one more is counted at ``now``, with the lock it earns."""
    kept = current(failures, policy, now)
    count = kept.count + 1 if kept else 1
    lock = policy.lock_after(count)
    return Failures(count, kept.first_at if kept else now, now,
                    now + lock if lock is not None else None)


def retry_after_seconds(until: datetime, now: datetime) -> int:
    """Whole seconds to wait (rounded up, at least 1), for a ``Retry-After`` header."""
    return max(1, math.ceil((until - now).total_seconds()))
