"""No lost data: a writer killed with SIGKILL while saving a model version or a footprint
leaves the database consistent, on SQLite and PostgreSQL: every record whole or absent, each
with its audit record, every committed record kept, the audit chain intact."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import Engine, text

from carbonlabel.adapters.db.encrypted import cipher_of
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.support.crash_writer import PADDING
from tests.support.persistence import audit_verify, quick_tenant

ROOT = Path(__file__).resolve().parents[2]
#: a guard against a hung writer only; nothing is asserted about time
SILENCE_LIMIT_S = 60


class Writers:
    """The crash_writer process, which forks a writer on demand, and the lines they print."""

    def __init__(self, database_url: str, user_id: str, product_id: str, base: Path,
                 log: Path) -> None:
        self._log = log.open("w", encoding="utf-8")
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.crash_writer", database_url, user_id,
             product_id, str(base)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
            text=True, encoding="utf-8", env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
        self.lines: queue.Queue[list[str] | None] = queue.Queue()
        self.writer = 0  # the pid of the live writer, if any
        assert self.proc.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.proc.stdout,),
                                        daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.split())
        self.lines.put(None)

    def _say(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def next(self) -> list[str]:
        try:
            line = self.lines.get(timeout=SILENCE_LIMIT_S)
        except queue.Empty:
            pytest.fail(f"the writer went silent; log: {self.log.read_text()}")
        if line is None or line == ["ended"]:
            pytest.fail(f"the writer stopped by itself; log: {self.log.read_text()}")
        return line

    def start(self, mode: str) -> None:
        self._say(mode)
        ready = self.next()
        assert ready[0] == "ready", ready
        self.writer = int(ready[1])

    def go(self) -> None:
        self._say("go")  # any line lets a paused writer commit

    def kill(self) -> list[list[str]]:
        """SIGKILL the writer; returns the lines it printed before dying and not yet read."""
        os.kill(self.writer, signal.SIGKILL)
        self.writer = 0
        rest: list[list[str]] = []
        while (line := self.lines.get(timeout=SILENCE_LIMIT_S)) != ["ended"]:
            assert line is not None, self.log.read_text()
            rest.append(line)
        return rest

    def close(self) -> None:
        if self.writer:  # a test failed with a writer perhaps alive
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.writer, signal.SIGKILL)
            self.writer = 0
        assert self.proc.stdin is not None
        self.proc.stdin.close()  # the end of its input ends the forking process
        try:
            self.proc.wait(timeout=SILENCE_LIMIT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=SILENCE_LIMIT_S)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        self._log.close()


class Ledger:
    """What the writers said they committed, and what was killed before its commit."""

    def __init__(self) -> None:
        self.committed: dict[str, set[str]] = {"version": set(), "footprint": set()}
        self.killed_open: dict[str, set[str]] = {"version": set(), "footprint": set()}

    def note(self, line: list[str]) -> None:
        if line[0] == "committed":
            self.committed[line[1]].add(line[2])


def kill_inside_a_transaction(writer: Writers, ledger: Ledger, kind: str, skip: int) -> None:
    """Let ``skip`` transactions of ``kind`` commit, then kill the writer in the next one,
    after it has written all its rows and before it commits."""
    while True:
        line = writer.next()
        ledger.note(line)
        if line[0] != "open":
            continue
        if line[1] == kind and skip == 0:
            for rest in writer.kill():
                ledger.note(rest)
            ledger.killed_open[kind].add(line[2])
            return
        skip -= line[1] == kind
        writer.go()


def kill_at_a_random_moment(writer: Writers, ledger: Ledger, rng: random.Random) -> None:
    """Let 1-2 footprints (and so their versions) commit, then kill the writer wherever it is
    a random while later."""
    footprints = rng.randint(1, 2)
    while footprints:
        line = writer.next()
        ledger.note(line)
        footprints -= line[:2] == ["committed", "footprint"]
    time.sleep(rng.uniform(0.0, 0.05))  # somewhere in the next save, its commit or between
    for rest in writer.kill():
        ledger.note(rest)


def assert_consistent(engine: Engine, ledger: Ledger, product_id: str, context: str) -> None:
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT id, product_id, version, content, content_hash "
                                     "FROM model_versions")).all()
        footprints = conn.execute(text("SELECT id, model_version_id, total_co2e_kg, "
                                       "result_json FROM footprints")).all()
        audited = Counter(conn.execute(text("SELECT action, entity_id FROM audit_log")).all())
        jobs = conn.execute(text("SELECT subject_id, state, result_id FROM jobs")).all()
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok", context
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == [], context
    version_ids = {v.id for v in versions}
    footprint_ids = {f.id for f in footprints}

    cipher = cipher_of(engine)  # the rows are read as stored: sealed fields opened here
    assert cipher is not None
    for v in versions:  # whole: complete content matching its hash
        content = cipher.decrypt(v.content, "model_versions.content")
        assert hashlib.sha256(content.encode("utf-8")).hexdigest() == v.content_hash, context
        assert len(content) > PADDING, context
        json.loads(content)
    numbers = sorted(v.version for v in versions if v.product_id == product_id)
    assert numbers == list(range(1, len(numbers) + 1)), context  # none lost or doubled
    for f in footprints:
        assert json.loads(cipher.decrypt(f.result_json, "footprints.result_json"))[
            "total_co2e_kg"] == pytest.approx(f.total_co2e_kg)
        assert f.model_version_id in version_ids, context

    # each record with its audit record, and no audit record without its record
    saved = {e for (a, e), n in audited.items() if a == "model_version.saved" and n == 1}
    calculated = {e for (a, e), n in audited.items() if a == "footprint.calculated" and n == 1}
    assert saved == version_ids, context
    assert calculated == footprint_ids, context
    # the job ledger moves with the footprint: succeeded exactly when the result is stored
    assert {j.result_id for j in jobs if j.state == "succeeded"} == footprint_ids, context
    assert {j.subject_id for j in jobs} == version_ids, context

    # committed is kept; killed before its commit is absent
    assert ledger.committed["version"] <= version_ids, context
    assert ledger.committed["footprint"] <= footprint_ids, context
    assert not ledger.killed_open["version"] & version_ids, context
    assert not ledger.killed_open["footprint"] & footprint_ids, context


def test_a_writer_killed_mid_save_leaves_every_record_whole_or_absent(
        engine: Engine, make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    tenant = quick_tenant(make_uow, "崩溃 Crash")
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.analyst,
                                           catalog.ProductData("产品", "Product", "test"))
        uow.commit()
    ledger = Ledger()
    # inside a transaction of each kind (after 0-2 commits of that kind), then anywhere
    rounds = [("pause", kind) for kind in rng.sample(["version", "footprint"], 2)]
    rounds += [("free", ""), ("free", "")]
    writers = Writers(database_url, tenant.analyst.id, product.id, tmp_path,
                      tmp_path / "writers.log")
    try:
        for n, (mode, kind) in enumerate(rounds):
            writers.start(mode)
            if mode == "pause":
                kill_inside_a_transaction(writers, ledger, kind, rng.randint(0, 2))
            else:
                kill_at_a_random_moment(writers, ledger, rng)
            assert_consistent(engine, ledger, product.id, f"seed {seed}, after kill {n + 1}")
    finally:
        writers.close()
    for kind in ("version", "footprint"):
        assert ledger.killed_open[kind], kind
        assert ledger.committed[kind], kind
    code, _, err = audit_verify(capsys, database_url, tmp_path)
    assert code == 0, f"seed {seed}: {err}"

    # the jobs the kills interrupted finish when run again (the job function is idempotent)
    with make_uow() as uow:
        unfinished = uow.jobs.unfinished_ids()
    for job_id in unfinished:
        footprint_jobs.run_footprint_job(make_uow, job_id, tmp_path, tmp_path / "databases")
    assert_consistent(engine, ledger, product.id, f"seed {seed}, after resuming the jobs")
    with make_uow() as uow:
        assert uow.jobs.unfinished_ids() == []
    code, _, err = audit_verify(capsys, database_url, tmp_path)
    assert code == 0, f"seed {seed}: {err}"
