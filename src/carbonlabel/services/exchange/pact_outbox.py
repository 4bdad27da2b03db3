"""The outbox of PACT events: stored in the same transaction as the change that causes them,
delivered afterwards to the partner's host, retried with exponential back-off.

Delivery (``deliver_due``) takes each due event in three steps: *claim* it in a short
transaction (a conditional UPDATE that moves its next attempt into the future, so a second
worker skips it and a crashed worker's claim lapses), *send* it outside any transaction, and
*record* the outcome. Delivery is at least once; receivers refuse a repeated event id.

Retry schedule (PACT: "exponential backoff", stop after 72 h — v2: "not more than 3 days"):
after the n-th failed attempt the next one is ``min(2 s · 2ⁿ⁻¹, 1 h)`` later, but never later
than 72 h after the event was created; a failure at or after that moment gives up (state
failed). A refusal that retrying cannot change (an HTTP 4xx about the event itself, no
partner host, missing credentials) gives up at once. ``last_error`` keeps the reason.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.pact_client import PactClient
from carbonlabel.config import Settings
from carbonlabel.domain.exchange.records import (
    DeliveryState,
    EventDirection,
    EventRecord,
    Partner,
)
from carbonlabel.errors import CarbonlabelError, InputError, PartnerError

log = logging.getLogger(__name__)

FIRST_DELAY = timedelta(seconds=2)
MAX_DELAY = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(hours=72)
LEASE = timedelta(seconds=90)  # longer than one send can take (token + event, 15 s each)

Sender = Callable[[Partner, str, dict[str, object]], None]


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 2 s, 4 s, 8 s ... at most 1 h."""
    if attempts < 1:
        return timedelta(0)
    if attempts > 20:  # 2 s · 2¹⁹ is far beyond the cap already
        return MAX_DELAY
    delay: timedelta = FIRST_DELAY * 2 ** (attempts - 1)
    return min(delay, MAX_DELAY)


def after_failure(ev: EventRecord, now: datetime, error: str, *, retryable: bool = True
                  ) -> EventRecord:
    """The event after one more failed attempt at ``now``: rescheduled, or given up."""
    attempts = ev.attempts + 1
    deadline = ev.created_at + GIVE_UP_AFTER
    if not retryable or now >= deadline:
        return replace(ev, attempts=attempts, last_error=error[:2000],
                       state=DeliveryState.FAILED, next_attempt_at=None)
    return replace(ev, attempts=attempts, last_error=error[:2000],
                   next_attempt_at=min(now + backoff(attempts), deadline))


def enqueue_event(uow: UnitOfWork, *, organisation_id: str, partner: Partner,
                  target_url: str, event: dict[str, object], at: datetime) -> EventRecord:
    """Store an outbound CloudEvent for delivery to ``target_url`` (state pending, due now).
    The calling command commits; the event leaves only if its cause is kept."""
    event_id = event.get("id")
    if not isinstance(event_id, str) or not event_id:
        raise InputError(field="id", message_en="a CloudEvent needs an id",
                         message_zh="CloudEvent 必须有 id")
    record = EventRecord(
        id=str(uuid.uuid4()), organisation_id=organisation_id, partner_id=partner.id,
        direction=EventDirection.OUTBOUND, type=str(event.get("type", "")),
        event_id=event_id, target_url=target_url, payload=dict(event),
        state=DeliveryState.PENDING, attempts=0, last_error=None, next_attempt_at=at,
        created_at=at)
    uow.pact_events.add(record)
    return record


def _claim(make_uow: UowFactory, ev: EventRecord, now: datetime
           ) -> tuple[bool, Partner | None]:
    with make_uow(write=True) as uow:
        if not uow.pact_events.claim(ev, now, now + LEASE):
            return False, None
        partner = uow.partners.by_id(ev.partner_id) if ev.partner_id else None
        uow.commit()
    return True, partner


def _record(make_uow: UowFactory, ev: EventRecord) -> None:
    with make_uow(write=True) as uow:
        uow.pact_events.update(ev)
        uow.commit()


