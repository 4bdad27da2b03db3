"""The OpenAPI document declares the error answers of each operation with the error body's
schema (web/api/responses.py); test_openapi_fuzz.py checks that nothing else is answered."""

from __future__ import annotations

from typing import Any

import pytest

from carbonlabel.config import Settings
from carbonlabel.web.app import create_app

ERROR_REF = "#/components/schemas/ErrorPublic"
PUBLIC_PREFIXES = ("/api/v1/registry/", "/api/v1/public/", "/api/v1/benchmarks")


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("openapi")
    app = create_app(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'x.db'}",
                              secret_key="test-secret-key-" + "x" * 32, job_processes=False))
    out: dict[str, Any] = app.openapi()
    app.state.engine.dispose()
    return out


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, ops in spec["paths"].items()
            for method, op in ops.items()]


def error_schema(op: dict[str, Any], status: str) -> str:
    ref: str = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
    return ref


def test_every_signed_in_operation_declares_401_403_404_and_422_with_the_error_body(
        spec: dict[str, Any]) -> None:
    signed_in = [(m, p, op) for m, p, op in operations(spec)
                 if not p.startswith(PUBLIC_PREFIXES)]
    assert len(signed_in) >= 60
    for method, path, op in signed_in:
        for status in ("401", "403", "404", "422"):
            assert error_schema(op, status) == ERROR_REF, (method, path, status)


def test_no_operation_declares_fastapis_validation_shape_which_the_api_never_sends(
        spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        if "422" in op["responses"]:
            assert error_schema(op, "422") == ERROR_REF, (method, path)


def test_every_operation_with_a_json_or_form_body_declares_400_and_413(
        spec: dict[str, Any]) -> None:
    with_body = [(m, p, op) for m, p, op in operations(spec) if "requestBody" in op]
    assert len(with_body) >= 20
    for method, path, op in with_body:
        for status in ("400", "413"):
            assert error_schema(op, status) == ERROR_REF, (method, path, status)


def test_sign_in_declares_429_with_retry_after(spec: dict[str, Any]) -> None:
    answer = spec["paths"]["/api/v1/auth/session"]["post"]["responses"]["429"]
    assert "Retry-After" in answer["headers"]
    assert answer["content"]["application/json"]["schema"]["$ref"] == ERROR_REF


def test_the_public_registry_declares_no_sign_in_answers(spec: dict[str, Any]) -> None:
    public = [(m, p, op) for m, p, op in operations(spec) if p.startswith(PUBLIC_PREFIXES)]
    assert len(public) >= 5
    for method, path, op in public:
        assert not {"401", "403"} & set(op["responses"]), (method, path)


def test_the_error_body_schema_names_every_key_the_api_sends(spec: dict[str, Any]) -> None:
    fields = spec["components"]["schemas"]["ErrorPublic"]["properties"]
    assert {"code", "field", "message", "message_zh", "message_en", "errors", "rule",
            "limit", "limit_bytes"} <= set(fields)


def test_nothing_is_left_to_a_default_answer(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        assert not {"default", "4XX", "5XX"} & set(op["responses"]), (method, path)

