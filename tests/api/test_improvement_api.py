"""Improvement plans, restatements, thresholds and claims over HTTP (SQLite; the services'
tests walk both back ends): the API's answers and refusals, the plan pages, the case's
claims section, and the claims on the public registry's certificate and verification pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.improvement.claims import ClaimKind
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.services.certification import cases
from carbonlabel.services.improvement.claims import ClaimRequest
from tests.api.conftest import API, bearer, build_app, sign_in, token_for
from tests.support.certification import (
    PRODUCT_CATEGORY,
    Body,
    accept_agreement,
    certify,
    documents,
    qualify_and_declare,
    seed_body,
)
from tests.support.improvement import (
    BASELINE,
    IMPROVED,
    certify_with_claims,
    footprint_of,
    model_text,
    new_product,
    reissued,
)
from tests.support.platform import Tenant, seed_tenant


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Only SQLite here (overrides the fixture parametrized over both back ends)."""
    return f"sqlite:///{tmp_path / 'api.db'}"


@dataclass(frozen=True)
class Scene:
    client: TestClient
    make_uow: UowFactory
    data: Path
    body: Body
    tenant: Tenant
    product_id: str
    baseline: FootprintRecord
    improved: FootprintRecord


@pytest.fixture
def scene(database_url: str, tmp_path: Path) -> Iterator[Scene]:
    data = tmp_path / "data"
    app = build_app(database_url, data)
    with TestClient(app) as client:
        make_uow: UowFactory = app.state.uow
        body = seed_body(make_uow)
        tenant = seed_tenant(make_uow, "改进企业")
        qualify_and_declare(make_uow, body, tenant.organisation.id)
        product = new_product(make_uow, tenant, PRODUCT_CATEGORY)
        baseline = footprint_of(make_uow, data, tenant, product, model_text(*BASELINE))
        improved = footprint_of(make_uow, data, tenant, product, model_text(*IMPROVED))
        yield Scene(client, make_uow, data, body, tenant, product, baseline, improved)


def plan_body(scene: Scene, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "余热发电与减重", "baseline_footprint_id": scene.baseline.id,
        "target_share": 0.15, "starts_on": "2026-01-01", "target_on": "2027-01-01",
        "measures": [{"text": "余热发电 / waste-heat power", "stage": "production",
                      "expected_share": 0.1}]}
    body.update(changes)
    return body


def test_a_plan_is_tracked_with_the_restated_reduction_and_another_tenant_sees_nothing(
        scene: Scene) -> None:
    analyst = bearer(token_for(scene.make_uow, scene.tenant.analyst))
    url = f"{API}/products/{scene.product_id}/improvement-plans"
    created = scene.client.post(url, headers=analyst, json=plan_body(scene))
    assert created.status_code == 201, created.text
    plan_id = created.json()["id"]
    # half-way through the year (2026-07-02: 182 of 365 days) the path expects 15 % · 182/365
    status = scene.client.get(f"{API}/improvement-plans/{plan_id}", headers=analyst,
                              params={"on": "2026-07-02"}).json()
    assert status["expected_share_today"] == pytest.approx(0.15 * 182 / 365)
    (tracked,) = status["tracked"]
    assert tracked["footprint_id"] == scene.improved.id
    assert tracked["restatement"]["baseline_restated_kg"] == pytest.approx(160.0)
    assert tracked["restatement"]["reduction_share"] == pytest.approx(0.10)
    assert tracked["restatement"]["unrestated_share"] == pytest.approx(0.20)
    assert tracked["progress"] == "on_track"  # 10 % ≥ 7.48 %
    assert scene.client.get(f"{API}/improvement-plans/{plan_id}", headers=analyst,
                            params={"on": "2027-01-02"}).json()["progress"] == "behind"
    pair = f"{API}/restatements/{scene.baseline.id}/{scene.improved.id}"
    restated = scene.client.get(pair, headers=analyst).json()
    assert restated["reduction_share"] == pytest.approx(0.10)
    assert [c["name"] for c in restated["factor_changes"]] == ["grid"]
    other = seed_tenant(scene.make_uow, "别家企业")
    stranger = bearer(token_for(scene.make_uow, other.analyst))
    assert scene.client.get(f"{API}/improvement-plans/{plan_id}",
                            headers=stranger).status_code == 404
    assert scene.client.get(url, headers=stranger).status_code == 404
    assert scene.client.get(pair, headers=stranger).status_code == 404


