"""Benchmark pages: the public category benchmarks (``/benchmarks``) and the compare page
(``/compare?n=...``, up to four certificates picked from the registry search), and the signed-in
position and weak links of one of the enterprise's products (``/products/{id}/benchmark``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request, Response

from carbonlabel.domain.benchmark import BAND_NAMES, EXCLUSION_NAMES, MINIMUM_COUNT
from carbonlabel.errors import InputError
from carbonlabel.services.benchmarks import category, position
from carbonlabel.services.registry import verification
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import gettext, language, message, render
from carbonlabel.web.registry.state import registry_state
from carbonlabel.web.registry.view import BOUNDARY_TITLES, show

router = page_router()
SEARCH_RESULTS = 10


@router.get("/benchmarks")
def benchmarks(request: Request, uow: ReadUow, product_rule: str = "",
               declared_unit: str = "", boundary: str = "") -> Response:
    today = registry_state(request).today()
    found = None
    if product_rule or declared_unit or boundary:
        found = category.category_benchmark(uow, product_rule[:150], declared_unit[:200],
                                            boundary[:40], today)
    return show(request, "registry/benchmark.html", found=found,
                sets=category.overview(uow, today), minimum=MINIMUM_COUNT,
                reasons=EXCLUSION_NAMES)


def _url(numbers: list[str], q: str = "") -> str:
    params = [("n", n) for n in numbers] + ([("q", q)] if q else [])
    return "/compare?" + urlencode(params) if params else "/compare"


@router.get("/compare")
def compare(request: Request, uow: ReadUow,
            n: Annotated[list[str] | None, Query(max_length=20)] = None,
            q: str = "") -> Response:
    today = registry_state(request).today()
    numbers = list(dict.fromkeys(verification.normalise_number(x)[:60] for x in (n or [])
                                 if x.strip()))
    q = q.strip()[:200]
    refused = None
    if len(numbers) > category.MAX_COMPARED:
        refused = message(InputError(
            field="n", message_en=f"At most {category.MAX_COMPARED} products can be compared "
            "side by side: remove one before adding another.",
            message_zh=f"最多可同时比较 {category.MAX_COMPARED} 个产品：请先移除一个再添加。"),
            language(request))
        numbers = numbers[:category.MAX_COMPARED]
    compared = category.compare_certificates(uow, numbers, today) if numbers else None
    found = (verification.search(uow, verification.Search(q, None, None, 0, SEARCH_RESULTS))
             if q else None)
    adding = {e.number: _url([*numbers, e.number]) for e in found.items} if found else {}
    without = {x: _url([y for y in numbers if y != x], q) for x in numbers}
    return show(request, "registry/compare.html", 422 if refused else 200, compared=compared,
                numbers=numbers, q=q, found=found, adding=adding, without=without,
                refused=refused, maximum=category.MAX_COMPARED, reasons=EXCLUSION_NAMES,
                bands=BAND_NAMES)


@router.get("/products/{product_id}/benchmark")
def product_benchmark(request: Request, product_id: str, user: PageUser,
                      uow: ReadUow) -> Response:
    today = registry_state(request).today()
    found = position.product_position(uow, user, product_id, today)
    product = uow.products.in_org(user.organisation_id, product_id)
    boundary = found.certificate.boundary if found.certificate else ""
    return render(request, "position.html", user=user, found=found, product=product,
                  boundary=gettext(request, BOUNDARY_TITLES[boundary])
                  if boundary in BOUNDARY_TITLES else boundary,
                  reasons=EXCLUSION_NAMES, bands=BAND_NAMES, minimum=MINIMUM_COUNT)
