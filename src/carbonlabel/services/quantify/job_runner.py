"""Runners of background jobs: a local process pool by default (no broker), or in-process
threads (tests, small installs). Both call the same idempotent job function."""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from pathlib import Path

from carbonlabel.adapters.data_keys import DataKeys
from carbonlabel.adapters.db.audit_log import attach_audit_key
from carbonlabel.adapters.db.encrypted import attach_cipher
from carbonlabel.adapters.db.engine import make_engine
from carbonlabel.adapters.db.uow import UowFactory, uow_factory
from carbonlabel.services.quantify.footprint_jobs import fail_job, unexpected_error
from carbonlabel.services.quantify.montecarlo_jobs import run_job

log = logging.getLogger(__name__)


def run_job_in_worker(database_url: str, job_id: str, base: str, store_dir: str,
                      keys_dir: str | None = None, data_key: str | None = None,
                      audit_key: bytes | None = None) -> None:
    """Entry point in a worker process: its own engine (with the data keys that open the
    encrypted fields, read from the same key folder or setting as the app, and the app's
    audit key), then the job function. Plain values only: the arguments cross a process
    boundary."""
    engine = make_engine(database_url)
    if keys_dir is not None:
        attach_cipher(engine, DataKeys(Path(keys_dir), data_key).live())
    if audit_key is not None:
        attach_audit_key(engine, audit_key)
    try:
        run_job(uow_factory(engine), job_id, Path(base), Path(store_dir))
    finally:
        engine.dispose()


class JobRunner:
    def __init__(self, database_url: str, make_uow: UowFactory, base: Path, store_dir: Path,
                 processes: bool = True, workers: int = 2, keys_dir: Path | None = None,
                 data_key: str | None = None, audit_key: bytes | None = None) -> None:
        self._url = database_url
        self._keys = (str(keys_dir) if keys_dir is not None else None, data_key, audit_key)
        self._make_uow = make_uow
        self._base, self._store = base, store_dir
        self._processes, self._workers = processes, workers
        self._executor = self._new_executor()

    def _new_executor(self) -> Executor:  # starts no process or thread before a submit
        if self._processes:
            return ProcessPoolExecutor(self._workers,
                                       mp_context=multiprocessing.get_context("spawn"))
        return ThreadPoolExecutor(self._workers)

    def submit(self, job_id: str) -> None:
        future: Future[None]
        if self._processes:
            future = self._executor.submit(run_job_in_worker, self._url, job_id,
                                           str(self._base), str(self._store), *self._keys)
        else:
            future = self._executor.submit(run_job, self._make_uow, job_id,
                                           self._base, self._store)
        future.add_done_callback(partial(self._ended, job_id))

    def _ended(self, job_id: str, future: Future[None]) -> None:
        """Read what the worker raised (the job function records its own failures; this is
        for a worker that could not run it: no database, a broken process pool)."""
        if future.cancelled():
            return
        exc = future.exception()
        if exc is None:
            return
        log.error("footprint job %s: its worker stopped", job_id, exc_info=exc)
        try:
            fail_job(self._make_uow, job_id, unexpected_error(exc))
        except Exception:
            log.exception("footprint job %s could not be marked failed", job_id)

    def resume_unfinished(self) -> int:
        """Submit again the jobs a stopped server left queued or running (the job function
        is idempotent). Returns how many."""
        with self._make_uow() as uow:
            ids = uow.jobs.unfinished_ids()
        for job_id in ids:
            self.submit(job_id)
        return len(ids)

    def shutdown(self) -> None:
        """Wait for the submitted jobs; the runner takes new ones afterwards (a later
        lifespan of the same app) on a fresh pool."""
        executor, self._executor = self._executor, self._new_executor()
        executor.shutdown(wait=True, cancel_futures=False)
