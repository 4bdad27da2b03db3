"""The REST API's behaviour: sign-in, CSRF, roles, pagination, errors, jobs, model versions.

On SQLite (the back ends are walked by the tenant-isolation and fuzz tests); the expected
statuses are those of docs/api.md.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import closing
from importlib import resources
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import text

from carbonlabel.cli.wiring import quantify_file
from carbonlabel.services.quantify import footprint_jobs
from tests.api.conftest import API, World, bearer, lfp_model_text, sign_in
from tests.conftest import base_model
from tests.support.pact_schemas import example
from tests.support.platform import PASSWORD

ERROR_KEYS = {"code", "field", "message", "message_zh", "message_en"}
LFP_TOTAL_KG = 43.114517845586256  # `carbonlabel quantify` of the bundled LFP demo model


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Only SQLite here (overrides the fixture parametrized over both back ends)."""
    return f"sqlite:///{tmp_path / 'api.db'}"


@pytest.fixture
def browser(world: World) -> Iterator[TestClient]:
    """A second client with its own cookie jar (the app's lifespan runs under world.client)."""
    with closing(TestClient(world.app)) as client:
        yield client


def assert_error(response: httpx.Response, status: int, code: str, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) >= ERROR_KEYS, body
    assert (body["code"], body["field"]) == (code, field), body
    assert body["message"] == f"{body['message_zh']} | {body['message_en']}"
    assert body["message_zh"]
    assert body["message_en"]
    return body


def product_body(**overrides: Any) -> dict[str, Any]:
    return {"name_zh": "测试产品", "name_en": "Test product", "category": "test", **overrides}


def admin(world: World) -> dict[str, str]:
    return bearer(world.a.token)


# -- sign-in, sessions, CSRF, tokens ---------------------------------------------------------

