"""Supervision cases (domain/supervision/cases.py): a regulator's acting staff open a case from
an alert or a public report of their jurisdiction (the alert moves to ``in_case``), assign it
to a member of their own staff, investigate, record findings with evidence, and close it with a
conclusion or escalate it with the reference of what it went to; concluding the case closes
its alerts. Every step is a step of the case and an audit record with its actor and time; each
command commits. A case is its regulator's: anyone else is told "not found".
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.supervision_case_repositories import StoredFile
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.supervision import cases as rules
from carbonlabel.domain.supervision.alerts import RULE_NAMES, Alert, AlertState
from carbonlabel.domain.supervision.cases import (
    DEADLINES,
    CaseAction,
    CaseState,
    CaseStep,
    Conclusion,
    EscalatedTo,
    Source,
    SupervisionCase,
)
from carbonlabel.domain.supervision.reports import Report
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.supervision import reports
from carbonlabel.services.supervision.alerts import ACTING_ROLES, get_alert, move_alert
from carbonlabel.services.supervision.regulators import jurisdiction_of, require_regulator_role

MAX_TEXT = 4000
MAX_REFERENCE = 100
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Evidence:
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class CaseView:
    case: SupervisionCase
    steps: list[CaseStep]
    evidence: list[StoredFile]
    alert: Alert | None
    report: Report | None
    staff: list[User]  # who the case may be assigned to
    names: dict[str, str]  # user id -> display name (actors, assignee)
    overdue: bool


def now() -> datetime:
    return datetime.now(UTC)


def _text(value: str, field: str, limit: int = MAX_TEXT, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise InputError(field=field, message_en="this field is required",
                         message_zh="此项为必填")
    if len(text) > limit or "\x00" in text:
        raise InputError(field=field, message_en=f"at most {limit} characters, no NUL",
                         message_zh=f"最多 {limit} 个字符，且不能包含 NUL")
    return text


def get_case(uow: UnitOfWork, actor: User, case_id: str) -> SupervisionCase:
    """The actor's regulator's case; NotFoundError for any other."""
    jurisdiction_of(uow, actor)
    case = uow.supervision_cases.get(case_id)
    if case is None or case.regulator_id != actor.organisation_id:
        raise NotFoundError(field="case_id", message_en="no such supervision case",
                            message_zh="没有该监管案件")
    return case


def cases_page(uow: UnitOfWork, actor: User, offset: int, limit: int,
               state: CaseState | None = None, mine: bool = False) -> Page[SupervisionCase]:
    """The regulator's cases, open ones first; ``mine``: those assigned to the actor."""
    jurisdiction_of(uow, actor)
    return uow.supervision_cases.page_of(actor.organisation_id, offset, limit, state,
                                         actor.id if mine else None)


def staff(uow: UnitOfWork, actor: User) -> list[User]:
    """The active members of the actor's regulator who act on cases."""
    return [u for u in uow.users.page(actor.organisation_id, 0, 500).items
            if u.active and u.role in ACTING_ROLES]


def view(uow: UnitOfWork, actor: User, case_id: str, today: date) -> CaseView:
    case = get_case(uow, actor, case_id)
    steps = uow.supervision_cases.steps(case.id)
    members = uow.users.page(actor.organisation_id, 0, 500).items
    names = {u.id: u.display_name for u in members}
    alert = uow.alerts.get(case.alert_id) if case.alert_id else None
    found = uow.reports.get(case.report_id) if case.report_id else None
    return CaseView(case, steps, uow.supervision_files.of("case", case.id), alert,
                    found[0] if found else None,
                    [u for u in members if u.active and u.role in ACTING_ROLES], names,
                    case.overdue(today))


