"""REST API v1: two model versions of a product compared, as the comparison page shows them
(inputs matched by their ids, results side by side, the files' unified diff)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from carbonlabel.domain.model_diff import ModelDiff
from carbonlabel.domain.result_diff import ResultComparison, ValuePair
from carbonlabel.services.quantify.versions import ComparedVersion, compare_versions
from carbonlabel.web.api.responses import SIGNED_IN
from carbonlabel.web.deps import CurrentUser, ReadUow, refuse_nul

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)
Chosen = Annotated[str | None, Query(
    max_length=64, description="a version of the product: its number (1, 2, ...) or its id")]


def _pair(p: ValuePair) -> dict[str, float | None]:
    return {"a": p.a, "b": p.b, "difference": p.difference, "relative_change": p.relative_change}


def results_out(r: ResultComparison) -> dict[str, Any]:
    return {"unit": {"a": r.unit[0], "b": r.unit[1]},
            "gwp_set": {"a": r.gwp_set[0], "b": r.gwp_set[1]},
            "total_co2e_kg": _pair(r.total),
            "by_stage": [{"stage": s.stage.value, "co2e_kg": _pair(s.co2e_kg)} for s in r.stages],
            "by_gas": [{"gas": g.gas, "category": g.category, "co2e_kg": _pair(g.co2e_kg),
                        "mass_kg": _pair(g.mass_kg)} for g in r.gases]}


def inputs_out(d: ModelDiff | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"identical": d.identical, **asdict(d)}


def _side(s: ComparedVersion) -> dict[str, Any]:
    v = s.version
    return {"id": v.id, "version": v.version, "format": v.format,
            "content_hash": v.content_hash, "created_at": v.created_at.isoformat(),
            "footprint_id": s.footprint.id if s.footprint else None,
            "calculated": s.footprint is not None,
            "problems": [e.as_dict() for e in s.problems]}


@router.get("/products/{product_id}/compare", response_model=dict[str, Any], tags=["models"])
def compare(product_id: str, user: CurrentUser, uow: ReadUow, a: Chosen = None,
            b: Chosen = None) -> dict[str, Any]:
    """两个模型版本对比 / Two model versions compared: ``a`` (before, by default the version
    before ``b``) and ``b`` (after, by default the latest). ``inputs``: settings, processes
    (their exchanges: amount and unit, factor, data source) and the model's factors added,
    removed or changed, matched by their ids (null when a version's model cannot be read
    today); ``results``: total, stages and gases of each version's latest footprint (null
    values: not calculated), difference b − a and relative change (b − a) / |a|; ``text``: the
    files' unified diff. A version of another product: 422 naming ``a`` or ``b``."""
    view = compare_versions(uow, user, product_id, a, b)
    return {"product_id": view.product.id, "a": _side(view.a), "b": _side(view.b),
            "inputs": inputs_out(view.inputs), "results": results_out(view.results),
            "text": [asdict(line) for line in view.text]}
