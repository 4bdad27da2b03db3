"""Migration 0011 (the verification engagement), on SQLite and PostgreSQL: a case already at
the PCF verification step before the upgrade keeps its rows and has no engagement after it
(the team then starts one: tests/integration/test_verification_engagement.py takes a case
through to an opinion)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from carbonlabel.adapters.db.migrate import current_revision, head_revision, upgrade
from carbonlabel.adapters.db.uow import uow_factory
from carbonlabel.domain.certification.states import CaseState
from carbonlabel.services.certification import engagement as verification
from tests.integration.test_migrations import (
    FOOTPRINT,
    ORG,
    PRODUCT,
    VERSION,
    stamp,
    write_first_release_rows,
)
from tests.support.platform import keyed_engine

BODY, CASE = "body-1", "case-at-verification"


@pytest.fixture
def bare(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    made = keyed_engine(database_url, tmp_path)
    yield made
    made.dispose()


def _case_at_verification(engine: Engine) -> None:
    json_param = "CAST(:j AS JSON)" if engine.dialect.name == "postgresql" else ":j"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO organisations (id, name, kind, region, created_at) "
                          "VALUES (:id, '认证 Body', 'certification_body', 'CN-BJ', :t)"),
                     {"id": BODY, "t": stamp(engine, 0)})
        conn.execute(text(
            "INSERT INTO certification_cases (id, applicant_id, body_id, product_id, "
            "footprint_id, model_version_id, category, scheme, state, team, audit_dates, "
            "decider_id, certificate_id, created_at, updated_at) VALUES (:id, :org, :body, "
            f":p, :f, :v, '16', 'CN-PCF-2025', 'pcf_verification', {json_param}, "
            f"{json_param}, NULL, NULL, :t, :t)"),
            {"id": CASE, "org": ORG, "body": BODY, "p": PRODUCT, "f": FOOTPRINT,
             "v": VERSION, "j": "[]", "t": stamp(engine, 5)})


def test_a_case_begun_before_0011_has_no_engagement_after_it(bare: Engine) -> None:
    upgrade(bare, "0001")
    write_first_release_rows(bare)
    upgrade(bare, "0010")
    _case_at_verification(bare)
    assert "verification_engagements" not in inspect(bare).get_table_names()

    upgrade(bare)

    assert current_revision(bare) == head_revision()
    with uow_factory(bare)() as uow:
        case = uow.cases.get(CASE)
        assert case is not None
        assert case.state is CaseState.PCF_VERIFICATION
        assert uow.engagements.get(CASE) is None
        assert not verification.engagement_complete(uow, CASE)
