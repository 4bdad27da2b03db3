"""What a regulator reads across certification bodies (监管工作台): certificates, certification
cases and surveillance checks of the holders within its jurisdiction, and the home figures.

Read-only views, built from rows by ``adapters/db/supervision_reads.py``. The figures:

- *certified*: a certificate whose stored status is valid and whose validity has not ended
  (``expires_on >= today``); its holder is a certified enterprise, its product a certified
  product, counted once each per product category (the case's catalogue code) and per body;
- *overdue surveillance*: a check not done whose due date lies more than the scheme's grace
  period before today (domain/certification/certificate.surveillance_state), of a certificate
  still valid or suspended and not expired: the check the body's sweep suspends for;
- *suspensions and withdrawals this month*: status changes to suspended or withdrawn made from
  the first day of today's month to the end of that month (UTC days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from carbonlabel.domain.certification.certificate import CertificateStatus, Scheme


@dataclass(frozen=True)
class CertificateLine:
    id: str
    number: str
    holder_id: str
    holder_name: str
    holder_region: str
    product_id: str
    product_zh: str
    product_en: str
    category: str  # the case's catalogue code
    body_id: str
    body_name: str
    status: CertificateStatus  # as the public sees it (an ended validity is expired)
    issued_on: date
    expires_on: date
    certified_value: str
    certified_unit: str
    case_id: str


@dataclass(frozen=True)
class CaseLine:
    id: str
    applicant_id: str
    applicant_name: str
    applicant_region: str
    product_zh: str
    product_en: str
    category: str
    body_id: str
    body_name: str
    state: str
    created_at: datetime
    updated_at: datetime
    certificate_id: str | None


@dataclass(frozen=True)
class SurveillanceLine:
    id: str
    certificate_id: str
    number: str
    holder_name: str
    body_name: str
    due_on: date
    done_on: date | None
    result: str | None
    overdue: bool


@dataclass(frozen=True)
class Tally:
    """Certified enterprises and products of one category or one body."""

    key: str  # the catalogue code, or the body's id
    name: str  # the body's name (a category is named by the catalogue where it is shown)
    enterprises: int
    products: int


@dataclass(frozen=True)
class Overview:
    jurisdiction: str
    today: date
    enterprises: int  # certified, in the jurisdiction
    products: int
    by_category: tuple[Tally, ...]  # most products first
    by_body: tuple[Tally, ...]
    overdue_surveillance: int
    suspended_this_month: int
    withdrawn_this_month: int
    open_alerts: int
    open_cases: int = 0  # the regulator's own supervision cases not yet concluded


def month_of(today: date) -> tuple[date, date]:
    """The first day of today's month and the first day of the next (a half-open range)."""
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def overdue_cutoff(today: date, scheme: Scheme) -> date:
    """A check not done is overdue when it was due before this day (past the grace period:
    ``today > due_on + grace`` is ``due_on < today - grace``)."""
    return today - timedelta(days=scheme.surveillance_grace_days)


def is_overdue(due_on: date, done_on: date | None, today: date, scheme: Scheme) -> bool:
    return done_on is None and due_on < overdue_cutoff(today, scheme)
