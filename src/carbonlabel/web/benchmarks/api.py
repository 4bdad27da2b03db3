"""The benchmarks' JSON API under ``/api/v1/benchmarks``.

Public (no sign-in; statistics of the public registry, withheld below the minimum count): the
comparable sets, a category benchmark, a certificate's position, up to four certificates side
by side. Signed in, under ``/api/v1/products/{id}/benchmark`` and
``/api/v1/footprints/{id}/benchmark``: the position and weak links of one of the caller's own
products or footprints (another organisation's is a 404).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from carbonlabel.domain.benchmark import MINIMUM_COUNT
from carbonlabel.services.benchmarks import as_json, category, position
from carbonlabel.web.api.responses import PUBLIC, SIGNED_IN
from carbonlabel.web.benchmarks import shapes
from carbonlabel.web.deps import CurrentUser, ReadUow, refuse_nul
from carbonlabel.web.registry.state import registry_state

router = APIRouter(prefix="/api/v1/benchmarks", tags=["benchmarks"],
                   dependencies=[Depends(refuse_nul)])
#: the caller's own products and footprints (signed in), beside their other resources
own = APIRouter(prefix="/api/v1", tags=["benchmarks"], dependencies=[Depends(refuse_nul)])

Rule = Annotated[str, Query(min_length=1, max_length=150,
                            description="product rule release, code@version")]
Unit = Annotated[str, Query(min_length=1, max_length=200, description="declared unit")]
Boundary = Annotated[str, Query(min_length=1, max_length=40,
                                description="cradle-to-gate, cradle-to-grave, gate-to-gate")]


@router.get("", responses=PUBLIC, response_model=shapes.BenchmarkPublic)
def benchmark(request: Request, uow: ReadUow, product_rule: Rule, declared_unit: Unit,
              boundary: Boundary) -> dict[str, Any]:
    """The category benchmark of the certificates valid today with this product rule
    release, declared unit and boundary: count, best 5 %, quartiles and median (withheld
    below the minimum count), and the other candidates apart with the reason."""
    found = category.category_benchmark(uow, product_rule, declared_unit, boundary,
                                        registry_state(request).today())
    return as_json.benchmark_dict(found)


@router.get("/sets", responses=PUBLIC, response_model=shapes.SetsPublic)
def sets(request: Request, uow: ReadUow) -> dict[str, Any]:
    """Every comparable set (rule release, declared unit, boundary) with a valid
    certificate today, and how many."""
    return as_json.sets_dict(category.overview(uow, registry_state(request).today()),
                            MINIMUM_COUNT)


@router.get("/certificates/{number}", responses=PUBLIC, response_model=shapes.PositionPublic)
def certificate(number: str, request: Request,
                uow: ReadUow) -> dict[str, Any]:
    """A certificate's comparable set and benchmark, and (when shown and the certificate is
    in it) its band, value ÷ median and percentile rank; 404 for an unknown number."""
    today = registry_state(request).today()
    return as_json.position_dict(category.certificate_position(uow, number, today), today)


@router.get("/compare", responses=PUBLIC, response_model=shapes.ComparedPublic)
def compare(request: Request, uow: ReadUow,
            number: Annotated[list[str], Query(description="certificate numbers, up to four "
                                                           "(repeat the parameter)")]
            ) -> dict[str, Any]:
    """Up to four certificates side by side; those not comparable with the first are marked
    with the reason. A fifth is refused (422)."""
    today = registry_state(request).today()
    found = category.compare_certificates(uow, number, today)
    return as_json.compared_dict(found, today, category.MAX_COMPARED)


@own.get("/products/{product_id}/benchmark", responses=SIGNED_IN,
            response_model=shapes.ProductPositionPublic)
def product(product_id: str, request: Request, user: CurrentUser,
            uow: ReadUow) -> dict[str, Any]:
    """Your product's certified position in its category and its weak links: stage shares
    against the category's median shares (weak: above by the stated margin)."""
    today = registry_state(request).today()
    return as_json.product_position_dict(
        position.product_position(uow, user, product_id, today), today)


@own.get("/footprints/{footprint_id}/benchmark", responses=SIGNED_IN,
            response_model=shapes.ProductPositionPublic)
def footprint(footprint_id: str, request: Request, user: CurrentUser,
              uow: ReadUow) -> dict[str, Any]:
    """The same for the certificate issued on one of your footprints (none: not certified)."""
    today = registry_state(request).today()
    return as_json.product_position_dict(
        position.footprint_position(uow, user, footprint_id, today), today)
