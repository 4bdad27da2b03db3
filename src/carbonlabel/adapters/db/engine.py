"""Database engines: SQLite (WAL, foreign keys on) by default, PostgreSQL via psycopg 3."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from carbonlabel.adapters.audit_key import load_audit_key
from carbonlabel.adapters.data_keys import DataKeys
from carbonlabel.adapters.db.audit_log import attach_audit_key
from carbonlabel.adapters.db.encrypted import attach_cipher
from carbonlabel.config import Settings

#: Execution option a unit of work sets on its connection when it will write.
WRITE_OPTION = "carbonlabel_write"


def normalise_url(url: str) -> str:
    """``postgresql://`` (and ``postgres://``) mean psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def create_private_sqlite_file(url: str) -> None:
    """Create the SQLite file 0600 before SQLite does (it would use the umask, often 0644);
    SQLite gives its -wal and -shm files the database file's mode."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    # an existing file keeps the mode its operator gave it
    if path.parent.is_dir():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        create_private_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            # transactions are begun below, not by the driver (SQLAlchemy's SQLite recipe)
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # writers take the write lock at once, so that reading the audit chain's head and
            # appending to it cannot interleave with another writer
            immediate = conn.get_execution_options().get(WRITE_OPTION, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def platform_engine(settings: Settings) -> Engine:
    """The platform's engine: its database, with the data keys that open encrypted fields
    and the audit key that chains the audit log."""
    engine = make_engine(settings.resolved_database_url())
    attach_cipher(engine, DataKeys(settings.data_keys_dir, settings.data_key).live())
    attach_audit_key(engine, load_audit_key(settings.audit_keys_dir, settings.audit_key))
    return engine
