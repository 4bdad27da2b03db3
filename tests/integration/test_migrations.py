"""Migrations on SQLite and PostgreSQL: head equals the tables, down and up again, and a
database of the first release (revision 0001) keeps every row when upgraded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from carbonlabel.adapters.db.encrypted import cipher_of
from carbonlabel.adapters.db.metadata import Base
from carbonlabel.adapters.db.migrate import current_revision, head_revision, upgrade
from carbonlabel.adapters.db.uow import uow_factory
from carbonlabel.domain.records import ModelVersion
from carbonlabel.domain.tenancy import Role
from carbonlabel.services.quantify import catalog
from tests.support.audit_chain import sha256_of
from tests.support.persistence import at, audit_verify, model_text
from tests.support.platform import keyed_engine

FIRST_RELEASE_TABLES = ("organisations", "users", "products", "model_versions", "footprints",
                        "audit_log", "audit_head")


@pytest.fixture
def bare(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database (not migrated), with the data keys of ``tmp_path``."""
    made = keyed_engine(database_url, tmp_path)
    yield made
    made.dispose()


def differences(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))


def downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(
        resources.files("carbonlabel.adapters.db").joinpath("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrading_an_empty_database_gives_exactly_the_tables(bare: Engine) -> None:
    upgrade(bare)
    assert current_revision(bare) == head_revision()
    assert differences(bare) == []


def test_downgrading_step_by_step_to_base_and_up_again(bare: Engine) -> None:
    upgrade(bare)
    downgrade(bare, "0001")
    assert current_revision(bare) == "0001"
    assert tables(bare) == set(FIRST_RELEASE_TABLES)
    assert differences(bare) != []  # the comparison does see what 0002 adds
    downgrade(bare, "base")
    assert current_revision(bare) is None
    assert tables(bare) == set()
    upgrade(bare)
    assert current_revision(bare) == head_revision()
    assert differences(bare) == []


# -- a database written by the first release --------------------------------------------------

ORG, USER, PRODUCT, VERSION, FOOTPRINT = "org-1", "user-1", "product-1", "version-1", "fp-1"
CONTENT = model_text(3)


def stamp(engine: Engine, minutes: int) -> str:
    """A timestamp as the first release's SQLAlchemy wrote it for this back end."""
    value = at(minutes)
    if engine.dialect.name == "sqlite":
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLite keeps no zone: UTC by rule
    return value.isoformat()


def audit_rows(engine: Engine) -> list[dict[str, Any]]:
    """Three chained audit records, hashed as the first release hashed them."""
    rows: list[dict[str, Any]] = []
    prev = "0" * 64
    records: list[tuple[str | None, str, str, str, dict[str, Any] | None]] = [
        (None, "organisation.created", "organisation", ORG, {"name": "旧 Old", "kind":
                                                             "enterprise"}),
        (None, "user.created", "user", USER, {"email": "old@example.cn", "role": "admin"}),
        (USER, "model_version.saved", "model_version", VERSION,
         {"product_id": PRODUCT, "version": 1, "total": 0.1 + 0.2, "名称": "水泥"}),
    ]
    for seq, (actor, action, entity, entity_id, after) in enumerate(records, start=1):
        when: datetime = at(seq)
        digest = sha256_of({"seq": seq, "at": when, "actor_id": actor, "organisation_id": ORG,
                            "action": action, "entity": entity, "entity_id": entity_id,
                            "before": None, "after": after, "prev_hash": prev})
        rows.append({"seq": seq, "at": stamp(engine, seq), "actor_id": actor, "org": ORG,
                     "action": action, "entity": entity, "entity_id": entity_id,
                     "after": json.dumps(after, ensure_ascii=False), "prev": prev,
                     "hash": digest})
        prev = digest
    return rows


def write_first_release_rows(engine: Engine) -> None:
    """Plain SQL, one or more rows in every table of revision 0001."""
    json_param = "CAST(:after AS JSON)" if engine.dialect.name == "postgresql" else ":after"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO organisations (id, name, kind, region, created_at) "
                          "VALUES (:id, '旧 Old', 'enterprise', 'CN-GD', :t)"),
                     {"id": ORG, "t": stamp(engine, 0)})
        conn.execute(text("INSERT INTO users (id, organisation_id, email, display_name, "
                          "password_hash, role, active, created_at) VALUES (:id, :org, "
                          "'old@example.cn', '老用户', '$argon2id$old', 'admin', TRUE, :t)"),
                     {"id": USER, "org": ORG, "t": stamp(engine, 1)})
        conn.execute(text("INSERT INTO products (id, organisation_id, name_zh, name_en, "
                          "category, product_rule, gtin, own_code, created_at) VALUES "
                          "(:id, :org, '水泥', 'Cement', 'cement', NULL, '4006381333931', "
                          "'OLD-1', :t)"), {"id": PRODUCT, "org": ORG, "t": stamp(engine, 2)})
        conn.execute(text("INSERT INTO model_versions (id, product_id, version, format, "
                          "content, content_hash, created_by, created_at) VALUES (:id, :p, 1, "
                          "'json', :content, 'h', :u, :t)"),
                     {"id": VERSION, "p": PRODUCT, "content": CONTENT, "u": USER,
                      "t": stamp(engine, 3)})
        conn.execute(text("INSERT INTO footprints (id, organisation_id, product_id, "
                          "model_version_id, total_co2e_kg, unit, gwp_set, input_hash, "
                          "engine_version, result_json, created_by, created_at) VALUES (:id, "
                          ":org, :p, :v, 1.0000000000000002, 'per 1 kg', 'AR6', 'ih', '0.1', "
                          ":body, :u, :t)"),
                     {"id": FOOTPRINT, "org": ORG, "p": PRODUCT, "v": VERSION,
                      "body": '{"total_co2e_kg": 1.0000000000000002}', "u": USER,
                      "t": stamp(engine, 4)})
        for row in audit_rows(engine):
            conn.execute(text("INSERT INTO audit_log (seq, at, actor_id, organisation_id, "
                              "action, entity, entity_id, before, after, prev_hash, hash) "
                              f"VALUES (:seq, :at, :actor_id, :org, :action, :entity, "
                              f":entity_id, NULL, {json_param}, :prev, :hash)"), row)
        last = audit_rows(engine)[-1]
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)"),
                     {"seq": last["seq"], "hash": last["hash"]})


