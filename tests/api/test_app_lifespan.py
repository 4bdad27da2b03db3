"""Two lifespans of one app at once: the test client's and schemathesis's (tests/api/
test_openapi_fuzz.py) nest, each on an event loop of its own in a thread of its own, as
:class:`fastapi.testclient.TestClient` runs them (anyio's blocking portal). The workers the
lifespan starts must keep running on both loops, each stop ending only its own run: a second
start that took over the first one's loop, event and task left the first worker dead after
one delivery interval (``... is bound to a different event loop``), without a word.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from anyio.from_thread import start_blocking_portal
from fastapi.testclient import TestClient

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.services.exchange.pact_outbox import OutboxWorker, enqueue_event
from tests.api.conftest import build_app
from tests.pact_exchange.support import AT, add_partner
from tests.support.platform import seed_tenant

TARGET = "https://buyer.example/pact/3/events"
INTERVAL = 0.05  # seconds between the worker's passes in these tests


def until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Wait for ``condition`` (polled); fail naming ``what`` if it is not met in time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {what}")
        time.sleep(0.01)


class Recorder:
    """A sender that keeps the ids of the events it was given."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def __call__(self, partner: Partner, url: str, event: dict[str, object]) -> None:
        self.ids.append(str(event["id"]))


def queue(make_uow: UowFactory, organisation_id: str, partner: Partner, n: int) -> None:
    with make_uow(write=True) as uow:
        enqueue_event(uow, organisation_id=organisation_id, partner=partner, target_url=TARGET,
                      event={"type": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3",
                             "specversion": "1.0", "id": f"event-{n}",
                             "source": "https://us.example/3/events",
                             "time": "2026-03-02T09:00:00Z", "data": {"pfIds": []}},
                      at=AT)
        uow.commit()


def test_two_nested_worker_lifespans_both_deliver_past_an_interval_and_stop_cleanly(
        make_uow: UowFactory, caplog: pytest.LogCaptureFixture) -> None:
    tenant = seed_tenant(make_uow, "出口企业")
    partner = add_partner(make_uow, tenant.organisation.id)
    org = tenant.organisation.id
    send = Recorder()
    worker = OutboxWorker(make_uow, send, interval=INTERVAL, clock=lambda: AT)
    caplog.set_level(logging.ERROR, logger="carbonlabel.services.exchange.pact_outbox")
    with start_blocking_portal() as outer, outer.wrap_async_context_manager(worker.running()):
        until(lambda: worker.passes >= 1, "the outer run's first pass")
        with start_blocking_portal() as inner, \
                inner.wrap_async_context_manager(worker.running()):
            queue(make_uow, org, partner, 1)
            worker.kick()
            until(lambda: "event-1" in send.ids, "event-1 delivered while both run")
            nested = worker.passes
            # past several intervals with both runs waiting and waking on their own loops
            until(lambda: worker.passes >= nested + 6, "both runs passing while nested")
        # the inner lifespan has ended; the outer one's worker must still be alive
        after_inner = worker.passes
        until(lambda: worker.passes >= after_inner + 2, "the outer run passing on its own")
        queue(make_uow, org, partner, 2)
        worker.kick()
        until(lambda: "event-2" in send.ids, "event-2 delivered by the outer run")
    assert send.ids == ["event-1", "event-2"]  # each once: a claimed event is not sent twice
    assert [r.getMessage() for r in caplog.records] == []  # no run died, nothing failed


def test_two_nested_app_lifespans_keep_the_outer_ones_workers(tmp_path: Path,
                                                              database_url: str) -> None:
    app = build_app(database_url, tmp_path)
    outbox: OutboxWorker = app.state.pact_outbox
    outbox.interval = INTERVAL
    with TestClient(app) as outer:
        until(lambda: outbox.passes >= 1, "the outer lifespan's outbox pass")
        with TestClient(app) as inner:
            nested = outbox.passes
            until(lambda: outbox.passes >= nested + 3, "both lifespans' outbox passes")
            assert inner.get("/api/v1/openapi.json").status_code == 200
        after_inner = outbox.passes
        until(lambda: outbox.passes >= after_inner + 2,
              "the outer lifespan's outbox still passing after the inner one ended")
        # the inner lifespan's end did not shut the job runner down under the outer one
        app.state.runner.submit("no-such-job")  # an unknown job: the job function returns
        assert outer.get("/api/v1/openapi.json").status_code == 200
