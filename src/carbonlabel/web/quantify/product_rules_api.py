"""REST API v1 of product rules (PCR): the released rules, the versions of one, and a stored
model version's conformance to the rule it names. Rules are reference data: every signed-in
user reads the same."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from carbonlabel.domain.product_rules import Conformance, ProductRule
from carbonlabel.domain.product_rules.content import to_content
from carbonlabel.services.quantify import catalog
from carbonlabel.services.quantify import product_rules as rules
from carbonlabel.web.api import schemas as s
from carbonlabel.web.api.responses import SIGNED_IN
from carbonlabel.web.deps import CurrentUser, ReadUow, refuse_nul

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


def summary(rule: ProductRule, digest: str) -> dict[str, Any]:
    return {"code": rule.code, "version": rule.version, "hash": digest,
            "released_on": rule.released_on, "status": rule.status.value,
            "title": {"zh": rule.title.zh, "en": rule.title.en},
            "official_text_available": rule.official_text_available}


def conformance_out(conformance: Conformance | None) -> dict[str, object] | None:
    return None if conformance is None else conformance.as_dict()


@router.get("/product-rules", response_model=list[s.ProductRuleSummary],
            tags=["product rules"])
def product_rules(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """Every released product rule (each version), by code."""
    return [summary(r, h) for r, h in rules.list_releases(uow, user)]


@router.get("/product-rules/{code}", response_model=s.ProductRuleVersions,
            tags=["product rules"])
def product_rule(code: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """The releases of one product rule, oldest first, with every part of each."""
    found = rules.releases_of(uow, user, code)
    return {"code": code, "versions": [{**summary(r, h), "content": to_content(r)}
                                       for r, h in found]}


@router.get("/models/{model_version_id}/conformance",
            response_model=s.ConformancePublic | None, tags=["models"])
def model_conformance(model_version_id: str, user: CurrentUser,
                      uow: ReadUow) -> dict[str, object] | None:
    """The model version's gaps against the product rule it names, as released today
    (null: it names none)."""
    return conformance_out(catalog.version_conformance(uow, user, model_version_id))
