"""``POST /api/v1/models/{id}/sensitivity``: the analysis of a saved model version."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.api.conftest import API, World, bearer
from tests.support.sensitivity_model import allocation_model


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Only SQLite here (tenant isolation walks this route on both back ends)."""
    return f"sqlite:///{tmp_path / 'api.db'}"


def _save(world: World) -> str:
    content = yaml.safe_dump(allocation_model(), allow_unicode=True)
    response = world.client.post(f"{API}/products/{world.a.product_id}/models",
                                 json={"format": "yaml", "content": content},
                                 headers=bearer(world.a.token))
    assert response.status_code == 201, response.text
    version_id: str = response.json()["id"]
    return version_id


def test_a_saved_model_shows_mass_and_economic_allocation_side_by_side(world: World) -> None:
    version = _save(world)
    response = world.client.post(f"{API}/models/{version}/sensitivity",
                                 json={"top": 2, "range": 0.1}, headers=bearer(world.a.token))
    assert response.status_code == 200, response.text
    body = response.json()
    totals = {v["name"]["en"]: v["total_co2e_kg"] for v in body["variants"]
              if v["group"] == "allocation"}
    assert totals["mass allocation"] == pytest.approx(1250.0, abs=1e-9)
    assert totals["economic allocation"] == pytest.approx(1461.6, abs=1e-9)
    assert [b["path"] for b in body["tornado"]] == ["processes[0].inputs[0]",
                                                    "processes[1].inputs[0]"]


def test_another_organisations_model_is_not_found_and_a_bad_range_is_422(world: World) -> None:
    version = _save(world)
    other = world.client.post(f"{API}/models/{version}/sensitivity", json={},
                              headers=bearer(world.b_admin_token))
    assert other.status_code == 404, other.text
    bad = world.client.post(f"{API}/models/{version}/sensitivity", json={"range": 1.5},
                            headers=bearer(world.a.token))
    assert bad.status_code == 422
    assert bad.json()["field"] == "range"
