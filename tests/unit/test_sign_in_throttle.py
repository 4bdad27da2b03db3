"""The back-off rule on its own: which failure locks a key, for how long, and when it is
forgotten (domain/sign_in_throttle.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from carbonlabel.domain.sign_in_throttle import (
    MAX_KEY_LENGTH,
    POLICIES,
    Failures,
    KeyKind,
    ThrottleKey,
    ThrottlePolicy,
    after_failure,
    locked_until,
    retry_after_seconds,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
ACCOUNT = POLICIES[KeyKind.ACCOUNT]
ADDRESS = POLICIES[KeyKind.ADDRESS]


def fail_times(n: int, policy: ThrottlePolicy = ACCOUNT, at: datetime = T0) -> Failures:
    failures: Failures | None = None
    for _ in range(n):
        failures = after_failure(failures, policy, at)
    assert failures is not None
    return failures


def test_the_first_five_failures_of_an_account_do_not_lock_it() -> None:
    assert fail_times(5).locked_until is None
    assert locked_until(fail_times(5), ACCOUNT, T0) is None


@pytest.mark.parametrize(("failures", "seconds"), [
    (6, 1), (7, 2), (8, 4), (9, 8), (14, 256), (15, 512), (16, 900), (17, 900), (500, 900)])
def test_each_failure_after_the_free_ones_doubles_the_lock_up_to_fifteen_minutes(
        failures: int, seconds: int) -> None:
    assert fail_times(failures).locked_until == T0 + timedelta(seconds=seconds)


def test_an_address_may_fail_fifty_times_before_it_is_locked() -> None:
    assert fail_times(50, ADDRESS).locked_until is None
    assert fail_times(51, ADDRESS).locked_until == T0 + timedelta(seconds=1)
    assert not ADDRESS.cleared_by_success
    assert ACCOUNT.cleared_by_success
    assert POLICIES[KeyKind.CLIENT].free_failures == 5


def test_a_lock_ends_at_its_time() -> None:
    locked = fail_times(8)  # 4 s
    assert locked_until(locked, ACCOUNT, T0 + timedelta(seconds=3.5)) == locked.locked_until
    assert locked_until(locked, ACCOUNT, T0 + timedelta(seconds=4)) is None


def test_failures_are_forgotten_a_day_after_the_last_one() -> None:
    many = fail_times(20)
    assert locked_until(many, ACCOUNT, T0 + timedelta(minutes=14)) is not None
    later = after_failure(many, ACCOUNT, T0 + timedelta(hours=23, minutes=59))
    assert later.count == 21
    fresh = after_failure(later, ACCOUNT, later.last_at + timedelta(hours=24))
    assert (fresh.count, fresh.locked_until) == (1, None)
    assert fresh.first_at == later.last_at + timedelta(hours=24)


def test_retry_after_is_whole_seconds_rounded_up() -> None:
    assert retry_after_seconds(T0 + timedelta(seconds=1.2), T0) == 2
    assert retry_after_seconds(T0 + timedelta(seconds=900), T0) == 900
    assert retry_after_seconds(T0 + timedelta(milliseconds=1), T0) == 1


def test_an_account_key_is_the_email_lower_cased_and_a_long_value_is_hashed() -> None:
    assert ThrottleKey.of(KeyKind.ACCOUNT, " Alice@Example.CN ").stored == \
        "account:alice@example.cn"
    assert ThrottleKey.of(KeyKind.CLIENT, "Client-A").stored == "client:Client-A"
    long = ThrottleKey.of(KeyKind.ACCOUNT, "x" * 1000 + "@example.cn").stored
    assert len(long) <= MAX_KEY_LENGTH
    assert long.startswith("account:sha256:")
