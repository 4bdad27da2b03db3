"""Domain records of procurement as the API's dictionaries (schemas.py gives their shapes)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any
from urllib.parse import quote

from carbonlabel.domain.benchmark import EXCLUSION_NAMES, ComparableKey
from carbonlabel.domain.procurement import CRITERION_NAMES, Criterion
from carbonlabel.services.procurement.criteria import PublishedCriterion
from carbonlabel.services.procurement.ranking import RankingView


def registry_url(number: str) -> str:
    return f"/registry/{quote(number, safe='')}"


def key_dict(key: ComparableKey) -> dict[str, Any]:
    return {**asdict(key), "text": key.text}


def criterion_dict(c: Criterion, agency: str, on: date) -> dict[str, Any]:
    zh, en = CRITERION_NAMES[c.kind]
    return {"id": c.id, "agency_id": c.agency_id, "agency": agency, "title": c.title,
            "key": key_dict(c.key), "kind": c.kind, "kind_zh": zh, "kind_en": en,
            "threshold": c.threshold, "effective_on": c.effective_on, "state": c.state(on),
            "published_by": c.published_by, "published_at": c.published_at,
            "withdrawn_at": c.withdrawn_at, "withdrawn_by": c.withdrawn_by,
            "withdrawal_reason": c.withdrawal_reason}


def published_dict(p: PublishedCriterion, on: date) -> dict[str, Any]:
    return criterion_dict(p.criterion, p.agency, on)


def ranking_dict(view: RankingView, on: date, agencies: dict[str, str]) -> dict[str, Any]:
    r = view.ranking
    keys = [{**key_dict(k), "count": n} for k, n in view.keys]
    if r is None:
        return {"on": on, "key": None, "keys": keys, "units": view.units, "benchmark": None,
                "criteria": [], "items": [], "excluded": []}
    items = []
    for row in r.rows:
        x = view.listing(row.candidate.number)
        items.append({"rank": row.rank, "certificate": x.candidate.number,
                      "registry_url": registry_url(x.candidate.number), "holder": x.holder,
                      "product_zh": x.product_zh, "product_en": x.product_en,
                      "value": row.candidate.value_co2e_kg,
                      "certified_value": x.certified_value, "unit": x.certified_unit,
                      "band": row.band.value if row.band else None,
                      "expires_on": x.expires_on,
                      "meets": {c.id: m for c, m in zip(r.criteria, row.meets, strict=True)}})
    excluded = []
    for candidate, reason in r.excluded:
        x = view.listing(candidate.number)
        zh, en = EXCLUSION_NAMES[reason]
        excluded.append({"certificate": candidate.number,
                         "registry_url": registry_url(candidate.number), "holder": x.holder,
                         "product_zh": x.product_zh, "product_en": x.product_en,
                         "certified_value": x.certified_value, "unit": x.certified_unit,
                         "product_rule": (candidate.product_rule or "").partition("#")[0]
                         or None, "declared_unit": candidate.declared_unit,
                         "boundary": candidate.boundary, "status": x.status,
                         "reason": reason.value, "reason_zh": zh, "reason_en": en})
    return {"on": on, "key": key_dict(r.key), "keys": keys, "units": view.units,
            "benchmark": {k: v for k, v in asdict(r.benchmark).items() if k != "key"},
            "criteria": [criterion_dict(c, agencies.get(c.agency_id, ""), on)
                         for c in r.criteria],
            "items": items, "excluded": excluded}
