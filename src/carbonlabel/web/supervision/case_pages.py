"""The regulator's pages of alerts and supervision cases (signed in as a regulator's staff):
the alerts of the jurisdiction, one alert (its rule, severity, evidence, the certificate with a
link to its public registry entry; "open a case" and "dismiss" with confirmation), a public
report with its photo, the cases (all, or assigned to me), and one case with its steps,
evidence and a form per step allowed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from carbonlabel.domain.supervision.alerts import (
    RULE_NAMES,
    SEVERITY_NAMES,
    STATE_NAMES,
    AlertRule,
    AlertState,
)
from carbonlabel.domain.supervision.cases import (
    ACTION_NAMES,
    CONCLUSION_NAMES,
    ESCALATION_NAMES,
    TRANSITIONS,
    Conclusion,
    EscalatedTo,
)
from carbonlabel.domain.supervision.cases import STATE_NAMES as CASE_STATES
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.supervision import alerts, cases, reports
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, render

router = page_router()
HOME = "/supervision"
PER_PAGE = 50
#: what the alert page calls the evidence a public report gives (other rules' keys as they are)
EVIDENCE_NAMES: dict[str, str] = {
    "report": N_("Public report"), "certificate_known": N_("Certificate in the registry"),
    "printed": N_("Value on the package"), "certified": N_("Certified value"),
    "bought_in": N_("Where bought"), "photo": N_("Photo"),
}
WORDS: dict[str, Any] = {
    "rule_names": RULE_NAMES, "severity_names": SEVERITY_NAMES, "alert_states": STATE_NAMES,
    "case_states": CASE_STATES, "action_names": ACTION_NAMES,
    "conclusion_names": CONCLUSION_NAMES, "escalation_names": ESCALATION_NAMES,
    "transitions": TRANSITIONS, "rules": list(AlertRule), "states": list(AlertState),
    "evidence_names": EVIDENCE_NAMES}


def today() -> Any:
    return datetime.now(UTC).date()


def show(request: Request, name: str, user: User, status: int = 200,
         **context: Any) -> Response:
    return render(request, f"supervision/{name}", status, user=user, **WORDS, **context)


def _confirmed(confirm: str) -> None:
    if confirm != "yes":
        raise InputError(field="confirm", **both(N_("Tick the box to confirm.")))


@router.get(f"{HOME}/alerts")
def alert_list(request: Request, user: PageUser, uow: ReadUow, state: str = "",
               rule: str = "") -> Response:
    chosen_state = AlertState(state) if state in set(AlertState) else None
    chosen_rule = AlertRule(rule) if rule in set(AlertRule) else None
    found = alerts.alerts_page(uow, user, 0, PER_PAGE, chosen_state, chosen_rule)
    return show(request, "alerts.html", user, found=found, state=state, rule=rule)


def _alert_page(request: Request, uow: ReadUow | WriteUow, user: User, alert_id: str,
                status: int = 200, error: str | None = None) -> Response:
    alert = alerts.get_alert(uow, user, alert_id)
    report = uow.reports.by_alert(alert.id)
    return show(request, "alert.html", user, status, alert=alert, report=report, error=error)


@router.get(f"{HOME}/alerts/{{alert_id}}")
def alert_detail(request: Request, alert_id: str, user: PageUser, uow: ReadUow) -> Response:
    return _alert_page(request, uow, user, alert_id[:36])


@router.post(f"{HOME}/alerts/{{alert_id}}/dismiss", dependencies=[CsrfChecked])
def dismiss(request: Request, alert_id: str, user: PageUser, uow: WriteUow,
            reason: Annotated[str, Form()] = "",
            confirm: Annotated[str, Form()] = "") -> Response:
    with shown_again_if_refused(lambda again, status, error: _alert_page(
            request, again, user, alert_id[:36], status, error)):
        _confirmed(confirm)
        alerts.dismiss(uow, user, alert_id[:36], reason[:4000])
    return RedirectResponse(f"{HOME}/alerts/{alert_id[:36]}", status_code=303)


@router.post(f"{HOME}/cases", dependencies=[CsrfChecked])
def open_case(request: Request, user: PageUser, uow: WriteUow,
              alert_id: Annotated[str, Form()] = "", report_id: Annotated[str, Form()] = "",
              summary: Annotated[str, Form()] = "",
              confirm: Annotated[str, Form()] = "") -> Response:
    with shown_again_if_refused(lambda again, status, error: _alert_page(
            request, again, user, alert_id[:36], status, error)):
        _confirmed(confirm)
        case = cases.open_case(uow, user, alert_id=alert_id[:36] or None,
                               report_id=report_id[:36] or None, summary=summary[:4000])
    return RedirectResponse(f"{HOME}/cases/{case.id}", status_code=303)


@router.get(f"{HOME}/reports/{{report_id}}")
def report_detail(request: Request, report_id: str, user: PageUser, uow: ReadUow) -> Response:
    report = reports.get_report(uow, user, report_id[:36])
    return show(request, "report.html", user, report=report)


@router.get(f"{HOME}/reports/{{report_id}}/photo")
def report_photo(report_id: str, user: PageUser, uow: ReadUow) -> Response:
    stored, content = reports.report_photo(uow, user, report_id[:36])
    return Response(content, media_type=stored.media_type, headers={
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'"})


@router.get(f"{HOME}/cases")
def case_list(request: Request, user: PageUser, uow: ReadUow, mine: bool = False) -> Response:
    found = cases.cases_page(uow, user, 0, PER_PAGE, mine=mine)
    return show(request, "cases.html", user, found=found, mine=mine, today=today())


def _case_page(request: Request, uow: ReadUow | WriteUow, user: User, supervision_case_id: str,
               status: int = 200, error: str | None = None) -> Response:
    seen = cases.view(uow, user, supervision_case_id, today())
    return show(request, "case.html", user, status, seen=seen, error=error,
                conclusions=list(Conclusion), escalations=list(EscalatedTo))


@router.get(f"{HOME}/cases/{{supervision_case_id}}")
def case_detail(request: Request, supervision_case_id: str, user: PageUser,
                uow: ReadUow) -> Response:
    return _case_page(request, uow, user, supervision_case_id[:36])


@router.get(f"{HOME}/cases/{{supervision_case_id}}/evidence/{{file_id}}")
def evidence(supervision_case_id: str, file_id: str, user: PageUser, uow: ReadUow) -> Response:
    stored, content = cases.evidence_file(uow, user, supervision_case_id[:36], file_id[:36])
    return Response(content, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="evidence-{stored.id}"',
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


@router.post(f"{HOME}/cases/{{supervision_case_id}}/steps", dependencies=[CsrfChecked])
async def step(request: Request, supervision_case_id: str, user: PageUser, uow: WriteUow,
               action: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
               assignee_id: Annotated[str, Form()] = "",
               conclusion: Annotated[str, Form()] = "", to: Annotated[str, Form()] = "",
               reference: Annotated[str, Form()] = "", confirm: Annotated[str, Form()] = "",
               evidence: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    supervision_case_id = supervision_case_id[:36]
    files = [cases.Evidence(f.filename or "evidence", f.content_type or "",
                            await f.read(cases.MAX_EVIDENCE_BYTES + 1))
             for f in (evidence or [])[:10] if f.filename]
    with shown_again_if_refused(lambda again, status, error: _case_page(
            request, again, user, supervision_case_id, status, error)):
        note = note[:4000]
        if action == "assign":
            cases.assign(uow, user, supervision_case_id, assignee_id[:36])
        elif action == "investigate":
            cases.investigate(uow, user, supervision_case_id, note)
        elif action == "record_findings":
            cases.record_findings(uow, user, supervision_case_id, note, files)
        elif action == "close":
            _confirmed(confirm)
            if conclusion not in set(Conclusion):
                raise InputError(field="conclusion", **both(N_("Choose a conclusion.")))
            cases.close(uow, user, supervision_case_id, Conclusion(conclusion), note)
        elif action == "escalate":
            _confirmed(confirm)
            if to not in set(EscalatedTo):
                raise InputError(field="to", **both(N_("Choose where the case goes.")))
            cases.escalate(uow, user, supervision_case_id, EscalatedTo(to), reference[:100], note)
        else:
            raise InputError(field="action", **both(N_("Unknown step.")))
    return RedirectResponse(f"{HOME}/cases/{supervision_case_id}", status_code=303)
