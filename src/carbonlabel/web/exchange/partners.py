"""The partners page: an organisation's PACT partners; admins add one and issue the inbound
credentials, whose secret is shown once (only its hash is kept)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.tenancy import User
from carbonlabel.services.exchange import overview, partners
from carbonlabel.services.exchange.partners import SPEC_VERSIONS
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.exchange.view import PARTNERS, fresh_uow, show
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused

router = page_router()


def _page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
          **context: object) -> Response:
    return show(request, "partners.html", user, status,
                view=overview.partners_view(uow, user),
                versions=sorted(SPEC_VERSIONS, reverse=True), **context)


@router.get(PARTNERS)
def list_partners(request: Request, user: PageUser, uow: ReadUow,
                  added: str | None = None) -> Response:
    return _page(request, uow, user, added=added, error=None, chosen={}, credentials=None)


@router.post(PARTNERS, dependencies=[CsrfChecked])
def add_partner(request: Request, user: PageUser, uow: WriteUow,
                name: Annotated[str, Form()] = "", country: Annotated[str, Form()] = "",
                spec_version: Annotated[str, Form()] = "3.0.0",
                host_url: Annotated[str, Form()] = "", auth_url: Annotated[str, Form()] = "",
                outbound_client_id: Annotated[str, Form()] = "",
                outbound_client_secret: Annotated[str, Form()] = "") -> Response:
    chosen = {"name": name, "country": country, "spec_version": spec_version,
              "host_url": host_url, "auth_url": auth_url,
              "outbound_client_id": outbound_client_id}  # never the secret
    with shown_again_if_refused(lambda again, status, error: _page(
            request, again, user, status, added=None, error=error, chosen=chosen,
            credentials=None)):
        partner = partners.register_partner(
            uow, user, name=name, country=country, spec_version=spec_version,
            host_url=host_url.strip() or None, auth_url=auth_url.strip() or None,
            outbound_client_id=outbound_client_id, outbound_client_secret=outbound_client_secret,
            allow_http=request.app.state.settings.pact_allow_http,
            allow_private=request.app.state.settings.allow_private_outbound)
    return RedirectResponse(f"{PARTNERS}?added={partner.id}", status_code=303)


@router.post(PARTNERS + "/{partner_id}/credentials", dependencies=[CsrfChecked])
def issue_credentials(request: Request, partner_id: str, user: PageUser,
                      uow: WriteUow) -> Response:
    with shown_again_if_refused(lambda again, status, error: _page(
            request, again, user, status, added=None, error=error, chosen={},
            credentials=None)):
        client_id, secret = partners.issue_inbound_credentials(uow, user, partner_id)
    with fresh_uow(request) as again:  # the secret is in this response only
        return _page(request, again, user, added=None, error=None, chosen={},
                     credentials={"partner_id": partner_id, "client_id": client_id,
                                  "secret": secret})
