"""Certificates: numbers with a check digit, status changes, validity and surveillance.

Numbers read ``CFP-2026-001-000123-47``: scheme prefix, year of issue, the certification
body's code, a serial, and two check digits by ISO 7064 MOD 97-10 (as in IBANs) over the
digits before them, so a mistyped or altered number is recognised as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from carbonlabel.errors import WorkflowError

PREFIX = "CFP"
_NUMBER = re.compile(r"^CFP-(\d{4})-(\d{3})-(\d{6})-(\d{2})$")


def _check_digits(digits: str) -> str:
    return f"{98 - int(digits + '00') % 97:02d}"


def certificate_number(year: int, body_code: int, serial: int) -> str:
    if not (0 < body_code < 1000 and 0 < serial < 1_000_000 and 1000 <= year <= 9999):
        raise ValueError("year, body code or serial out of range")
    digits = f"{year:04d}{body_code:03d}{serial:06d}"
    return f"{PREFIX}-{year:04d}-{body_code:03d}-{serial:06d}-{_check_digits(digits)}"


def is_valid_number(number: str) -> bool:
    m = _NUMBER.match(number.strip().upper())
    if not m:
        return False
    year, body, serial, check = m.groups()
    return _check_digits(year + body + serial) == check


def is_well_formed_number(number: str) -> bool:
    """Shaped like a certificate number (its check digits may still be wrong: a typo)."""
    return _NUMBER.match(number.strip().upper()) is not None


class CertificateStatus(StrEnum):
    VALID = "valid"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"  # 撤销, for cause
    CANCELLED = "cancelled"  # 注销, voluntary or product discontinued
    EXPIRED = "expired"


STATUS_NAMES: dict[CertificateStatus, tuple[str, str]] = {
    CertificateStatus.VALID: ("有效", "valid"),
    CertificateStatus.SUSPENDED: ("暂停", "suspended"),
    CertificateStatus.WITHDRAWN: ("撤销", "withdrawn"),
    CertificateStatus.CANCELLED: ("注销", "cancelled"),
    CertificateStatus.EXPIRED: ("过期", "expired"),
}


class CertificateAction(StrEnum):
    SUSPEND = "suspend"
    RESTORE = "restore"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"


_C, _CA = CertificateStatus, CertificateAction
STATUS_TRANSITIONS: dict[CertificateStatus, dict[CertificateAction, CertificateStatus]] = {
    _C.VALID: {_CA.SUSPEND: _C.SUSPENDED, _CA.WITHDRAW: _C.WITHDRAWN, _CA.CANCEL: _C.CANCELLED},
    _C.SUSPENDED: {_CA.RESTORE: _C.VALID, _CA.WITHDRAW: _C.WITHDRAWN,
                   _CA.CANCEL: _C.CANCELLED},
    _C.WITHDRAWN: {},
    _C.CANCELLED: {},
    _C.EXPIRED: {},
}


class StatusChangeNotAllowedError(WorkflowError):
    """The certificate's status does not allow the action."""

    def __init__(self, status: CertificateStatus, action: CertificateAction) -> None:
        super().__init__(
            message_en=f"action '{action.value}' is not allowed for a certificate that is "
                       f"'{status.value}'",
            message_zh=f"证书状态为「{status.value}」，不允许「{action.value}」",
            field="action", rule="status_change")
        self.status = status
        self.action = action


def change_status(status: CertificateStatus, action: CertificateAction) -> CertificateStatus:
    try:
        return STATUS_TRANSITIONS[status][action]
    except KeyError:
        raise StatusChangeNotAllowedError(status, action) from None


def effective_status(stored: CertificateStatus, expires_on: date,
                     today: date) -> CertificateStatus:
    """What the public sees: a valid or suspended certificate past its expiry is expired."""
    if stored in (_C.VALID, _C.SUSPENDED) and today > expires_on:
        return _C.EXPIRED
    return stored


@dataclass(frozen=True)
class Scheme:
    """Parameters the scheme sets (ISO/IEC 17067): validity, surveillance, grace period."""

    code: str = "CN-PCF-2025"
    name: str = "产品碳足迹标识认证（试行） / PCF label certification (trial)"
    validity_years: int = 2  # to the day before the same date two years later
    surveillance_interval_days: int = 365
    surveillance_grace_days: int = 30
    #: a suspension longer than this ends in withdrawal by the surveillance sweep (7.11)
    max_suspension_days: int = 180
    #: after a withdrawal, no new application for the same product by the same holder
    reapplication_lockout_days: int = 365
    #: a nonconforming surveillance result opens a nonconformity due within this many days
    surveillance_nc_days: int = 30
    #: an impartiality declaration for a case is live for this many days (4.2)
    declaration_validity_days: int = 365
    #: consultancy for the applicant within this many years is a conflict of interest
    consultancy_years: int = 2
    #: a certificate flagged for re-evaluation (a new model version) is suspended by the
    #: surveillance sweep when no change-evaluation is decided within this many days (7.10)
    reevaluation_days: int = 90
    standard: str = "GB/T 24067-2024 / ISO 14067:2018"


def anniversary(day: date, years: int) -> date:
    """The same date ``years`` later; a 29 February whose year has none counts as 1 March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return date(day.year + years, 3, 1)


def expiry(issued_on: date, scheme: Scheme) -> date:
    """The last day of validity: the day before the anniversary, counted in calendar years
    (issued 2027-03-01 → 2029-02-28; issued 2028-02-29 → 2030-02-28), never in days."""
    return anniversary(issued_on, scheme.validity_years) - timedelta(days=1)


def surveillance_due_dates(issued_on: date, expires_on: date, scheme: Scheme) -> list[date]:
    """The scheduled surveillance dates within the validity, before its last day (a check due
    on the last day would fall to the re-certification: with calendar-year validity the
    second 365-day interval ends on the expiry day whenever a 29 February lies between)."""
    out, due = [], issued_on + timedelta(days=scheme.surveillance_interval_days)
    while due < expires_on:
        out.append(due)
        due += timedelta(days=scheme.surveillance_interval_days)
    return out


class SurveillanceState(StrEnum):
    NOT_DUE = "not_due"
    DUE = "due"  # due date passed, within the grace period: an alert
    OVERDUE = "overdue"  # past the grace period: the certificate is to be suspended


def surveillance_state(due_on: date, done: bool, today: date,
                       scheme: Scheme) -> SurveillanceState:
    if done or today < due_on:
        return SurveillanceState.NOT_DUE
    if today <= due_on + timedelta(days=scheme.surveillance_grace_days):
        return SurveillanceState.DUE
    return SurveillanceState.OVERDUE
