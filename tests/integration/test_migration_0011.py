"""Migration 0011 (the verification engagement), on SQLite and PostgreSQL: a case already at
the PCF verification step before the upgrade keeps its rows, has no engagement after it, and
its team can then take one through to an opinion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from carbonlabel.adapters.db.migrate import current_revision, head_revision, upgrade
from carbonlabel.adapters.db.uow import uow_factory
from carbonlabel.domain.certification.states import CaseState
from carbonlabel.services.certification import engagement as verification
from tests.support.engagement import case_at_verification, to_opinion
from tests.support.platform import keyed_engine


@pytest.fixture
def bare(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    made = keyed_engine(database_url, tmp_path)
    yield made
    made.dispose()


def test_a_case_begun_before_0011_has_no_engagement_and_can_start_one(
        bare: Engine, tmp_path: Path) -> None:
    upgrade(bare, "0010")
    make_uow = uow_factory(bare)
    world = case_at_verification(make_uow, tmp_path)
    assert "verification_engagements" not in inspect(bare).get_table_names()

    upgrade(bare)

    assert current_revision(bare) == head_revision()
    with make_uow() as uow:
        case = uow.cases.get(world.case_id)
        assert case is not None
        assert case.state is CaseState.PCF_VERIFICATION
        assert uow.engagements.get(world.case_id) is None
        assert not verification.engagement_complete(uow, world.case_id)
    to_opinion(make_uow, world, tmp_path)
    with make_uow() as uow:
        assert verification.engagement_complete(uow, world.case_id)
