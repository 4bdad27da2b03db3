"""Pages of complaints and appeals (signed in): the body's queue with deadlines (overdue ones
marked), one complaint or appeal with its steps, the staff eligible to investigate or decide
(those involved in the subject are shown, not offered), and a form per step; the holder's
appeal form (from its certificate or refused case) and its appeals' status."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated, Any

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification.complaints import (
    AGAINST_NAMES,
    KIND_NAMES,
    OUTCOME_NAMES,
    STATE_NAMES,
    TRANSITIONS,
    AppealAgainst,
    Outcome,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import appeals, complaint_views, complaints
from carbonlabel.services.certification.complaint_decisions import decide
from carbonlabel.web.certification.view import HOME, show, today
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both

router = page_router()
QUEUE = f"{HOME}/complaints"
WORDS: dict[str, Any] = {"kind_names": KIND_NAMES, "complaint_states": STATE_NAMES,
         "outcome_names": OUTCOME_NAMES, "against_names": AGAINST_NAMES,
         "complaint_transitions": TRANSITIONS}
STEP_BUTTONS: dict[str, str] = {
    "acknowledge": N_("Acknowledge"), "reject": N_("Reject as out of scope"),
    "assign": N_("Assign the investigator"), "record_findings": N_("Record the findings"),
    "decide": N_("Decide"), "close": N_("Close"), "withdraw": N_("Withdraw the appeal"),
}

#: what the steps list calls each step
STEP_EVENTS: dict[str, str] = {
    "lodge": N_("Lodged"), "acknowledge": N_("Acknowledged"), "reject": N_("Out of scope"),
    "assign": N_("Investigator assigned"), "record_findings": N_("Findings recorded"),
    "decide": N_("Decided"), "close": N_("Closed"), "withdraw": N_("Withdrawn by the filer"),
}


@router.get(QUEUE)
def queue(request: Request, user: PageUser, uow: ReadUow) -> Response:
    items = complaint_views.queue(uow, user, today())
    return show(request, "complaints.html", user, items=items, **WORDS)


def _page(request: Request, uow: ReadUow | WriteUow, user: User, complaint_id: str,
          status: int = 200, error: str | None = None, done: str = "") -> Response:
    view = complaint_views.view(uow, user, complaint_id, today())
    return show(request, "complaint.html", user, status, view=view, error=error, done=done,
                step_buttons=STEP_BUTTONS, step_events=STEP_EVENTS, **WORDS)


@router.get(f"{QUEUE}/{{complaint_id}}")
def show_complaint(request: Request, complaint_id: str, user: PageUser, uow: ReadUow,
                   done: str = "") -> Response:
    return _page(request, uow, user, complaint_id[:36], done=done[:40])


def _again(request: Request, user: User, complaint_id: str) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _page(request, uow, user, complaint_id, status, error))


def _outcome(value: str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError as exc:
        raise InputError(field="outcome", **both(N_("Choose the outcome."))) from exc


def _take_step(request: Request, complaint_id: str, action: str, user: User, uow: WriteUow,
               note: str, investigator_id: str, outcome: str) -> Response:
    complaint_id, text = complaint_id[:36], note[:complaints.MAX_TEXT + 1]
    with _again(request, user, complaint_id):
        if action == "acknowledge":
            complaints.acknowledge(uow, user, complaint_id, text)
        elif action == "reject":
            complaints.reject(uow, user, complaint_id, text)
        elif action == "assign":
            complaints.assign(uow, user, complaint_id, investigator_id[:36])
        elif action == "record_findings":
            complaints.record_findings(uow, user, complaint_id, text)
        elif action == "decide":
            decide(uow, user, complaint_id, _outcome(outcome), text)
        elif action == "close":
            complaints.close(uow, user, complaint_id, text)
        else:
            appeals.withdraw(uow, user, complaint_id)
    return RedirectResponse(f"{QUEUE}/{complaint_id}?done={action}#steps", status_code=303)


def _step_route(action: str) -> None:
    """``POST /certification/complaints/{id}/<action>``: one route per step."""

    @router.post(f"{QUEUE}/{{complaint_id}}/{action}", dependencies=[CsrfChecked])
    def step(request: Request, complaint_id: str, user: PageUser, uow: WriteUow,
             note: Annotated[str, Form()] = "", investigator_id: Annotated[str, Form()] = "",
             outcome: Annotated[str, Form()] = "") -> Response:
        return _take_step(request, complaint_id, action, user, uow, note, investigator_id,
                          outcome)


for _action in STEP_BUTTONS:
    _step_route(_action)


def _appeal_form(request: Request, user: User, against: str, subject_id: str,
                 grounds: str = "", status: int = 200, error: str | None = None) -> Response:
    return show(request, "appeal.html", user, status, against=against[:20],
                subject_id=subject_id[:36], grounds=grounds[:complaints.MAX_TEXT],
                error=error, **WORDS)


@router.get(f"{HOME}/appeals/new")
def appeal_form(request: Request, user: PageUser, against: str = "",
                subject_id: str = "") -> Response:
    return _appeal_form(request, user, against, subject_id)


def _against(value: str) -> AppealAgainst:
    try:
        return AppealAgainst(value)
    except ValueError as exc:
        raise InputError(field="against", **both(N_("Choose what you appeal against."))) from exc


@router.post(f"{HOME}/appeals", dependencies=[CsrfChecked])
def lodge_appeal(request: Request, user: PageUser, uow: WriteUow,
                 against: Annotated[str, Form()] = "", subject_id: Annotated[str, Form()] = "",
                 grounds: Annotated[str, Form()] = "") -> Response:
    with shown_again_if_refused(lambda _uow, status, error: _appeal_form(
            request, user, against, subject_id, grounds, status, error)):
        appeal = appeals.lodge_appeal(uow, user, _against(against), subject_id[:36],
                                      grounds[:complaints.MAX_TEXT + 1])
    return RedirectResponse(f"{QUEUE}/{appeal.id}?done=lodge", status_code=303)
