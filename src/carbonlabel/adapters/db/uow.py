"""The unit of work: one transaction, the repositories over it, rolled back unless committed.

    with uow_factory(write=True) as uow:
        uow.products.add(product)
        uow.audit.append(...)
        uow.commit()          # without this line nothing is kept

An exception inside the block rolls back too; the audit record of a change is written in the
same transaction as the change, so both are kept or neither.

A service command commits the unit of work it is given as its last step (docs/architecture.md,
"Transactions"). Commands run inside :meth:`UnitOfWork.atomic` are kept together or not at
all: their commits wait for the end of the block::

    with uow.atomic():
        org = users.create_organisation(uow, ...)    # commits: held
        users.add_user(uow, org.id, ...)             # refused: neither is kept
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from carbonlabel.adapters.db.audit_log import AuditLog, audit_key_of
from carbonlabel.adapters.db.benchmark_reads import Benchmarks
from carbonlabel.adapters.db.body_repositories import (
    Agreements,
    Approvals,
    CaseApplications,
    Sites,
)
from carbonlabel.adapters.db.certification_repositories import (
    Bodies,
    Cases,
    Certificates,
    Labels,
    Scans,
)
from carbonlabel.adapters.db.certification_rules_repositories import (
    CertificateOversight,
    Declarations,
)
from carbonlabel.adapters.db.change_repositories import CertificateChanges
from carbonlabel.adapters.db.complaint_repositories import Complaints
from carbonlabel.adapters.db.engagement_repositories import Engagements
from carbonlabel.adapters.db.engine import WRITE_OPTION, session_factory
from carbonlabel.adapters.db.evidence_repositories import EvidenceGrants
from carbonlabel.adapters.db.exchange_repositories import (
    Classifications,
    InventoryGrants,
    PactEvents,
    Partners,
    ReceivedFootprints,
    ReleaseApprovals,
    SupplierRequests,
)
from carbonlabel.adapters.db.improvement_repositories import Claims, ImprovementPlans
from carbonlabel.adapters.db.penalty_repositories import Penalties
from carbonlabel.adapters.db.pilot_repositories import Pilots
from carbonlabel.adapters.db.procurement_repositories import (
    ProcurementCriteria,
    ProcurementReads,
)
from carbonlabel.adapters.db.product_rule_repositories import ProductRules
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
from carbonlabel.adapters.db.scan_repositories import ScanAnalytics
from carbonlabel.adapters.db.session_repositories import UserSessions
from carbonlabel.adapters.db.sign_in_failures import SignInFailures
from carbonlabel.adapters.db.spot_check_repositories import SpotChecks
from carbonlabel.adapters.db.supervision_case_repositories import (
    Reports,
    SupervisionCases,
    SupervisionFiles,
)
from carbonlabel.adapters.db.supervision_reads import SupervisionReads
from carbonlabel.adapters.db.supervision_repositories import Alerts
from carbonlabel.adapters.db.system_repositories import Systems
from carbonlabel.adapters.db.transfer_repositories import Transfers
from carbonlabel.errors import ConflictError


class UnitOfWork:
    def __init__(self, sessions: sessionmaker[Session], write: bool = False,
                 audit_key: bytes | None = None) -> None:
        self._sessions = sessions
        self._write = write
        self._audit_key = audit_key
        self._committed = False
        self._held = False

    def __enter__(self) -> UnitOfWork:
        if self._write:
            # every transaction of a writing unit of work begins as a writer (SQLite: BEGIN
            # IMMEDIATE), the first and each one after a command's commit alike
            engine: Engine = self._sessions.kw["bind"]
            self.session = self._sessions(bind=engine.execution_options(**{WRITE_OPTION: True}))
            self.session.connection()
        else:
            self.session = self._sessions()
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
        self.approvals = Approvals(s)
        self.sites = Sites(s)
        self.agreements = Agreements(s)
        self.applications = CaseApplications(s)
        self.cases = Cases(s)
        self.engagements = Engagements(s)
        self.certificates = Certificates(s)
        self.changes = CertificateChanges(s)
        self.declarations = Declarations(s)
        self.oversight = CertificateOversight(s)
        self.labels = Labels(s)
        self.scans = Scans(s)
        self.complaints = Complaints(s)
        self.transfers = Transfers(s)
        self.systems = Systems(s)
        self.registry = Registry(s)
        self.partners = Partners(s)
        self.supplier_requests = SupplierRequests(s)
        self.received_footprints = ReceivedFootprints(s)
        self.pact_events = PactEvents(s)
        self.classifications = Classifications(s)
        self.release_approvals = ReleaseApprovals(s)
        self.inventory_grants = InventoryGrants(s)
        self.sign_in_failures = SignInFailures(s)
        self.alerts = Alerts(s)
        self.pilots = Pilots(s)
        self.penalties = Penalties(s)
        self.spot_checks = SpotChecks(s)
        self.reports, self.supervision_cases, self.supervision_files = (
            Reports(s), SupervisionCases(s), SupervisionFiles(s))
        self.supervision_reads = SupervisionReads(s)
        self.scan_analysis = ScanAnalytics(s)
        self.procurement_criteria = ProcurementCriteria(s)
        self.procurement_reads = ProcurementReads(s)
        self.product_rules = ProductRules(s)
        self.evidence = EvidenceGrants(s)
        self.benchmarks = Benchmarks(s)
        self.improvement_plans = ImprovementPlans(s)
        self.claims = Claims(s)
        return self

    def commit(self) -> None:
        """Keep what was done (inside :meth:`atomic`: at the end of its block)."""
        if self._held:
            return
        try:
            self.session.commit()
        except IntegrityError as exc:
            self.session.rollback()
            raise ConflictError(field="", message_en=f"conflicts with stored data "
                                                     f"({exc.orig})",
                                message_zh=f"与已存数据冲突（{exc.orig}）") from exc
        self._committed = True

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Run several commands as one: they are committed together when the block ends
        without an exception; an exception keeps none of them."""
        if self._held:  # already inside a block: the outer one commits
            yield
            return
        self._held = True
        try:
            yield
        finally:
            self._held = False
        self.commit()

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
