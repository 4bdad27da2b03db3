"""Errors of the PACT routes in the spec's shape, mapped once.

The PACT API answers ``{"code": "<ErrorCode>", "message": "..."}`` (never the platform's
``/api/v1`` shape), the token endpoint answers as RFC 6749 §5.2 says
(``{"error": "invalid_client", "error_description": "..."}``). Every PACT route uses
:class:`PactRoute`, which catches what the services raise and maps it here:

==============================  ======  ======================  =====================
condition                       status  code (v3)               code (v2)
==============================  ======  ======================  =====================
plain HTTP (not HTTPS)          403     AccessDenied            AccessDenied
no / malformed / foreign token  401     BadRequest              BadRequest
expired token                   401     TokenExpired            TokenExpired
refused by the sharing policy   403     AccessDenied            AccessDenied
unknown footprint               404     NotFound                NoSuchFootprint
bad query, filter or event      400     BadRequest              BadRequest
not writable in the version     400     NotImplemented          NotImplemented
too many attempts (below)       429     TooManyRequests         TooManyRequests
anything else                   500     InternalError           InternalError
==============================  ======  ======================  =====================

An invalid token is answered 401 with code ``BadRequest``: the spec's v2 text asks for
``AccessDenied`` and the conformance tool expects 400/401 and warns unless the code is
``BadRequest``; 401 with ``WWW-Authenticate: Bearer`` is what RFC 6750 asks.

Only the token endpoint answers 429 (the sign-in back-off, docs/security.md): in the OAuth
shape with ``temporarily_unavailable`` (RFC 6749's "try again later") and ``Retry-After``.
The ``TooManyRequests`` row only keeps the map total for the data routes, which are not
throttled and for which the PACT specification names no code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from carbonlabel.adapters.formats.pact import NotRepresentableError
from carbonlabel.adapters.pact_tokens import TokenExpiredError
from carbonlabel.errors import (
    AuthenticationError,
    CarbonlabelError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    TooManyAttemptsError,
)

log = logging.getLogger(__name__)
TOKEN_PATH = "/auth/token"


class PactError(Exception):
    """An answer of a PACT route in the spec's shape."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def pact_response(status: int, code: str, message: str,
                  headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status,
                        headers=headers)


def oauth_response(status: int, error: str, description: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache", **(headers or {})}
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="pact", charset="UTF-8"'
    return JSONResponse({"error": error, "error_description": description},
                        status_code=status, headers=headers)


def _message(exc: CarbonlabelError) -> str:
    where = f"{exc.field}: " if exc.field else ""
    return f"{where}{exc.message_en} | {exc.message_zh}"


def pact_error(exc: CarbonlabelError, v2: bool) -> PactError:
    """The PACT answer to an error of the platform's tree."""
    msg = _message(exc)
    if isinstance(exc, TokenExpiredError):
        return PactError(401, "TokenExpired", msg, {
            "WWW-Authenticate": 'Bearer error="invalid_token", '
                                'error_description="the access token expired"'})
    if isinstance(exc, AuthenticationError):
        return PactError(401, "BadRequest", msg,
                         {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    if isinstance(exc, PermissionDeniedError):
        return PactError(403, "AccessDenied", msg)
    if isinstance(exc, TooManyAttemptsError):
        return PactError(429, "TooManyRequests", msg, {"Retry-After": str(exc.retry_after)})
    if isinstance(exc, NotFoundError) and exc.status_hint == 404:
        return PactError(404, "NoSuchFootprint" if v2 else "NotFound", msg)
    if isinstance(exc, NotRepresentableError):
        return PactError(400, "NotImplemented", msg)
    if isinstance(exc, InputError | NotFoundError):
        return PactError(400, "BadRequest", msg)
    return PactError(500, "InternalError", msg)


class PactRoute(APIRoute):
    """A route whose errors (its own, its dependencies', FastAPI's request validation) are
    answered in the PACT shape, or for the token endpoint in the OAuth shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        v2 = self.path.startswith("/2/")
        oauth = self.path == TOKEN_PATH

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except PactError as exc:
                err = exc
            except CarbonlabelError as exc:
                err = pact_error(exc, v2)
            except RequestValidationError as exc:
                first: dict[str, Any] = next(iter(exc.errors()), {})
                where = ".".join(str(p) for p in first.get("loc", ()))
                err = PactError(400, "BadRequest", f"{where}: {first.get('msg', 'invalid')}")
            except HTTPException:
                raise
            except Exception:  # the spec's InternalError rather than a bare 500
                log.exception("PACT route %s failed", self.path)
                err = PactError(500, "InternalError", "internal error | 内部错误")
            if oauth:
                error = {401: "invalid_client", 403: "invalid_request",
                         429: "temporarily_unavailable"}.get(err.status, "invalid_request")
                retry = {k: v for k, v in err.headers.items() if k == "Retry-After"}
                return oauth_response(err.status, error, err.message, retry)
            return pact_response(err.status, err.code, err.message, err.headers)

        return handle
