"""Jurisdiction isolation: every route of the regulator (``/api/v1/supervision/...`` and the
pages under ``/supervision``), every method, walked as regulators of two provinces, as a
non-regulator and as nobody.

The routes are enumerated from the app, so a new route is walked without editing this file.
Path parameters are filled by name from the registry of Guangdong records
(tests/support/supervision_walk.py); a parameter the registry does not know fails the walk
until it is named there. The Guangdong world is tenant A of tests/api/conftest.py (region
CN-GD) with its certificate, case and surveillance.

Expected:

* the Guangdong regulator: 200 on every GET route (its records are within its jurisdiction);
  unsafe methods are not sent as it (they would act on its records);
* the Jiangsu regulator: 404 on every route with a Guangdong path id, byte for byte the answer
  to an id that does not exist; no answer of any route (lists included) holds a Guangdong
  name or id;
* a non-regulator (an enterprise's admin, also the Guangdong holder's own): 403 (or 404);
* signed in, nobody gets 401 or a redirect to sign-in; signed out, the API answers 401 and the
  pages send to sign-in.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.tenancy import Role, User
from tests.api.conftest import API, World
from tests.api.test_tenant_isolation import Call
from tests.api.test_tenant_isolation import plan as api_plan
from tests.api.test_tenant_isolation import send as send_api
from tests.support.platform import PASSWORD
from tests.support.supervision import PASSWORD as REGULATOR_PASSWORD
from tests.support.supervision_penalties import bureau
from tests.support.supervision_walk import GUANGDONG_KINDS, PLAIN_QUERIES, guangdong_ids

PREFIXES = (f"{API}/supervision", "/supervision")
#: the certification body's side of spot checks (its required actions): not a regulator's
#: route; tests/api/test_spot_checks_api.py walks it as bodies
BODY_ROUTES = (f"{API}/supervision/spot-checks/required-actions",
               "/supervision/spot-checks/required-actions")
#: a pilot's responsible units (enterprises) report on their own tasks here: anyone signed in
#: reads their own (an empty list), and finds no Guangdong task
UNIT_ROUTES = (f"{API}/supervision/pilot-tasks", "/supervision/pilot-tasks")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: the positive control: the Guangdong regulator reads the Guangdong certificate here
SHOWS_THE_CERTIFICATE = {f"GET {API}/supervision/certificates", "GET /supervision/certificates",
                         f"GET {API}/supervision/certificates/{{certificate_id}}",
                         "GET /supervision/certificates/{certificate_id}"}
ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


class UnknownParameterError(AssertionError):
    pass


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def page(self) -> bool:
        return not self.template.startswith(f"{API}/")


def _flat(dependant: Any, kind: str) -> list[Any]:
    fields = list(getattr(dependant, kind))
    for sub in dependant.dependencies:
        fields += _flat(sub, kind)
    return fields


def _all_routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every APIRoute of the app (pages too), also those of included routers (FastAPI ≥ 0.16x
    keeps them behind included-router nodes)."""
    import fastapi.routing

    contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    routes = ([c.original_route for c in contexts(app.routes)] if contexts is not None
              else list(app.routes))
    for route in routes:
        if isinstance(route, APIRoute):
            yield route


def plan(app: FastAPI) -> list[Route]:
    found = []
    for route in _all_routes(app):
        if not (route.path.startswith(PREFIXES) and (
                route.path in PREFIXES or route.path.startswith(tuple(p + "/" for p in
                                                                      PREFIXES)))):
            continue
        if route.path.startswith(BODY_ROUTES):
            continue
        names = tuple(sorted({p.name for p in _flat(route.dependant, "path_params")}))
        queries = tuple(sorted({p.name for p in _flat(route.dependant, "query_params")}))
        for name in names:
            if name not in GUANGDONG_KINDS:
                raise UnknownParameterError(
                    f"{route.path}: path parameter '{name}' is not known to the jurisdiction "
                    "walk; add it to GUANGDONG_KINDS with its seeder (tests/support/"
                    "supervision_walk.py)")
        for name in queries:
            if name not in PLAIN_QUERIES and name not in GUANGDONG_KINDS \
                    and name != "body_id":
                raise UnknownParameterError(
                    f"{route.path}: query parameter '{name}' is not known to the "
                    "jurisdiction walk; add it to PLAIN_QUERIES or GUANGDONG_KINDS")
        found += [Route(m, route.path, names, queries) for m in sorted(route.methods or ())]
    return found


