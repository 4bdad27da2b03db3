"""Public reports of a suspected false label (公众举报; domain/supervision/reports.py): anyone,
without signing in, reports what a package shows; the report is kept with its photo and raises
an alert for the regulators of the holder's and of the reporter's region
(``value_mismatch`` when the printed value differs from the certificate's beyond the printed
rounding, domain/supervision/onpack.py; else ``public_report``).

Against floods: a form field no person fills (the honeypot) and at most
:data:`MAX_PER_HOUR` reports an hour from one address, counted by the address's digest (the
address itself is not kept).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from carbonlabel.adapters.db.supervision_case_repositories import StoredFile
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.regions import DIVISIONS
from carbonlabel.domain.supervision import onpack
from carbonlabel.domain.supervision import reports as rules
from carbonlabel.domain.supervision.alerts import SEVERITY, Alert, AlertRule, AlertState
from carbonlabel.domain.supervision.reports import Report
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.supervision.alerts import raise_alert
from carbonlabel.services.supervision.regulators import jurisdiction_of

MAX_NUMBER = 64
MAX_TEXT = 4000
MAX_CONTACT = 254
MAX_PER_HOUR = 5
#: where an alert lies when neither the holder's nor the reporter's region is known: the
#: national regulator sees it
NATIONAL = "CN"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Photo:
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Submission:
    number: str  # the certificate number or label code on the package
    description: str
    value: str = ""  # the footprint printed on the package, as written
    unit: str = "kg CO2e"
    region: str = ""  # where bought: a province-level code (optional)
    contact: str = ""
    photo: Photo | None = None
    trap: str = ""  # the honeypot: a person leaves it empty


@dataclass(frozen=True)
class Filed:
    report: Report
    alert: Alert


def now() -> datetime:
    return datetime.now(UTC)


def client_digest(address: str) -> str:
    return hashlib.sha256(f"report:{address}".encode()).hexdigest()


def _text(value: str, field: str, limit: int, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise InputError(field=field, message_en="this field is required",
                         message_zh="此项为必填")
    if len(text) > limit or _CONTROL.search(text):
        raise InputError(field=field, message_en=f"at most {limit} characters, no control "
                                                 "characters",
                         message_zh=f"最多 {limit} 个字符，且不能包含控制字符")
    return text


def _checked(s: Submission, client: str, at: datetime, uow: UnitOfWork) -> None:
    if s.trap.strip():
        raise InputError(field="website", message_en="leave this field empty",
                         message_zh="此项应留空")
    if uow.reports.count_from(client_digest(client), at - timedelta(hours=1)) >= MAX_PER_HOUR:
        raise InputError(field="number",
                         message_en="too many reports from this address: try again in an hour",
                         message_zh="来自该地址的举报过多，请一小时后再试")
    if s.region.strip() and s.region.strip().upper() not in DIVISIONS:
        raise InputError(field="region", message_en="choose a province from the list",
                         message_zh="请从列表中选择省级行政区")


def _printed(s: Submission) -> onpack.Printed | None:
    if not s.value.strip():
        return None
    try:
        return onpack.read_printed(s.value, s.unit)
    except onpack.OnPackError as bad:
        raise InputError(field=bad.field, message_zh=bad.zh, message_en=bad.en) from None


def file_report(uow: UnitOfWork, s: Submission, client: str) -> Filed:
    """Keep a report (and its photo) and raise its alert; the reference is the reporter's."""
    at = now()
    _checked(s, client, at, uow)
    number = _text(s.number, "number", MAX_NUMBER).upper()
    description = _text(s.description, "description", MAX_TEXT)
    contact = _text(s.contact, "contact", MAX_CONTACT, required=False) or None
    printed = _printed(s)
    if s.photo is not None:
        problem = rules.photo_problem(s.photo.media_type, s.photo.content)
        if problem is not None:
            raise InputError(field="photo", message_zh=problem[0], message_en=problem[1])
    certificate = uow.certificates.by_number(number)
    holder = uow.organisations.get(certificate.holder_id) if certificate else None
    holder_region = holder.region.upper() if holder and holder.region else None
    region = s.region.strip().upper() or None
    report_id = new_id()
    photo_id = _store_photo(uow, report_id, s.photo, at) if s.photo is not None else None
    mismatch = (printed is not None and certificate is not None
                and onpack.differs(printed, certificate.certified_value))
    rule = AlertRule.VALUE_MISMATCH if mismatch else AlertRule.PUBLIC_REPORT
    report = Report(report_id, rules.reference(at.year, uow.reports.next_serial(at.year)),
                    number, certificate.id if certificate else None,
                    f"{printed.number}" if printed else None,
                    s.unit.strip()[:30] if printed else None, region, description, contact,
                    photo_id, None, at)
    evidence: dict[str, object] = {
        "report": report.reference, "certificate_known": certificate is not None,
        "printed": f"{report.printed_value} {report.printed_unit}" if printed else None,
        "certified": (f"{certificate.certified_value} {certificate.certified_unit}"
                      if certificate else None),
        "bought_in": region, "photo": photo_id is not None}
    alert = Alert(new_id(), rule, SEVERITY[rule], f"report:{report.id}", number,
                  certificate.id if certificate else None, None, holder_region,
                  region or (None if holder_region else NATIONAL), evidence, AlertState.OPEN, at)
    uow.reports.add(report, holder_region, client_digest(client))
    raise_alert(uow, alert)
    uow.reports.set_alert(report.id, alert.id)
    uow.audit.append(actor_id=None, organisation_id=None, action="report.received",
                     entity="supervision_report", entity_id=report.id,
                     after={"reference": report.reference, "number": number,
                            "rule": rule.value, "alert_id": alert.id,
                            "contact_given": contact is not None})
    uow.commit()
    stored = uow.reports.get(report.id)
    assert stored is not None
    return Filed(stored[0], alert)


def _store_photo(uow: UnitOfWork, report_id: str, photo: Photo, at: datetime) -> str:
    stored = StoredFile(new_id(), "report", report_id, photo.filename[:255] or "photo",
                        photo.media_type, hashlib.sha256(photo.content).hexdigest(),
                        len(photo.content), None, at)
    uow.supervision_files.add(stored, photo.content)
    return stored.id


def get_report(uow: UnitOfWork, actor: User, report_id: str) -> Report:
    """A report for a regulator whose jurisdiction holds the holder's or the reporter's region
    (one naming neither lies with the national regulator); else not found."""
    jurisdiction = jurisdiction_of(uow, actor)
    found = uow.reports.get(report_id)
    if found is not None:
        report, holder_region = found
        regions = [r for r in (holder_region, report.region) if r] or [NATIONAL]
        if any(jurisdiction.covers(r) for r in regions):
            return report
    raise NotFoundError(field="report_id", message_en="no such report",
                        message_zh="没有该举报")


def report_photo(uow: UnitOfWork, actor: User, report_id: str) -> tuple[StoredFile, bytes]:
    report = get_report(uow, actor, report_id)
    found = (uow.supervision_files.content("report", report.id, report.photo_id)
             if report.photo_id else None)
    if found is None:
        raise NotFoundError(field="report_id", message_en="this report has no photo",
                            message_zh="该举报没有照片")
    return found
