"""Complaints (ISO/IEC 17065 §7.13): the public files one from a label's verification page or
the registry, and follows it with a private tracking link; the certification body concerned
acknowledges it, assigns an investigator who was not involved, records the findings, decides by
a person who was not involved, and closes it. Appeals share this handling
(:mod:`.appeals` lodges them, :mod:`.complaint_decisions` decides both).

Who was *involved* in a subject: the audit team and the decider of the certificate's case (or
of the refused case), and the person who suspended or withdrew the certificate appealed
against. Every step is an event of the complaint and an audit record; each command commits.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import complaints as rules
from carbonlabel.domain.certification.complaint_records import Complaint, ComplaintEvent
from carbonlabel.domain.certification.complaints import (
    PERIODS,
    AppealAgainst,
    ComplaintAction,
    ComplaintState,
    Kind,
)
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts.users import new_id

MAX_SUBJECT = 60
MAX_TEXT = 4000
MAX_EMAIL = 254
#: who runs the handling (acknowledge, reject, assign, close)
HANDLER_ROLES = (Role.ADMIN, Role.DECISION_MAKER)
INVESTIGATOR_ROLES = (Role.ADMIN, Role.AUDITOR, Role.DECISION_MAKER)
DECIDER_ROLES = (Role.ADMIN, Role.DECISION_MAKER)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER_BODY = re.compile(r"^CFP-\d{4}-(\d{3})-")


def now() -> datetime:
    return datetime.now(UTC)


def tracking_digest(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def _text(value: str, field: str, limit: int = MAX_TEXT) -> str:
    text = value.strip()
    if not text:
        raise InputError(field=field, message_en="this field is required",
                         message_zh="此项为必填")
    if len(text) > limit or "\x00" in text:
        raise InputError(field=field, message_en=f"at most {limit} characters, no NUL",
                         message_zh=f"最多 {limit} 个字符，且不能包含 NUL")
    return text


def _body_of_subject(uow: UnitOfWork, subject: str) -> tuple[str, str | None]:
    """The body that handles a complaint about ``subject`` (a label code or certificate
    number) and the certificate, if the registry holds it. A code the registry does not hold
    still names its body by the body code inside it (a forged label copies a real format)."""
    certificate = uow.certificates.by_number(subject)
    if certificate is not None:
        return certificate.body_id, certificate.id
    m = _NUMBER_BODY.match(subject)
    if m:
        bodies = [b for b, (code, _) in uow.bodies.scopes().items() if code == int(m.group(1))]
        if len(bodies) == 1:
            return bodies[0], None
    raise WorkflowError(
        field="subject", rule="complaint_no_body",
        message_en="this code names no certification body in the registry: please report it "
                   "to the market regulator (12315)",
        message_zh="该编号未对应登记簿中的任何认证机构，请向市场监管部门（12315）举报")


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    tracking_token: str  # shown once; only its digest is kept


def new_complaint(uow: UnitOfWork, kind: Kind, body_id: str, subject: str, description: str,
                  at: datetime, **fields: object) -> Complaint:
    serial = uow.complaints.next_serial(kind, at.year)
    received = at.date()
    values: dict[str, object] = {
        "certificate_id": None, "case_id": None, "against": None, "contact_email": None,
        "appellant_id": None, "lodged_by": None, **fields}
    return Complaint(
        id=new_id(), reference=rules.reference(kind, at.year, serial), kind=kind,
        body_id=body_id, subject=subject, description=description,
        state=ComplaintState.RECEIVED, investigator_id=None, findings=None, decider_id=None,
        outcome=None, decision=None, received_at=at,
        acknowledge_by=PERIODS.acknowledge_by(received), decide_by=PERIODS.decide_by(received),
        decided_at=None, closed_at=None, updated_at=at, **values)  # type: ignore[arg-type]


def record_lodged(uow: UnitOfWork, complaint: Complaint, actor_id: str | None,
                  tracking: str | None) -> None:
    uow.complaints.add(complaint, tracking)
    uow.complaints.add_event(ComplaintEvent(complaint.id, 1, "lodge", "",
                                            complaint.state.value, actor_id,
                                            complaint.received_at, ""))
    uow.audit.append(actor_id=actor_id, organisation_id=complaint.body_id,
                     action=f"{complaint.kind.value}.received", entity="complaint",
                     entity_id=complaint.id,
                     after={"reference": complaint.reference, "subject": complaint.subject,
                            "certificate_id": complaint.certificate_id,
                            "against": complaint.against.value if complaint.against else None,
                            "contact_given": complaint.contact_email is not None})


def file_complaint(uow: UnitOfWork, subject: str, description: str,
                   contact_email: str = "") -> Filed:
    """A complaint from anyone, signed in or not: its reference and private tracking token."""
    code = _text(subject, "subject", MAX_SUBJECT).upper()
    text = _text(description, "description")
    email = contact_email.strip()
    if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
        raise InputError(field="contact_email", message_en="not an e-mail address",
                         message_zh="电子邮件地址无效")
    body_id, certificate_id = _body_of_subject(uow, code)
    token = secrets.token_urlsafe(24)
    complaint = new_complaint(uow, Kind.COMPLAINT, body_id, code, text, now(),
                              certificate_id=certificate_id, contact_email=email or None)
    record_lodged(uow, complaint, None, tracking_digest(token))
    uow.commit()
    return Filed(complaint, token)


def track(uow: UnitOfWork, token: str) -> tuple[Complaint, list[ComplaintEvent]]:
    """The complaint of a tracking token (the token is the only key: nothing else is told)."""
    found = uow.complaints.by_tracking(tracking_digest(token)) if 0 < len(token) <= 100 else None
    if found is None:
        raise NotFoundError(field="token", message_en="no complaint has this tracking link",
                            message_zh="没有与该跟踪链接对应的投诉")
    return found, uow.complaints.events(found.id)


# -- who sees, who is involved ---------------------------------------------------------------

def get(uow: UnitOfWork, actor: User, complaint_id: str) -> Complaint:
    """Seen by the body that handles it and, for an appeal, the organisation that lodged it."""
    found = uow.complaints.get(complaint_id)
    if found is None or actor.organisation_id not in (found.body_id, found.appellant_id):
        raise NotFoundError(field="complaint_id", message_en="no such complaint or appeal",
                            message_zh="没有该投诉或申诉")
    return found


def involved(uow: UnitOfWork, complaint: Complaint) -> set[str]:
    """The people who took part in the subject: they may neither investigate nor decide."""
    people: set[str] = set()
    case_id = complaint.case_id
    if complaint.certificate_id is not None:
        certificate = uow.certificates.get(complaint.certificate_id)
        case_id = certificate.case_id if certificate else case_id
        target = {AppealAgainst.SUSPENSION: "suspended",
                  AppealAgainst.WITHDRAWAL: "withdrawn"}.get(complaint.against)  # type: ignore[arg-type]
        if target is not None:
            changes = [c for c in uow.certificates.status_changes(complaint.certificate_id)
                       if c.to_status == target and c.actor_id]
            people |= {changes[-1].actor_id} if changes else set()  # type: ignore[arg-type]
    if case_id is not None:
        case = uow.cases.get(case_id)
        if case is not None:
            people |= set(case.team) | ({case.decider_id} if case.decider_id else set())
    return people


def body_staff(uow: UnitOfWork, actor: User, complaint: Complaint,
               roles: tuple[Role, ...]) -> None:
    org = uow.organisations.get(actor.organisation_id)
    if (org is None or org.kind is not OrgKind.CERTIFICATION_BODY
            or actor.organisation_id != complaint.body_id):
        raise PermissionDeniedError(field="organisation",
                                    message_en="the certification body handles this",
                                    message_zh="由认证机构处理")
    if actor.role not in roles:
        raise PermissionDeniedError(field="role",
                                    message_en=f"role '{actor.role.value}' may not do this",
                                    message_zh=f"角色「{actor.role.value}」无权执行此操作")


def step(uow: UnitOfWork, actor_id: str | None, complaint: Complaint,
         action: ComplaintAction, note: str, **changes: object) -> Complaint:
    """Apply ``action`` (the table refuses what it does not allow), write the event and the
    audit record; the caller commits."""
    target = rules.apply(complaint.state, action)
    at = now()
    uow.complaints.update(complaint.id, state=target, updated_at=at, **changes)
    seq = len(uow.complaints.events(complaint.id)) + 1
    uow.complaints.add_event(ComplaintEvent(complaint.id, seq, action.value,
                                            complaint.state.value, target.value, actor_id, at,
                                            note))
    uow.audit.append(actor_id=actor_id, organisation_id=complaint.body_id,
                     action=f"{complaint.kind.value}.{action.value}", entity="complaint",
                     entity_id=complaint.id, before={"state": complaint.state.value},
                     after={"state": target.value, "note": note[:500],
                            **{k: v for k, v in changes.items()
                               if k in ("investigator_id", "decider_id", "outcome")}})
    updated = uow.complaints.get(complaint.id)
    assert updated is not None
    return updated


# -- the body's handling ---------------------------------------------------------------------

def acknowledge(uow: UnitOfWork, actor: User, complaint_id: str, note: str = "") -> Complaint:
    complaint = get(uow, actor, complaint_id)
    body_staff(uow, actor, complaint, HANDLER_ROLES)
    done = step(uow, actor.id, complaint, ComplaintAction.ACKNOWLEDGE, note.strip()[:MAX_TEXT])
    uow.commit()
    return done


def reject(uow: UnitOfWork, actor: User, complaint_id: str, reason: str) -> Complaint:
    """Not about the body's certification activities: out of scope, with the reason."""
    complaint = get(uow, actor, complaint_id)
    body_staff(uow, actor, complaint, HANDLER_ROLES)
    done = step(uow, actor.id, complaint, ComplaintAction.REJECT, _text(reason, "reason"),
                decision=reason.strip(), closed_at=now())
    uow.commit()
    return done


