"""Migration 0014 on SQLite and PostgreSQL: a certificate flagged for re-evaluation before it
gets the upgrade's time as the flag's time (the sweep's deadline counts from the upgrade, not
from an unknown past); an unflagged one gets none."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, text

from carbonlabel.adapters.db.migrate import current_revision, head_revision, upgrade
from carbonlabel.adapters.db.uow import UowFactory
from tests.support.changes import certified


def _downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(
        resources.files("carbonlabel.adapters.db").joinpath("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_flagged_certificates_are_back_filled_with_the_upgrade_time(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    flagged = certified(make_uow, tmp_path, body_code=7).certificate
    plain = certified(make_uow, tmp_path, body_code=8).certificate

    _downgrade(engine, "0013")
    columns = {c["name"] for c in inspect(engine).get_columns("certificates")}
    assert "reevaluation_since" not in columns
    assert "certificate_changes" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(text("UPDATE certificates SET reevaluation_required = :t WHERE id = :id"),
                     {"t": True, "id": flagged.id})
    before = datetime.now(UTC)
    upgrade(engine)

    assert current_revision(engine) == head_revision()
    with make_uow() as uow:
        was_flagged = uow.certificates.get(flagged.id)
        was_plain = uow.certificates.get(plain.id)
        assert uow.changes.of_certificate(flagged.id) == []
    assert was_flagged is not None
    assert was_plain is not None
    assert was_flagged.reevaluation_required
    assert was_flagged.reevaluation_since is not None
    assert was_flagged.reevaluation_since >= before.replace(microsecond=0)
    assert was_plain.reevaluation_since is None
