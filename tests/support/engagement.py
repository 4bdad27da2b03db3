"""A case taken to the PCF verification step, and its verification engagement taken through
terms, plan, sample, evidence, review and opinion: building blocks of the engagement tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.engagement import OpinionKind
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import cases
from carbonlabel.services.certification import engagement as verification
from tests.support.certification import RISKS as RISKS  # the tests' engagement, re-exported
from tests.support.certification import SEED as SEED
from tests.support.certification import TERMS as TERMS
from tests.support.certification import (
    Body,
    declare_for_case,
    documents,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import Tenant


@dataclass(frozen=True)
class World:
    body: Body
    tenant: Tenant
    case_id: str

    @property
    def leader(self) -> User:
        return self.body.auditors[0]


def case_at_verification(make_uow: UowFactory, data_dir: Path) -> World:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    with make_uow(write=True) as uow, uow.atomic():
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        declare_for_case(uow, body, case.id)
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=tuple(a.id for a in body.auditors), audit_dates=(date(2026, 12, 1),)))
        for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                       CaseAction.COMPLETE_INSPECTION):
            cases.act(uow, body.auditors[0], case.id, action)
    return World(body, tenant, case.id)


def plan_and_sample(make_uow: UowFactory, world: World, data_dir: Path) -> None:
    """Terms, plan (approved by the leader), the re-run and the sample (seed ``SEED``)."""
    lead, other = world.body.auditors
    with make_uow(write=True) as uow:
        verification.set_up(uow, lead, world.case_id, TERMS)
        verification.record_plan(uow, other, world.case_id, RISKS,
                                 "现场访问、数据抽样、复算 / site visit, sampling, recalculation",
                                 8)
        verification.approve_plan(uow, lead, world.case_id)
        cases.record_verification(uow, lead, world.case_id, "复算一致 / re-run agrees",
                                  data_dir, data_dir / "databases")
        verification.draw_sample(uow, other, world.case_id, SEED)


def evidence_all(make_uow: UowFactory, world: World, found_factor: float = 1.0) -> None:
    with make_uow(write=True) as uow:
        for line in uow.engagements.lines(world.case_id):
            verification.record_evidence(uow, world.body.auditors[1], world.case_id, line.seq,
                                         verification.Evidence("电费单 2026-03 / power bill",
                                                               100.0, 100.0 * found_factor,
                                                               "kWh"))


def to_opinion(make_uow: UowFactory, world: World, data_dir: Path) -> None:
    plan_and_sample(make_uow, world, data_dir)
    evidence_all(make_uow, world)
    with make_uow(write=True) as uow:
        verification.review(uow, world.body.decider, world.case_id, True, "充分 / sufficient")
        verification.issue_opinion(uow, world.leader, world.case_id, OpinionKind.UNMODIFIED,
                                   "")
