"""The public's complaint (no sign-in; ISO/IEC 17065 §7.13): the form (the label code or
certificate number filled in from the verification or certificate page, what was observed, an
optional e-mail address), the answer with the reference and the private tracking link, and the
tracking page (state, dates, outcome and decision; nothing else, and no other complaint),
where the complainant may withdraw it until it is decided.

Unlike the rest of the registry these pages keep a session: the form carries its CSRF token
as every form does (:data:`carbonlabel.web.pages.common.CsrfChecked`). Inputs are bounded
(``services.certification.complaints``: lengths; NUL refused by the page route).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification.complaints import (
    OUTCOME_NAMES,
    STATE_NAMES,
    TRANSITIONS,
    ComplaintAction,
)
from carbonlabel.errors import WorkflowError
from carbonlabel.services.certification import complaint_views, complaints
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.hosts import public_base
from carbonlabel.web.pages.common import CsrfChecked, page_router
from carbonlabel.web.pages.refusals import REFUSED, shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, render

router = page_router()
TRACK = "/complaints/track"
#: what each step is called on the tracking page
STEP_NAMES: dict[str, str] = {
    "lodge": N_("Received"), "acknowledge": N_("Acknowledged"),
    "assign": N_("Investigation started"), "decide": N_("Decided"), "close": N_("Closed"),
    "reject": N_("Out of scope"), "withdraw": N_("Withdrawn by the filer"),
}


def _show(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    return render(request, f"registry/{name}", status, user=None, state_names=STATE_NAMES,
                  outcome_names=OUTCOME_NAMES, step_names=STEP_NAMES, **context)


def _form(request: Request, code: str = "", description: str = "", email: str = "",
          status: int = 200, error: str | None = None) -> Response:
    return _show(request, "complaint_form.html", status, code=code[:complaints.MAX_SUBJECT],
                 description=description[:complaints.MAX_TEXT],
                 email=email[:complaints.MAX_EMAIL], error=error)


@router.get("/complaints/new")
def complaint_form(request: Request, code: str = "") -> Response:
    return _form(request, code.strip())


@router.post("/complaints", dependencies=[CsrfChecked])
def file_complaint(request: Request, uow: WriteUow, code: Annotated[str, Form()] = "",
                   description: Annotated[str, Form()] = "",
                   email: Annotated[str, Form()] = "") -> Response:
    with shown_again_if_refused(lambda _uow, status, error: _form(
            request, code, description, email, status, error), (*REFUSED, WorkflowError)):
        filed = complaints.file_complaint(uow, code[:200], description[:10_000], email[:300])
    link = f"{public_base(request)}{TRACK}/{filed.tracking_token}"
    return _show(request, "complaint_filed.html", 201, complaint=filed.complaint, link=link)


def _tracking_page(request: Request, uow: ReadUow | WriteUow, token: str, status: int = 200,
                   error: str | None = None) -> Response:
    seen = complaint_views.tracking(uow, token[:200])
    page = _show(request, "complaint_track.html", status, tracking=seen, token=token,
                 may_withdraw=ComplaintAction.WITHDRAW in TRANSITIONS[seen.complaint.state],
                 error=error)
    page.headers["Referrer-Policy"] = "no-referrer"  # the token is the complaint's only key
    return page


@router.get(f"{TRACK}/{{token}}")
def track(request: Request, token: str, uow: ReadUow) -> Response:
    return _tracking_page(request, uow, token)


@router.post(f"{TRACK}/{{token}}/withdraw", dependencies=[CsrfChecked])
def withdraw(request: Request, token: str, uow: WriteUow) -> Response:
    """The complainant withdraws the complaint (before it is decided)."""
    with shown_again_if_refused(lambda again, status, error: _tracking_page(
            request, again, token, status, error), (*REFUSED, WorkflowError)):
        complaints.withdraw_by_token(uow, token[:200])
    return RedirectResponse(f"{TRACK}/{token}", status_code=303)
