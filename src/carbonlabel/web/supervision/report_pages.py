"""The public's report of a suspected false label (公众举报; no sign-in): the form (the number
and the value seen on the package filled in from the verification or registry page; where
bought, a description, an optional photo and contact), and the thank-you page with the
reference. The form carries its CSRF token as every form does, and a field no person fills
(services/supervision/reports.py counts reports per address against floods)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Form, Request, Response, UploadFile

from carbonlabel.domain.geography import PROVINCES
from carbonlabel.domain.supervision.onpack import UNITS
from carbonlabel.domain.supervision.reports import MAX_PHOTO_BYTES
from carbonlabel.services.supervision import reports
from carbonlabel.web.deps import WriteUow
from carbonlabel.web.pages.common import CsrfChecked, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import render
from carbonlabel.web.sign_in_guard import client_address

router = page_router()
FORM = "/reports/new"


def _form(request: Request, status: int = 200, error: str | None = None,
          **values: str) -> Response:
    fields: dict[str, Any] = {"number": "", "value": "", "unit": UNITS[0], "region": "",
                              "description": "", "contact": ""}
    fields.update({k: v[:4000] for k, v in values.items() if k in fields})
    return render(request, "supervision/report_form.html", status, user=None, error=error,
                  units=UNITS, provinces=[(code, zh, en) for code, (zh, en, *_rest) in
                                          PROVINCES.items()], **fields)


@router.get(FORM)
def report_form(request: Request, code: str = "", value: str = "",
                unit: str = "") -> Response:
    return _form(request, number=code.strip()[:64], value=value.strip()[:20],
                 unit=unit if unit in UNITS else UNITS[0])


@router.post("/reports", dependencies=[CsrfChecked])
async def file_report(request: Request, uow: WriteUow, number: Annotated[str, Form()] = "",
                      value: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
                      region: Annotated[str, Form()] = "",
                      description: Annotated[str, Form()] = "",
                      contact: Annotated[str, Form()] = "",
                      website: Annotated[str, Form()] = "",
                      photo: Annotated[UploadFile | None, File()] = None) -> Response:
    picture = None
    if photo is not None and photo.filename:
        picture = reports.Photo(photo.filename, photo.content_type or "",
                                await photo.read(MAX_PHOTO_BYTES + 1))
    with shown_again_if_refused(lambda _uow, status, error: _form(
            request, status, error, number=number, value=value, unit=unit, region=region,
            description=description, contact=contact)):
        filed = reports.file_report(uow, reports.Submission(
            number[:200], description[:10_000], value[:50], unit[:30], region[:10],
            contact[:300], picture, website[:200]), client_address(request))
    return render(request, "supervision/report_filed.html", 201, user=None,
                  report=filed.report)
