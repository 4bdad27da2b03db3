"""The unit of work: one transaction, the repositories over it, rolled back unless committed.

    with uow_factory(write=True) as uow:
        uow.products.add(product)
        uow.audit.append(...)
        uow.commit()          # without this line nothing is kept

An exception inside the block rolls back too; the audit record of a change is written in the
same transaction as the change, so both are kept or neither.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from carbonlabel.adapters.db.audit_log import AuditLog, audit_key_of
from carbonlabel.adapters.db.certification_repositories import (
    Bodies,
    Cases,
    Certificates,
    Labels,
    Scans,
)
from carbonlabel.adapters.db.engine import WRITE_OPTION, session_factory
from carbonlabel.adapters.db.exchange_repositories import (
    Classifications,
    InventoryGrants,
    PactEvents,
    Partners,
    ReceivedFootprints,
    ReleaseApprovals,
    SupplierRequests,
)
from carbonlabel.adapters.db.registry_reads import Registry
from carbonlabel.adapters.db.repositories import (
    ApiTokens,
    Footprints,
    Jobs,
    ModelVersions,
    Organisations,
    Products,
    Users,
)
from carbonlabel.adapters.db.session_repositories import UserSessions
from carbonlabel.adapters.db.sign_in_failures import SignInFailures
from carbonlabel.errors import ConflictError


class UnitOfWork:
    def __init__(self, sessions: sessionmaker[Session], write: bool = False,
                 audit_key: bytes | None = None) -> None:
        self._sessions = sessions
        self._write = write
        self._audit_key = audit_key
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        if self._write:
            self.session.connection(execution_options={WRITE_OPTION: True})
        s = self.session
        self.organisations = Organisations(s)
        self.users = Users(s)
        self.tokens = ApiTokens(s)
        self.sessions = UserSessions(s)
        self.products = Products(s)
        self.model_versions = ModelVersions(s)
        self.footprints = Footprints(s)
        self.jobs = Jobs(s)
        self.audit = AuditLog(s, self._audit_key)
        self.bodies = Bodies(s)
        self.cases = Cases(s)
        self.certificates = Certificates(s)
        self.labels = Labels(s)
        self.scans = Scans(s)
        self.registry = Registry(s)
        self.partners = Partners(s)
        self.supplier_requests = SupplierRequests(s)
        self.received_footprints = ReceivedFootprints(s)
        self.pact_events = PactEvents(s)
        self.classifications = Classifications(s)
        self.release_approvals = ReleaseApprovals(s)
        self.inventory_grants = InventoryGrants(s)
        self.sign_in_failures = SignInFailures(s)
        return self

    def commit(self) -> None:
        try:
            self.session.commit()
        except IntegrityError as exc:
            self.session.rollback()
            raise ConflictError(field="", message_en=f"conflicts with stored data "
                                                     f"({exc.orig})",
                                message_zh=f"与已存数据冲突（{exc.orig}）") from exc
        self._committed = True

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()


UowFactory = Callable[..., UnitOfWork]


def uow_factory(engine: Engine) -> UowFactory:
    """Units of work over ``engine``, their audit log keyed with the engine's audit key."""
    sessions = session_factory(engine)
    audit_key = audit_key_of(engine)

    def make(write: bool = False) -> UnitOfWork:
        return UnitOfWork(sessions, write, audit_key)

    return make