def _record(uow: UnitOfWork, actor: User, case: SupervisionCase, action: str, to: CaseState,
            note: str, at: datetime, **audit: object) -> None:
    seq = len(uow.supervision_cases.steps(case.id)) + 1
    frm = "" if action == "open" else case.state.value
    uow.supervision_cases.add_step(CaseStep(case.id, seq, action, frm, to.value, actor.id, at,
                                            note))
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action=f"supervision_case.{action}", entity="supervision_case",
                     entity_id=case.id, before={"state": frm} if frm else None,
                     after={"state": to.value, "note": note[:500], **audit})


def open_case(uow: UnitOfWork, actor: User, *, alert_id: str | None = None,
              report_id: str | None = None, summary: str = "") -> SupervisionCase:
    """Take up an open alert, or a report (and its alert), in a new case."""
    jurisdiction_of(uow, actor)  # a non-regulator is refused before anything is read
    require_regulator_role(actor, ACTING_ROLES)
    if (alert_id is None) == (report_id is None):
        raise InputError(field="alert_id", message_en="name one alert or one report",
                         message_zh="请指定一条预警或一份举报")
    report = reports.get_report(uow, actor, report_id) if report_id else None
    alert_id = alert_id or (report.alert_id if report else None)
    alert = get_alert(uow, actor, alert_id) if alert_id else None
    if report is None and alert is not None:
        report = uow.reports.by_alert(alert.id)
    at = now()
    opened = at.date()
    named = RULE_NAMES[alert.rule] if alert else ("", "")
    text = _text(summary, "summary", required=False) or (
        f"{named[0]} / {named[1]}: {alert.claimed_number or '—'}" if alert else "")
    case = SupervisionCase(
        id=new_id(), reference=rules.reference(at.year, uow.supervision_cases.next_serial(
            at.year)), regulator_id=actor.organisation_id,
        source=Source.REPORT if report_id else Source.ALERT,
        alert_id=alert.id if alert else None, report_id=report.id if report else None,
        claimed_number=(alert.claimed_number if alert else report.claimed_number if report
                        else None),
        certificate_id=alert.certificate_id if alert else None,
        holder_region=alert.holder_region if alert else None,
        seen_region=alert.seen_region if alert else (report.region if report else None),
        summary=text, state=CaseState.OPENED, assignee_id=None, findings="", conclusion=None,
        escalated_to=None, escalation_reference=None, opened_by=actor.id, opened_at=at,
        assign_by=DEADLINES.assign_by(opened), conclude_by=DEADLINES.conclude_by(opened),
        closed_at=None, updated_at=at)
    uow.supervision_cases.add(case)
    if alert is not None:
        move_alert(uow, actor, alert.id, AlertState.IN_CASE, case_id=case.id)
    _record(uow, actor, case, "open", CaseState.OPENED, text, at, reference=case.reference,
            alert_id=case.alert_id, report_id=case.report_id)
    uow.commit()
    return _reread(uow, case.id)


def _reread(uow: UnitOfWork, case_id: str) -> SupervisionCase:
    found = uow.supervision_cases.get(case_id)
    assert found is not None
    return found


def _step(uow: UnitOfWork, actor: User, case_id: str, action: CaseAction, note: str,
          **changes: object) -> SupervisionCase:
    require_regulator_role(actor, ACTING_ROLES)
    case = get_case(uow, actor, case_id)
    to = rules.apply(case.state, action)
    at = now()
    uow.supervision_cases.update(case.id, state=to, updated_at=at, **changes)
    _record(uow, actor, case, action.value, to, note, at,
            **{k: (v.value if isinstance(v, (Conclusion, EscalatedTo)) else v)
               for k, v in changes.items() if k != "findings"})
    return case


def assign(uow: UnitOfWork, actor: User, case_id: str, assignee_id: str) -> SupervisionCase:
    """To a member of the same regulator's staff who acts on cases."""
    require_regulator_role(actor, ACTING_ROLES)
    get_case(uow, actor, case_id)  # another's case is not found, whoever is named
    person = uow.users.in_org(actor.organisation_id, assignee_id)
    if person is None or not person.active or person.role not in ACTING_ROLES:
        raise NotFoundError(field="assignee_id",
                            message_en="no such member of this regulator's acting staff",
                            message_zh="本监管部门没有该执法人员")
    case = _step(uow, actor, case_id, CaseAction.ASSIGN, person.display_name,
                 assignee_id=person.id)
    uow.commit()
    return _reread(uow, case.id)


