"""The web's verification read, awaited: a certificate by number without a thread per scan.

A FastAPI route that is a plain function runs in a worker thread; for the verification path,
a read of about 0.1 ms, that hop and the GIL hand-offs around the database wait doubled the
CPU time per request (measured: benchmarks/README.md). So the verification routes are
coroutines, and on PostgreSQL they await the read on psycopg's own asyncio connections, in
autocommit mode (one SELECT needs no transaction), the statement prepared by psycopg after a
few uses, and concurrent reads batched into one query (``PostgresLookup``). A connection the
server dropped is replaced once, transparently. A request on an event loop without readers
(an app used without its lifespan) gets a connection of its own, closed after the read.

On SQLite (the embedded default) the read runs in a worker thread (``ThreadedLookup``).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import anyio.to_thread
import psycopg
from sqlalchemy import Engine

from carbonlabel.adapters.db.registry_reads import (
    BY_NUMBER,
    BY_NUMBERS,
    RegistryLookup,
    entry_of,
)
from carbonlabel.domain.certification.registry import RegistryEntry


def application_name() -> str:
    """How the lookup's connections name themselves in ``pg_stat_activity`` (with the pid of
    the worker process that holds them)."""
    return f"carbonlabel registry {os.getpid()}"


class AsyncLookup:
    """What the web's verification path awaits (see :func:`async_lookup`)."""

    async def open(self) -> None:
        """Bind to the running event loop (the app's lifespan)."""

    async def close(self) -> None:
        """Release what :meth:`open` took."""

    async def entry(self, number: str) -> RegistryEntry | None:
        raise NotImplementedError


class ThreadedLookup(AsyncLookup):
    def __init__(self, lookup: RegistryLookup) -> None:
        self.lookup = lookup

    async def entry(self, number: str) -> RegistryEntry | None:
        return await anyio.to_thread.run_sync(self.lookup.entry, number)


class PostgresLookup(AsyncLookup):
    """Reads batched per event loop: concurrent scans share one query.

    Each of ``size`` reader tasks (started by :meth:`open`) owns one connection and loops:
    take every number waiting (up to ``batch``), read them with one ``= ANY(...)`` query, hand
    each scan its entry. While a read is out, new scans queue up and go together in the next
    one; a lone scan goes alone at once. So the cost of a round trip (the driver's work, the
    system calls, the server's parse of the statement) is shared under load.
    """

    def __init__(self, engine: Engine, size: int = 2, batch: int = 100) -> None:
        url = engine.url.set(drivername="postgresql")
        self.conninfo = url.render_as_string(hide_password=False)
        self.sql_one = str(BY_NUMBER.compile(dialect=engine.dialect))  # %(number)s
        self.sql_many = str(BY_NUMBERS.compile(dialect=engine.dialect))  # %(numbers)s
        self.size = size
        self.batch = batch
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: list[tuple[str, asyncio.Future[RegistryEntry | None]]] = []
        self._wake: asyncio.Event | None = None
        self._readers: list[asyncio.Task[None]] = []

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        return await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True,
                                                     application_name=application_name())

    async def open(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._readers = [asyncio.create_task(self._reader(), name=f"registry-reader-{i}")
                         for i in range(self.size)]

    async def close(self) -> None:
        readers, self._readers, self._loop = self._readers, [], None
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        for _, waiter in self._waiting:
            if not waiter.done():
                waiter.set_exception(RuntimeError("the registry is shutting down"))
        self._waiting = []

    async def entry(self, number: str) -> RegistryEntry | None:
        if self._wake is None or self._loop is not asyncio.get_running_loop():
            async with await self._connect() as once:  # no readers on this loop: one-off
                cursor = await once.execute(self.sql_one, {"number": number})
                row = await cursor.fetchone()
                return entry_of(row) if row is not None else None
        waiter: asyncio.Future[RegistryEntry | None] = self._loop.create_future()
        self._waiting.append((number, waiter))
        self._wake.set()
        return await waiter

    async def _read(self, conn: psycopg.AsyncConnection[Any],
                    numbers: list[str]) -> dict[str, RegistryEntry]:
        cursor = await conn.execute(self.sql_many, {"numbers": numbers})
        return {row[0]: entry_of(row) for row in await cursor.fetchall()}

    async def _reader(self) -> None:
        assert self._wake is not None
        conn: psycopg.AsyncConnection[Any] | None = None
        try:
            while True:
                await self._wake.wait()
                taken, self._waiting = self._waiting[:self.batch], self._waiting[self.batch:]
                if not self._waiting:
                    self._wake.clear()
                if not taken:
                    continue
                numbers = sorted({number for number, _ in taken})
                try:
                    try:
                        conn = conn if conn is not None and not conn.closed else (
                            await self._connect())
                        found = await self._read(conn, numbers)
                    except psycopg.OperationalError:
                        # the server dropped the connection (restart, idle timeout): once more
                        if conn is not None:
                            await conn.close()
                        conn = await self._connect()
                        found = await self._read(conn, numbers)
                except Exception as exc:
                    if conn is not None and conn.broken:
                        conn = None
                    for _, waiter in taken:
                        if not waiter.done():
                            waiter.set_exception(exc)
                    continue
                for number, waiter in taken:
                    if not waiter.done():  # (a scan whose client went away is cancelled)
                        waiter.set_result(found.get(number))
        finally:
            if conn is not None:
                await asyncio.shield(conn.close())


def async_lookup(engine: Engine) -> AsyncLookup:
    """The awaited read for this database: psycopg's asyncio on PostgreSQL, else a thread."""
    if engine.dialect.name == "postgresql":
        return PostgresLookup(engine)
    return ThreadedLookup(RegistryLookup(engine))
