"""Audit log tampering on SQLite and PostgreSQL: editing or deleting any audit row directly in
the database makes ``carbonlabel audit verify`` fail with one line naming the first broken
record; an untouched chain passes."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, insert, select, text, update

from carbonlabel.adapters.db.tables import AuditHeadRow, AuditRow
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.tenancy import OrgKind, Role
from carbonlabel.services.accounts import users
from carbonlabel.services.quantify import catalog
from tests.support.audit_chain import hmac_of, key_in
from tests.support.persistence import assert_names_broken_record, audit_verify, model_text
from tests.support.platform import PASSWORD

RECORDS = 6
AUDIT = AuditRow.__table__
HEAD = AuditHeadRow.__table__


@pytest.fixture
def chain(make_uow: UowFactory, tmp_path: Path) -> int:
    """Six audit records made through the services; returns how many."""
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, "审计 Audited", OrgKind.ENTERPRISE, "CN-GD")
        analyst = users.add_user(uow, org.id, "analyst@audited.cn", "分析员", Role.ANALYST,
                                 PASSWORD, None)
        for code in ("A-1", "A-2"):
            p = catalog.register_product(uow, analyst, catalog.ProductData(
                "产品", "Product", "test", gtin="4006381333931", own_code=code))
        catalog.save_model_version(uow, analyst, p.id, model_text(), "json", tmp_path,
                                   tmp_path / "databases")
        users.create_token(uow, analyst, "ci")
        uow.commit()
    return RECORDS


def record(engine: Engine, seq: int) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(conn.execute(select(AUDIT).where(AUDIT.c.seq == seq)).one()._mapping)


def json_param(engine: Engine) -> str:
    return "CAST(:value AS JSON)" if engine.dialect.name == "postgresql" else ":value"


def test_an_untouched_chain_verifies(engine: Engine, chain: int, database_url: str,
                                     tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = audit_verify(capsys, database_url, tmp_path)
    assert code == 0, err
    assert f"{chain} 条记录 records" in out


def test_editing_a_middle_records_content_names_it(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    after = record(engine, 3)["after"]
    forged = {**after, "name_en": "Forged product"}
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE audit_log SET after = {json_param(engine)} WHERE seq = 3"),
                     {"value": json.dumps(forged)})
    assert_names_broken_record(audit_verify(capsys, database_url, tmp_path), 3)


def test_deleting_a_middle_record_names_it(engine: Engine, chain: int, database_url: str,
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    assert_names_broken_record(audit_verify(capsys, database_url, tmp_path), 3)


def test_deleting_the_last_record_names_it(engine: Engine, chain: int, database_url: str,
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = :last"), {"last": chain})
    assert_names_broken_record(audit_verify(capsys, database_url, tmp_path), chain)


def test_deleting_every_record_names_the_first(engine: Engine, chain: int, database_url: str,
                                               tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    assert_names_broken_record(audit_verify(capsys, database_url, tmp_path), 1)


@pytest.mark.parametrize(("edited", "named"), [(3, 4), (RECORDS, RECORDS)])
def test_an_edit_hidden_by_a_new_keyed_hash_is_caught_at_the_next_link(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], edited: int, named: int) -> None:
    """The forger holds the key and rehashes the edited record alone; the next record's link
    (or, for the last record, the recorded head) still holds the old hash."""
    r = record(engine, edited)
    after = {**r["after"], "forged": True}
    digest = hmac_of(key_in(tmp_path), {**r, "after": after})
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE audit_log SET after = {json_param(engine)}, hash = :hash "
                          "WHERE seq = :seq"),
                     {"value": json.dumps(after), "hash": digest, "seq": edited})
    assert_names_broken_record(audit_verify(capsys, database_url, tmp_path), named)


def test_an_edit_of_any_column_of_any_record_is_named(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    def tampered(r: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            "seq": {"seq": 99},
            "at": {"at": r["at"] + timedelta(microseconds=1)},
            "actor_id": {"actor_id": "someone-else"},
            "organisation_id": {"organisation_id": None},
            "action": {"action": r["action"] + ".forged"},
            "entity": {"entity": "forged"},
            "entity_id": {"entity_id": "forged-id"},
            "before": {"before": {"state": "forged"}},
            "after": {"after": None},
            "prev_hash": {"prev_hash": "f" * 64},
            "hash": {"hash": "0" * 64},
        }

    assert set(tampered(record(engine, 1))) == set(AUDIT.c.keys())  # every column is tried
    for seq in (1, 3, chain):
        original = record(engine, seq)
        for column, values in tampered(original).items():
            with engine.begin() as conn:
                conn.execute(update(AUDIT).where(AUDIT.c.seq == seq).values(**values))
            assert_names_broken_record(audit_verify(capsys, database_url, tmp_path), seq)
            with engine.begin() as conn:  # put the record back as it was
                conn.execute(delete(AUDIT).where(AUDIT.c.seq.in_([seq, 99])))
                conn.execute(insert(AUDIT).values(**original))
            code, _, err = audit_verify(capsys, database_url, tmp_path)
            assert code == 0, f"{column} of {seq} not restored: {err}"


@pytest.mark.parametrize("tamper", [
    f"UPDATE audit_head SET hash = '{'0' * 64}'",
    "DELETE FROM audit_head",
])
def test_a_tampered_head_names_the_last_record(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], tamper: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(tamper))
    assert_names_broken_record(audit_verify(capsys, database_url, tmp_path), chain)


def test_records_appended_together_chain_like_records_appended_one_by_one(
        make_uow: UowFactory, tmp_path: Path) -> None:
    from carbonlabel.adapters.db.audit_log import AuditEntry
    from carbonlabel.domain.audit import verify_chain

    with make_uow(write=True) as uow:
        first = uow.audit.append(actor_id=None, organisation_id=None, action="x.one",
                                 entity="thing", entity_id="1")
        many = uow.audit.append_many([
            AuditEntry(None, None, "x.many", "thing", str(n), after={"n": n})
            for n in range(2, 5)])
        last = uow.audit.append(actor_id=None, organisation_id=None, action="x.last",
                                entity="thing", entity_id="5")
        uow.commit()
    assert [r.seq for r in (first, *many, last)] == list(range(first.seq, first.seq + 5))
    assert many[0].prev_hash == first.hash
    assert last.prev_hash == many[-1].hash
    with make_uow() as uow:
        records, head = uow.audit.chain()
        assert uow.audit.append_many([]) == []  # nothing to chain: nothing touched
    assert verify_chain(records, head, key_in(tmp_path)) is None
    assert head is not None
    assert (head.seq, head.hash) == (last.seq, last.hash)
    assert [hmac_of(key_in(tmp_path), vars(r)) for r in (first, *many, last)] \
        == [r.hash for r in (first, *many, last)]
