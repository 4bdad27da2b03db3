"""System certification through the REST API: applying in system mode, the team's
assessment, the grant of a system certificate, a product the holder registers under it, the
body's seeded sample, a nonconforming finding suspending the system certificate and the
registered product, and the registry showing the mode. On SQLite (the services' tests walk
both back ends)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carbonlabel.domain.certification.system import SystemItem
from tests.api.conftest import API, World
from tests.api.test_certification_api import AUDIT_DAY as DAY
from tests.api.test_certification_api import (
    THROUGH_VERIFICATION,
    Actors,
    declare,
    documents,
    engagement_to_opinion,
    ok,
    refused,
    step,
)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Only SQLite here (overrides the fixture parametrized over both back ends)."""
    return f"sqlite:///{tmp_path / 'api.db'}"


@pytest.fixture
def actors(world: World) -> Actors:
    return Actors(world)


def system_case(world: World, actors: Actors) -> str:
    applied = ok(world.client.post(f"{API}/cases", headers=actors["applicant"],
                                   files=documents(), data={
                                       "footprint_id": world.a.footprint_id,
                                       "body_id": world.a.certified.body.organisation_id,
                                       "mode": "system", "product_rule": "PCR 储能 2025"}), 201)
    case_id: str = applied["id"]
    ok(step(world, actors["body admin"], case_id, "accept", reason="资料齐全 / complete"))
    declare(world, actors, case_id)
    ok(step(world, actors["body admin"], case_id, "plan",
            team=[u.id for u in world.a.certified.body.auditors], audit_dates=[DAY]))
    lead = actors["lead"]
    for action in THROUGH_VERIFICATION:
        ok(step(world, lead, case_id, action))
    ok(world.client.post(f"{API}/cases/{case_id}/verification", headers=lead,
                         json={"notes": "复算一致 / re-run agrees"}), 201)
    engagement_to_opinion(world, case_id, lead, actors["decider"])
    for action in ("complete_verification", "complete_evaluation"):
        ok(step(world, lead, case_id, action))
    return case_id


def test_a_system_is_certified_registers_a_product_and_a_bad_sample_suspends_both(
        world: World, actors: Actors) -> None:
    case_id = system_case(world, actors)
    lead, decider = actors["lead"], actors["decider"]
    refused(step(world, decider, case_id, "grant", reason="符合"),
            "system_assessment_missing")
    for item in SystemItem:
        made = ok(world.client.post(f"{API}/cases/{case_id}/system-assessments", headers=lead,
                                    json={"item": item.value, "conforming": True}), 201)
        assert made["item"] == item.value
    granted = ok(step(world, decider, case_id, "grant", reason="体系符合 / conforms"))
    system_id = granted["certificate_id"]
    url = f"{API}/system-certificates/{system_id}"
    held = one(world, actors["applicant"], system_id)
    assert (held["mode"], held["status"], held["category"], held["product_rule"]) == (
        "system", "valid", "4", "PCR 储能 2025")
    assert ok(world.client.get(f"{API}/system-certificates", headers=bearer_b(world))) == []
    assert world.client.post(f"{url}/samples", headers=bearer_b(world),
                             json={"seed": 1}).status_code == 404

    refused(world.client.post(f"{url}/samples", headers=lead, json={"seed": 3}),
            "nothing_to_sample")
    product = ok(world.client.post(f"{url}/products", headers=actors["applicant"],
                                   json={"footprint_id": world.a.footprint_id}), 201)
    entry = ok(world.client.get(f"{API}/registry/certificates/{product['number']}"))
    assert (entry["mode"], entry["system_number"], entry["status"]) == (
        "system", held["number"], "valid")
    public = ok(world.client.get(f"{API}/registry/system-certificates/{held['number']}"))
    assert (public["mode"], public["status"], public["holder"], public["category"]) == (
        "system", "valid", world.a.tenant.organisation.name, "4")
    assert [p["number"] for p in public["products"]] == [product["number"]]
    page = world.client.get(f"/registry/{held['number']}?lang=zh")
    assert page.status_code == 200
    assert "体系证书" in page.text
    assert f'href="/registry/{product["number"]}"' in page.text
    assert f'href="/registry/{held["number"]}"' in world.client.get(
        f"/registry/{product['number']}").text  # the product's page links its system
    assert world.client.get(
        f"{API}/registry/system-certificates/{product['number']}").status_code == 404

    sample = ok(world.client.post(f"{url}/samples", headers=lead, json={"seed": 3}), 201)
    assert (sample["seed"], sample["population"]) == (3, 1)
    assert [i["certificate_id"] for i in sample["items"]] == [product["certificate_id"]]
    rechecked = ok(world.client.post(f"{url}/rechecks", headers=lead, json={
        "sample_id": sample["id"], "product_certificate_id": product["certificate_id"]}))
    assert rechecked["items"][0]["result"] == "conforming"  # the model re-runs the same
    assert "re-run" in rechecked["items"][0]["notes"]
    sample = ok(world.client.post(f"{url}/samples", headers=lead, json={"seed": 3}), 201)
    finding = {"sample_id": sample["id"], "product_certificate_id": product["certificate_id"],
               "result": "nonconforming"}
    refused(world.client.post(f"{url}/findings", headers=lead, json=finding),
            "reason_required")
    ok(world.client.post(f"{url}/findings", headers=lead,
                         json={**finding, "notes": "模型偏离 / off the rule"}))
    after = one(world, actors["body admin"], system_id)
    assert after["status"] == "suspended"
    assert [p["status"] for p in after["products"]] == ["suspended"]
    assert ok(world.client.get(f"{API}/registry/certificates/{product['number']}"))[
        "status"] == "suspended"
    suspended = ok(world.client.get(f"{API}/registry/system-certificates/{held['number']}"))
    assert (suspended["status"], [p["status"] for p in suspended["products"]]) == (
        "suspended", ["suspended"])
    restored = ok(world.client.post(f"{url}/status", headers=decider, json={
        "action": "restore", "reason": "已纠正 / corrected", "evidence": "复查 / re-check"}))
    assert restored["status"] == "valid"
    assert [p["status"] for p in restored["products"]] == ["valid"]
    assert [c["action"] for c in restored["status_changes"]] == ["suspend", "restore"]


def test_a_product_certificate_is_in_product_mode_in_the_registry(world: World) -> None:
    entry = ok(world.client.get(f"{API}/registry/certificates/{world.a.certified.number}"))
    assert (entry["mode"], entry["system_number"]) == ("product", None)


def bearer_b(world: World) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.b_admin_token}"}


def one(world: World, headers: dict[str, str], system_id: str) -> dict[str, Any]:
    (found,) = [s for s in ok(world.client.get(f"{API}/system-certificates",
                                               headers=headers)) if s["id"] == system_id]
    return found
