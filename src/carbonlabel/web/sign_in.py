"""Starting and ending a browser session (the sign-in and sign-out of the pages and of the
API share these): the row on the server, its secret in the signed cookie."""

from __future__ import annotations

from fastapi import Request

from carbonlabel.domain.tenancy import User
from carbonlabel.services.accounts import sessions
from carbonlabel.web.deps import SESSION_SECRET, csrf_token, session_secret, uow_factory_of


def begin_session(request: Request, user: User) -> str:
    """A new session of the user in the cookie; its CSRF token (new too)."""
    with uow_factory_of(request)(write=True) as uow:
        secret = sessions.start_session(uow, user,
                                        request.client.host if request.client else "",
                                        request.headers.get("user-agent", ""))
    request.session.clear()
    request.session[SESSION_SECRET] = secret
    return csrf_token(request)


def end_session(request: Request) -> None:
    """Sign-out: the session ends on the server (a copy of the cookie no longer works)."""
    secret = session_secret(request)
    if secret is not None:
        with uow_factory_of(request)(write=True) as uow:
            sessions.end_session(uow, secret)
    request.session.clear()
