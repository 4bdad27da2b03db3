"""The pages over HTTP (no browser): sign-in and CSRF, tenant isolation on every page route
(enumerated from the app, so a new page is covered without editing this test), language
negotiation, roles, and errors shown in the page."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from carbonlabel.adapters.db.tables import UserSessionRow
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.changes import ChangeKind
from carbonlabel.domain.records import FootprintRecord, JobState
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.accounts import sessions, users
from carbonlabel.services.certification import changes, complaints, system, transfer
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.web.pages.common import PageRoute
from tests.api.test_tenant_isolation import AGENCY_KINDS, REGULATOR_KINDS
from tests.browser.support import demo_model_path, make_app, register_product
from tests.exchange.world import seed_exchange_records
from tests.support.certification import certify, qualify_and_declare, seed_body
from tests.support.improvement import seed_improvement
from tests.support.platform import PASSWORD, Tenant, seed_tenant
from tests.support.sharing import seed_sharing
from tests.support.system import take_system_case

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Site:
    app: FastAPI
    owner: Tenant  # owns the records below
    other: Tenant
    ids: dict[str, str]  # path parameter name -> the owner's record


def _seed_owner(app: FastAPI, owner: Tenant, data_dir: Path) -> dict[str, str]:
    make_uow = app.state.uow
    product_id = register_product(make_uow, owner, "甲公司电池", "Owner battery")
    with make_uow(write=True) as uow:
        version = catalog.save_model_version(
            uow, owner.admin, product_id, demo_model_path().read_text(encoding="utf-8"),
            "yaml", data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, owner.admin, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        footprint_id = uow.jobs.get(job.id).result_id  # type: ignore[union-attr]
        footprint = uow.footprints.in_org(owner.organisation.id, str(footprint_id))
    assert footprint is not None
    certified = _certify_owner(make_uow, owner, footprint, data_dir)
    plan_id, claim_id = seed_improvement(make_uow, owner, product_id, str(footprint_id),
                                         certified["case_id"])
    return {"product_id": product_id, "model_version_id": version.id, "job_id": job.id,
            "footprint_id": str(footprint_id), **certified,
            "plan_id": plan_id, "claim_id": claim_id,  # an improvement plan, a claim asked
            **seed_exchange_records(make_uow, owner), **_share_owner(make_uow, owner,
                                                                   str(footprint_id)),
            "token_id": _token_of(make_uow, owner),
            "code": "cn-pilot-04-li-ion-energy-storage",  # a product rule (reference data)
            "table": "stages"}  # a table of the footprint report (its CSV download)


def _token_of(make_uow: UowFactory, owner: Tenant) -> str:
    """An API token of the owner's admin (the account page's id)."""
    with make_uow(write=True) as uow:
        token, _ = users.create_token(uow, owner.admin, "owner token")
        uow.commit()
    return token.id


def _share_owner(make_uow: UowFactory, owner: Tenant, footprint_id: str) -> dict[str, str]:
    """An export approval and an inventory grant of the owner (the sharing pages' ids)."""
    shared = seed_sharing(make_uow, owner.admin, footprint_id)
    return {"approval_id": shared.approval_id, "grant_id": shared.grant_id}


def _certify_owner(make_uow: UowFactory, owner: Tenant, footprint: FootprintRecord,
                   data_dir: Path) -> dict[str, str]:
    """The owner's footprint certified (with a nonconformity on the way) by a body."""
    body = seed_body(make_uow)
    qualify_and_declare(make_uow, body, owner.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, owner, footprint, nonconformity=True)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        (nc,) = uow.cases.nonconformities(certificate.case_id)
        (check,) = uow.certificates.surveillance(certificate_id)
        (own_site,) = uow.sites.of(owner.organisation.id)
    other_body = seed_body(make_uow)
    with make_uow(write=True) as uow:  # a transfer the owner asked for, then cancelled
        asked = transfer.request_transfer(uow, owner.admin, certificate_id,
                                          other_body.organisation_id)
        transfer.cancel(uow, owner.admin, asked.id)
    with make_uow(write=True) as uow:  # a public complaint about it, the body's to handle
        filed = complaints.file_complaint(uow, certificate.number, "标识数值与证书不符")
    with make_uow(write=True) as uow:  # a scope extension the owner asked for, still open
        change = changes.request_change(uow, owner.analyst, certificate_id,
                                        changes.ChangeRequest(ChangeKind.EXTENSION, "新型号",
                                                              scope="100 kWh, 200 kWh"))
    system_case = take_system_case(make_uow, data_dir, body, owner, footprint)
    with make_uow() as uow:  # the owner's calculation system, certified by the same body
        granted = uow.cases.get(system_case)
    assert granted is not None
    assert granted.certificate_id is not None
    with make_uow(write=True) as uow:  # a product registered under it, and a sample drawn
        system.register(uow, owner.analyst, granted.certificate_id, footprint.id)
    with make_uow(write=True) as uow:
        sample = system.draw_sample(uow, body.admin, granted.certificate_id, seed=1)
    return {"case_id": certificate.case_id, "certificate_id": certificate_id,
            "nonconformity_id": nc.id, "check_id": check.id, "body_id": body.organisation_id,
            "site_id": own_site.id, "complaint_id": filed.complaint.id,
            "transfer_id": asked.id, "change_id": change.id,
            "system_id": granted.certificate_id, "sample_id": sample.id,
            # the regulator's records (its pages refuse a non-regulator before looking)
            **{k: str(uuid.uuid5(uuid.NAMESPACE_URL, k)) for k in REGULATOR_KINDS},
            **{k: str(uuid.uuid5(uuid.NAMESPACE_URL, k)) for k in AGENCY_KINDS}}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("pages-data")
    app = make_app(data_dir)
    owner = seed_tenant(app.state.uow, "甲企业 Owner Co.")
    other = seed_tenant(app.state.uow, "乙企业 Other Co.")
    ids = _seed_owner(app, owner, data_dir)
    with TestClient(app):  # runs the lifespan (job runner) once for the module
        yield Site(app, owner, other, ids)


def browser(site: Site, **headers: str) -> TestClient:
    return TestClient(site.app, headers=headers, follow_redirects=False)


def sign_in(site: Site, user: User, **headers: str) -> tuple[TestClient, str]:
    """A client signed in as the user, and the CSRF token of its session."""
    client = browser(site, **headers)
    form = client.get("/signin")
    token = CSRF.search(form.text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token, "next": "/dashboard"})
    assert answer.status_code == 303
    page = client.get("/dashboard")
    return client, CSRF.search(page.text).group(1)  # type: ignore[union-attr]


