"""The sign-in back-off as the web routes use it: the caller's address and the time.

The address is the connection's peer as the server reports it. Behind a reverse proxy,
uvicorn puts the client's address from ``X-Forwarded-For`` there only for proxies listed in
its ``--forwarded-allow-ips`` (``FORWARDED_ALLOW_IPS``; default 127.0.0.1), so a client
cannot choose its own address by sending the header (docs/security.md "Sign-in").
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from fastapi import Request

from carbonlabel.services.accounts import sign_in_throttle
from carbonlabel.web.deps import uow_factory_of


def utc_now() -> datetime:
    return datetime.now(UTC)


def now_of(request: Request) -> datetime:
    """The time the back-off goes by: ``app.state.clock`` where a test sets one."""
    clock: Callable[[], datetime] = getattr(request.app.state, "clock", utc_now)
    return clock()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def account_guard(request: Request, email: str) -> AbstractContextManager[None]:
    """Around checking an e-mail and password (the sign-in page and API)."""
    keys = sign_in_throttle.account_keys(email, client_address(request))
    return sign_in_throttle.guard(uow_factory_of(request), keys, "email", now_of(request))


def client_guard(request: Request, client_id: str) -> AbstractContextManager[None]:
    """Around checking a PACT client's id and secret (``/auth/token``)."""
    keys = sign_in_throttle.client_keys(client_id, client_address(request))
    return sign_in_throttle.guard(uow_factory_of(request), keys, "client_id",
                                  now_of(request))
