"""Encryption at rest, on SQLite and PostgreSQL: what is stored is ciphertext, tampering and
moving is detected, the key rotation re-encrypts everything, and the database file and a
dump of the database hold no plaintext of an encrypted field."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, Text, make_url, select, type_coerce, update

from carbonlabel.adapters.data_keys import PREFIX, DataKeyError, DataKeys
from carbonlabel.adapters.db.audit_log import audit_key_of
from carbonlabel.adapters.db.encrypted import attach_cipher
from carbonlabel.adapters.db.exchange_tables import PartnerRow
from carbonlabel.adapters.db.tables import FootprintRow, ModelVersionRow
from carbonlabel.adapters.db.uow import UowFactory, uow_factory
from carbonlabel.cli.app import main
from carbonlabel.config import Settings
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.services.accounts import users
from carbonlabel.services.platform import data_keys
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.conftest import base_model
from tests.support.persistence import quick_tenant


@dataclass(frozen=True)
class Sealed:
    """One organisation's confidential values: a model, its footprint and a partner secret."""

    version_id: str
    footprint_id: str
    partner_id: str
    model_marker: str  # in the model's content only (a factor's source note)
    process_marker: str  # a process name: in the content and in the result's breakdown
    secret: str  # the partner's outbound client secret
    control: str  # the product's name: not encrypted (the positive control of the grep)


def keys_of(tmp_path: Path) -> DataKeys:
    return DataKeys(Settings(data_dir=tmp_path).data_keys_dir)


def seal_records(make_uow: UowFactory, data_dir: Path) -> Sealed:
    tag = uuid.uuid4().hex[:10]
    model_marker, process_marker = f"MODELNOTE{tag}", f"PROCESSNAME{tag}"
    secret, control = f"OUTBOUNDSECRET{tag}", f"CONTROLNAME{tag}"
    model = base_model()
    model["factors"][0]["source"]["note"] = model_marker
    model["processes"][0]["name"] = {"zh": process_marker, "en": process_marker}
    tenant = quick_tenant(make_uow, f"保密企业 {tag}")
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.admin, catalog.ProductData(
            control, control, "test"))
        version = catalog.save_model_version(uow, tenant.admin, product.id,
                                             json.dumps(model, ensure_ascii=False), "json",
                                             data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, tenant.admin, version.id)
        partner = Partner(users.new_id(), tenant.organisation.id, f"Acme {tag}", "DE",
                          "3.0.0", None, "https://acme.example", None, "acme-client", secret,
                          None, True, version.created_at)
        uow.partners.add(partner, None)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None, done
        record = uow.footprints.in_org(tenant.organisation.id, done.result_id)
        assert record is not None
    assert process_marker in record.result_json  # the breakdown by process names it
    return Sealed(version.id, record.id, partner.id, model_marker, process_marker, secret,
                  control)


def raw_values(engine: Engine, sealed: Sealed) -> dict[str, str]:
    """The three encrypted values as stored (past the column type)."""
    with engine.connect() as conn:
        return {
            "content": conn.scalar(select(type_coerce(ModelVersionRow.content, Text())).where(
                ModelVersionRow.id == sealed.version_id)),
            "result": conn.scalar(select(type_coerce(FootprintRow.result_json, Text())).where(
                FootprintRow.id == sealed.footprint_id)),
            "secret": conn.scalar(select(type_coerce(PartnerRow.outbound_client_secret,
                                                     Text())).where(
                PartnerRow.id == sealed.partner_id)),
        }


def read_back(make_uow: UowFactory, sealed: Sealed) -> tuple[str, str, str | None]:
    """The three values read through the column type (opened with the engine's keys)."""
    with make_uow() as uow:
        version = uow.session.get(ModelVersionRow, sealed.version_id)
        footprint = uow.session.get(FootprintRow, sealed.footprint_id)
        partner = uow.partners.by_id(sealed.partner_id)
        assert version is not None
        assert footprint is not None
        assert partner is not None
        return version.content, footprint.result_json, partner.outbound_client_secret


def write_raw(engine: Engine, column: object, row_id: str, value: str) -> None:
    table = {ModelVersionRow.content: ModelVersionRow, FootprintRow.result_json: FootprintRow,
             PartnerRow.outbound_client_secret: PartnerRow}[column]  # type: ignore[index]
    with engine.begin() as conn:
        conn.execute(update(table).where(table.id == row_id).values(  # type: ignore[attr-defined]
            {column: type_coerce(value, Text())}))


