"""Bodies are recorded by the platform operator, not by themselves; body codes are unique;
scopes and qualifications are catalogue codes; an application names producer, sites, types
and specifications and needs the applicant's credit code; the body accepts a case only from
an applicant that accepted the certification agreement, and only while approved and valid.
(SQLite and PostgreSQL.)"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.bodies import BodyStatus
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.tenancy import OrgKind
from carbonlabel.errors import ConflictError, InputError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts import identity, users
from carbonlabel.services.certification import agreement, bodies, cases
from carbonlabel.services.certification.application import ApplicationDetails
from tests.support.certification import (
    CATEGORY,
    approval,
    documents,
    enterprise_with_footprint,
    seed_body,
    seed_operator,
)


def test_a_body_cannot_accredit_itself_only_the_operator_records_its_scope(
        make_uow: UowFactory) -> None:
    body = seed_body(make_uow, code=None)  # not yet recorded by the operator
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        bodies.accredit(uow, body.admin, body.organisation_id, "16")
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        bodies.record_approval(uow, body.admin, body.organisation_id, approval(40))
    operator = seed_operator(make_uow)
    with make_uow(write=True) as uow:
        done = bodies.record_approval(uow, operator, body.organisation_id,
                                      approval(40, ("cement", "4")))
    assert done.scope == frozenset({"16", "4"})  # free text mapped to catalogue codes
    with make_uow() as uow:
        assert uow.bodies.accreditation(body.organisation_id).categories == {"16", "4"}
        assert uow.bodies.body_code(body.organisation_id) == 40
        assert [r.action for r in uow.audit.chain()[0]][-1] == "body.approval_recorded"


def test_a_scope_outside_the_catalogue_is_refused(make_uow: UowFactory) -> None:
    body = seed_body(make_uow, code=None)
    operator = seed_operator(make_uow)
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        bodies.record_approval(uow, operator, body.organisation_id,
                               approval(41, ("concrete blocks",)))
    assert info.value.rule == "catalogue_code"


def test_a_body_code_is_unique_on_the_platform(make_uow: UowFactory) -> None:
    first = seed_body(make_uow, code=None)
    second = seed_body(make_uow, code=None)
    operator = seed_operator(make_uow)
    with make_uow(write=True) as uow:
        bodies.record_approval(uow, operator, first.organisation_id, approval(42))
    with make_uow(write=True) as uow, pytest.raises(ConflictError) as info:
        bodies.record_approval(uow, operator, second.organisation_id, approval(42))
    assert info.value.field == "body_code"
    with make_uow() as uow:
        held = uow.approvals.get(first.organisation_id)
    assert held is not None
    taken = replace(held, body_id=second.organisation_id)
    with make_uow(write=True) as uow, pytest.raises(ConflictError) as info:  # the database
        uow.approvals.record(taken)
    assert info.value.field == "body_code"


def test_a_body_qualifies_its_auditors_only_within_its_scope(make_uow: UowFactory) -> None:
    body = seed_body(make_uow)  # scope: 4
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        bodies.qualify(uow, body.admin, body.auditors[0].id, "16")
    assert info.value.rule == "qualification_outside_scope"
    with make_uow(write=True) as uow:
        bodies.qualify(uow, body.admin, body.auditors[0].id, CATEGORY)
    with make_uow() as uow:
        assert uow.bodies.qualifications([body.auditors[0].id])[
            body.auditors[0].id].categories == {CATEGORY}


def test_an_application_names_producer_sites_types_and_specifications(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        (site,) = uow.sites.of(tenant.organisation.id)
        case = cases.apply_for_certification(
            uow, tenant.analyst, footprint.id, body.organisation_id, documents(),
            ApplicationDetails(CATEGORY, "宁德代工厂 / contract maker", (site.id,),
                               ("储能电池包",), ("100 kWh",)))
    with make_uow() as uow:
        named = uow.applications.get(case.id)
    assert case.category == CATEGORY
    assert named is not None
    assert named.producer == "宁德代工厂 / contract maker"
    assert [s["name"] for s in named.sites] == [site.name]
    assert (named.product_types, named.specifications) == (("储能电池包",), ("100 kWh",))
    with make_uow(write=True) as uow, pytest.raises(InputError) as refused:
        cases.apply_for_certification(uow, tenant.analyst, footprint.id, body.organisation_id,
                                      documents(), ApplicationDetails(site_ids=("nope",)))
    assert refused.value.field == "site_ids"


def test_an_applicant_without_a_valid_credit_code_cannot_apply(make_uow: UowFactory,
                                                               tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        uow.organisations.set_identity(tenant.organisation.id, None, "")
        uow.commit()
    with make_uow(write=True) as uow, pytest.raises(InputError) as info:
        cases.apply_for_certification(uow, tenant.analyst, footprint.id, body.organisation_id,
                                      documents())
    assert info.value.field == "credit_code"
    with make_uow(write=True) as uow, pytest.raises(InputError) as bad:
        identity.set_identity(uow, tenant.admin, "91350100M000100Y44", "福州")
    assert bad.value.field == "credit_code"
    with make_uow(write=True) as uow:
        identity.set_identity(uow, tenant.admin, "91350100m000100y43 ", "福州")
        cases.apply_for_certification(uow, tenant.analyst, footprint.id, body.organisation_id,
                                      documents())
    with make_uow() as uow:
        org = uow.organisations.get(tenant.organisation.id)
        assert org is not None
        assert org.credit_code == "91350100M000100Y43"


def test_the_body_accepts_only_when_the_applicant_accepted_the_agreement(
        make_uow: UowFactory, tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow:  # the helper accepted it: take that back
        uow.session.execute(text("DELETE FROM agreement_acceptances WHERE "
                                 "organisation_id = :o"), {"o": tenant.organisation.id})
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
    assert info.value.rule == "agreement_not_accepted"
    with make_uow(write=True) as uow:
        agreement.accept(uow, tenant.analyst, 1)
        accepted = cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        (who,) = uow.agreements.acceptances(tenant.organisation.id)
    assert accepted.state.value == "accepted"
    assert (who.version, who.accepted_by) == (1, tenant.analyst.id)


@pytest.mark.parametrize("change", ["suspended", "expired", "out of scope"])
def test_a_case_goes_only_to_an_approved_body_valid_today_and_in_scope(
        make_uow: UowFactory, tmp_path: Path, change: str) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    with make_uow(write=True) as uow:
        case = cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                             body.organisation_id, documents())
    operator = seed_operator(make_uow)
    with make_uow() as uow:
        held = uow.approvals.get(body.organisation_id)
    assert held is not None
    data = approval(held.body_code or 1)
    data = {"suspended": replace(data, status=BodyStatus.SUSPENDED),
            "expired": replace(data, accredited_to=date.today() - timedelta(days=1),
                               accredited_from=date.today() - timedelta(days=30)),
            "out of scope": replace(data, scope=("16",))}[change]
    with make_uow(write=True) as uow:
        bodies.record_approval(uow, operator, body.organisation_id, data)
    rule = {"suspended": "body_not_approved", "expired": "accreditation_expired",
            "out of scope": "accreditation_scope"}[change]
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as info:
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
    assert info.value.rule == rule
    with make_uow(write=True) as uow, pytest.raises(WorkflowError) as again:
        cases.apply_for_certification(uow, tenant.analyst, footprint.id,
                                      body.organisation_id, documents(),
                                      ApplicationDetails(category=CATEGORY))
    assert again.value.rule == rule


def test_the_operator_is_an_organisation_kind_created_with_its_identity(
        make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, f"运营方 {uuid.uuid4().hex[:6]}", OrgKind.OPERATOR,
                                        "CN-BJ", credit_code="914403001922038216",
                                        address="北京市")
    assert (org.kind, org.credit_code, org.registered_address) == (
        OrgKind.OPERATOR, "914403001922038216", "北京市")
    with make_uow(write=True) as uow, pytest.raises(InputError) as info:
        users.create_organisation(uow, "bad", OrgKind.ENTERPRISE, "CN",
                                  credit_code="914403001922038217")
    assert info.value.field == "credit_code"
