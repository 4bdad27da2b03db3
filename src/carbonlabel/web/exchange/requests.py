"""Supplier request pages: the inbox (requests to us) and outbox (our requests) with the form
that asks a supplier, and one request's page with the steps its reader may take: answer with
one of our footprints or a PACT file, refuse, or withdraw."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from carbonlabel.domain.tenancy import User
from carbonlabel.errors import FieldError, InputError
from carbonlabel.services.exchange import overview, supplier_requests
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.exchange.view import (
    HOME,
    file_text,
    now,
    platform_url,
    show,
    shown_again_with_fields,
)
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both

router = page_router()


def _list_page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
               error: str | None = None, chosen: dict[str, str] | None = None) -> Response:
    return show(request, "requests.html", user, status,
                view=overview.requests_view(uow, user), error=error,
                chosen=chosen or {})


def _request_page(request: Request, uow: ReadUow | WriteUow, user: User, request_id: str,
                  status: int = 200, error: str | None = None,
                  errors: tuple[FieldError, ...] = (), done: str | None = None) -> Response:
    return show(request, "request.html", user, status,
                view=overview.request_view(uow, user, request_id), error=error,
                errors=errors, done=done)


@router.get(HOME)
def list_requests(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return _list_page(request, uow, user)


@router.post(HOME, dependencies=[CsrfChecked])
def ask(request: Request, user: PageUser, uow: WriteUow,
        supplier: Annotated[str, Form()] = "", product_name: Annotated[str, Form()] = "",
        product_ids: Annotated[str, Form()] = "", comment: Annotated[str, Form()] = "") -> Response:
    kind, _, target = supplier.partition(":")
    chosen = {"supplier": supplier, "product_name": product_name,
              "product_ids": product_ids, "comment": comment}
    with shown_again_if_refused(lambda again, status, error: _list_page(
            request, again, user, status, error, chosen)):
        if kind not in ("org", "partner") or not target:
            raise InputError(field="supplier", **both(N_("Choose whom to ask.")))
        req = supplier_requests.ask_supplier(
            uow, user, supplier_organisation_id=target if kind == "org" else None,
            partner_id=target if kind == "partner" else None, product_name=product_name,
            product_ids=product_ids.split(), comment=comment, at=now(),
            platform_url=platform_url(request))  # committed before the outbox is kicked
    outbox = getattr(request.app.state, "pact_outbox", None)
    if kind == "partner" and outbox is not None:
        outbox.kick()  # send the RequestCreated event now
    return RedirectResponse(f"{HOME}/{req.id}?done=asked", status_code=303)


@router.get(HOME + "/{request_id}")
def show_request(request: Request, request_id: str, user: PageUser, uow: ReadUow,
                 done: str | None = None) -> Response:
    return _request_page(request, uow, user, request_id, done=done)


def _shown_again_if_refused(request: Request, user: PageUser,
                            request_id: str) -> AbstractContextManager[None]:
    """The request's page again with the reason (and the fields of a refused PACT file) if
    the step is refused; a refused release is logged by the service before it raises."""
    return shown_again_with_fields(lambda again, status, error, errors: _request_page(
        request, again, user, request_id, status, error, errors))


@router.post(HOME + "/{request_id}/answer", dependencies=[CsrfChecked])
def answer(request: Request, request_id: str, user: PageUser, uow: WriteUow,
           footprint_id: Annotated[str, Form()] = "") -> Response:
    supplier_requests.get_request(uow, user, request_id)  # another's: not found
    with _shown_again_if_refused(request, user, request_id):
        supplier_requests.answer_with_footprint(uow, user, request_id, footprint_id, now(),
                                                platform_url=platform_url(request))
    return RedirectResponse(f"{HOME}/{request_id}?done=answered", status_code=303)


@router.post(HOME + "/{request_id}/upload", dependencies=[CsrfChecked])
async def upload(request: Request, request_id: str, user: PageUser, uow: WriteUow,
                 file: Annotated[UploadFile | None, File()] = None,
                 text: Annotated[str, Form()] = "") -> Response:
    supplier_requests.get_request(uow, user, request_id)  # another's: not found
    with _shown_again_if_refused(request, user, request_id):
        content = await file_text(file, text)
        supplier_requests.answer_with_upload(uow, user, request_id, content, now())
    return RedirectResponse(f"{HOME}/{request_id}?done=answered", status_code=303)


@router.post(HOME + "/{request_id}/reject", dependencies=[CsrfChecked])
def reject(request: Request, request_id: str, user: PageUser, uow: WriteUow,
           reason: Annotated[str, Form()] = "") -> Response:
    supplier_requests.get_request(uow, user, request_id)  # another's: not found
    with _shown_again_if_refused(request, user, request_id):
        supplier_requests.reject(uow, user, request_id, reason, now())
    return RedirectResponse(f"{HOME}/{request_id}?done=rejected", status_code=303)


@router.post(HOME + "/{request_id}/cancel", dependencies=[CsrfChecked])
def cancel(request: Request, request_id: str, user: PageUser, uow: WriteUow) -> Response:
    supplier_requests.get_request(uow, user, request_id)  # another's: not found
    with _shown_again_if_refused(request, user, request_id):
        supplier_requests.cancel(uow, user, request_id, now())
    return RedirectResponse(f"{HOME}/{request_id}?done=cancelled", status_code=303)
