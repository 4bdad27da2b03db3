"""REST API v1 of public reports and supervision cases.

Public (no sign-in): ``POST /api/v1/registry/reports`` reports a suspected false label
(without a photo: the page's form takes one) and answers its reference (201). Regulators:
``GET /supervision/reports/{report_id}``; ``GET/POST /supervision/cases`` (``mine=true``: those
assigned to the caller); ``GET /supervision/cases/{supervision_case_id}`` with its steps and
evidence; the
steps ``assignment``, ``investigation``, ``findings`` (multipart, with evidence files),
``closure``, ``escalation`` (409 ``case_transition_not_allowed``); evidence files by id.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from carbonlabel.domain.supervision.cases import CaseState
from carbonlabel.domain.tenancy import User
from carbonlabel.services.supervision import cases, reports
from carbonlabel.web.api.responses import PUBLIC, SIGNED_IN, WITH_BODY
from carbonlabel.web.api.schemas import PagePublic, page_of
from carbonlabel.web.deps import CurrentUser, PageParams, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.sign_in_guard import client_address
from carbonlabel.web.supervision import case_schemas as s

router = APIRouter(prefix="/api/v1", tags=["supervision cases"],
                   dependencies=[Depends(refuse_nul)])
STEP = {**SIGNED_IN, **WITH_BODY}
MAX_FILES = 10


def case_public(case: Any) -> dict[str, Any]:
    return {**asdict(case), "overdue": case.overdue(datetime.now(UTC).date())}


def _detail(uow: ReadUow | WriteUow, user: User, supervision_case_id: str) -> dict[str, Any]:
    seen = cases.view(uow, user, supervision_case_id, datetime.now(UTC).date())
    return {**case_public(seen.case), "steps": [asdict(x) for x in seen.steps],
            "evidence": [asdict(f) for f in seen.evidence]}


@router.post("/registry/reports", response_model=s.ReportFiled, status_code=201,
             responses={**PUBLIC, **WITH_BODY})
def file_report(body: s.ReportCreate, request: Request, uow: WriteUow) -> dict[str, Any]:
    """Report a suspected false label (anyone, no sign-in)."""
    filed = reports.file_report(uow, reports.Submission(
        body.number, body.description, body.value, body.unit, body.region, body.contact,
        None, body.website), client_address(request))
    return {"reference": filed.report.reference, "received_at": filed.report.received_at}


@router.get("/supervision/reports/{report_id}", response_model=s.ReportPublic,
            responses=SIGNED_IN)
def show_report(report_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    report = reports.get_report(uow, user, report_id[:36])
    return {**asdict(report), "has_photo": report.photo_id is not None}


@router.get("/supervision/cases", response_model=PagePublic[s.CasePublic],
            responses=SIGNED_IN)
def list_cases(user: CurrentUser, uow: ReadUow, paging: PageParams,
               state: CaseState | None = None, mine: bool = False) -> dict[str, Any]:
    """The caller's regulator's cases, open ones first."""
    return page_of(cases.cases_page(uow, user, paging.offset, paging.limit, state, mine),
                   case_public)


@router.post("/supervision/cases", response_model=s.CaseDetail, status_code=201,
             responses=STEP)
def open_case(body: s.CaseCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Open a case from an open alert or a report (409 ``alert_state`` if taken up already)."""
    case = cases.open_case(uow, user, alert_id=body.alert_id, report_id=body.report_id,
                           summary=body.summary)
    return _detail(uow, user, case.id)


@router.get("/supervision/cases/{supervision_case_id}", response_model=s.CaseDetail,
            responses=SIGNED_IN)
def show_case(supervision_case_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _detail(uow, user, supervision_case_id[:36])


@router.post("/supervision/cases/{supervision_case_id}/assignment", response_model=s.CaseDetail,
             responses=STEP)
def assign(supervision_case_id: str, body: s.Assignment, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    cases.assign(uow, user, supervision_case_id[:36], body.assignee_id)
    return _detail(uow, user, supervision_case_id)


@router.post("/supervision/cases/{supervision_case_id}/investigation", response_model=s.CaseDetail,
             responses=STEP)
def investigate(supervision_case_id: str, body: s.StepNote, user: CurrentUser,
                uow: WriteUow) -> dict[str, Any]:
    cases.investigate(uow, user, supervision_case_id[:36], body.note)
    return _detail(uow, user, supervision_case_id)


@router.post("/supervision/cases/{supervision_case_id}/findings", response_model=s.CaseDetail,
             responses=STEP)
async def findings(supervision_case_id: str, user: CurrentUser, uow: WriteUow,
                   text: Annotated[str, Form(min_length=1, max_length=4000)],
                   evidence: Annotated[list[UploadFile] | None, File()] = None
                   ) -> dict[str, Any]:
    """Findings (multipart: ``text`` and any ``evidence`` files, 20 MB each)."""
    files = [cases.Evidence(f.filename or "evidence", f.content_type or "",
                            await f.read(cases.MAX_EVIDENCE_BYTES + 1))
             for f in (evidence or [])[:MAX_FILES]]
    cases.record_findings(uow, user, supervision_case_id[:36], text, files)
    return _detail(uow, user, supervision_case_id)


@router.post("/supervision/cases/{supervision_case_id}/closure", response_model=s.CaseDetail,
             responses=STEP)
def close(supervision_case_id: str, body: s.Closing, user: CurrentUser,
          uow: WriteUow) -> dict[str, Any]:
    cases.close(uow, user, supervision_case_id[:36], body.conclusion, body.note)
    return _detail(uow, user, supervision_case_id)


@router.post("/supervision/cases/{supervision_case_id}/escalation", response_model=s.CaseDetail,
             responses=STEP)
def escalate(supervision_case_id: str, body: s.Escalation, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    cases.escalate(uow, user, supervision_case_id[:36], body.to, body.reference, body.note)
    return _detail(uow, user, supervision_case_id)


@router.get("/supervision/cases/{supervision_case_id}/evidence/{file_id}", response_class=Response,
            responses=SIGNED_IN)
def evidence_file(supervision_case_id: str, file_id: str, user: CurrentUser,
                  uow: ReadUow) -> Response:
    stored, content = cases.evidence_file(uow, user, supervision_case_id[:36], file_id[:36])
    return Response(content, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="evidence-{stored.id}"',
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
