"""Migration 0009 (certification rules) on SQLite and PostgreSQL: a declaration for an
applicant becomes a declaration for each open case of that applicant at the declarer's body,
live for 365 days from when it was made; final cases get none; down and up again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from carbonlabel.adapters.db.migrate import upgrade
from carbonlabel.adapters.db.uow import uow_factory
from tests.integration.test_migrations import (
    FOOTPRINT,
    ORG,
    PRODUCT,
    VERSION,
    differences,
    downgrade,
    stamp,
    write_first_release_rows,
)
from tests.support.persistence import at
from tests.support.platform import keyed_engine

BODY, AUDITOR = "body-1", "auditor-1"


@pytest.fixture
def bare(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    made = keyed_engine(database_url, tmp_path)
    yield made
    made.dispose()


def _write_cases(engine: Engine) -> None:
    json_param = "CAST(:j AS JSON)" if engine.dialect.name == "postgresql" else ":j"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO organisations (id, name, kind, region, created_at) "
                          "VALUES (:id, '认证 Body', 'certification_body', 'CN-BJ', :t)"),
                     {"id": BODY, "t": stamp(engine, 0)})
        conn.execute(text("INSERT INTO users (id, organisation_id, email, display_name, "
                          "password_hash, role, active, created_at) VALUES (:id, :org, "
                          "'aud@example.cn', '审核员', '$argon2id$x', 'auditor', TRUE, :t)"),
                     {"id": AUDITOR, "org": BODY, "t": stamp(engine, 1)})
        for case_id, state in (("case-open", "accepted"), ("case-done", "granted")):
            conn.execute(text(
                "INSERT INTO certification_cases (id, applicant_id, body_id, product_id, "
                "footprint_id, model_version_id, category, scheme, state, team, audit_dates, "
                "decider_id, certificate_id, created_at, updated_at) VALUES (:id, :org, :body, "
                f":p, :f, :v, 'cement', 'CN-PCF-2025', :state, {json_param}, {json_param}, "
                "NULL, NULL, :t, :t)"),
                {"id": case_id, "org": ORG, "body": BODY, "p": PRODUCT, "f": FOOTPRINT,
                 "v": VERSION, "state": state, "j": "[]", "t": stamp(engine, 5)})
        conn.execute(text("INSERT INTO impartiality_declarations (user_id, applicant_id, "
                          "statement, declared_at) VALUES (:u, :org, '无利益冲突', :t)"),
                     {"u": AUDITOR, "org": ORG, "t": stamp(engine, 6)})


def test_declarations_for_an_applicant_carry_over_to_its_open_cases(bare: Engine) -> None:
    upgrade(bare, "0001")
    write_first_release_rows(bare)
    upgrade(bare, "0008")
    _write_cases(bare)

    upgrade(bare, "0009")

    with uow_factory(bare)() as uow:
        carried = uow.declarations.for_case("case-open")
        assert uow.declarations.for_case("case-done") == {}
    declared_on = at(6).date()
    assert {u: (d.declared_on, d.expires_on, d.last_consultancy_on)
            for u, d in carried.items()} == {
        AUDITOR: (declared_on, declared_on + timedelta(days=365), None)}
    assert declared_on < date(2030, 1, 1)
    downgrade(bare, "0008")
    upgrade(bare, "0009")
    with uow_factory(bare)() as uow:
        assert set(uow.declarations.for_case("case-open")) == {AUDITOR}


def test_head_matches_the_tables_after_0009(bare: Engine) -> None:
    upgrade(bare)
    assert differences(bare) == []