def test_sign_in_sets_a_session_that_reads_and_sign_out_ends_it(world: World,
                                                                browser: TestClient) -> None:
    csrf = sign_in(browser, world.a.tenant.analyst)
    me = browser.get(f"{API}/me")
    assert me.status_code == 200
    assert me.json()["user"]["id"] == world.a.tenant.analyst.id
    assert me.json()["organisation"]["id"] == world.a.tenant.organisation.id

    assert browser.delete(f"{API}/auth/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert_error(browser.get(f"{API}/me"), 401, "unauthenticated", "Authorization")


def test_sign_in_with_a_wrong_password_is_401_naming_the_email(world: World) -> None:
    response = world.client.post(f"{API}/auth/session", json={
        "email": world.a.tenant.admin.email, "password": "not the password"})
    assert_error(response, 401, "unauthenticated", "email")
    assert "set-cookie" not in response.headers


def test_sign_in_answer_does_not_show_the_password_hash(world: World,
                                                        browser: TestClient) -> None:
    response = browser.post(f"{API}/auth/session", json={
        "email": world.a.tenant.viewer.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "password" not in response.text
    assert "argon2" not in response.text


def test_a_cookie_session_needs_the_csrf_token_for_changes(world: World,
                                                           browser: TestClient) -> None:
    csrf = sign_in(browser, world.a.tenant.analyst)
    assert_error(browser.post(f"{API}/products", json=product_body()), 403, "forbidden",
                 "X-CSRF-Token")
    assert_error(browser.post(f"{API}/products", json=product_body(),
                              headers={"X-CSRF-Token": csrf + "x"}), 403, "forbidden",
                 "X-CSRF-Token")
    made = browser.post(f"{API}/products", json=product_body(), headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201
    assert browser.get(f"{API}/products").status_code == 200  # reads need no token


def test_a_bearer_token_needs_no_csrf_token(world: World) -> None:
    response = world.client.post(f"{API}/products", json=product_body(), headers=admin(world))
    assert response.status_code == 201
    assert response.json()["organisation_id"] == world.a.tenant.organisation.id


def test_an_unknown_or_malformed_bearer_token_is_401(world: World) -> None:
    for header in ("Bearer clt_not-a-token", "Bearer ", "Basic abc"):
        response = world.client.get(f"{API}/products", headers={"Authorization": header})
        assert_error(response, 401, "unauthenticated", "Authorization")


def test_a_token_made_in_a_session_works_as_bearer_and_is_shown_once(
        world: World, browser: TestClient) -> None:
    csrf = sign_in(browser, world.a.tenant.viewer)
    made = browser.post(f"{API}/tokens", json={"name": "my script"},
                        headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201
    secret = made.json()["token"]
    me = world.client.get(f"{API}/me", headers=bearer(secret))
    assert me.json()["user"]["id"] == world.a.tenant.viewer.id
    assert secret not in world.client.get(f"{API}/users", headers=bearer(secret)).text


# -- roles and organisations -----------------------------------------------------------------

def test_a_viewer_can_read_but_not_create_or_calculate(world: World) -> None:
    viewer = bearer(world.b_viewer_token)
    assert world.client.get(f"{API}/products", headers=viewer).status_code == 200
    assert_error(world.client.post(f"{API}/products", json=product_body(), headers=viewer),
                 403, "forbidden", "role")
    assert_error(world.client.post(f"{API}/users", headers=viewer, json={
        "email": "new@example.cn", "display_name": "New", "role": "viewer",
        "password": PASSWORD}), 403, "forbidden", "role")


def test_a_viewer_may_not_start_a_calculation_of_own_model(world: World,
                                                           browser: TestClient) -> None:
    sign_in(browser, world.a.tenant.viewer)
    csrf = sign_in(browser, world.a.tenant.viewer)
    response = browser.post(f"{API}/models/{world.a.model_version_id}/footprints",
                            headers={"X-CSRF-Token": csrf})
    assert_error(response, 403, "forbidden", "role")


def test_only_an_admin_creates_users_and_only_in_the_admins_organisation(
        world: World, browser: TestClient) -> None:
    new_user = {"email": "Lin.Fang@Example.cn", "display_name": "林芳 Lin Fang",
                "role": "analyst", "password": "another long password"}
    csrf = sign_in(browser, world.a.tenant.analyst)
    assert_error(browser.post(f"{API}/users", json=new_user, headers={"X-CSRF-Token": csrf}),
                 403, "forbidden", "role")

    made = world.client.post(f"{API}/users", json=new_user, headers=admin(world))
    assert made.status_code == 201
    assert made.json()["organisation_id"] == world.a.tenant.organisation.id
    assert made.json()["email"] == "lin.fang@example.cn"
    assert "password" not in made.text

    listed = world.client.get(f"{API}/users", headers=admin(world)).json()
    assert made.json()["id"] in {u["id"] for u in listed["items"]}
    assert {u["organisation_id"] for u in listed["items"]} == {world.a.tenant.organisation.id}
    signed = browser.post(f"{API}/auth/session", json={"email": "lin.fang@example.cn",
                                                       "password": "another long password"})
    assert signed.status_code == 200


def test_a_used_email_is_409_naming_the_email(world: World) -> None:
    response = world.client.post(f"{API}/users", headers=bearer(world.b_admin_token), json={
        "email": world.a.tenant.viewer.email, "display_name": "dup", "role": "viewer",
        "password": PASSWORD})
    body = assert_error(response, 409, "conflict", "email")
    assert world.a.tenant.viewer.id not in response.text
    assert world.a.tenant.organisation.name not in str(body)


def test_a_short_password_is_422_naming_the_password(world: World) -> None:
    response = world.client.post(f"{API}/users", headers=admin(world), json={
        "email": "short@example.cn", "display_name": "x", "role": "viewer",
        "password": "short"})
    assert_error(response, 422, "invalid_input", "password")


def test_weak_passwords_are_422_naming_the_password_and_the_rule_they_break(
        world: World) -> None:
    email, name = "lin.fang@example.cn", "林芳 Lin Fang"
    expected = {"aaaaaaaaaa": "one character repeated",
                "1234567890": "a run of consecutive characters",
                "abcdefghij": "a run of consecutive characters",
                email: "the e-mail address or the name",
                "林芳 Lin Fang 2024": "the e-mail address or the name",
                "password123": "commonly used passwords"}
    for password, rule in expected.items():
        response = world.client.post(f"{API}/users", headers=admin(world), json={
            "email": email, "display_name": name, "role": "viewer", "password": password})
        body = assert_error(response, 422, "invalid_input", "password")
        assert rule in body["message_en"], (password, body)
        assert "密码" in body["message_zh"]


def test_users_and_organisations_of_another_organisation_are_not_found(world: World) -> None:
    b = bearer(world.b_admin_token)
    assert_error(world.client.get(f"{API}/users/{world.a.tenant.admin.id}", headers=b), 404,
                 "not_found", "user_id")
    assert_error(world.client.get(f"{API}/organisations/{world.a.tenant.organisation.id}",
                                  headers=b), 404, "not_found", "organisation_id")
    own = world.client.get(f"{API}/organisations/{world.b.organisation.id}", headers=b)
    assert own.json()["name"] == world.b.organisation.name


# -- pagination ------------------------------------------------------------------------------

def test_lists_page_with_offset_and_limit(world: World) -> None:
    for k in range(4):
        made = world.client.post(f"{API}/products", json=product_body(own_code=f"P{k}"),
                                 headers=admin(world))
        assert made.status_code == 201
    first = world.client.get(f"{API}/products", params={"limit": 2}, headers=admin(world)).json()
    rest = world.client.get(f"{API}/products", params={"offset": 2, "limit": 200},
                            headers=admin(world)).json()
    beyond = world.client.get(f"{API}/products", params={"offset": 1000},
                              headers=admin(world)).json()
    assert (first["total"], first["offset"], first["limit"], len(first["items"])) == (5, 0, 2, 2)
    assert (rest["total"], len(rest["items"])) == (5, 3)
    ids = [p["id"] for p in first["items"] + rest["items"]]
    assert len(set(ids)) == 5
    assert (beyond["total"], beyond["items"]) == (5, [])


@pytest.mark.parametrize(("query", "field"), [
    ({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"limit": "ten"}, "limit"),
    ({"offset": -1}, "offset"), ({"offset": 1_000_001}, "offset"), ({"offset": "1.5"}, "offset"),
])
def test_paging_out_of_bounds_is_422_naming_the_parameter(world: World, query: dict[str, Any],
                                                          field: str) -> None:
    for path in ("/products", "/users", "/jobs", "/footprints"):
        response = world.client.get(f"{API}{path}", params=query, headers=admin(world))
        assert_error(response, 422, "invalid_input", field)


# -- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "field"), [
    ("/products/{}", "product_id"), ("/products/{}/models", "product_id"),
    ("/models/{}", "model_version_id"), ("/jobs/{}", "job_id"),
    ("/footprints/{}", "footprint_id"), ("/users/{}", "user_id"),
    ("/organisations/{}", "organisation_id"),
])
def test_an_unknown_id_is_404_naming_the_parameter(world: World, path: str, field: str) -> None:
    for unknown in ("00000000-0000-0000-0000-000000000000", "not-an-id", "x" * 300):
        response = world.client.get(f"{API}{path.format(unknown)}", headers=admin(world))
        assert_error(response, 404, "not_found", field)


def test_an_unknown_path_is_404_and_a_wrong_method_405_with_the_error_body(world: World) -> None:
    assert_error(world.client.get(f"{API}/no-such-thing", headers=admin(world)), 404,
                 "not_found", "")
    assert_error(world.client.put(f"{API}/models/{world.a.model_version_id}", json={},
                                  headers=admin(world)), 405, "method_not_allowed", "")


def test_malformed_json_is_400_naming_the_body(world: World) -> None:
    for raw in (b"{not json", b'{"name_zh": "x",}', b"\xff\xfe"):
        response = world.client.post(f"{API}/products", content=raw, headers={
            **admin(world), "Content-Type": "application/json"})
        assert_error(response, 400, "malformed_body", "body")


def test_a_body_too_deeply_nested_to_parse_is_400_naming_the_body(world: World) -> None:
    response = world.client.post(f"{API}/products", content=b"[" * 100_000, headers={
        **admin(world), "Content-Type": "application/json"})
    assert_error(response, 400, "malformed_body", "body")


@pytest.mark.parametrize(("fmt", "content"), [
    ("yaml", "[" * 5000), ("json", "[" * 5000), ("yaml", "a: &a [*a]"),
    ("yaml", "product: &p {name: *p}"),
])
def test_a_model_nested_too_deeply_or_containing_itself_is_422(world: World, fmt: str,
                                                              content: str) -> None:
    """These raised RecursionError (a 500) in the model parser."""
    response = world.client.post(f"{API}/products/{world.a.product_id}/models",
                                 json={"format": fmt, "content": content}, headers=admin(world))
    body = assert_error(response, 422, "invalid_model", "")
    assert "nested too deeply" in body["message_en"]


def test_a_missing_field_is_422_naming_it_and_listing_every_problem(world: World) -> None:
    response = world.client.post(f"{API}/products", json={"name_en": "only English"},
                                 headers=admin(world))
    body = assert_error(response, 422, "invalid_input", "name_zh")
    assert {e["field"] for e in body["errors"]} == {"name_zh", "category"}


def test_every_problem_list_has_one_shape(world: World) -> None:
    """Request validation and model validation list their problems alike."""
    invalid_request = world.client.post(f"{API}/products", json={}, headers=admin(world))
    invalid_model = world.client.post(f"{API}/products/{world.a.product_id}/models",
                                      json={"content": "schema: nope"}, headers=admin(world))
    for response in (invalid_request, invalid_model):
        for problem in response.json()["errors"]:
            assert set(problem) == {"field", "code", "line", "message"}, problem
            assert set(problem["message"]) == {"zh", "en"}


@pytest.mark.parametrize(("change", "field"), [
    ({"gtin": "12345"}, "gtin"),                # not 8, 12, 13 or 14 digits
    ({"gtin": "96385075"}, "gtin"),             # wrong GS1 check digit (service rule)
    ({"name_zh": ""}, "name_zh"),
    ({"name_zh": "   "}, "name_zh"),            # blank once stripped
    ({"category": 12}, "category"),
    ({"name_en": "x" * 201}, "name_en"),
    ({"colour": "red"}, "colour"),              # unknown fields are refused, not ignored
])
def test_an_invalid_field_is_422_naming_it(world: World, change: dict[str, Any],
                                           field: str) -> None:
    response = world.client.post(f"{API}/products", json=product_body(**change),
                                 headers=admin(world))
    assert_error(response, 422, "invalid_input", field)


def test_a_body_of_the_wrong_json_type_is_422(world: World) -> None:
    for body in ([], "text", 3, None):
        response = world.client.post(f"{API}/products", json=body, headers=admin(world))
        assert response.status_code == 422, (body, response.text)
        assert set(response.json()) >= ERROR_KEYS


def test_an_invalid_model_is_422_with_every_error_and_its_line(world: World) -> None:
    model = base_model()
    model["unit"]["process"] = "missing_process"
    model["factors"][0]["unit"] = "furlong"
    model["processes"][0]["inputs"].append({"factor": "no_such_factor", "amount": 1,
                                            "unit": "kg"})
    text = yaml.safe_dump(model, allow_unicode=True, sort_keys=False)
    response = world.client.post(f"{API}/products/{world.a.product_id}/models",
                                 json={"content": text}, headers=admin(world))
    body = assert_error(response, 422, "invalid_model", "unit.process")
    found = {(e["field"], e["line"]) for e in body["errors"]}
    lines = text.splitlines()
    assert {f for f, _ in found} == {"unit.process", "processes[0].inputs[0].unit",
                                     "processes[0].inputs[1].factor"}
    for field, line in found:
        assert isinstance(line, int)
        expected = {"unit.process": "missing_process", "processes[0].inputs[0].unit": "unit: kWh",
                    "processes[0].inputs[1].factor": "no_such_factor"}[field]
        assert expected in lines[line - 1], (field, line, lines[line - 1])
    versions = world.client.get(f"{API}/products/{world.a.product_id}/models",
                                headers=admin(world)).json()
    assert versions["total"] == 1  # nothing was kept


def test_a_model_that_is_not_yaml_is_422(world: World) -> None:
    response = world.client.post(f"{API}/products/{world.a.product_id}/models",
                                 json={"content": "a: [unclosed"}, headers=admin(world))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_model"


# -- model versions and calculations ---------------------------------------------------------

def test_model_versions_are_immutable_and_a_new_save_is_the_next_version(world: World) -> None:
    a = world.a
    v1 = world.client.get(f"{API}/models/{a.model_version_id}", headers=admin(world)).json()
    changed = lfp_model_text().replace("amount: 1\n  unit: kWh", "amount: 2\n  unit: kWh", 1)
    assert changed != lfp_model_text()
    saved = world.client.post(f"{API}/products/{a.product_id}/models",
                              json={"content": changed, "format": "yaml"}, headers=admin(world))
    assert saved.status_code == 201
    assert saved.json()["version"] == 2
    assert saved.json()["content_hash"] != v1["content_hash"]

    again = world.client.get(f"{API}/models/{a.model_version_id}", headers=admin(world)).json()
    assert again == v1
    assert again["content"] == lfp_model_text()
    listed = world.client.get(f"{API}/products/{a.product_id}/models", headers=admin(world))
    assert [v["version"] for v in listed.json()["items"]] == [2, 1]
    for method in ("PUT", "PATCH", "DELETE"):
        response = world.client.request(method, f"{API}/models/{a.model_version_id}",
                                        headers=admin(world))
        assert response.status_code == 405


def _wait_for(client: TestClient, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """Poll the job until it ends (a generous bound, not a speed check)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"{API}/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("succeeded", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end")


def test_a_calculation_job_succeeds_with_the_clis_footprint(world: World) -> None:
    a = world.a
    saved = world.client.post(f"{API}/products/{a.product_id}/models",
                              json={"content": lfp_model_text()}, headers=admin(world)).json()
    started = world.client.post(f"{API}/models/{saved['id']}/footprints", headers=admin(world))
    assert started.status_code == 202
    assert (started.json()["state"], started.json()["progress"]) == ("queued", 0.0)

    job = _wait_for(world.client, started.json()["id"], admin(world))
    assert (job["state"], job["progress"], job["error"]) == ("succeeded", 1.0, None)
    footprint = world.client.get(f"{API}/footprints/{job['result_id']}", headers=admin(world))
    assert footprint.status_code == 200
    total = footprint.json()["total_co2e_kg"]

    demo = resources.files("carbonlabel").joinpath("demo", "lfp_battery_pack.yaml")
    cli = quantify_file(Path(str(demo)))
    assert total == pytest.approx(cli.total_co2e_kg, rel=1e-12)
    assert total == pytest.approx(LFP_TOTAL_KG, rel=1e-12)
    assert footprint.json()["result"]["total_co2e_kg"] == pytest.approx(total, rel=1e-12)
    assert footprint.json()["model_version_id"] == saved["id"]
    assert footprint.json()["input_hash"] == cli.provenance.input_hash

    listed = world.client.get(f"{API}/footprints", params={"product_id": a.product_id},
                              headers=admin(world)).json()
    assert {f["id"] for f in listed["items"]} == {a.footprint_id, job["result_id"]}
    jobs = world.client.get(f"{API}/jobs", headers=admin(world)).json()
    assert started.json()["id"] in {j["id"] for j in jobs["items"]}


def test_the_calculation_of_an_unknown_model_version_is_404(world: World) -> None:
    response = world.client.post(f"{API}/models/no-such-version/footprints",
                                 headers=admin(world))
    assert_error(response, 404, "not_found", "model_version_id")


def test_a_footprint_keeps_the_result_document(world: World) -> None:
    response = world.client.get(f"{API}/footprints/{world.a.footprint_id}", headers=admin(world))
    body = response.json()
    assert body["gwp_set"] == "AR6"
    assert body["result"]["total_co2e_kg"] == pytest.approx(LFP_TOTAL_KG, rel=1e-12)
    listed = world.client.get(f"{API}/footprints", headers=admin(world)).json()
    assert "result" not in listed["items"][0]  # lists stay small


# -- OpenAPI ---------------------------------------------------------------------------------

def test_the_openapi_document_is_published_without_signing_in(world: World) -> None:
    with closing(TestClient(world.app)) as anonymous:
        response = anonymous.get(f"{API}/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/v1/products", "/api/v1/footprints/{footprint_id}", "/api/v1/jobs/{job_id}",
                 "/api/v1/models/{model_version_id}/footprints", "/api/v1/auth/session"):
        assert path in doc["paths"]
    assert "ProductCreate" in doc["components"]["schemas"]


# -- numbers that are not finite, or too large ------------------------------------------------

_SLOT = "__VALUE__"
_HUGE_INT = "1" + "0" * 5000  # beyond Python's 4,300-digit int parsing limit


def _audit_text(world: World) -> str:
    with world.app.state.uow() as uow:
        rows = uow.session.execute(text("SELECT before, after FROM audit_log")).all()
    return json.dumps([[str(b), str(a)] for b, a in rows])


@pytest.mark.parametrize(("fmt", "field", "literal"), [
    ("yaml", "factors[0].co2e", ".nan"),
    ("yaml", "processes[0].inputs[0].amount", ".inf"),
    ("yaml", "factors[0].co2e", "1e308"),
    ("json", "factors[0].co2e", "NaN"),
    ("json", "processes[0].output.amount", "Infinity"),
    ("json", "processes[0].inputs[0].amount", _HUGE_INT),
    ("yaml", "processes[0].inputs[0].amount", _HUGE_INT),
])
def test_a_model_with_a_non_finite_or_overflowing_number_is_422_and_nothing_is_kept(
        world: World, fmt: str, field: str, literal: str) -> None:
    """These were kept (201) and calculated to a NaN or infinite footprint, or answered 500."""
    m = base_model()
    if field == "factors[0].co2e":
        m["factors"][0]["co2e"] = _SLOT
    elif field == "processes[0].output.amount":
        m["processes"][0]["output"]["amount"] = _SLOT
    else:
        m["processes"][0]["inputs"][0]["amount"] = _SLOT
    content = (json.dumps(m).replace(f'"{_SLOT}"', literal) if fmt == "json"
               else yaml.safe_dump(m, sort_keys=False).replace(_SLOT, literal))
    before = world.client.get(f"{API}/products/{world.a.product_id}/models",
                              headers=admin(world)).json()["total"]
    response = world.client.post(f"{API}/products/{world.a.product_id}/models",
                                 json={"format": fmt, "content": content}, headers=admin(world))
    body = assert_error(response, 422, "invalid_model", field)
    assert "finite number" in body["message_en"] or "at most 1e15" in body["message_en"]
    after = world.client.get(f"{API}/products/{world.a.product_id}/models",
                             headers=admin(world)).json()["total"]
    assert after == before
    audit = _audit_text(world)
    assert "Infinity" not in audit
    assert "NaN" not in audit


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_a_json_body_with_a_non_finite_number_is_422_naming_the_field(world: World,
                                                                       literal: str) -> None:
    raw = '{"notes": "", "materiality": ' + literal + "}"
    response = world.client.post(
        f"{API}/cases/{world.a.certified.case_id}/verification", content=raw.encode(),
        headers={**bearer(world.a.certified.body_token), "Content-Type": "application/json"})
    body = assert_error(response, 422, "invalid_input", "materiality")
    assert "finite number" in body["message_en"]


def test_a_json_body_with_a_5000_digit_integer_is_refused_naming_the_body(world: World) -> None:
    raw = '{"name_zh": "x", "name_en": "x", "category": ' + _HUGE_INT + "}"
    response = world.client.post(f"{API}/products", content=raw.encode(), headers={
        **admin(world), "Content-Type": "application/json"})
    assert_error(response, 400, "malformed_body", "body")


def test_a_job_that_raises_is_failed_with_its_reason_in_the_api_and_on_its_page(
        world: World, browser: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, an exception other than the platform's own left the job `running` for ever."""
    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError("the solver ran out of memory")

    monkeypatch.setattr(footprint_jobs, "quantify_text", broken)
    started = world.client.post(f"{API}/models/{world.a.model_version_id}/footprints",
                                headers=admin(world))
    assert started.status_code == 202
    job = _wait_for(world.client, started.json()["id"], admin(world))
    assert (job["state"], job["progress"], job["result_id"]) == ("failed", 1.0, None)
    assert "MemoryError: the solver ran out of memory" in job["error"]["message"]["en"]

    sign_in(browser, world.a.tenant.analyst)
    page = browser.get(f"/jobs/{job['id']}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    errors = page.text.split('id="job-errors"')[1].split("</div>")[0]
    assert " hidden" not in errors.split(">")[0]
    assert "MemoryError: the solver ran out of memory" in errors


@pytest.mark.parametrize(("field", "value"), [
    ("fossilGhgEmissions", "1" + "0" * 400),  # a decimal string no double holds
    ("pcfExcludingBiogenicUptake", "1" + "0" * 400),
])
def test_a_pact_document_with_a_number_beyond_a_double_is_422_and_nothing_is_kept(
        world: World, field: str, value: str) -> None:
    doc = example("v3/example-1.json")
    doc["pcf"][field] = value
    before = world.client.get(f"{API}/exchange/received", headers=admin(world)).json()
    response = world.client.post(f"{API}/exchange/import", json=doc, headers=admin(world))
    body = assert_error(response, 422, "invalid_data", f"pcf.{field}")
    assert "finite" in body["message_en"]
    after = world.client.get(f"{API}/exchange/received", headers=admin(world)).json()
    assert after == before
