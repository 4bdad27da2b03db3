"""Migration 0013 on SQLite and PostgreSQL: upgrading a database with organisations in it
from 0012 adds the empty ``certificate_transfers`` table (nothing to back-fill: no certificate
was transferred before) and keeps every row; downgrading drops the table alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from carbonlabel.adapters.db.migrate import upgrade
from tests.integration.test_migrations import stamp
from tests.support.platform import keyed_engine


@pytest.fixture
def bare(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    made = keyed_engine(database_url, tmp_path)
    yield made
    made.dispose()


def test_upgrading_from_0012_adds_the_transfer_table_and_keeps_the_rows(bare: Engine) -> None:
    upgrade(bare, "0012")
    with bare.begin() as conn:
        for org in ("b1", "b2"):
            conn.execute(text("INSERT INTO organisations (id, name, kind, region, created_at) "
                              "VALUES (:id, :id, 'certification_body', 'CN-BJ', :t)"),
                         {"id": org, "t": stamp(bare, 0)})
    upgrade(bare, "0013")
    assert "certificate_transfers" in inspect(bare).get_table_names()
    with bare.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM organisations")) == 2
        assert conn.scalar(text("SELECT count(*) FROM certificate_transfers")) == 0
