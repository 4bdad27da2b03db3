"""The scan log's buffer: verifications are recorded in memory and written in batches.

A verification must not cost a database write of its own: the request appends its record to
an in-process queue (``collections.deque``: appends from the request threads and pops by the
writer need no lock), and a background task of the app's lifespan writes what is queued every
``interval`` seconds, or at once when ``batch`` records wait. When the app stops, the task
writes the rest, so nothing recorded is lost. A failed write puts the batch back (up to
``limit`` records wait; beyond that the oldest are dropped, and said so in the log).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.services.registry.verification import ScanRecord, record_scans

log = logging.getLogger(__name__)


class ScanLog:
    def __init__(self, make_uow: UowFactory, interval: float = 0.2, batch: int = 500,
                 limit: int = 200_000) -> None:
        self.make_uow = make_uow
        self.interval = interval
        self.batch = batch
        self.limit = limit
        self._pending: deque[ScanRecord] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._writing: asyncio.Future[int] | None = None

    def record(self, entry: ScanRecord) -> None:
        """Queue one verification's record (called from request threads or the loop)."""
        self._pending.append(entry)
        if len(self._pending) >= self.batch:
            loop, wake = self._loop, self._wake
            if loop is not None and wake is not None and not loop.is_closed():
                loop.call_soon_threadsafe(wake.set)
            else:  # no background writer (the app runs without its lifespan): write now
                self.flush()

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> int:
        """Write every queued record, ``batch`` per transaction; returns how many."""
        written = 0
        while self._pending:
            records: list[ScanRecord] = []
            with contextlib.suppress(IndexError):  # another flush took the last ones
                while len(records) < self.batch:
                    records.append(self._pending.popleft())
            if not records:
                break
            try:
                with self.make_uow(write=True) as uow:
                    record_scans(uow, records)
            except Exception:
                self._requeue(records)
                log.exception("could not write %d scan records; kept for the next try",
                              len(records))
                break
            written += len(records)
        return written

    def _requeue(self, records: list[ScanRecord]) -> None:
        self._pending.extendleft(reversed(records))
        dropped = 0
        while len(self._pending) > self.limit:
            self._pending.popleft()
            dropped += 1
        if dropped:
            log.error("scan log buffer full: %d oldest records dropped", dropped)

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
            self._wake.clear()
            if self._pending:
                # shielded: a stop while a batch is being written waits for it (below)
                self._writing = asyncio.ensure_future(asyncio.to_thread(self.flush))
                await asyncio.shield(self._writing)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The background writer, for the app's lifespan; writes the rest on the way out."""
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        task = asyncio.create_task(self._run(), name="carbonlabel-scan-log")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if self._writing is not None:
                await self._writing
            self._loop = self._wake = self._writing = None
            await asyncio.to_thread(self.flush)
