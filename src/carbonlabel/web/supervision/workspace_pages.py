"""The regulator's workspace pages (read-only, within the reader's jurisdiction): the home
with its figures and charts, certificates (filters: category, body, status) and one
certificate, certification cases and one case, the surveillance list with overdue checks
flagged. A non-regulator is refused (403), a record outside the jurisdiction is not found."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.certification.certificate import STATUS_NAMES, CertificateStatus
from carbonlabel.domain.certification.records import DOCUMENT_NAMES
from carbonlabel.domain.certification.states import STATE_NAMES, CaseState
from carbonlabel.domain.supervision.jurisdiction import parse_jurisdiction
from carbonlabel.domain.supervision.workspace import Overview
from carbonlabel.domain.tenancy import User
from carbonlabel.services.supervision import workspace
from carbonlabel.web.certification.view import today
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import render
from carbonlabel.web.supervision.charts import CountChart, count_chart

router = page_router()
HOME = "/supervision"
PER_PAGE = 50
Text = Annotated[str, Query(max_length=100)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _show(request: Request, template: str, user: User, **context: Any) -> Response:
    return render(request, f"supervision/{template}", user=user, status_names=STATUS_NAMES,
                  state_names=STATE_NAMES, document_names=DOCUMENT_NAMES,
                  **context)


def _charts(o: Overview) -> tuple[CountChart, CountChart]:
    return (count_chart([(t.key, catalogue.name(t.key), t.products, t.enterprises)
                         for t in o.by_category]),
            count_chart([(t.key, (t.name, t.name), t.products, t.enterprises)
                         for t in o.by_body]))


@router.get(HOME)
def home(request: Request, user: PageUser, uow: ReadUow) -> Response:
    figures = workspace.overview(uow, user, today())
    by_category, by_body = _charts(figures)
    return _show(request, "home.html", user, o=figures, by_category=by_category,
                 by_body=by_body, jurisdiction=parse_jurisdiction(figures.jurisdiction).name())


@router.get(f"{HOME}/certificates")
def certificates(request: Request, user: PageUser, uow: ReadUow, category: Text = "",
                 body_id: Text = "", status: Text = "", offset: Offset = 0) -> Response:
    chosen = status if status in set(CertificateStatus) else ""
    page = workspace.certificates_page(uow, user, today(), offset, PER_PAGE,
                                       category.strip() or None, body_id.strip() or None,
                                       CertificateStatus(chosen) if chosen else None)
    figures = workspace.overview(uow, user, today())  # the bodies and categories to filter by
    return _show(request, "certificates.html", user, page=page, figures=figures,
                 filters={"category": category.strip(), "body_id": body_id.strip(),
                          "status": chosen}, statuses=list(CertificateStatus),
                 categories=[e.code for e in catalogue.ENTRIES])


@router.get(f"{HOME}/certificates/{{certificate_id}}")
def certificate(request: Request, certificate_id: str, user: PageUser,
                uow: ReadUow) -> Response:
    detail = workspace.certificate_detail(uow, user, certificate_id[:36], today())
    return _show(request, "certificate.html", user, d=detail)


@router.get(f"{HOME}/certification-cases")
def cases(request: Request, user: PageUser, uow: ReadUow, state: Text = "",
          offset: Offset = 0) -> Response:
    chosen = state if state in set(CaseState) else ""
    page = workspace.cases_page(uow, user, offset, PER_PAGE, chosen or None)
    return _show(request, "certification_cases.html", user, page=page, state=chosen,
                 states=list(CaseState))


@router.get(f"{HOME}/certification-cases/{{case_id}}")
def case(request: Request, case_id: str, user: PageUser, uow: ReadUow) -> Response:
    return _show(request, "certification_case.html", user,
                 d=workspace.case_detail(uow, user, case_id[:36]))


@router.get(f"{HOME}/surveillance")
def surveillance(request: Request, user: PageUser, uow: ReadUow, overdue: bool = False,
                 offset: Offset = 0) -> Response:
    page = workspace.surveillance_page(uow, user, today(), offset, PER_PAGE, overdue)
    return _show(request, "surveillance.html", user, page=page, overdue=overdue)
