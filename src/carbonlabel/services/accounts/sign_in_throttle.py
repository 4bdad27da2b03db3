"""The back-off around every sign-in (the page, ``/api/v1/auth/session``, PACT
``/auth/token``): refuse a locked key with 429, count a failure, forget it after a success.

    with guard(make_uow, account_keys(email, address), "email", now):
        user = accounts.authenticate(uow, email, password)

A failure is counted in a transaction of its own, committed whatever the request's own unit
of work does (it may be read-only). The first lock of a run of failures leaves an audit
record ``sign_in.locked``; single failures are logged, not audited (the audit log records
changes of state).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.domain.sign_in_throttle import (
    Failures,
    KeyKind,
    ThrottleKey,
    after_failure,
    locked_until,
    retry_after_seconds,
)
from carbonlabel.errors import AuthenticationError, TooManyAttemptsError

log = logging.getLogger(__name__)

_WHY: dict[KeyKind, tuple[str, str]] = {
    KeyKind.ACCOUNT: ("too many failed sign-ins to this account",
                      "该账号登录失败次数过多"),
    KeyKind.ADDRESS: ("too many failed sign-ins from this address",
                      "来自该地址的登录失败次数过多"),
    KeyKind.CLIENT: ("too many failed token requests of this client",
                     "该客户端获取令牌失败次数过多"),
}


def account_keys(email: str, address: str) -> tuple[ThrottleKey, ...]:
    return (ThrottleKey.of(KeyKind.ACCOUNT, email), ThrottleKey.of(KeyKind.ADDRESS, address))


def client_keys(client_id: str, address: str) -> tuple[ThrottleKey, ...]:
    return (ThrottleKey.of(KeyKind.CLIENT, client_id),
            ThrottleKey.of(KeyKind.ADDRESS, address))


def refuse_if_locked(known: dict[str, Failures], keys: Sequence[ThrottleKey], field: str,
                     now: datetime) -> None:
    """TooManyAttemptsError naming the key locked longest, if any is locked at ``now``."""
    locks = [(until, key) for key in keys
             if (until := locked_until(known.get(key.stored), key.policy, now)) is not None]
    if not locks:
        return
    until, key = max(locks, key=lambda lock: lock[0])
    seconds = retry_after_seconds(until, now)
    why_en, why_zh = _WHY[key.kind]
    raise TooManyAttemptsError(field=field, retry_after=seconds,
                               message_en=f"{why_en}; try again in {seconds} s",
                               message_zh=f"{why_zh}，请 {seconds} 秒后再试")


def count_failure(uow: UnitOfWork, keys: Sequence[ThrottleKey], now: datetime) -> None:
    """Count one failure of each key (in ``uow``, a writing one) and commit."""
    for key in keys:
        policy = key.policy
        failures = uow.sign_in_failures.count(key.stored,
                                              partial(after_failure, policy=policy, now=now))
        log.info("failed sign-in: %s, %d in a row", key.stored, failures.count)
        if failures.count == policy.free_failures + 1 and failures.locked_until is not None:
            _audit_lock(uow, key, failures)
    oldest = now - max(key.policy.forget_after for key in keys)
    uow.sign_in_failures.forget_before(oldest)
    uow.commit()


def _audit_lock(uow: UnitOfWork, key: ThrottleKey, failures: Failures) -> None:
    assert failures.locked_until is not None
    log.warning("sign-in locked: %s after %d failures, until %s", key.stored, failures.count,
                failures.locked_until.isoformat())
    found = uow.users.by_email(key.value) if key.kind is KeyKind.ACCOUNT else None
    uow.audit.append(actor_id=None, organisation_id=found[0].organisation_id if found else None,
                     action="sign_in.locked", entity="sign_in", entity_id=key.kind.value,
                     after={"key": key.value, "failures": failures.count,
                            "locked_until": failures.locked_until.isoformat()})


@contextmanager
def guard(make_uow: UowFactory, keys: Sequence[ThrottleKey], field: str,
          now: datetime) -> Iterator[None]:
    """Around one sign-in: refused with 429 while a key is locked (the password unchecked);
    an AuthenticationError inside is counted against every key and raised again; a success
    forgets the failures of the keys a success clears."""
    with make_uow() as uow:
        known = uow.sign_in_failures.of(key.stored for key in keys)
    refuse_if_locked(known, keys, field, now)
    try:
        yield
    except AuthenticationError:
        with make_uow(write=True) as uow:
            count_failure(uow, keys, now)
        raise
    cleared = [key.stored for key in keys if key.policy.cleared_by_success
               and key.stored in known]
    if cleared:
        with make_uow(write=True) as uow:
            for stored in cleared:
                uow.sign_in_failures.forget(stored)
            uow.commit()
