"""What the registry's routes share: the unit of work, the lean certificate lookup, the cached
public keys, the scan log, where scans come from and the clock (the date that decides
"expired")."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from fastapi import Request

from carbonlabel.adapters.db.registry_lookup import AsyncLookup
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_key_cache import PublicKeyCache
from carbonlabel.adapters.scan_origin import AddressRegions, client_hash
from carbonlabel.domain.supervision.jurisdiction import jurisdiction_problem
from carbonlabel.services.registry.verification import ScanOrigin
from carbonlabel.web.registry.scan_log import ScanLog
from carbonlabel.web.registry.view import warm_up


def utc_today() -> date:
    return datetime.now(UTC).date()


def shared_region(text: str) -> str | None:
    """A province or city the person chose to share (a select on the verdict page), when it
    is a region code (CN-GD, CN-GD-440300); anything else is ignored."""
    code = text.strip().upper()[:40]
    return code if code and code != "CN" and jurisdiction_problem(code) is None else None


@dataclass(frozen=True)
class Origins:
    """A scan's origin from its request: the region the person shared, else the address
    table's region; and the keyed hash of the client address (adapters/scan_origin.py)."""

    regions: AddressRegions
    key: bytes

    def of(self, request: Request, shared: str = "") -> ScanOrigin:
        address = request.client.host if request.client else ""
        client = client_hash(self.key, address) if address else None
        region = shared_region(shared) if shared else None
        if region is not None:
            return ScanOrigin(region, "shared", client)
        region = self.regions.region(address) if address else None
        return ScanOrigin(region, "address" if region else None, client)


@dataclass
class RegistryState:
    make_uow: UowFactory
    lookup: AsyncLookup  # the verification path's read of a certificate
    keys: PublicKeyCache
    scans: ScanLog
    origins: Origins
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