def test_encrypted_fields_are_stored_sealed_and_read_as_plaintext(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    sealed = seal_records(make_uow, tmp_path)
    current = keys_of(tmp_path).cipher().current
    for name, value in raw_values(engine, sealed).items():
        assert value.startswith(f"{PREFIX}{current}:"), name
        assert sealed.model_marker not in value
        assert sealed.secret not in value
    content, result, secret = read_back(make_uow, sealed)
    assert sealed.model_marker in content
    assert sealed.process_marker in result
    assert secret == sealed.secret


def test_a_rotation_re_encrypts_every_value_with_the_new_key_and_retires_the_old(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    sealed = seal_records(make_uow, tmp_path)
    keys = keys_of(tmp_path)
    old = keys.cipher().current
    before = read_back(make_uow, sealed)
    # a value from before its column was encrypted: plaintext, readable as it is
    legacy = "legacy plaintext secret " + uuid.uuid4().hex
    write_raw(engine, PartnerRow.outbound_client_secret, sealed.partner_id, legacy)
    status = data_keys.key_status(engine, keys)
    assert (status.sealed_by, status.plaintext) == ({old: 2}, 1)

    done = data_keys.rotate(engine, keys, batch=1)

    assert done.new_key != old
    assert (done.rewritten, done.retired, done.kept) == (3, (old,), ())
    assert (keys.folder / "retired" / f"{old}.key").is_file()
    assert not (keys.folder / f"{old}.key").exists()
    for name, value in raw_values(engine, sealed).items():
        assert value.startswith(f"{PREFIX}{done.new_key}:"), name
    # a fresh engine with the ring as it is now on disk reads everything
    fresh = uow_factory(engine)
    attach_cipher(engine, keys_of(tmp_path).cipher())
    assert read_back(fresh, sealed) == (before[0], before[1], legacy)
    status = data_keys.key_status(engine, keys)
    assert (status.key_ids, status.sealed_by, status.plaintext) == (
        (done.new_key,), {done.new_key: 3}, 0)


def test_a_rotation_with_keep_old_keeps_the_old_key_in_the_ring(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    seal_records(make_uow, tmp_path)
    keys = keys_of(tmp_path)
    old = keys.cipher().current
    done = data_keys.rotate(engine, keys, keep_old=True)
    assert (done.retired, done.kept) == ((), (old,))
    assert keys.cipher().key_ids == tuple(sorted((old, done.new_key)))


def test_a_tampered_ciphertext_is_refused_and_stops_the_rotation(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    sealed = seal_records(make_uow, tmp_path)
    keys = keys_of(tmp_path)
    old = keys.cipher().current
    stored = raw_values(engine, sealed)["content"]
    body = stored[len(PREFIX) + len(old) + 1:]
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    write_raw(engine, ModelVersionRow.content, sealed.version_id,
              f"{PREFIX}{old}:{flipped}")
    with pytest.raises(DataKeyError, match="damaged or was moved"):
        read_back(make_uow, sealed)
    with pytest.raises(DataKeyError) as caught:
        data_keys.rotate(engine, keys)
    assert caught.value.field == f"model_versions.content[{sealed.version_id}]"
    assert (keys.folder / f"{old}.key").is_file()  # nothing retired: the old values need it


def test_a_ciphertext_copied_into_another_column_does_not_decrypt(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    sealed = seal_records(make_uow, tmp_path)
    secret = raw_values(engine, sealed)["secret"]
    write_raw(engine, FootprintRow.result_json, sealed.footprint_id, secret)
    with make_uow() as uow, pytest.raises(DataKeyError, match="moved"):
        uow.footprints.in_org(uow.session.get(PartnerRow, sealed.partner_id).organisation_id,
                              sealed.footprint_id)


def test_an_engine_without_keys_refuses_to_write_an_encrypted_field(
        database_url: str, engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    from carbonlabel.adapters.db.engine import make_engine

    sealed = seal_records(make_uow, tmp_path)
    keyless = make_engine(database_url)
    try:
        with pytest.raises(DataKeyError, match="no data key"):
            read_back(uow_factory(keyless), sealed)
    finally:
        keyless.dispose()


def test_the_cli_rotates_and_reports_the_keys(engine: Engine, make_uow: UowFactory,
                                              database_url: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    sealed = seal_records(make_uow, tmp_path)
    old = keys_of(tmp_path).cipher().current
    args = ["--data-dir", str(tmp_path), "--database-url", database_url]
    assert main(["data-keys", "status", *args]) == 0
    out = capsys.readouterr().out
    assert f"{old} (当前 current): 3 个值 values" in out
    assert "plaintext legacy values: 0" in out
    assert main(["data-keys", "rotate", *args]) == 0
    out = capsys.readouterr().out
    assert "re-encrypted 3 / 3" in out
    assert f"retired keys: {old}" in out
    assert main(["data-keys", "status", *args]) == 0
    out = capsys.readouterr().out
    assert old not in out
    attach_cipher(engine, keys_of(tmp_path).cipher())
    assert read_back(make_uow, sealed)[2] == sealed.secret


# -- no plaintext on disk -------------------------------------------------------------------

def _pg_dump(url: str) -> bytes:
    """``pg_dump`` of the test's own database (the whole of it: it holds only this test's
    tables)."""
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    dump = shutil.which("pg_dump") or "/usr/bin/pg_dump"
    return subprocess.run([dump, "--no-owner", plain],
                          check=True, capture_output=True, timeout=120).stdout


def _stored_bytes(engine: Engine, database_url: str) -> bytes:
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    if shutil.which("pg_dump") is None and not Path("/usr/bin/pg_dump").exists():
        pytest.skip("pg_dump is not installed")
    return _pg_dump(database_url)


def test_the_database_file_and_its_dump_hold_no_plaintext_of_encrypted_fields(
        engine: Engine, make_uow: UowFactory, database_url: str, tmp_path: Path) -> None:
    sealed = seal_records(make_uow, tmp_path)
    stored = _stored_bytes(engine, database_url)
    # the grep finds what is stored in the clear: the product's name
    assert sealed.control.encode() in stored
    for marker in (sealed.model_marker, sealed.process_marker, sealed.secret):
        assert marker.encode() not in stored, marker
    data_keys.rotate(engine, keys_of(tmp_path))
    stored = _stored_bytes(engine, database_url)
    for marker in (sealed.model_marker, sealed.process_marker, sealed.secret):
        assert marker.encode() not in stored, marker


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_job_in_a_worker_process_seals_with_the_same_keys(
        engine: Engine, make_uow: UowFactory, database_url: str, tmp_path: Path) -> None:
    from carbonlabel.services.quantify.job_runner import JobRunner

    tenant = quick_tenant(make_uow, "进程企业")
    model = base_model()
    model["processes"][0]["name"] = {"zh": "WORKERPROCESS", "en": "WORKERPROCESS"}
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.admin, catalog.ProductData(
            "产品", "product", "test"))
        version = catalog.save_model_version(uow, tenant.admin, product.id, json.dumps(model),
                                             "json", tmp_path, tmp_path / "databases")
        job = footprint_jobs.start_footprint_job(uow, tenant.admin, version.id)
        uow.commit()
    runner = JobRunner(database_url, make_uow, tmp_path, tmp_path / "databases",
                       processes=True, workers=1,
                       keys_dir=Settings(data_dir=tmp_path).data_keys_dir,
                       audit_key=audit_key_of(engine))
    runner.submit(job.id)
    runner.shutdown()
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None, done
        record = uow.footprints.in_org(tenant.organisation.id, done.result_id)
        assert record is not None
    assert "WORKERPROCESS" in record.result_json
    with engine.connect() as conn:
        stored = conn.scalar(select(type_coerce(FootprintRow.result_json, Text())).where(
            FootprintRow.id == record.id))
    assert stored.startswith(f"{PREFIX}{keys_of(tmp_path).cipher().current}:")


def test_a_running_server_seals_with_a_rotated_key_from_its_next_write(tmp_path: Path) -> None:
    keys = DataKeys(tmp_path / "data-keys")
    first = keys.new_key()
    live = keys.live()  # what platform_engine attaches: kept for the server's lifetime
    before = live.encrypt("inventory line", "model_versions.content")
    assert live.key_of(before) == first
    second = keys.new_key()  # the rotation command, in another process
    after = live.encrypt("inventory line", "model_versions.content")
    assert live.key_of(after) == second
    assert live.decrypt(before, "model_versions.content") == "inventory line"
    keys.retire(first)  # once the rotation has re-sealed everything
    assert live.decrypt(after, "model_versions.content") == "inventory line"
    with pytest.raises(DataKeyError):
        live.decrypt(before, "model_versions.content")
