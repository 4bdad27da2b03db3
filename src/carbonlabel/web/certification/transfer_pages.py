"""Pages of certificate transfers (signed in): the holder asks for a transfer from its
certificate (``/certification/certificates/{id}/transfer``: the form and the certificate's
transfers); ``/certification/transfers`` lists the organisation's transfers — the holder's
requests (cancel), the accepting body's queue (the pre-transfer review with its checklist,
accept, decline with a reason) and, for the issuing body, those away from it (informed).
A refused form is shown again with the reason (a rule, a role, bad input)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated, Any

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification.bodies import BodyStatus
from carbonlabel.domain.certification.transfer import CHECK_NAMES, STATE_NAMES, TRANSITIONS
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError, PermissionDeniedError, WorkflowError
from carbonlabel.services.certification import bodies, labels, transfer
from carbonlabel.web.certification.view import HOME, show
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused

router = page_router()
LIST = f"{HOME}/transfers"
REFUSED = (InputError, PermissionDeniedError, WorkflowError)
WORDS: dict[str, Any] = {"transfer_states": STATE_NAMES, "check_names": CHECK_NAMES,
                         "transfer_transitions": TRANSITIONS}


def _names(uow: ReadUow | WriteUow, ids: set[str]) -> dict[str, str]:
    orgs = {i: uow.organisations.get(i) for i in ids}
    return {i: o.name for i, o in orgs.items() if o is not None}


def _list_page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
               error: str | None = None, done: str = "") -> Response:
    items = transfer.of_organisation(uow, user)
    names = _names(uow, {o for t in items for o in (t.holder_id, t.from_body_id,
                                                     t.to_body_id)})
    return show(request, "transfers.html", user, status, items=items, names=names,
                error=error, done=done, **WORDS)


@router.get(LIST)
def list_transfers(request: Request, user: PageUser, uow: ReadUow,
                   done: str = "") -> Response:
    return _list_page(request, uow, user, done=done[:40])


def _request_page(request: Request, uow: ReadUow | WriteUow, user: User, certificate_id: str,
                  status: int = 200, error: str | None = None, note: str = "") -> Response:
    certificate = labels.get_certificate(uow, user, certificate_id)
    candidates = [(b.organisation.id, b.organisation.name) for b in bodies.register(uow)
                  if b.approval.status is BodyStatus.APPROVED
                  and b.organisation.id != certificate.body_id]
    history = transfer.of_certificate(uow, user, certificate.id)
    names = _names(uow, {o for t in history for o in (t.from_body_id, t.to_body_id)})
    return show(request, "transfer_request.html", user, status, certificate=certificate,
                candidates=candidates, history=history, names=names, error=error, note=note,
                **WORDS)


@router.get(f"{HOME}/certificates/{{certificate_id}}/transfer")
def request_form(request: Request, certificate_id: str, user: PageUser,
                 uow: ReadUow) -> Response:
    return _request_page(request, uow, user, certificate_id[:36])


@router.post(f"{HOME}/certificates/{{certificate_id}}/transfer", dependencies=[CsrfChecked])
def request_transfer(request: Request, certificate_id: str, user: PageUser, uow: WriteUow,
                     to_body_id: Annotated[str, Form()] = "",
                     note: Annotated[str, Form()] = "") -> Response:
    certificate_id = certificate_id[:36]
    with shown_again_if_refused(lambda again, status, error: _request_page(
            request, again, user, certificate_id, status, error, note[:2000]), REFUSED):
        transfer.request_transfer(uow, user, certificate_id, to_body_id[:36], note[:2000])
    return RedirectResponse(f"{LIST}?done=requested", status_code=303)


def _again(request: Request, user: User) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _list_page(request, uow, user, status, error), REFUSED)


def _step_route(action: str) -> None:
    """``POST /certification/transfers/{id}/<action>``: one route per step."""

    @router.post(f"{LIST}/{{transfer_id}}/{action}", dependencies=[CsrfChecked])
    def step(request: Request, transfer_id: str, user: PageUser, uow: WriteUow,
             note: Annotated[str, Form()] = "") -> Response:
        transfer_id, text = transfer_id[:36], note[:2000]
        with _again(request, user):
            if action == "review":
                transfer.review(uow, user, transfer_id, text)
            elif action == "accept":
                transfer.accept(uow, user, transfer_id)
            elif action == "decline":
                transfer.decline(uow, user, transfer_id, text)
            else:
                transfer.cancel(uow, user, transfer_id, text)
        return RedirectResponse(f"{LIST}?done={action}#transfer-{transfer_id}",
                                status_code=303)


for _action in ("review", "accept", "decline", "cancel"):
    _step_route(_action)
