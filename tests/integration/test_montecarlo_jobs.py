"""Monte Carlo jobs on SQLite and PostgreSQL: run by the platform's runner (dispatched by
kind), progress recorded as blocks are solved, the footprint stored with its uncertainty; a
model the run refuses ends the job failed naming the field."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.formats.result_json import result_from_json
from carbonlabel.domain.records import JobState, ModelVersion
from carbonlabel.services.quantify import catalog, montecarlo_jobs
from carbonlabel.services.quantify.job_runner import JobRunner
from tests.conftest import base_model
from tests.support.persistence import T0, new_id, quick_tenant
from tests.support.platform import Tenant


@pytest.fixture
def tenant(make_uow: UowFactory) -> Tenant:
    return quick_tenant(make_uow, "甲 Alpha")


def _version(make_uow: UowFactory, tenant: Tenant, content: str) -> str:
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.analyst, catalog.ProductData(
            "测试产品", "Test product", "test"))
        version = ModelVersion(new_id(), product.id, 1, "yaml", content,
                               hashlib.sha256(content.encode("utf-8")).hexdigest(),
                               tenant.analyst.id, T0)
        uow.model_versions.add(version)
        uow.commit()
    return version.id


def _model(uncertainty: dict[str, object]) -> str:
    return yaml.safe_dump(base_model(processes=[{
        "id": "main", "name": {"zh": "主", "en": "main"}, "stage": "production",
        "output": {"amount": 1, "unit": "kg"},
        "inputs": [{"factor": "grid", "amount": 2, "unit": "kWh",
                    "uncertainty": uncertainty}]}]), allow_unicode=True)


def _run(make_uow: UowFactory, tenant: Tenant, version_id: str, tmp_path: Path,
         iterations: int) -> str:
    with make_uow(write=True) as uow:
        job = montecarlo_jobs.start_montecarlo_job(uow, tenant.analyst, version_id,
                                                   iterations, seed=123)
    runner = JobRunner("unused://", make_uow, tmp_path, tmp_path / "store", processes=False)
    runner.submit(job.id)
    runner.shutdown()  # waits for the job
    return job.id


def test_the_runner_runs_a_monte_carlo_job_recording_progress_per_block(
        make_uow: UowFactory, tenant: Tenant, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []
    original = montecarlo_jobs._set_progress

    def spy(make: UowFactory, job_id: str, fraction: float, message: str) -> None:
        seen.append(fraction)
        original(make, job_id, fraction, message)

    monkeypatch.setattr(montecarlo_jobs, "_set_progress", spy)
    version_id = _version(make_uow, tenant, _model({"distribution": "lognormal", "gsd": 1.2}))
    job_id = _run(make_uow, tenant, version_id, tmp_path, 1000)
    # 0.1 validating, then 0.1 + 0.8 · done/1000 at each of the ten blocks of 100
    assert seen == pytest.approx([0.1, *(0.1 + 0.08 * k for k in range(1, 11))])
    with make_uow() as uow:
        job = uow.jobs.get(job_id)
        assert job is not None
        assert (job.kind, job.state, job.progress) == ("montecarlo/1000/123",
                                                       JobState.SUCCEEDED, 1.0)
        assert job.result_id is not None
        record = uow.footprints.in_org(tenant.organisation.id, job.result_id)
    assert record is not None
    mc = result_from_json(record.result_json).uncertainty
    assert mc is not None
    assert (mc.iterations, mc.seed) == (1000, 123)
    assert record.total_co2e_kg == pytest.approx(1.0, rel=1e-12)  # at the stated 2 kWh × 0.5


def test_a_refused_uncertainty_ends_the_job_failed_naming_the_field(
        make_uow: UowFactory, tenant: Tenant, tmp_path: Path) -> None:
    version_id = _version(make_uow, tenant, _model({"from_quality": True}))
    job_id = _run(make_uow, tenant, version_id, tmp_path, 100)
    with make_uow() as uow:
        job = uow.jobs.get(job_id)
    assert job is not None
    assert job.state is JobState.FAILED
    assert job.error is not None
    fields = [e["field"] for e in json.loads(job.error)["errors"]]
    assert "processes[0].inputs[0].uncertainty" in fields
