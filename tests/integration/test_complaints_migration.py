"""Migration 0010 on SQLite and PostgreSQL: a database at 0009 with rows in it gains the
``complaints`` and ``complaint_events`` tables (new, empty: nothing to back-fill), keeps its
rows, matches the table definitions, and goes down to 0009 and up again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from carbonlabel.adapters.db.migrate import upgrade
from carbonlabel.adapters.db.uow import uow_factory
from carbonlabel.domain.certification.complaints import Kind
from carbonlabel.services.certification.complaints import new_complaint, record_lodged
from tests.integration.test_migrations import (
    ORG,
    differences,
    downgrade,
    tables,
    write_first_release_rows,
)
from tests.support.platform import keyed_engine

NEW = {"complaints", "complaint_events"}


@pytest.fixture
def bare(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    made = keyed_engine(database_url, tmp_path)
    yield made
    made.dispose()


def test_upgrading_a_database_with_rows_adds_the_complaint_tables(bare: Engine) -> None:
    upgrade(bare, "0001")
    write_first_release_rows(bare)
    upgrade(bare, "0009")
    assert not NEW & tables(bare)
    upgrade(bare)
    assert tables(bare) >= NEW
    assert differences(bare) == []
    with bare.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM organisations")).scalar() >= 1
    with uow_factory(bare)(write=True) as uow:
        complaint = new_complaint(uow, Kind.COMPLAINT, ORG, "CFP-2026-007-000001-95", "x",
                                  datetime.now(UTC))
        record_lodged(uow, complaint, None, "0" * 64)
        uow.commit()
    with uow_factory(bare)() as uow:
        stored = uow.complaints.get(complaint.id)
        assert stored is not None
        assert stored.reference.endswith("-000001")
        assert [e.action for e in uow.complaints.events(complaint.id)] == ["lodge"]


def test_downgrading_to_0009_drops_only_the_complaint_tables(bare: Engine) -> None:
    upgrade(bare, "0010")
    before = tables(bare)
    downgrade(bare, "0009")
    assert before - tables(bare) == NEW
    upgrade(bare, "0010")
    assert tables(bare) == before
    upgrade(bare)
    assert differences(bare) == []
