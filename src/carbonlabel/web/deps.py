"""Request dependencies: the unit of work, the caller (API token or browser session with
CSRF check), pagination."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Annotated

from fastapi import Depends, Query, Request

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import AuthenticationError, InputError, PermissionDeniedError
from carbonlabel.services.accounts import api_tokens, sessions
from carbonlabel.web.session_cookie import after_answer

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "X-CSRF-Token"
#: the key of the session's secret in the signed cookie (the server keeps its SHA-256)
SESSION_SECRET = "sid"


def uow_factory_of(request: Request) -> UowFactory:
    factory: UowFactory = request.app.state.uow
    return factory


def read_uow(request: Request) -> Iterator[UnitOfWork]:
    with uow_factory_of(request)() as uow:
        yield uow


def write_uow(request: Request) -> Iterator[UnitOfWork]:
    with uow_factory_of(request)(write=True) as uow:
        yield uow


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def session_secret(request: Request) -> str | None:
    secret = request.session.get(SESSION_SECRET)
    return secret if isinstance(secret, str) else None


def session_user(request: Request, uow: UnitOfWork) -> User | None:
    """The user of the browser session, if it is live on the server (not signed out, not
    ended by a password change or an admin, not expired or idle too long)."""
    secret = session_secret(request)
    if secret is None:
        return None
    now = datetime.now(UTC)
    found = sessions.session_user(uow, secret, now)
    if found is None:
        return None
    after_answer(request, partial(sessions.record_use, uow_factory_of(request), found[0], now))
    return found[1]


def current_user(request: Request, uow: Annotated[UnitOfWork, Depends(read_uow)]) -> User:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        now = datetime.now(UTC)
        token, owner = api_tokens.token_user(uow, header[7:].strip(), now)
        after_answer(request, partial(api_tokens.record_use, uow_factory_of(request), token,
                                      now))
        return owner
    user = session_user(request, uow)
    if user is None:
        raise AuthenticationError(field="Authorization",
                                  message_en="sign in or give an API token",
                                  message_zh="请登录或提供 API 令牌")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER) or ""
        if not secrets.compare_digest(sent, csrf_token(request)):
            raise PermissionDeniedError(field=CSRF_HEADER,
                                        message_en="missing or wrong CSRF token",
                                        message_zh="缺少或错误的 CSRF 令牌")
    return user


def field_with_nul(values: Iterable[tuple[str, object]]) -> str | None:
    """The first field whose value holds the NUL character, which PostgreSQL text cannot
    (psycopg refuses it with an error that would surface as a 500)."""
    return next((name for name, value in values if "\x00" in str(value)), None)


def refuse_nul(request: Request) -> None:
    """Refuse NUL in path and query parameters, naming the parameter."""
    name = field_with_nul([*request.path_params.items(), *request.query_params.multi_items()])
    if name is not None:
        raise InputError(field=name, message_en="must not contain the NUL character",
                         message_zh="不能包含 NUL 字符")


@dataclass(frozen=True)
class Paging:
    offset: int
    limit: int


def paging(offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
           limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Paging:
    return Paging(offset, limit)


CurrentUser = Annotated[User, Depends(current_user)]
ReadUow = Annotated[UnitOfWork, Depends(read_uow)]
WriteUow = Annotated[UnitOfWork, Depends(write_uow)]
PageParams = Annotated[Paging, Depends(paging)]
