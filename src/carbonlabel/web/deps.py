"""Request dependencies: the unit of work, the caller (API token or browser session with
CSRF check), pagination."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import AuthenticationError, InputError, PermissionDeniedError
from carbonlabel.services.accounts import user_for_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "X-CSRF-Token"


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


def session_user(request: Request, uow: UnitOfWork) -> User | None:
    user_id = request.session.get("user_id")
    if not isinstance(user_id, str):
        return None
    user = uow.users.get(user_id)
    return user if user and user.active else None


def current_user(request: Request, uow: Annotated[UnitOfWork, Depends(read_uow)]) -> User:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(uow, header[7:].strip())
        if user is None:
            raise AuthenticationError(field="Authorization", message_en="invalid API token",
                                      message_zh="API 令牌无效")
        return user
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