def investigate(uow: UnitOfWork, actor: User, case_id: str, note: str = "") -> SupervisionCase:
    case = _step(uow, actor, case_id, CaseAction.INVESTIGATE, _text(note, "note",
                                                                    required=False))
    uow.commit()
    return _reread(uow, case.id)


def record_findings(uow: UnitOfWork, actor: User, case_id: str, findings: str,
                    evidence: Sequence[Evidence] = ()) -> SupervisionCase:
    """Findings (added to those before) and their evidence files."""
    require_regulator_role(actor, ACTING_ROLES)
    before = get_case(uow, actor, case_id)
    text = _text(findings, "findings")
    for item in evidence:
        if not item.content or len(item.content) > MAX_EVIDENCE_BYTES:
            raise InputError(field="evidence", message_en="a file has 1 byte to 20 MB",
                             message_zh="文件大小须在 1 字节至 20 MB 之间")
    joined = f"{before.findings}\n\n{text}".strip() if before.findings else text
    names = ", ".join(e.filename[:255] for e in evidence)
    case = _step(uow, actor, case_id, CaseAction.RECORD_FINDINGS,
                 f"{text}\n[{names}]" if names else text, findings=joined)
    at = now()
    for item in evidence:
        uow.supervision_files.add(StoredFile(
            new_id(), "case", case.id, item.filename[:255] or "evidence",
            item.media_type[:100] or "application/octet-stream",
            hashlib.sha256(item.content).hexdigest(), len(item.content), actor.id, at),
            item.content)
    uow.commit()
    return _reread(uow, case.id)


def _close_alert(uow: UnitOfWork, actor: User, case: SupervisionCase, note: str) -> None:
    if case.alert_id is None:
        return
    alert = uow.alerts.get(case.alert_id)
    if alert is not None and alert.state is AlertState.IN_CASE:
        move_alert(uow, actor, alert.id, AlertState.CLOSED, note=note)


def close(uow: UnitOfWork, actor: User, case_id: str, conclusion: Conclusion,
          note: str) -> SupervisionCase:
    """Concluded: confirmed or not, with the reasons; its alert is closed."""
    get_case(uow, actor, case_id)
    text = _text(note, "note")
    case = _step(uow, actor, case_id, CaseAction.CLOSE, text, conclusion=conclusion,
                 closed_at=now())
    _close_alert(uow, actor, case, f"{case.reference}: {conclusion.value}")
    uow.commit()
    return _reread(uow, case.id)


def escalate(uow: UnitOfWork, actor: User, case_id: str, to: EscalatedTo, reference: str,
             note: str = "") -> SupervisionCase:
    """Handed on to a spot check, a penalty procedure or another authority, with that
    procedure's reference; the case is concluded here and its alert closed."""
    get_case(uow, actor, case_id)
    ref = _text(reference, "reference", MAX_REFERENCE)
    text = _text(note, "note", required=False)
    case = _step(uow, actor, case_id, CaseAction.ESCALATE, text or ref, escalated_to=to,
                 escalation_reference=ref, closed_at=now())
    _close_alert(uow, actor, case, f"{case.reference}: {to.value} {ref}")
    uow.commit()
    return _reread(uow, case.id)


def evidence_file(uow: UnitOfWork, actor: User, case_id: str,
                  file_id: str) -> tuple[StoredFile, bytes]:
    case = get_case(uow, actor, case_id)
    found = uow.supervision_files.content("case", case.id, file_id)
    if found is None:
        raise NotFoundError(field="file_id", message_en="no such evidence file",
                            message_zh="没有该证据文件")
    return found
