"""Tenant isolation: every API route, walked as nobody and as another organisation.

The routes are enumerated from the app (every ``APIRoute`` under ``/api/v1``, every method),
so a new route is walked without editing this file. Path and query parameters are filled
with tenant A's real ids by parameter name; a route with a parameter of an unknown name
fails the test until ``A_ID_KINDS`` below names it. Unsafe methods get a valid body made
from the route's body model.

Expected statuses (the table in docs/api.md):

* nobody: 401 on every route (the sign-in route answers 401 to credentials it does not know);
* B's admin (API token, or browser session with its CSRF token): 404 on every route with a
  path parameter, or with one of A's ids in its body (A's record is "not found", byte for
  byte the same answer as for an id that does not exist); 2xx with B's own data on routes
  without one;
* B's viewer: as B's admin, except that an unsafe method may answer 403 (role not allowed);
* the regulator's routes (``/api/v1/supervision/...``): 403 to B, who is no regulator (A's own
  reads skip them; tests/api/test_jurisdiction_isolation.py walks them as regulators);
* the public registry (``/api/v1/registry/...``, public by policy): 200 to everybody, also
  for A's certificate number and label token, but never with A's non-public data (ids,
  e-mails, hashes, tokens, case records).

"A" is the applicant with its certification body (a third organisation): B is neither.
Multipart routes (an application with its documents, a step with attachments) get a valid
form made from their form model, with small files.

And afterwards: no answer contained any id, name, e-mail, hash or secret of A; every database
row that mentions A is unchanged and no new row mentions A; A's own reads answer as before.
"""

from __future__ import annotations

import types
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2 as httpx
import pytest
from fastapi import FastAPI, params
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import select, update

from carbonlabel.adapters.db.metadata import Base
from carbonlabel.adapters.db.tables import ApiTokenRow, UserSessionRow
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.services.accounts import api_tokens, users
from tests.api.conftest import API, World, bearer, sign_in, token_for
from tests.support.supervision import regulator

#: ids of regulators' records (tests/api/test_jurisdiction_isolation.py seeds and walks them as
#: regulators): A holds none; the walk sends ids that name nothing, as the regulator's routes
#: refuse every non-regulator before looking
REGULATOR_KINDS = ("alert_id", "report_id", "supervision_case_id", "file_id", "campaign_id",
                   "item_id", "penalty_id", "pilot_id", "task_id", "evidence_id",
                   "input_id")
#: ids of procurement agencies' records (tests/api/test_procurement_api.py walks them as
#: agencies): A holds none; the agencies' routes refuse everyone else before looking
AGENCY_KINDS = ("criterion_id",)
#: which of A's records a path, query or body parameter of this name designates
A_ID_KINDS = ("organisation_id", "user_id", "product_id", "model_version_id", "job_id",
              "footprint_id", "body_id", "case_id", "document_id", "nonconformity_id",
              "certificate_id", "check_id", "label_id", "partner_id", "approval_id", "grant_id",
              "request_id", "pf_id", "token_id", "complaint_id",
              "site_id", "transfer_id", "change_id", "system_id", "evidence_grant_id",
              "plan_id", "claim_id", "baseline_footprint_id", "current_footprint_id",
              *REGULATOR_KINDS, *AGENCY_KINDS)
#: A's public values (the registry's certificate number, a label's QR token, a complaint's
#: tracking token: its complainant's key, whoever holds it; a system certificate's number),
#: by name
A_PUBLIC_KINDS = ("number", "token", "tracking_token", "system_number")
#: parameters that are not record ids, with a value to send
PLAIN_PARAMETERS = {"offset": "0", "limit": "50", "state": "applied", "q": "", "category": "",
                    "region": "", "lang": "zh", "size": "50", "dpi": "150", "version": "3.0.0",
                    "status": "valid", "overdue": "false", "rule": "value_mismatch",
                    "mine": "false", "format": "csv", "on": "2026-06-01", "verdict": "valid",
                    "code": "cn-pilot-16-cement", "geography": "CN", "year": "2024",
                    "table": "stages",
                    # a category benchmark (public): any set, also one with no certificate
                    "product_rule": "cn-pilot-04-li-ion-energy-storage@1.0",
                    "declared_unit": "1 kWh", "boundary": "cradle-to-gate",
                    # two model versions compared, by number: A's version 1 with itself
                    "a": "1", "b": "1",
                    "period": "2026",
                    # a procurement ranking's declared unit and criterion (its boundary: above)
                    "unit": "1 t", "criterion": ""}
