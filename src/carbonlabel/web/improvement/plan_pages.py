"""Pages of improvement plans: a product's plans with the form of a new one, and a plan
tracked against the product's later footprint versions (each reduction restated on that
footprint's factors; progress on track, behind or reached)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.improvement.plans import PROGRESS_NAMES, STAGES, Measure
from carbonlabel.domain.improvement.restatement import CHANGE_NAMES
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.improvement import plans
from carbonlabel.services.quantify.catalog import get_product
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, render

router = page_router()
WORDS: dict[str, Any] = {"progress_names": PROGRESS_NAMES, "change_names": CHANGE_NAMES,
                         "stages": STAGES}


def today() -> date:
    return datetime.now(UTC).date()


def _list(request: Request, uow: UnitOfWork, user: User, product_id: str, status: int = 200,
          error: str | None = None, chosen: dict[str, str] | None = None) -> Response:
    product = get_product(uow, user, product_id)
    footprints = uow.footprints.page(user.organisation_id, 0, 100, product.id).items
    return render(request, "improvement_plans.html", status, user=user, product=product,
                  plans=plans.plans_of_product(uow, user, product.id), footprints=footprints,
                  error=error, chosen=chosen or {}, **WORDS)


@router.get("/products/{product_id}/improvement")
def plan_list(request: Request, product_id: str, user: PageUser, uow: ReadUow) -> Response:
    return _list(request, uow, user, product_id[:36])


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Give the date as YYYY-MM-DD."))) from exc


def _percent(value: str, field: str) -> float:
    try:
        return float(value.strip().rstrip("%")) / 100
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Give the share in per cent."))) from exc


def measures_of(text: str) -> tuple[Measure, ...]:
    """One measure a line: ``stage | expected % | what is done`` (the stage and the share
    may be left out: production, 0 %)."""
    found = []
    for k, line in enumerate(t for t in text.splitlines() if t.strip()):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 3:
            stage, share, what = parts[0], parts[1], "|".join(parts[2:]).strip()
        else:
            stage, share, what = "production", "0", line.strip()
        found.append(Measure(what, stage, _percent(share or "0", f"measures[{k}].expected_share")))
    return tuple(found)


@router.post("/products/{product_id}/improvement", dependencies=[CsrfChecked])
def create(request: Request, product_id: str, user: PageUser, uow: WriteUow,
           title: Annotated[str, Form()] = "", baseline_footprint_id: Annotated[str, Form()] = "",
           target_percent: Annotated[str, Form()] = "", starts_on: Annotated[str, Form()] = "",
           target_on: Annotated[str, Form()] = "",
           measures: Annotated[str, Form()] = "") -> Response:
    product_id = product_id[:36]
    chosen = {"title": title[:200], "baseline_footprint_id": baseline_footprint_id[:36],
              "target_percent": target_percent[:20], "starts_on": starts_on[:20],
              "target_on": target_on[:20], "measures": measures[:20000]}
    with shown_again_if_refused(lambda again, status, error: _list(
            request, again, user, product_id, status, error, chosen)):
        plan = plans.create_plan(uow, user, product_id, plans.PlanData(
            title[:201], baseline_footprint_id[:36].strip(),
            _percent(target_percent[:20], "target_share"), _day(starts_on[:20], "starts_on"),
            _day(target_on[:20], "target_on"), measures_of(measures[:20000])))
    return RedirectResponse(f"/improvement-plans/{plan.id}", status_code=303)


@router.get("/improvement-plans/{plan_id}")
def plan_page(request: Request, plan_id: str, user: PageUser, uow: ReadUow,
              on: str = "") -> Response:
    settings = request.app.state.settings
    day = _day(on[:20], "on") if on.strip() else today()
    view = plans.plan_view(uow, user, plan_id[:36], day, base=settings.data_dir,
                           store_dir=settings.databases_dir)
    return render(request, "improvement_plan.html", 200, user=user, view=view, **WORDS)
