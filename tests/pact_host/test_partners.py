"""Registering a PACT partner and issuing the credentials its client uses at our host."""

from __future__ import annotations

import pytest

from carbonlabel.domain.exchange.records import Partner
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.exchange import pact_host, partners
from tests.pact_host.conftest import World


def register(world: World, **changes: object) -> Partner:
    values: dict[str, object] = {"name": "Acme SA", "country": "fr", "spec_version": "3.0.0",
                                 "host_url": "https://pact.acme.example/"}
    values.update(changes)
    with world.make_uow(write=True) as uow:
        partner = partners.register_partner(uow, world.seeded.owner.admin,
                                            **values)  # type: ignore[arg-type]
        uow.commit()
    return partner


def test_registered_partner_is_kept_normalised_and_audited(world: World) -> None:
    partner = register(world)
    with world.make_uow() as uow:
        kept = uow.partners.get(world.seeded.owner.organisation.id, partner.id)
        assert kept is not None
        records = uow.audit.for_entity(world.seeded.owner.organisation.id, kept.id)
    assert (kept.country, kept.host_url, kept.inbound_client_id) == (
        "FR", "https://pact.acme.example", None)
    assert [r.action for r in records] == ["partner.registered"]


@pytest.mark.parametrize(("field", "changes"), [
    ("country", {"country": "XX"}), ("country", {"country": "France"}),
    ("spec_version", {"spec_version": "2.2.0"}),
    ("host_url", {"host_url": "http://pact.acme.example"}),
    ("auth_url", {"auth_url": "ftp://auth.acme.example"}),
    ("name", {"name": "  "}),
])
def test_invalid_partner_data_is_refused_naming_the_field(world: World, field: str,
                                                           changes: dict[str, object]) -> None:
    with pytest.raises(InputError) as refused:
        register(world, **changes)
    assert refused.value.field == field


def test_plain_http_only_to_this_machine_unless_the_deployment_allows_it(
        world: World) -> None:
    # never leaves the machine (a local tester: private addresses allowed for development)
    partner = register(world, host_url="http://localhost:8443", allow_private=True)
    assert partner.host_url == "http://localhost:8443"
    with pytest.raises(InputError):
        register(world, name="Other", host_url="http://pact.acme.example")
    other = register(world, name="Other", host_url="http://pact.acme.example",
                     allow_http=True)
    assert other.host_url == "http://pact.acme.example"


def test_only_an_admin_manages_partners(world: World) -> None:
    with world.make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        partners.register_partner(uow, world.seeded.owner.analyst, name="X", country="DE",
                                  spec_version="3.0.0", host_url=None)
    with world.make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        partners.issue_inbound_credentials(uow, world.seeded.owner.analyst,
                                           world.seeded.foreign.partner_id)


def test_credentials_are_kept_as_a_hash_and_a_new_pair_revokes_the_old(world: World) -> None:
    s = world.seeded
    with world.make_uow(write=True) as uow:
        client_id, secret = partners.issue_inbound_credentials(uow, s.owner.admin,
                                                               s.foreign.partner_id)
        uow.commit()
    with world.make_uow() as uow:
        found = uow.partners.by_inbound_client(client_id)
        assert found is not None
        assert secret not in (found[1] or "")
        assert (found[1] or "").startswith("$argon2")
        assert pact_host.authenticate_client(uow, client_id, secret).id == s.foreign.partner_id
        with pytest.raises(Exception, match="invalid client credentials"):
            pact_host.authenticate_client(uow, s.foreign.client_id, s.foreign.secret)


def test_another_organisations_partner_gets_no_credentials(world: World) -> None:
    with world.make_uow(write=True) as uow, pytest.raises(NotFoundError):
        partners.issue_inbound_credentials(uow, world.seeded.stranger.admin,
                                           world.seeded.foreign.partner_id)
