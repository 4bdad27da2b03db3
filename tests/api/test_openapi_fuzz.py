"""Bad input: schemathesis generates requests from the published OpenAPI schema, valid ones
(positive) and invalid ones (negative), and sends them in-process (ASGI) with a seeded admin's
API token. No operation may answer 5xx, and every 4xx carries the error body ``{code, field,
message, message_zh, message_en}``.

Each operation is fuzzed with random path parameters and, where it has any, with tenant A's
real ids (so that bodies reach the services, e.g. random model text reaches the model
validator). Schemathesis's own pytest integration (``from_fixture``/``parametrize``) fails on
pytest 9 (it reads ``Function._nodeid``), so the operations are walked here with
schemathesis's strategies and a plain hypothesis ``@given``; a new route is fuzzed without
editing this file. Examples are bounded (``MAX_EXAMPLES`` per operation, mode and id
variant) to keep a run around half a minute per back end (``CARBONLABEL_FUZZ_EXAMPLES``
raises it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.api.conftest import API, World, bearer

#: per operation, mode and id variant; CARBONLABEL_FUZZ_EXAMPLES=200 for a deeper local search
MAX_EXAMPLES = int(os.environ.get("CARBONLABEL_FUZZ_EXAMPLES", "10"))
ERROR_KEYS = {"code", "field", "message", "message_zh", "message_en"}


@pytest.fixture
def api_schema(world: World) -> Iterator[OpenApiSchema]:
    loaded = schemathesis.openapi.from_asgi(f"{API}/openapi.json", world.app)
    yield loaded
    # schemathesis runs the app's lifespan itself and would keep it until the process ends
    from schemathesis.python import asgi

    asgi.shutdown_lifespans()


def check(case: Case, headers: dict[str, str]) -> None:
    response = case.call(headers=headers)
    # files (a label's PNG, a PDF) are not text: shown as far as they decode
    shown = response.content[:500].decode("utf-8", "replace")
    where = f"{case.as_curl_command()}\n-> {response.status_code} {shown}"
    assert response.status_code < 500, where
    if response.status_code >= 400:
        body = response.json()
        assert set(body) >= ERROR_KEYS, where
        assert body["message_zh"], where
        assert body["message_en"], where


def fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str],
         path_parameters: dict[str, str] | None) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def run(case: Case) -> None:
        check(case, headers)

    run()


def test_no_operation_answers_with_a_server_error(world: World,
                                                  api_schema: OpenApiSchema) -> None:
    headers = bearer(world.a.token)
    real_ids = world.a.ids()
    failures, walked = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        names = re.findall(r"{(\w+)}", operation.path)
        variants: list[dict[str, str] | None] = [None]
        if names and all(n in real_ids for n in names):
            variants.append({n: real_ids[n] for n in names})
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for ids in variants:
                walked += 1
                try:
                    fuzz(operation, mode, headers, ids)
                except Unsatisfiable:
                    # nothing to make invalid: no parameters and no body left to vary
                    assert mode is GenerationMode.NEGATIVE, operation.label
                except AssertionError as exc:
                    failures.append(f"{operation.label} ({mode.value}, ids={ids}): {exc}")
    assert walked >= 2 * 19
    assert not failures, "\n\n".join(failures)


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
