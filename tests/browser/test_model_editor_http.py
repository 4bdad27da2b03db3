"""The model editor over HTTP (no browser): it starts from a template filled with the
product's registration, the form view and the YAML view edit one model, the factor picker
(page and API) ranks for the model's geography and year, the supplier footprint button adds
an input that the calculation takes, and a refused save lists every problem. The page walks
of tests/browser/test_pages_http.py cover the routes for signed-out visitors and other
organisations."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.domain.tenancy import User
from carbonlabel.services.exchange import supplier_requests
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.browser.support import make_app, register_product
from tests.exchange.world import AT, pact_file, pact_footprint
from tests.support.platform import PASSWORD, Tenant, seed_tenant

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TEXT = re.compile(r'<textarea id="content"[^>]*>(.*?)</textarea>', re.S)
RULE = "rule:cn-pilot-04-li-ion-energy-storage@1.0"
PF_ID = "3f7a9c2e-1b4d-4e8f-9a6b-2c5d8e1f0a3b"


@dataclass(frozen=True)
class Site:
    app: FastAPI
    tenant: Tenant
    product_id: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    app = make_app(tmp_path_factory.mktemp("model-editor"))
    tenant = seed_tenant(app.state.uow, "编辑器企业 Editor Co.")
    product_id = register_product(app.state.uow, tenant, "储能电池包", "storage battery pack")
    with app.state.uow(write=True) as uow:  # a supplier's footprint: 3 kg CO2e per kg
        supplier_requests.import_footprints(uow, tenant.analyst,
                                            pact_file(pact_footprint(PF_ID)), AT)
        uow.commit()
    with TestClient(app):
        yield Site(app, tenant, product_id)


def sign_in(site: Site, user: User, lang: str = "en") -> TestClient:
    client = TestClient(site.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token, "next": "/dashboard"})
    assert answer.status_code == 303
    return client


def _text(page: str) -> str:
    found = TEXT.search(page)
    assert found is not None
    return html.unescape(found.group(1))


def _form(client: TestClient, page: str, **fields: str) -> dict[str, str]:
    """The editor's fields as the page drew them (YAML and its base alike), with changes."""
    token = CSRF.search(page).group(1)  # type: ignore[union-attr]
    text = _text(page)
    drawn = {html.unescape(n): html.unescape(v) for n, v in
             re.findall(r'<input name="(f\.[^"]+)" value="([^"]*)"', page)}
    return {"csrf_token": token, "content": text, "base": text, **drawn, **fields}


def _post(client: TestClient, site: Site, data: dict[str, str]) -> str:
    answer = client.post(f"/products/{site.product_id}/edit", data=data)
    assert answer.status_code in (200, 303, 422), answer.text[:400]
    return answer.text if answer.status_code != 303 else answer.headers["location"]


def _saved(site: Site, number: int) -> str:
    with site.app.state.uow() as uow:
        versions = catalog.list_versions(uow, site.tenant.admin, site.product_id, 0, 100)
    return next(v.content for v in versions.items if v.version == number)


