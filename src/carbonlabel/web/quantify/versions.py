"""Saved model versions on the web: one version read-only (the text as written, with line
numbers, and a summary of what it models) and two versions of a product compared side by
side (inputs, results, and the files' text)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from carbonlabel.domain.tenancy import Action, allowed
from carbonlabel.services.quantify.versions import compare_versions, version_view
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import N_, render
from carbonlabel.web.quantify.report import BOUNDARIES, UNIT_KINDS

router = page_router()
Chosen = Annotated[str | None, Query(max_length=64)]

#: what a field of the comparison (domain/model_diff.py) is called on the page
FIELD_LABELS = {
    "product.name": N_("Product name"), "product.category": N_("Product category"),
    "product.product_rule": N_("Product rule (PCR)"),
    "declared_unit": N_("Declared or functional unit"),
    "boundary": N_("System boundary"), "geography": N_("Geography"),
    "period": N_("Reference period"), "cut_off.per_input": N_("Cut-off per input"),
    "cut_off.total": N_("Cut-off in total"), "end_of_life.approach": N_("End-of-life approach"),
    "databases": N_("Background databases"), "factor_sets": N_("Factor sets"),
    "exclusions": N_("Exclusions"), "biogenic_carbon_content": N_("Biogenic carbon content"),
    "fossil_carbon_content": N_("Fossil carbon content"), "product_mass": N_("Product mass"),
    "scenarios": N_("Scenarios"), "reference": N_("Takes (process, factor, dataset, supplier)"),
    "amount": N_("Amount and unit"), "source": N_("Data source"),
    "quality": N_("Data quality (DQR scores)"), "primary": N_("Primary data"),
    "year": N_("Year of the factor"), "conversion": N_("Unit conversion"),
    "transport_mode": N_("Transport mode"), "recycled_material": N_("Recycled material"),
    "allocation_value": N_("Allocation value"), "allocation_factor": N_("Allocation factor"),
    "substitutes": N_("Substitutes (avoided production)"), "name": N_("Name"),
    "stage": N_("Life-cycle stage"), "output": N_("Output"), "product": N_("Product output"),
    "allocation": N_("Allocation"), "unit": N_("Unit"), "gases": N_("Gases"),
    "gwp_set": N_("GWP set"),
}
KIND_LABELS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed"),
               "input": N_("input"), "emission": N_("emission or removal"),
               "co_product": N_("co-product")}


@router.get("/models/{model_version_id}")
def show_version(request: Request, model_version_id: str, user: PageUser,
                 uow: ReadUow) -> Response:
    view = version_view(uow, user, model_version_id)
    return render(request, "model_version.html", view=view, user=user,
                  can_calculate=allowed(user.role, Action.CALCULATE), unit_kinds=UNIT_KINDS,
                  boundaries=BOUNDARIES)


@router.get("/products/{product_id}/compare")
def compare(request: Request, product_id: str, user: PageUser, uow: ReadUow,
            a: Chosen = None, b: Chosen = None) -> Response:
    view = compare_versions(uow, user, product_id, a, b)
    return render(request, "compare.html", view=view, user=user, labels=FIELD_LABELS,
                  kinds=KIND_LABELS)
