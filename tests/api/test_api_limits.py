"""Issue 12, "limits at every parser" on the HTTP side: request bodies capped (413 naming
the limit) and the YAML alias bomb answered 422 naming its limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from carbonlabel.adapters import limits
from tests.api.conftest import API, World, bearer

MiB = 1 << 20


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Only SQLite here (overrides the fixture parametrized over both back ends)."""
    return f"sqlite:///{tmp_path / 'api.db'}"


def _too_large(body: dict[str, Any], name: str, cap: int) -> None:
    assert (body["code"], body["field"], body["limit"]) == ("too_large", "body", name), body
    assert body["limit_bytes"] == cap
    assert name in body["message_en"]
    assert name in body["message_zh"]
    assert body["message"] == f"{body['message_zh']} | {body['message_en']}"


def test_oversized_json_body_is_413_naming_the_limit(world: World) -> None:
    """Today a body of any size is read whole by the route."""
    raw = b'{"name_zh": "' + b"x" * (5 * MiB) + b'"}'  # 5 MiB + 16 bytes > MAX_BODY_BYTES
    response = world.client.post(f"{API}/products", content=raw, headers={
        **bearer(world.a.token), "Content-Type": "application/json"})
    assert response.status_code == 413, response.text
    _too_large(response.json(), "MAX_BODY_BYTES", 5 * MiB)


def test_oversized_chunked_body_without_length_is_413(world: World) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(6):
            yield b" " * MiB  # 6 MiB, no Content-Length: counted as it arrives

    response = world.client.post(f"{API}/products", content=chunks(), headers={
        **bearer(world.a.token), "Content-Type": "application/json"})
    assert response.status_code == 413, response.text
    _too_large(response.json(), "MAX_BODY_BYTES", 5 * MiB)


def test_chunked_body_under_the_cap_reaches_the_route(world: World) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name_en": '
        yield b'"only English"}'

    response = world.client.post(f"{API}/products", content=chunks(), headers={
        **bearer(world.a.token), "Content-Type": "application/json"})
    assert response.status_code == 422, response.text  # the route answered: name_zh missing
    assert response.json()["field"] == "name_zh"


def test_upload_cap_is_the_larger_one_for_multipart(world: World,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_UPLOAD_BODY_BYTES", 1 * MiB)
    response = world.client.post(f"{API}/products", files={"f": ("a.bin", b"0" * (2 * MiB))},
                                 headers=bearer(world.a.token))
    assert response.status_code == 413, response.text
    _too_large(response.json(), "MAX_UPLOAD_BODY_BYTES", 1 * MiB)


def test_a_page_form_over_the_cap_gets_a_page_not_json(world: World,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser posting a page's form sees a readable bilingual page, not raw JSON."""
    monkeypatch.setattr(limits, "MAX_UPLOAD_BODY_BYTES", 1 * MiB)
    response = world.client.post("/products", files={"f": ("a.bin", b"0" * (2 * MiB))},
                                 headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "请求体超过 1 MiB（MAX_UPLOAD_BODY_BYTES）" in response.text
    assert "larger than 1 MiB (MAX_UPLOAD_BODY_BYTES)" in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_yaml_alias_bomb_upload_is_422_naming_the_limit(world: World) -> None:
    lines = ["a: &a [x,x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 10)}]")
    response = world.client.post(f"{API}/products/{world.a.product_id}/models",
                                 json={"format": "yaml", "content": "\n".join(lines)},
                                 headers=bearer(world.a.token))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "invalid_model"
    assert "MAX_MODEL_NODES = 200,000" in body["message_en"]
