"""Fixtures of the platform: databases on SQLite and PostgreSQL, seeded organisations, an app.

``database_url`` is parametrized over both back ends: every test that uses it runs twice. The
PostgreSQL one is the machine's server on 127.0.0.1:5432; each test gets a database of its
own, dropped afterwards (a migrated one is a copy of a template migrated once per test
process). Set CARBONLABEL_TEST_POSTGRES to another URL, or to "" to skip the PostgreSQL runs
where there is no server; under CI a missing server fails them instead (tests/support/ci.py).
"""

from __future__ import annotations

import os
import random
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url

from carbonlabel.adapters.audit_key import load_audit_key
from carbonlabel.adapters.data_keys import DataKeys
from carbonlabel.adapters.db.audit_log import attach_audit_key
from carbonlabel.adapters.db.encrypted import attach_cipher
from carbonlabel.adapters.db.engine import make_engine
from carbonlabel.adapters.db.migrate import upgrade
from carbonlabel.adapters.db.uow import UowFactory, uow_factory
from carbonlabel.config import Settings
from carbonlabel.domain.organisation_identity import CHARSET, ProductionSite, check_character
from carbonlabel.domain.tenancy import Organisation, OrgKind, Role, User
from carbonlabel.services.accounts import users
from tests.support.ci import unavailable
from tests.support.pg import fill_from_template, postgres_available, postgres_database

POSTGRES = os.environ.get("CARBONLABEL_TEST_POSTGRES",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "a long test password"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (not migrated) on each back end."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with postgres_database(reachable_postgres(POSTGRES)) as url:
        yield url


def reachable_postgres(url: str) -> str:
    """``url`` if a PostgreSQL server answers there; else the test is skipped (failed under
    CI)."""
    if not url:
        unavailable("PostgreSQL runs switched off (CARBONLABEL_TEST_POSTGRES is empty)")
    if not postgres_available(url):
        unavailable(f"PostgreSQL not reachable at {url}")
    return url


def keyed_engine(database_url: str, data_dir: Path) -> Engine:
    """An engine with the data keys and the audit key of a data folder (as ``carbonlabel
    --data-dir`` and the app with that ``data_dir`` use them), so that encrypted fields can be
    written and read and the audit log appended to."""
    made = make_engine(database_url)
    settings = Settings(data_dir=data_dir)
    attach_cipher(made, DataKeys(settings.data_keys_dir).cipher())
    attach_audit_key(made, load_audit_key(settings.audit_keys_dir))
    return made


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to the head once per test process: each SQLite test starts
    from a copy of it rather than running every migration again (the migrations themselves
    are tested from an empty database in tests/integration/test_migrations.py)."""
    folder = tmp_path_factory.mktemp("migrated")
    made = keyed_engine(f"sqlite:///{folder / 'head.db'}", folder)
    upgrade(made)
    made.dispose()
    return folder / "head.db"


@pytest.fixture(scope="session")
def migrated_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The name of a PostgreSQL database migrated to the head once per test process, the
    template each PostgreSQL test's database is copied from (as ``migrated_sqlite``)."""
    with postgres_database(reachable_postgres(POSTGRES), prefix="template") as url:
        made = keyed_engine(url, tmp_path_factory.mktemp("migrated-pg"))
        upgrade(made)
        made.dispose()  # a template takes no connections while it is copied
        yield make_url(url).database or ""


@pytest.fixture
def engine(database_url: str, tmp_path: Path, migrated_sqlite: Path,
           request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated database on each back end; its data keys are those of the data folder
    ``tmp_path`` (the folder the integration tests pass to services and the CLI)."""
    if database_url.startswith("sqlite:///"):
        target = Path(database_url.removeprefix("sqlite:///"))
        if not target.exists():
            shutil.copyfile(migrated_sqlite, target)
    else:
        fill_from_template(database_url, request.getfixturevalue("migrated_postgres"))
    made = keyed_engine(database_url, tmp_path)
    upgrade(made)  # at the head already when copied: only checks the revision
    yield made
    made.dispose()


@pytest.fixture
def make_uow(engine: Engine) -> UowFactory:
    return uow_factory(engine)


@dataclass(frozen=True)
class Tenant:
    organisation: Organisation
    admin: User
    analyst: User
    viewer: User


def credit_code() -> str:
    """A random, valid unified social credit code (GB 32100-2015)."""
    body = "91440300" + "".join(random.choice(CHARSET[:10]) for _ in range(9))
    return body + check_character(body)


def seed_tenant(make_uow: UowFactory, name: str, kind: OrgKind = OrgKind.ENTERPRISE) -> Tenant:
    """An organisation with an admin, an analyst and a viewer (all with ``PASSWORD``)."""
    slug = uuid.uuid4().hex[:8]
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, name, kind, "CN-GD", credit_code=credit_code(),
                                        address="广东省深圳市南山区科技园 1 号")
        members = [users.add_user(uow, org.id, f"{role.value}-{slug}@example.cn",
                                   f"{role.value} {name}", role, PASSWORD, None)
                 for role in (Role.ADMIN, Role.ANALYST, Role.VIEWER)]
        uow.sites.add(ProductionSite(uuid.uuid4().hex, org.id, "一号工厂 / plant 1",
                                     "广东省深圳市宝安区工业路 8 号", "440306"))
        uow.commit()
    return Tenant(org, *members)
