"""PACT authentication: the OAuth 2.0 client-credentials token endpoint (RFC 6749 §4.4), its
OpenID Connect discovery document, the JWKS of the token key, and the certification
extension's JSON Schema."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import parse_qs, unquote_plus

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from carbonlabel.domain.pact.certification_extension import (
    CERTIFICATION_EXTENSION_SCHEMA,
    SCHEMA_PATH,
)
from carbonlabel.errors import AuthenticationError
from carbonlabel.services.exchange.pact_host import authenticate_client
from carbonlabel.web.deps import uow_factory_of
from carbonlabel.web.pact.deps import HttpsOnly, platform_url, token_keys
from carbonlabel.web.pact.errors import TOKEN_PATH, PactRoute, oauth_response
from carbonlabel.web.sign_in_guard import client_guard

router = APIRouter(route_class=PactRoute, tags=["PACT"])
GRANT = "client_credentials"


def _basic(request: Request) -> tuple[str, str] | None:
    """(client id, secret) of an HTTP Basic header (form-url-encoded, RFC 6749 §2.3.1)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    client_id, secret = unquote_plus(client_id), unquote_plus(secret)
    if not sep or "\x00" in client_id + secret:  # PostgreSQL text cannot hold NUL
        return None
    return client_id, secret


def _authenticate(request: Request, client_id: str, secret: str) -> str:
    """The client's id if the secret is right; after repeated failures of the client id or
    the address, TooManyAttemptsError (429 with ``Retry-After``) whatever the secret."""
    with client_guard(request, client_id), uow_factory_of(request)() as uow:
        partner = authenticate_client(uow, client_id, secret)
        assert partner.inbound_client_id is not None
        return partner.inbound_client_id


@router.post(TOKEN_PATH, dependencies=[HttpsOnly])
async def token(request: Request) -> JSONResponse:
    """Access token for a partner's client: HTTP Basic credentials, form body
    ``grant_type=client_credentials``."""
    credentials = _basic(request)
    if credentials is None:
        return oauth_response(401, "invalid_client", "HTTP Basic client authentication "
                              "(client id and secret) is required")
    body = (await request.body()).decode("utf-8", errors="replace")
    form = parse_qs(body, keep_blank_values=True)
    try:
        subject = await run_in_threadpool(_authenticate, request, *credentials)
    except AuthenticationError:
        return oauth_response(401, "invalid_client", "invalid client credentials")
    grant = form.get("grant_type", [""])
    if len(grant) != 1 or not grant[0]:
        return oauth_response(400, "invalid_request", "grant_type is required")
    if grant[0] != GRANT:
        return oauth_response(400, "unsupported_grant_type",
                              f"only {GRANT} is supported")
    access, expires_in = token_keys(request).issue(subject=subject,
                                                   issuer=platform_url(request))
    return JSONResponse({"access_token": access, "token_type": "Bearer",
                         "expires_in": expires_in, "scope": "footprint:list footprint:read"},
                        headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


@router.get("/.well-known/openid-configuration", dependencies=[HttpsOnly])
def openid_configuration(request: Request) -> dict[str, Any]:
    base = platform_url(request)
    return {"issuer": base, "token_endpoint": base + TOKEN_PATH,
            "jwks_uri": base + "/.well-known/jwks.json",
            "grant_types_supported": [GRANT],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["footprint:list", "footprint:read"]}


@router.get("/.well-known/jwks.json", dependencies=[HttpsOnly])
def jwks(request: Request) -> dict[str, Any]:
    return token_keys(request).jwks()


@router.get(SCHEMA_PATH)
def certification_extension_schema() -> dict[str, Any]:
    """The JSON Schema of the certification DataModelExtension (public documentation)."""
    return dict(CERTIFICATION_EXTENSION_SCHEMA)
