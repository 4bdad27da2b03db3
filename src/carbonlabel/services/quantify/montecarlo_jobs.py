"""Monte Carlo runs of model versions as background jobs, with their progress recorded.

``start_montecarlo_job`` records a queued job whose kind carries its parameters,
``montecarlo/<iterations>/<seed>`` (the seed is drawn here when none is given, so a job run
twice, or resumed after a restart, draws the same numbers); ``run_montecarlo_job`` is the job
function, idempotent like the footprint job's: it updates ``progress`` (0.1 validating, then
0.1 … 0.9 as blocks of draws are solved, 1 done) and stores a footprint whose result carries
``uncertainty``, with the job's end state and the audit record in one transaction.
``run_job`` picks the job function by kind; the runners call it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.formats.result_json import result_from_json
from carbonlabel.domain.records import Job, JobState
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.domain.uncertainty import MonteCarloResult
from carbonlabel.errors import NotFoundError
from carbonlabel.services.accounts.users import new_id, require
from carbonlabel.services.exchange.supplier_catalogue import catalogue_for
from carbonlabel.services.quantify.catalog import get_version
from carbonlabel.services.quantify.footprint_jobs import (
    get_footprint,
    run_footprint_job,
    run_guarded,
    store_result,
)
from carbonlabel.services.quantify.montecarlo import check_iterations, monte_carlo_text, new_seed

KIND = "montecarlo"
PROGRESS_STEP = 0.02  # the stored progress moves by at least this much (fewer writes)


def job_kind(iterations: int, seed: int) -> str:
    return f"{KIND}/{iterations}/{seed}"


def parse_kind(kind: str) -> tuple[int, int] | None:
    """``(iterations, seed)`` of a Monte Carlo job's kind, ``None`` for another kind."""
    name, _, rest = kind.partition("/")
    if name != KIND:
        return None
    iterations, _, seed = rest.partition("/")
    return int(iterations), int(seed)


def start_montecarlo_job(uow: UnitOfWork, actor: User, version_id: str, iterations: int,
                         seed: int | None = None) -> Job:
    require(actor, Action.CALCULATE)
    check_iterations(iterations, seed)
    version = get_version(uow, actor, version_id)
    seed = new_seed() if seed is None else seed
    now = datetime.now(UTC)
    job = Job(new_id(), actor.organisation_id, job_kind(iterations, seed), JobState.QUEUED, 0.0,
              "排队中 queued", version.id, None, None, actor.id, now, now)
    uow.jobs.add(job)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="job.queued", entity="job", entity_id=job.id,
                     after={"kind": KIND, "model_version_id": version.id,
                            "iterations": iterations, "seed": seed})
    uow.commit()
    return job


def run_job(make_uow: UowFactory, job_id: str, base: Path, store_dir: Path) -> None:
    """Run the job function of the job's kind (a footprint job for any other kind)."""
    with make_uow() as uow:
        job = uow.jobs.get(job_id)
    if job is not None and parse_kind(job.kind) is not None:
        run_montecarlo_job(make_uow, job_id, base, store_dir)
    else:
        run_footprint_job(make_uow, job_id, base, store_dir)


def run_montecarlo_job(make_uow: UowFactory, job_id: str, base: Path, store_dir: Path) -> None:
    """Run the job's Monte Carlo; safe to call twice. Any exception ends it ``failed``."""
    run_guarded(make_uow, job_id, "Monte Carlo", lambda: _run(make_uow, job_id, base, store_dir))


def _set_progress(make_uow: UowFactory, job_id: str, fraction: float, message: str) -> None:
    with make_uow(write=True) as uow:
        uow.jobs.update(job_id, state=JobState.RUNNING, progress=fraction, message=message)
        uow.commit()


def _run(make_uow: UowFactory, job_id: str, base: Path, store_dir: Path) -> None:
    with make_uow() as uow:
        job = uow.jobs.get(job_id)
        if job is None or job.state in (JobState.SUCCEEDED, JobState.FAILED):
            return
        actor = uow.users.get(job.created_by)
        version = uow.model_versions.in_org(job.organisation_id, job.subject_id)
        suppliers = catalogue_for(uow, job.organisation_id)
    params = parse_kind(job.kind)
    if actor is None or version is None or params is None:
        raise NotFoundError(field="model_version_id", message_en="model version gone",
                            message_zh="模型版本不存在")
    iterations, seed = params
    _set_progress(make_uow, job_id, 0.1, "校验模型 validating the model")
    stored = [0.1]

    def progress(done: int, total: int) -> None:
        fraction = 0.1 + 0.8 * done / total
        if fraction - stored[0] >= PROGRESS_STEP or done == total:
            stored[0] = fraction
            _set_progress(make_uow, job_id, fraction,
                          f"抽样 {done}/{total} sampling")

    result = monte_carlo_text(version.content, f"model.{version.format}", base, store_dir,
                              iterations, seed, suppliers=suppliers, progress=progress)
    store_result(make_uow, job, actor, version, result,
                 {"montecarlo": {"iterations": iterations, "seed": seed}})


def get_uncertainty(uow: UnitOfWork, actor: User, footprint_id: str) -> MonteCarloResult | None:
    """The Monte Carlo summary a stored footprint carries (``None``: it has none)."""
    record = get_footprint(uow, actor, footprint_id)
    return result_from_json(record.result_json).uncertainty
