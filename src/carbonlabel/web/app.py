"""The application factory: settings in, FastAPI app out (nothing built at import time)."""

from __future__ import annotations

import gc
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from carbonlabel.adapters.db.audit_log import audit_key_of
from carbonlabel.adapters.db.engine import platform_engine
from carbonlabel.adapters.db.migrate import upgrade
from carbonlabel.adapters.db.uow import uow_factory
from carbonlabel.config import Settings
from carbonlabel.domain.sessions import SESSION_LIFETIME
from carbonlabel.services.exchange.pact_outbox import OutboxWorker, PartnerSender
from carbonlabel.services.quantify import product_rules
from carbonlabel.services.quantify.job_runner import JobRunner
from carbonlabel.version import __version__
from carbonlabel.web import accounts, errors, hosts, pages, quantify, registry, supervision
from carbonlabel.web import benchmarks as benchmark_pages
from carbonlabel.web import certification as certification_pages
from carbonlabel.web import evidence as evidence_pages
from carbonlabel.web import exchange as exchange_pages
from carbonlabel.web import improvement as improvement_pages
from carbonlabel.web import pact as pact_host
from carbonlabel.web import procurement as procurement_pages
from carbonlabel.web import sharing as sharing_pages
from carbonlabel.web.accounts import api as accounts_api
from carbonlabel.web.body_limit import BodyLimit
from carbonlabel.web.certification.api import router as certification_api
from carbonlabel.web.certification.bodies_api import router as bodies_api
from carbonlabel.web.documents import router as documents_router
from carbonlabel.web.exchange.api import router as exchange_api
from carbonlabel.web.quantify.api import router as quantify_api
from carbonlabel.web.quantify.exports import api as footprint_tables_api
from carbonlabel.web.quantify.montecarlo_api import router as montecarlo_api
from carbonlabel.web.quantify.product_rules_api import router as product_rules_api
from carbonlabel.web.quantify.sensitivity import router as sensitivity_api
from carbonlabel.web.quantify.versions_api import router as versions_api
from carbonlabel.web.security_headers import SecurityHeadersMiddleware
from carbonlabel.web.session_cookie import SessionCookieMiddleware, always_secure
from carbonlabel.web.sharing.api import router as sharing_api

SESSION_COOKIE = "carbonlabel_session"


class _Lifespans:
    """How many lifespans of one app run now (thread-safe: each may be on its own loop)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        """Count one more; whether it is the only one."""
        with self._lock:
            self._count += 1
            return self._count == 1

    def leave(self) -> bool:
        """Count one less; whether none is left."""
        with self._lock:
            self._count -= 1
            return self._count == 0


def create_app(settings: Settings | None = None, migrate: bool = True) -> FastAPI:
    settings = settings or Settings()
    url = settings.resolved_database_url()
    engine = platform_engine(settings)
    if migrate:
        upgrade(engine)
    make_uow = uow_factory(engine)
    if migrate:  # releases bundled after the last migration: stored, never changed
        with make_uow(write=True) as uow:
            product_rules.sync_bundled(uow)
    outbox = OutboxWorker(make_uow, PartnerSender.from_settings(settings))  # PACT events out
    runner = JobRunner(url, make_uow, settings.data_dir, settings.databases_dir,
                       processes=settings.job_processes, workers=settings.job_workers,
                       keys_dir=settings.data_keys_dir, data_key=settings.data_key,
                       audit_key=audit_key_of(engine))

    lifespans = _Lifespans()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Two lifespans may run at once (a test client's and schemathesis's, each on its own
        # event loop): each has its own outbox run; the first one resumes the unfinished jobs
        # and the last one shuts down what they share.
        if lifespans.enter():
            runner.resume_unfinished()
            # what the app has built lives as long as it: frozen, the collector's full passes
            # skip it (they paused a worker for tens of ms under load: benchmarks/README.md)
            gc.freeze()
        try:
            async with app.state.registry.running(), outbox.running():  # scan log, outbox
                yield
        finally:
            if lifespans.leave():
                gc.unfreeze()
                runner.shutdown()
                engine.dispose()

    app = FastAPI(title="carbonlabel", version=__version__, lifespan=lifespan,
                  openapi_url="/api/v1/openapi.json", docs_url="/api/v1/docs",
                  redoc_url=None,
                  description="产品碳足迹平台 API / product carbon footprint platform API")
    app.state.settings = settings
    app.state.engine = engine
    app.state.uow = make_uow
    app.state.runner = runner
    app.state.pact_outbox = outbox
    # the cookie signs the session's secret; the session itself lives on the server
    # (user_sessions: 12 h at most, 2 h idle), the cookie no longer than it
    app.add_middleware(SessionMiddleware, secret_key=settings.resolved_secret_key(),
                       session_cookie=SESSION_COOKIE, same_site="lax", https_only=False,
                       max_age=int(SESSION_LIFETIME.total_seconds()))
    app.add_middleware(SessionCookieMiddleware, cookie=SESSION_COOKIE,
                       always=always_secure(settings.public_url))  # Secure over HTTPS
    app.add_middleware(BodyLimit)  # bodies over the caps never reach a route
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: error answers get them too
    errors.install(app)
    registry.install(app, settings, engine, make_uow)  # first: verification is the hot path
    pact_host.install(app)  # /auth/token, /.well-known/..., /2/..., /3/... (PACT shapes)
    app.include_router(accounts_api.router)
    app.include_router(quantify_api)
    app.include_router(footprint_tables_api)
    app.include_router(sensitivity_api)
    app.include_router(versions_api)
    app.include_router(montecarlo_api)
    app.include_router(product_rules_api)
    app.include_router(accounts_api.credentials)
    app.include_router(documents_router)
    accounts.install(app)  # sign-in and account pages
    quantify.install(app)  # dashboard, product, job and footprint pages
    pages.install(app)  # their static files
    app.include_router(certification_api)
    app.include_router(bodies_api)
    certification_pages.install(app)
    app.include_router(exchange_api)
    exchange_pages.install(app)
    app.include_router(sharing_api)
    sharing_pages.install(app)
    supervision.install(app)
    procurement_pages.install(app)
    evidence_pages.install(app)  # green-finance evidence: API and pages
    benchmark_pages.install(app)  # /api/v1/benchmarks, /benchmarks, /compare
    improvement_pages.install(app)  # plans, restatements, claims
    hosts.install(app, settings)  # last added, so outermost: a forged Host goes no further
    return app