#: pages public by policy (the registry, label verification, the public's complaint form and
#: tracking link, the false-label report form, published penalties): no sign-in, no records of
#: an organisation's own (tests/registry, tests/api/test_complaints_api.py,
#: tests/api/test_supervision_cases_api.py and tests/browser/test_penalty_pages_http.py cover
#: them; the category benchmarks and the compare page: tests/api/test_benchmark_pages.py)
PUBLIC_PAGES = ("/registry", "/v/", "/verify", "/complaints", "/reports", "/public/",
                "/benchmarks", "/compare")
#: the regulator's pages (tests/api/test_jurisdiction_isolation.py walks them as regulators)
REGULATOR_PAGES = "/supervision"
#: under it, the pages where a pilot's responsible units (enterprises) report on their tasks
UNIT_PAGES = "/supervision/pilot-tasks"
#: reference data every signed-in organisation reads alike (the product rules): no
#: organisation's records (tests/browser/test_product_rule_pages_http.py)
REFERENCE_PAGES = "/product-rules"
#: the procurement agencies' pages refuse everyone else before looking at a record
AGENCY_PAGES = "/procurement"


def page_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every signed-in page of the app; FastAPI >= 0.16x keeps included
    routers as branches (their ``effective_route_contexts``), older versions flatten them."""
    found: list[tuple[str, str]] = []

    def walk(routes: Iterable[Any]) -> None:
        for route in routes:
            contexts = getattr(route, "effective_route_contexts", None)
            if contexts is not None:
                walk(contexts())
            elif isinstance(getattr(route, "original_route", route), PageRoute) and not (
                    route.path.startswith(PUBLIC_PAGES)):
                found.extend((method, route.path) for method in route.methods)

    walk(app.routes)
    assert len(found) >= 9
    return sorted(found)


def assert_every_page_sends_to_sign_in(site: Site, client: TestClient, csrf: str) -> None:
    """Every page read is sent to sign-in; every form is refused (sign-in or CSRF)."""
    for method, path in page_routes(site.app):
        url = path.format(**site.ids)
        if method == "GET" and path not in ("/", "/signin"):
            answer = client.get(url)
            assert answer.status_code == 303, url
            assert answer.headers["location"].startswith("/signin?next=/"), url
        elif method == "POST" and path != "/signin":
            assert client.post(url, data={"csrf_token": csrf}).status_code in (303, 403), url


def test_signed_out_visitors_are_sent_to_sign_in_and_change_nothing(site: Site) -> None:
    assert_every_page_sends_to_sign_in(site, browser(site), "x")


def test_another_organisations_records_are_not_found_on_any_page(site: Site) -> None:
    client, token = sign_in(site, site.other.admin)
    before = counts(site)
    tried = 0
    for method, path in page_routes(site.app):
        if "{" not in path:
            continue
        url = path.format(**site.ids)  # a KeyError here: a new parameter to add to Site.ids
        answer = (client.get(url) if method == "GET"
                  else client.post(url, data={"csrf_token": token, "content": "x"}))
        # the regulator's pages refuse a non-regulator before any record is looked at (a
        # form is read first: a form this walk does not fill is refused as such, 422); a
        # pilot's responsible units report on their own tasks only
        expected = ({404} if path.startswith(UNIT_PAGES)
                    else {403} if path.startswith((REGULATOR_PAGES, AGENCY_PAGES))
                    else {200} if path.startswith(REFERENCE_PAGES) else {404})
        if method == "POST" and path.startswith(REGULATOR_PAGES):
            expected.add(422)
        assert answer.status_code in expected, (method, url)
        assert "text/html" in answer.headers["content-type"]
        assert "Owner battery" not in answer.text
        assert "甲公司电池" not in answer.text
        tried += 1
    assert tried >= 5
    assert counts(site) == before


def counts(site: Site) -> tuple[int, int]:
    """The owner's model versions and jobs."""
    with site.app.state.uow() as uow:
        return (uow.model_versions.latest_number(site.ids["product_id"]),
                uow.jobs.page(site.owner.organisation.id, 0, 10).total)


