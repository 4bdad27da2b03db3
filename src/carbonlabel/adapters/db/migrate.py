"""Apply the package's Alembic migrations to a database (the same ones for SQLite and
PostgreSQL); upgrading keeps every row.

An upgrade from before revision 0006 also keys the audit chain an older release wrote, in the
same transaction (an ``audit.keyed`` record, then a head with its MAC): the old records stay
plain SHA-256 and every later one is keyed. It needs the engine's audit key.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from carbonlabel.adapters.db.audit_log import AuditLog, audit_key_of

#: The revision that gave the audit head its MAC: upgrading across it keys an old chain.
AUDIT_KEYED_REVISION = "0006"


def _config() -> Config:
    config = Config()
    location = resources.files("carbonlabel.adapters.db").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = _config()
    with engine.begin() as connection:
        before = _revision(connection)
        if revision == "head" and before is not None and before == _head():
            return  # at the head already: nothing to read of the migration scripts
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if _older_than_keyed_audit(config, before) \
                and not _older_than_keyed_audit(config, _revision(connection)):
            with Session(bind=connection) as session:
                AuditLog(session, audit_key_of(engine)).key_unkeyed_chain()


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _older_than_keyed_audit(config: Config, revision: str | None) -> bool:
    if revision is None:
        return True
    script = ScriptDirectory.from_config(config)
    below = script.get_revision(AUDIT_KEYED_REVISION).down_revision
    assert isinstance(below, str)  # one parent: the migrations are a line
    return revision in {r.revision for r in script.iterate_revisions(below, "base")}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@cache
def _head() -> str | None:
    """The head of the package's migrations (they ship with it: read once per process)."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def head_revision() -> str | None:
    return _head()
