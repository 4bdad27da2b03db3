"""A case in system mode taken to its grant, and products registered under the system
certificate: the building blocks of the system certification tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.certification.system import SystemItem
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.services.certification import cases, system
from tests.support.certification import (
    Body,
    accept_agreement,
    declare_for_case,
    documents,
    engagement_to_opinion,
    product_footprint,
)
from tests.support.platform import Tenant

RULE = "PCR 储能电池 2025"


def take_system_case(make_uow: UowFactory, data_dir: Path, body: Body, tenant: Tenant,
                     footprint: FootprintRecord, assess: tuple[SystemItem, ...] = tuple(
                         SystemItem), grant: bool = True) -> str:
    """Apply in system mode and take the case to the decision; the lead assesses ``assess``
    (conforming). Returns the case id (granted when ``grant``)."""
    team = tuple(a.id for a in body.auditors)
    with make_uow(write=True) as uow, uow.atomic():
        accept_agreement(uow, tenant.organisation.id)
        case = system.apply(uow, tenant.analyst, footprint.id, body.organisation_id,
                            documents(), product_rule=RULE)
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        declare_for_case(uow, body, case.id)
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=team, audit_dates=(date(2026, 12, 1),)))
        lead = body.auditors[0]
        for item in assess:
            system.assess(uow, lead, case.id, item, True, "符合 / conforms")
        for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                       CaseAction.COMPLETE_INSPECTION):
            cases.act(uow, lead, case.id, action)
        cases.record_verification(uow, lead, case.id, "re-run agrees", data_dir,
                                  data_dir / "databases")
        engagement_to_opinion(uow, case.id, lead, body.decider)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_VERIFICATION)
        cases.act(uow, lead, case.id, CaseAction.COMPLETE_EVALUATION)
    if grant:
        grant_case(make_uow, body, case.id)
    return case.id


def grant_case(make_uow: UowFactory, body: Body, case_id: str) -> str:
    with make_uow(write=True) as uow:
        granted = cases.act(uow, body.decider, case_id, CaseAction.GRANT,
                            cases.StepDetails(reason="体系符合要求 / the system conforms"))
    assert granted.certificate_id is not None
    return granted.certificate_id


def register_products(make_uow: UowFactory, data_dir: Path, tenant: Tenant, system_id: str,
                      count: int) -> list[Certificate]:
    """``count`` new products of the tenant, each calculated and registered."""
    out = []
    for _ in range(count):
        footprint = product_footprint(make_uow, data_dir, tenant)
        with make_uow(write=True) as uow:
            out.append(system.register(uow, tenant.analyst, system_id, footprint.id))
    return out