#: reference data every signed-in user reads alike, naming no organisation's record (the
#: product rules): 200 to any signed-in caller, never A's data
SHARED_ROUTES = frozenset({f"{API}/product-rules", f"{API}/product-rules/{{code}}",
                           f"{API}/factors/search"})
#: routes that answer without a signed-in user, and what they answer to this walk's callers
PUBLIC_ROUTES = {("POST", f"{API}/auth/session"): 401,  # generated credentials are unknown
                 ("POST", f"{API}/registry/complaints"): 409,  # a probe code names no body
                 # a report of a suspected false label (a number naming nothing is accepted)
                 ("POST", f"{API}/registry/reports"): 201,
                 # a published procurement criterion: an id naming nothing is not found
                 ("GET", f"{API}/public/procurement-criteria/{{criterion_id}}"): 404}
#: the regulator's routes refuse every caller who is not staff of a regulator (403), the
#: records' owner too (tests/api/test_jurisdiction_isolation.py walks them as regulators)
REGULATOR_PREFIX = f"{API}/supervision/"
#: under that prefix, the routes of a pilot's responsible units (enterprises report progress
#: on their own tasks): the usual rules of this walk
UNIT_ROUTES = f"{API}/supervision/pilot-tasks"
#: the procurement agencies' routes refuse every caller who is not staff of an agency (403)
AGENCY_PREFIX = f"{API}/procurement/"
#: routes whose generated body the caller's own data refuses, and with which status
REFUSED_EXAMPLES = {("POST", f"{API}/me/password"): 422,  # the current password is wrong
                    # the generated credit code fails its check character
                    ("PUT", f"{API}/organisation/identity"): 422,
                    # only an operator's or regulator's admin publishes a threshold
                    ("POST", f"{API}/claim-thresholds"): 403}
#: reads of an append-only log that the walk itself adds to (its registry verifications are
#: scans): compared by kind only
GROWING_READS = frozenset({f"{API}/supervision/scans"})
#: columns that record use (written at most once a minute by any authenticated read)
USE_COLUMNS = frozenset({"last_used_at", "last_seen_at"})
#: public by policy (the registry's API, and its label artwork beside the registry's pages;
#: the category benchmarks, statistics of the registry):
#: every caller gets 200, but never A's non-public data
PUBLIC_PREFIXES = (f"{API}/registry/", "/registry/", f"{API}/public/", f"{API}/benchmarks")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: the walk itself runs on both back ends; checks of the walk's machinery on SQLite only
ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


class UnknownParameterError(AssertionError):
    pass


