"""The job progress page (it follows the job through the JSON API and opens the footprint when
the job is done) and the footprint report page."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request, Response

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.tenancy import Action, allowed
from carbonlabel.services.certification.product_status import may_apply, product_certification
from carbonlabel.services.quantify.dashboard import (
    FootprintOverview,
    footprint_overview,
    job_overview,
)
from carbonlabel.services.quantify.product_rules import footprint_conformance
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import render
from carbonlabel.web.quantify.report import build_report
from carbonlabel.web.quantify.result_tables import TITLES
from carbonlabel.web.quantify.uncertainty_charts import Histogram, histogram

router = page_router()
#: the downloads card's CSV links: (file stem, title msgid), in the workbook's order
DOWNLOAD_TABLES = tuple((table.value, title) for table, title in TITLES.items())


def _job_errors(error: str | None) -> list[dict[str, Any]]:
    if not error:
        return []
    body = json.loads(error)
    errors: list[dict[str, Any]] = body.get("errors") or [body]
    return errors


@router.get("/jobs/{job_id}")
def show_job(request: Request, job_id: str, user: PageUser, uow: ReadUow) -> Response:
    view = job_overview(uow, user, job_id)
    return render(request, "job.html", view=view, user=user,
                  errors=_job_errors(view.job.error))


@router.get("/footprints/{footprint_id}")
def show_footprint(request: Request, footprint_id: str, user: PageUser,
                   uow: ReadUow) -> Response:
    view = footprint_overview(uow, user, footprint_id)
    return render(request, "footprint.html", view=view, user=user,
                  download_tables=DOWNLOAD_TABLES,
                  certification=product_certification(uow, user, view.product.id, _today()),
                  can_apply=may_apply(uow, user),
                  **report_context(uow, view, allowed(user.role, Action.CALCULATE)))


def _today() -> date:
    return datetime.now(UTC).date()


def report_context(uow: UnitOfWork, view: FootprintOverview,
                   can_calculate: bool) -> dict[str, Any]:
    """What footprint.html shows besides the records: the report, the Monte Carlo run and its
    histogram, the rule conformance against the recorded release (docs/web.md)."""
    report = build_report(view.record.result_json)
    mc = report.result.get("uncertainty")
    return {"report": report, "mc": mc, "histogram": _histogram(mc),
            "can_calculate": can_calculate,
            "conformance": footprint_conformance(uow, view.record, view.version)}


def _histogram(mc: dict[str, Any] | None) -> Histogram | None:
    """The Monte Carlo histogram of the total, if the footprint carries a run."""
    if not mc:
        return None
    total = mc["total"]
    return histogram(total["histogram"]["edges"], total["histogram"]["counts"],
                     total["p2_5"], total["p97_5"], total["mean"])
