"""REST API v1 of the factor picker: the factors of the bundled library that match some words,
ranked for a geography and year (services/quantify/factor_picker.py says how). Reference data:
every signed-in user reads the same."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from carbonlabel.services.quantify import factor_picker
from carbonlabel.services.quantify.factor_picker import FactorHit
from carbonlabel.web.api.responses import SIGNED_IN
from carbonlabel.web.deps import CurrentUser, refuse_nul

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


def hit_out(hit: FactorHit) -> dict[str, Any]:
    r = hit.record
    source = r.factor.source
    return {"rank": hit.rank, "reference": hit.reference, "key": r.key,
            "name": {"zh": r.name.zh, "en": r.name.en}, "unit": r.factor.unit,
            "geography": r.geography, "year": r.year, "category": r.category,
            "set": f"{r.set_name} {r.set_version}".strip(),
            "source": str(source) if source else "", "licence": source.licence if source else ""}


@router.get("/factors/search", tags=["factors"])
def search_factors(user: CurrentUser,
                   q: Annotated[str, Query(max_length=200)] = "",
                   geography: Annotated[str, Query(max_length=20)] = "",
                   year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                   ) -> dict[str, Any]:
    """Factors of the library matching every word of ``q`` that apply at ``geography``
    (through its fallback chain), ranked: the exact region first, then the national figure,
    then the global one; within one geography the newest year (or the year nearest
    ``year``) first. At most 50."""
    hits = factor_picker.search(q, geography or None, year)
    return {"query": {"q": q, "geography": geography or None, "year": year},
            "factors": [hit_out(h) for h in hits]}