def deliver_due(make_uow: UowFactory, send: Sender, now: datetime, *, limit: int = 50) -> int:
    """Send every outbound event due at ``now``; the number delivered."""
    with make_uow() as uow:
        due = [ev for ev in uow.pact_events.due(now, limit)
               if ev.direction is EventDirection.OUTBOUND]
    delivered = 0
    for ev in due:
        taken, partner = _claim(make_uow, ev, now)
        if not taken:
            continue  # another worker has it
        try:
            if partner is None or not partner.active or not ev.target_url:
                raise InputError(field="partner_id",
                                 message_en="the event has no active partner to go to",
                                 message_zh="该事件没有可投递的有效合作伙伴")
            send(partner, ev.target_url, dict(ev.payload))
        except PartnerError as exc:
            _record(make_uow, after_failure(ev, now, str(exc), retryable=exc.retryable))
        except CarbonlabelError as exc:
            _record(make_uow, after_failure(ev, now, str(exc), retryable=False))
        except Exception as exc:  # an unexpected failure must not stop the other events
            log.exception("delivering PACT event %s failed", ev.event_id)
            _record(make_uow, after_failure(ev, now, f"{type(exc).__name__}: {exc}"))
        else:
            _record(make_uow, replace(ev, attempts=ev.attempts + 1, last_error=None,
                                      state=DeliveryState.DELIVERED, next_attempt_at=None))
            delivered += 1
    return delivered


class PartnerSender:
    """A :data:`Sender` that authenticates at the partner's host (its token endpoint, with
    our outbound credentials) and posts the event; one client per partner keeps its token."""

    def __init__(self, verify: bool | str = True, allow_http: bool = False,
                 allow_private: bool = False) -> None:
        self._verify, self._allow_http = verify, allow_http
        self._allow_private = allow_private
        self._clients: dict[tuple[str, ...], PactClient] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> PartnerSender:
        bundle = settings.pact_ca_bundle
        return cls(str(bundle) if bundle else True, settings.pact_allow_http,
                   settings.allow_private_outbound)

    def client_for(self, partner: Partner) -> PactClient:
        """The kept client of the partner (its token is reused across events)."""
        if not partner.host_url or not partner.outbound_client_id \
                or not partner.outbound_client_secret:
            return self.new_client(partner)  # raises, naming what is missing
        key = (partner.id, partner.host_url, partner.auth_url or "", partner.spec_version,
               partner.outbound_client_id, partner.outbound_client_secret)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                for old in [k for k in self._clients if k[0] == partner.id]:
                    self._clients.pop(old).close()
                client = self.new_client(partner, keep_alive=False)
                self._clients[key] = client
            return client

    def new_client(self, partner: Partner, *, keep_alive: bool = True) -> PactClient:
        """A client of the partner's host of its own (the caller closes it)."""
        if not partner.host_url or not partner.outbound_client_id \
                or not partner.outbound_client_secret:
            raise InputError(field="host_url",
                             message_en=f"partner {partner.name} has no PACT host or no "
                                        "credentials for it",
                             message_zh=f"合作伙伴 {partner.name} 未登记 PACT 主机地址或访问凭据")
        return PactClient(partner.host_url, partner.auth_url, partner.outbound_client_id,
                          partner.outbound_client_secret, partner.spec_version, self._verify,
                          partner_name=partner.name, allow_http=self._allow_http,
                          allow_private=self._allow_private, keep_alive=keep_alive)

    def __call__(self, partner: Partner, target_url: str, event: dict[str, object]) -> None:
        self.client_for(partner).send_event(event, target_url)

    def close(self) -> None:
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()


def deliver_once(make_uow: UowFactory, settings: Settings, *, send: Sender | None = None,
                 now: datetime | None = None) -> int:
    """One delivery pass now (for the CLI); the number of events delivered."""
    sender = send or PartnerSender.from_settings(settings)
    try:
        return deliver_due(make_uow, sender, now or datetime.now(UTC))
    finally:
        if isinstance(sender, PartnerSender):
            sender.close()


