"""Monte Carlo through the API: a background job with its progress, whose footprint carries the
uncertainty summary; the same seed gives the same summary as the use case run directly."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from carbonlabel.services.quantify.montecarlo import monte_carlo_text
from tests.api.conftest import API, World, bearer
from tests.conftest import base_model

MODEL = base_model(
    factors=[{"id": "grid", "name": {"zh": "电网", "en": "grid"}, "unit": "kWh", "co2e": 0.5,
              "source": {"note": "test"},
              "uncertainty": {"distribution": "lognormal", "gsd": 1.1}}],
    processes=[{"id": "main", "name": {"zh": "主过程", "en": "main"}, "stage": "production",
                "output": {"amount": 1, "unit": "kg"},
                "inputs": [{"factor": "grid", "amount": 2, "unit": "kWh",
                            "uncertainty": {"distribution": "normal", "sd": 0.1}}]}])


def _wait_for(client: TestClient, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """Poll the job until it ends (a generous bound, not a speed check)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"{API}/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("succeeded", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end")


def test_a_monte_carlo_job_stores_a_footprint_with_its_uncertainty(world: World,
                                                                     tmp_path: Path) -> None:
    headers = bearer(world.a.token)
    text = yaml.safe_dump(MODEL, allow_unicode=True)
    saved = world.client.post(f"{API}/products/{world.a.product_id}/models",
                              json={"content": text}, headers=headers).json()
    started = world.client.post(f"{API}/models/{saved['id']}/montecarlo",
                                json={"iterations": 300, "seed": 42}, headers=headers)
    assert started.status_code == 202
    assert (started.json()["kind"], started.json()["state"]) == ("montecarlo/300/42", "queued")

    job = _wait_for(world.client, started.json()["id"], headers)
    assert (job["state"], job["progress"], job["error"]) == ("succeeded", 1.0, None)
    got = world.client.get(f"{API}/footprints/{job['result_id']}/uncertainty", headers=headers)
    assert got.status_code == 200
    body = got.json()
    assert (body["iterations"], body["seed"], body["method"]) == (300, 42, "monte_carlo")
    assert body["deterministic_co2e_kg"] == pytest.approx(1.0, rel=1e-12)  # 2 kWh × 0.5
    assert body["parameters"] == ["factors[0].uncertainty", "processes[0].inputs[0].uncertainty"]
    assert sum(body["total"]["histogram"]["counts"]) == 300
    assert [s["stage"] for s in body["by_stage"]] == ["production"]

    direct = monte_carlo_text(text, "model.yaml", tmp_path, tmp_path / "databases", 300, 42)
    assert direct.uncertainty is not None
    assert body["total"]["mean"] == direct.uncertainty.total.mean  # same seed, same draws
    assert body["total"]["p97_5"] == direct.uncertainty.total.p97_5
    footprint = world.client.get(f"{API}/footprints/{job['result_id']}", headers=headers).json()
    assert footprint["result"]["uncertainty"]["seed"] == 42


def test_no_uncertainty_without_a_run_and_too_few_iterations_refused(world: World) -> None:
    got = world.client.get(f"{API}/footprints/{world.a.footprint_id}/uncertainty",
                           headers=bearer(world.a.token))
    assert got.status_code == 200
    assert got.json() is None
    refused = world.client.post(f"{API}/models/{world.a.model_version_id}/montecarlo",
                                json={"iterations": 5}, headers=bearer(world.a.token))
    assert refused.status_code == 422
