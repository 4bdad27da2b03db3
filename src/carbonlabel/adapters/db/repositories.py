"""Repositories: rows in, domain objects out. Every query that lists or finds an
organisation's records takes the organisation id, so scoping cannot be forgotten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from carbonlabel.adapters.db.tables import (
    ApiTokenRow,
    FootprintRow,
    JobRow,
    ModelVersionRow,
    OrganisationRow,
    ProductRow,
    UserRow,
)
from carbonlabel.adapters.formats.result_json import result_from_json
from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.records import (
    FootprintRecord,
    Job,
    JobState,
    ModelVersion,
    RegisteredProduct,
)
from carbonlabel.domain.tenancy import ApiToken, Organisation, OrgKind, Role, User
from carbonlabel.errors import ConflictError

T = TypeVar("T")


def utc(value: datetime) -> datetime:
    """Datetimes as stored come back naive (SQLite) or in the session's zone (PostgreSQL)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


def _org(r: OrganisationRow) -> Organisation:
    return Organisation(r.id, r.name, OrgKind(r.kind), r.region, utc(r.created_at),
                        r.credit_code, r.registered_address or "")


def _user(r: UserRow) -> User:
    return User(r.id, r.organisation_id, r.email, r.display_name, Role(r.role), r.active,
                utc(r.created_at))


def _product(r: ProductRow) -> RegisteredProduct:
    return RegisteredProduct(r.id, r.organisation_id, r.name_zh, r.name_en, r.category,
                             r.product_rule, r.gtin, r.own_code, utc(r.created_at))


def _version(r: ModelVersionRow) -> ModelVersion:
    return ModelVersion(r.id, r.product_id, r.version, r.format, r.content, r.content_hash,
                        r.created_by, utc(r.created_at))


def _footprint(r: FootprintRow) -> FootprintRecord:
    start, end = r.reference_period_start, r.reference_period_end
    return FootprintRecord(r.id, r.organisation_id, r.product_id, r.model_version_id,
                           r.total_co2e_kg, r.unit, r.gwp_set, r.input_hash, r.engine_version,
                           r.result_json, r.created_by, utc(r.created_at),
                           (start, end) if start is not None and end is not None else None,
                           r.product_rule_release)


def _job(r: JobRow) -> Job:
    return Job(r.id, r.organisation_id, r.kind, JobState(r.state), r.progress, r.message,
               r.subject_id, r.result_id, r.error, r.created_by, utc(r.created_at),
               utc(r.updated_at))


class _Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _page(self, query: Any, convert: Any, offset: int, limit: int) -> Page[Any]:
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(query.offset(offset).limit(limit)).all()
        return Page([convert(r) for r in rows], int(total), offset, limit)

    def _insert(self, row: Any, conflict: ConflictError) -> None:
        """Add and flush in a savepoint: a unique key taken (perhaps by a concurrent writer)
        becomes ``conflict`` and leaves the transaction usable."""
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError as exc:
            raise conflict from exc


class Organisations(_Repository):
    def add(self, org: Organisation) -> None:
        self.session.add(OrganisationRow(id=org.id, name=org.name, kind=org.kind.value,
                                         region=org.region, created_at=org.created_at,
                                         credit_code=org.credit_code,
                                         registered_address=org.registered_address))

    def get(self, org_id: str) -> Organisation | None:
        row = self.session.get(OrganisationRow, org_id)
        return _org(row) if row else None

    def list_all(self) -> list[Organisation]:
        rows = self.session.scalars(select(OrganisationRow).order_by(OrganisationRow.name))
        return [_org(r) for r in rows]

    def set_identity(self, org_id: str, credit_code: str | None, address: str) -> None:
        """The unified social credit code and registered address (migration 0012)."""
        row = self.session.get(OrganisationRow, org_id)
        if row is not None:
            row.credit_code, row.registered_address = credit_code, address
            self.session.flush()