def send(client: TestClient, route: Route, ids: dict[str, str], csrf: str,
         api_calls: dict[tuple[str, str], Call]) -> httpx.Response:
    """One request: an API route with a valid body made from its model (the tenant walk's
    maker, ids by name), a page with a small form; optional query parameters without a value
    of their own are left out (a filter of records of another kind would be refused)."""
    path = route.template.format(**{p: ids[p] for p in route.path_params})
    query = {q: value for q in route.query_params
             if (value := ids.get(q, PLAIN_QUERIES.get(q)))}
    if route.method in UNSAFE and not route.page:
        return send_api(client, api_calls[(route.method, route.template)], ids,
                        {"X-CSRF-Token": csrf})
    if route.method not in UNSAFE:
        return client.request(route.method, path, params=query)
    return client.request(route.method, path, params=query,
                          data={"csrf_token": csrf, "reason": "walk", "note": "walk"})


@dataclass(frozen=True)
class Caller:
    who: str
    client: TestClient
    csrf: str


def signed_in(app: FastAPI, who: str, user: User, password: str = PASSWORD) -> Caller:
    client = TestClient(app, follow_redirects=False)
    answer = client.post(f"{API}/auth/session", json={"email": user.email,
                                                      "password": password})
    assert answer.status_code == 200, answer.text
    return Caller(who, client, answer.json()["csrf_token"])


def guangdong_marks(world: World, ids: dict[str, str]) -> list[str]:
    """What a Jiangsu regulator must never read: Guangdong's ids, names and numbers."""
    return sorted({*ids.values(), *(s for s in world.a.secrets() if len(s) >= 6),
                   world.a.certified.number})


def _problems(caller: Caller, route: Route, answer: httpx.Response,
              allowed: set[int], marks: list[str]) -> list[str]:
    out = []
    if answer.status_code not in allowed:
        out.append(f"{caller.who} {route.label}: {answer.status_code} not in "
                   f"{sorted(allowed)}: {answer.text[:160]}")
    if answer.status_code in (301, 302, 303, 307) and "/signin" in answer.headers.get(
            "location", ""):
        out.append(f"{caller.who} {route.label}: sent to sign-in")
    if leaked := [m for m in marks if m in answer.text]:
        out.append(f"{caller.who} {route.label}: answer holds Guangdong's {leaked}")
    return out


def _without(text: str, route: Route, ids: dict[str, str]) -> str:
    for name in route.path_params:
        text = text.replace(ids[name], "{" + name + "}")
    return text


