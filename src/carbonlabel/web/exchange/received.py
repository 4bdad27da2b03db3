"""Received supplier footprints: the list with the import of a PACT file a supplier sent, and
one footprint's page (company, product, the PCF as sent per its declared unit — "714.3 kg CO2e
per 1000 kilogram" — and per one unit as a model uses it, primary-data share,
verification, validity, and which of our model inputs take it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from carbonlabel.domain.pact.declared import declared_text
from carbonlabel.domain.pact.model import last_day
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import FieldError
from carbonlabel.services.exchange import overview, supplier_requests
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.exchange.view import (
    RECEIVED,
    file_text,
    now,
    show,
    shown_again_with_fields,
)
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router

router = page_router()


def _list_page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
               error: str | None = None, errors: tuple[FieldError, ...] = (),
               imported: int | None = None) -> Response:
    return show(request, "received.html", user, status,
                rows=overview.received_list(uow, user), error=error, errors=errors,
                imported=imported)


@router.get(RECEIVED)
def list_received(request: Request, user: PageUser, uow: ReadUow,
                  imported: int | None = None) -> Response:
    return _list_page(request, uow, user, imported=imported)


@router.post(RECEIVED + "/import", dependencies=[CsrfChecked])
async def import_file(request: Request, user: PageUser, uow: WriteUow,
                      file: Annotated[UploadFile | None, File()] = None) -> Response:
    with shown_again_with_fields(lambda again, status, error, errors: _list_page(
            request, again, user, status, error, errors)):
        content = await file_text(file, "")
        taken = supplier_requests.import_footprints(uow, user, content, now())
    return RedirectResponse(f"{RECEIVED}?imported={len(taken)}", status_code=303)


@router.get(RECEIVED + "/{pf_id}")
def show_received(request: Request, pf_id: str, user: PageUser, uow: ReadUow) -> Response:
    view = overview.received_view(uow, user, pf_id)
    fp = view.row.footprint
    return show(request, "received_one.html", user, view=view,
                declared=declared_text(fp.pcf) if fp else None,
                period_last_day=last_day(fp.pcf.reference_period_end) if fp else None)
