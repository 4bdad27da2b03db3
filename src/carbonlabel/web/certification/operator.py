"""The platform operator's page: every certification body with its CNCA approval, CNAS
accreditation (number, validity), scope (pilot catalogue), body code and status, and a form
to record or change them. Only the operator's admin may record (the service says so)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.certification.bodies import BODY_STATUS_NAMES, BodyStatus
from carbonlabel.domain.tenancy import OrgKind, User
from carbonlabel.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from carbonlabel.services.certification import bodies
from carbonlabel.web.certification.view import HOME, show
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both

router = page_router()
OPERATOR = f"{HOME}/operator"
REFUSED = (InputError, PermissionDeniedError, WorkflowError, ConflictError)


def _operator_only(uow: ReadUow | WriteUow, user: User) -> None:
    """Another organisation finds no such page (404)."""
    org = uow.organisations.get(user.organisation_id)
    if org is None or org.kind is not OrgKind.OPERATOR:
        raise NotFoundError(field="page", message_en="this page is the platform operator's",
                            message_zh="此页面仅供平台运营方使用")


def _page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
          error: str | None = None, done: str = "") -> Response:
    _operator_only(uow, user)
    found = [(o, uow.approvals.get(o.id)) for o in uow.organisations.list_all()
             if o.kind is OrgKind.CERTIFICATION_BODY]
    return show(request, "operator.html", user, status, bodies=found, error=error, done=done,
                entries=[str(e.code) for e in catalogue.ENTRIES],
                statuses=BODY_STATUS_NAMES)


@router.get(OPERATOR)
def operator_page(request: Request, user: PageUser, uow: ReadUow, done: str = "") -> Response:
    return _page(request, uow, user, done=done[:40])


def _shown_again(request: Request, user: User) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _page(request, uow, user, status, error), refused=REFUSED)


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Give the date as YYYY-MM-DD."))) from exc


def _number(value: str) -> int:
    if not value.strip().isdigit():
        raise InputError(field="body_code",
                         **both(N_("The body code is a number from 1 to 999.")))
    return int(value)


@router.post(f"{OPERATOR}/bodies/{{body_id}}", dependencies=[CsrfChecked])
def record(request: Request, body_id: str, user: PageUser, uow: WriteUow,
           body_code: Annotated[str, Form(max_length=5)] = "",
           approval_number: Annotated[str, Form(max_length=60)] = "",
           accreditation_number: Annotated[str, Form(max_length=60)] = "",
           accredited_from: Annotated[str, Form(max_length=10)] = "",
           accredited_to: Annotated[str, Form(max_length=10)] = "",
           scope: Annotated[list[str] | None, Form()] = None,
           status: Annotated[str, Form(max_length=20)] = "approved") -> Response:
    _operator_only(uow, user)
    with _shown_again(request, user):
        if status not in {s.value for s in BodyStatus}:
            raise InputError(field="status", **both(N_("Choose a status.")))
        bodies.record_approval(uow, user, body_id[:36], bodies.ApprovalData(
            _number(body_code), approval_number, accreditation_number,
            _day(accredited_from, "accredited_from"), _day(accredited_to, "accredited_to"),
            tuple(s[:3] for s in scope or ())[:17], BodyStatus(status)))
    return RedirectResponse(f"{OPERATOR}?done=recorded#body-{body_id[:36]}", status_code=303)
