"""Sign-in and sign-out pages (the session cookie the API shares; CSRF token in the form)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.tenancy import User
from carbonlabel.errors import AuthenticationError, TooManyAttemptsError
from carbonlabel.services.accounts import users
from carbonlabel.web.deps import ReadUow, session_user
from carbonlabel.web.pages import menus
from carbonlabel.web.pages.common import (
    CSRF_FIELD,
    HOME,
    SIGN_IN,
    CsrfChecked,
    csrf_ok,
    page_router,
    safe_next,
)
from carbonlabel.web.pages.rendering import N_, gettext, language, message, render
from carbonlabel.web.sign_in import begin_session, end_session
from carbonlabel.web.sign_in_guard import account_guard

router = page_router()


def landing(uow: ReadUow, user: User, target: str) -> str:
    """Where to go after signing in: the page asked for, else the home of the user's kind of
    organisation (:mod:`carbonlabel.web.pages.menus`)."""
    if target != HOME:
        return target
    org = uow.organisations.get(user.organisation_id)
    return menus.home_of(org.kind if org is not None else None)


@router.get("/")
def home(request: Request, uow: ReadUow) -> Response:
    user = session_user(request, uow)
    return RedirectResponse(SIGN_IN if user is None else landing(uow, user, HOME),
                            status_code=303)


@router.get(SIGN_IN)
def sign_in_form(request: Request, uow: ReadUow, next: str | None = None) -> Response:
    user = session_user(request, uow)
    if user is not None:
        return RedirectResponse(landing(uow, user, safe_next(next)), status_code=303)
    return render(request, "signin.html", next=safe_next(next), email="", error=None,
                  user=None)


@router.post(SIGN_IN)
def sign_in(request: Request, uow: ReadUow, email: Annotated[str, Form()] = "",
            password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "",
            csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    target = safe_next(next)
    if not csrf_ok(request, csrf):
        return render(request, "signin.html", 403, next=target, email=email, user=None,
                      error=gettext(request, N_("The form has expired. Please try again.")))
    try:
        with account_guard(request, email):
            user = users.authenticate(uow, email, password)
    except TooManyAttemptsError as exc:
        page = render(request, "signin.html", 429, next=target, email=email, user=None,
                      error=message(exc, language(request)))
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except AuthenticationError as exc:
        return render(request, "signin.html", 401, next=target, email=email, user=None,
                      error=message(exc, language(request)))
    begin_session(request, user)  # a new session, with a new CSRF token
    return RedirectResponse(landing(uow, user, target), status_code=303)


@router.post("/signout", dependencies=[CsrfChecked])
def sign_out(request: Request) -> Response:
    end_session(request)
    return RedirectResponse(SIGN_IN, status_code=303)
