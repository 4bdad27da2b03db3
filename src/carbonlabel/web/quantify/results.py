"""The job progress page (it follows the job through the JSON API and opens the footprint when
the job is done) and the footprint report page."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request, Response

from carbonlabel.services.quantify.dashboard import footprint_overview, job_overview
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import render
from carbonlabel.web.quantify.report import build_report

router = page_router()


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
                  report=build_report(view.record.result_json))
