"""The certification pages over HTTP (no browser): each page for each party in Chinese and in
English, a refused step shown in the case page with the API's status, the rules visible in the
forms (ineligible auditors, the decision for a decider not on the team), re-evaluation on the
certificate page, and the calendar that suspends an overdue certificate when it is opened."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.certification.records import SurveillanceCheck
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import cases
from carbonlabel.services.quantify import catalog
from tests.browser.support import demo_model_path, make_app
from tests.support.certification import (
    Body,
    certify,
    declare_for_case,
    documents,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import PASSWORD, Tenant

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Setting:
    app: FastAPI
    body: Body
    holder: Tenant
    footprint_id: str
    certificate_id: str
    case_id: str  # the certified case
    data_dir: Path


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setting]:
    data_dir = tmp_path_factory.mktemp("certification-pages")
    app = make_app(data_dir)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, holder, footprint, nonconformity=True)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
    with TestClient(app):
        yield Setting(app, body, holder, footprint.id, certificate_id, certificate.case_id,
                      data_dir)


def signed_in(setting: Setting, user: User, lang: str = "zh-CN") -> tuple[TestClient, str]:
    client = TestClient(setting.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token, "next": "/certification"})
    assert answer.status_code == 303
    page = client.get("/certification")
    return client, CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def new_case(setting: Setting) -> str:
    with setting.app.state.uow(write=True) as uow:
        case = cases.apply_for_certification(
            uow, setting.holder.analyst, setting.footprint_id, setting.body.organisation_id,
            documents())
        uow.commit()
    return case.id


@pytest.mark.parametrize(("lang", "words"), [
    ("zh-CN", ("认证机构工作台", "证书", "监督日历", "进度记录", "有效")),
    ("en", ("Certification body workspace", "Certificates", "Surveillance calendar",
            "Timeline", "valid")),
])
def test_every_page_of_the_body_shows_in_each_language(setting: Setting, lang: str,
                                                       words: tuple[str, ...]) -> None:
    client, _ = signed_in(setting, setting.body.admin, lang)
    home, certificates, calendar, case, certificate, setup = (client.get(p) for p in (
        "/certification", "/certification/certificates", "/certification/calendar",
        f"/certification/cases/{setting.case_id}",
        f"/certification/certificates/{setting.certificate_id}", "/certification/setup"))
    for page in (home, certificates, calendar, case, certificate, setup):
        assert page.status_code == 200, page.text
        assert f'<html lang="{lang}">' in page.text
    assert words[0] in home.text
    assert words[1] in certificates.text
    assert words[2] in calendar.text
    assert words[3] in case.text
    assert words[4] in certificate.text
    assert case.text.count('class="event"') == 10  # apply ... grant, with the nonconformity
    # the scope: catalogue entry 4, named in the page's language
    assert ("4 储能锂离子电池" if lang == "zh-CN" else "4 energy-storage lithium-ion batteries"
            ) in setup.text


def test_the_holder_follows_its_case_but_not_the_bodys_pages(setting: Setting) -> None:
    client, _ = signed_in(setting, setting.holder.analyst)
    home = client.get("/certification").text
    assert 'id="apply-link"' in home
    assert f"/certification/cases/{setting.case_id}" in home
    case = client.get(f"/certification/cases/{setting.case_id}").text
    assert "电表未校准" in case  # the nonconformity, answered and closed
    assert "一号工厂 / plant 1" in case  # the manufacturing site the application named
    assert "4 储能锂离子电池" in case  # the case's catalogue entry
    assert "已关闭" in case
    assert 'id="next-step"' not in case
    apply = client.get("/certification/apply").text
    assert setting.footprint_id in apply
    assert "储能锂离子电池" in apply  # the body's scope, by catalogue name
    assert client.get("/certification/calendar").status_code == 403
    assert client.get("/certification/setup").status_code == 403
    dashboard = client.get("/dashboard").text
    assert 'href="/certification"' in dashboard


def test_a_refused_step_shows_the_case_again_with_the_reason(setting: Setting) -> None:
    case_id = new_case(setting)
    client, token = signed_in(setting, setting.body.decider)
    answer = client.post(f"/certification/cases/{case_id}/actions",
                         data={"csrf_token": token, "action": "grant"})
    assert answer.status_code == 409
    assert 'id="refused"' in answer.text
    assert "已申请" in answer.text  # the state, named in the reader's language
    assert "grant" in answer.text
    en, token = signed_in(setting, setting.holder.analyst, "en")
    wrong = en.post(f"/certification/cases/{case_id}/actions",
                    data={"csrf_token": token, "action": "accept"})
    assert wrong.status_code == 403
    assert "only the certification body does this step" in wrong.text


def test_refused_forms_show_their_page_again_with_the_reason_and_keep_nothing(
        setting: Setting) -> None:
    body, certificate_id = setting.body, setting.certificate_id
    with setting.app.state.uow() as uow:
        scope = uow.bodies.accreditation(body.organisation_id)
        changes = uow.certificates.status_changes(certificate_id)
        held = uow.cases.page(setting.holder.organisation.id, 0, 100).total
    admin, token = signed_in(setting, body.admin, "en")
    # the body no longer records its own scope (the platform operator does): it qualifies
    # its auditors, within its scope
    auditor_id = body.auditors[0].id
    no_category = admin.post("/certification/setup/qualifications", data={
        "csrf_token": token, "auditor_id": auditor_id, "category": " "})
    outside = admin.post("/certification/setup/qualifications", data={
        "csrf_token": token, "auditor_id": auditor_id, "category": "16"})
    for answer, status, reason in (
            (no_category, 422, "Give the product category."),
            (outside, 409, "is not in the body&#39;s accreditation scope")):
        assert answer.status_code == status
        assert 'id="refused"' in answer.text
        assert reason in answer.text
        assert "energy-storage lithium-ion batteries" in answer.text  # the set-up page
    assert admin.post("/certification/setup/accreditations", data={
        "csrf_token": token, "category": "16"}).status_code in (404, 405)
    no_reason = admin.post(f"/certification/certificates/{certificate_id}/status",
                           data={"csrf_token": token, "action": "suspend", "reason": ""})
    assert no_reason.status_code == 422
    assert "Give the reason for the change." in no_reason.text
    auditor, token = signed_in(setting, body.auditors[0], "en")
    not_allowed = auditor.post(f"/certification/certificates/{certificate_id}/status",
                               data={"csrf_token": token, "action": "suspend",
                                     "reason": "监督不合格"})
    assert not_allowed.status_code == 403
    assert "only the body&#39;s admin or decision maker" in not_allowed.text
    assert 'id="refused"' in not_allowed.text  # the certificate's page, not the error page
    holder, token = signed_in(setting, setting.holder.analyst)
    missing = holder.post("/certification/apply", data={
        "csrf_token": token, "footprint_id": setting.footprint_id,
        "body_id": body.organisation_id})
    assert missing.status_code == 422
    assert "缺少文件" in missing.text
    assert f'value="{body.organisation_id}" selected' in missing.text  # the choice is kept
    with setting.app.state.uow() as uow:
        assert uow.bodies.accreditation(body.organisation_id) == scope
        assert uow.certificates.status_changes(certificate_id) == changes
        assert uow.cases.page(setting.holder.organisation.id, 0, 100).total == held


def test_the_plan_form_marks_the_auditors_the_rules_exclude(setting: Setting) -> None:
    case_id = new_case(setting)
    client, token = signed_in(setting, setting.body.admin)
    assert client.post(f"/certification/cases/{case_id}/actions", data={
        "csrf_token": token, "action": "accept", "reason": "齐全"}).status_code == 303
    with setting.app.state.uow(write=True) as uow:  # impartiality is declared per case
        declare_for_case(uow, setting.body, case_id)
    page = client.get(f"/certification/cases/{case_id}").text
    plan = page.split('id="step-plan"')[1].split("</form>")[0]
    assert plan.count('name="team"') == 4  # both auditors, the admin, the decider
    assert plan.count('data-ineligible="true"') == 2
    assert "不具备该类别资格" in plan
    refused = client.post(f"/certification/cases/{case_id}/actions", data={
        "csrf_token": token, "action": "plan", "team": [setting.body.decider.id],
        "audit_dates": [(date.today() + timedelta(days=9)).isoformat()]})
    assert refused.status_code == 409
    assert "不具备产品类别" in refused.text
    planned = client.post(f"/certification/cases/{case_id}/actions", data={
        "csrf_token": token, "action": "plan",
        "team": [a.id for a in setting.body.auditors], "audit_dates": ["2030-01-02", ""]})
    assert planned.headers["location"].endswith("?done=plan#timeline")
    assert "2030-01-02" in client.get(f"/certification/cases/{case_id}").text


def test_a_changed_model_shows_re_evaluation_and_hides_the_label_button(
        setting: Setting) -> None:
    client, token = signed_in(setting, setting.holder.admin)
    page = client.get(f"/certification/certificates/{setting.certificate_id}").text
    assert 'id="issue-label"' in page
    issued = client.post(f"/certification/certificates/{setting.certificate_id}/labels",
                         data={"csrf_token": token})
    assert issued.status_code == 303
    page = client.get(f"/certification/certificates/{setting.certificate_id}").text
    assert "/v/" in page
    assert 'class="label"' in page
    with setting.app.state.uow(write=True) as uow:
        catalog.save_model_version(uow, setting.holder.analyst, _product_id(setting),
                                   demo_model_path().read_text(encoding="utf-8") + "\n",
                                   "yaml", setting.data_dir, setting.data_dir / "databases")
        uow.commit()
    page = client.get(f"/certification/certificates/{setting.certificate_id}").text
    assert 'id="reevaluation"' in page
    assert 'id="issue-label"' not in page
    assert "需要再评价" in client.get("/certification/certificates").text


def _product_id(setting: Setting) -> str:
    with setting.app.state.uow() as uow:
        certificate = uow.certificates.get(setting.certificate_id)
        assert certificate is not None
        return certificate.product_id


def test_opening_the_calendar_suspends_a_certificate_overdue_for_surveillance(
        tmp_path: Path) -> None:
    app = make_app(tmp_path)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, holder, footprint)
    today = date.today()
    with make_uow(write=True) as uow:  # a check that fell due 40 days ago, and one due now
        for days in (40, 2):
            uow.certificates.add_surveillance(SurveillanceCheck(
                str(uuid.uuid4()), certificate_id, today - timedelta(days=days), None, None,
                "", None))
        uow.commit()
    with TestClient(app):
        setting = Setting(app, body, holder, footprint.id, certificate_id, "", tmp_path)
        client, _ = signed_in(setting, body.auditors[0], "en")
        calendar = client.get("/certification/calendar")
        assert calendar.status_code == 200
        assert 'id="suspended-now"' in calendar.text
        assert 'id="due-alert"' in calendar.text
        again = client.get("/certification/calendar").text
        assert 'id="suspended-now"' not in again  # suspended once
        page = client.get(f"/certification/certificates/{certificate_id}").text
        assert "overdue surveillance" in page
        assert "the system" in page
        assert 'data-status="suspended"' in page


def test_the_certificate_page_names_addresses_the_mode_the_signatory_and_the_seal_root(
        setting: Setting) -> None:
    client, _ = signed_in(setting, setting.holder.admin)
    page = client.get(f"/certification/certificates/{setting.certificate_id}").text
    holder = setting.holder.organisation
    assert holder.registered_address in page  # the holder's registered address
    assert "中国北京市" in page  # the body has none: its region by name, not CN-BJ
    assert "CN-GD" not in page
    assert f'id="credit-code">{holder.credit_code}<' in page
    assert f'id="producer">{holder.name} ' in page  # the holder produces, by default
    assert "一号工厂 / plant 1（广东省深圳市宝安区工业路 8 号）" in page  # the site named
    assert 'id="product-type">储能电池包 / battery pack<' in page  # the product's name
    with setting.app.state.uow() as uow:
        approval = uow.approvals.get(setting.body.organisation_id)
        assert approval is not None
    assert f'id="approval-number">{approval.approval_number}<' in page
    assert f'id="accreditation-number">{approval.accreditation_number}<' in page
    assert "产品认证" in page  # the certification mode
    assert 'id="authorised-by"' in page
    assert "/api/v1/registry/seal-root.pem" in page
    english, _ = signed_in(setting, setting.holder.admin, "en")
    page = english.get(f"/certification/certificates/{setting.certificate_id}?lang=en").text
    assert "Guangdong Province, China" in page
    assert "plant 1 (广东省深圳市宝安区工业路 8 号)" in page
    assert "product certification" in page
