"""What every page shares: the signed-in user, the CSRF check of forms, and errors shown as
pages (a redirect to sign-in, or an HTML page with the status the API would give)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from carbonlabel.domain.tenancy import User
from carbonlabel.errors import (
    AuthenticationError,
    CarbonlabelError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)
from carbonlabel.web.deps import ReadUow, csrf_token, field_with_nul, session_user
from carbonlabel.web.pages.refusals import FormRefusedError, show_refused_form, status_of
from carbonlabel.web.pages.rendering import N_, both, language, message, render

HOME = "/dashboard"
SIGN_IN = "/signin"
CSRF_FIELD = "csrf_token"

ERROR_TITLES: dict[type[CarbonlabelError], str] = {
    NotFoundError: N_("Not found"),
    PermissionDeniedError: N_("Not allowed"),
    InputError: N_("Invalid input"),
    CarbonlabelError: N_("Something went wrong"),
}


class SignInRequiredError(Exception):
    """Nobody is signed in: the page sends the browser to the sign-in form."""


def safe_next(target: str | None) -> str:
    """A local path to go to after signing in (never another site)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return HOME


def sign_in_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = here if request.method == "GET" else HOME
    return f"{SIGN_IN}?next={quote(target, safe='/')}"


def error_page(request: Request, exc: CarbonlabelError) -> Response:
    if isinstance(exc, AuthenticationError):
        return RedirectResponse(sign_in_url(request), status_code=303)
    title = next(t for cls, t in ERROR_TITLES.items() if isinstance(exc, cls))
    return render(request, "error.html", status_of(exc), title=title,
                  detail=message(exc, language(request)), user=None)


class PageRoute(APIRoute):
    """A route whose errors become pages instead of the API's JSON bodies: a refused form
    is drawn again with the reason (:mod:`carbonlabel.web.pages.refusals`), any other error is
    the error page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                await refuse_nul(request)
                return await handler(request)
            except SignInRequiredError:
                return RedirectResponse(sign_in_url(request), status_code=303)
            except FormRefusedError as refusal:
                try:
                    return await run_in_threadpool(show_refused_form, request, refusal)
                except CarbonlabelError as exc:  # the page itself is gone (not found, ...)
                    return error_page(request, exc)
            except CarbonlabelError as exc:
                return error_page(request, exc)

        return page_handler


async def refuse_nul(request: Request) -> None:
    """PostgreSQL text cannot hold NUL: refuse it in any parameter or form field up front."""
    values: list[tuple[str, object]] = [*request.path_params.items(),
                                         *request.query_params.multi_items()]
    if request.method == "POST":
        values += [(k, v) for k, v in (await request.form()).multi_items() if isinstance(v, str)]
    name = field_with_nul(values)
    if name is not None:
        raise InputError(field=name, **both(N_("Text must not contain the NUL character.")))


def page_router() -> APIRouter:
    return APIRouter(route_class=PageRoute, include_in_schema=False)


def page_user(request: Request, uow: ReadUow) -> User:
    user = session_user(request, uow)
    if user is None:
        raise SignInRequiredError
    # the navigation of base.html shows each kind of organisation its own sections
    org = uow.organisations.get(user.organisation_id)
    request.state.organisation_kind = org.kind.value if org is not None else None
    request.state.user_role = user.role.value
    return user


def csrf_ok(request: Request, sent: object) -> bool:
    return isinstance(sent, str) and secrets.compare_digest(sent, csrf_token(request))


async def checked_form(request: Request) -> None:
    """Every form that changes something carries the session's CSRF token."""
    form = await request.form()
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        raise PermissionDeniedError(field=CSRF_FIELD,
                                    **both(N_("The form has expired. Please try again.")))


PageUser = Annotated[User, Depends(page_user)]
CsrfChecked = Depends(checked_form)
