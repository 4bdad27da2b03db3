"""Benchmarks, positions, comparisons and weak links as JSON-ready dicts: the one shape the
API answers and ``carbonlabel benchmark --json`` prints (web/benchmarks/shapes.py describes it
in the OpenAPI document)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from carbonlabel.adapters.db.benchmark_reads import CertifiedProduct
from carbonlabel.domain.benchmark import (
    BAND_NAMES,
    EXCLUSION_NAMES,
    Band,
    Benchmark,
    ComparableKey,
    Exclusion,
)
from carbonlabel.domain.certification.certificate import effective_status
from carbonlabel.domain.product import STAGE_NAMES
from carbonlabel.services.benchmarks.category import (
    CategoryBenchmark,
    Compared,
    KeyCount,
    Position,
)
from carbonlabel.services.benchmarks.position import ProductPosition


def _name(pair: tuple[str, str]) -> dict[str, str]:
    return {"zh": pair[0], "en": pair[1]}


def key_dict(key: ComparableKey) -> dict[str, Any]:
    return {"product_rule": key.product_rule, "declared_unit": key.declared_unit,
            "boundary": key.boundary}


def figures_dict(mark: Benchmark) -> dict[str, Any]:
    stats = None
    if mark.shown:
        stats = {"best5": mark.best5, "q1": mark.q1, "median": mark.median, "q3": mark.q3}
    return {"key": key_dict(mark.key), "count": mark.count, "minimum": mark.minimum,
            "shown": mark.shown, "statistics": stats, "unit": "kg CO2e"}


def _member(c: CertifiedProduct) -> dict[str, Any]:
    return {"number": c.number, "product": {"zh": c.product_zh, "en": c.product_en},
            "holder": c.holder, "page": f"/registry/{c.number}"}


def benchmark_dict(found: CategoryBenchmark) -> dict[str, Any]:
    return {**figures_dict(found.benchmark),
            "comparable": [_member(found.products[c.number])
                           for c in sorted(found.comparison.comparable, key=lambda c: c.number)],
            "excluded": [{**_member(found.products[c.number]), "reason": reason.value,
                          "reason_name": _name(EXCLUSION_NAMES[reason])}
                         for c, reason in found.comparison.excluded]}


def sets_dict(found: list[KeyCount], minimum: int) -> dict[str, Any]:
    items = []
    for k in found:
        query = urlencode({"product_rule": k.key.product_rule,
                           "declared_unit": k.key.declared_unit,
                           "boundary": k.key.boundary})
        items.append({"key": key_dict(k.key), "category": k.category, "valid": k.valid,
                      "page": f"/benchmarks?{query}", "api": f"/api/v1/benchmarks?{query}"})
    return {"items": items, "minimum": minimum}


def _reason(reason: Exclusion | None) -> dict[str, str] | None:
    return _name(EXCLUSION_NAMES[reason]) if reason is not None else None


def _band(band: Band | None) -> dict[str, str] | None:
    return _name(BAND_NAMES[band]) if band is not None else None


def position_dict(p: Position, today: date) -> dict[str, Any]:
    c = p.product
    return {"number": c.number, "product": {"zh": c.product_zh, "en": c.product_en},
            "holder": c.holder, "status": effective_status(c.status, c.expires_on, today).value,
            "value": c.certified_value, "unit": c.certified_unit,
            "value_co2e_kg": c.value_co2e_kg,
            "key": key_dict(p.category.key) if p.category else None,
            "benchmark": figures_dict(p.category.benchmark) if p.category else None,
            "excluded": p.excluded.value if p.excluded else None,
            "excluded_name": _reason(p.excluded),
            "band": p.band.value if p.band else None, "band_name": _band(p.band),
            "relative_to_median": p.relative, "percentile_rank": p.percentile}


def compared_dict(found: Compared, today: date, maximum: int) -> dict[str, Any]:
    items = []
    for p in found.positions:
        reason = found.reasons[p.product.number]
        items.append({**position_dict(p, today), "comparable_with_first": reason is None,
                      "reason": reason.value if reason else None,
                      "reason_name": _reason(reason)})
    return {"items": items, "comparable": found.comparable, "maximum": maximum}


def product_position_dict(found: ProductPosition, today: date) -> dict[str, Any]:
    links = found.weak_links
    links_dict = None
    if links is not None:
        links_dict = {
            "count": links.count, "margin": links.margin, "shown": links.shown,
            "stages": [{"stage": s.stage.value, "stage_name": _name(STAGE_NAMES[s.stage]),
                        "co2e_kg": s.co2e_kg, "share": s.share,
                        "median_co2e_kg": s.median_co2e_kg, "median_share": s.median_share,
                        "weak": s.weak} for s in links.stages],
            "hotspots": [{"stage": h.stage.value, "process": h.process, "item": h.item,
                          "item_name": h.item_name, "co2e_kg": h.co2e_kg, "share": h.share}
                         for h in found.hotspots]}
    return {"product_id": found.product_id, "certified": found.certificate is not None,
            "position": position_dict(found.position, today) if found.position else None,
            "weak_links": links_dict}
