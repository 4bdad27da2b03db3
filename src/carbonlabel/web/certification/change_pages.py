"""Pages of changes affecting certification: on a certificate's page, the holder asks for a
change (a re-issue with the new model's footprint, an extension or reduction of the scope);
the body's auditor takes it for evaluation and records it, a decision maker who did not
evaluate it decides. A refused form shows the certificate's page again with the reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification.changes import ChangeAction, ChangeKind
from carbonlabel.errors import InputError
from carbonlabel.services.certification import changes
from carbonlabel.web.certification.certificates import (
    PageCertificate,
)
from carbonlabel.web.certification.certificates import (
    _shown_again_if_refused as shown_again,
)
from carbonlabel.web.certification.view import HOME
from carbonlabel.web.deps import WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.rendering import N_, both

router = page_router()
BASE = f"{HOME}/certificates/{{certificate_id}}/changes"


def _back(certificate_id: str) -> Response:
    return RedirectResponse(f"{HOME}/certificates/{certificate_id}?done=change#changes",
                            status_code=303)


def _kind(value: str) -> ChangeKind:
    try:
        return ChangeKind(value)
    except ValueError as exc:
        raise InputError(field="kind", **both(N_("Choose the kind of change."))) from exc


def _decision(value: str) -> ChangeAction:
    if value not in (ChangeAction.APPROVE.value, ChangeAction.REJECT.value):
        raise InputError(field="action", **both(N_("Choose approve or reject.")))
    return ChangeAction(value)


@router.post(BASE, dependencies=[CsrfChecked])
def request_change(request: Request, certificate: PageCertificate, user: PageUser,
                   uow: WriteUow, kind: Annotated[str, Form()] = "",
                   description: Annotated[str, Form()] = "",
                   footprint_id: Annotated[str, Form()] = "",
                   scope: Annotated[str, Form()] = "") -> Response:
    with shown_again(request, user, certificate.id):
        changes.request_change(uow, user, certificate.id, changes.ChangeRequest(
            _kind(kind), description[:4000], footprint_id.strip() or None,
            scope[:4000] or None))
    return _back(certificate.id)


@router.post(f"{BASE}/{{change_id}}/start", dependencies=[CsrfChecked])
def start_evaluation(request: Request, certificate: PageCertificate, change_id: str,
                     user: PageUser, uow: WriteUow) -> Response:
    with shown_again(request, user, certificate.id):
        changes.start_evaluation(uow, user, change_id)
    return _back(certificate.id)


@router.post(f"{BASE}/{{change_id}}/evaluation", dependencies=[CsrfChecked])
def record_evaluation(request: Request, certificate: PageCertificate, change_id: str,
                      user: PageUser, uow: WriteUow,
                      notes: Annotated[str, Form()] = "") -> Response:
    settings = request.app.state.settings
    with shown_again(request, user, certificate.id):
        changes.record_evaluation(uow, user, change_id, notes[:4000], settings.data_dir,
                                  settings.databases_dir)
    return _back(certificate.id)


@router.post(f"{BASE}/{{change_id}}/decision", dependencies=[CsrfChecked])
def decide(request: Request, certificate: PageCertificate, change_id: str, user: PageUser,
           uow: WriteUow, action: Annotated[str, Form()] = "",
           reason: Annotated[str, Form()] = "") -> Response:
    with shown_again(request, user, certificate.id):
        changes.decide(uow, user, change_id, _decision(action), reason[:4000])
    return _back(certificate.id)
