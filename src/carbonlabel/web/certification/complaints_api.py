"""REST API v1 of complaints and appeals (ISO/IEC 17065 §7.13).

Public (no sign-in, under ``/registry/`` as the registry's other public operations): ``POST
/registry/complaints`` files a complaint about a label code or certificate number and answers
its reference and private tracking token (201); ``GET
/registry/complaints/{tracking_token}`` shows its status and outcome. A code that names no
body is 409 ``complaint_no_body``; an unknown token 404. (No rate limit yet: inputs are
bounded, and a code must name a certification body.)

Signed in: ``GET /complaints`` (the body's queue and the organisation's appeals), ``GET
/complaints/{id}`` (with the staff eligible to investigate and decide), the steps
``acknowledge``, ``reject``, ``assign``, ``findings``, ``decide``, ``close``, ``withdraw``
(409 with ``rule``: ``complaint_transition_not_allowed``, ``investigator_involved``,
``decider_involved``, ``findings_required``; 403 a role that may not; 404 another
organisation's), and ``POST /appeals`` (409 ``appeal_subject``, ``appeal_period_over``,
``appeal_open``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from carbonlabel.domain.certification.complaint_records import Complaint
from carbonlabel.domain.certification.complaints import AppealAgainst
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.certification import appeals, complaint_views, complaints
from carbonlabel.services.certification.complaint_decisions import decide
from carbonlabel.web.api.responses import PUBLIC, SIGNED_IN, WITH_BODY
from carbonlabel.web.certification import complaint_schemas as s
from carbonlabel.web.certification.view import today
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.hosts import public_base

router = APIRouter(prefix="/api/v1", tags=["complaints and appeals"],
                   dependencies=[Depends(refuse_nul)])
STEP = {**SIGNED_IN, **WITH_BODY}


def _public(c: Complaint, viewer: User) -> dict[str, Any]:
    item = complaint_views.item(c, today())
    out = {k: getattr(c, k) for k in s.ComplaintPublic.model_fields if hasattr(c, k)}
    out.update(acknowledgement_overdue=item.acknowledgement_overdue,
               decision_overdue=item.decision_overdue)
    if viewer.organisation_id != c.body_id:
        out["findings"] = out["contact_email"] = None
    return out


@router.post("/registry/complaints", response_model=s.ComplaintFiled, status_code=201,
             responses={**PUBLIC, **WITH_BODY})
def file_complaint(body: s.ComplaintCreate, request: Request, uow: WriteUow) -> dict[str, Any]:
    """File a complaint (anyone, no sign-in)."""
    filed = complaints.file_complaint(uow, body.code, body.description, body.contact_email)
    c = filed.complaint
    return {"reference": c.reference, "state": c.state, "acknowledge_by": c.acknowledge_by,
            "decide_by": c.decide_by, "tracking_token": filed.tracking_token,
            "tracking_url": f"{public_base(request)}/complaints/track/{filed.tracking_token}"}


@router.get("/registry/complaints/{tracking_token}", response_model=s.ComplaintTracking,
            responses=PUBLIC)
def track(tracking_token: str, uow: ReadUow) -> dict[str, Any]:
    """A complaint's status and outcome by its private tracking token (no sign-in)."""
    seen = complaint_views.tracking(uow, tracking_token[:200])
    c = seen.complaint
    return {"reference": c.reference, "subject": c.subject, "state": c.state,
            "received_at": c.received_at, "decide_by": c.decide_by, "outcome": c.outcome,
            "decision": c.decision,
            "steps": [{"action": a, "on": d} for a, d in seen.steps]}


@router.get("/complaints", response_model=list[s.ComplaintPublic], responses=SIGNED_IN)
def queue(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """The complaints and appeals the caller's body handles, and the appeals its organisation
    lodged; open ones first."""
    return [_public(i.complaint, user) for i in complaint_views.queue(uow, user, today())]


def _detail(uow: ReadUow | WriteUow, user: User, complaint_id: str) -> dict[str, Any]:
    view = complaint_views.view(uow, user, complaint_id, today())
    out = _public(view.complaint, user)
    out["candidates"] = [{"id": c.user.id, "display_name": c.user.display_name,
                          "may_investigate": c.may_investigate, "may_decide": c.may_decide,
                          "involved": c.involved} for c in view.candidates]
    return out


@router.get("/complaints/{complaint_id}", response_model=s.ComplaintDetail,
            responses=SIGNED_IN)
def show(complaint_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _detail(uow, user, complaint_id[:36])


@router.post("/complaints/{complaint_id}/acknowledge", response_model=s.ComplaintDetail,
             responses=STEP)
def acknowledge(complaint_id: str, body: s.StepNote, user: CurrentUser,
                uow: WriteUow) -> dict[str, Any]:
    complaints.acknowledge(uow, user, complaint_id[:36], body.note)
    return _detail(uow, user, complaint_id)


@router.post("/complaints/{complaint_id}/reject", response_model=s.ComplaintDetail,
             responses=STEP)
def reject(complaint_id: str, body: s.StepNote, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """Out of scope, with the reason in ``note``."""
    complaints.reject(uow, user, complaint_id[:36], body.note)
    return _detail(uow, user, complaint_id)


@router.post("/complaints/{complaint_id}/assign", response_model=s.ComplaintDetail,
             responses=STEP)
def assign(complaint_id: str, body: s.Assignment, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    complaints.assign(uow, user, complaint_id[:36], body.investigator_id)
    return _detail(uow, user, complaint_id)


@router.post("/complaints/{complaint_id}/findings", response_model=s.ComplaintDetail,
             responses=STEP)
def findings(complaint_id: str, body: s.Findings, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    complaints.record_findings(uow, user, complaint_id[:36], body.findings)
    return _detail(uow, user, complaint_id)


@router.post("/complaints/{complaint_id}/decide", response_model=s.ComplaintDetail,
             responses=STEP)
def decide_complaint(complaint_id: str, body: s.Decision, user: CurrentUser,
                     uow: WriteUow) -> dict[str, Any]:
    """Upheld or dismissed; an upheld appeal against a suspension restores the certificate."""
    decide(uow, user, complaint_id[:36], body.outcome, body.decision)
    return _detail(uow, user, complaint_id)


@router.post("/complaints/{complaint_id}/close", response_model=s.ComplaintDetail,
             responses=STEP)
def close(complaint_id: str, body: s.StepNote, user: CurrentUser,
          uow: WriteUow) -> dict[str, Any]:
    complaints.close(uow, user, complaint_id[:36], body.note)
    return _detail(uow, user, complaint_id)


@router.post("/complaints/{complaint_id}/withdraw", response_model=s.ComplaintDetail,
             responses=STEP)
def withdraw(complaint_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """The appellant withdraws its appeal."""
    appeals.withdraw(uow, user, complaint_id[:36])
    return _detail(uow, user, complaint_id)


@router.post("/appeals", response_model=s.ComplaintDetail, status_code=201, responses=STEP)
def lodge_appeal(body: s.AppealCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """The holder or applicant appeals a refusal, suspension or withdrawal."""
    refusal = body.against is AppealAgainst.REFUSAL
    subject = body.case_id if refusal else body.certificate_id
    if subject is None:
        field = "case_id" if refusal else "certificate_id"
        raise InputError(field=field, message_en=f"{field} is required for this appeal",
                         message_zh="请指明申诉所针对的项目或证书")
    appeal = appeals.lodge_appeal(uow, user, body.against, subject, body.grounds)
    return _detail(uow, user, appeal.id)