@dataclass(frozen=True)
class Call:
    method: str
    template: str  # the route's path, e.g. /api/v1/products/{product_id}
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body_model: type[BaseModel] | None  # a JSON body
    form_model: type[BaseModel] | None = None  # a form (multipart: fields and files)
    free_json: bool = False  # a JSON document taken whole (a PACT file): sent empty

    @property
    def label(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def public(self) -> bool:
        return self.template.startswith(PUBLIC_PREFIXES)

    @property
    def body_ids(self) -> tuple[str, ...]:
        """Fields of the body that name one of A's records (filled with A's ids)."""
        model = self.body_model or self.form_model
        return tuple(sorted(set(model.model_fields) & set(A_ID_KINDS))) if model else ()


# -- enumerating the routes -----------------------------------------------------------------

def _api_routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every APIRoute of the API (and the public registry routes the schema publishes), also
    those of included routers (FastAPI ≥ 0.16x keeps them behind an included-router node in
    ``app.routes``)."""
    import fastapi.routing

    contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    routes = ([c.original_route for c in contexts(app.routes)] if contexts is not None
              else list(app.routes))
    for route in routes:
        if isinstance(route, APIRoute) and (route.path.startswith(f"{API}/") or (
                route.include_in_schema and route.path.startswith(PUBLIC_PREFIXES))):
            yield route


def _flat(dependant: Any, kind: str) -> list[Any]:
    fields = list(getattr(dependant, kind))
    for sub in dependant.dependencies:
        fields += _flat(sub, kind)
    return fields


def _form_model(route: APIRoute, bodies: list[Any]) -> type[BaseModel] | None:
    """The model FastAPI made of a route's form fields and files, if its body is a form."""
    if not bodies or not all(isinstance(b.field_info, params.Form) for b in bodies):
        return None
    model = route.body_field.field_info.annotation if route.body_field else None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise UnknownParameterError(f"{route.path}: form without a model")
    return model


def _free_json(annotation: Any) -> bool:
    """A body typed as plain JSON (``dict[str, Any] | list[Any]``), not a pydantic model."""
    import typing

    kinds = typing.get_args(annotation) if typing.get_origin(annotation) in (
        typing.Union, types.UnionType) else (annotation,)
    return bool(kinds) and all(typing.get_origin(k) in (dict, list) or k in (dict, list)
                               for k in kinds)


def plan(app: FastAPI) -> list[Call]:
    calls = []
    for route in _api_routes(app):
        bodies = _flat(route.dependant, "body_params")
        form = _form_model(route, bodies)
        model = bodies[0].field_info.annotation if bodies and form is None else None
        free = len(bodies) == 1 and form is None and _free_json(model)
        if free:
            model = None  # a document passed through whole (a PACT file): it names no record
        elif bodies and form is None and (len(bodies) > 1 or not isinstance(model, type)
                                          or not issubclass(model, BaseModel)):
            raise UnknownParameterError(f"{route.path}: body is not one pydantic model; "
                                        "teach this walk how to fill it")
        names = {p.name for p in _flat(route.dependant, "path_params")}
        queries = {p.name for p in _flat(route.dependant, "query_params")}
        for name in sorted(names | queries):
            if (name not in A_ID_KINDS and name not in PLAIN_PARAMETERS
                    and name not in A_PUBLIC_KINDS):
                raise UnknownParameterError(
                    f"{route.path}: parameter '{name}' is not known to the tenant-isolation "
                    "walk; add it to A_ID_KINDS (a record id), A_PUBLIC_KINDS (a public "
                    "value) or PLAIN_PARAMETERS")
            if name in A_PUBLIC_KINDS and not route.path.startswith(PUBLIC_PREFIXES):
                raise UnknownParameterError(f"{route.path}: '{name}' is public only in the "
                                            "registry; a private route names a record id")
        calls += [Call(method, route.path, tuple(sorted(names)), tuple(sorted(queries)),
                       model if form is None else None, form, free)
                  for method in sorted(route.methods or ())]
    return calls


# -- making requests ------------------------------------------------------------------------

def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def example_value(name: str, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """A valid value of a JSON schema (as pydantic writes them), for a field of this name."""
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [_resolve(s, root) for s in schema[key]]
            usable = [s for s in options if s.get("type") != "null"] or options
            return example_value(name, usable[0], root)
    kind = schema.get("type")
    if kind == "string":
        if "pattern" in schema:
            raise UnknownParameterError(f"field '{name}' has a pattern; give it an example")
        if "email" in name:
            return f"probe-{uuid.uuid4().hex[:10]}@example.cn"
        if schema.get("format") == "date":
            return "2026-01-01"
        low, high = schema.get("minLength", 1), schema.get("maxLength", 40)
        return ("probe " + uuid.uuid4().hex)[:high].ljust(low, "x")
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1.0))
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return example_body(schema, root)
    raise UnknownParameterError(f"field '{name}': cannot make an example of {schema}")


def example_body(schema: dict[str, Any], root: dict[str, Any] | None = None) -> dict[str, Any]:
    """The required fields of an object schema, each with a valid value."""
    root = root or schema
    props = schema.get("properties", {})
    return {k: example_value(k, props[k], root) for k in schema.get("required", [])}


def _is_file(schema: dict[str, Any]) -> bool:
    """A form field of one file or of several (pydantic writes ``contentMediaType``)."""
    options = [schema, *schema.get("anyOf", [])]
    return any("contentMediaType" in o or "contentMediaType" in o.get("items", {})
               for o in options)


