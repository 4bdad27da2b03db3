"""The organisation's identity page: unified social credit code and registered address,
production sites (the admin keeps them), and the certification agreement in force (the
applicant's admin or analyst accepts it)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.tenancy import User
from carbonlabel.errors import ConflictError, InputError, PermissionDeniedError
from carbonlabel.services.accounts import identity
from carbonlabel.services.certification import agreement
from carbonlabel.web.certification.view import HOME, show
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused

router = page_router()
ORGANISATION = f"{HOME}/organisation"
REFUSED = (InputError, PermissionDeniedError, ConflictError)


def _page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
          error: str | None = None, done: str = "") -> Response:
    org = uow.organisations.get(user.organisation_id)
    assert org is not None
    return show(request, "organisation.html", user, status, org=org,
                sites=uow.sites.of(org.id), agreement=agreement.in_force(uow),
                accepted=uow.agreements.acceptances(org.id), error=error, done=done)


@router.get(ORGANISATION)
def organisation_page(request: Request, user: PageUser, uow: ReadUow,
                      done: str = "") -> Response:
    return _page(request, uow, user, done=done[:40])


def _shown_again(request: Request, user: User) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _page(request, uow, user, status, error), refused=REFUSED)


@router.post(f"{ORGANISATION}/identity", dependencies=[CsrfChecked])
def set_identity(request: Request, user: PageUser, uow: WriteUow,
                 credit_code: Annotated[str, Form(max_length=30)] = "",
                 registered_address: Annotated[str, Form(max_length=500)] = "") -> Response:
    with _shown_again(request, user):
        identity.set_identity(uow, user, credit_code, registered_address)
    return RedirectResponse(f"{ORGANISATION}?done=identity#identity", status_code=303)


@router.post(f"{ORGANISATION}/sites", dependencies=[CsrfChecked])
def add_site(request: Request, user: PageUser, uow: WriteUow,
             name: Annotated[str, Form(max_length=200)] = "",
             address: Annotated[str, Form(max_length=500)] = "",
             region: Annotated[str, Form(max_length=40)] = "") -> Response:
    with _shown_again(request, user):
        identity.add_site(uow, user, name, address, region)
    return RedirectResponse(f"{ORGANISATION}?done=site#sites", status_code=303)


@router.post(f"{ORGANISATION}/sites/{{site_id}}/remove", dependencies=[CsrfChecked])
def remove_site(request: Request, site_id: str, user: PageUser, uow: WriteUow) -> Response:
    with _shown_again(request, user):
        identity.remove_site(uow, user, site_id[:36])
    return RedirectResponse(f"{ORGANISATION}?done=site#sites", status_code=303)


@router.post(f"{ORGANISATION}/agreement", dependencies=[CsrfChecked])
def accept_agreement(request: Request, user: PageUser, uow: WriteUow,
                     version: Annotated[str, Form(max_length=9)] = "") -> Response:
    with _shown_again(request, user):
        agreement.accept(uow, user, int(version) if version.isdigit() else 0)
    return RedirectResponse(f"{ORGANISATION}?done=agreement#agreement", status_code=303)