@dataclass(eq=False)
class _Run:
    """One run of the worker: its event loop, the event that wakes it, its task."""

    loop: asyncio.AbstractEventLoop
    wake: asyncio.Event
    task: asyncio.Task[None] | None = None
    stopping: bool = False


class OutboxWorker:
    """Runs :func:`deliver_due` in a thread every ``interval`` seconds and at once on
    :meth:`kick` (thread-safe: routes call it after committing an event).

    Lifespan-safe: each :meth:`start` begins a run of its own on the running event loop (its
    own wake-up event and task) and :meth:`stop` ends only that run, so two lifespans of one
    app at once (a test client's and schemathesis's, each on its own loop) each keep a live
    worker; their passes share the outbox safely (an event is claimed before it is sent). A
    run that ends with an exception says so in the log."""

    def __init__(self, make_uow: UowFactory, send: Sender, *, interval: float = 3.0,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._make_uow, self._send = make_uow, send
        self.interval, self._clock = interval, clock
        self._runs: list[_Run] = []
        self._lock = threading.Lock()
        self.passes = 0  # delivery passes of all runs

    def start(self) -> _Run:
        """Begin a run on the running event loop; :meth:`stop` with it ends it."""
        run = _Run(asyncio.get_running_loop(), asyncio.Event())
        run.task = run.loop.create_task(self._run(run), name="pact-outbox")
        run.task.add_done_callback(_report_end)
        with self._lock:
            self._runs.append(run)
        return run

    def kick(self) -> None:
        """Wake every live run now (from any thread)."""
        with self._lock:
            runs = list(self._runs)
        for run in runs:
            if not run.loop.is_closed():  # not running: the next start delivers
                with suppress(RuntimeError):  # its loop closed meanwhile
                    run.loop.call_soon_threadsafe(run.wake.set)

    async def stop(self, run: _Run | None = None, timeout: float = 20.0) -> None:
        """End ``run`` (by default the last one started on this event loop), waiting for its
        pass in progress; the sender is closed when no run is left."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if run is None:
                run = next((r for r in reversed(self._runs) if r.loop is loop), None)
            if run is None or run not in self._runs:
                return
            self._runs.remove(run)
            last = not self._runs
        run.stopping = True
        run.wake.set()
        if run.task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(run.task), timeout)
            except TimeoutError:
                run.task.cancel()
            except Exception:  # reported by the task's done callback (_report_end)
                pass
        close = getattr(self._send, "close", None)
        if last and callable(close):
            close()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[OutboxWorker]:
        run = self.start()
        try:
            yield self
        finally:
            await self.stop(run)

    async def _run(self, run: _Run) -> None:
        while not run.stopping:
            run.wake.clear()
            try:
                await asyncio.to_thread(deliver_due, self._make_uow, self._send,
                                        self._clock())
            except Exception:  # the database may be away for a moment: try again later
                log.exception("PACT outbox pass failed")
            with self._lock:
                self.passes += 1
            if run.stopping:
                break
            with suppress(TimeoutError):
                await asyncio.wait_for(run.wake.wait(), self.interval)


def _report_end(task: asyncio.Task[None]) -> None:
    """A run that ends by an exception is an error in the log, never silent."""
    if not task.cancelled() and task.exception() is not None:
        log.error("the PACT outbox worker stopped: %r", task.exception(),
                  exc_info=task.exception())


def outbound_events(uow: UnitOfWork, org_id: str) -> list[EventRecord]:
    """The organisation's outbound events, newest first (for pages and the CLI)."""
    return [ev for ev in uow.pact_events.of_org(org_id)
            if ev.direction is EventDirection.OUTBOUND]


__all__ = ["GIVE_UP_AFTER", "OutboxWorker", "PartnerSender", "Sender", "after_failure",
           "backoff", "deliver_due", "deliver_once", "enqueue_event", "outbound_events"]