def test_a_failed_job_shows_each_error_with_its_field_and_line(site: Site) -> None:
    problem = InputError(field="processes[1].inputs[0].unit", line=42,
                         message_en="kWh cannot be converted to kg",
                         message_zh="kWh 无法换算为 kg")
    with site.app.state.uow(write=True) as uow:
        job = footprint_jobs.start_footprint_job(uow, site.owner.admin,
                                                 site.ids["model_version_id"])
        uow.jobs.update(job.id, state=JobState.FAILED, progress=1.0, message="失败 failed",
                        error=json.dumps(problem.as_dict(), ensure_ascii=False))
        uow.commit()
    client, _ = sign_in(site, site.owner.viewer, **{"Accept-Language": "en"})
    page = client.get(f"/jobs/{job.id}").text
    errors = page.split('id="job-errors"')[1].split("</div>")[0]
    assert " hidden" not in errors.split(">")[0]
    assert "<code>processes[1].inputs[0].unit</code> · line 42: kWh cannot be converted" in errors


def test_the_owner_sees_the_footprint_report(site: Site) -> None:
    client, _ = sign_in(site, site.owner.analyst)
    page = client.get(f"/footprints/{site.ids['footprint_id']}")
    assert page.status_code == 200
    assert '<span class="total-value">43.11</span>' in page.text
    stage_chart = page.text.split('id="stage-chart"')[1].split("</figure>")[0]
    assert stage_chart.count('class="bar-row"') == 2
    assert "每 1 kWh" in page.text
    assert "主要排放热点" in page.text
    dashboard = client.get("/dashboard").text
    assert "甲公司电池" in dashboard
    assert "43.11" in dashboard


def test_forms_without_the_sessions_csrf_token_are_refused(site: Site) -> None:
    client, _ = sign_in(site, site.owner.admin)
    answer = client.post("/products", data={"name_zh": "无令牌", "name_en": "No token",
                                             "category": "x", "csrf_token": "forged"})
    assert answer.status_code == 403
    assert "表单已过期" in answer.text
    assert "无令牌" not in client.get("/dashboard").text