def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every first-release table, exactly as the database returns it."""
    keys = {"audit_log": "seq", "audit_head": "id"}
    with engine.connect() as conn:
        return {t: [dict(r._mapping) for r in conn.execute(
                    text(f"SELECT * FROM {t} ORDER BY {keys.get(t, 'id')}"))]
                for t in FIRST_RELEASE_TABLES}


def first_release_columns(now: dict[str, list[dict[str, Any]]],
                          before: dict[str, list[dict[str, Any]]]
                          ) -> dict[str, list[dict[str, Any]]]:
    """``now`` cut to the columns the first release had (later steps add columns)."""
    return {t: [{k: row[k] for k in before[t][0]} for row in rows] for t, rows in now.items()}


def test_upgrading_a_first_release_database_keeps_every_row(
        bare: Engine, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    upgrade(bare, "0001")
    write_first_release_rows(bare)
    before = snapshot(bare)
    assert all(before.values())

    upgrade(bare)

    assert current_revision(bare) == head_revision()
    now = first_release_columns(snapshot(bare), before)
    keyed = now["audit_log"].pop()  # the upgrade keys the old chain with one more record
    assert (keyed["seq"], keyed["action"], keyed["prev_hash"]) \
        == (4, "audit.keyed", before["audit_head"][0]["hash"])
    assert now.pop("audit_head") == [{"id": 1, "seq": 4, "hash": keyed["hash"]}]
    before.pop("audit_head")
    assert now == before
    assert differences(bare) == []
    code, out, _ = audit_verify(capsys, database_url, tmp_path)
    assert code == 0
    assert "4 条记录 records" in out
    assert "unkeyed older records: 3" in out
    make_uow = uow_factory(bare)
    with make_uow() as uow:
        user = uow.users.get(USER)
        version = uow.model_versions.in_org(ORG, VERSION)
        footprint = uow.footprints.in_org(ORG, FOOTPRINT)
    assert user is not None
    assert (user.role, user.active, user.created_at) == (Role.ADMIN, True, at(1))
    assert version == ModelVersion(VERSION, PRODUCT, 1, "json", CONTENT, "h", USER, at(3))
    assert footprint is not None
    assert footprint.total_co2e_kg == 1.0000000000000002

    # the new release carries on: the next version and its record continue the old chain
    with make_uow(write=True) as uow:
        saved = catalog.save_model_version(uow, user, PRODUCT, model_text(4), "json", tmp_path,
                                           tmp_path / "databases")
        uow.commit()
    assert saved.version == 2
    code, out, _ = audit_verify(capsys, database_url, tmp_path)
    assert code == 0
    assert "5 条记录 records" in out


def test_upgrading_gives_existing_footprints_their_reference_period(bare: Engine) -> None:
    # the rule PACT used before the period was stored: the period in the stored result, else
    # the one in the model version's text (YAML reads dates as dates), else none
    upgrade(bare, "0001")
    write_first_release_rows(bare)  # fp-1: neither its result nor its model has a period
    upgrade(bare, "0006")
    cipher = cipher_of(bare)
    assert cipher is not None  # both texts are sealed at rest, as the platform writes them
    yaml_model = cipher.encrypt("period:\n  start: 2024-01-01\n  end: 2024-12-31\n"
                                "processes: []\n", "model_versions.content")
    footprints = {"fp-2": ("version-2", '{"total_co2e_kg": 2.0}'),
                  "fp-3": (VERSION, cipher.encrypt('{"total_co2e_kg": 3.0, "period": {"start": '
                                                   '"2023-07-01", "end": "2024-06-30"}}',
                                                   "footprints.result_json")),
                  "fp-4": ("version-2", '{"total_co2e_kg": 4.0, "period": '
                                        '{"start": "2023-07-01", "end": "not a day"}}')}
    with bare.begin() as conn:
        conn.execute(text("INSERT INTO model_versions (id, product_id, version, format, "
                          "content, content_hash, created_by, created_at) VALUES "
                          "('version-2', :p, 2, 'yaml', :content, 'h2', :u, :t)"),
                     {"p": PRODUCT, "content": yaml_model, "u": USER, "t": stamp(bare, 5)})
        for n, (fid, (vid, body)) in enumerate(footprints.items()):
            conn.execute(text("INSERT INTO footprints (id, organisation_id, product_id, "
                              "model_version_id, total_co2e_kg, unit, gwp_set, input_hash, "
                              "engine_version, result_json, created_by, created_at) VALUES "
                              "(:id, :org, :p, :v, 1.0, 'per 1 kg', 'AR6', 'ih', '0.1', :body, "
                              ":u, :t)"),
                         {"id": fid, "org": ORG, "p": PRODUCT, "v": vid, "body": body,
                          "u": USER, "t": stamp(bare, 6 + n)})

    upgrade(bare)

    with uow_factory(bare)() as uow:
        periods = {fid: record.reference_period for fid in (FOOTPRINT, *footprints)
                   if (record := uow.footprints.in_org(ORG, fid)) is not None}
    assert periods == {FOOTPRINT: None,
                       "fp-2": (date(2024, 1, 1), date(2024, 12, 31)),  # from the model text
                       "fp-3": (date(2023, 7, 1), date(2024, 6, 30)),  # from the result
                       "fp-4": None}  # the result's period is no pair of days: none, as before
    assert differences(bare) == []
