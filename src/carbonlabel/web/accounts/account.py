"""The account page: the signed-in user's password (changing it ends their other sessions)
and API tokens (listed without secrets, made with an expiry, revoked). A new token's secret
is shown once, in the answer to the form that made it, never in a link."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.sessions import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.accounts import api_tokens, sessions, users
from carbonlabel.web.deps import ReadUow, WriteUow, session_secret
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, render

router = page_router()
ACCOUNT = "/account"
DONE = {"password": N_("The password has been changed; your other sessions have ended."),
        "revoked": N_("The API token has been revoked.")}


def _page(request: Request, uow: UnitOfWork, user: User, status: int = 200,
          done: str | None = None, error: str | None = None,
          new_secret: str | None = None) -> Response:
    now = datetime.now(UTC)
    tokens = [(t, api_tokens.token_state(t, now)) for t in api_tokens.list_tokens(uow, user)]
    return render(request, "account.html", status, user=user, tokens=tokens,
                  done=DONE.get(done or ""), error=error, new_secret=new_secret,
                  default_days=TOKEN_DEFAULT_DAYS, max_days=TOKEN_MAX_DAYS)


def _shown_again_if_refused(request: Request, user: User) -> AbstractContextManager[None]:
    """The page again with the reason if the change is refused for bad input (anything else
    is the error page)."""
    return shown_again_if_refused(
        lambda uow, status, error: _page(request, uow, user, status, error=error),
        refused=(InputError,))


@router.get(ACCOUNT)
def show(request: Request, user: PageUser, uow: ReadUow, done: str | None = None) -> Response:
    return _page(request, uow, user, done=done)


@router.post(ACCOUNT + "/password", dependencies=[CsrfChecked])
def change_password(request: Request, user: PageUser, uow: WriteUow,
                    current_password: Annotated[str, Form()] = "",
                    new_password: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user):
        sessions.change_password(uow, user, current_password, new_password,
                                 keep_secret=session_secret(request))
    return RedirectResponse(f"{ACCOUNT}?done=password", status_code=303)


@router.post(ACCOUNT + "/tokens", dependencies=[CsrfChecked])
def create_token(request: Request, user: PageUser, uow: WriteUow,
                 name: Annotated[str, Form()] = "",
                 days: Annotated[str, Form()] = str(TOKEN_DEFAULT_DAYS)) -> Response:
    with _shown_again_if_refused(request, user):
        if not days.strip().isdigit():
            raise InputError(field="days", **both(N_("Give the days as a whole number.")))
        _, secret = users.create_token(uow, user, name, int(days))
    return _page(request, uow, user, 201, new_secret=secret)


@router.post(ACCOUNT + "/tokens/{token_id}/revoke", dependencies=[CsrfChecked])
def revoke_token(token_id: str, user: PageUser, uow: WriteUow) -> Response:
    api_tokens.revoke_token(uow, user, token_id)  # another's: not found
    return RedirectResponse(f"{ACCOUNT}?done=revoked", status_code=303)
