"""The data-sharing page: the organisation's footprints with their footprint and inventory
classification (admins change them), export approvals (admins and decision makers add and
revoke them) and inventory grants (admins). A refused form shows the page again with the
reason; another organisation's record is "not found" as everywhere."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.exchange.sharing import (
    CLASSIFICATION_NAMES,
    Classification,
    DataKind,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.sharing import policy
from carbonlabel.services.sharing.overview import sharing_view
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, language, render
from carbonlabel.web.pages.text import pick

router = page_router()
SHARING = "/sharing"
DONE = {"classified": N_("The classification has been changed."),
        "approved": N_("The release has been approved."),
        "revoked": N_("The approval has been revoked."),
        "granted": N_("The inventory has been granted."),
        "ungranted": N_("The inventory grant has been revoked.")}


def _now() -> datetime:
    return datetime.now(UTC)


def _page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
          done: str | None = None, error: str | None = None) -> Response:
    lang = language(request)
    names = {c.value: pick(CLASSIFICATION_NAMES[c], lang) for c in Classification}
    return render(request, "sharing/sharing.html", status, user=user,
                  view=sharing_view(uow, user, _now()), names=names,
                  classifications=[c.value for c in Classification],
                  done=DONE.get(done or ""), error=error)


def _shown_again_if_refused(request: Request, user: User) -> AbstractContextManager[None]:
    """The page again with the reason if the change is refused (shown for bad input; a role
    that may not do it gets the error page)."""
    return shown_again_if_refused(
        lambda uow, status, error: _page(request, uow, user, status, error=error),
        refused=(InputError,))


def _back(done: str) -> Response:
    return RedirectResponse(f"{SHARING}?done={done}", status_code=303)


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(field="expires_on",
                         **both(N_("Give the date as YYYY-MM-DD."))) from exc


@router.get(SHARING)
def show(request: Request, user: PageUser, uow: ReadUow, done: str | None = None) -> Response:
    return _page(request, uow, user, done=done)


@router.post(SHARING + "/footprints/{footprint_id}/classification",
             dependencies=[CsrfChecked])
def classify(request: Request, footprint_id: str, user: PageUser, uow: WriteUow,
             kind: Annotated[str, Form()] = "",
             classification: Annotated[str, Form()] = "") -> Response:
    policy.own_footprint(uow, user.organisation_id, footprint_id)  # another's: not found
    with _shown_again_if_refused(request, user):
        if kind not in set(DataKind) or classification not in set(Classification):
            raise InputError(field="classification",
                             **both(N_("Choose a kind of data and a classification.")))
        policy.classify(uow, user, DataKind(kind), footprint_id,
                        Classification(classification), _now())
    return _back("classified")


@router.post(SHARING + "/approvals", dependencies=[CsrfChecked])
def approve(request: Request, user: PageUser, uow: WriteUow,
            partner_id: Annotated[str, Form()] = "", footprint_id: Annotated[str, Form()] = "",
            purpose: Annotated[str, Form()] = "", recipient: Annotated[str, Form()] = "",
            expires_on: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user):
        day = _day(expires_on)
        policy.approve_release(uow, user, partner_id=partner_id,
                               footprint_id=footprint_id or None, purpose=purpose,
                               recipient=recipient,
                               expires_at=policy.end_of_day(day) if day else None,
                               at=_now())
    return _back("approved")


@router.post(SHARING + "/approvals/{approval_id}/revoke", dependencies=[CsrfChecked])
def revoke_approval(request: Request, approval_id: str, user: PageUser,
                    uow: WriteUow) -> Response:
    with _shown_again_if_refused(request, user):
        policy.revoke_approval(uow, user, approval_id, _now())
    return _back("revoked")


@router.post(SHARING + "/grants", dependencies=[CsrfChecked])
def grant(request: Request, user: PageUser, uow: WriteUow,
          footprint_id: Annotated[str, Form()] = "", partner_id: Annotated[str, Form()] = "",
          grantee_organisation_id: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user):
        policy.grant_inventory(uow, user, footprint_id=footprint_id,
                               partner_id=partner_id.strip() or None,
                               grantee_organisation_id=grantee_organisation_id.strip() or None,
                               at=_now())
    return _back("granted")


@router.post(SHARING + "/grants/{grant_id}/revoke", dependencies=[CsrfChecked])
def revoke_grant(request: Request, grant_id: str, user: PageUser, uow: WriteUow) -> Response:
    with _shown_again_if_refused(request, user):
        policy.revoke_grant(uow, user, grant_id, _now())
    return _back("ungranted")
