"""The verification engagement's page of a case (``/certification/cases/{id}/verification``):
the terms, the risk assessment and plan, the sample with its evidence, the independent review
and the opinion, each with the form of the step the reader may take now; links to the
verification report PDF. A refused form shows the page again with the reason.
"""

from __future__ import annotations

import math
from contextlib import AbstractContextManager
from enum import StrEnum
from typing import Annotated, TypeVar

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.certification.engagement import (
    ASSURANCE_NAMES,
    DEFAULT_CRITERIA,
    OPINION_NAMES,
    RISK_NAMES,
    Assurance,
    OpinionKind,
    Risk,
    RiskItem,
)
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import engagement as verification
from carbonlabel.web.certification.cases import PageCase
from carbonlabel.web.certification.view import HOME, show
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both

router = page_router()
PAGE = f"{HOME}/cases/{{case_id}}/verification"
RISK_ROWS = 4
E = TypeVar("E", bound=StrEnum)


def _page(request: Request, uow: ReadUow | WriteUow, user: User, case_id: str,
          status: int = 200, error: str | None = None, done: str = "") -> Response:
    view = verification.engagement_view(uow, user, case_id)
    case = view.case
    e = view.engagement
    ids = {*case.team, *(x.recorded_by or "" for x in view.lines),
           *(x.recorded_by for x in (e.later_facts if e else ())),
           (e.approved_by or "") if e else "", e.review.reviewer_id if e and e.review else ""}
    people = {}
    for user_id in ids - {""}:
        person = uow.users.get(user_id)
        people[user_id] = person.display_name if person else user_id
    on_team = user.id in case.team
    may_review = (user.organisation_id == case.body_id and not on_team
                  and user.role in verification.REVIEWER_ROLES)
    decider = user.organisation_id == case.body_id and user.role is Role.DECISION_MAKER
    return show(request, "engagement.html", user, status, view=view, case=case, error=error,
                done=done, people=people, on_team=on_team, may_review=may_review,
                leader=bool(case.team) and case.team[0] == user.id,
                may_add_facts=on_team or decider,
                planning=case.state in verification.PLANNING,
                verifying=case.state in verification.VERIFYING,
                assurance_names=ASSURANCE_NAMES, risk_names=RISK_NAMES,
                opinion_names=OPINION_NAMES, default_criteria=DEFAULT_CRITERIA,
                risk_rows=RISK_ROWS, complete=verification.engagement_complete(uow, case.id))


@router.get(PAGE)
def engagement_page(request: Request, case: PageCase, user: PageUser, uow: ReadUow,
                    done: str = "") -> Response:
    return _page(request, uow, user, case.id, done=done[:40])


def _again(request: Request, user: User, case_id: str) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _page(request, uow, user, case_id, status, error))


def _back(case_id: str, done: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"{HOME}/cases/{case_id}/verification?done={done}#{anchor}",
                            status_code=303)


def _number(value: str, field: str) -> float:
    try:
        number = float(value.replace(",", "").replace("%", "").strip())
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Give a number."))) from exc
    if not math.isfinite(number) or abs(number) > 1e15:
        raise InputError(field=field, **both(N_("Give a number.")))
    return number


def _choice(kind: type[E], value: str, field: str) -> E:
    try:
        return kind(value)
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Choose one of the options."))) from exc


@router.post(f"{PAGE}/terms", dependencies=[CsrfChecked])
def terms(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
          level: Annotated[str, Form()] = "", materiality: Annotated[str, Form()] = "5",
          objectives: Annotated[str, Form()] = "", criteria: Annotated[str, Form()] = "",
          scope: Annotated[str, Form()] = "",
          intended_users: Annotated[str, Form()] = "") -> Response:
    with _again(request, user, case.id):
        verification.set_up(uow, user, case.id, verification.Terms(
            _choice(Assurance, level, "level"), _number(materiality, "materiality") / 100,
            objectives[:4000], criteria[:4000], scope[:4000], intended_users[:4000]))
    return _back(case.id, "terms", "terms")


@router.post(f"{PAGE}/plan", dependencies=[CsrfChecked])
def plan(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
         area: Annotated[list[str] | None, Form()] = None,
         inherent: Annotated[list[str] | None, Form()] = None,
         control: Annotated[list[str] | None, Form()] = None,
         note: Annotated[list[str] | None, Form()] = None,
         activities: Annotated[str, Form()] = "",
         sample_size: Annotated[str, Form()] = "") -> Response:
    with _again(request, user, case.id):
        rows = zip(area or [], inherent or [], control or [], note or [], strict=False)
        risks = [RiskItem(a.strip()[:200], _choice(Risk, i, "inherent"),
                          _choice(Risk, c, "control"), n.strip()[:2000])
                 for a, i, c, n in rows if a.strip()]
        verification.record_plan(uow, user, case.id, risks, activities[:4000],
                                 int(_number(sample_size, "sample_size")))
    return _back(case.id, "plan", "plan")


@router.post(f"{PAGE}/approval", dependencies=[CsrfChecked])
def approve(request: Request, case: PageCase, user: PageUser, uow: WriteUow) -> Response:
    with _again(request, user, case.id):
        verification.approve_plan(uow, user, case.id)
    return _back(case.id, "approved", "plan")


@router.post(f"{PAGE}/sample", dependencies=[CsrfChecked])
def sample(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
           seed: Annotated[str, Form()] = "") -> Response:
    with _again(request, user, case.id):
        verification.draw_sample(uow, user, case.id,
                                 int(_number(seed, "seed")) if seed.strip() else None)
    return _back(case.id, "sample", "sample")


@router.post(f"{PAGE}/evidence", dependencies=[CsrfChecked])
def evidence(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
             seq: Annotated[str, Form()] = "", source: Annotated[str, Form()] = "",
             model_value: Annotated[str, Form()] = "",
             found_value: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
             note: Annotated[str, Form()] = "") -> Response:
    with _again(request, user, case.id):
        line = int(_number(seq, "seq"))
        verification.record_evidence(uow, user, case.id, line, verification.Evidence(
            source[:2000], _number(model_value, "model_value"),
            _number(found_value, "found_value"), unit, note[:4000]))
    return _back(case.id, "evidence", f"line-{line}")


@router.post(f"{PAGE}/review", dependencies=[CsrfChecked])
def review(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
           agreed: Annotated[str, Form()] = "", comment: Annotated[str, Form()] = "") -> Response:
    with _again(request, user, case.id):
        if agreed not in ("yes", "no"):
            raise InputError(field="agreed", **both(N_("Choose one of the options.")))
        verification.review(uow, user, case.id, agreed == "yes", comment[:4000])
    return _back(case.id, "review", "review")


@router.post(f"{PAGE}/opinion", dependencies=[CsrfChecked])
def opinion(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
            kind: Annotated[str, Form()] = "", statement: Annotated[str, Form()] = "") -> Response:
    with _again(request, user, case.id):
        verification.issue_opinion(uow, user, case.id, _choice(OpinionKind, kind, "kind"),
                                   statement[:8000])
    return _back(case.id, "opinion", "opinion")


@router.post(f"{PAGE}/later-facts", dependencies=[CsrfChecked])
def later_fact(request: Request, case: PageCase, user: PageUser, uow: WriteUow,
               description: Annotated[str, Form()] = "",
               affects_opinion: Annotated[str, Form()] = "") -> Response:
    with _again(request, user, case.id):
        verification.record_later_fact(uow, user, case.id, description[:4000],
                                       affects_opinion == "yes")
    return _back(case.id, "later_fact", "later-facts")