def test_sign_in_shows_a_wrong_password_in_the_page_and_never_leaves_the_site(
        site: Site) -> None:
    client = browser(site)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    wrong = client.post("/signin", data={"email": site.owner.admin.email, "password": "nope",
                                         "csrf_token": token})
    assert wrong.status_code == 401
    assert "电子邮件或密码错误" in wrong.text
    right = client.post("/signin", data={"email": site.owner.admin.email, "password": PASSWORD,
                                         "csrf_token": token, "next": "//evil.example/x"})
    assert right.headers["location"] == "/dashboard"
    token = CSRF.search(client.get("/dashboard").text).group(1)  # type: ignore[union-attr]
    assert client.post("/signout", data={"csrf_token": token}).status_code == 303
    assert client.get("/dashboard").status_code == 303


@pytest.mark.parametrize(("headers", "query", "expected"), [
    ({}, "", "登录"),
    ({"Accept-Language": "en-US,en;q=0.9"}, "", "Sign in"),
    ({"Accept-Language": "fr-FR, en;q=0.5, zh;q=0.4"}, "", "Sign in"),
    ({"Accept-Language": "en-GB"}, "?lang=zh-CN", "登录"),
    ({"Accept-Language": "zh-TW,zh;q=0.9"}, "?lang=en", "Sign in"),
])
def test_the_language_is_chinese_first_then_chosen_or_negotiated(
        site: Site, headers: dict[str, str], query: str, expected: str) -> None:
    page = browser(site, **headers).get(f"/signin{query}")
    assert f"<h1>{expected}</h1>" in page.text


def test_a_chosen_language_is_remembered_in_a_cookie(site: Site) -> None:
    client = browser(site, **{"Accept-Language": "zh-CN"})
    assert "carbonlabel_lang=en" in client.get("/signin?lang=en").headers["set-cookie"]
    page = client.get("/signin")
    assert '<html lang="en">' in page.text
    assert "<h1>Sign in</h1>" in page.text


def test_a_viewer_reads_but_cannot_change(site: Site) -> None:
    client, token = sign_in(site, site.owner.viewer)
    assert 'id="register"' not in client.get("/dashboard").text
    product = client.get(f"/products/{site.ids['product_id']}").text
    assert "calculate" not in product
    assert 'id="new-version"' not in product
    answer = client.post(f"/models/{site.ids['model_version_id']}/calculate",
                         data={"csrf_token": token})
    assert answer.status_code == 403


def test_model_errors_are_shown_per_field_and_line(site: Site) -> None:
    client, token = sign_in(site, site.owner.analyst, **{"Accept-Language": "en"})
    text = demo_model_path().read_text(encoding="utf-8").replace(
        "stage: production", "stage: nonsense", 1)
    answer = client.post(f"/products/{site.ids['product_id']}/models",
                         data={"csrf_token": token, "content": text, "format": "yaml"})
    assert answer.status_code == 422
    errors = answer.text.split('id="model-errors"')[1].split("</div>")[0]
    assert re.search(r"<code>processes\[\d+\]\.stage</code> · <span class=\"line\">line \d+",
                     errors)
    assert "stage: nonsense" in answer.text  # the text is kept for correcting
    empty = client.post(f"/products/{site.ids['product_id']}/models",
                        data={"csrf_token": token, "content": " "})
    assert "Paste the model text or choose a model file." in empty.text


def test_a_product_with_a_bad_gtin_is_refused_at_the_field(site: Site) -> None:
    client, token = sign_in(site, site.owner.analyst)
    answer = client.post("/products", data={"csrf_token": token, "name_zh": "条码错误",
                                            "name_en": "Bad GTIN", "category": "x",
                                            "gtin": "4006381333932"})
    assert answer.status_code == 422
    assert 'id="gtin-error"' in answer.text
    assert "GTIN 校验位错误" in answer.text


