"""What the applicant submitted with a case, opened from the case by either party: the model
version (read on a page, or downloaded as the file), the footprint's report page and its CFP
study report (PDF, Chinese or English). Another organisation gets "not found"."""

from __future__ import annotations

from typing import Literal

from fastapi import Request, Response

from carbonlabel.services.certification import workspace
from carbonlabel.web.certification.view import HOME, show
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import render
from carbonlabel.web.quantify.results import report_context

router = page_router()
MEDIA = {"yaml": "application/yaml", "json": "application/json"}


def _private(content: bytes, media_type: str, filename: str, download: bool) -> Response:
    disposition = "attachment" if download else "inline"
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'{disposition}; filename="{filename}"',
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


@router.get(f"{HOME}/cases/{{case_id}}/model")
def show_model(request: Request, case_id: str, user: PageUser, uow: ReadUow) -> Response:
    """The submitted model version, read only."""
    return show(request, "case_model.html", user, found=workspace.submitted(uow, user, case_id))


@router.get(f"{HOME}/cases/{{case_id}}/footprint")
def show_footprint(request: Request, case_id: str, user: PageUser, uow: ReadUow) -> Response:
    """The footprint report page of the footprint the case was applied with."""
    view = workspace.footprint_report(uow, user, case_id)
    return render(request, "certification/case_footprint.html", view=view, user=user,
                  case_id=case_id, **report_context(uow, view, can_calculate=False))


@router.get(f"{HOME}/cases/{{case_id}}/model/download")
def download_model(case_id: str, user: PageUser, uow: ReadUow) -> Response:
    found = workspace.submitted(uow, user, case_id)
    model = found.model
    return _private(model.content.encode("utf-8"),
                    f"{MEDIA.get(model.format, 'text/plain')}; charset=utf-8",
                    f"model-v{model.version}.{model.format}", download=True)


@router.get(f"{HOME}/cases/{{case_id}}/study-report.pdf")
def study_report(case_id: str, user: PageUser, uow: ReadUow,
                 lang: Literal["zh", "en"] = "zh") -> Response:
    """The CFP study report (footprint report) of the footprint the case was applied with."""
    document = workspace.study_report(uow, user, case_id, lang)
    return _private(document.content, document.media_type, document.filename, download=True)
