"""REST API v1 of improvement: plans of a product tracked with restated reductions, the
restatement itself, published low-carbon thresholds, and the claims of a certification case.

``GET/POST /products/{product_id}/improvement-plans``; ``GET /improvement-plans/{plan_id}``
(tracked as of ``on``); ``GET /restatements/{baseline_footprint_id}/{current_footprint_id}``;
``POST /claim-thresholds``;
``GET/POST /certification/cases/{case_id}/claims`` (the applicant asks before the decision);
``POST /claims/{claim_id}/decision`` (the body's decision maker). Public: ``GET
/public/claim-thresholds`` and ``GET /public/certificates/{number}/claims``. Another
organisation's record is 404.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request

from carbonlabel.domain.improvement.claims import Claim, Threshold
from carbonlabel.domain.improvement.plans import ImprovementPlan, Measure
from carbonlabel.domain.improvement.restatement import Restatement
from carbonlabel.services.improvement import claims, plans
from carbonlabel.services.quantify.restatement import restate_for
from carbonlabel.web.api.responses import PUBLIC, SIGNED_IN, WITH_BODY
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.improvement import schemas as s

router = APIRouter(prefix="/api/v1", tags=["improvement and claims"],
                   dependencies=[Depends(refuse_nul)])


def today() -> date:
    return datetime.now(UTC).date()


def plan_public(p: ImprovementPlan) -> dict[str, Any]:
    return asdict(p)


def restatement_public(r: Restatement) -> dict[str, Any]:
    return {**asdict(r), "reduction_share": r.reduction_share,
            "unrestated_share": r.unrestated_share}


def threshold_public(t: Threshold) -> dict[str, Any]:
    return {"id": t.id, "product_rule": t.key.product_rule,
            "declared_unit": t.key.declared_unit, "boundary": t.key.boundary,
            "value_co2e_kg": t.value_co2e_kg, "source": t.source,
            "published_on": t.published_on}


def claim_public(c: Claim) -> dict[str, Any]:
    return asdict(c)


def status_public(view: plans.PlanView) -> dict[str, Any]:
    return {"plan": plan_public(view.plan), "baseline_total_co2e_kg":
            view.baseline.total_co2e_kg, "expected_share_today": view.expected_today,
            "progress": view.progress, "as_of": view.today,
            "tracked": [{"footprint_id": t.footprint.id, "model_version": t.version,
                         "total_co2e_kg": t.footprint.total_co2e_kg,
                         "restatement": restatement_public(t.restatement)
                         if t.restatement else None,
                         "progress": t.progress, "problem": t.problem}
                        for t in view.tracked]}


def _folders(request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    return {"base": settings.data_dir, "store_dir": settings.databases_dir}


@router.get("/products/{product_id}/improvement-plans", response_model=list[s.PlanPublic],
            responses=SIGNED_IN)
def list_plans(product_id: str, user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    return [plan_public(p) for p in plans.plans_of_product(uow, user, product_id[:36])]


@router.post("/products/{product_id}/improvement-plans", response_model=s.PlanPublic,
             status_code=201, responses={**SIGNED_IN, **WITH_BODY})
def create_plan(product_id: str, body: s.PlanCreate, user: CurrentUser,
                uow: WriteUow) -> dict[str, Any]:
    """A plan: measures, a target reduction against a baseline footprint, and dates."""
    return plan_public(plans.create_plan(uow, user, product_id[:36], plans.PlanData(
        body.title, body.baseline_footprint_id, body.target_share, body.starts_on,
        body.target_on, tuple(Measure(m.text, m.stage, m.expected_share)
                              for m in body.measures))))


@router.get("/improvement-plans/{plan_id}", response_model=s.PlanStatusPublic,
            responses=SIGNED_IN)
def plan_status(plan_id: str, request: Request, user: CurrentUser, uow: ReadUow,
                on: date | None = None) -> dict[str, Any]:
    """The plan tracked against the product's later footprint versions, each reduction
    restated on that footprint's factors; progress as of ``on`` (default today, UTC)."""
    return status_public(plans.plan_view(uow, user, plan_id[:36], on or today(),
                                         **_folders(request)))


