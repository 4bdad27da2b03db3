"""Surveillance of certified products: the sweep that turns due checks into alerts and overdue
ones into suspensions, the record of a check's result, and a body's calendar.

A check is *due* from its date until the end of the scheme's grace period (an alert for the
body), then *overdue*: the system suspends the certificate (a status change without a person,
with the reason :data:`OVERDUE_REASON`, and its audit record). The sweep is idempotent: a
certificate already suspended is not suspended again, so it may run from a timer
(``carbonlabel certification sweep``) and whenever a body opens its calendar.

A *nonconforming* check result opens a nonconformity on the certificate, due within the
scheme's ``surveillance_nc_days``: no new label is issued while it is open, and when its
deadline passes unclosed the sweep suspends the certificate (:data:`NC_OVERDUE_REASON`). A
suspension longer than the scheme's ``max_suspension_days`` ends in withdrawal by the sweep
(:data:`MAX_SUSPENSION_REASON`). Every such change writes a notice to the holder.

The sweep and the record of a check are commands: each commits its unit of work (the sweep's
suspensions together, or none).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.certificate import (
    CertificateAction,
    CertificateStatus,
    SurveillanceState,
    effective_status,
    surveillance_state,
)
from carbonlabel.domain.certification.records import (
    Certificate,
    CertificateNonconformity,
    SurveillanceCheck,
)
from carbonlabel.domain.certification.rules import check_reason
from carbonlabel.domain.improvement.claims import Claim
from carbonlabel.domain.records import RegisteredProduct
from carbonlabel.domain.tenancy import Organisation, OrgKind, Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.certification.cases import SCHEME
from carbonlabel.services.certification.changes import suspend_overdue as _overdue_changes
from carbonlabel.services.certification.labels import change_certificate_status
from carbonlabel.services.improvement import claims

OVERDUE_REASON = "overdue surveillance"
NC_OVERDUE_REASON = "监督不符合项逾期未关闭 / surveillance nonconformity not closed by its deadline"
MAX_SUSPENSION_REASON = "暂停超过最长期限 / suspended longer than the scheme's maximum"
#: how far ahead a body's calendar looks
HORIZON_DAYS = 120
SURVEILLANCE_ROLES = (Role.ADMIN, Role.AUDITOR, Role.DECISION_MAKER)


class CheckResult(StrEnum):
    CONFORMING = "conforming"
    NONCONFORMING = "nonconforming"


@dataclass(frozen=True)
class SurveillanceItem:
    check: SurveillanceCheck
    certificate: Certificate
    state: SurveillanceState

    @property
    def grace_ends(self) -> date:
        return self.check.due_on + timedelta(days=SCHEME.surveillance_grace_days)


@dataclass(frozen=True)
class SweepResult:
    alerts: tuple[SurveillanceItem, ...]  # due, within the grace period
    suspended: tuple[SurveillanceItem, ...]  # overdue: suspended by this sweep
    overdue: tuple[SurveillanceItem, ...]  # every overdue check (also those suspended before)
    #: suspended by this sweep for a surveillance nonconformity past its deadline
    suspended_for_findings: tuple[Certificate, ...] = ()
    #: withdrawn by this sweep: suspended longer than the scheme allows
    withdrawn: tuple[Certificate, ...] = ()
    #: suspended by this sweep: flagged for re-evaluation, no change decided in time (7.10)
    suspended_for_changes: tuple[Certificate, ...] = ()
    #: granted claims ("low-carbon", "reducing") whose condition no longer holds
    lapsed_claims: tuple[Claim, ...] = ()


def _live(certificate: Certificate, today: date) -> CertificateStatus:
    return effective_status(certificate.status, certificate.expires_on, today)


def sweep(uow: UnitOfWork, today: date, body_id: str | None = None, *,
          base: Path | None = None, store_dir: Path | None = None) -> SweepResult:
    """Alert on due checks and suspend certificates whose check is overdue past the grace
    period (of one body, or of every body); judge granted claims again (``base`` and
    ``store_dir``: where models' factor set and database files are). Commits: the
    suspensions and lapses together, or none."""
    alerts, suspended, overdue = [], [], []
    with uow.atomic():  # each suspension's own commit waits for the end of the sweep
        for check, certificate in sorted(uow.certificates.open_surveillance(today),
                                         key=lambda pair: (pair[0].due_on, pair[1].number)):
            if body_id is not None and certificate.body_id != body_id:
                continue
            if _live(certificate, today) not in (CertificateStatus.VALID,
                                                 CertificateStatus.SUSPENDED):
                continue  # withdrawn, cancelled or expired: nothing left to watch
            state = surveillance_state(check.due_on, False, today, SCHEME)
            item = SurveillanceItem(check, certificate, state)
            if state is SurveillanceState.DUE:
                alerts.append(item)
            elif state is SurveillanceState.OVERDUE:
                overdue.append(item)
                if certificate.status is CertificateStatus.VALID:
                    changed = change_certificate_status(uow, None, certificate.id,
                                                        CertificateAction.SUSPEND,
                                                        OVERDUE_REASON, today=today)
                    suspended.append(SurveillanceItem(check, changed, state))
        findings = _suspend_for_findings(uow, today, body_id)
        withdrawn = _withdraw_long_suspensions(uow, today, body_id)
        for_changes = _overdue_changes(uow, today, body_id)
        lapsed = tuple(claims.evaluate(uow, today, body_id=body_id, base=base,
                                       store_dir=store_dir))
    return SweepResult(tuple(alerts), tuple(suspended), tuple(overdue), findings, withdrawn,
                       for_changes, lapsed)


def _suspend_for_findings(uow: UnitOfWork, today: date,
                          body_id: str | None) -> tuple[Certificate, ...]:
    done: list[Certificate] = []
    for nc in uow.oversight.overdue_nonconformities(today):
        certificate = uow.certificates.get(nc.certificate_id)
        assert certificate is not None
        if body_id is not None and certificate.body_id != body_id:
            continue
        if _live(certificate, today) is CertificateStatus.VALID:
            done.append(change_certificate_status(
                uow, None, certificate.id, CertificateAction.SUSPEND,
                f"{NC_OVERDUE_REASON} ({nc.due_on.isoformat()}): {nc.description}"[:2000],
                today=today))
    return tuple(done)


def _withdraw_long_suspensions(uow: UnitOfWork, today: date,
                               body_id: str | None) -> tuple[Certificate, ...]:
    done: list[Certificate] = []
    for certificate_id, since in sorted(uow.oversight.suspended_since(), key=lambda p: p[1]):
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        if body_id is not None and certificate.body_id != body_id:
            continue
        limit = since + timedelta(days=SCHEME.max_suspension_days)
        if today > limit and _live(certificate, today) is CertificateStatus.SUSPENDED:
            done.append(change_certificate_status(
                uow, None, certificate.id, CertificateAction.WITHDRAW,
                f"{MAX_SUSPENSION_REASON}: {since.isoformat()} + "
                f"{SCHEME.max_suspension_days}", today=today))
    return tuple(done)


def _body_staff(uow: UnitOfWork, actor: User) -> None:
    org = uow.organisations.get(actor.organisation_id)
    if org is None or org.kind is not OrgKind.CERTIFICATION_BODY:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only a certification body may do this",
                                    message_zh="仅认证机构可执行此操作")
    if actor.role not in SURVEILLANCE_ROLES:
        raise PermissionDeniedError(field="role",
                                    message_en=f"role '{actor.role.value}' may not do this",
                                    message_zh=f"角色「{actor.role.value}」无权执行此操作")


def record_check(uow: UnitOfWork, actor: User, certificate_id: str, check_id: str,
                 result: CheckResult, notes: str, done_on: date) -> SurveillanceCheck:
    """The body records the result of a scheduled surveillance check."""
    certificate = uow.certificates.get(certificate_id)
    if certificate is None or actor.organisation_id not in (certificate.holder_id,
                                                            certificate.body_id):
        raise NotFoundError(field="certificate_id", message_en="no such certificate",
                            message_zh="没有该证书")
    if actor.organisation_id != certificate.body_id:
        raise PermissionDeniedError(field="organisation",
                                    message_en="the certification body records surveillance",
                                    message_zh="监督结果由认证机构记录")
    _body_staff(uow, actor)
    found = [c for c in uow.certificates.surveillance(certificate.id) if c.id == check_id]
    if not found:
        raise NotFoundError(field="check_id", message_en="no such surveillance check",
                            message_zh="没有该监督检查")
    if found[0].done_on is not None:
        raise WorkflowError(message_en="this surveillance check is already recorded",
                            message_zh="该监督检查已记录结果", field="check_id",
                            rule="surveillance_recorded")
    if done_on > datetime.now(UTC).date() + timedelta(days=1):
        raise InputError(field="done_on", message_en="a check cannot be done in the future",
                         message_zh="检查日期不能晚于今天")
    uow.certificates.complete_surveillance(check_id, done_on, result.value, notes.strip(),
                                           actor.id)
    if result is CheckResult.NONCONFORMING:
        due = done_on + timedelta(days=SCHEME.surveillance_nc_days)
        uow.oversight.add_nonconformity(CertificateNonconformity(
            new_id(), certificate.id, check_id,
            notes.strip() or "nonconforming surveillance result / 监督检查不符合", actor.id,
            datetime.now(UTC), due, None, None, ""))
    uow.audit.append(actor_id=actor.id, organisation_id=certificate.holder_id,
                     action="surveillance.recorded", entity="certificate",
                     entity_id=certificate.id,
                     after={"check_id": check_id, "due_on": found[0].due_on.isoformat(),
                            "done_on": done_on.isoformat(), "result": result.value})
    done = [c for c in uow.certificates.surveillance(certificate.id) if c.id == check_id]
    uow.commit()
    return done[0]


def close_nonconformity(uow: UnitOfWork, actor: User, certificate_id: str, nc_id: str,
                        note: str) -> CertificateNonconformity:
    """The body closes a surveillance nonconformity once the holder's correction is verified
    (with a note saying what was verified): labels may be issued again."""
    certificate = uow.certificates.get(certificate_id)
    if certificate is None or actor.organisation_id not in (certificate.holder_id,
                                                            certificate.body_id):
        raise NotFoundError(field="certificate_id", message_en="no such certificate",
                            message_zh="没有该证书")
    if actor.organisation_id != certificate.body_id:
        raise PermissionDeniedError(field="organisation",
                                    message_en="the certification body closes nonconformities",
                                    message_zh="不符合项由认证机构关闭")
    _body_staff(uow, actor)
    text = check_reason(note, "note")
    found = [nc for nc in uow.oversight.nonconformities(certificate.id) if nc.id == nc_id]
    if not found:
        raise NotFoundError(field="nonconformity_id", message_en="no such nonconformity",
                            message_zh="没有该不符合项")
    if not found[0].open:
        raise WorkflowError(message_en="this nonconformity is already closed",
                            message_zh="该不符合项已关闭", field="nonconformity_id",
                            rule="nonconformity_closed")
    closed = uow.oversight.close_nonconformity(nc_id, closed_by=actor.id,
                                               closed_at=datetime.now(UTC), closing_note=text)
    assert closed is not None
    uow.audit.append(actor_id=actor.id, organisation_id=certificate.holder_id,
                     action="surveillance.nonconformity_closed", entity="certificate",
                     entity_id=certificate.id, after={"nonconformity_id": nc_id, "note": text})
    uow.commit()
    return closed


@dataclass(frozen=True)
class CalendarEntry:
    item: SurveillanceItem
    product: RegisteredProduct
    holder: Organisation


@dataclass(frozen=True)
class Calendar:
    today: date
    swept: SweepResult  # what opening the calendar did (alerts, suspensions)
    overdue: tuple[CalendarEntry, ...]
    due: tuple[CalendarEntry, ...]
    upcoming: tuple[CalendarEntry, ...]  # within HORIZON_DAYS


def _entry(uow: UnitOfWork, item: SurveillanceItem) -> CalendarEntry:
    product = uow.products.in_org(item.certificate.holder_id, item.certificate.product_id)
    holder = uow.organisations.get(item.certificate.holder_id)
    assert product is not None
    assert holder is not None
    return CalendarEntry(item, product, holder)


def open_calendar(uow: UnitOfWork, actor: User, today: date, sweep_first: bool = True,
                  horizon_days: int = HORIZON_DAYS) -> Calendar:
    """The caller's body's surveillance calendar: overdue, due and upcoming checks. Opening it
    runs the sweep of the body first (which commits what it did) unless ``sweep_first`` is
    off; then it only reads."""
    _body_staff(uow, actor)
    swept = (sweep(uow, today, actor.organisation_id) if sweep_first
             else SweepResult((), (), ()))
    overdue: list[CalendarEntry] = []
    due: list[CalendarEntry] = []
    upcoming: list[CalendarEntry] = []
    until = today + timedelta(days=horizon_days)
    for check, certificate in sorted(uow.certificates.open_surveillance(until),
                                     key=lambda pair: (pair[0].due_on, pair[1].number)):
        if certificate.body_id != actor.organisation_id or _live(certificate, today) not in (
                CertificateStatus.VALID, CertificateStatus.SUSPENDED):
            continue
        state = surveillance_state(check.due_on, False, today, SCHEME)
        entry = _entry(uow, SurveillanceItem(check, certificate, state))
        {SurveillanceState.OVERDUE: overdue, SurveillanceState.DUE: due,
         SurveillanceState.NOT_DUE: upcoming}[state].append(entry)
    return Calendar(today, swept, tuple(overdue), tuple(due), tuple(upcoming))