def test_a_wrong_plan_is_refused_naming_the_field(scene: Scene) -> None:
    analyst = bearer(token_for(scene.make_uow, scene.tenant.analyst))
    viewer = bearer(token_for(scene.make_uow, scene.tenant.viewer))
    url = f"{API}/products/{scene.product_id}/improvement-plans"
    late = scene.client.post(url, headers=analyst, json=plan_body(scene, target_on="2025-01-01"))
    assert late.status_code == 422
    assert late.json()["field"] == "target_on"
    assert scene.client.post(url, headers=analyst,
                             json=plan_body(scene, target_share=1.5)).status_code == 422
    assert scene.client.post(url, headers=viewer, json=plan_body(scene)).status_code == 403
    with scene.make_uow() as uow:
        assert uow.improvement_plans.of_product(scene.tenant.organisation.id,
                                                scene.product_id) == []


def test_the_plan_pages_show_the_plan_and_its_restated_progress(scene: Scene) -> None:
    csrf = sign_in(scene.client, scene.tenant.analyst)
    page = scene.client.get(f"/products/{scene.product_id}/improvement")
    assert page.status_code == 200
    assert "改进计划" in page.text
    saved = scene.client.post(f"/products/{scene.product_id}/improvement", data={
        "csrf_token": csrf, "title": "减重计划", "baseline_footprint_id": scene.baseline.id,
        "target_percent": "10", "starts_on": "2026-01-01", "target_on": "2030-01-01",
        "measures": "production | 5 | 余热发电\n原料替代"}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    shown = scene.client.get(saved.headers["location"])
    assert shown.status_code == 200
    assert 'data-progress="reached"' in shown.text  # 10 % of a 10 % target
    assert "10.0%" in shown.text
    assert "20.0%" in shown.text
    assert "余热发电" in shown.text
    assert "原料替代" in shown.text
    refused = scene.client.post(f"/products/{scene.product_id}/improvement", data={
        "csrf_token": csrf, "title": "x", "baseline_footprint_id": scene.baseline.id,
        "target_percent": "ten", "starts_on": "2026-01-01", "target_on": "2030-01-01"})
    assert refused.status_code == 422
    assert 'id="error"' in refused.text


def test_thresholds_are_public_and_published_only_by_an_operator_or_regulator(
        scene: Scene) -> None:
    admin = bearer(token_for(scene.make_uow, scene.tenant.admin))
    body = {"product_rule": "cn-pilot-04-li-ion-energy-storage@1.0",
            "declared_unit": "per 1 kWh", "boundary": "cradle-to-gate",
            "source": "试点公告", "published_on": "2026-12-01", "value_co2e_kg": 40}
    assert scene.client.post(f"{API}/claim-thresholds", headers=admin,
                             json=body).status_code == 403
    assert scene.client.get(f"{API}/public/claim-thresholds").json() == []


def test_claims_are_asked_for_decided_and_shown_by_the_registry(scene: Scene) -> None:
    certify(scene.make_uow, scene.data, scene.body, scene.tenant, scene.baseline)
    analyst = bearer(token_for(scene.make_uow, scene.tenant.analyst))
    decider = bearer(token_for(scene.make_uow, scene.body.decider))
    with scene.make_uow(write=True) as uow:  # a case before its decision: the API asks
        accept_agreement(uow, scene.tenant.organisation.id)
        case = cases.apply_for_certification(uow, scene.tenant.analyst, scene.improved.id,
                                             scene.body.organisation_id, documents())
    url = f"{API}/certification/cases/{case.id}/claims"
    target_on = (date.today() + timedelta(days=700)).isoformat()
    asked = scene.client.post(url, headers=analyst, json={
        "kind": "reducing", "baseline_footprint_id": scene.baseline.id, "target_share": 0.1,
        "target_on": target_on})
    assert asked.status_code == 201, asked.text
    assert scene.client.post(url, headers=analyst, json={
        "kind": "reducing", "baseline_footprint_id": scene.baseline.id, "target_share": 0.1,
        "target_on": target_on}).status_code == 409
    no_base = scene.client.post(url, headers=analyst, json={"kind": "low_carbon",
                                                            "target_share": 2})
    assert no_base.status_code == 422
    early = scene.client.post(f"{API}/claims/{asked.json()['id']}/decision", headers=decider,
                              json={"grant": True, "reason": "ok"})
    assert (early.status_code, early.json()["rule"]) == (409, "claim_before_certificate")
    # the improved footprint certified in a case of its own, asking for the reducing claim
    certificate_id, (claim_id,) = certify_with_claims(
        scene.make_uow, scene.data, scene.body, scene.tenant, scene.improved,
        (ClaimRequest(ClaimKind.REDUCING, scene.baseline.id, 0.1,
                      date.today() + timedelta(days=700)),), date.today())
    assert scene.client.post(f"{API}/claims/{claim_id}/decision", headers=analyst, json={
        "grant": True, "reason": "ok"}).status_code == 403  # not the applicant's to decide
    stranger = bearer(token_for(scene.make_uow, seed_tenant(scene.make_uow, "别家").admin))
    assert scene.client.post(f"{API}/claims/{claim_id}/decision", headers=stranger, json={
        "grant": True, "reason": "ok"}).status_code == 404
    assert scene.client.get(f"{API}/certification/cases/{case.id}/claims",
                            headers=stranger).status_code == 404
    granted = scene.client.post(f"{API}/claims/{claim_id}/decision", headers=decider, json={
        "grant": True, "reason": "减排经核查 / verified"})
    assert granted.status_code == 200, granted.text
    assert granted.json()["reduction_share"] == pytest.approx(0.10)
    with scene.make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
    assert certificate is not None
    page = scene.client.get(f"/registry/{certificate.number}", params={"lang": "zh-CN"})
    assert 'data-claim="reducing"' in page.text
    assert "减碳中" in page.text
    assert "10.0%" in page.text
    verdict = scene.client.get("/verify", params={"code": certificate.number, "lang": "en"})
    assert re.search(r'data-claim="reducing" data-claim-state="granted"', verdict.text)
    assert "Reducing CO2" in verdict.text
    sign_in(scene.client, scene.tenant.analyst)  # the holder's own certificate page
    own = scene.client.get(f"/certification/certificates/{certificate_id}")
    assert 'data-claim="reducing" data-claim-state="granted"' in own.text
    (public,) = scene.client.get(f"{API}/public/certificates/{certificate.number}/claims").json()
    assert (public["kind"], public["state"]) == ("reducing", "granted")
    assert public["reduction_share"] == pytest.approx(0.10)
    # a later verified footprint loses the reduction (restated 160 against 160): lapsed
    lost = footprint_of(scene.make_uow, scene.data, scene.tenant, scene.product_id,
                        model_text(100, 50, 0.6))
    reissued(scene.make_uow, scene.data, scene.body, scene.tenant, certificate_id, lost)
    page = scene.client.get(f"/registry/{certificate.number}", params={"lang": "zh-CN"})
    assert 'data-claim="reducing" data-claim-state="lapsed"' in page.text
    assert "已失效" in page.text
    verdict = scene.client.get("/verify", params={"code": certificate.number, "lang": "en"})
    assert 'data-claim="reducing" data-claim-state="lapsed"' in verdict.text  # a scan too


def test_the_case_page_offers_the_claim_form_to_the_applicant(scene: Scene) -> None:
    certify(scene.make_uow, scene.data, scene.body, scene.tenant, scene.baseline)
    with scene.make_uow(write=True) as uow:
        accept_agreement(uow, scene.tenant.organisation.id)
        case = cases.apply_for_certification(uow, scene.tenant.analyst, scene.improved.id,
                                             scene.body.organisation_id, documents())
    csrf = sign_in(scene.client, scene.tenant.analyst)
    page = scene.client.get(f"/certification/cases/{case.id}")
    assert 'id="claim-form"' in page.text
    assert scene.baseline.id in page.text  # offered as the verified baseline
    asked = scene.client.post(f"/certification/cases/{case.id}/claims", data={
        "csrf_token": csrf, "kind": "low_carbon"}, follow_redirects=False)
    assert asked.status_code == 303
    shown = scene.client.get(asked.headers["location"])
    assert 'data-claim="low_carbon" data-claim-state="requested"' in shown.text
    bad = scene.client.post(f"/certification/cases/{case.id}/claims", data={
        "csrf_token": csrf, "kind": "reducing", "target_percent": "abc"})
    assert bad.status_code == 422


def test_the_body_s_decision_maker_decides_a_claim_on_the_case_page(scene: Scene) -> None:
    certify(scene.make_uow, scene.data, scene.body, scene.tenant, scene.baseline)
    _, (claim_id,) = certify_with_claims(
        scene.make_uow, scene.data, scene.body, scene.tenant, scene.improved,
        (ClaimRequest(ClaimKind.LOW_CARBON),), date.today())
    with scene.make_uow() as uow:
        claim = uow.claims.get(claim_id)
    assert claim is not None
    csrf = sign_in(scene.client, scene.body.decider)
    page = scene.client.get(f"/certification/cases/{claim.case_id}")
    assert f"/claims/{claim_id}/decision" in page.text
    # the model follows no product rule, so there is no category to be low-carbon in:
    # granting is refused with the reason, on the page again
    refused = scene.client.post(f"/certification/cases/{claim.case_id}/claims/{claim_id}/decision",
                                data={"csrf_token": csrf, "decision": "grant", "reason": "ok"})
    assert refused.status_code == 409
    assert "无可比类别" in refused.text
    done = scene.client.post(f"/certification/cases/{claim.case_id}/claims/{claim_id}/decision",
                             data={"csrf_token": csrf, "decision": "refuse",
                                   "reason": "无可比类别 / no category"}, follow_redirects=False)
    assert done.status_code == 303
    shown = scene.client.get(done.headers["location"])
    assert 'data-claim="low_carbon" data-claim-state="refused"' in shown.text