class Users(_Repository):
    def add(self, user: User, password_hash: str) -> None:
        self._insert(UserRow(id=user.id, organisation_id=user.organisation_id,
                             email=user.email, display_name=user.display_name,
                             password_hash=password_hash, role=user.role.value,
                             active=user.active, created_at=user.created_at),
                     ConflictError(field="email",
                                   message_en="this e-mail address is already used",
                                   message_zh="该电子邮件地址已被使用"))

    def get(self, user_id: str) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _user(row) if row else None

    def in_org(self, org_id: str, user_id: str) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _user(row) if row and row.organisation_id == org_id else None

    def by_email(self, email: str) -> tuple[User, str] | None:
        row = self.session.scalar(select(UserRow).where(UserRow.email == email.lower()))
        return (_user(row), row.password_hash) if row else None

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        row = self.session.get(UserRow, user_id)
        if row is not None:
            row.password_hash = password_hash

    def page(self, org_id: str, offset: int, limit: int) -> Page[User]:
        q = select(UserRow).where(UserRow.organisation_id == org_id).order_by(UserRow.email)
        return self._page(q, _user, offset, limit)


def _token(r: ApiTokenRow) -> ApiToken:
    return ApiToken(r.id, r.user_id, r.name, utc(r.created_at), r.revoked,
                    utc(r.expires_at) if r.expires_at else None,
                    utc(r.last_used_at) if r.last_used_at else None,
                    utc(r.revoked_at) if r.revoked_at else None)


class ApiTokens(_Repository):
    def add(self, token: ApiToken, token_hash: str) -> None:
        self.session.add(ApiTokenRow(id=token.id, user_id=token.user_id, name=token.name,
                                     token_hash=token_hash, revoked=False,
                                     created_at=token.created_at, expires_at=token.expires_at))

    def find(self, token_hash: str) -> tuple[ApiToken, User] | None:
        """The token of this hash and its user, whatever their state."""
        found = self.session.execute(select(ApiTokenRow, UserRow).join(
            UserRow, UserRow.id == ApiTokenRow.user_id).where(
            ApiTokenRow.token_hash == token_hash)).first()
        return (_token(found[0]), _user(found[1])) if found else None

    def of_user(self, user_id: str) -> list[ApiToken]:
        rows = self.session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == user_id)
                                    .order_by(ApiTokenRow.created_at.desc(), ApiTokenRow.id))
        return [_token(r) for r in rows]

    def of_user_by_id(self, user_id: str, token_id: str) -> ApiToken | None:
        row = self.session.get(ApiTokenRow, token_id)
        return _token(row) if row and row.user_id == user_id else None

    def get(self, token_id: str) -> ApiToken | None:
        row = self.session.get(ApiTokenRow, token_id)
        return _token(row) if row else None

    def revoke(self, token_id: str, at: datetime) -> None:
        self.session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id)
                             .values(revoked=True, revoked_at=at))

    def touch(self, token_id: str, at: datetime) -> None:
        self.session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id)
                             .values(last_used_at=at))


class Products(_Repository):
    def add(self, product: RegisteredProduct) -> None:
        self._insert(ProductRow(
            id=product.id, organisation_id=product.organisation_id, name_zh=product.name_zh,
            name_en=product.name_en, category=product.category,
            product_rule=product.product_rule, gtin=product.gtin, own_code=product.own_code,
            created_at=product.created_at),
            ConflictError(field="own_code",
                          message_en="the organisation already has a product with this code",
                          message_zh="本组织已有使用该编码的产品"))

    def in_org(self, org_id: str, product_id: str) -> RegisteredProduct | None:
        row = self.session.get(ProductRow, product_id)
        return _product(row) if row and row.organisation_id == org_id else None

    def page(self, org_id: str, offset: int, limit: int) -> Page[RegisteredProduct]:
        q = (select(ProductRow).where(ProductRow.organisation_id == org_id)
             .order_by(ProductRow.created_at.desc(), ProductRow.id))
        return self._page(q, _product, offset, limit)


