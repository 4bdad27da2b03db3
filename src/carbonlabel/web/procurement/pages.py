"""Pages of low-carbon procurement: the officer's ranking (pick a category and a declared
unit; the ranked products with band and criterion marks, the excluded ones with reasons; the
form that publishes a criterion for the ranking's key; the agency's criteria with the form that
withdraws one; downloads as CSV and XLSX) and the public list of published criteria."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.table_export import (
    CSV_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    to_csv,
    to_xlsx,
)
from carbonlabel.domain.benchmark import BAND_NAMES, EXCLUSION_NAMES
from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.procurement import (
    CRITERION_NAMES,
    STATE_NAMES,
    CriterionKind,
    limit_of,
)
from carbonlabel.domain.product import SystemBoundary
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.procurement import criteria, ranking
from carbonlabel.services.procurement.agencies import agency_of
from carbonlabel.services.procurement.ranking_table import ranked_table, workbook_tables
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.downloads import send
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, language, render
from carbonlabel.web.procurement.api import file_stem, ranked_view, today
from carbonlabel.web.procurement.shapes import registry_url

router = page_router()
HOME = "/procurement"
PUBLIC = "/public/procurement-criteria"
WORDS: dict[str, Any] = {
    "categories": [(str(e.code), e.name_zh, e.name_en) for e in catalogue.ENTRIES],
    "band_names": BAND_NAMES, "exclusion_names": EXCLUSION_NAMES,
    "criterion_names": CRITERION_NAMES, "state_names": STATE_NAMES,
    "kinds": list(CriterionKind), "boundaries": [b.value for b in SystemBoundary],
    "registry_url": registry_url, "limit_of": limit_of,
}
DONE: dict[str, str] = {
    "published": N_("The criterion was published."),
    "withdrawn": N_("The criterion was withdrawn; it stays in the history."),
}


def _query(category: str, rule: str, unit: str, boundary: str,
           criterion: str) -> ranking.RankingQuery:
    return ranking.RankingQuery(category[:10], rule[:150], unit[:200], boundary[:40],
                                criterion[:36])


def _params(q: ranking.RankingQuery) -> str:
    return urlencode({k: v for k, v in (("category", q.category), ("rule", q.rule),
                                        ("unit", q.declared_unit), ("boundary", q.boundary),
                                        ("criterion", q.criterion_id)) if v})


def _page(request: Request, uow: UnitOfWork, user: User, q: ranking.RankingQuery,
          status: int = 200, error: str | None = None, done: str = "") -> Response:
    own = criteria.own(uow, user)  # refuses anyone not of an agency
    view = ranking.ranking(uow, user, q, today()) if q.category or q.rule else None
    return render(request, "procurement/ranking.html", status, user=user, view=view, q=q,
                  params=_params(q) if view else "", own=own, today=today(),
                  error=error, done=done, done_words=DONE,
                  may_publish=user.role.value in {"admin", "analyst", "decision_maker"},
                  **WORDS)


@router.get(HOME)
def ranking_page(request: Request, user: PageUser, uow: ReadUow, category: str = "",
                 rule: str = "", unit: str = "", boundary: str = "", criterion: str = "",
                 done: str = "") -> Response:
    return _page(request, uow, user, _query(category, rule, unit, boundary, criterion),
                 done=done[:20])


@router.get(f"{HOME}/ranking.csv")
def ranking_csv(request: Request, user: PageUser, uow: ReadUow, category: str = "",
                rule: str = "", unit: str = "", boundary: str = "",
                criterion: str = "") -> Response:
    view = ranked_view(uow, user, _query(category, rule, unit, boundary, criterion))
    return send(to_csv(ranked_table(view, language(request))), CSV_MEDIA_TYPE,
                f"{file_stem(view)}.csv")


@router.get(f"{HOME}/ranking.xlsx")
def ranking_xlsx(request: Request, user: PageUser, uow: ReadUow, category: str = "",
                 rule: str = "", unit: str = "", boundary: str = "",
                 criterion: str = "") -> Response:
    view = ranked_view(uow, user, _query(category, rule, unit, boundary, criterion))
    return send(to_xlsx(workbook_tables(view, language(request))), XLSX_MEDIA_TYPE,
                f"{file_stem(view)}.xlsx")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(field="effective_on",
                         **both(N_("Give the date as YYYY-MM-DD."))) from exc


def _number(value: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value.strip())
    except ValueError as exc:
        raise InputError(field="threshold", **both(N_("Give the value as a number."))) from exc


def _kind(value: str) -> CriterionKind:
    try:
        return CriterionKind(value)
    except ValueError as exc:
        raise InputError(field="kind", **both(N_("Choose a kind of criterion."))) from exc


@router.post(f"{HOME}/criteria", dependencies=[CsrfChecked])
def publish(request: Request, user: PageUser, uow: WriteUow,
            title: Annotated[str, Form()] = "", product_rule: Annotated[str, Form()] = "",
            declared_unit: Annotated[str, Form()] = "", boundary: Annotated[str, Form()] = "",
            kind: Annotated[str, Form()] = "", threshold: Annotated[str, Form()] = "",
            effective_on: Annotated[str, Form()] = "", category: Annotated[str, Form()] = "",
            rule: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "") -> Response:
    back = _query(category, rule, unit, "", "")
    agency_of(uow, user)  # anyone else: the error page (403), not this form again
    with shown_again_if_refused(lambda uow, status, error: _page(request, uow, user, back,
                                                                 status, error)):
        criteria.publish(uow, user, criteria.CriterionInput(
            title[:300], product_rule[:200], declared_unit[:300], boundary[:60], _kind(kind),
            _number(threshold[:40]), _day(effective_on[:20])))
    return RedirectResponse(f"{HOME}?{_params(back)}&done=published#criteria",
                            status_code=303)


@router.post(f"{HOME}/criteria/{{criterion_id}}/withdraw", dependencies=[CsrfChecked])
def withdraw(request: Request, criterion_id: str, user: PageUser, uow: WriteUow,
             reason: Annotated[str, Form()] = "") -> Response:
    back = _query("", "", "", "", "")
    agency_of(uow, user)
    with shown_again_if_refused(lambda uow, status, error: _page(request, uow, user, back,
                                                                 status, error)):
        criteria.withdraw(uow, user, criterion_id[:36], reason[:3000])
    return RedirectResponse(f"{HOME}?done=withdrawn#criteria", status_code=303)


@router.get(PUBLIC)
def public_criteria(request: Request, uow: ReadUow) -> Response:
    """Every published criterion (no sign-in), withdrawn ones with when and why."""
    return render(request, "procurement/criteria.html", user=None,
                  found=criteria.published(uow),
                  today=today(), **WORDS)
