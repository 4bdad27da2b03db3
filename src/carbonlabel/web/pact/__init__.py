"""The PACT host system (Tech Specs v2.3 and v3.0 side by side): docs/pact-host.md."""

from __future__ import annotations

from fastapi import FastAPI

from carbonlabel.web.pact import auth, v2, v3


def install(app: FastAPI) -> None:
    """The PACT routes; not in the platform's OpenAPI document (the spec publishes its own)."""
    for router in (auth.router, v2.router, v3.router):
        app.include_router(router, include_in_schema=False)
