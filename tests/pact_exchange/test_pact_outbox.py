"""The PACT event outbox: back-off, giving up after 72 h, claiming, the worker."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.exchange.records import DeliveryState, EventRecord, Partner
from carbonlabel.errors import PartnerError
from carbonlabel.services.exchange.pact_outbox import (
    OutboxWorker,
    after_failure,
    backoff,
    deliver_due,
    enqueue_event,
)
from tests.pact_exchange.support import AT, add_partner
from tests.support.platform import seed_tenant

TARGET = "https://buyer.example/pact/3/events"


def event(n: int = 1) -> dict[str, object]:
    return {"type": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3", "specversion": "1.0",
            "id": f"event-{n}", "source": "https://us.example/3/events",
            "time": "2026-03-02T09:00:00Z", "data": {"pfIds": []}}


class Sender:
    def __init__(self, fail: Exception | None = None) -> None:
        self.fail = fail
        self.sent: list[tuple[str, str, dict[str, object]]] = []

    def __call__(self, partner: Partner, url: str, ev: dict[str, object]) -> None:
        self.sent.append((partner.name, url, ev))
        if self.fail is not None:
            raise self.fail


def down() -> PartnerError:
    return PartnerError(partner="Acme GmbH", status=503, message_en="Acme is down",
                        message_zh="Acme 不可用")


@pytest.fixture
def queued(make_uow: UowFactory) -> tuple[Partner, EventRecord]:
    tenant = seed_tenant(make_uow, "出口企业")
    partner = add_partner(make_uow, tenant.organisation.id)
    with make_uow(write=True) as uow:
        record = enqueue_event(uow, organisation_id=tenant.organisation.id, partner=partner,
                               target_url=TARGET, event=event(), at=AT)
        uow.commit()
    return partner, record


def stored(make_uow: UowFactory, record: EventRecord) -> EventRecord:
    with make_uow() as uow:
        found = uow.pact_events.get(record.id)
    assert found is not None
    return found


# -- the schedule (pure) ---------------------------------------------------------------------

def test_the_wait_doubles_from_two_seconds_and_stops_at_one_hour() -> None:
    assert [backoff(n).total_seconds() for n in range(1, 6)] == [2, 4, 8, 16, 32]
    assert backoff(11) == timedelta(seconds=2048)  # 2 · 2¹⁰
    assert backoff(12) == timedelta(hours=1)  # 2 · 2¹¹ = 4096 s, capped at 3600 s
    assert backoff(500) == timedelta(hours=1)


def test_the_last_retry_is_at_72_hours_and_a_failure_then_gives_up(
        queued: tuple[Partner, EventRecord]) -> None:
    _, ev = queued
    later = replace(ev, attempts=40)
    near_end = AT + timedelta(hours=71, minutes=30)
    retry = after_failure(later, near_end, "down")
    assert retry.state is DeliveryState.PENDING
    assert retry.next_attempt_at == AT + timedelta(hours=72)  # not 71:30 + 1 h
    gave_up = after_failure(retry, AT + timedelta(hours=72), "still down")
    assert gave_up.state is DeliveryState.FAILED
    assert gave_up.attempts == 42
    assert gave_up.last_error == "still down"
    assert gave_up.next_attempt_at is None


# -- delivery against the database -----------------------------------------------------------

def test_a_due_event_is_sent_to_its_target_and_marked_delivered(
        make_uow: UowFactory, queued: tuple[Partner, EventRecord]) -> None:
    partner, record = queued
    send = Sender()
    assert deliver_due(make_uow, send, AT) == 1
    assert send.sent == [(partner.name, TARGET, event())]
    done = stored(make_uow, record)
    assert (done.state, done.attempts, done.last_error) == (DeliveryState.DELIVERED, 1, None)
    assert deliver_due(make_uow, send, AT + timedelta(hours=1)) == 0  # never sent twice
    assert len(send.sent) == 1


def test_a_failure_is_retried_after_2_then_4_seconds(
        make_uow: UowFactory, queued: tuple[Partner, EventRecord]) -> None:
    _, record = queued
    send = Sender(down())
    assert deliver_due(make_uow, send, AT) == 0
    first = stored(make_uow, record)
    assert (first.state, first.attempts) == (DeliveryState.PENDING, 1)
    assert first.next_attempt_at == AT + timedelta(seconds=2)
    assert first.last_error is not None
    assert "Acme is down" in first.last_error
    deliver_due(make_uow, send, AT + timedelta(seconds=1))  # not due yet
    assert len(send.sent) == 1
    deliver_due(make_uow, send, AT + timedelta(seconds=2))
    second = stored(make_uow, record)
    assert second.attempts == 2
    assert second.next_attempt_at == AT + timedelta(seconds=2 + 4)
    send.fail = None
    assert deliver_due(make_uow, send, AT + timedelta(seconds=6)) == 1
    assert stored(make_uow, record).state is DeliveryState.DELIVERED


def test_delivery_gives_up_72_hours_after_the_event_was_queued(
        make_uow: UowFactory, queued: tuple[Partner, EventRecord]) -> None:
    _, record = queued
    deliver_due(make_uow, Sender(down()), AT + timedelta(hours=72))
    failed = stored(make_uow, record)
    assert (failed.state, failed.attempts) == (DeliveryState.FAILED, 1)
    assert failed.last_error is not None
    assert "Acme is down" in failed.last_error


def test_a_refusal_of_the_event_itself_gives_up_at_once(
        make_uow: UowFactory, queued: tuple[Partner, EventRecord]) -> None:
    _, record = queued
    bad = PartnerError(partner="Acme GmbH", status=400, partner_code="BadRequest",
                       message_en="malformed event", message_zh="事件格式错误")
    deliver_due(make_uow, Sender(bad), AT)
    assert stored(make_uow, record).state is DeliveryState.FAILED


def test_two_workers_never_send_the_same_event(
        make_uow: UowFactory, queued: tuple[Partner, EventRecord]) -> None:
    _, record = queued
    second: list[int] = []

    class Nested(Sender):
        def __call__(self, partner: Partner, url: str, ev: dict[str, object]) -> None:
            super().__call__(partner, url, ev)
            # a second worker runs while the first is sending: the claim keeps it off
            second.append(deliver_due(make_uow, Sender(), AT))

    send = Nested()
    assert deliver_due(make_uow, send, AT) == 1
    assert len(send.sent) == 1
    assert second == [0]
    # the same stale read claimed twice: only the first claim wins
    with make_uow(write=True) as uow:
        assert not uow.pact_events.claim(record, AT, AT + timedelta(seconds=90))


def test_a_claim_that_lapses_lets_another_worker_retry(
        make_uow: UowFactory, queued: tuple[Partner, EventRecord]) -> None:
    _, record = queued
    with make_uow(write=True) as uow:  # a worker claims, then dies before recording
        assert uow.pact_events.claim(record, AT, AT + timedelta(seconds=90))
        uow.commit()
    send = Sender()
    assert deliver_due(make_uow, send, AT + timedelta(seconds=89)) == 0
    assert deliver_due(make_uow, send, AT + timedelta(seconds=90)) == 1


def test_the_worker_delivers_at_once_when_kicked_and_stops_cleanly(
        make_uow: UowFactory, queued: tuple[Partner, EventRecord]) -> None:
    _, record = queued
    send = Sender()

    async def scenario() -> dict[str, Any]:
        worker = OutboxWorker(make_uow, send, interval=3600, clock=lambda: AT)
        async with worker.running():
            for _ in range(200):  # the first pass runs at start
                if worker.passes >= 1:
                    break
                await asyncio.sleep(0.01)
            with make_uow(write=True) as uow:
                enqueue_event(uow, organisation_id=record.organisation_id,
                              partner=stored_partner(make_uow, record), target_url=TARGET,
                              event=event(2), at=AT)
                uow.commit()
            started = time.monotonic()
            worker.kick()
            while len(send.sent) < 2 and time.monotonic() - started < 10:
                await asyncio.sleep(0.01)
            waited = time.monotonic() - started
        return {"waited": waited, "passes": worker.passes}

    result = asyncio.run(scenario())
    assert [ev["id"] for _, _, ev in send.sent] == ["event-1", "event-2"]
    assert result["waited"] < 5  # the kick, not the hour-long interval
    worker = OutboxWorker(make_uow, send)
    worker.kick()  # not started: nothing happens, nothing breaks


def stored_partner(make_uow: UowFactory, record: EventRecord) -> Partner:
    with make_uow() as uow:
        partner = uow.partners.by_id(record.partner_id or "")
    assert partner is not None
    return partner
