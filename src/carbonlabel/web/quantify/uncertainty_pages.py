"""The uncertainty pages: the button of the footprint page that starts a Monte Carlo run of
the footprint's model version (a background job followed on the job page), and the
sensitivity page of a model version (method choices side by side, the tornado of the main
inputs and the model's scenarios, computed in the request as the API does)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.sensitivity import VariantGroup
from carbonlabel.errors import InputError
from carbonlabel.services.quantify import catalog, montecarlo_jobs
from carbonlabel.services.quantify.sensitivity import SensitivityOptions, analyse_version
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.rendering import N_, both, render
from carbonlabel.web.quantify.uncertainty_charts import tornado, variant_chart

router = page_router()
DEFAULT_ITERATIONS = 1000
METHOD_GROUPS = (VariantGroup.ALLOCATION, VariantGroup.GWP, VariantGroup.CUT_OFF,
                 VariantGroup.ELECTRICITY)

GROUPS = {VariantGroup.ALLOCATION: N_("Allocation"), VariantGroup.GWP: N_("GWP set"),
          VariantGroup.CUT_OFF: N_("Cut-off"), VariantGroup.ELECTRICITY: N_("Electricity factor"),
          VariantGroup.SCENARIO: N_("Scenario")}


def _whole_number(value: str, field: str, default: int | None) -> int | None:
    text = value.strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise InputError(field=field, **both(N_("Give a whole number."))) from None


@router.post("/models/{model_version_id}/montecarlo", dependencies=[CsrfChecked])
def start_monte_carlo(request: Request, model_version_id: str, user: PageUser, uow: WriteUow,
                      iterations: Annotated[str, Form()] = "",
                      seed: Annotated[str, Form()] = "") -> Response:
    count = _whole_number(iterations, "iterations", DEFAULT_ITERATIONS)
    job = montecarlo_jobs.start_montecarlo_job(uow, user, model_version_id,
                                               count or DEFAULT_ITERATIONS,
                                               _whole_number(seed, "seed", None))  # committed
    request.app.state.runner.submit(job.id)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/models/{model_version_id}/sensitivity")
def show_sensitivity(request: Request, model_version_id: str, user: PageUser,
                     uow: ReadUow) -> Response:
    settings = request.app.state.settings
    version = catalog.get_version(uow, user, model_version_id)
    product = catalog.get_product(uow, user, version.product_id)
    report = analyse_version(uow, user, model_version_id, settings.data_dir,
                             settings.databases_dir, "AR6", SensitivityOptions())
    methods = tuple(v for v in report.variants if v.group in METHOD_GROUPS)
    scenarios = report.group(VariantGroup.SCENARIO)
    return render(request, "sensitivity.html", user=user, model_version=version,
                  product=product,
                  report=report, groups=GROUPS, methods=methods, scenarios=scenarios,
                  method_chart=variant_chart(methods, report.base_total),
                  scenario_chart=variant_chart(scenarios, report.base_total),
                  tornado=tornado(report.tornado, report.base_total))
