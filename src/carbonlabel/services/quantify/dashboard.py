"""Read models of the web pages: what one page shows, gathered in one call.

Each function is scoped to the caller's organisation through the services it builds on, so a
record of another organisation is "not found" here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.records import FootprintRecord, Job, ModelVersion, RegisteredProduct
from carbonlabel.domain.tenancy import Action, Organisation, User, allowed
from carbonlabel.services.accounts import users
from carbonlabel.services.quantify import catalog, footprint_jobs

MAX_ROWS = 50


@dataclass(frozen=True)
class ProductSummary:
    product: RegisteredProduct
    latest: FootprintRecord | None  # the newest footprint of any of its versions


@dataclass(frozen=True)
class RecentJob:
    job: Job
    product: RegisteredProduct
    version: int


@dataclass(frozen=True)
class Dashboard:
    organisation: Organisation
    products: tuple[ProductSummary, ...]
    product_total: int
    recent_jobs: tuple[RecentJob, ...]
    can_edit: bool


@dataclass(frozen=True)
class ProductOverview:
    product: RegisteredProduct
    versions: tuple[ModelVersion, ...]  # newest first
    version_total: int
    footprints: tuple[FootprintRecord, ...]  # newest first
    can_edit: bool
    can_calculate: bool

    def latest_for(self, version_id: str) -> FootprintRecord | None:
        """The newest footprint of one version among those listed."""
        return next((f for f in self.footprints if f.model_version_id == version_id), None)


@dataclass(frozen=True)
class JobOverview:
    job: Job
    version: ModelVersion
    product: RegisteredProduct


@dataclass(frozen=True)
class FootprintOverview:
    record: FootprintRecord
    version: ModelVersion
    product: RegisteredProduct


def dashboard(uow: UnitOfWork, actor: User, jobs: int = 10) -> Dashboard:
    """The organisation's products with their latest footprint, and its recent jobs."""
    org = users.get_organisation(uow, actor, actor.organisation_id)
    page = catalog.list_products(uow, actor, 0, MAX_ROWS)
    summaries = []
    for product in page.items:
        latest = footprint_jobs.list_footprints(uow, actor, 0, 1, product.id).items
        summaries.append(ProductSummary(product, latest[0] if latest else None))
    recent = []
    for job in footprint_jobs.list_jobs(uow, actor, 0, jobs).items:
        version = catalog.get_version(uow, actor, job.subject_id)
        recent.append(RecentJob(job, catalog.get_product(uow, actor, version.product_id),
                                version.version))
    return Dashboard(org, tuple(summaries), page.total, tuple(recent),
                     allowed(actor.role, Action.EDIT_PRODUCTS))


def product_overview(uow: UnitOfWork, actor: User, product_id: str) -> ProductOverview:
    versions = catalog.list_versions(uow, actor, product_id, 0, MAX_ROWS)
    product = catalog.get_product(uow, actor, product_id)
    footprints = footprint_jobs.list_footprints(uow, actor, 0, MAX_ROWS, product.id).items
    return ProductOverview(product, tuple(versions.items), versions.total, tuple(footprints),
                           allowed(actor.role, Action.EDIT_PRODUCTS),
                           allowed(actor.role, Action.CALCULATE))


def job_overview(uow: UnitOfWork, actor: User, job_id: str) -> JobOverview:
    job = footprint_jobs.get_job(uow, actor, job_id)
    version = catalog.get_version(uow, actor, job.subject_id)
    return JobOverview(job, version, catalog.get_product(uow, actor, version.product_id))


def footprint_overview(uow: UnitOfWork, actor: User, footprint_id: str) -> FootprintOverview:
    record = footprint_jobs.get_footprint(uow, actor, footprint_id)
    version = catalog.get_version(uow, actor, record.model_version_id)
    return FootprintOverview(record, version,
                             catalog.get_product(uow, actor, record.product_id))
