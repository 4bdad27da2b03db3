"""Certificate transfers through the REST API (SQLite): the holder's admin asks, the accepting
body reviews (the checklist in the answer) and accepts; the registry's JSON then names the
current body and the one it was transferred from. Refusals carry their rule (409), other
parties get 403, strangers 404."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import API, World, bearer, token_for
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


def auth(world: World, user: Any) -> dict[str, str]:
    return bearer(token_for(world.app.state.uow, user))


def test_an_open_complaint_about_the_certificate_refuses_the_request(world: World) -> None:
    make_uow = world.app.state.uow
    other = seed_body(make_uow)
    certified = world.a.certified
    url = f"{API}/certificates/{certified.certificate_id}/transfers"
    refused = world.client.post(url, json={"to_body_id": other.organisation_id},
                                headers=auth(world, world.a.tenant.admin))
    assert refused.status_code == 409, refused.text
    assert refused.json()["rule"] == "transfer_complaint_open"
    assert world.client.post(url, json={"to_body_id": other.organisation_id},
                             headers=auth(world, world.a.tenant.analyst)).status_code == 403
    assert world.client.post(url, json={"to_body_id": other.organisation_id},
                             headers=auth(world, other.admin)).status_code == 404


def test_a_transfer_runs_from_request_to_acceptance_and_the_registry_shows_it(
        world: World, tmp_path: Path) -> None:
    make_uow, client = world.app.state.uow, world.client
    issuing, accepting = seed_body(make_uow), seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, issuing, holder.organisation.id)
    certificate_id = certify(make_uow, tmp_path, issuing, holder, footprint)
    asked = client.post(f"{API}/certificates/{certificate_id}/transfers",
                        json={"to_body_id": accepting.organisation_id, "note": "迁址"},
                        headers=auth(world, holder.admin))
    assert asked.status_code == 201, asked.text
    transfer = asked.json()
    assert transfer["state"] == "requested"
    assert transfer["checklist"] == []
    url = f"{API}/transfers/{transfer['id']}"
    body = auth(world, accepting.admin)
    assert client.post(f"{url}/review", json={}, headers=auth(world, issuing.admin)
                       ).status_code == 403
    early = client.post(f"{url}/accept", headers=body)
    assert early.status_code == 409
    assert early.json()["rule"] == "transfer_transition_not_allowed"
    reviewed = client.post(f"{url}/review", json={"note": "ok"}, headers=body).json()
    assert reviewed["state"] == "under_review"
    assert all(item["passed"] for item in reviewed["checklist"])
    assert client.get(f"{API}/transfers", headers=auth(world, issuing.admin)).json()[0]["id"] \
        == transfer["id"]  # the issuing body is informed
    accepted = client.post(f"{url}/accept", headers=body)
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    entry = client.get(f"{API}/registry/certificates/{transfer['number']}").json()
    with make_uow() as uow:
        names = {o: uow.organisations.get(o).name  # type: ignore[union-attr]
                 for o in (issuing.organisation_id, accepting.organisation_id)}
    assert entry["body"] == names[accepting.organisation_id]
    assert entry["transferred_from"]["body"] == names[issuing.organisation_id]
    verified = client.get(f"{API}/registry/verify/code/{transfer['number']}").json()
    assert verified["certificate"]["transferred_from"] == entry["transferred_from"]
    untouched = client.get(f"{API}/registry/certificates/{world.a.certified.number}").json()
    assert untouched["transferred_from"] is None
