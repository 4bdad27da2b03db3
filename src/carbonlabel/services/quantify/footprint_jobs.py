"""Footprints of model versions, calculated as background jobs with recorded progress.

``start_footprint_job`` records a queued job and commits it (a runner is given the job only
after that); ``run_footprint_job`` is the job function, a plain idempotent function of the job
id that any runner (the local process pool, or a Celery worker in a larger deployment) can
call. It records progress as it goes and stores the footprint, the job's end state and the
audit record in one transaction, so a crash leaves either the whole result or none.

Whatever a job raises ends it ``failed`` with its reason (the error's fields, or the type and
text of an unexpected exception), logged and shown on the job page: a job never stays
``running`` because its worker stopped.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.adapters.formats.result_json import result_to_json
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.records import (
    FootprintRecord,
    Job,
    JobState,
    ModelVersion,
    reference_period_of,
)
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import CalculationError, CarbonlabelError, NotFoundError
from carbonlabel.services.accounts.users import new_id, require
from carbonlabel.services.exchange.supplier_catalogue import catalogue_for
from carbonlabel.services.quantify.catalog import get_version
from carbonlabel.services.quantify.model_runs import quantify_text
from carbonlabel.services.quantify.product_rules import applied_release
from carbonlabel.version import ENGINE_VERSION

log = logging.getLogger(__name__)


def start_footprint_job(uow: UnitOfWork, actor: User, version_id: str) -> Job:
    require(actor, Action.CALCULATE)
    version = get_version(uow, actor, version_id)
    now = datetime.now(UTC)
    job = Job(new_id(), actor.organisation_id, "footprint", JobState.QUEUED, 0.0,
              "排队中 queued", version.id, None, None, actor.id, now, now)
    uow.jobs.add(job)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="job.queued", entity="job", entity_id=job.id,
                     after={"kind": job.kind, "model_version_id": version.id})
    uow.commit()
    return job


def _progress(make_uow: UowFactory, job_id: str, fraction: float, message: str,
              state: JobState = JobState.RUNNING) -> None:
    with make_uow(write=True) as uow:
        uow.jobs.update(job_id, state=state, progress=fraction, message=message)
        uow.commit()


def unexpected_error(exc: BaseException) -> CarbonlabelError:
    """The reason a job records for an exception that is not a ``CarbonlabelError``."""
    reason = f"{type(exc).__name__}: {exc}"[:500]
    return CarbonlabelError(message_en=f"the calculation stopped on an unexpected error: {reason}",
                            message_zh=f"计算因意外错误而中止：{reason}")


def fail_job(make_uow: UowFactory, job_id: str, error: CarbonlabelError) -> None:
    """End the job ``failed`` with ``error`` as its reason, with its audit record, in one
    transaction; a job that has already ended is left as it is."""
    with make_uow(write=True) as uow:
        job = uow.jobs.get(job_id)
        if job is None or job.state in (JobState.SUCCEEDED, JobState.FAILED):
            return
        uow.jobs.update(job_id, state=JobState.FAILED, progress=1.0, message="失败 failed",
                        error=json.dumps(error.as_dict(), ensure_ascii=False))
        uow.audit.append(actor_id=job.created_by, organisation_id=job.organisation_id,
                         action="job.failed", entity="job", entity_id=job_id,
                         before={"state": job.state.value},
                         after={"state": "failed", "code": error.code})
        uow.commit()


def run_guarded(make_uow: UowFactory, job_id: str, kind: str, work: Callable[[], None]) -> None:
    """Run a job's work: any exception ends the job ``failed`` with its reason (an unexpected
    one is also logged)."""
    try:
        work()
    except CarbonlabelError as exc:
        log.info("%s job %s failed: %s %s", kind, job_id, exc.code, exc.field)
        fail_job(make_uow, job_id, exc)
    except Exception as exc:
        log.exception("%s job %s stopped on an unexpected error", kind, job_id)
        fail_job(make_uow, job_id, unexpected_error(exc))


def run_footprint_job(make_uow: UowFactory, job_id: str, base: Path, store_dir: Path) -> None:
    """Calculate the footprint of the job's model version; safe to call twice. Any exception
    ends the job ``failed`` with its reason."""
    run_guarded(make_uow, job_id, "footprint",
                lambda: _calculate(make_uow, job_id, base, store_dir))


def _calculate(make_uow: UowFactory, job_id: str, base: Path, store_dir: Path) -> None:
    with make_uow() as uow:
        job = uow.jobs.get(job_id)
        if job is None or job.state in (JobState.SUCCEEDED, JobState.FAILED):
            return
        actor = uow.users.get(job.created_by)
        version = uow.model_versions.in_org(job.organisation_id, job.subject_id)
        suppliers = catalogue_for(uow, job.organisation_id)  # its received supplier PCFs
    if actor is None or version is None:
        _progress(make_uow, job_id, 0.0, "模型版本不存在 model version gone", JobState.FAILED)
        return
    _progress(make_uow, job_id, 0.1, "校验模型 validating the model")
    result = quantify_text(version.content, f"model.{version.format}", base, store_dir,
                           suppliers=suppliers)
    if not math.isfinite(result.total_co2e_kg):  # calculate_footprint refuses it already
        raise CalculationError(field="total_co2e_kg",
                               message_en="the footprint is not a finite number",
                               message_zh="碳足迹不是有限数值")
    _progress(make_uow, job_id, 0.8, "保存结果 storing the result")
    store_result(make_uow, job, actor, version, result)


def store_result(make_uow: UowFactory, job: Job, actor: User, version: ModelVersion,
                 result: FootprintResult, audit_extra: dict[str, Any] | None = None) -> None:
    """Store a job's footprint with the product rule release in force now (a later release
    never changes it), end the job succeeded and audit it, in one transaction; nothing if
    another runner finished the job first."""
    model = load_model_text(version.content, f"model.{version.format}").model  # its rule
    period = result.period
    record = FootprintRecord(new_id(), job.organisation_id, version.product_id, version.id,
                             result.total_co2e_kg, str(result.reference.quantity),
                             result.provenance.gwp_set, result.provenance.input_hash,
                             ENGINE_VERSION, result_to_json(result), actor.id,
                             datetime.now(UTC), reference_period_of(
                                 {"start": period.start, "end": period.end} if period else None))
    with make_uow(write=True) as uow:
        current = uow.jobs.get(job.id)
        if current is None or current.state is JobState.SUCCEEDED:
            return  # another runner finished it first
        applied = applied_release(uow, model)
        record = replace(record, product_rule_release=applied.stored if applied else None)
        uow.footprints.add(record)
        uow.jobs.update(job.id, state=JobState.SUCCEEDED, progress=1.0,
                        message="已完成 done", result_id=record.id)
        uow.audit.append(actor_id=actor.id, organisation_id=job.organisation_id,
                         action="footprint.calculated", entity="footprint",
                         entity_id=record.id,
                         after={"model_version_id": version.id,
                                "total_co2e_kg": record.total_co2e_kg,
                                "input_hash": record.input_hash, "job_id": job.id,
                                "product_rule_release": record.product_rule_release,
                                **(audit_extra or {})})
        uow.commit()


def get_job(uow: UnitOfWork, actor: User, job_id: str) -> Job:
    require(actor, Action.READ)
    job = uow.jobs.in_org(actor.organisation_id, job_id)
    if job is None:
        raise NotFoundError(field="job_id", message_en="no such job", message_zh="没有该任务")
    return job


def list_jobs(uow: UnitOfWork, actor: User, offset: int, limit: int) -> Page[Job]:
    require(actor, Action.READ)
    return uow.jobs.page(actor.organisation_id, offset, limit)


def get_footprint(uow: UnitOfWork, actor: User, footprint_id: str) -> FootprintRecord:
    require(actor, Action.READ)
    record = uow.footprints.in_org(actor.organisation_id, footprint_id)
    if record is None:
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹结果")
    return record


def list_footprints(uow: UnitOfWork, actor: User, offset: int, limit: int,
                    product_id: str | None = None) -> Page[FootprintRecord]:
    require(actor, Action.READ)
    return uow.footprints.page(actor.organisation_id, offset, limit, product_id)
