"""A product whose model improves by 10 % while its electricity factor changes: the scene
of the restatement, plan and claim tests. Every figure is used in hand arithmetic there."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.changes import ChangeAction, ChangeKind
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.improvement.claims import Claim, ClaimKind, ClaimState
from carbonlabel.domain.improvement.plans import Measure
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.certification import cases, changes
from carbonlabel.services.improvement import claims, plans
from carbonlabel.services.improvement.claims import ClaimRequest
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.conftest import base_model
from tests.support.certification import (
    Body,
    accept_agreement,
    declare_for_case,
    documents,
    engagement_to_opinion,
)
from tests.support.platform import Tenant


def factor(fid: str, unit: str, co2e: float) -> dict[str, Any]:
    return {"id": fid, "name": {"zh": fid, "en": fid}, "unit": unit, "co2e": co2e,
            "source": {"note": "test factor"}}


def model_text(kwh: float, steel_kg: float, grid: float, steel: float = 2.0) -> str:
    """One process: ``kwh`` of electricity at ``grid`` kg CO2e/kWh and ``steel_kg`` of steel
    at ``steel`` kg CO2e/kg; total = kwh·grid + steel_kg·steel."""
    model = base_model(
        factors=[factor("grid", "kWh", grid), factor("steel", "kg", steel)],
        processes=[{"id": "main", "name": {"zh": "主过程", "en": "main"},
                    "stage": "production", "output": {"amount": 1, "unit": "kg"},
                    "inputs": [{"factor": "grid", "amount": kwh, "unit": "kWh"},
                               {"factor": "steel", "amount": steel_kg, "unit": "kg"}]}])
    return yaml.safe_dump(model, allow_unicode=True, sort_keys=False)


#: baseline: 100 kWh × 0.8 + 50 kg × 2.0 = 180 kg CO2e
BASELINE = (100.0, 50.0, 0.8)
#: improved by 10 % (90 kWh, 45 kg) while the grid factor fell to 0.6: 54 + 90 = 144;
#: the baseline restated on 0.6: 60 + 100 = 160; reduction (160 − 144) ÷ 160 = 10 %
IMPROVED = (90.0, 45.0, 0.6)


def new_product(make_uow: UowFactory, tenant: Tenant, category: str = "test") -> str:
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.analyst, catalog.ProductData(
            "测试产品", "test product", category, None, None, None))
        uow.commit()
    return product.id


def footprint_of(make_uow: UowFactory, data_dir: Path, tenant: Tenant, product_id: str,
                 content: str) -> FootprintRecord:
    """Save ``content`` as the product's next model version and calculate its footprint."""
    with make_uow(write=True) as uow:
        version = catalog.save_model_version(uow, tenant.analyst, product_id, content, "yaml",
                                             data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, tenant.analyst, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None
        record = uow.footprints.in_org(tenant.organisation.id, done.result_id)
    assert record is not None
    return record


def certify_with_claims(make_uow: UowFactory, data_dir: Path, body: Body, tenant: Tenant,
                        footprint: FootprintRecord, requests: tuple[ClaimRequest, ...],
                        today: date) -> tuple[str, tuple[str, ...]]:
    """As :func:`tests.support.certification.certify`, the applicant asking for ``requests``
    right after applying; returns the certificate id and the claim ids (not yet decided)."""
    team = tuple(a.id for a in body.auditors)
    with make_uow(write=True) as uow, uow.atomic():
        accept_agreement(uow, tenant.organisation.id)
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
        ids = tuple(claims.request_claim(uow, tenant.analyst, case.id, r, today).id
                    for r in requests)
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        declare_for_case(uow, body, case.id)
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=team, audit_dates=(date(2026, 12, 1),)))
        lead = body.auditors[0]
        for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                       CaseAction.COMPLETE_INSPECTION):
            cases.act(uow, lead, case.id, action)
        cases.record_verification(uow, lead, case.id, "re-run agrees", data_dir,
                                  data_dir / "databases")
        engagement_to_opinion(uow, case.id, lead, body.decider)
        for action in (CaseAction.COMPLETE_VERIFICATION, CaseAction.COMPLETE_EVALUATION):
            cases.act(uow, lead, case.id, action)
        granted = cases.act(uow, body.decider, case.id, CaseAction.GRANT,
                            cases.StepDetails(reason="符合要求 / conforms"))
    assert granted.certificate_id is not None
    return granted.certificate_id, ids


def reissued(make_uow: UowFactory, data_dir: Path, body: Body, tenant: Tenant,
             certificate_id: str, footprint: FootprintRecord) -> None:
    """The holder asks for a re-issue on ``footprint``; an auditor evaluates it and the
    decider approves (the certificate then states the new footprint)."""
    with make_uow(write=True) as uow:
        change = changes.request_change(uow, tenant.analyst, certificate_id,
                                        changes.ChangeRequest(ChangeKind.REISSUE,
                                                              "新版本 / new version",
                                                              footprint.id))
    with make_uow(write=True) as uow:
        changes.start_evaluation(uow, body.auditors[1], change.id)
    with make_uow(write=True) as uow:
        changes.record_evaluation(uow, body.auditors[1], change.id, "重新计算一致 / agrees",
                                  data_dir, data_dir / "databases")
    with make_uow(write=True) as uow:
        changes.decide(uow, body.decider, change.id, ChangeAction.APPROVE,
                       "符合要求 / conforms")


def seed_improvement(make_uow: UowFactory, tenant: Tenant, product_id: str,
                     footprint_id: str, case_id: str) -> tuple[str, str]:
    """A plan of the product on ``footprint_id`` and a low-carbon claim asked for in the
    (already decided) case, as stored records: the ids the tenant-isolation walk sends."""
    with make_uow(write=True) as uow:
        plan = plans.create_plan(uow, tenant.analyst, product_id, plans.PlanData(
            "甲方机密改进计划 AlphaSecret plan", footprint_id, 0.1, date(2026, 1, 1),
            date(2027, 1, 1), (Measure("甲方机密措施 AlphaSecret measure", "production", 0.05),)))
    with make_uow(write=True) as uow:
        claim = Claim(new_id(), case_id, tenant.organisation.id, product_id,
                      ClaimKind.LOW_CARBON, ClaimState.REQUESTED, tenant.analyst.id,
                      datetime.now(UTC))
        uow.claims.add(claim)
        uow.commit()
    return plan.id, claim.id
