"""Migration 0008 on SQLite and PostgreSQL: certificates granted before it get revision 0 (no
suffix) and keep the expiry they were granted with (no back-fill to calendar years)."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, text

from carbonlabel.adapters.db.migrate import current_revision, head_revision, upgrade
from carbonlabel.adapters.db.uow import UowFactory
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)


def _downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(
        resources.files("carbonlabel.adapters.db").joinpath("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_existing_certificates_get_revision_0_and_keep_their_expiry(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)

    _downgrade(engine, "0007")
    assert "revision" not in {c["name"] for c in inspect(engine).get_columns("certificates")}
    with engine.begin() as conn:  # granted under the 730-day rule: 2027-03-01 → 2029-02-27
        conn.execute(text("UPDATE certificates SET issued_on = :i, expires_on = :e "
                          "WHERE id = :id"),
                     {"i": date(2027, 3, 1), "e": date(2029, 2, 27), "id": certificate_id})
    upgrade(engine)

    assert current_revision(engine) == head_revision()
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
    assert certificate is not None
    assert certificate.revision == 0
    assert certificate.expires_on == date(2029, 2, 27)  # as granted, not recounted
