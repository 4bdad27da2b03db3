"""Pages of green-finance evidence. A bank's users: the grants made to the bank (/evidence),
a grant's evidence page and the signed package to download (each opening logged for the
holder; refused and logged once revoked or expired). A holder: its grants (/evidence), a
grant's access log, and the grant form and revoke buttons on its certificate's page.
Words are in the "evidence" catalogue."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.certificate import STATUS_NAMES
from carbonlabel.domain.certification.engagement import ASSURANCE_NAMES
from carbonlabel.domain.evidence import (
    GRANT_STATE_NAMES,
    AccessWhat,
    Channel,
    envelope_dict,
)
from carbonlabel.domain.tenancy import OrgKind, User
from carbonlabel.errors import InputError
from carbonlabel.services.evidence import grants
from carbonlabel.services.evidence.package import open_package
from carbonlabel.web.certification.certificates import _certificate_page
from carbonlabel.web.certification.view import HOME
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, render
from carbonlabel.web.quantify.report import BOUNDARIES

router = page_router()
EVIDENCE = "/evidence"


def _now() -> datetime:
    return datetime.now(UTC)


def _keys(request: Request) -> LabelKeys:
    return LabelKeys(request.app.state.settings.label_keys_dir)


@router.get(EVIDENCE)
def list_grants(request: Request, user: PageUser, uow: ReadUow) -> Response:
    org = uow.organisations.get(user.organisation_id)
    return render(request, "evidence/grants.html", user=user,
                  rows=grants.rows_of(uow, user, _now().date()),
                  is_bank=bool(org and org.kind is OrgKind.BANK),
                  state_names=GRANT_STATE_NAMES)


@router.get(EVIDENCE + "/grants/{grant_id}")
def show_grant(request: Request, grant_id: str, user: PageUser, uow: WriteUow) -> Response:
    """The bank reads the evidence (logged); the holder reads the grant's access log."""
    found = uow.evidence.get(grant_id)
    if found is not None and found.holder_id == user.organisation_id:
        entries = grants.access_log(uow, user, grant_id)
        return render(request, "evidence/log.html", user=user,
                      row=grants.row(uow, found, _now().date()), entries=entries,
                      people=grants.people(uow, entries), state_names=GRANT_STATE_NAMES)
    opened = open_package(uow, user, grant_id, AccessWhat.PAGE, Channel.PAGE, _keys(request))
    return render(request, "evidence/package.html", user=user, row=opened.grant,
                  envelope=opened.envelope, p=opened.envelope.package,
                  state_names=GRANT_STATE_NAMES, boundaries=BOUNDARIES,
                  assurance_names={a.value: n for a, n in ASSURANCE_NAMES.items()},
                  status_names={c.value: n for c, n in STATUS_NAMES.items()})


@router.get(EVIDENCE + "/grants/{grant_id}/package.json")
def download(request: Request, grant_id: str, user: PageUser, uow: WriteUow) -> Response:
    """The signed package as a file (logged as a package access through the page)."""
    opened = open_package(uow, user, grant_id, AccessWhat.PACKAGE, Channel.PAGE,
                          _keys(request))
    number = opened.grant.certificate_number or "certificate"
    body = json.dumps(envelope_dict(opened.envelope), ensure_ascii=False, indent=2) + "\n"
    return Response(body.encode("utf-8"), media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="evidence-{number}.json"'})


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(field="expires_on",
                         **both(N_("Give the date as YYYY-MM-DD."))) from exc


def _back(certificate_id: str, done: str) -> Response:
    return RedirectResponse(f"{HOME}/certificates/{certificate_id}?done={done}#evidence",
                            status_code=303)


def _again(request: Request, user: User,
           certificate_id: str) -> AbstractContextManager[None]:
    """The certificate's page again with the reason if the change is refused."""
    return shown_again_if_refused(
        lambda uow, status, error: _certificate_page(request, uow, user, certificate_id,
                                                     status, error))


@router.post(EVIDENCE + "/certificates/{certificate_id}/grants", dependencies=[CsrfChecked])
def grant(request: Request, certificate_id: str, user: PageUser, uow: WriteUow,
          bank_organisation_id: Annotated[str, Form()] = "",
          purpose: Annotated[str, Form()] = "", reference: Annotated[str, Form()] = "",
          expires_on: Annotated[str, Form()] = "") -> Response:
    grants.held_certificate(uow, user, certificate_id)  # another's: not found
    with _again(request, user, certificate_id):
        grants.grant(uow, user, certificate_id, bank_organisation_id, purpose[:1000],
                     reference[:500], _day(expires_on), _now())
    return _back(certificate_id, "evidence-granted")


@router.post(EVIDENCE + "/grants/{grant_id}/revoke", dependencies=[CsrfChecked])
def revoke(request: Request, grant_id: str, user: PageUser, uow: WriteUow) -> Response:
    found = grants.holder_grant(uow, user, grant_id)  # another's: not found
    with _again(request, user, found.certificate_id):
        grants.revoke(uow, user, grant_id, _now())
    return _back(found.certificate_id, "evidence-revoked")
