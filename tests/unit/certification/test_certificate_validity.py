"""Validity in calendar years: to the day before the same date N years later, never a count
of days (730 days fall a day short whenever a 29 February lies in between)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from carbonlabel.domain.certification.certificate import (
    Scheme,
    anniversary,
    expiry,
    surveillance_due_dates,
)


def test_issued_2027_03_01_is_valid_to_2029_02_28() -> None:
    assert expiry(date(2027, 3, 1), Scheme()) == date(2029, 2, 28)


def test_issued_2028_02_29_is_valid_to_2030_02_28() -> None:
    # the anniversary 2030-02-29 does not exist: it counts as 1 March
    assert expiry(date(2028, 2, 29), Scheme()) == date(2030, 2, 28)


def test_a_validity_across_29_february_is_731_days_not_730() -> None:
    issued = date(2027, 3, 1)
    assert (expiry(issued, Scheme()) - issued).days + 1 == 731


def test_the_scheme_sets_the_years() -> None:
    assert expiry(date(2026, 6, 15), Scheme(validity_years=3)) == date(2029, 6, 14)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)),
       st.integers(min_value=1, max_value=5))
def test_expiry_is_the_day_before_the_anniversary(issued: date, years: int) -> None:
    ends = expiry(issued, Scheme(validity_years=years))
    following = ends + timedelta(days=1)
    assert following.year == issued.year + years
    if (issued.month, issued.day) == (2, 29) and following.month == 3:
        assert following.day == 1  # no 29 February that year
    else:
        assert (following.month, following.day) == (issued.month, issued.day)
    assert following == anniversary(issued, years)


def test_surveillance_is_not_scheduled_on_the_last_day_of_validity() -> None:
    # 2026-12-07 + 2 × 365 days is 2028-12-06 (2028 is a leap year): the expiry day itself
    issued = date(2026, 12, 7)
    ends = expiry(issued, Scheme())
    assert ends == date(2028, 12, 6)
    assert surveillance_due_dates(issued, ends, Scheme()) == [date(2027, 12, 7)]
