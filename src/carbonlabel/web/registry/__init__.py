"""The public registry (no sign-in): search, certificate pages, verification of labels by QR
token or typed number (pages and JSON API), the published public keys, and the scan log.

``install`` adds the routers and the registry's shared state to the app; the app's lifespan
runs ``app.state.registry.running()``: the scan log's background writer.
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from carbonlabel.adapters.db.registry_lookup import async_lookup
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_key_cache import PublicKeyCache
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.adapters.scan_origin import AddressRegions, client_key
from carbonlabel.config import Settings
from carbonlabel.web.registry import api, bodies, complaints, pages
from carbonlabel.web.registry.scan_log import ScanLog
from carbonlabel.web.registry.state import Origins, RegistryState

__all__ = ["RegistryState", "install"]


def install(app: FastAPI, settings: Settings, engine: Engine,
            make_uow: UowFactory) -> RegistryState:
    origins = Origins(AddressRegions.from_file(settings.scan_regions_file),
                      client_key(settings.resolved_secret_key()))
    state = RegistryState(make_uow, async_lookup(engine),
                          PublicKeyCache(LabelKeys(settings.label_keys_dir)), ScanLog(make_uow),
                          origins)
    app.state.registry = state
    app.include_router(api.router)
    app.include_router(bodies.api)
    app.include_router(bodies.router)  # before /registry/{number}
    app.include_router(pages.router)
    app.include_router(complaints.router)
    return state
