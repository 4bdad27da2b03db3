"""Policy: a confidential inventory never reaches another organisation, whatever route it asks.

Tenant A calculates a footprint whose model holds a unique marker (a factor's source note) and
whose result holds a unique process name (the breakdown by process). The footprint itself is
classified public, so that it does leave A (the registry, the PACT API); its inventory stays
confidential. B is registered as A's PACT partner, with inbound credentials.

Then every GET route of the app is asked (enumerated from ``app.routes``, pages and API and
PACT alike, so routes added later are walked too), path and query parameters filled with A's
ids by name as the tenant-isolation walk fills them (a path parameter of an unknown name
fails the walk until it is named here; optional query parameters of other names are left
out): by nobody, by B's admin (API token and browser session), and by B as A's PACT partner
(an access token from ``/auth/token``). No answer may hold either marker. A's own admin
reads both markers (the positive control).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Route

from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.services.exchange import partners
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.services.sharing import policy
from tests.api.conftest import API, World, bearer
from tests.api.test_tenant_isolation import (
    A_ID_KINDS,
    A_PUBLIC_KINDS,
    PLAIN_PARAMETERS,
    Call,
    _flat,
    a_values,
    send,
)
from tests.conftest import base_model
from tests.support.platform import PASSWORD

HTTPS = "https://testserver"  # the PACT routes answer over HTTPS only
#: parameters of the PACT routes, and which of A's values fill them
PACT_PARAMETERS = {"pf_id": "footprint_id"}
#: record ids of kinds A owns none of in the walk's world (yet): filled with a fresh id
NOT_SEEDED = ("request_id",)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


@dataclass(frozen=True)
class Marked:
    ids: dict[str, str]  # A's ids, those of the marked records first
    model_marker: str
    process_marker: str
    pact_token: str  # B's access token as A's PACT partner


def marked_footprint(world: World) -> Marked:
    make_uow, settings = world.app.state.uow, world.app.state.settings
    admin = world.a.tenant.admin
    model_marker, process_marker = "INVENTORYNOTE-7f3a9c", "SECRETPROCESS-b21e64"
    model = base_model()
    model["factors"][0]["source"]["note"] = model_marker
    model["processes"][0]["name"] = {"zh": process_marker, "en": process_marker}
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, admin, catalog.ProductData(
            "标记产品", "marked product", "test"))
        version = catalog.save_model_version(uow, admin, product.id, json.dumps(model), "json",
                                             settings.data_dir, settings.databases_dir)
        job = footprint_jobs.start_footprint_job(uow, admin, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, settings.data_dir,
                                     settings.databases_dir)
    now = datetime.now(UTC)
    with make_uow(write=True) as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None, done
        policy.classify(uow, admin, DataKind.FOOTPRINT, done.result_id,
                        Classification.PUBLIC, now)
        partner = partners.register_partner(
            uow, admin, name=world.b.organisation.name, country="CN", spec_version="3.0.0",
            host_url=None, partner_organisation_id=world.b.organisation.id)
        client_id, secret = partners.issue_inbound_credentials(uow, admin, partner.id)
        uow.commit()
    with closing(TestClient(world.app, base_url=HTTPS)) as client:
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        token = client.post("/auth/token", data={"grant_type": "client_credentials"},
                            headers={"Authorization": f"Basic {basic}"})
        assert token.status_code == 200, token.text
    ids = {**a_values(world), "product_id": product.id, "model_version_id": version.id,
           "job_id": job.id, "footprint_id": done.result_id}
    return Marked(ids, model_marker, process_marker, token.json()["access_token"])


def _routes(app: FastAPI) -> Iterator[Route]:
    """Every route with a GET, also those of included routers (as the tenant walk finds
    them), pages and mounts' routes aside (static files hold no data)."""
    import fastapi.routing

    contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    routes = ([c.original_route for c in contexts(app.routes)] if contexts is not None
              else list(app.routes))
    for route in routes:
        if isinstance(route, Route) and "GET" in (route.methods or ()):
            yield route


