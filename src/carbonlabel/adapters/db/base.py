"""The declarative base every table module builds on: ``Base`` with its naming convention,
and the column types the tables share. It imports no table module, so each of them can
import it without a loop; the complete metadata is :mod:`carbonlabel.adapters.db.metadata`.

``EncryptedText`` stays in :mod:`carbonlabel.adapters.db.encrypted`, beside the cipher the
engine carries for it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: Constraint and index names, the same on SQLite and PostgreSQL (migrations name them).
NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """An instant, stored and returned in UTC. SQLite keeps no zone: without this an aware
    datetime of another zone (+08:00) would be stored as its wall time and read back as UTC,
    eight hours off. Naive values are taken to be UTC already."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return _as_utc(value)

    def process_result_value(self, value: datetime | None,
                             dialect: Dialect) -> datetime | None:
        return _as_utc(value)


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def uuid_key() -> Mapped[str]:
    """A primary key holding a UUID as text (36 characters)."""
    return mapped_column(String(36), primary_key=True)
