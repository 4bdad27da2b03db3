"""The scan log for regulators: ``GET /api/v1/supervision/scans`` and ``/supervision/scans``
list the scans of the caller's jurisdiction (by the scan's coarse region or the claimed
certificate's holder), with a short client reference and never the address; others get 403.
A place the person shares on the verdict page is kept as the scan's region."""

from __future__ import annotations

from carbonlabel.domain.tenancy import Role
from tests.api.conftest import API, World, bearer, token_for
from tests.support.supervision import PASSWORD, regulator

ADDRESS = "testclient"  # the test client's address: hashed, never listed


def test_regulators_list_the_scans_of_their_jurisdiction(world: World) -> None:
    a = world.a.certified
    app, client = world.app, world.client
    with app.state.uow() as uow:
        holder = uow.organisations.get(world.a.tenant.organisation.id)
    assert holder is not None
    province = "-".join(holder.region.upper().split("-")[:2])
    elsewhere = "CN-XJ" if province != "CN-XJ" else "CN-XZ"
    city = elsewhere + "-650100" if elsewhere == "CN-XJ" else elsewhere

    assert client.get(f"{API}/registry/verify/code/{a.number}").status_code == 200
    shared = client.get(f"/v/{a.label_token}", params={"region": elsewhere})
    assert shared.status_code == 200
    assert 'id="place-shared"' in shared.text
    assert client.get("/verify", params={"code": "NOT-A-NUMBER",
                                         "region": city}).status_code == 200
    app.state.registry.scans.flush()

    home = regulator(app.state.uow, province, "home@reg.example", Role.VIEWER)
    there = regulator(app.state.uow, elsewhere, "there@reg.example")
    mine = client.get(f"{API}/supervision/scans", headers=bearer(token_for(app.state.uow,
                                                                           home)))
    assert mine.status_code == 200, mine.text
    body = mine.json()
    # both scans claiming A's certificate lie within the holder's province
    assert body["total"] == 2
    assert {(s["claimed_number"], s["region"], s["region_source"]) for s in body["items"]} == {
        (a.number, None, None), (a.number, elsewhere, "shared")}
    assert all(s["holder_region"] == holder.region.upper() for s in body["items"])
    assert all(s["client_ref"] and len(s["client_ref"]) == 8 for s in body["items"])
    assert ADDRESS not in mine.text

    theirs = client.get(f"{API}/supervision/scans", params={"verdict": "not_genuine"},
                        headers=bearer(token_for(app.state.uow, there)))
    assert [(s["failure"], s["region"]) for s in theirs.json()["items"]] == [
        ("malformed", city)]  # the typed nonsense, placed by the select only

    refused = client.get(f"{API}/supervision/scans", headers=bearer(world.a.token))
    assert refused.status_code == 403

    signed = client.post(f"{API}/auth/session",
                         json={"email": there.email, "password": PASSWORD})
    assert signed.status_code == 200
    page = client.get("/supervision/scans")
    assert page.status_code == 200
    assert page.text.count("data-scan=") == 2  # the shared label scan and the typed code
