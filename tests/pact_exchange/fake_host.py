"""A small PACT host whose behaviour the client tests set (pages, tokens, faults) and which
records what it was sent. Only what the client needs; the real host has its own tests."""

from __future__ import annotations

import base64
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

CLIENT_ID, CLIENT_SECRET = "buyer-client", "buyer-secret"


def footprint_v3(n: int, **overrides: Any) -> dict[str, Any]:
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1",
        "productMassPerDeclaredUnit": "1",
        "referencePeriodStart": "2025-01-01T00:00:00Z",
        "referencePeriodEnd": "2026-01-01T00:00:00Z",
        "pcfExcludingBiogenicUptake": f"{n}.5", "pcfIncludingBiogenicUptake": f"{n}.5",
        "fossilGhgEmissions": f"{n}.5", "fossilCarbonContent": "0",
        "biogenicCarbonContent": "0", "packagingEmissionsIncluded": False,
        "ipccCharacterizationFactors": ["AR6"], "crossSectoralStandards": ["ISO14067"],
        "exemptedEmissionsPercent": "0", "geographyCountry": "DE"}
    pcf.update(overrides.pop("pcf", {}))
    doc = {"id": str(uuid.UUID(int=n + 1)), "specVersion": "3.0.0",
           "created": "2026-01-15T00:00:00Z", "status": "Active",
           "companyName": "Acme GmbH", "companyIds": ["urn:uuid:" + str(uuid.UUID(int=999))],
           "productDescription": f"part {n}", "productIds": [f"urn:gtin:400000000000{n}"],
           "productNameCompany": f"Part {n}", "pcf": pcf}
    doc.update(overrides)
    return doc


@dataclass
class HostState:
    footprints: list[dict[str, Any]] = field(default_factory=list)
    token_lifetime: int = 3600
    discovery: bool = True
    tokens_issued: list[str] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    list_calls: list[list[tuple[str, str]]] = field(default_factory=list)
    events: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)
    next_link: str | None = None  # a fixed Link target (loops, other hosts)
    event_status: int = 200


def fake_host(state: HostState) -> FastAPI:
    app = FastAPI()

    def authorised(request: Request) -> bool:
        header = request.headers.get("authorization", "")
        token = header.removeprefix("Bearer ")
        return token in state.tokens_issued and token not in state.revoked

    @app.get("/.well-known/openid-configuration")
    def discovery(request: Request) -> Response:
        if not state.discovery:
            return JSONResponse({"code": "NotFound", "message": "none"}, 404)
        return JSONResponse({"issuer": str(request.base_url),
                             "token_endpoint": f"{request.base_url}oauth/issue"})

    def issue(request: Request) -> Response:
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"error": "invalid_client",
                                 "error_description": "bad credentials"}, 401)
        token = secrets.token_hex(8)
        state.tokens_issued.append(token)
        return JSONResponse({"access_token": token, "token_type": "Bearer",
                             "expires_in": state.token_lifetime})

    app.post("/oauth/issue")(issue)
    app.post("/auth/token")(issue)

    def listing(request: Request) -> Response:
        if not authorised(request):
            return JSONResponse({"code": "BadRequest", "message": "bad token"}, 401)
        state.list_calls.append(list(request.query_params.multi_items()))
        limit = int(request.query_params.get("limit", "1000"))
        offset = int(request.query_params.get("offset", "0"))
        page = state.footprints[offset:offset + limit]
        headers = {}
        if state.next_link is not None:
            headers["link"] = f'<{state.next_link}>; rel="next"'
        elif offset + limit < len(state.footprints):
            nxt = f"{request.url.scheme}://{request.url.netloc}{request.url.path}" \
                  f"?limit={limit}&offset={offset + limit}"
            headers["link"] = f'<{nxt}>; rel="next"'
        return JSONResponse({"data": page}, headers=headers)

    app.get("/3/footprints")(listing)
    app.get("/2/footprints")(listing)

    @app.get("/3/footprints/{pf_id}")
    @app.get("/2/footprints/{pf_id}")
    def one(pf_id: str, request: Request) -> Response:
        if not authorised(request):
            return JSONResponse({"code": "BadRequest", "message": "bad token"}, 401)
        for doc in state.footprints:
            if doc.get("id") == pf_id:
                return JSONResponse({"data": doc})
        return JSONResponse({"code": "NotFound", "message": "no such footprint"}, 404)

    @app.post("/3/events")
    async def events(request: Request) -> Response:
        if not authorised(request):
            return JSONResponse({"code": "BadRequest", "message": "bad token"}, 401)
        state.events.append((dict(request.headers), await request.json()))
        if state.event_status != 200:
            return JSONResponse({"code": "AccessDenied", "message": "not from you"},
                                state.event_status)
        return Response(status_code=200)

    return app