def example_form(model: type[BaseModel], ids: dict[str, str]) -> tuple[
        dict[str, Any], list[tuple[str, tuple[str, bytes, str]]]]:
    """Fields and files of a valid multipart form (every required field, A's ids by name)."""
    schema = model.model_json_schema()
    props, data, files = schema.get("properties", {}), {}, []
    for name in schema.get("required", []):
        if _is_file(props[name]):
            files.append((name, (f"{name}.pdf", b"%PDF-1.4 probe", "application/pdf")))
        else:
            data[name] = ids.get(name) or example_value(name, props[name], schema)
    return data, files


def send(client: TestClient, call: Call, ids: dict[str, str],
         headers: dict[str, str]) -> httpx.Response:
    path = call.template.format(**{p: ids[p] if p in ids else PLAIN_PARAMETERS[p]
                                   for p in call.path_params})
    query = {q: ids.get(q, PLAIN_PARAMETERS.get(q, "")) for q in call.query_params}
    if call.form_model is not None:
        data, files = example_form(call.form_model, ids)
        return client.request(call.method, path, params=query, data=data, files=files,
                              headers=headers)
    if call.free_json:
        return client.request(call.method, path, params=query, json=[], headers=headers)
    body = (example_body(call.body_model.model_json_schema())
            if call.body_model is not None else None)
    if body is not None:  # optional id fields too: each names one of A's records
        body.update({k: ids[k] for k in call.body_ids})
    return client.request(call.method, path, params=query, json=body, headers=headers)


# -- what A owns in the database ------------------------------------------------------------

def rows_mentioning(make_uow: UowFactory, marks: set[str]) -> set[tuple[str, str]]:
    """Every row of every table that mentions one of ``marks`` anywhere in a column (also
    inside JSON, e.g. an audit record's ``after``), as text."""
    found = set()
    with make_uow() as uow:
        for table in Base.metadata.sorted_tables:
            for row in uow.session.execute(select(table)).mappings():
                text = repr(sorted((k, v) for k, v in row.items() if k not in USE_COLUMNS))
                if any(mark in text for mark in marks):
                    found.add((table.name, text))
    return found


def a_values(world: World) -> dict[str, str]:
    """What the walk fills parameters with: A's ids and A's public registry values."""
    return {**world.a.ids(), **world.a.public_values(),
            **{k: str(uuid.uuid5(uuid.NAMESPACE_URL, k))
               for k in (*REGULATOR_KINDS, *AGENCY_KINDS)}}


def own_reads(world: World, calls: list[Call]) -> dict[str, Any]:
    """A reads every GET route with A's ids: the positive control of the walk. The applicant's
    admin reads, or, for a certification body's own pages, the body's admin."""
    out: dict[str, Any] = {}
    # the regulators' reads (market supervision): a national regulator's analyst
    inspector = regulator(world.app.state.uow, "CN",
                          f"walk-{uuid.uuid4().hex[:8]}@reg.example")
    inspector_token = token_for(world.app.state.uow, inspector)
    for call in calls:
        if call.method != "GET" or (call.template.startswith(REGULATOR_PREFIX)
                                    and not call.template.startswith(UNIT_ROUTES)) or (
                call.template.startswith(AGENCY_PREFIX)) or (
                (call.method, call.template) in PUBLIC_ROUTES):
            continue
        for token in (world.a.token, world.a.certified.body_token, inspector_token):
            response = send(world.client, call, a_values(world), bearer(token))
            if response.status_code == 200:
                break
        assert response.status_code == 200, (call.label, response.text)
        kind = response.headers.get("content-type", "")
        if call.template in GROWING_READS:
            out[call.label] = kind
            continue
        # files (documents, PDFs) may carry their making time: compared by kind only
        out[call.label] = _without_use(response.json()) if kind.startswith(
            "application/json") else kind
    return out


def _without_use(value: Any) -> Any:
    """An answer without the times of use (the walk's own reads move them)."""
    if isinstance(value, dict):
        return {k: _without_use(v) for k, v in value.items() if k not in USE_COLUMNS}
    if isinstance(value, list):
        return [_without_use(v) for v in value]
    return value


# -- the walk -------------------------------------------------------------------------------

def _leaks(response: httpx.Response, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s in response.text]


