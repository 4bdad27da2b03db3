"""The regulator's pages of penalty records (signed in as a regulator's staff): the list with
the exports, a new record, a record with its 28 template fields and its next steps (edit a
draft, review with redactions by another person, publish after a confirmation, withdraw with a
reason, credit repair)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.supervision.penalties import (
    CLASS_NAMES,
    PARTY_KIND_NAMES,
    PUBLICITY_CLASS_NAMES,
    STATE_NAMES,
    TRANSITIONS,
    VIOLATION_NAMES,
    Penalty,
    PenaltyState,
    publicity_end,
)
from carbonlabel.domain.supervision.penalty_amounts import amount_text
from carbonlabel.domain.supervision.penalty_rows import cell
from carbonlabel.domain.supervision.penalty_template import BY_ATTR, BY_CODE, FIELDS, REDACTABLE
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.supervision import penalties
from carbonlabel.services.supervision.penalties import RedactionRequest
from carbonlabel.services.supervision.regulators import jurisdiction_of
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, render
from carbonlabel.web.supervision.penalty_forms import (
    PenaltyForm,
    from_penalty,
    posted,
    to_fields,
)

router = page_router()
HOME = "/supervision/penalties"
PER_PAGE = 50
Posted = Annotated[PenaltyForm, Depends(posted)]

WORDS: dict[str, Any] = {
    "penalty_states": STATE_NAMES, "party_kinds": PARTY_KIND_NAMES,
    "violations": VIOLATION_NAMES, "penalty_classes": CLASS_NAMES,
    "publicity_classes": PUBLICITY_CLASS_NAMES, "penalty_transitions": TRANSITIONS,
    "tf": BY_ATTR,
}
DONE: dict[str, str] = {
    "recorded": N_("The draft is recorded."), "edited": N_("The draft is saved."),
    "reviewed": N_("The record is reviewed."), "published": N_("The record is published."),
    "withdrawn": N_("The record is withdrawn."), "repaired": N_("The credit repair is recorded."),
}


def today() -> date:
    return datetime.now(UTC).date()


def show(request: Request, template: str, user: User | None, status: int = 200,
         **context: Any) -> Response:
    return render(request, f"supervision/{template}", status, user=user, done_words=DONE,
                  **WORDS, **context)


def shown_value(p: Penalty, code: str) -> str:
    """A field as the record page shows it; amounts in 万元 with yuan beside them."""
    value = cell(p, BY_CODE[code], personal=True)
    if isinstance(value, Decimal):
        yuan = value * 10000
        return f"{amount_text(value)} 万元 ({amount_text(yuan)} 元)"
    if isinstance(value, date):
        return value.isoformat()
    return value or ""


@router.get(HOME)
def list_penalties(request: Request, user: PageUser, uow: ReadUow, state: str = "",
                   page: int = 1) -> Response:
    chosen = PenaltyState(state) if state in set(PenaltyState) else None
    page = max(1, min(page, 100_000))
    found = penalties.penalties_page(uow, user, (page - 1) * PER_PAGE, PER_PAGE, chosen)
    return show(request, "penalties.html", user, found=found, state=chosen, page=page,
                last=max(1, -(-found.total // PER_PAGE)))


def _form_page(request: Request, user: User, form: PenaltyForm, penalty_id: str = "",
               status: int = 200, error: str | None = None) -> Response:
    return show(request, "penalty_form.html", user, status, form=form, penalty_id=penalty_id,
                error=error)


@router.get(f"{HOME}/new")
def new_form(request: Request, user: PageUser, uow: ReadUow) -> Response:
    jurisdiction = jurisdiction_of(uow, user)
    region = jurisdiction.code if jurisdiction.code != "CN" else ""
    return _form_page(request, user, PenaltyForm({"party_region": region}))


@router.post(HOME, dependencies=[CsrfChecked])
def record(request: Request, user: PageUser, uow: WriteUow, form: Posted) -> Response:
    with shown_again_if_refused(lambda _uow, status, error: _form_page(
            request, user, form, "", status, error)):
        made = penalties.record(uow, user, to_fields(form))
    return RedirectResponse(f"{HOME}/{made.id}?done=recorded", status_code=303)


def _page(request: Request, uow: ReadUow | WriteUow, user: User, penalty_id: str,
          status: int = 200, error: str | None = None, done: str = "") -> Response:
    p = penalties.get_penalty(uow, user, penalty_id)
    rows = [(f, shown_value(p, f.code)) for f in FIELDS]
    people = penalties.people(uow, p)
    redactable = [(code, BY_CODE[code], str(p.value(BY_CODE[code].attr)))
                  for code in sorted(REDACTABLE) if p.value(BY_CODE[code].attr)]
    return show(request, "penalty.html", user, status, p=p, rows=rows, people=people,
                error=error, done=done if done in DONE else "", redactable=redactable,
                ours=p.regulator_id == user.organisation_id,
                allowed=TRANSITIONS[p.state])


@router.get(f"{HOME}/{{penalty_id}}")
def show_penalty(request: Request, penalty_id: str, user: PageUser, uow: ReadUow,
                 done: str = "") -> Response:
    return _page(request, uow, user, penalty_id[:36], done=done[:20])


def _again(request: Request, user: User, penalty_id: str) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _page(request, uow, user, penalty_id, status, error))


def _done(penalty_id: str, what: str) -> Response:
    return RedirectResponse(f"{HOME}/{penalty_id}?done={what}", status_code=303)


@router.get(f"{HOME}/{{penalty_id}}/edit")
def edit_form(request: Request, penalty_id: str, user: PageUser, uow: ReadUow) -> Response:
    p = penalties.get_penalty(uow, user, penalty_id[:36])
    return _form_page(request, user, from_penalty(p), p.id)


@router.post(f"{HOME}/{{penalty_id}}/edit", dependencies=[CsrfChecked])
def edit(request: Request, penalty_id: str, user: PageUser, uow: WriteUow,
         form: Posted) -> Response:
    penalty_id = penalty_id[:36]
    with shown_again_if_refused(lambda _uow, status, error: _form_page(
            request, user, form, penalty_id, status, error)):
        penalties.edit(uow, user, penalty_id, to_fields(form))
    return _done(penalty_id, "edited")


@router.post(f"{HOME}/{{penalty_id}}/review", dependencies=[CsrfChecked])
async def review(request: Request, penalty_id: str, user: PageUser, uow: WriteUow) -> Response:
    penalty_id = penalty_id[:36]
    form = await request.form()
    texts = {k: v for k, v in form.items() if isinstance(v, str)}
    with _again(request, user, penalty_id):
        current = penalties.get_penalty(uow, user, penalty_id)
        asked = tuple(
            RedactionRequest(code, texts[f"redact_{code}"][:4001],
                             texts.get(f"reason_{code}", "")[:2000])
            for code in sorted(REDACTABLE)
            if f"redact_{code}" in texts
            and texts[f"redact_{code}"].strip() != str(current.value(BY_CODE[code].attr)))
        penalties.review(uow, user, penalty_id, texts.get("confidentiality_checked") == "on",
                         asked)
    return _done(penalty_id, "reviewed")


@router.get(f"{HOME}/{{penalty_id}}/publish")
def confirm_publish(request: Request, penalty_id: str, user: PageUser,
                    uow: ReadUow) -> Response:
    """What publishing will show, and until when, before it is done."""
    p = penalties.get_penalty(uow, user, penalty_id[:36])
    start = today()
    return show(request, "penalty_publish.html", user, p=p, start=start,
                end=publicity_end(p.publicity_class, start, p.fields.restriction_end),
                summary=[(f, shown_value(p, f.code)) for f in FIELDS if f.summary])


@router.post(f"{HOME}/{{penalty_id}}/publish", dependencies=[CsrfChecked])
def publish(request: Request, penalty_id: str, user: PageUser, uow: WriteUow,
            confirmed: Annotated[str, Form()] = "") -> Response:
    penalty_id = penalty_id[:36]
    with _again(request, user, penalty_id):
        if confirmed != "yes":
            raise InputError(field="confirmed", **both(N_("Confirm the publication.")))
        penalties.publish(uow, user, penalty_id)
    return _done(penalty_id, "published")


@router.post(f"{HOME}/{{penalty_id}}/withdraw", dependencies=[CsrfChecked])
def withdraw(request: Request, penalty_id: str, user: PageUser, uow: WriteUow,
             reason: Annotated[str, Form()] = "") -> Response:
    penalty_id = penalty_id[:36]
    with _again(request, user, penalty_id):
        penalties.withdraw(uow, user, penalty_id, reason[:2001])
    return _done(penalty_id, "withdrawn")


@router.post(f"{HOME}/{{penalty_id}}/repair", dependencies=[CsrfChecked])
def repair(request: Request, penalty_id: str, user: PageUser, uow: WriteUow,
           note: Annotated[str, Form()] = "") -> Response:
    penalty_id = penalty_id[:36]
    with _again(request, user, penalty_id):
        penalties.repair(uow, user, penalty_id, note[:2001])
    return _done(penalty_id, "repaired")