def _footprint(site: Site, number: int) -> float:
    data_dir = site.app.state.settings.data_dir
    with site.app.state.uow(write=True) as uow:
        versions = catalog.list_versions(uow, site.tenant.admin, site.product_id, 0, 100)
        version = next(v for v in versions.items if v.version == number)
        job = footprint_jobs.start_footprint_job(uow, site.tenant.admin, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(site.app.state.uow, job.id, data_dir,
                                     data_dir / "databases")
    with site.app.state.uow() as uow:
        record = uow.footprints.in_org(site.tenant.organisation.id,
                                       str(uow.jobs.get(job.id).result_id))  # type: ignore[union-attr]
    assert record is not None
    return record.total_co2e_kg


def test_a_new_product_starts_from_a_template_with_its_registration(site: Site) -> None:
    client = sign_in(site, site.tenant.admin)
    page = client.get(f"/products/{site.product_id}/edit")
    assert page.status_code == 200
    document = yaml.safe_load(_text(page.text))
    assert document["product"]["name"] == {"zh": "储能电池包", "en": "storage battery pack"}
    assert document["product"]["category"] == "lithium battery"
    # its family's rule, whose placeholders the page tells the user to replace
    assert document["product"]["product_rule"]["code"].startswith("cn-pilot-0")
    assert "placeholder" in page.text
    assert 'href="/help/model-format"' in page.text
    assert "docs/model-format.md" not in page.text
    demo = client.get(f"/products/{site.product_id}/edit",
                      params={"template": "demo:portland_cement.yaml"})
    assert yaml.safe_load(_text(demo.text))["product"]["category"] == "lithium battery"


def test_the_form_view_saves_the_model_the_same_yaml_edit_gives(site: Site) -> None:
    client = sign_in(site, site.tenant.admin)
    page = client.get(f"/products/{site.product_id}/edit", params={"template": RULE}).text
    by_form = _form(client, page, **{"f.processes[0].inputs[0].amount": "55.5",
                                      **{f"f.processes[0].inputs[0].dq.{d}": "2"
                                         for d in ("TeR", "GeR", "TiR", "P")},
                                      "f.geography": "CN-JS", "action": "save"})
    assert _post(client, site, by_form).startswith(f"/products/{site.product_id}?saved=")
    by_hand = yaml.safe_load(_text(page))
    by_hand["processes"][0]["inputs"][0]["amount"] = 55.5
    by_hand["processes"][0]["inputs"][0]["dq"] = {"TeR": 2, "GeR": 2, "TiR": 2, "P": 2}
    by_hand["geography"] = "CN-JS"
    yaml_text = yaml.safe_dump(by_hand, allow_unicode=True, sort_keys=False)
    with site.app.state.uow() as uow:
        number = uow.model_versions.latest_number(site.product_id)
    assert (load_model_text(_saved(site, number), "model.yaml").model
            == load_model_text(yaml_text, "model.yaml").model)


def test_yaml_typed_by_the_user_is_saved_exactly_as_typed(site: Site) -> None:
    client = sign_in(site, site.tenant.admin)
    page = client.get(f"/products/{site.product_id}/edit", params={"template": RULE}).text
    typed = "# my own comment\n" + _text(page).replace("geography: CN", "geography: CN-SH")
    data = _form(client, page, content=typed, action="save",
                 **{"f.processes[0].inputs[0].amount": "9"})  # the YAML view wins
    assert _post(client, site, data).startswith(f"/products/{site.product_id}?saved=")
    with site.app.state.uow() as uow:
        number = uow.model_versions.latest_number(site.product_id)
    assert _saved(site, number) == typed


def test_the_picker_adds_the_factor_it_ranks_first_to_the_chosen_process(site: Site) -> None:
    client = sign_in(site, site.tenant.admin)
    page = client.get(f"/products/{site.product_id}/edit", params={"template": RULE}).text
    found = _post(client, site, _form(client, page, action="search", q="electricity grid",
                                      geography="CN-JS", year="", target="0"))
    picks = re.findall(r'value="factor:([^"]+)"', found)
    assert picks
    assert picks[0].startswith("cn.grid.co2.average.CN-East.")
    assert "Licence" in found
    added = _post(client, site, _form(client, found, action=f"factor:{picks[0]}", target="0"))
    inputs = yaml.safe_load(_text(added))["processes"][0]["inputs"]
    assert inputs[-1] == {"factor": picks[0], "amount": 1, "unit": "kWh"}


def test_the_supplier_button_adds_an_input_the_footprint_is_computed_with(site: Site) -> None:
    client = sign_in(site, site.tenant.admin)
    page = client.get(f"/products/{site.product_id}/edit", params={"template": RULE}).text
    assert f'value="supplier:{PF_ID}"' in page
    without = _post(client, site, _form(client, page, action="save"))
    added = _post(client, site, _form(client, page, action=f"supplier:{PF_ID}", target="0"))
    document = yaml.safe_load(_text(added))
    assert document["processes"][0]["inputs"][-1]["supplier"] == PF_ID
    with_two_kg = _form(client, added, action="save")
    last = len(document["processes"][0]["inputs"]) - 1
    with_two_kg[f"f.processes[0].inputs[{last}].amount"] = "2"
    with_two_kg[f"f.processes[0].inputs[{last}].unit"] = "kg"
    saved = _post(client, site, with_two_kg)
    first, second = (int(x.split("saved=")[1].split("#")[0]) for x in (without, saved))
    # 2 kg of the supplier's coil at 3000 kg CO2e per 1000 kg, per reference unit
    assert _footprint(site, second) - _footprint(site, first) == pytest.approx(6.0, rel=1e-9)


def test_a_refused_save_lists_every_problem_with_its_line(site: Site) -> None:
    client = sign_in(site, site.tenant.admin, "zh-CN")
    page = client.get(f"/products/{site.product_id}/edit", params={"template": RULE}).text
    text = (_text(page).replace("  total: 0.05", "  total: 5")
            .replace("geography: CN\n", "geography: CN\ncolour: red\n")
            .replace("factor: cn.electricity.footprint.average",
                     "factor: cn.electricity.footprint.averag"))
    answer = client.post(f"/products/{site.product_id}/edit",
                         data=_form(client, page, content=text, action="save"))
    assert answer.status_code == 422
    errors = answer.text.split('id="model-errors"')[1].split("</div>")[0]
    assert errors.count("<li>") == 3
    for field in ("cut_off.total", "colour", "processes[0].inputs[0].factor"):
        assert f"<code>{field}</code>" in errors
    assert "第" in errors or "行" in errors  # lines, in Chinese
    storage = next(r for r in bundled_rules() if r.code == "cn-pilot-04-li-ion-energy-storage")
    assert f"★ {storage.title.zh}</option>" in answer.text  # the rules' titles in Chinese
    assert _text(answer.text) == text  # what was typed is kept


def test_the_factor_search_api_ranks_region_then_nation_then_world(site: Site) -> None:
    client = sign_in(site, site.tenant.viewer)
    answer = client.get("/api/v1/factors/search",
                        params={"q": "electricity", "geography": "CN-JS"})
    assert answer.status_code == 200
    body = answer.json()["factors"]
    places = [f["geography"] for f in body]
    order = {"CN-JS": 0, "CN-East": 1, "CN": 2, "GLO": 3}
    assert [order[p] for p in places] == sorted(order[p] for p in places)
    assert {"source", "licence", "reference", "year"} <= set(body[0])
    assert client.get("/api/v1/factors/search", params={"year": "3000"}).status_code == 422


def test_the_editor_starts_from_a_saved_version_when_asked(site: Site) -> None:
    client = sign_in(site, site.tenant.admin)
    page = client.get(f"/products/{site.product_id}/edit", params={"template": RULE}).text
    typed = _text(page).replace("geography: CN\n", "geography: CN-GD\n")
    saved = _post(client, site, _form(client, page, content=typed, action="save"))
    number = int(saved.split("saved=")[1].split("#")[0])
    again = client.get(f"/products/{site.product_id}/edit", params={"from": str(number)})
    assert _text(again.text) == typed
    product = client.get(f"/products/{site.product_id}").text
    assert f'href="/products/{site.product_id}/edit"' in product
    assert client.get(f"/products/{site.product_id}/edit",
                      params={"from": "999"}).status_code == 422


def test_a_viewer_may_not_open_the_editor(site: Site) -> None:
    client = sign_in(site, site.tenant.viewer)
    assert client.get(f"/products/{site.product_id}/edit").status_code == 403


def test_the_help_page_lists_the_format_s_parts_and_fields(site: Site) -> None:
    client = sign_in(site, site.tenant.viewer, "zh-CN")
    page = client.get("/help/model-format")
    assert page.status_code == 200
    assert "模型格式帮助" in page.text
    for part in ("ProductModel", "Process", "Input", "Factor"):
        assert f'id="{part}"' in page.text
    process = page.text.split('id="Process"')[1].split("</section>")[0]
    for field in ("id", "stage", "output", "inputs", "emissions"):
        assert f'<span lang="en" translate="no">{field}</span></code>' in process
    supplier = page.text.split('id="Input"')[1].split("</section>")[0]
    assert "PACT PfId" in supplier  # the schema's own description of `supplier`