def _check(label: str, who: str, response: httpx.Response, allowed: set[int],
           secrets: list[str]) -> list[str]:
    problems = []
    if response.status_code not in allowed:
        problems.append(f"{who} {label}: {response.status_code} not in {sorted(allowed)}: "
                        f"{response.text[:200]}")
    if leaked := _leaks(response, secrets):
        problems.append(f"{who} {label}: answer holds A's {leaked}")
    return problems


def _expected(call: Call, who: str) -> set[int]:
    if (call.method, call.template) in PUBLIC_ROUTES:
        return {PUBLIC_ROUTES[(call.method, call.template)]}
    if call.public:
        return {200}
    if who == "nobody":
        return {401}
    if call.template in SHARED_ROUTES:
        return {200}
    if call.template.startswith(REGULATOR_PREFIX) and not call.template.startswith(UNIT_ROUTES):
        # a state filter of another kind of record is refused as it is read (422)
        return {403, 422} if "state" in call.query_params else {403}
    if call.template.startswith(AGENCY_PREFIX):
        return {403}
    mine = {200, 201, 202, 204} | ({422} if call.free_json else set())  # empty: refused
    if (call.method, call.template) in REFUSED_EXAMPLES:
        mine = {REFUSED_EXAMPLES[(call.method, call.template)]}
    found = {404} if call.path_params or call.body_ids else mine
    if who == "B viewer" and call.method in UNSAFE:
        return found | {403}
    return found


def walk(world: World, calls: list[Call], nobody: TestClient,
         browser: TestClient) -> list[str]:
    a, b = world.a, world.b
    values = a_values(world)
    missing_ids = {k: str(uuid.uuid4()) for k in A_ID_KINDS}
    problems: list[str] = []
    for call in calls:
        secrets = a.private_secrets() if call.public else a.secrets()
        problems += _check(call.label, "nobody", send(nobody, call, values, {}),
                           _expected(call, "nobody"), secrets)
        for who, token in (("B admin", world.b_admin_token), ("B viewer", world.b_viewer_token)):
            response = send(world.client, call, values, bearer(token))
            problems += _check(call.label, who, response, _expected(call, who), secrets)
            if ((call.path_params or call.body_ids) and who == "B admin" and not call.public
                    and call.template not in SHARED_ROUTES):
                # "not found" must not tell A's record from one that does not exist
                unknown = send(world.client, call, missing_ids, bearer(token))
                if (unknown.status_code, unknown.json()) != (response.status_code,
                                                             response.json()):
                    problems.append(f"{who} {call.label}: A's id answers {response.text}, "
                                    f"an unknown id {unknown.text}")
        # a new session for each call: the walk's own sign-out must not end the next call's
        headers = {"X-CSRF-Token": sign_in(browser, b.admin)}
        problems += _check(call.label, "B admin (session)", send(browser, call, values, headers),
                           _expected(call, "B admin"), secrets)
    return problems


def test_no_route_reads_lists_or_changes_another_organisations_data(world: World) -> None:
    calls = plan(world.app)
    make_uow: UowFactory = world.app.state.uow
    marks = {*world.a.ids().values(), world.a.token_id,
             *(u.id for u in (world.a.tenant.admin, world.a.tenant.analyst))}
    rows_before = rows_mentioning(make_uow, marks)
    reads_before = own_reads(world, calls)

    # not entered: the app's lifespan already runs under world.client
    with closing(TestClient(world.app)) as nobody, closing(TestClient(world.app)) as browser:
        problems = walk(world, calls, nobody, browser)

    assert not problems, "\n".join(problems)
    assert rows_mentioning(make_uow, marks) == rows_before
    assert own_reads(world, calls) == reads_before


@ON_SQLITE
def test_the_walk_covers_every_operation_the_openapi_schema_publishes(world: World) -> None:
    published = {(method.upper(), path)
                 for path, ops in world.client.get(f"{API}/openapi.json").json()["paths"].items()
                 for method in ops}
    walked = {(c.method, c.template) for c in plan(world.app)}
    assert walked == published
    assert len(walked) >= 19


@ON_SQLITE
def test_another_organisations_listing_filter_finds_nothing(world: World) -> None:
    response = world.client.get(f"{API}/footprints", params={"product_id": world.a.product_id},
                                headers=bearer(world.b_admin_token))
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["total"] == 0


