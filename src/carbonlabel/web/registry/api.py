"""The public registry's JSON API under ``/api/v1/registry`` (no sign-in: public by policy).

Search, a certificate by number, verification of a label's token or of a typed certificate
number, and the public keys for offline verification. Every verification is queued for the
scan log (``scan_log.ScanLog``). The verification routes are the registry's hot path: they are
coroutines that await one read (``adapters/db/registry_lookup.py``), take no dependencies and
build their answer without a response model.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from carbonlabel.domain.certification.label import Verdict
from carbonlabel.services.registry import verification
from carbonlabel.web.api.responses import PUBLIC
from carbonlabel.web.deps import PageParams, ReadUow, refuse_nul
from carbonlabel.web.registry import shapes
from carbonlabel.web.registry.state import registry_state

router = APIRouter(prefix="/api/v1/registry", tags=["registry"], responses=PUBLIC)
CHANNEL = "api"
#: longer than any label token; a longer "token" is not genuine without further work
MAX_TOKEN = 2048


@router.get("/certificates", dependencies=[Depends(refuse_nul)],
            responses={200: {"model": shapes.RegistryPagePublic}})
def search(request: Request, uow: ReadUow, paging: PageParams,
           q: Annotated[str, Query(max_length=200,
                                   description="company, product or certificate number")] = "",
           category: Annotated[str | None, Query(max_length=100)] = None,
           region: Annotated[str | None, Query(max_length=40,
                                               description="e.g. CN-GD")] = None) -> Response:
    """Search certified products (every status; each with its live status)."""
    page = verification.search(uow, verification.Search(q, category, region, paging.offset,
                                                        paging.limit))
    today = registry_state(request).today()
    return shapes.json_response({"items": [shapes.entry_dict(e, today) for e in page.items],
                                 "total": page.total, "offset": page.offset,
                                 "limit": page.limit})


@router.get("/certificates/{number}", responses={200: {"model": shapes.RegistryEntryPublic}})
def certificate(number: str, request: Request, uow: ReadUow) -> Response:
    """A certificate by its number, with its live status; 404 for an unknown number."""
    entry = verification.certificate(uow, number)
    return shapes.json_response(shapes.entry_dict(entry, registry_state(request).today()))


@router.get("/system-certificates/{system_number}",
            responses={200: {"model": shapes.SystemRegistryEntryPublic}})
def system_certificate(system_number: str, request: Request, uow: ReadUow) -> Response:
    """A system certificate (体系认证) by its number, with its live status and the products
    the holder registered under it; 404 for an unknown number."""
    entry = verification.system_certificate(uow, system_number)
    return shapes.json_response(shapes.system_entry_dict(entry,
                                                         registry_state(request).today()))


@router.get("/verify/{token}", responses={200: {"model": shapes.VerificationPublic}})
async def verify_token(token: str, request: Request) -> Response:
    """Verify a label's QR token: `verdict` is valid, suspended, withdrawn, cancelled,
    expired, or not_genuine (malformed, unknown key, bad signature, unknown certificate, or
    signed facts that differ from the registry). Always 200: the verdict is the answer."""
    state = registry_state(request)
    today = state.today()
    if len(token) > MAX_TOKEN:
        result = verification.RegistryVerdict(Verdict.NOT_GENUINE, reason="length")
    else:
        result = await verification.verify_label_async(state.lookup, token, state.keys.get(), today)
    state.scans.record(verification.token_scan(token, result, CHANNEL, datetime.now(UTC),
                                               state.origins.of(request)))
    return shapes.json_response(shapes.verification_dict(result, "label", today))


@router.get("/verify/code/{number}", responses={200: {"model": shapes.VerificationPublic}})
async def verify_code(number: str, request: Request) -> Response:
    """Verify a typed certificate number (check digits, then the registry). Always 200."""
    state = registry_state(request)
    today = state.today()
    result = await verification.verify_code_async(state.lookup, number[:MAX_TOKEN], today)
    state.scans.record(verification.code_scan(number, result, CHANNEL, datetime.now(UTC),
                                              state.origins.of(request)))
    return shapes.json_response(shapes.verification_dict(result, "code", today))


@router.get("/keys", responses={200: {"model": shapes.PublicKeysPublic}})
def public_keys(request: Request) -> dict[str, Any]:
    """The public keys that verify labels: `{"keys": {kid: base64url raw Ed25519 key}}`
    (old keys stay: labels they signed remain verifiable)."""
    return {"keys": registry_state(request).keys.published()}
