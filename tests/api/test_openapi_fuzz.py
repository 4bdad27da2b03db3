"""Bad input: schemathesis generates requests from the published OpenAPI schema, valid ones
(positive) and invalid ones (negative), and sends them in-process (ASGI) with a seeded admin's
API token. No operation may answer 5xx, every status it answers must be one its OpenAPI
operation declares (an explicit code: the schema has no "default" or "4XX" entries, and one
would not count), and every 4xx carries the error body ``{code, field, message, message_zh,
message_en}``.

Each operation is fuzzed with random path parameters and, where it has any, with tenant A's
real ids (so that bodies reach the services, e.g. random model text reaches the model
validator). Schemathesis's own pytest integration (``from_fixture``/``parametrize``) fails on
pytest 9 (it reads ``Function._nodeid``), so the operations are walked here with
schemathesis's strategies and a plain hypothesis ``@given``; a new route is fuzzed without
editing this file. Findings are collected, not raised, so that one run counts all of them.

Examples are bounded (``MAX_EXAMPLES`` per operation, mode and id variant, 3 in the suite)
to keep a run near a minute per back end with some 200 operations. On PostgreSQL the suite
walks the positive mode only: a request the schema refuses is refused by the same validation
before any query on either back end, while what PostgreSQL alone refuses (a NUL character, a
text longer than its column, an integer past its type) is valid by the schema; ``./dev fuzz``
walks both modes on both. ``./dev fuzz`` runs the
same walk at depth:
``CARBONLABEL_FUZZ_EXAMPLES`` raises the bound, ``CARBONLABEL_FUZZ_MIN_CASES`` makes a run
that sent fewer cases fail, and the figures are printed at the end.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.specs.openapi.schemas import OpenApiSchema

from carbonlabel.services.accounts import users
from tests.api.conftest import API, World, bearer

#: per operation, mode and id variant; ./dev fuzz raises it
MAX_EXAMPLES = int(os.environ.get("CARBONLABEL_FUZZ_EXAMPLES", "3"))
#: ./dev fuzz (it sets the bound): both modes on both back ends
DEEP = "CARBONLABEL_FUZZ_EXAMPLES" in os.environ
#: a run that sent fewer cases fails (./dev fuzz: 5,000 per back end)
MIN_CASES = int(os.environ.get("CARBONLABEL_FUZZ_MIN_CASES", "0"))
ERROR_KEYS = {"code", "field", "message", "message_zh", "message_en"}


@pytest.fixture
def api_schema(world: World) -> Iterator[OpenApiSchema]:
    loaded = schemathesis.openapi.from_asgi(f"{API}/openapi.json", world.app)
    yield loaded
    # schemathesis runs the app's lifespan itself and would keep it until the process ends
    from schemathesis.python import asgi

    asgi.shutdown_lifespans()


def documented(case: Case) -> set[str]:
    """The statuses the case's operation declares (only explicit codes count)."""
    return {str(code) for code in case.operation.definition.raw.get("responses", {})}


def findings_of(case: Case, headers: dict[str, str]) -> list[tuple[str, str]]:
    """Send the case; each problem of the answer as (kind, what was sent and answered)."""
    try:
        response = case.call(headers=headers)
    except Exception as exc:  # the in-process client re-raises what the app did not handle
        return [("server error", f"{case.as_curl_command()}\n-> raised {exc!r}")]
    status = response.status_code
    kinds = []
    if status >= 500:
        kinds.append("server error")
    if str(status) not in documented(case):
        kinds.append(f"undocumented {status}")
    if 400 <= status < 500:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not (isinstance(body, dict) and set(body) >= ERROR_KEYS
                and body["message_zh"] and body["message_en"]):
            kinds.append("error body shape")
    if not kinds:
        return []
    # files (a label's PNG, a PDF) are not text: shown as far as they decode
    shown = response.content[:500].decode("utf-8", "replace")
    where = f"{case.as_curl_command()}\n-> {status} {shown}"
    return [(kind, where) for kind in kinds]


@dataclass
class Walk:
    """What one walk over the schema sent and found."""

    operations: int = 0
    cases: int = 0
    found: dict[tuple[str, str], str] = field(default_factory=dict)  # first example of each
    counts: Counter[str] = field(default_factory=Counter)

    def record(self, label: str, problems: list[tuple[str, str]]) -> None:
        for kind, where in problems:
            self.counts["server error" if kind == "server error" else
                        "undocumented" if kind.startswith("undocumented") else kind] += 1
            self.found.setdefault((label, kind), where)

    def summary(self, seconds: float) -> str:
        return (f"openapi fuzz: {self.cases} cases over {self.operations} operations in "
                f"{seconds:.0f} s; {self.counts['server error']} answers of 5xx, "
                f"{self.counts['undocumented']} of an undocumented status, "
                f"{self.counts['error body shape']} error bodies of another shape")


def fuzz(walk: Walk, operation: Any, mode: GenerationMode, headers: dict[str, str],
         path_parameters: dict[str, str] | None) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def run(case: Case) -> None:
        walk.cases += 1
        walk.record(operation.label, findings_of(case, headers))

    run()


def spare_token_id(world: World) -> str:
    make_uow = world.app.state.uow
    with make_uow(write=True) as uow:
        token, _ = users.create_token(uow, world.a.tenant.admin, "spare token")
        uow.commit()
    return token.id


def test_no_operation_answers_a_server_error_or_an_undocumented_status(
        world: World, api_schema: OpenApiSchema) -> None:
    headers = bearer(world.a.token)
    # DELETE /tokens/{token_id} gets a token of its own to revoke: with the walk's own token
    # every later operation would only meet 401 (documented, so nothing would fail)
    real_ids = {**world.a.ids(), "token_id": spare_token_id(world)}
    walk, started = Walk(), time.monotonic()
    modes = [GenerationMode.POSITIVE]
    if DEEP or world.app.state.engine.dialect.name == "sqlite":
        modes.append(GenerationMode.NEGATIVE)
    for result in api_schema.get_all_operations():
        operation = result.ok()
        walk.operations += 1
        names = re.findall(r"{(\w+)}", operation.path)
        variants: list[dict[str, str] | None] = [None]
        if names and all(n in real_ids for n in names):
            variants.append({n: real_ids[n] for n in names})
        for mode in modes:
            for ids in variants:
                try:
                    fuzz(walk, operation, mode, headers, ids)
                except Unsatisfiable:
                    # nothing to make invalid: no parameters and no body left to vary
                    assert mode is GenerationMode.NEGATIVE, operation.label
    print(f"\n{walk.summary(time.monotonic() - started)}")
    assert world.client.get(f"{API}/me", headers=headers).status_code == 200, \
        "the walk's own API token was ended during the walk"
    assert walk.operations >= 72
    assert walk.cases >= MIN_CASES, walk.summary(time.monotonic() - started)
    assert not walk.found, "\n\n".join(f"{label}: {kind}\n{where}"
                                        for (label, kind), where in sorted(walk.found.items()))


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("GET", "/products/%00", None, "product_id"),
    ("GET", "/footprints?product_id=%00", None, "product_id"),
    ("POST", "/products", {"name_zh": "a\x00", "name_en": "b", "category": "c"}, "name_zh"),
    ("POST", "/tokens", {"name": "\x00"}, "name"),
])
def test_the_nul_character_is_422_naming_the_field(world: World, method: str, path: str,
                                                   body: Any, field: str) -> None:
    """PostgreSQL text cannot hold NUL: it was a 500 there before it was refused."""
    response = world.client.request(method, f"{API}{path}", json=body,
                                    headers=bearer(world.a.token))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
