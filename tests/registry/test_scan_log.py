"""The scan log: one record per verification (time, digest of what was checked, verdict,
channel; nothing about the person), written in batches by a background writer that loses
nothing when the app stops."""

from __future__ import annotations

import asyncio
import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from carbonlabel.adapters.db.certification_tables import ScanRow
from carbonlabel.adapters.label_key_cache import PublicKeyCache
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.web.app import create_app
from carbonlabel.web.registry.scan_log import ScanLog
from tests.registry.conftest import RegistryWorld

API = "/api/v1/registry"
MARK = "Scanner-Personal-Mark-4711"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_every_verification_leaves_one_scan_record_without_personal_data(
        registry_world: RegistryWorld) -> None:
    w = registry_world
    issued = w.certified()
    forged = issued.token[:-6]
    number = issued.certificate.number
    wrong = number[:-2] + ("00" if number[-2:] != "00" else "01")
    headers = {"User-Agent": MARK, "X-Forwarded-For": "203.0.113.77", "Cookie": f"id={MARK}"}
    calls = [  # (path, digest of what was checked, verdict, channel)
        (f"{API}/verify/{issued.token}", sha256(issued.token), "valid", "api"),
        (f"/v/{issued.token}", sha256(issued.token), "valid", "page"),
        (f"{API}/verify/{forged}", sha256(forged), "not_genuine", "api"),
        (f"/v/{forged}", sha256(forged), "not_genuine", "page"),
        (f"{API}/verify/code/{number.lower()}", sha256(number), "valid", "api"),
        (f"/verify?code={wrong}", sha256(wrong), "not_genuine", "page"),
    ]
    app = create_app(w.settings, migrate=False)  # a second app: its lifespan is this test's
    with TestClient(app) as client:
        for path, *_ in calls:
            assert client.get(path, headers=headers).status_code == 200
        assert client.get("/verify").status_code == 200  # the empty form checks nothing
    # the app has stopped: what its writer still held is written

    digests = {d for _, d, _, _ in calls}
    with w.app.state.uow() as uow:
        rows = uow.session.execute(select(ScanRow.code, ScanRow.outcome, ScanRow.channel)
                                   .where(ScanRow.code.in_(digests))).all()
        columns = {c["name"] for c in inspect(uow.session.connection()).get_columns(
            "label_scans")}
        extra = uow.session.execute(select(ScanRow.claimed_number, ScanRow.failure,
                                           ScanRow.region, ScanRow.region_source,
                                           ScanRow.client)
                                    .where(ScanRow.code.in_(digests))).all()
    assert sorted(tuple(r) for r in rows) == sorted(
        (d, v, c) for _, d, v, c in calls)
    # since migration 0017: the number claimed, why it failed, a coarse region and a keyed
    # hash of the client; never the address, the user agent or a cookie
    assert columns == {"id", "at", "code", "outcome", "channel", "claimed_number", "failure",
                       "region", "region_source", "client"}
    # the cut token's signature is unreadable (split_token refuses it): no number claimed
    assert {r.claimed_number for r in extra} == {number, wrong, None}
    assert {r.failure for r in extra} == {None, "signature", "check_digits"}
    assert {r.region for r in extra} == {None}  # no address table, no place shared
    clients = {r.client for r in extra}
    assert len(clients) == 1
    assert all(c and len(c) == 32 for c in clients)
    for row in extra:
        assert MARK not in str(tuple(row))
        assert "203.0.113.77" not in str(tuple(row))
    with w.app.state.uow() as uow:
        label_digest = uow.labels.by_token_digest(sha256(issued.token))
    assert label_digest is not None  # a scan's digest finds its label for supervision
    for row in rows:
        stored = " ".join(row)
        assert MARK not in stored
        assert "203.0.113.77" not in stored
        assert issued.token not in stored
        assert number not in stored  # the digest column: the number is claimed_number's