def test_a_refused_form_is_drawn_again_with_the_reason_and_keeps_nothing(site: Site) -> None:
    client, token = sign_in(site, site.owner.admin)
    make_uow = site.app.state.uow
    with make_uow() as uow:
        before = uow.release_approvals.of_org(site.owner.organisation.id)
    answer = client.post("/sharing/approvals", data={
        "csrf_token": token, "partner_id": site.ids["partner_id"],
        "footprint_id": site.ids["footprint_id"], "purpose": " ", "recipient": "Buyer GmbH"})
    assert answer.status_code == 422
    assert "请填写提供数据的目的" in answer.text  # the service's reason, in the page's language
    assert 'id="approvals"' in answer.text  # the sharing page itself, not the error page
    english = client.post("/sharing/approvals?lang=en", data={
        "csrf_token": token, "partner_id": site.ids["partner_id"], "purpose": "Customs",
        "recipient": "Buyer GmbH", "expires_on": "2020-01-01"})
    assert english.status_code == 422
    assert "the expiry must lie in the future" in english.text
    with make_uow() as uow:
        assert uow.release_approvals.of_org(site.owner.organisation.id) == before


def test_pages_stay_out_of_the_api_schema_and_static_files_are_served(site: Site) -> None:
    client = browser(site)
    schema = client.get("/api/v1/openapi.json").json()
    assert not [p for p in schema["paths"] if not p.startswith("/api/")]
    css = client.get("/static/app.css")
    assert css.status_code == 200
    assert "text/css" in css.headers["content-type"]
    assert client.get("/static/job.js").status_code == 200


def test_nul_characters_are_refused_before_they_reach_the_database(site: Site) -> None:
    client, token = sign_in(site, site.owner.analyst)
    assert client.get("/products/a%00b").status_code == 422
    answer = client.post("/products", data={"csrf_token": token, "name_zh": "空\x00字符",
                                            "name_en": "NUL", "category": "x"})
    assert answer.status_code == 422
    assert "文本不能包含 NUL 字符" in answer.text


def _end_sessions(site: Site, user: User, **values: Any) -> None:
    with site.app.state.uow(write=True) as uow:
        uow.session.execute(update(UserSessionRow).where(
            UserSessionRow.user_id == user.id, UserSessionRow.revoked_at.is_(None))
            .values(**values))
        uow.commit()


@pytest.mark.parametrize("ending", ["revoked", "expired"])
def test_every_page_sends_an_ended_session_to_sign_in_and_changes_nothing(
        site: Site, ending: str) -> None:
    client, token = sign_in(site, site.other.viewer)
    past = datetime.now(UTC) - timedelta(seconds=1)
    _end_sessions(site, site.other.viewer, **(
        {"revoked_at": past, "revoked_reason": "signed_out_everywhere"} if ending == "revoked"
        else {"expires_at": past}))
    before = counts(site)
    assert_every_page_sends_to_sign_in(site, client, token)
    assert counts(site) == before


def test_a_password_changed_on_the_account_page_ends_the_other_sessions(site: Site) -> None:
    user = site.other.analyst
    here, token = sign_in(site, user)
    elsewhere, _ = sign_in(site, user)
    new = "another long test password"

    changed = here.post("/account/password", data={"csrf_token": token,
                                                   "current_password": PASSWORD,
                                                   "new_password": new})

    assert changed.status_code == 303
    assert elsewhere.get("/account").status_code == 303  # to sign-in
    assert here.get("/account?done=password").status_code == 200
    with site.app.state.uow(write=True) as uow:  # back, for the module's other tests
        sessions.change_password(uow, user, new, PASSWORD)
        uow.commit()


def test_a_token_made_on_the_account_page_is_shown_once_and_revoked_there(
        site: Site) -> None:
    client, token = sign_in(site, site.other.admin)
    made = client.post("/account/tokens", data={"csrf_token": token, "name": "page token",
                                                "days": "30"})
    assert made.status_code == 201
    shown = re.search(r'id="new-token-secret">([^<]+)<', made.text)
    assert shown is not None
    secret = shown.group(1)
    api = TestClient(site.app, headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/me").status_code == 200
    listed = client.get("/account")
    assert "page token" in listed.text
    assert secret not in listed.text
    row = re.search(r'id="token-([^"]+)" data-state="active"', listed.text)
    assert row is not None
    token_id = row.group(1)
    revoked = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 303
    assert api.get("/api/v1/me").status_code == 401
    too_long = client.post("/account/tokens", data={"csrf_token": token, "name": "x",
                                                    "days": "400"})
    assert too_long.status_code == 422
    assert 'id="refused"' in too_long.text
