"""The keyed audit chain on SQLite and PostgreSQL, attacked as issue 12 found it: a forger with
write access to the database but not the audit key edits a record and recomputes every later
hash and the head (which passed ``carbonlabel audit verify`` while the chain was plain
SHA-256); a forger who holds the key is caught by a head anchored outside beforehand. The
expected hashes are computed by hand (tests/support/audit_chain.py)."""

from __future__ import annotations

import base64
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text, update

from carbonlabel.adapters.db.metadata import Base
from carbonlabel.adapters.db.migrate import upgrade
from carbonlabel.adapters.db.uow import UowFactory, uow_factory
from carbonlabel.cli.app import main
from carbonlabel.errors import ConflictError
from tests.support.audit_chain import (
    HEAD,
    head,
    hmac_of,
    json_param,
    key_file,
    key_in,
    mac_of,
    rewrite_from,
    rows,
    sha256_of,
)
from tests.support.persistence import assert_names_broken_record, at
from tests.support.platform import keyed_engine

RECORDS = 5
FORGED = {"name": "伪造 forged", "total": 0.01}


def append(make_uow: UowFactory, *numbers: int) -> None:
    with make_uow(write=True) as uow:
        for n in numbers:
            uow.audit.append(actor_id=None, organisation_id=None, action="product.created",
                             entity="product", entity_id=str(n),
                             after={"name": f"产品 {n}", "total": n * 1.5})
        uow.commit()


@pytest.fixture
def chain(make_uow: UowFactory) -> int:
    append(make_uow, *range(1, RECORDS + 1))
    return RECORDS


