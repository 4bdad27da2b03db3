"""The public registry's pages (no sign-in): search, a certificate, and verification of a
scanned QR code (``/v/{token}``, the URL path the label's QR code encodes) or of a typed
certificate number (``/verify?code=``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request, Response

from carbonlabel.domain.benchmark import BAND_NAMES, EXCLUSION_NAMES
from carbonlabel.domain.certification.label import Verdict
from carbonlabel.errors import NotFoundError
from carbonlabel.services.benchmarks.category import certificate_position
from carbonlabel.services.improvement.claims import public_claims_of_number
from carbonlabel.services.registry import verification
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import page_router
from carbonlabel.web.registry.api import MAX_TOKEN
from carbonlabel.web.registry.state import registry_state, shared_region
from carbonlabel.web.registry.view import show

router = page_router()
CHANNEL = "page"
PER_PAGE = 20


@router.get("/registry")
def search(request: Request, uow: ReadUow,
           q: str = "", category: str = "", region: str = "",
           page: Annotated[int, Query(ge=1, le=50_000)] = 1) -> Response:
    q, category, region = q[:200], category[:100], region[:40]
    found = verification.search(uow, verification.Search(q, category, region, (page - 1) * PER_PAGE,
                                                         PER_PAGE))
    filters = {k: v for k, v in (("q", q.strip()), ("category", category),
                                 ("region", region)) if v}

    def page_url(number: int) -> str:
        return "/registry?" + urlencode({**filters, "page": number})

    last = max(1, -(-found.total // PER_PAGE))
    return show(request, "registry/search.html", found=found, q=q, category=category,
                region=region, categories=verification.categories(uow), page=page, last=last,
                searched=bool(filters), today=registry_state(request).today(),
                prev_url=page_url(page - 1) if page > 1 else None,
                next_url=page_url(page + 1) if page < last else None)


@router.get("/registry/{number}")
def certificate(request: Request, number: str, uow: ReadUow) -> Response:
    today = registry_state(request).today()
    try:
        entry = verification.certificate(uow, number)
    except NotFoundError:
        try:  # a system certificate's number (体系认证): its page lists the products
            system = verification.system_certificate(uow, number)
        except NotFoundError:
            return show(request, "registry/not_found.html", 404, number=number)
        return show(request, "registry/system_certificate.html", entry=system, today=today)
    return show(request, "registry/certificate.html", entry=entry, today=today,
                position=certificate_position(uow, entry.number, today), bands=BAND_NAMES,
                reasons=EXCLUSION_NAMES,
                claims=public_claims_of_number(uow, entry.number))


@router.get("/v/{token}")
async def verify_token(request: Request, token: str, region: str = "") -> Response:
    """The page a phone opens when it scans a label's QR code."""
    state = registry_state(request)
    today = state.today()
    if len(token) > MAX_TOKEN:
        result = verification.RegistryVerdict(Verdict.NOT_GENUINE, reason="length")
    else:
        result = await verification.verify_label_async(state.lookup, token, state.keys.get(), today)
    state.scans.record(verification.token_scan(token, result, CHANNEL, datetime.now(UTC),
                                               state.origins.of(request, region)))
    return show(request, "registry/verdict.html", result=result, checked="label", code="",
                today=today, shared_region=shared_region(region) if region else None)


@router.get("/verify")
async def verify_code(request: Request, code: str = "", region: str = "") -> Response:
    """The form to type a certificate number, and its verdict once typed."""
    if not code.strip():
        return show(request, "registry/verify.html", code="")
    state = registry_state(request)
    today = state.today()
    result = await verification.verify_code_async(state.lookup, code[:MAX_TOKEN], today)
    state.scans.record(verification.code_scan(code, result, CHANNEL, datetime.now(UTC),
                                              state.origins.of(request, region)))
    return show(request, "registry/verdict.html", result=result, checked="code",
                code=code.strip()[:100], today=today,
                shared_region=shared_region(region) if region else None)
