"""REST API v1 of the verification engagement of a case: terms, risk assessment and plan, its
approval, the sample, evidence per sampled line, the independent review, the opinion, facts
discovered after it, and the verification report PDF. A refused step is 409 with ``rule``
(docs/certification.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from carbonlabel.domain.certification.engagement import RiskItem
from carbonlabel.services.certification import engagement as verification
from carbonlabel.services.certification.engagement_report import verification_report
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY, errors
from carbonlabel.web.certification import engagement_schemas as s
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1/cases/{case_id}", tags=["certification"],
                   responses=SIGNED_IN, dependencies=[Depends(refuse_nul)])
PATH = "/engagement"


def _view(uow: ReadUow | WriteUow, user: CurrentUser, case_id: str) -> dict[str, Any]:
    view = verification.engagement_view(uow, user, case_id)
    e, v = view.engagement, view.evaluation
    if e is None or v is None:
        return {"case_id": view.case.id, "set_up": False}
    out = asdict(e)
    out.update(
        set_up=True,
        lines=[{**asdict(x), "misstatement_co2e_kg": x.misstatement_co2e_kg}
               for x in view.lines],
        evaluation={**asdict(v), "material": v.material},
        least_sample_size=view.least_sample,
        complete=verification.engagement_complete(uow, view.case.id))
    return out


@router.get(PATH, response_model=s.EngagementPublic)
def get_engagement(case_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """The engagement with its plan, sample and evidence, evaluation, review and opinion."""
    return _view(uow, user, case_id)


@router.post(PATH, responses=WITH_BODY, response_model=s.EngagementPublic)
def set_up(case_id: str, body: s.TermsCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """Agree (or, until the plan is approved, change) the engagement's terms."""
    verification.set_up(uow, user, case_id, verification.Terms(
        body.level, body.materiality, body.objectives, body.criteria, body.scope,
        body.intended_users))
    return _view(uow, user, case_id)


@router.post(f"{PATH}/plan", responses=WITH_BODY, response_model=s.EngagementPublic)
def plan(case_id: str, body: s.PlanCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """The risk assessment and the verification plan."""
    verification.record_plan(uow, user, case_id, [RiskItem(r.area, r.inherent, r.control,
                                                           r.note) for r in body.risks],
                             body.activities, body.sample_size)
    return _view(uow, user, case_id)


@router.post(f"{PATH}/plan/approval", responses=errors(409),
             response_model=s.EngagementPublic)
def approve(case_id: str, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """The team leader approves the plan."""
    verification.approve_plan(uow, user, case_id)
    return _view(uow, user, case_id)


@router.post(f"{PATH}/sample", responses=WITH_BODY, response_model=s.EngagementPublic)
def sample(case_id: str, body: s.SampleCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """Draw the sample of inventory lines (seeded, reproducible)."""
    verification.draw_sample(uow, user, case_id, body.seed)
    return _view(uow, user, case_id)


@router.post(f"{PATH}/evidence", responses=WITH_BODY, response_model=s.EngagementPublic)
def evidence(case_id: str, body: s.EvidenceCreate, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    """The evidence found for one sampled line (``seq``: its number in the sample)."""
    verification.record_evidence(uow, user, case_id, body.seq, verification.Evidence(
        body.source, body.model_value, body.found_value, body.unit, body.note))
    return _view(uow, user, case_id)


@router.post(f"{PATH}/review", responses=WITH_BODY, response_model=s.EngagementPublic)
def review(case_id: str, body: s.ReviewCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """The independent review (a person of the body not on the team)."""
    verification.review(uow, user, case_id, body.agreed, body.comment)
    return _view(uow, user, case_id)


@router.post(f"{PATH}/opinion", responses=WITH_BODY, response_model=s.EngagementPublic)
def opinion(case_id: str, body: s.OpinionCreate, user: CurrentUser,
            uow: WriteUow) -> dict[str, Any]:
    """The team leader issues the opinion."""
    verification.issue_opinion(uow, user, case_id, body.kind, body.statement)
    return _view(uow, user, case_id)


@router.post(f"{PATH}/later-facts", responses=WITH_BODY, response_model=s.EngagementPublic)
def later_fact(case_id: str, body: s.LaterFactCreate, user: CurrentUser,
               uow: WriteUow) -> dict[str, Any]:
    """A fact discovered after the opinion, and whether it would change it."""
    verification.record_later_fact(uow, user, case_id, body.description, body.affects_opinion)
    return _view(uow, user, case_id)


@router.get("/verification-report.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}},
                             "description": "application/pdf"}})
def report_pdf(case_id: str, user: CurrentUser, uow: ReadUow,
               lang: Annotated[Literal["zh", "en"], Query()] = "zh") -> Response:
    """The verification report of the engagement, in Chinese or English."""
    document = verification_report(uow, user, case_id, lang)
    return Response(document.content, media_type=document.media_type, headers={
        "Content-Disposition": f'attachment; filename="{document.filename}"',
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
