"""Changes affecting certification through the REST API: the holder requests a scope
extension (refused without the scope after it), the holder may not evaluate it, the body's
decision maker evaluates it and then may not decide it (409 naming the rule). On SQLite (the
services' tests walk both back ends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.conftest import API, World
from tests.api.test_certification_api import Actors, ok, refused


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Only SQLite here (overrides the fixture parametrized over both back ends)."""
    return f"sqlite:///{tmp_path / 'api.db'}"


@pytest.fixture
def actors(world: World) -> Actors:
    return Actors(world)


def test_a_scope_extension_goes_through_the_api(world: World, actors: Actors) -> None:
    certificate_id = world.a.certified.certificate_id
    url = f"{API}/certificates/{certificate_id}/changes"
    refused(world.client.post(url, headers=actors["applicant"], json={
        "kind": "extension", "description": "增加型号 / another type"}), "change_scope_required")
    opened = ok(world.client.post(url, headers=actors["applicant"], json={
        "kind": "extension", "description": "增加型号 / another type",
        "scope": "100 kWh, 200 kWh"}), 201)
    assert (opened["state"], opened["opened_by_body"]) == ("requested", False)
    change = f"{API}/certificate-changes/{opened['id']}"
    assert ok(world.client.post(f"{change}/evaluation/start", headers=actors["applicant"]),
              403)["code"] == "forbidden"
    ok(world.client.post(f"{change}/evaluation/start", headers=actors["decider"]))
    evaluated = ok(world.client.post(f"{change}/evaluation", headers=actors["decider"],
                                     json={"notes": "同一工艺 / same process"}))
    assert evaluated["evaluation"]["material"] is False
    refused(world.client.post(f"{change}/decision", headers=actors["decider"], json={
        "action": "approve", "reason": "符合"}), "independent_decision")
    listed = world.client.get(url, headers=actors["applicant"]).json()
    assert sorted((c["id"], c["state"]) for c in listed) == sorted([
        (opened["id"], "under_evaluation"),
        (world.a.certified.change_id, "rejected")])  # the world's earlier one, decided