# -- the buffer, with a fake unit of work ---------------------------------------------------

class FakeStore:
    def __init__(self, failures: int = 0) -> None:
        self.batches: list[list[Any]] = []
        self.failures = failures

    def make_uow(self, write: bool = False) -> FakeUow:
        assert write
        return FakeUow(self)

    @property
    def written(self) -> int:
        return sum(len(b) for b in self.batches)


class FakeUow:
    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.scans = self
        self.staged: list[Any] = []

    def __enter__(self) -> FakeUow:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def add_many(self, records: list[Any]) -> None:
        if self.store.failures:
            self.store.failures -= 1
            raise RuntimeError("database unavailable")
        self.staged = list(records)

    def commit(self) -> None:
        self.store.batches.append(self.staged)


def record(n: int) -> tuple[datetime, str, str, str]:
    return (datetime.now(UTC), sha256(str(n)), "valid", "api")


def test_records_wait_in_memory_until_written_in_batches() -> None:
    store = FakeStore()
    log = ScanLog(store.make_uow, batch=4)  # type: ignore[arg-type]
    for n in range(3):
        log.record(record(n))
    assert store.batches == []
    assert log.pending == 3
    log.record(record(3))  # the batch is full and no writer runs: written at once
    assert [len(b) for b in store.batches] == [4]
    for n in range(10):
        log.record(record(n))
    assert log.flush() == 2
    assert [len(b) for b in store.batches] == [4, 4, 4, 2]
    assert log.pending == 0


def test_the_background_writer_writes_on_its_interval_and_at_stop() -> None:
    store = FakeStore()
    log = ScanLog(store.make_uow, interval=0.01, batch=500)  # type: ignore[arg-type]

    async def run() -> tuple[int, int]:
        async with log.running():
            log.record(record(1))
            for _ in range(2000):  # fewer than a batch: the interval writes it
                if store.written:
                    break
                await asyncio.sleep(0.005)
            written_by_timer = store.written
            for n in range(7):
                log.record(record(n))
        return written_by_timer, store.written

    by_timer, at_stop = asyncio.run(run())
    assert by_timer == 1
    assert at_stop == 8  # the stop wrote the rest
    assert log.pending == 0


def test_a_full_batch_wakes_the_writer() -> None:
    store = FakeStore()
    log = ScanLog(store.make_uow, interval=3600, batch=50)  # type: ignore[arg-type]

    async def run() -> int:
        async with log.running():
            for n in range(50):
                log.record(record(n))
            for _ in range(2000):
                if store.written:
                    break
                await asyncio.sleep(0.005)
            return store.written

    assert asyncio.run(run()) == 50


def test_a_failed_write_keeps_the_records_for_the_next_one() -> None:
    store = FakeStore(failures=1)
    log = ScanLog(store.make_uow, batch=10)  # type: ignore[arg-type]
    for n in range(5):
        log.record(record(n))
    assert log.flush() == 0
    assert log.pending == 5
    assert log.flush() == 5
    assert [r[1] for r in store.batches[0]] == [sha256(str(n)) for n in range(5)]  # in order


# -- the public keys' cache -----------------------------------------------------------------

class CountingKeys(LabelKeys):
    reads = 0

    def public_keys(self) -> Any:
        self.reads += 1
        return super().public_keys()


def test_public_keys_are_read_once_and_again_after_a_rotation(tmp_path: Path) -> None:
    keys = CountingKeys(tmp_path / "label-keys")
    cache = PublicKeyCache(keys)
    assert cache.get() == {}  # no folder yet: nothing verifies
    first = keys.rotate()
    assert set(cache.get()) == {first}
    for _ in range(5):
        cache.get()
    assert keys.reads == 1
    time.sleep(0.01)  # a later rotation changes the folder's modification time
    second = keys.rotate()
    assert set(cache.get()) == {first, second}
    assert set(cache.published()) == {first, second}
    assert keys.reads == 2
