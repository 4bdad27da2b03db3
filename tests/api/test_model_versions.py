"""A saved model version read-only, and two versions of a product compared: the page, the
product page's links and the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime
from html import unescape

import pytest
from fastapi.testclient import TestClient

from carbonlabel.domain.records import ModelVersion
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.api.conftest import API, World, bearer, lfp_model_text, sign_in

#: the demo model with its cells 480 → 470 kg and the grid factor 0.6205 → 0.58 kg CO2e/kWh
CHANGED = (lfp_model_text().replace("        amount: 480\n", "        amount: 470\n", 1)
           .replace("co2e: 0.6205", "co2e: 0.58", 1))


def save(world: World, content: str, product_id: str | None = None) -> str:
    data_dir = world.app.state.settings.data_dir
    with world.app.state.uow(write=True) as uow:
        version = catalog.save_model_version(uow, world.a.tenant.admin,
                                             product_id or world.a.product_id, content,
                                             "yaml", data_dir, data_dir / "databases")
    return version.id


def calculate(world: World, version_id: str) -> str:
    data_dir = world.app.state.settings.data_dir
    with world.app.state.uow(write=True) as uow:
        job = footprint_jobs.start_footprint_job(uow, world.a.tenant.admin, version_id)
    footprint_jobs.run_footprint_job(world.app.state.uow, job.id, data_dir,
                                     data_dir / "databases")
    with world.app.state.uow() as uow:
        done = uow.jobs.get(job.id)
    assert done is not None
    assert done.result_id is not None
    return done.result_id


def compare(world: World, **query: str) -> dict[str, object]:
    answer = world.client.get(f"{API}/products/{world.a.product_id}/compare", params=query,
                              headers=bearer(world.a.token))
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_by_default_the_latest_version_is_compared_with_the_one_before(world: World) -> None:
    save(world, CHANGED)
    body = compare(world)
    a, b, inputs = body["a"], body["b"], body["inputs"]
    assert isinstance(a, dict)
    assert isinstance(b, dict)
    assert isinstance(inputs, dict)
    assert (a["version"], b["version"]) == (1, 2)
    (assembly,) = [p for p in inputs["processes"] if p["process"] == "pack_assembly"]
    (cells,) = [x for x in assembly["exchanges"] if x["key"] == "process:cells_delivered"]
    assert cells["changes"] == [{"field": "amount", "before": "480 kg", "after": "470 kg"}]
    (grid,) = inputs["factors"]
    assert (grid["factor"], grid["changes"][0]["before"], grid["changes"][0]["after"]) == (
        "cn-electricity-cfp-2023", "CO2e (fossil) 0.6205", "CO2e (fossil) 0.58")
    assert inputs["settings"] == []
    assert any(line["kind"] == "+" and line["text"].strip() == "amount: 470"
               for line in body["text"])  # type: ignore[union-attr]


def test_results_side_by_side_are_each_versions_footprint_and_their_difference(
        world: World) -> None:
    second = save(world, CHANGED)
    results = compare(world)["results"]
    assert isinstance(results, dict)
    total = results["total_co2e_kg"]
    assert total["b"] is None  # v2 not calculated yet: no difference either
    assert (total["difference"], total["relative_change"]) == (None, None)

    footprint = calculate(world, second)
    before = world.client.get(f"{API}/footprints/{world.a.footprint_id}",
                              headers=bearer(world.a.token)).json()
    after = world.client.get(f"{API}/footprints/{footprint}",
                             headers=bearer(world.a.token)).json()
    results = compare(world, a="1", b="2")["results"]
    assert isinstance(results, dict)
    total = results["total_co2e_kg"]
    a_kg, b_kg = before["total_co2e_kg"], after["total_co2e_kg"]
    assert b_kg < a_kg  # fewer cells, cleaner grid
    assert (total["a"], total["b"]) == (a_kg, b_kg)
    assert total["difference"] == pytest.approx(b_kg - a_kg, rel=1e-12)
    assert total["relative_change"] == pytest.approx((b_kg - a_kg) / a_kg, rel=1e-12)
    stages = {s["stage"]: s["co2e_kg"] for s in results["by_stage"]}
    for stage in after["result"]["by_stage"]:
        assert stages[stage["stage"]]["b"] == stage["co2e_kg"]
    assert sum(s["b"] for s in stages.values()) == pytest.approx(b_kg, rel=1e-9)
    gases = {(g["gas"], g["category"]): g["co2e_kg"] for g in results["by_gas"]}
    for gas in before["result"]["by_gas"]:
        assert gases[(gas["gas"], gas["category"])]["a"] == pytest.approx(gas["co2e_kg"])


def test_a_version_compared_with_itself_has_no_difference(world: World) -> None:
    body = compare(world, a=world.a.model_version_id, b="1")
    inputs, results = body["inputs"], body["results"]
    assert isinstance(inputs, dict)
    assert isinstance(results, dict)
    assert inputs["identical"] is True
    assert (inputs["settings"], inputs["processes"], inputs["factors"]) == ([], [], [])
    assert body["text"] == []
    assert results["total_co2e_kg"]["difference"] == 0.0


def test_a_version_of_another_product_is_refused_naming_its_field(world: World) -> None:
    with world.app.state.uow(write=True) as uow:
        other = catalog.register_product(uow, world.a.tenant.admin, catalog.ProductData(
            "另一电池", "Other pack", "lithium battery"))
    foreign = save(world, lfp_model_text(), other.id)
    answer = world.client.get(f"{API}/products/{world.a.product_id}/compare",
                              params={"a": foreign}, headers=bearer(world.a.token))
    assert answer.status_code == 422
    assert (answer.json()["field"], answer.json()["message_en"]) == (
        "a", "this model version is of another product")
    missing = world.client.get(f"{API}/products/{world.a.product_id}/compare",
                               params={"b": "7"}, headers=bearer(world.a.token))
    assert (missing.status_code, missing.json()["field"]) == (404, "b")


def test_another_organisation_finds_neither_the_product_nor_the_version(world: World) -> None:
    for token in (world.b_admin_token, world.b_viewer_token):
        answer = world.client.get(f"{API}/products/{world.a.product_id}/compare",
                                  headers=bearer(token))
        assert answer.status_code == 404
        assert world.a.content_hash not in answer.text
    client = TestClient(world.app)
    sign_in(client, world.b.admin)
    assert client.get(f"/models/{world.a.model_version_id}").status_code == 404
    page = client.get(f"/products/{world.a.product_id}/compare")
    assert page.status_code == 404
    assert world.a.product_names[1] not in page.text


def cells(html: str, row_id: str) -> list[str]:
    row = html.split(f'id="{row_id}"')[1].split("</tr>")[0]
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_pages_show_the_version_and_the_comparison(world: World) -> None:
    second = save(world, CHANGED)
    client = TestClient(world.app, headers={"Accept-Language": "en"})
    sign_in(client, world.a.tenant.analyst)

    product = client.get(f"/products/{world.a.product_id}").text
    assert f'href="/models/{second}"' in product
    assert f'href="/models/{world.a.model_version_id}"' in product
    assert 'id="compare-versions"' in product

    page = client.get(f"/models/{second}")
    assert page.status_code == 200
    text = page.text
    with world.app.state.uow() as uow:
        saved = uow.model_versions.in_org(world.a.tenant.organisation.id, second)
    assert saved is not None
    assert saved.content_hash in text
    assert world.a.tenant.admin.display_name in text  # saved by
    lines = CHANGED.splitlines()
    assert f'<span class="src-line" id="L{len(lines)}">' in text
    assert '<a class="ln" href="#L148" aria-hidden="true">148</a>        amount: 470' in text
    assert "pack_assembly" in text
    assert "cn-electricity-cfp-2023" in text
    assert "This version has not been calculated yet." in text
    assert 'id="compare-previous"' in text

    compared = client.get(f"/products/{world.a.product_id}/compare?a=1&b=2")
    assert compared.status_code == 200
    total = cells(compared.text, "total-row")
    assert total[1] == "not calculated"
    assert 'data-key="process:cells_delivered"' in compared.text
    assert "480 kg" in compared.text
    assert "470 kg" in compared.text
    assert '<span class="diff-line add">' in compared.text


def test_the_comparison_page_numbers_equal_the_footprints(world: World) -> None:
    footprint = calculate(world, save(world, CHANGED))
    client = TestClient(world.app, headers={"Accept-Language": "en"})
    sign_in(client, world.a.tenant.viewer)
    page = client.get(f"/products/{world.a.product_id}/compare").text
    with world.app.state.uow() as uow:
        a = uow.footprints.in_org(world.a.tenant.organisation.id, world.a.footprint_id)
        b = uow.footprints.in_org(world.a.tenant.organisation.id, footprint)
    assert a is not None
    assert b is not None
    total = cells(page, "total-row")
    a_kg, b_kg = a.total_co2e_kg, b.total_co2e_kg
    assert float(total[0].replace(",", "")) == pytest.approx(a_kg, rel=5e-4)
    assert float(total[1].replace(",", "")) == pytest.approx(b_kg, rel=5e-4)
    assert float(total[2]) == pytest.approx(b_kg - a_kg, rel=5e-4)
    assert total[3] == f"{(b_kg - a_kg) / a_kg * 100:+.1f}%"


def test_a_version_this_release_cannot_read_is_shown_as_text_and_compared_as_text(
        world: World) -> None:
    """A stored text the model reader refuses today (saved under an older schema): never
    an error page, the text and the reasons instead."""
    old = lfp_model_text().replace("schema: carbonlabel/product-model/1",
                                   "schema: carbonlabel/product-model/0", 1)
    with world.app.state.uow(write=True) as uow:
        version = ModelVersion(str(uuid.uuid4()), world.a.product_id, 2, "yaml", old,
                               hashlib.sha256(old.encode()).hexdigest(),
                               world.a.tenant.admin.id, datetime.now(UTC))
        uow.model_versions.add(version)
        uow.commit()
    client = TestClient(world.app, headers={"Accept-Language": "en"})
    sign_in(client, world.a.tenant.viewer)
    page = client.get(f"/models/{version.id}")
    assert page.status_code == 200
    assert 'id="model-problems"' in page.text
    assert "<code>schema</code>" in page.text
    assert "carbonlabel/product-model/0" in page.text  # the text as saved
    assert 'id="summary"' not in page.text
    assert "/calculate" not in page.text  # a viewer does not calculate
    body = compare(world)
    assert body["inputs"] is None
    b = body["b"]
    assert isinstance(b, dict)
    assert b["problems"][0]["field"] == "schema"
    assert [line["text"] for line in body["text"] if line["kind"] == "+"] == [  # type: ignore[union-attr]
        "schema: carbonlabel/product-model/0"]
