"""The claims section of a certification case's page: the applicant asks for a "low-carbon"
or "reducing" claim before the decision, the body's decision maker grants or refuses each
once the certificate is granted. A refusal shows the case again with the reason."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.improvement.claims import ClaimKind
from carbonlabel.errors import InputError
from carbonlabel.services.improvement import claims
from carbonlabel.web.certification.cases import PageCase, _shown_again_if_refused
from carbonlabel.web.certification.view import HOME, today
from carbonlabel.web.deps import WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.rendering import N_, both

router = page_router()


def _share(value: str, field: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value.strip().rstrip("%")) / 100
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Give the share in per cent."))) from exc


def _date(value: str, field: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Give the date as YYYY-MM-DD."))) from exc


def _kind(value: str) -> ClaimKind:
    try:
        return ClaimKind(value)
    except ValueError as exc:
        raise InputError(field="kind", **both(N_("Choose the claim."))) from exc


@router.post(f"{HOME}/cases/{{case_id}}/claims", dependencies=[CsrfChecked])
def ask(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
        kind: Annotated[str, Form()] = "", baseline_footprint_id: Annotated[str, Form()] = "",
        target_percent: Annotated[str, Form()] = "",
        target_on: Annotated[str, Form()] = "") -> Response:
    with _shown_again_if_refused(request, user, case.id):
        claims.request_claim(uow, user, case.id, claims.ClaimRequest(
            _kind(kind[:20]), baseline_footprint_id[:36].strip() or None,
            _share(target_percent[:20], "target_share"), _date(target_on[:20], "target_on")),
            today())
    return RedirectResponse(f"{HOME}/cases/{case.id}?done=claim#claims", status_code=303)


@router.post(f"{HOME}/cases/{{case_id}}/claims/{{claim_id}}/decision",
             dependencies=[CsrfChecked])
def decide(request: Request, case: PageCase, claim_id: str, user: PageUser, uow: WriteUow,
           decision: Annotated[str, Form()] = "",
           reason: Annotated[str, Form()] = "") -> Response:
    settings = request.app.state.settings
    with _shown_again_if_refused(request, user, case.id):
        claims.decide_claim(uow, user, claim_id[:36], decision == "grant", reason[:2000],
                            today(), base=settings.data_dir, store_dir=settings.databases_dir)
    return RedirectResponse(f"{HOME}/cases/{case.id}?done=claim_decided#claims",
                            status_code=303)
