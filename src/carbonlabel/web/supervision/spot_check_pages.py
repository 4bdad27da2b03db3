"""Pages of certification-validity spot checks (认证有效性抽查): the regulator's campaigns, a
new campaign, a campaign's sample with why each certificate was drawn and its metrics, an
item's assignment and result form; and the certification body's required actions with the
disposal form. Refused forms are shown again with the reason (web/pages/refusals.py)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import Annotated, Any

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.supervision import spot_check_disposal, spot_checks
from carbonlabel.services.supervision.regulators import jurisdiction_of
from carbonlabel.web.certification.view import today
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, render

router = page_router()
HOME = "/supervision/spot-checks"
REQUIRED = f"{HOME}/required-actions"

CAMPAIGN_STATES: dict[str, str] = {
    sc.CampaignState.PLANNED: N_("planned"), sc.CampaignState.DRAWN: N_("sample drawn"),
    sc.CampaignState.CLOSED: N_("closed")}
ITEM_STATES: dict[str, str] = {
    sc.ItemState.SELECTED: N_("selected"), sc.ItemState.ASSIGNED: N_("assigned"),
    sc.ItemState.CONFORMING: N_("conforming"),
    sc.ItemState.AWAITING_DISPOSAL: N_("awaiting the body's disposal"),
    sc.ItemState.DISPOSED: N_("disposed")}
DRAWN_BY: dict[str, str] = {sc.DrawnBy.RISK: N_("by risk"), sc.DrawnBy.RANDOM: N_("at random"),
                            sc.DrawnBy.TARGETED: N_("targeted")}
WORDS: dict[str, Any] = {
    "campaign_states": CAMPAIGN_STATES, "item_states": ITEM_STATES, "drawn_by": DRAWN_BY,
    "outcome_names": sc.OUTCOME_NAMES, "place_names": sc.PLACE_NAMES,
    "disposal_names": sc.DISPOSAL_NAMES, "allowed_disposals": sc.ALLOWED_DISPOSALS,
    "rules": sc.RULES}


def _show(request: Request, template: str, user: User, status: int = 200,
          **context: Any) -> Response:
    return render(request, f"supervision/{template}", status, user=user, **WORDS, **context)


# -- the certification body's required actions (before the campaign routes: not an id) -----

def _required_page(request: Request, uow: ReadUow | WriteUow, user: User, status: int = 200,
                   error: str | None = None) -> Response:
    return _show(request, "spot_check_required.html", user, status,
                 items=spot_check_disposal.required_actions(uow, user), error=error)


@router.get(REQUIRED)
def required(request: Request, user: PageUser, uow: ReadUow) -> Response:
    return _required_page(request, uow, user)


@router.post(f"{REQUIRED}/{{item_id}}/disposal", dependencies=[CsrfChecked])
def dispose(request: Request, item_id: str, user: PageUser, uow: WriteUow,
            disposal: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "") -> Response:
    with shown_again_if_refused(lambda again, status, error: _required_page(
            request, again, user, status, error)):
        spot_check_disposal.dispose(uow, user, item_id[:36],
                                    _choice(disposal, sc.Disposal, "disposal"), note[:2001])
    return RedirectResponse(REQUIRED, status_code=303)


# -- the regulator's campaigns ---------------------------------------------------------------

@router.get(HOME)
def campaigns(request: Request, user: PageUser, uow: ReadUow, offset: int = 0) -> Response:
    page = spot_checks.campaigns_page(uow, user, max(0, min(offset, 1_000_000)), 50)
    return _show(request, "spot_checks.html", user, page=page)


def _new_form(request: Request, user: User, status: int = 200, error: str | None = None,
              values: dict[str, str] | None = None) -> Response:
    return _show(request, "spot_check_new.html", user, status, error=error,
                 values=values or {}, this_year=today().year)


@router.get(f"{HOME}/new")
def new_campaign(request: Request, user: PageUser, uow: ReadUow) -> Response:
    jurisdiction_of(uow, user)  # only regulators see the form
    return _new_form(request, user)


def _number(text: str, field: str, kind: type[int] | type[float]) -> Any:
    try:
        return kind(text.strip())
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Enter a number."))) from exc


def _lines(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.replace(",", "\n").splitlines() if x.strip())[:100]


@router.post(HOME, dependencies=[CsrfChecked])
def create(request: Request, user: PageUser, uow: WriteUow,
           year: Annotated[str, Form()] = "", round: Annotated[str, Form()] = "",
           title: Annotated[str, Form()] = "", legal_basis: Annotated[str, Form()] = "",
           categories: Annotated[str, Form()] = "", body_ids: Annotated[str, Form()] = "",
           size: Annotated[str, Form()] = "", seed: Annotated[str, Form()] = "",
           random_share: Annotated[str, Form()] = "0.2",
           alert_weight: Annotated[str, Form()] = "2") -> Response:
    values = {"year": year[:10], "round": round[:10], "title": title[:200],
              "legal_basis": legal_basis[:2000], "categories": categories[:4000],
              "body_ids": body_ids[:4000], "size": size[:10], "seed": seed[:20],
              "random_share": random_share[:10], "alert_weight": alert_weight[:10]}
    with shown_again_if_refused(lambda _uow, status, error: _new_form(
            request, user, status, error, values)):
        draft = sc.CampaignDraft(
            _number(year, "year", int), _number(round, "round", int), title[:201],
            legal_basis[:2001], _lines(categories), _lines(body_ids),
            sc.Selection(_number(size, "size", int), _number(seed, "seed", int),
                         _number(random_share, "random_share", float),
                         _number(alert_weight, "alert_weight", float)))
        campaign = spot_checks.create_campaign(uow, user, draft)
    return RedirectResponse(f"{HOME}/{campaign.id}", status_code=303)


def _campaign_page(request: Request, uow: ReadUow | WriteUow, user: User, campaign_id: str,
                   status: int = 200, error: str | None = None) -> Response:
    found = spot_checks.campaign_metrics(uow, user, campaign_id)
    return _show(request, "spot_check.html", user, status, campaign=found.campaign,
                 metrics=found.metrics, items=spot_checks.items(uow, user, campaign_id),
                 error=error)


@router.get(f"{HOME}/{{campaign_id}}")
def campaign(request: Request, campaign_id: str, user: PageUser, uow: ReadUow) -> Response:
    return _campaign_page(request, uow, user, campaign_id[:36])


@router.post(f"{HOME}/{{campaign_id}}/draw", dependencies=[CsrfChecked])
def draw(request: Request, campaign_id: str, user: PageUser, uow: WriteUow) -> Response:
    campaign_id = campaign_id[:36]
    with shown_again_if_refused(lambda again, status, error: _campaign_page(
            request, again, user, campaign_id, status, error)):
        spot_checks.draw(uow, user, campaign_id, today())
    return RedirectResponse(f"{HOME}/{campaign_id}#sample", status_code=303)


@router.post(f"{HOME}/{{campaign_id}}/items", dependencies=[CsrfChecked])
def add_certificate(request: Request, campaign_id: str, user: PageUser, uow: WriteUow,
                    certificate_number: Annotated[str, Form()] = "") -> Response:
    campaign_id = campaign_id[:36]
    with shown_again_if_refused(lambda again, status, error: _campaign_page(
            request, again, user, campaign_id, status, error)):
        item = spot_checks.add_certificate(uow, user, campaign_id, certificate_number[:64],
                                           today())
    return RedirectResponse(f"{HOME}/{campaign_id}/items/{item.id}", status_code=303)


# -- one item --------------------------------------------------------------------------------

def _item_page(request: Request, uow: ReadUow | WriteUow, user: User, campaign_id: str,
               item_id: str, status: int = 200, error: str | None = None) -> Response:
    found, item = spot_checks.get_item(uow, user, campaign_id, item_id)
    staff = [u for u in uow.users.page(user.organisation_id, 0, 200).items
             if u.active and u.role in spot_checks.ACTING_ROLES]
    return _show(request, "spot_check_item.html", user, status, campaign=found, item=item,
                 staff=staff, error=error, today=today())


def _again(request: Request, user: User, campaign_id: str,
           item_id: str) -> AbstractContextManager[None]:
    return shown_again_if_refused(lambda again, status, error: _item_page(
        request, again, user, campaign_id, item_id, status, error))


@router.get(f"{HOME}/{{campaign_id}}/items/{{item_id}}")
def item(request: Request, campaign_id: str, item_id: str, user: PageUser,
         uow: ReadUow) -> Response:
    return _item_page(request, uow, user, campaign_id[:36], item_id[:36])


@router.post(f"{HOME}/{{campaign_id}}/items/{{item_id}}/assign", dependencies=[CsrfChecked])
def assign(request: Request, campaign_id: str, item_id: str, user: PageUser, uow: WriteUow,
           inspector_id: Annotated[str, Form()] = "") -> Response:
    campaign_id, item_id = campaign_id[:36], item_id[:36]
    with _again(request, user, campaign_id, item_id):
        spot_checks.assign(uow, user, campaign_id, item_id, inspector_id[:36])
    return RedirectResponse(f"{HOME}/{campaign_id}/items/{item_id}", status_code=303)


def _choice(value: str, kind: type[Any], field: str) -> Any:
    try:
        return kind(value)
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Choose one of the options."))) from exc


def _check(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


@router.post(f"{HOME}/{{campaign_id}}/items/{{item_id}}/result", dependencies=[CsrfChecked])
def result(request: Request, campaign_id: str, item_id: str, user: PageUser, uow: WriteUow,
           outcome: Annotated[str, Form()] = "", place: Annotated[str, Form()] = "",
           sampled_on: Annotated[str, Form()] = "", findings: Annotated[str, Form()] = "",
           verified_value: Annotated[str, Form()] = "",
           label_conforms: Annotated[str, Form()] = "",
           data_quality_ok: Annotated[str, Form()] = "",
           metering_ok: Annotated[str, Form()] = "") -> Response:
    campaign_id, item_id = campaign_id[:36], item_id[:36]
    with _again(request, user, campaign_id, item_id):
        try:
            day = date.fromisoformat(sampled_on.strip())
        except ValueError as exc:
            raise InputError(field="sampled_on", **both(N_("Enter the date."))) from exc
        found = sc.Result(
            _choice(outcome, sc.Outcome, "outcome"), _choice(place, sc.Place, "place"), day,
            findings[:4001],
            verified_value=(_number(verified_value, "verified_value", float)
                            if verified_value.strip() else None),
            label_conforms=_check(label_conforms), data_quality_ok=_check(data_quality_ok),
            metering_ok=_check(metering_ok))
        spot_checks.record_result(uow, user, campaign_id, item_id, found)
    return RedirectResponse(f"{HOME}/{campaign_id}/items/{item_id}", status_code=303)
