"""Pages of certificates: the list (held or issued), and one certificate with its labels (issue
one; the QR page, SVG, PNG and PDF links), status history and actions, and surveillance."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import Annotated

from fastapi import Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.certification.certificate_content import MODE_NAMES
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import (
    changes,
    documents,
    labels,
    overview,
    surveillance,
)
from carbonlabel.services.evidence import grants as evidence_grants
from carbonlabel.web.certification.confirm import check_confirmed
from carbonlabel.web.certification.view import HOME, show, today
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.hosts import public_base
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both

router = page_router()
PER_PAGE = 50


def page_certificate(certificate_id: str, user: PageUser, uow: ReadUow) -> Certificate:
    """The certificate of the path, if the reader's organisation holds or issued it."""
    return labels.get_certificate(uow, user, certificate_id)


PageCertificate = Annotated[Certificate, Depends(page_certificate)]


@router.get(f"{HOME}/certificates")
def list_certificates(request: Request, user: PageUser, uow: ReadUow) -> Response:
    page = overview.list_certificates(uow, user, 0, PER_PAGE, today())
    return show(request, "certificates.html", user, page=page)


def _certificate_page(request: Request, uow: ReadUow | WriteUow, user: User,
                      certificate_id: str, status: int = 200, error: str | None = None,
                      done: str = "") -> Response:
    view = overview.certificate_view(uow, user, certificate_id, today())
    content = documents.certificate_content(uow, view.certificate)  # what the PDF states
    return show(request, "certificate.html", user, status, view=view, error=error, done=done,
                base=public_base(request), today=view.today.isoformat(), content=content,
                mode_names=MODE_NAMES,
                changes=changes.page_view(uow, user, certificate_id),
                evidence=evidence_grants.certificate_section(uow, user, certificate_id,
                                                             view.today),
                claims=uow.claims.of_certificate(view.certificate.id))


@router.get(f"{HOME}/certificates/{{certificate_id}}")
def show_certificate(request: Request, certificate: PageCertificate, user: PageUser,
                     uow: ReadUow, done: str = "") -> Response:
    return _certificate_page(request, uow, user, certificate.id, done=done[:40])


def _shown_again_if_refused(request: Request, user: User,
                            certificate_id: str) -> AbstractContextManager[None]:
    """The certificate's page again with the reason if the change is refused (a rule, a role,
    bad input); "not found" is a 404 page."""
    return shown_again_if_refused(
        lambda uow, status, error: _certificate_page(request, uow, user, certificate_id,
                                                     status, error))


@router.post(f"{HOME}/certificates/{{certificate_id}}/labels", dependencies=[CsrfChecked])
def issue_label(request: Request, certificate: PageCertificate, user: PageUser,
                uow: WriteUow, print_run: Annotated[str, Form()] = "",
                printed_quantity: Annotated[str, Form()] = "",
                sales_regions: Annotated[str, Form()] = "") -> Response:
    keys = LabelKeys(request.app.state.settings.label_keys_dir)
    with _shown_again_if_refused(request, user, certificate.id):
        run = None
        if print_run.strip():
            quantity = printed_quantity.strip()
            if quantity and not quantity.isdigit():
                raise InputError(field="printed_quantity",
                                 **both(N_("The printed quantity is a whole number from 1.")))
            run = labels.print_run(print_run, int(quantity) if quantity else None,
                                   sales_regions[:500].replace("，", ",").split(","))
        labels.issue_label(uow, user, certificate.id, keys, run=run)
    return RedirectResponse(f"{HOME}/certificates/{certificate.id}?done=label#labels",
                            status_code=303)


def _status_action(value: str) -> CertificateAction:
    try:
        return CertificateAction(value)
    except ValueError as exc:
        raise InputError(field="action", **both(N_("Choose what to do."))) from exc


@router.post(f"{HOME}/certificates/{{certificate_id}}/status", dependencies=[CsrfChecked])
def change_status(request: Request, certificate: PageCertificate, user: PageUser,
                  uow: WriteUow, action: Annotated[str, Form()] = "",
                  reason: Annotated[str, Form()] = "",
                  evidence: Annotated[str, Form()] = "",
                  confirm: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user, certificate.id):
        if not reason.strip():
            raise InputError(field="reason", **both(N_("Give the reason for the change.")))
        check_confirmed(action, confirm)
        labels.change_certificate_status(uow, user, certificate.id, _status_action(action),
                                         reason[:4000], evidence[:4000])
    return RedirectResponse(f"{HOME}/certificates/{certificate.id}?done=status#status",
                            status_code=303)


def _check_result(value: str) -> surveillance.CheckResult:
    try:
        return surveillance.CheckResult(value)
    except ValueError as exc:
        raise InputError(field="result", **both(N_("Choose the result of the check."))) from exc


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value) if value.strip() else today()
    except ValueError as exc:
        raise InputError(field="done_on", **both(N_("Give the date of the check."))) from exc


@router.post(f"{HOME}/certificates/{{certificate_id}}/surveillance/{{check_id}}",
             dependencies=[CsrfChecked])
def record_check(request: Request, certificate: PageCertificate, check_id: str,
                 user: PageUser, uow: WriteUow, result: Annotated[str, Form()] = "",
                 notes: Annotated[str, Form()] = "",
                 done_on: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user, certificate.id):
        surveillance.record_check(uow, user, certificate.id, check_id, _check_result(result),
                                  notes[:4000], _day(done_on))
    return RedirectResponse(f"{HOME}/certificates/{certificate.id}?done=check#surveillance",
                            status_code=303)


@router.post(f"{HOME}/certificates/{{certificate_id}}/findings/{{nonconformity_id}}/close",
             dependencies=[CsrfChecked])
def close_finding(request: Request, certificate: PageCertificate, nonconformity_id: str,
                  user: PageUser, uow: WriteUow,
                  note: Annotated[str, Form()] = "") -> Response:
    """The body closes a surveillance nonconformity, saying what it verified."""
    with _shown_again_if_refused(request, user, certificate.id):
        surveillance.close_nonconformity(uow, user, certificate.id, nonconformity_id,
                                         note[:4000])
    return RedirectResponse(f"{HOME}/certificates/{certificate.id}?done=finding#findings",
                            status_code=303)