def walk(world: World, make_uow: UowFactory) -> list[str]:
    app = world.app
    gd_admin = bureau(make_uow, "CN-GD", f"gd-{uuid.uuid4().hex[:6]}@reg.example", Role.ADMIN)
    ids = {**world.a.ids(), **guangdong_ids(make_uow, world, gd_admin)}
    api_calls = {(c.method, c.template): c for c in api_plan(app)}
    missing = {k: str(uuid.uuid4()) for k in ids}
    marks = guangdong_marks(world, ids)
    routes = plan(app)
    gd = signed_in(app, "Guangdong regulator", gd_admin, REGULATOR_PASSWORD)
    js = signed_in(app, "Jiangsu regulator",  # an admin: no step is refused for its role
                   bureau(make_uow, "CN-JS", f"js-{uuid.uuid4().hex[:6]}@reg.example",
                          Role.ADMIN), REGULATOR_PASSWORD)
    outsiders = [signed_in(app, "enterprise admin", world.b.admin),
                 signed_in(app, "Guangdong holder's admin", world.a.tenant.admin)]
    nobody = Caller("nobody", TestClient(app, follow_redirects=False), "")
    problems: list[str] = []
    try:
        for route in routes:
            values = {**ids, "body_id": world.a.certified.body.organisation_id}
            if route.method not in UNSAFE:
                answer = send(gd.client, route, values, gd.csrf, api_calls)
                problems += _problems(gd, route, answer, {200}, [])
                if route.label in SHOWS_THE_CERTIFICATE and (
                        world.a.certified.number not in answer.text):
                    problems.append(f"{gd.who} {route.label}: its own certificate is missing")
            answer = send(js.client, route, values, js.csrf, api_calls)
            if route.path_params:
                # a page shows its own address (the language links): the ids the caller sent
                sent = {values[p] for p in route.path_params}
                # a page's form is read before any lookup (422 alike for a Guangdong id and
                # an unknown one, compared below); the API gets valid bodies: 404
                allowed = {404, 422} if route.page and route.method in UNSAFE else {404}
                problems += _problems(js, route, answer, allowed,
                                      [m for m in marks if m not in sent])
                unknown = send(js.client, route, {**values, **missing}, js.csrf, api_calls)
                if (unknown.status_code, _without(unknown.text, route, missing)) != (
                        answer.status_code, _without(answer.text, route, values)):
                    problems.append(f"{js.who} {route.label}: a Guangdong id answers "
                                    f"{answer.text[:120]}, an unknown id {unknown.text[:120]}")
            else:
                problems += _problems(js, route, answer, set(range(200, 300)) | {
                    400, 403, 404, 409, 422}, marks)
            refused = {403, 404} | ({200} if route.template.startswith(UNIT_ROUTES)
                                    and route.method not in UNSAFE else set())
            if route.page and route.method in UNSAFE:
                refused.add(422)  # a page's form is read before the caller is (no lookup)
            for outsider in outsiders:
                problems += _problems(outsider, route, send(outsider.client, route, values,
                                                            outsider.csrf, api_calls),
                                      refused, [])
            signed_out = send(nobody.client, route, values, "", api_calls)
            if route.page:
                if route.method not in UNSAFE and not (
                        signed_out.status_code == 303
                        and signed_out.headers["location"].startswith("/signin?next=/")):
                    problems.append(f"nobody {route.label}: {signed_out.status_code}, not "
                                    "sent to sign-in")
            elif signed_out.status_code != 401:
                problems.append(f"nobody {route.label}: {signed_out.status_code}, not 401")
    finally:
        for caller in (gd, js, *outsiders, nobody):
            caller.client.close()
    return problems


def test_a_regulator_of_one_province_sees_nothing_of_another_on_any_route(
        world: World) -> None:
    problems = walk(world, world.app.state.uow)
    assert not problems, "\n".join(problems)


@ON_SQLITE
def test_the_walk_covers_the_workspace_routes(world: World) -> None:
    walked = {(r.method, r.template) for r in plan(world.app)}
    assert {("GET", "/supervision"), ("GET", "/supervision/certificates/{certificate_id}"),
            ("GET", f"{API}/supervision/overview"),
            ("GET", f"{API}/supervision/certification-cases/{{case_id}}")} <= walked
    assert len(walked) >= 12


@ON_SQLITE
def test_a_route_with_a_parameter_the_registry_does_not_know_fails_the_walk(
        world: World) -> None:
    app = world.app

    @app.get(f"{API}/supervision/widgets/{{widget_id}}")
    def widget(widget_id: str) -> dict[str, str]:  # pragma: no cover - never called
        return {"id": widget_id}

    with pytest.raises(UnknownParameterError, match="widget_id"):
        plan(app)


@ON_SQLITE
def test_a_list_that_shows_another_provinces_record_fails_the_walk(world: World) -> None:
    app, number = world.app, world.a.certified.number

    @app.get(f"{API}/supervision/leaky")
    def leaky() -> dict[str, str]:
        return {"number": number}

    problems = walk(world, app.state.uow)
    assert any("Jiangsu regulator GET /api/v1/supervision/leaky" in p and number in p
               for p in problems)
