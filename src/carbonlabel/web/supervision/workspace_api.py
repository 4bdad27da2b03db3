"""REST API v1 of the regulator's workspace, read-only, within the caller's jurisdiction.

``GET /supervision/overview`` (the home figures), ``/supervision/certificates`` (paged;
filters ``category``, ``body_id``, ``status``) and ``/supervision/certificates/{id}`` (with its
status history and surveillance checks), ``/supervision/certification-cases`` (paged; ``state``,
``body_id``) and ``/supervision/certification-cases/{id}`` (steps and documents' titles, never their
contents), ``/supervision/surveillance`` (paged; ``overdue``). 403: not staff of a regulator;
404: a record outside the jurisdiction, as one that does not exist.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.services.supervision import workspace
from carbonlabel.web.api.responses import SIGNED_IN
from carbonlabel.web.api.schemas import PagePublic, page_of
from carbonlabel.web.certification.view import today
from carbonlabel.web.deps import CurrentUser, PageParams, ReadUow, refuse_nul
from carbonlabel.web.supervision.workspace_schemas import (
    CaseDetailPublic,
    CaseLinePublic,
    CertificateDetailPublic,
    CertificateLinePublic,
    OverviewPublic,
    SurveillanceLinePublic,
    case_detail,
    certificate_detail,
    overview,
)

router = APIRouter(prefix="/api/v1/supervision", tags=["supervision workspace"],
                   dependencies=[Depends(refuse_nul)])
Text = Annotated[str, Query(max_length=100)]


@router.get("/overview", response_model=OverviewPublic, responses=SIGNED_IN)
def show_overview(user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """Certified enterprises and products by category and by body, overdue surveillance,
    suspensions and withdrawals this month, open alerts."""
    return overview(workspace.overview(uow, user, today()))


@router.get("/certificates", response_model=PagePublic[CertificateLinePublic],
            responses=SIGNED_IN)
def certificates(user: CurrentUser, uow: ReadUow, paging: PageParams, category: Text = "",
                 body_id: Text = "", status: CertificateStatus | None = None) -> dict[str, Any]:
    page = workspace.certificates_page(uow, user, today(), paging.offset, paging.limit,
                                       category.strip() or None, body_id.strip() or None,
                                       status)
    return page_of(page, asdict)


@router.get("/certificates/{certificate_id}", response_model=CertificateDetailPublic,
            responses=SIGNED_IN)
def certificate(certificate_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return certificate_detail(workspace.certificate_detail(uow, user, certificate_id[:36],
                                                           today()))


@router.get("/certification-cases", response_model=PagePublic[CaseLinePublic],
            responses=SIGNED_IN)
def cases(user: CurrentUser, uow: ReadUow, paging: PageParams, state: Text = "",
          body_id: Text = "") -> dict[str, Any]:
    page = workspace.cases_page(uow, user, paging.offset, paging.limit, state.strip() or None,
                                body_id.strip() or None)
    return page_of(page, asdict)


@router.get("/certification-cases/{case_id}", response_model=CaseDetailPublic, responses=SIGNED_IN)
def case(case_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return case_detail(workspace.case_detail(uow, user, case_id[:36]))


@router.get("/surveillance", response_model=PagePublic[SurveillanceLinePublic],
            responses=SIGNED_IN)
def surveillance(user: CurrentUser, uow: ReadUow, paging: PageParams,
                 overdue: bool = False) -> dict[str, Any]:
    """Surveillance checks by due date, open ones first; ``overdue``: only those past the
    scheme's grace period."""
    page = workspace.surveillance_page(uow, user, today(), paging.offset, paging.limit,
                                       overdue)
    return page_of(page, asdict)