class ModelVersions(_Repository):
    def add(self, version: ModelVersion) -> None:
        row = ModelVersionRow(
            id=version.id, product_id=version.product_id, version=version.version,
            format=version.format, content=version.content, content_hash=version.content_hash,
            created_by=version.created_by, created_at=version.created_at)
        self._insert(row, ConflictError(field="version",
                                        message_en="another version was saved at the same "
                                                   "time; save again",
                                        message_zh="同时有另一个版本被保存，请重新保存"))

    def latest_number(self, product_id: str) -> int:
        value = self.session.scalar(select(func.max(ModelVersionRow.version))
                                    .where(ModelVersionRow.product_id == product_id))
        return int(value or 0)

    def in_org(self, org_id: str, version_id: str) -> ModelVersion | None:
        row = self.session.scalar(
            select(ModelVersionRow).join(ProductRow)
            .where(ModelVersionRow.id == version_id, ProductRow.organisation_id == org_id))
        return _version(row) if row else None

    def page(self, product_id: str, offset: int, limit: int) -> Page[ModelVersion]:
        q = (select(ModelVersionRow).where(ModelVersionRow.product_id == product_id)
             .order_by(ModelVersionRow.version.desc()))
        return self._page(q, _version, offset, limit)

    def numbered(self, product_id: str, number: int) -> ModelVersion | None:
        """The product's version of this number (1, 2, ...)."""
        row = self.session.scalar(select(ModelVersionRow).where(
            ModelVersionRow.product_id == product_id, ModelVersionRow.version == number))
        return _version(row) if row else None


class Footprints(_Repository):
    def add(self, record: FootprintRecord) -> None:
        self.session.add(FootprintRow(
            id=record.id, organisation_id=record.organisation_id, product_id=record.product_id,
            model_version_id=record.model_version_id, total_co2e_kg=record.total_co2e_kg,
            unit=record.unit, gwp_set=record.gwp_set, input_hash=record.input_hash,
            engine_version=record.engine_version, result_json=record.result_json,
            created_by=record.created_by, created_at=record.created_at,
            reference_period_start=period[0] if (period := record.reference_period) else None,
            reference_period_end=period[1] if period else None,
            product_rule_release=record.product_rule_release))
        self.session.flush()

    def result(self, record: FootprintRecord) -> FootprintResult:
        """The record's result, typed (through the one reader of stored results). Read only
        where it is used: lists of records never pay for it. ``DataFormatError`` when the
        stored text is not a footprint result."""
        return result_from_json(record.result_json)

    def in_org(self, org_id: str, footprint_id: str) -> FootprintRecord | None:
        row = self.session.get(FootprintRow, footprint_id)
        return _footprint(row) if row and row.organisation_id == org_id else None

    def page(self, org_id: str, offset: int, limit: int,
             product_id: str | None = None) -> Page[FootprintRecord]:
        q = select(FootprintRow).where(FootprintRow.organisation_id == org_id)
        if product_id is not None:
            q = q.where(FootprintRow.product_id == product_id)
        q = q.order_by(FootprintRow.created_at.desc(), FootprintRow.id)
        return self._page(q, _footprint, offset, limit)

    def of_version(self, org_id: str, version_id: str, limit: int) -> list[FootprintRecord]:
        """The footprints of one model version, newest first."""
        q = (select(FootprintRow).where(FootprintRow.organisation_id == org_id,
                                        FootprintRow.model_version_id == version_id)
             .order_by(FootprintRow.created_at.desc(), FootprintRow.id).limit(limit))
        return [_footprint(row) for row in self.session.scalars(q)]


class Jobs(_Repository):
    def add(self, job: Job) -> None:
        self.session.add(JobRow(
            id=job.id, organisation_id=job.organisation_id, kind=job.kind,
            state=job.state.value, progress=job.progress, message=job.message,
            subject_id=job.subject_id, result_id=job.result_id, error=job.error,
            created_by=job.created_by, created_at=job.created_at, updated_at=job.updated_at))
        self.session.flush()

    def get(self, job_id: str) -> Job | None:
        row = self.session.get(JobRow, job_id)
        return _job(row) if row else None

    def in_org(self, org_id: str, job_id: str) -> Job | None:
        job = self.get(job_id)
        return job if job and job.organisation_id == org_id else None

    def update(self, job_id: str, **changes: Any) -> None:
        row = self.session.get(JobRow, job_id)
        if row is None:
            return
        for key, value in changes.items():
            setattr(row, key, value.value if isinstance(value, JobState) else value)
        row.updated_at = datetime.now(UTC)

    def unfinished_ids(self) -> list[str]:
        states = [JobState.QUEUED.value, JobState.RUNNING.value]
        return list(self.session.scalars(select(JobRow.id).where(JobRow.state.in_(states))))

    def page(self, org_id: str, offset: int, limit: int) -> Page[Job]:
        q = (select(JobRow).where(JobRow.organisation_id == org_id)
             .order_by(JobRow.created_at.desc(), JobRow.id))
        return self._page(q, _job, offset, limit)