def audit(capsys: pytest.CaptureFixture[str], database_url: str, data_dir: Path,
          *args: str) -> tuple[int, str, str]:
    """``carbonlabel audit ...`` as an operator runs it: exit code, stdout, stderr."""
    code = main(["audit", *args, "--database-url", database_url, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def verify(capsys: pytest.CaptureFixture[str], database_url: str, data_dir: Path,
           *args: str) -> tuple[int, str, str]:
    return audit(capsys, database_url, data_dir, "verify", *args)


def test_an_untouched_keyed_chain_verifies_and_its_hashes_are_hmacs_with_the_key_file(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = verify(capsys, database_url, tmp_path)
    assert code == 0, err
    assert f"{chain} 条记录 records" in out
    assert "unkeyed older records: 0" in out
    key = key_in(tmp_path)
    assert [r["hash"] for r in rows(engine)] == [hmac_of(key, r) for r in rows(engine)]
    last = rows(engine)[-1]
    assert head(engine) == {"id": 1, "seq": chain, "hash": last["hash"], "keyed_from": 1,
                            "mac": mac_of(key, chain, last["hash"], 1)}


@pytest.mark.parametrize("edited", [1, 3, RECORDS])
def test_an_edit_with_every_later_hash_and_the_head_recomputed_without_the_key_is_named(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], edited: int) -> None:
    rewrite_from(engine, edited, FORGED, key=None)
    assert_names_broken_record(verify(capsys, database_url, tmp_path), edited)


def test_a_chain_rewritten_as_unkeyed_with_the_heads_mac_and_keyed_from_dropped_fails(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The forger passes the whole chain off as one an older release wrote."""
    rewrite_from(engine, 2, FORGED, key=None)
    with engine.begin() as conn:
        conn.execute(update(HEAD).values(keyed_from=None, mac=None))
    result = verify(capsys, database_url, tmp_path)
    assert_names_broken_record(result, chain)
    assert "no MAC" in result[2]


@pytest.mark.parametrize("values", [
    {"keyed_from": 3}, {"keyed_from": RECORDS + 1}, {"keyed_from": None},
    {"mac": "f" * 64}, {"mac": None},
], ids=["keyed_from-3", "keyed_from-past-the-end", "keyed_from-null", "mac-forged",
        "mac-null"])
def test_rewriting_the_heads_keyed_from_or_mac_fails(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], values: dict[str, object]) -> None:
    with engine.begin() as conn:
        conn.execute(update(HEAD).values(**values))
    code, _, err = verify(capsys, database_url, tmp_path)
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert "is broken" in err


def test_cutting_the_last_record_and_moving_the_head_back_without_the_key_is_named(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    before_last = rows(engine)[-2]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = :seq"), {"seq": chain})
        conn.execute(update(HEAD).values(seq=chain - 1, hash=before_last["hash"]))
    result = verify(capsys, database_url, tmp_path)
    assert_names_broken_record(result, chain - 1)
    assert "MAC does not match" in result[2]


def anchor_taken(capsys: pytest.CaptureFixture[str], database_url: str,
                 data_dir: Path) -> dict[str, object]:
    code, out, err = audit(capsys, database_url, data_dir, "head", "--json")
    assert code == 0, err
    taken: dict[str, object] = json.loads(out)
    return taken


def test_audit_head_prints_the_verified_head_as_json_and_as_one_line(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    taken = anchor_taken(capsys, database_url, tmp_path)
    last = rows(engine)[-1]
    key = key_in(tmp_path)
    assert taken == {"seq": chain, "hash": last["hash"], "keyed_from": 1,
                     "mac": mac_of(key, chain, last["hash"], 1),
                     "at": last["at"].isoformat(), "line": taken["line"]}
    code, out, _ = audit(capsys, database_url, tmp_path, "head")
    assert code == 0
    assert out.strip() == taken["line"] == (
        f"carbonlabel-audit-head seq={chain} keyed_from=1 hash={last['hash']} "
        f"mac={taken['mac']} at={last['at'].isoformat()}")


def test_audit_head_refuses_to_export_a_broken_chain(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    rewrite_from(engine, 2, FORGED, key=None)
    code, out, err = audit(capsys, database_url, tmp_path, "head", "--json")
    assert_names_broken_record((code, out, err), 2)
    assert out == ""


def test_an_untouched_chain_holds_its_anchor_in_every_form_after_more_records(
        engine: Engine, chain: int, make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    taken = anchor_taken(capsys, database_url, tmp_path)
    append(make_uow, 6, 7)
    saved = tmp_path / "anchor.json"
    saved.write_text(json.dumps(taken), encoding="utf-8")
    for form in (json.dumps(taken), str(taken["line"]), str(saved)):
        code, out, err = verify(capsys, database_url, tmp_path, "--anchor", form)
        assert code == 0, err
        assert f"holds the anchored head: seq {chain}" in out


def test_a_rewrite_by_a_key_holder_after_an_anchor_was_taken_fails_verify_anchor(
        engine: Engine, chain: int, make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    taken = anchor_taken(capsys, database_url, tmp_path)
    append(make_uow, 6)
    key = key_in(tmp_path)
    new_head = rewrite_from(engine, 2, FORGED, key=key, keyed_from=1)
    with engine.begin() as conn:
        conn.execute(update(HEAD).values(mac=mac_of(key, chain + 1, new_head, 1)))

    code, _, err = verify(capsys, database_url, tmp_path)
    assert code == 0, err  # with the key the rewrite is a chain like any other ...
    result = verify(capsys, database_url, tmp_path, "--anchor", str(taken["line"]))
    assert_names_broken_record(result, chain)  # ... but not the one anchored outside
    assert "differs from the anchored head" in result[2]


def test_a_chain_cut_below_its_anchor_by_a_key_holder_fails_verify_anchor(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    taken = anchor_taken(capsys, database_url, tmp_path)
    key, kept = key_in(tmp_path), rows(engine)[2]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq > 3"))
        conn.execute(update(HEAD).values(seq=3, hash=kept["hash"],
                                         mac=mac_of(key, 3, kept["hash"], 1)))
    assert verify(capsys, database_url, tmp_path)[0] == 0
    result = verify(capsys, database_url, tmp_path, "--anchor", json.dumps(taken))
    assert_names_broken_record(result, chain)
    assert "missing" in result[2]


@pytest.mark.parametrize("anchor", ["{not json", "carbonlabel-audit-head seq=0 hash=ab",
                                    "a file that is not there"])
def test_an_unreadable_anchor_is_one_line_naming_the_option(
        engine: Engine, chain: int, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], anchor: str) -> None:
    code, _, err = verify(capsys, database_url, tmp_path, "--anchor", anchor)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "--anchor" in err


def test_the_audit_key_file_is_0600_in_a_0700_folder_and_never_in_the_database(
        engine: Engine, chain: int, tmp_path: Path) -> None:
    path = key_file(tmp_path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    key = key_in(tmp_path)
    assert len(key) == 32
    secrets = (base64.b64encode(key).decode(), key.hex(), key.decode("latin-1"))
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            dumped = repr(conn.execute(select(table)).all())
            assert not any(s in dumped for s in secrets), table.name


@pytest.fixture
def old_chain(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A database of revision 0005 holding three records and a head written by an older
    release (plain SHA-256, no key, no MAC): the tables only, not yet upgraded."""
    made = keyed_engine(database_url, tmp_path)
    upgrade(made, "0005")
    prev = "0" * 64
    with made.begin() as conn:
        for seq in (1, 2, 3):
            row = {"seq": seq, "at": at(seq), "actor_id": None, "organisation_id": None,
                   "action": "product.created", "entity": "product", "entity_id": str(seq),
                   "before": None, "after": {"名称": f"旧 {seq}"}, "prev_hash": prev}
            digest = sha256_of(row)
            conn.execute(text("INSERT INTO audit_log (seq, at, action, entity, entity_id, "
                              f"after, prev_hash, hash) VALUES (:seq, :at, :action, :entity, "
                              f":entity_id, {json_param(made).replace(':value', ':after')}, "
                              ":prev_hash, :hash)"),
                         {**row, "after": json.dumps(row["after"], ensure_ascii=False),
                          "hash": digest})
            prev = digest
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 3, :hash)"),
                     {"hash": prev})
    yield made
    made.dispose()


def test_an_unkeyed_chain_from_an_older_release_keeps_verifying_once_upgraded(
        old_chain: Engine, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    old = rows(old_chain)
    upgrade(old_chain)
    append(uow_factory(old_chain), 5)

    code, out, err = verify(capsys, database_url, tmp_path)
    assert code == 0, err
    assert "5 条记录 records" in out
    assert "unkeyed older records: 3" in out
    now, key = rows(old_chain), key_in(tmp_path)
    assert now[:3] == old  # the old records are kept as they were, plain SHA-256
    keyed = now[3]
    assert (keyed["seq"], keyed["action"], keyed["after"], keyed["prev_hash"]) \
        == (4, "audit.keyed", {"unkeyed_records": 3, "unkeyed_head": old[-1]["hash"]},
            old[-1]["hash"])
    assert [r["hash"] for r in now[3:]] == [hmac_of(key, r) for r in now[3:]]
    assert head(old_chain)["keyed_from"] == 4
    assert head(old_chain)["mac"] == mac_of(key, 5, now[-1]["hash"], 4)


def test_a_wrong_audit_key_fails_at_the_first_keyed_record(
        old_chain: Engine, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    upgrade(old_chain)
    append(uow_factory(old_chain), 5)
    key_file(tmp_path).write_text(base64.b64encode(b"k" * 32).decode(), encoding="ascii")
    result = verify(capsys, database_url, tmp_path)
    assert_names_broken_record(result, 4)
    assert "another audit key" in result[2]


def test_an_edit_of_an_older_unkeyed_record_is_still_named(
        old_chain: Engine, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    upgrade(old_chain)
    with old_chain.begin() as conn:
        conn.execute(text(f"UPDATE audit_log SET after = {json_param(old_chain)} "
                          "WHERE seq = 2"), {"value": json.dumps(FORGED)})
    assert_names_broken_record(verify(capsys, database_url, tmp_path), 2)


def test_an_older_record_edited_with_its_plain_hashes_recomputed_fails_at_the_first_keyed(
        old_chain: Engine, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    upgrade(old_chain)
    append(uow_factory(old_chain), 5)
    rewrite_from(old_chain, 2, FORGED, key=None)
    assert_names_broken_record(verify(capsys, database_url, tmp_path), 4)


def test_appending_to_a_chain_whose_head_lost_its_keyed_from_is_refused(
        engine: Engine, chain: int, make_uow: UowFactory) -> None:
    with engine.begin() as conn:
        conn.execute(update(HEAD).values(keyed_from=None, mac=None))
    with pytest.raises(ConflictError, match="no MAC"):
        append(make_uow, 6)


def test_audit_head_of_an_empty_log_is_not_found(
        engine: Engine, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = audit(capsys, database_url, tmp_path, "head")
    assert (code, out) == (3, "")
    assert "no records yet" in err