def get_calls(app: FastAPI) -> list[Call]:
    calls = []
    known = {*A_ID_KINDS, *A_PUBLIC_KINDS, *PLAIN_PARAMETERS, *PACT_PARAMETERS, *NOT_SEEDED}
    for route in _routes(app):
        if isinstance(route, APIRoute):
            names = {p.name for p in _flat(route.dependant, "path_params")}
            queries = {p.name for p in _flat(route.dependant, "query_params")}
        else:
            names, queries = set(route.param_convertors), set()
        unknown = sorted(names - known)
        assert not unknown, (f"{route.path}: path parameters {unknown} are unknown to the "
                             "inventory walk; name the record they designate")
        queries &= known  # other query parameters are optional (paging, notices): left out
        calls.append(Call("GET", route.path, tuple(sorted(names)), tuple(sorted(queries)),
                          None))
    return calls


def leaks(world: World, marked: Marked, calls: list[Call],
          ids: dict[str, str]) -> tuple[list[str], int]:
    """Ask every call as every other party; the answers that hold a marker, and how many
    answers there were."""
    markers = (marked.model_marker, marked.process_marker)
    problems: list[str] = []
    walked = 0
    nobody = TestClient(world.app, base_url=HTTPS)
    with_token = TestClient(world.app, base_url=HTTPS)
    browser = TestClient(world.app, base_url=HTTPS)
    with closing(nobody), closing(with_token), closing(browser):
        signed = browser.post(f"{API}/auth/session", json={"email": world.b.admin.email,
                                                            "password": PASSWORD})
        assert signed.status_code == 200
        askers = (("nobody", nobody, {}),
                  ("B admin (token)", with_token, bearer(world.b_admin_token)),
                  ("B admin (session)", browser, {}),
                  ("B as A's PACT partner", nobody, bearer(marked.pact_token)))
        for call in calls:
            for who, client, headers in askers:
                response = send(client, call, ids, headers)
                walked += 1
                leaked = [m for m in markers if m in response.text]
                if leaked:
                    problems.append(f"{who} GET {call.template} "
                                    f"({response.status_code}): {leaked}")
    return problems, walked


def test_no_get_route_shows_a_confidential_inventory_to_anyone_else(world: World) -> None:
    marked = marked_footprint(world)
    ids = {**{k: str(uuid.uuid4()) for k in NOT_SEEDED}, **marked.ids,
           **{k: marked.ids[v] for k, v in PACT_PARAMETERS.items()}}
    calls = get_calls(world.app)
    assert len(calls) >= 40
    # the positive control: A reads its own model and result, markers included
    own = TestClient(world.app, base_url=HTTPS)
    with closing(own):
        version = own.get(f"{API}/models/{ids['model_version_id']}",
                          headers=bearer(world.a.token))
        footprint = own.get(f"{API}/footprints/{ids['footprint_id']}",
                            headers=bearer(world.a.token))
    assert marked.model_marker in version.text
    assert marked.process_marker in footprint.text

    problems, walked = leaks(world, marked, calls, ids)
    assert not problems, "\n".join(problems)
    assert walked == 4 * len(calls)


def test_a_route_that_shows_the_inventory_fails_the_walk(world: World) -> None:
    marked = marked_footprint(world)
    make_uow = world.app.state.uow

    @world.app.get("/leaky/{footprint_id}")
    def leaky(footprint_id: str) -> dict[str, str]:
        with make_uow() as uow:
            row = uow.footprints.in_org(world.a.tenant.organisation.id, footprint_id)
            return {"result": row.result_json if row else ""}

    calls = [c for c in get_calls(world.app) if c.template == "/leaky/{footprint_id}"]
    problems, _ = leaks(world, marked, calls, marked.ids)
    assert len(problems) == 4  # every party of the walk
    assert all(marked.process_marker in p for p in problems)


def test_the_footprint_leaves_as_an_aggregate_to_the_partner(world: World) -> None:
    """The walk is not empty-handed: the partner does receive the public footprint."""
    marked = marked_footprint(world)
    with closing(TestClient(world.app, base_url=HTTPS)) as client:
        listed = client.get("/3/footprints", headers=bearer(marked.pact_token))
    assert listed.status_code == 200, listed.text
    assert marked.ids["footprint_id"] in listed.text
    assert marked.process_marker not in listed.text
