"""Tables of the core (SQLAlchemy 2.0 declarative rows): organisations, users, products,
model versions, footprints, the audit log, tokens, sessions and jobs. Rows are translated to
domain objects by the repositories; nothing outside ``adapters.db`` sees them. Certification
and exchange keep their tables in their own modules; :mod:`.metadata` gathers them all."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime, uuid_key
from carbonlabel.adapters.db.encrypted import EncryptedText


class OrganisationRow(Base):
    __tablename__ = "organisations"
    id: Mapped[str] = uuid_key()
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    region: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: 统一社会信用代码 and registered address (migration 0012)
    credit_code: Mapped[str | None] = mapped_column(String(18), nullable=True)
    registered_address: Mapped[str] = mapped_column(Text, default="", server_default="")


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ProductRow(Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("organisation_id", "own_code"),)
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(100))
    product_rule: Mapped[str | None] = mapped_column(String(200), nullable=True)
    gtin: Mapped[str | None] = mapped_column(String(14), nullable=True)
    own_code: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ModelVersionRow(Base):
    __tablename__ = "model_versions"
    __table_args__ = (UniqueConstraint("product_id", "version"),)
    id: Mapped[str] = uuid_key()
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(10))
    # the inventory (activity data of the model): confidential, encrypted at rest
    content: Mapped[str] = mapped_column(EncryptedText("model_versions.content"))
    content_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class FootprintRow(Base):
    __tablename__ = "footprints"
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    model_version_id: Mapped[str] = mapped_column(ForeignKey("model_versions.id"))
    total_co2e_kg: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(200))
    gwp_set: Mapped[str] = mapped_column(String(10))
    input_hash: Mapped[str] = mapped_column(String(64))
    engine_version: Mapped[str] = mapped_column(String(40))
    # holds the breakdown by process (the inventory's shape): encrypted at rest
    result_json: Mapped[str] = mapped_column(EncryptedText("footprints.result_json"))
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # the model's reference period (first and last day), read from its result at the start
    reference_period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    reference_period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: the product rule release it was calculated under, code@version#sha256 (migration 0022)
    product_rule_release: Mapped[str | None] = mapped_column(String(150), nullable=True)


class AuditRow(Base):
    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    organisation_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The last record of the chain (one row), updated in the same transaction."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    #: the first record chained with the audit key (HMAC); earlier ones are plain SHA-256
    keyed_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: HMAC of (seq, hash, keyed_from) with the audit key, so the head cannot be rewritten
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)


# -- added by revision 0002 ------------------------------------------------------------------

class ApiTokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[str] = uuid_key()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: no use after this instant (set for every new token; older ones got one by migration)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class UserSessionRow(Base):
    """A signed-in browser session, kept on the server so that it can be ended at once.
    The cookie carries the session's secret; only its SHA-256 is stored."""

    __tablename__ = "user_sessions"
    id: Mapped[str] = uuid_key()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    #: why it ended: signed_out, password_changed, signed_out_everywhere, user_disabled
    revoked_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class SignInFailureRow(Base):
    """Failed sign-ins counted per key (an account's e-mail, a client address, a PACT client
    id), for the back-off; kept in the database so that a restart does not reset it."""

    __tablename__ = "sign_in_failures"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    first_failure_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_failure_at: Mapped[datetime] = mapped_column(UtcDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class JobRow(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_org_created", "organisation_id", "created_at"),)
    id: Mapped[str] = uuid_key()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(String(400), default="")
    subject_id: Mapped[str] = mapped_column(String(36))
    result_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