@ON_SQLITE
def test_a_new_route_with_an_unknown_parameter_fails_the_walk(world: World) -> None:
    app = world.app

    @app.get(f"{API}/widgets/{{widget_id}}")
    def widget(widget_id: str) -> dict[str, str]:  # pragma: no cover - never called
        return {"id": widget_id}

    with pytest.raises(UnknownParameterError, match="widget_id"):
        plan(app)


@ON_SQLITE
def test_a_new_route_with_a_known_parameter_is_walked(world: World) -> None:
    app = world.app

    @app.delete(f"{API}/products/{{product_id}}/labels")
    def labels(product_id: str) -> None:  # pragma: no cover - never called
        return None

    assert ("DELETE", f"{API}/products/{{product_id}}/labels") in {
        (c.method, c.template) for c in plan(app)}


@ON_SQLITE
def test_example_bodies_are_valid_for_every_body_model(world: World) -> None:
    for call in plan(world.app):
        if call.body_model is not None:
            body = example_body(call.body_model.model_json_schema())
            call.body_model.model_validate(body)  # raises if the walk sent an invalid body


@ON_SQLITE
def test_a_public_registry_route_that_shows_non_public_data_fails_the_walk(
        world: World) -> None:
    app, case_id = world.app, world.a.certified.case_id

    @app.get(f"{API}/registry/leaky/{{number}}")
    def leaky(number: str) -> dict[str, str]:
        return {"number": number, "holder": world.a.tenant.organisation.name, "case": case_id}

    calls = [c for c in plan(app) if c.template.endswith("/leaky/{number}")]
    assert [c.public for c in calls] == [True]
    with closing(TestClient(app)) as nobody, closing(TestClient(app)) as browser:
        problems = walk(world, calls, nobody, browser)
    assert problems
    assert all(case_id in p for p in problems)  # the case id, not the public holder name


# -- ended sessions and tokens --------------------------------------------------------------

def ended_callers(world: World) -> dict[str, tuple[TestClient, dict[str, str]]]:
    """B's admin with a revoked session, an expired session, a revoked token and an expired
    token: each a client and the headers it sends (the CSRF token of its old session)."""
    make_uow: UowFactory = world.app.state.uow
    admin, past = world.b.admin, datetime.now(UTC) - timedelta(seconds=1)
    live = UserSessionRow.revoked_at.is_(None)
    revoked, expired = TestClient(world.app), TestClient(world.app)
    revoked_csrf = sign_in(revoked, admin)
    with make_uow(write=True) as uow:
        uow.sessions.revoke_of_user(admin.id, datetime.now(UTC), "signed_out_everywhere")
        uow.commit()
    expired_csrf = sign_in(expired, admin)
    with make_uow(write=True) as uow:
        uow.session.execute(update(UserSessionRow).where(
            UserSessionRow.user_id == admin.id, live).values(expires_at=past))
        gone, gone_secret = users.create_token(uow, admin, "revoked")
        old, old_secret = users.create_token(uow, admin, "expired")
        api_tokens.revoke_token(uow, admin, gone.id)
        uow.session.execute(update(ApiTokenRow).where(ApiTokenRow.id == old.id)
                            .values(expires_at=past))
        uow.commit()
    return {"revoked session": (revoked, {"X-CSRF-Token": revoked_csrf}),
            "expired session": (expired, {"X-CSRF-Token": expired_csrf}),
            "revoked token": (world.client, bearer(gone_secret)),
            "expired token": (world.client, bearer(old_secret))}


def test_every_route_refuses_a_revoked_or_expired_session_or_token(world: World) -> None:
    calls = plan(world.app)
    values = a_values(world)
    callers = ended_callers(world)
    problems: list[str] = []
    try:
        for call in calls:
            secrets = world.a.private_secrets() if call.public else world.a.secrets()
            for who, (client, headers) in callers.items():
                problems += _check(call.label, who, send(client, call, values, headers),
                                   _expected(call, "nobody"), secrets)
    finally:
        for client, _ in callers.values():
            if client is not world.client:
                client.close()
    assert not problems, "\n".join(problems)
