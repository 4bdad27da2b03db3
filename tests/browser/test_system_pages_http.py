"""System certification's pages over HTTP (no browser): the holder applies in system mode on
the apply form; the team assesses the calculation system on the case's checklist page; after
the grant the holder registers a product on the system certificate's page; the body draws a
seeded sample and records a nonconforming finding there, which suspends the system
certificate and the product; the public registry shows the mode on the certificate page and in
search results, in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.domain.certification.system import SystemItem
from carbonlabel.services.certification import cases
from tests.browser.support import make_app
from tests.browser.test_engagement_pages_http import signed_in
from tests.support.certification import (
    Body,
    declare_for_case,
    engagement_to_opinion,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import Tenant

CASE = re.compile(r"/certification/cases/([0-9a-f-]{36})")


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory,
            ) -> Iterator[tuple[FastAPI, Body, Tenant, str, Path]]:
    data_dir = tmp_path_factory.mktemp("system-pages")
    app = make_app(data_dir)
    body = seed_body(app.state.uow)
    tenant, footprint = enterprise_with_footprint(app.state.uow, data_dir)
    qualify_and_declare(app.state.uow, body, tenant.organisation.id)
    with TestClient(app):
        yield app, body, tenant, footprint.id, data_dir


def _files() -> dict[str, tuple[str, bytes, str]]:
    return {k: (f"{k}.pdf", f"%PDF-1.4 {k}".encode(), "application/pdf")
            for k in ("study_report", "process_flow_diagram", "data_inventory",
                      "reduction_plan")}


def test_a_system_is_applied_for_assessed_used_and_sampled_on_the_pages(
        setting: tuple[FastAPI, Body, Tenant, str, Path]) -> None:
    app, body, tenant, footprint_id, data_dir = setting
    holder, holder_csrf = signed_in(app, tenant.analyst)
    assert 'name="mode" value="system"' in holder.get("/certification/apply").text
    applied = holder.post("/certification/apply", files=_files(), data={
        "csrf_token": holder_csrf, "footprint_id": footprint_id,
        "body_id": body.organisation_id, "mode": "system", "product_rule": "PCR 储能"})
    assert applied.status_code == 303, applied.text
    match = CASE.search(applied.headers["location"])
    assert match is not None
    case_id = match.group(1)
    lead = body.auditors[0]
    with app.state.uow(write=True) as uow, uow.atomic():
        cases.act(uow, body.admin, case_id, CaseAction.ACCEPT)
        declare_for_case(uow, body, case_id)
        cases.act(uow, body.admin, case_id, CaseAction.PLAN, cases.StepDetails(
            team=tuple(a.id for a in body.auditors), audit_dates=(date(2026, 12, 1),)))
        for action in (CaseAction.START_DOCUMENT_REVIEW, CaseAction.COMPLETE_DOCUMENT_REVIEW,
                       CaseAction.COMPLETE_INSPECTION):
            cases.act(uow, lead, case_id, action)
        cases.record_verification(uow, lead, case_id, "", data_dir, data_dir / "databases")
        engagement_to_opinion(uow, case_id, lead, body.decider)
        for action in (CaseAction.COMPLETE_VERIFICATION, CaseAction.COMPLETE_EVALUATION):
            cases.act(uow, lead, case_id, action)

    auditor, auditor_csrf = signed_in(app, lead)
    checklist = f"/certification/cases/{case_id}/system"
    assert f'href="{checklist}"' in auditor.get(f"/certification/cases/{case_id}").text
    refused = auditor.post(checklist, data={"csrf_token": auditor_csrf, "item": "nothing",
                                            "conforming": "yes"})
    assert refused.status_code == 422
    for item in SystemItem:
        assert auditor.post(checklist, data={"csrf_token": auditor_csrf, "item": item.value,
                                             "conforming": "yes", "note": "符合"}
                            ).status_code == 303
    assert "尚未评价" not in auditor.get(checklist).text
    with app.state.uow(write=True) as uow:
        granted = cases.act(uow, body.decider, case_id, CaseAction.GRANT,
                            cases.StepDetails(reason="符合"))
    system_id = granted.certificate_id
    page = f"/certification/systems/{system_id}"
    assert f'href="{page}"' in holder.get(f"/certification/cases/{case_id}").text
    assert 'href="/certification/systems"' in holder.get("/certification/certificates").text
    assert page in holder.get("/certification/systems").text

    assert holder.post(f"{page}/products", data={"csrf_token": holder_csrf,
                                                 "footprint_id": footprint_id}
                       ).status_code == 303
    with app.state.uow() as uow:
        (registration,) = uow.systems.registrations(system_id)
        product = uow.certificates.get(registration.certificate_id)
        system = uow.systems.get(system_id)
    assert product is not None
    assert system is not None
    assert auditor.post(f"{page}/samples", data={"csrf_token": auditor_csrf, "seed": "9"}
                        ).status_code == 303
    with app.state.uow() as uow:
        (sample,) = uow.systems.samples(system_id)
    assert sample.seed == 9
    assert auditor.post(f"{page}/samples/{sample.id}/findings", data={
        "csrf_token": auditor_csrf, "certificate_id": product.id, "result": "nonconforming",
        "notes": "模型偏离规则"}).status_code == 303
    shown = holder.get(page).text
    assert 'data-status="suspended"' in shown
    assert "模型偏离规则" in shown

    public = TestClient(app, headers={"Accept-Language": "zh-CN"})
    entry = public.get(f"/registry/{product.number}").text
    assert 'data-mode="system"' in entry
    assert "体系认证" in entry
    assert system.number in entry
    found = public.get("/registry", params={"q": product.number}).text
    assert 'data-mode="system"' in found
    english = TestClient(app, headers={"Accept-Language": "en"}).get(
        f"/registry/{product.number}").text
    assert "system certification" in english
