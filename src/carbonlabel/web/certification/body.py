"""A certification body's own pages: its set-up (accreditation scope as the operator
recorded it, auditors'
qualifications, impartiality declarations) and its surveillance calendar, which runs the
body's sweep when it is opened (due checks become alerts, overdue ones suspensions)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import bodies, cases, overview, surveillance
from carbonlabel.web.certification.view import HOME, show, today
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both

router = page_router()
SETUP = f"{HOME}/setup"


@router.get(f"{HOME}/calendar")
def calendar(request: Request, user: PageUser, uow: WriteUow) -> Response:
    """Opening the calendar sweeps the body's surveillance first (and keeps what it did)."""
    view = surveillance.open_calendar(uow, user, today())
    return show(request, "calendar.html", user, view=view)


def _setup_page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
                error: str | None = None, done: str = "") -> Response:
    return show(request, "setup.html", user, status, view=overview.body_setup(uow, user),
                error=error, done=done)


@router.get(SETUP)
def setup(request: Request, user: PageUser, uow: ReadUow, done: str = "") -> Response:
    return _setup_page(request, uow, user, done=done[:40])


def _shown_again_if_refused(request: Request, user: User) -> AbstractContextManager[None]:
    """The set-up page again with the reason if the change is refused (bad input, a role)."""
    return shown_again_if_refused(
        lambda uow, status, error: _setup_page(request, uow, user, status, error))


@router.post(f"{SETUP}/qualifications", dependencies=[CsrfChecked])
def qualify(request: Request, user: PageUser, uow: WriteUow,
            auditor_id: Annotated[str, Form()] = "",
            category: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user):
        if not category.strip():
            raise InputError(field="category", **both(N_("Give the product category.")))
        bodies.qualify(uow, user, auditor_id, category[:100])
    return RedirectResponse(f"{SETUP}?done=qualification#staff", status_code=303)


@router.post(f"{SETUP}/declarations", dependencies=[CsrfChecked])
def declare(request: Request, user: PageUser, uow: WriteUow,
            applicant_id: Annotated[str, Form()] = "",
            statement: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user):
        cases.declare_impartiality(uow, user, applicant_id, statement[:4000])
    return RedirectResponse(f"{SETUP}?done=declaration#declarations", status_code=303)