@router.get("/restatements/{baseline_footprint_id}/{current_footprint_id}",
            response_model=s.RestatementPublic, responses=SIGNED_IN)
def restatement(baseline_footprint_id: str, current_footprint_id: str, request: Request,
                user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """The baseline footprint restated with the current footprint's factors, and the
    reduction on that one factor set."""
    return restatement_public(restate_for(uow, user, baseline_footprint_id[:36],
                                          current_footprint_id[:36], **_folders(request)))


@router.get("/public/claim-thresholds", response_model=list[s.ThresholdPublic],
            responses=PUBLIC)
def list_thresholds(uow: ReadUow) -> list[dict[str, Any]]:
    """Published low-carbon thresholds (public), the latest of each key first."""
    return [threshold_public(t) for t in claims.thresholds(uow)]


@router.get("/public/certificates/{number}/claims", response_model=list[s.PublicClaimPublic],
            responses=PUBLIC)
def certificate_claims(number: str, uow: ReadUow) -> list[dict[str, Any]]:
    """The granted and lapsed claims of a certificate (public; none for an unknown number),
    read live: the signed label never carries them."""
    return [{"kind": c.claim.kind, "state": c.claim.state,
             "reduction_share": c.claim.reduction_share, "target_share": c.claim.target_share,
             "target_on": c.claim.target_on, "decided_at": c.claim.decided_at,
             "lapsed_at": c.claim.lapsed_at, "lapse_reason": c.claim.lapse_reason,
             "threshold": threshold_public(c.threshold) if c.threshold else None}
            for c in claims.public_claims_of_number(uow, number[:40])]


@router.post("/claim-thresholds", response_model=s.ThresholdPublic, status_code=201,
             responses={**SIGNED_IN, **WITH_BODY})
def publish_threshold(body: s.ThresholdCreate, user: CurrentUser,
                      uow: WriteUow) -> dict[str, Any]:
    """An operator or regulator admin publishes a threshold; without a value, the category
    benchmark's best quartile today (refused while the benchmark is hidden)."""
    return threshold_public(claims.publish_threshold(uow, user, claims.ThresholdData(
        body.product_rule, body.declared_unit, body.boundary, body.source, body.published_on,
        body.value_co2e_kg), today()))


@router.get("/certification/cases/{case_id}/claims", response_model=list[s.ClaimPublic],
            responses=SIGNED_IN)
def case_claims(case_id: str, user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    return [claim_public(c) for c in claims.of_case(uow, user, case_id[:36])]


@router.post("/certification/cases/{case_id}/claims", response_model=s.ClaimPublic,
             status_code=201, responses={**SIGNED_IN, **WITH_BODY})
def request_claim(case_id: str, body: s.ClaimCreate, user: CurrentUser,
                  uow: WriteUow) -> dict[str, Any]:
    """The applicant asks for a "low-carbon" or "reducing" claim before the decision."""
    return claim_public(claims.request_claim(uow, user, case_id[:36], claims.ClaimRequest(
        body.kind, body.baseline_footprint_id, body.target_share, body.target_on), today()))


@router.post("/claims/{claim_id}/decision", response_model=s.ClaimPublic,
             responses={**SIGNED_IN, **WITH_BODY})
def decide_claim(claim_id: str, body: s.ClaimDecision, request: Request, user: CurrentUser,
                 uow: WriteUow) -> dict[str, Any]:
    """The body's decision maker grants or refuses the claim once the certificate is
    granted; a claim whose condition fails is not granted (409 naming the condition)."""
    return claim_public(claims.decide_claim(uow, user, claim_id[:36], body.grant, body.reason,
                                            today(), **_folders(request)))
