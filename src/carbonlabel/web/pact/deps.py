"""What every PACT route needs: HTTPS, the token keys, the platform's URL, the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.pact_tokens import InvalidTokenError, PactTokenKeys
from carbonlabel.config import Settings
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.services.exchange.pact_host import partner_by_client_id
from carbonlabel.web.deps import write_uow
from carbonlabel.web.pact.errors import PactError


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def require_https(request: Request) -> None:
    """The spec allows HTTPS only. Behind a TLS-terminating proxy, run uvicorn with
    ``--proxy-headers`` (and ``--forwarded-allow-ips``) so the scheme is the client's."""
    if request.url.scheme != "https" and not settings_of(request).pact_allow_http:
        raise PactError(403, "AccessDenied", "the PACT API is served over HTTPS only | "
                                             "PACT 接口仅允许通过 HTTPS 访问")


def token_keys(request: Request) -> PactTokenKeys:
    keys = getattr(request.app.state, "pact_keys", None)
    if not isinstance(keys, PactTokenKeys):
        keys = PactTokenKeys(settings_of(request).pact_keys_dir)
        request.app.state.pact_keys = keys
    return keys


def platform_url(request: Request) -> str:
    """The platform's public base URL (settings), else the one the request came to."""
    configured = settings_of(request).public_url
    return (configured or str(request.base_url)).rstrip("/")


def bearer_partner(request: Request, uow: Annotated[UnitOfWork, Depends(write_uow)]
                   ) -> Partner:
    """The partner whose valid access token the request carries."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidTokenError(field="Authorization", message_en="a bearer access token is "
                                "required (from /auth/token)",
                                message_zh="需要 Bearer 访问令牌（由 /auth/token 获取）")
    claims = token_keys(request).verify(token.strip())
    return partner_by_client_id(uow, claims.subject)


HttpsOnly = Depends(require_https)
WriteUow = Annotated[UnitOfWork, Depends(write_uow)]
CallingPartner = Annotated[Partner, Depends(bearer_partner)]
