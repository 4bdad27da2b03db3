"""Migration 0012 on SQLite and PostgreSQL: free-text scopes, qualifications and case
categories of earlier releases become catalogue codes where the text maps; bodies get an
approval row with their code, unique (a duplicate code is dropped from the later body)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from carbonlabel.adapters.db.migrate import upgrade
from tests.integration.test_migrations import stamp
from tests.support.platform import keyed_engine


@pytest.fixture
def bare(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    made = keyed_engine(database_url, tmp_path)
    yield made
    made.dispose()


def _rows_of_0007(engine: Engine) -> None:
    """Two bodies that chose the same code, self-declared free-text scopes, an auditor, two
    cases (one in "cement", one in "lithium battery")."""
    with engine.begin() as conn:
        for org, kind in (("b1", "certification_body"), ("b2", "certification_body"),
                          ("e1", "enterprise")):
            conn.execute(text("INSERT INTO organisations (id, name, kind, region, created_at) "
                              "VALUES (:id, :id, :kind, 'CN-BJ', :t)"),
                         {"id": org, "kind": kind, "t": stamp(engine, 0)})
        for user, org in (("u1", "b1"), ("u2", "e1")):
            conn.execute(text("INSERT INTO users (id, organisation_id, email, display_name, "
                              "password_hash, role, active, created_at) VALUES (:id, :org, "
                              ":email, :id, 'h', 'auditor', TRUE, :t)"),
                         {"id": user, "org": org, "email": f"{user}@x.cn",
                          "t": stamp(engine, 1)})
        for body, category in (("b1", "lithium battery"), ("b1", "cement"),
                               ("b2", "Cement"), ("b2", "concrete blocks")):
            conn.execute(text("INSERT INTO accreditations (body_id, category, body_code) "
                              "VALUES (:b, :c, 7)"), {"b": body, "c": category})
        for category in ("lithium battery", "水泥"):
            conn.execute(text("INSERT INTO auditor_qualifications (user_id, category) "
                              "VALUES ('u1', :c)"), {"c": category})
        conn.execute(text("INSERT INTO products (id, organisation_id, name_zh, name_en, "
                          "category, created_at) VALUES ('p1', 'e1', '水泥', 'cement', "
                          "'cement', :t)"), {"t": stamp(engine, 2)})
        conn.execute(text("INSERT INTO model_versions (id, product_id, version, format, "
                          "content, content_hash, created_by, created_at) VALUES ('v1', 'p1', "
                          "1, 'json', '{}', 'h', 'u2', :t)"), {"t": stamp(engine, 2)})
        conn.execute(text("INSERT INTO footprints (id, organisation_id, product_id, "
                          "model_version_id, total_co2e_kg, unit, gwp_set, input_hash, "
                          "engine_version, result_json, created_by, created_at) VALUES ('f1', "
                          "'e1', 'p1', 'v1', 1.0, 'per 1 kg', 'AR6', 'ih', '0.1', '{}', 'u2', "
                          ":t)"), {"t": stamp(engine, 3)})
        for case, category in (("c1", "cement"), ("c2", "lithium battery")):
            conn.execute(text(
                "INSERT INTO certification_cases (id, applicant_id, body_id, product_id, "
                "footprint_id, model_version_id, category, scheme, state, team, audit_dates, "
                "created_at, updated_at) VALUES (:id, 'e1', 'b1', 'p1', 'f1', 'v1', :c, "
                "'CN-PCF', 'applied', '[]', '[]', :t, :t)"),
                {"id": case, "c": category, "t": stamp(engine, 4)})


def _select(engine: Engine, sql: str) -> set[tuple[object, ...]]:
    with engine.connect() as conn:
        return {tuple(r) for r in conn.execute(text(sql))}


def test_free_text_scopes_become_catalogue_codes_and_body_codes_unique(bare: Engine) -> None:
    upgrade(bare, "0007")
    _rows_of_0007(bare)
    upgrade(bare, "0012")
    assert _select(bare, "SELECT body_id, category FROM accreditations") == {
        ("b1", "1"), ("b1", "2"), ("b1", "3"), ("b1", "4"), ("b1", "16"),  # a class: all
        ("b2", "16"), ("b2", "concrete blocks")}  # unmapped text kept (grants nothing)
    assert _select(bare, "SELECT user_id, category FROM auditor_qualifications") == {
        ("u1", "1"), ("u1", "2"), ("u1", "3"), ("u1", "4"), ("u1", "16")}
    assert _select(bare, "SELECT body_id, body_code, status, approval_number "
                         "FROM body_approvals") == {("b1", 7, "approved", ""),
                                                    ("b2", None, "approved", "")}
    assert _select(bare, "SELECT id, category FROM certification_cases") == {
        ("c1", "16"), ("c2", "lithium battery")}  # ambiguous for a case: kept
    assert len(_select(bare, "SELECT code FROM product_catalogue")) == 17
    assert _select(bare, "SELECT version FROM certification_agreements") == {(1,)}
    assert _select(bare, "SELECT credit_code, registered_address FROM organisations") == {
        (None, "")}
