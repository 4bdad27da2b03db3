"""Writers for a test to kill with SIGKILL: each saves model versions and calculates their
footprints in a loop, through the services, announcing each transaction before its commit.

    python -m tests.support.crash_writer DATABASE_URL USER_ID PRODUCT_ID BASE_DIR

The process imports everything once, then for each line ``pause`` or ``free`` on stdin forks
a writer and waits for it to die (so several writers can be killed without paying for the
imports each time), printing ``ended`` when it has. A writer prints ``ready <pid>``; ``open
<kind> <id>`` when a transaction holding a new record (kind ``version`` or ``footprint``) has
written everything and is about to commit; ``committed <kind> <id>`` after the commit. In
``pause`` mode it waits for a line on stdin between the two, so that a kill lands inside the
transaction; in ``free`` mode it goes on at once, so that a kill lands anywhere.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from carbonlabel.adapters.db.audit_log import audit_key_of
from carbonlabel.adapters.db.engine import session_factory
from carbonlabel.adapters.db.tables import FootprintRow, ModelVersionRow
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.support.persistence import model_text
from tests.support.platform import keyed_engine

#: characters of free text in every model: with the small page cache below, SQLite writes the
#: uncommitted pages into the WAL before the commit, which a kill must not make visible
PADDING = 40_000


def _note_new_records(session: Session, _context: Any) -> None:
    # after_flush still sees the flushed rows as new; the identity map would not keep them
    for row in session.new:
        if isinstance(row, FootprintRow):
            session.info["saving"] = ("footprint", row.id)
        elif isinstance(row, ModelVersionRow) and "saving" not in session.info:
            session.info["saving"] = ("version", row.id)


class AnnouncingUnitOfWork(UnitOfWork):
    pause = False

    def __enter__(self) -> AnnouncingUnitOfWork:
        super().__enter__()
        event.listen(self.session, "after_flush", _note_new_records)
        return self

    def commit(self) -> None:
        if self._held:  # a command's commit inside atomic(): the block's end commits
            super().commit()
            return
        self.session.flush()
        saving: tuple[str, str] | None = self.session.info.get("saving")
        if saving is not None:
            print("open", *saving, flush=True)
            if self.pause:
                sys.stdin.readline()
        super().commit()
        if saving is not None:
            print("committed", *saving, flush=True)


def write_forever(url: str, user_id: str, product_id: str, base: str, mode: str) -> None:
    engine = keyed_engine(url, Path(base))  # the test's data folder: the same data keys
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _small_cache(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA cache_size=5")

    sessions = session_factory(engine)
    AnnouncingUnitOfWork.pause = mode == "pause"

    def make_uow(write: bool = False) -> UnitOfWork:
        return AnnouncingUnitOfWork(sessions, write, audit_key_of(engine))

    base_dir = Path(base)
    with make_uow() as uow:
        actor = uow.users.get(user_id)
    assert actor is not None
    print("ready", os.getpid(), flush=True)
    for k in itertools.count():
        with make_uow(write=True) as uow, uow.atomic():  # the version with its job
            version = catalog.save_model_version(uow, actor, product_id,
                                                 model_text(k, PADDING), "json", base_dir,
                                                 base_dir / "databases")
            job = footprint_jobs.start_footprint_job(uow, actor, version.id)
        footprint_jobs.run_footprint_job(make_uow, job.id, base_dir, base_dir / "databases")


def main(argv: list[str]) -> None:
    while line := sys.stdin.readline():
        mode = line.strip()
        if mode not in ("pause", "free"):
            continue  # a "go" that a killed writer did not read
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:  # the writer: its own engine and connections, made after the fork
            try:
                write_forever(*argv, mode)
            finally:
                sys.stderr.flush()
                os._exit(1)
        os.waitpid(pid, 0)
        print("ended", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
