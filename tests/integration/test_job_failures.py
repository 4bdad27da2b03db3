"""A background job that raises ends `failed` with its reason, logged, on SQLite and
PostgreSQL; a footprint that is not a finite number is never stored.

Before, only a ``CarbonlabelError`` ended a job: any other exception left it `running` for
ever (the runner never read the worker's exception), and on SQLite a model with ``.inf``
stored an infinite footprint with ``Infinity`` in its audit record.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.records import JobState, ModelVersion
from carbonlabel.services.quantify import catalog, footprint_jobs, job_runner
from carbonlabel.services.quantify.job_runner import JobRunner
from tests.conftest import base_model
from tests.support.persistence import T0, new_id, quick_tenant
from tests.support.platform import Tenant


@pytest.fixture
def tenant(make_uow: UowFactory) -> Tenant:
    return quick_tenant(make_uow, "甲 Alpha")


def _version(make_uow: UowFactory, tenant: Tenant, content: str) -> str:
    """A product and a model version stored as is (as one saved before a check existed)."""
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.analyst, catalog.ProductData(
            "测试产品", "Test product", "test"))
        version = ModelVersion(new_id(), product.id, 1, "yaml", content,
                               hashlib.sha256(content.encode("utf-8")).hexdigest(),
                               tenant.analyst.id, T0)
        uow.model_versions.add(version)
        uow.commit()
    return version.id


def _run(make_uow: UowFactory, tenant: Tenant, version_id: str, tmp_path: Path) -> str:
    """Queue a footprint job and run it on the platform's runner (threads) to its end."""
    with make_uow(write=True) as uow:
        job = footprint_jobs.start_footprint_job(uow, tenant.analyst, version_id)
        uow.commit()
    runner = JobRunner("unused://", make_uow, tmp_path, tmp_path / "store", processes=False)
    runner.submit(job.id)
    runner.shutdown()  # waits for the job
    return job.id


def _stored(make_uow: UowFactory) -> tuple[int, str]:
    """The number of footprints, and every audit record's before/after as text."""
    with make_uow() as uow:
        n = uow.session.execute(text("SELECT count(*) FROM footprints")).scalar_one()
        rows = uow.session.execute(text("SELECT before, after FROM audit_log")).all()
    return int(n), json.dumps([[str(b), str(a)] for b, a in rows])


def test_a_job_that_raises_ends_failed_with_its_reason_and_is_logged(
        make_uow: UowFactory, tenant: Tenant, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    version_id = _version(make_uow, tenant, yaml.safe_dump(base_model()))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the background database file is truncated")

    monkeypatch.setattr(footprint_jobs, "quantify_text", broken)
    with caplog.at_level(logging.ERROR, logger="carbonlabel"):
        job_id = _run(make_uow, tenant, version_id, tmp_path)

    with make_uow() as uow:
        job = uow.jobs.get(job_id)
        assert job is not None
        audit = [r.action for r in uow.audit.for_entity(tenant.organisation.id, job_id)]
    assert (job.state, job.progress) == (JobState.FAILED, 1.0)
    assert job.error is not None
    error = json.loads(job.error)
    assert "RuntimeError: the background database file is truncated" in error["message"]["en"]
    assert "the background database file is truncated" in error["message"]["zh"]
    assert audit[-1] == "job.failed"
    assert any(job_id in r.getMessage() and r.exc_info for r in caplog.records)
    assert _stored(make_uow)[0] == 0


@pytest.mark.parametrize("value", [".inf", ".nan", "1e308"])
def test_a_model_stored_with_a_non_finite_number_fails_its_job_and_stores_nothing(
        make_uow: UowFactory, tenant: Tenant, tmp_path: Path, value: str) -> None:
    m = base_model()
    m["factors"][0]["co2e"] = "__VALUE__"
    content = yaml.safe_dump(m, sort_keys=False).replace("__VALUE__", value)
    version_id = _version(make_uow, tenant, content)
    before = _stored(make_uow)

    job_id = _run(make_uow, tenant, version_id, tmp_path)

    with make_uow() as uow:
        job = uow.jobs.get(job_id)
    assert job is not None
    assert job.state is JobState.FAILED
    assert job.error is not None
    assert json.loads(job.error)["field"] == "factors[0].co2e"
    count, audit = _stored(make_uow)
    assert count == before[0] == 0
    assert "Infinity" not in audit
    assert "NaN" not in audit


def test_a_worker_that_cannot_run_the_job_still_ends_it_failed(
        make_uow: UowFactory, tenant: Tenant, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The runner reads what its worker raised (a broken pool, no database connection)."""
    version_id = _version(make_uow, tenant, yaml.safe_dump(base_model()))

    def no_worker(*args: object) -> None:
        raise OSError("cannot reach the database")

    monkeypatch.setattr(job_runner, "run_job", no_worker)
    with caplog.at_level(logging.ERROR, logger="carbonlabel"):
        job_id = _run(make_uow, tenant, version_id, tmp_path)

    with make_uow() as uow:
        job = uow.jobs.get(job_id)
    assert job is not None
    assert job.state is JobState.FAILED
    assert job.error is not None
    assert "OSError: cannot reach the database" in json.loads(job.error)["message"]["en"]
    assert any(job_id in r.getMessage() for r in caplog.records)
