"""What the registry's routes share: the unit of work, the lean certificate lookup, the cached
public keys, the scan log and the clock (the date that decides "expired")."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from fastapi import Request

from carbonlabel.adapters.db.registry_lookup import AsyncLookup
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_key_cache import PublicKeyCache
from carbonlabel.web.registry.scan_log import ScanLog
from carbonlabel.web.registry.view import warm_up


def utc_today() -> date:
    return datetime.now(UTC).date()


@dataclass
class RegistryState:
    make_uow: UowFactory
    lookup: AsyncLookup  # the verification path's read of a certificate
    keys: PublicKeyCache
    scans: ScanLog
    today: Callable[[], date] = utc_today
    _running: bool = False

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """For the app's lifespan: the lookup's connections and the scan log's writer (once:
        a second lifespan of the same app, as tests may start, shares the first one's)."""
        if self._running:
            yield
            return
        self._running = True
        warm_up()
        await self.lookup.open()
        try:
            async with self.scans.running():
                yield
        finally:
            await self.lookup.close()
            self._running = False


def registry_state(request: Request) -> RegistryState:
    state: RegistryState = request.app.state.registry
    return state