def assign(uow: UnitOfWork, actor: User, complaint_id: str, investigator_id: str) -> Complaint:
    complaint = get(uow, actor, complaint_id)
    body_staff(uow, actor, complaint, HANDLER_ROLES)
    person = uow.users.in_org(complaint.body_id, investigator_id)
    if person is None or not person.active or person.role not in INVESTIGATOR_ROLES:
        raise NotFoundError(field="investigator_id",
                            message_en="no such auditor, decision maker or admin in this body",
                            message_zh="本机构没有该审核员、决定人员或管理员")
    rules.check_investigator(person.id, involved(uow, complaint))
    done = step(uow, actor.id, complaint, ComplaintAction.ASSIGN, person.display_name,
                investigator_id=person.id)
    uow.commit()
    return done


def record_findings(uow: UnitOfWork, actor: User, complaint_id: str,
                    findings: str) -> Complaint:
    complaint = get(uow, actor, complaint_id)
    body_staff(uow, actor, complaint, INVESTIGATOR_ROLES)
    if actor.id != complaint.investigator_id:
        raise PermissionDeniedError(field="investigator_id",
                                    message_en="only the assigned investigator records findings",
                                    message_zh="仅指派的调查人员可记录调查结论")
    text = _text(findings, "findings")
    done = step(uow, actor.id, complaint, ComplaintAction.RECORD_FINDINGS, text[:500],
                findings=text)
    uow.commit()
    return done


def close(uow: UnitOfWork, actor: User, complaint_id: str, note: str = "") -> Complaint:
    complaint = get(uow, actor, complaint_id)
    body_staff(uow, actor, complaint, HANDLER_ROLES)
    done = step(uow, actor.id, complaint, ComplaintAction.CLOSE, note.strip()[:MAX_TEXT],
                closed_at=now())
    uow.commit()
    return done


def withdraw_by_token(uow: UnitOfWork, token: str) -> Complaint:
    """The complainant withdraws through the tracking link."""
    complaint, _ = track(uow, token)
    done = step(uow, None, complaint, ComplaintAction.WITHDRAW, "", closed_at=now())
    uow.commit()
    return done


def day_of(at: datetime) -> date:
    return at.astimezone(UTC).date()
