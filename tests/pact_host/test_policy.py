"""The sharing policy on the PACT API: a confidential footprint is neither listed nor read;
an export-restricted one goes to a partner abroad only under its owner's approval (and to a
domestic partner without one); every list and read that sends footprints leaves one
``data.released`` audit record per footprint, naming the partner, the channel and the approval;
a refused read leaves ``data.release_refused``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.services.sharing import policy
from tests.pact_host.conftest import World


def classify(world: World, footprint_id: str, classification: Classification) -> None:
    with world.make_uow(write=True) as uow:
        policy.classify(uow, world.seeded.owner.admin, DataKind.FOOTPRINT, footprint_id,
                        classification, datetime.now(UTC))
        uow.commit()


def audit(world: World, footprint_id: str, action: str) -> list[Any]:
    with world.make_uow() as uow:
        return [r for r in uow.audit.for_entity(world.seeded.owner.organisation.id,
                                                footprint_id) if r.action == action]


def listed(world: World, major: str, who: Any = None) -> set[str]:
    response = world.client.get(f"/{major}/footprints", headers=world.bearer(who))
    assert response.status_code == 200
    return {d["id"] for d in response.json()["data"]}


@pytest.mark.parametrize("major", ["2", "3"])
def test_a_confidential_footprint_is_not_listed_and_reads_as_unknown(world: World,
                                                                     major: str) -> None:
    s = world.seeded
    classify(world, s.cement.id, Classification.CONFIDENTIAL)
    for who in (s.foreign, s.domestic):
        assert listed(world, major, who) == {s.battery_old.id, s.battery.id}
        response = world.client.get(f"/{major}/footprints/{s.cement.id}",
                                    headers=world.bearer(who))
        assert response.status_code == 404
        assert s.cement.id not in audit_ids(world, s.cement.id)


def audit_ids(world: World, footprint_id: str) -> set[str]:
    return {r.entity_id for r in audit(world, footprint_id, "data.released")}


@pytest.mark.parametrize("major", ["2", "3"])
def test_export_restricted_footprint_is_refused_abroad_without_approval(world: World,
                                                                        major: str) -> None:
    s = world.seeded
    classify(world, s.cement.id, Classification.EXPORT_RESTRICTED)
    assert s.cement.id not in listed(world, major, s.foreign)
    response = world.client.get(f"/{major}/footprints/{s.cement.id}",
                                headers=world.bearer(s.foreign))
    assert response.status_code == 403
    assert response.json()["code"] == "AccessDenied"
    (refusal,) = audit(world, s.cement.id, "data.release_refused")
    assert refusal.after["partner_id"] == s.foreign.partner_id
    assert refusal.after["channel"] == f"pact-api-v{major}"
    assert refusal.after["refusal"] == "export_approval_required"
    assert audit(world, s.cement.id, "data.released") == []
    # a partner in China needs no approval
    assert s.cement.id in listed(world, major, s.domestic)


def test_export_restricted_footprint_is_released_abroad_with_approval(world: World) -> None:
    s = world.seeded
    classify(world, s.cement.id, Classification.EXPORT_RESTRICTED)
    with world.make_uow(write=True) as uow:
        approval = policy.approve_release(
            uow, s.owner.admin, partner_id=s.foreign.partner_id, footprint_id=s.cement.id,
            purpose="customer's product declaration", recipient="Foreign GmbH, procurement",
            expires_at=None, at=datetime.now(UTC))
        uow.commit()
    assert s.cement.id in listed(world, "3", s.foreign)
    response = world.client.get(f"/3/footprints/{s.cement.id}",
                                headers=world.bearer(s.foreign))
    assert response.status_code == 200
    released = audit(world, s.cement.id, "data.released")
    assert len(released) == 2  # the list and the read
    assert all(r.after["approval_id"] == approval.id for r in released)


@pytest.mark.parametrize("major", ["2", "3"])
def test_every_list_and_read_leaves_a_release_record_per_footprint_sent(world: World,
                                                                        major: str) -> None:
    s = world.seeded
    response = world.client.get(f"/{major}/footprints?limit=2", headers=world.bearer())
    sent = [d["id"] for d in response.json()["data"]]
    assert len(sent) == 2
    for pf_id in sent:
        (record,) = audit(world, pf_id, "data.released")
        assert record.after["channel"] == f"pact-api-v{major}"
        assert record.after["partner_id"] == s.foreign.partner_id
        assert record.after["country"] == "DE"
        assert record.actor_id is None
    (unsent,) = {s.battery_old.id, s.battery.id, s.cement.id} - set(sent)
    assert audit(world, unsent, "data.released") == []
    world.client.get(f"/{major}/footprints/{unsent}", headers=world.bearer())
    assert len(audit(world, unsent, "data.released")) == 1


def test_an_empty_answer_logs_no_release(world: World) -> None:
    s = world.seeded
    response = world.client.get("/3/footprints?productId=urn:bogus:x", headers=world.bearer())
    assert response.json() == {"data": []}
    for pf_id in (s.battery_old.id, s.battery.id, s.cement.id):
        assert audit(world, pf_id, "data.released") == []
