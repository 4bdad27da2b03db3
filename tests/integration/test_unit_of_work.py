"""The unit of work on SQLite and PostgreSQL: nothing is kept unless committed.

A service command commits its unit of work itself; what a transaction keeps without a commit
is shown here with the repositories directly (doing what the command does, short of its
commit), and commands are held together by ``uow.atomic()``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import StatementError

from carbonlabel.adapters.db.uow import UnitOfWork, UowFactory
from carbonlabel.adapters.security import new_token, token_hash
from carbonlabel.domain.audit import AuditRecord, verify_chain
from carbonlabel.domain.records import Job, JobState, ModelVersion, RegisteredProduct
from carbonlabel.domain.tenancy import ApiToken, Organisation, OrgKind
from carbonlabel.errors import ConflictError
from carbonlabel.services.accounts import users
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.support.persistence import footprint, model_text, quick_tenant
from tests.support.platform import Tenant


def _add_organisation(uow: UnitOfWork, name: str) -> Organisation:
    """What ``users.create_organisation`` does, short of its commit."""
    org = Organisation(users.new_id(), name, OrgKind.ENTERPRISE, "CN", datetime.now(UTC))
    uow.organisations.add(org)
    uow.audit.append(actor_id=None, organisation_id=org.id, action="organisation.created",
                     entity="organisation", entity_id=org.id, after={"name": org.name})
    return org


def test_nothing_is_kept_without_commit(make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow:
        org = _add_organisation(uow, "未提交 Uncommitted")
        assert uow.organisations.get(org.id) == org  # visible inside its own transaction
    with make_uow() as uow:
        assert uow.organisations.get(org.id) is None
        assert uow.audit.chain() == ([], None)


def test_an_error_rolls_back_the_change_and_its_audit_record(make_uow: UowFactory) -> None:
    made: list[str] = []

    def failing_change() -> None:
        with make_uow(write=True) as uow:
            made.append(_add_organisation(uow, "出错 Failing").id)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing_change()
    with make_uow() as uow:
        assert uow.organisations.get(made[0]) is None
        assert uow.audit.chain()[0] == []


def test_commits_inside_atomic_wait_for_the_block_and_a_failure_keeps_none(
        make_uow: UowFactory) -> None:
    made: list[str] = []

    def three_steps() -> None:
        with make_uow(write=True) as uow, uow.atomic():
            made.append(users.create_organisation(uow, "甲 A", OrgKind.ENTERPRISE, "CN").id)
            uow.commit()  # a command's own commit, held by the block
            with uow.atomic():  # an inner block does not commit either
                made.append(users.create_organisation(uow, "乙 B", OrgKind.ENTERPRISE,
                                                      "CN").id)
                uow.commit()
            raise RuntimeError("the third step fails")

    with pytest.raises(RuntimeError):
        three_steps()
    with make_uow() as uow:
        assert [uow.organisations.get(i) for i in made] == [None, None]
        assert uow.audit.chain() == ([], None)


def test_commands_inside_atomic_are_kept_together_when_the_block_ends(
        make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow, uow.atomic():
        first = users.create_organisation(uow, "甲 A", OrgKind.ENTERPRISE, "CN")
        uow.commit()
        second = users.create_organisation(uow, "乙 B", OrgKind.ENTERPRISE, "CN")
    with make_uow() as uow:
        assert [uow.organisations.get(o.id) for o in (first, second)] == [first, second]
        assert [r.action for r in uow.audit.chain()[0]] == ["organisation.created"] * 2


def test_a_commit_keeps_the_change_with_its_audit_record(make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, "已提交 Committed", OrgKind.ENTERPRISE, "CN-GD")
        uow.commit()
    with make_uow() as uow:
        stored = uow.organisations.get(org.id)
        records, head = uow.audit.chain()
    assert stored == org
    assert [r.action for r in records] == ["organisation.created"]
    assert head is not None
    assert (head.seq, head.hash, head.keyed_from) == (1, records[0].hash, 1)


def test_a_command_commits_itself_and_an_error_after_it_does_not_undo_it(
        make_uow: UowFactory) -> None:
    made: list[str] = []

    def command_then_failure() -> None:
        with make_uow(write=True) as uow:
            made.append(users.create_organisation(uow, "已提交 Kept", OrgKind.ENTERPRISE,
                                                  "CN").id)
            raise RuntimeError("a later step fails")

    with pytest.raises(RuntimeError):
        command_then_failure()
    with make_uow() as uow:
        assert uow.organisations.get(made[0]) is not None
        assert [r.action for r in uow.audit.chain()[0]] == ["organisation.created"]


# -- every kind of write: kept with its audit record on commit, else neither ------------------

Probe = Callable[[UnitOfWork], bool]


@dataclass(frozen=True)
class Stored:
    tenant: Tenant
    product: RegisteredProduct
    version: ModelVersion
    base: Path


def _product(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    p = catalog.register_product(uow, s.tenant.analyst,
                                 catalog.ProductData("新产品", "New product", "test"))
    return p.id, lambda u: u.products.in_org(s.tenant.organisation.id, p.id) is not None


def _model_version(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    v = catalog.save_model_version(uow, s.tenant.analyst, s.product.id, model_text(7), "json",
                                   s.base, s.base / "databases")
    return v.id, lambda u: u.model_versions.in_org(s.tenant.organisation.id, v.id) is not None


def _footprint(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    # what run_footprint_job does in its last transaction
    org_id, user_id = s.tenant.organisation.id, s.tenant.analyst.id
    record = footprint(org_id, s.product.id, s.version.id, user_id)
    uow.footprints.add(record)
    uow.audit.append(actor_id=user_id, organisation_id=org_id, action="footprint.calculated",
                     entity="footprint", entity_id=record.id,
                     after={"total_co2e_kg": record.total_co2e_kg})
    return record.id, lambda u: u.footprints.in_org(org_id, record.id) is not None


def _job(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    j = footprint_jobs.start_footprint_job(uow, s.tenant.analyst, s.version.id)
    return j.id, lambda u: u.jobs.get(j.id) is not None


def _token(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    token, secret = users.create_token(uow, s.tenant.analyst, "ci")
    return token.id, lambda u: u.tokens.find(token_hash(secret)) is not None


# the same writes by the repositories, short of the command's commit


def _product_rows(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    org_id = s.tenant.organisation.id
    p = RegisteredProduct(users.new_id(), org_id, "新产品", "New product", "test", None, None,
                          None, datetime.now(UTC))
    uow.products.add(p)
    uow.audit.append(actor_id=s.tenant.analyst.id, organisation_id=org_id,
                     action="product.registered", entity="product", entity_id=p.id,
                     after={"name_en": p.name_en})
    return p.id, lambda u: u.products.in_org(org_id, p.id) is not None


def _model_version_rows(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    org_id, content = s.tenant.organisation.id, model_text(7)
    v = ModelVersion(users.new_id(), s.product.id,
                     uow.model_versions.latest_number(s.product.id) + 1, "json", content,
                     hashlib.sha256(content.encode("utf-8")).hexdigest(), s.tenant.analyst.id,
                     datetime.now(UTC))
    uow.model_versions.add(v)
    uow.audit.append(actor_id=s.tenant.analyst.id, organisation_id=org_id,
                     action="model_version.saved", entity="model_version", entity_id=v.id,
                     after={"product_id": s.product.id, "version": v.version})
    return v.id, lambda u: u.model_versions.in_org(org_id, v.id) is not None


def _job_rows(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    org_id, now = s.tenant.organisation.id, datetime.now(UTC)
    j = Job(users.new_id(), org_id, "footprint", JobState.QUEUED, 0.0, "queued", s.version.id,
            None, None, s.tenant.analyst.id, now, now)
    uow.jobs.add(j)
    uow.audit.append(actor_id=s.tenant.analyst.id, organisation_id=org_id,
                     action="job.queued", entity="job", entity_id=j.id,
                     after={"kind": j.kind, "model_version_id": s.version.id})
    return j.id, lambda u: u.jobs.get(j.id) is not None


def _token_rows(uow: UnitOfWork, s: Stored) -> tuple[str, Probe]:
    secret = new_token()
    token = ApiToken(users.new_id(), s.tenant.analyst.id, "ci", datetime.now(UTC))
    uow.tokens.add(token, token_hash(secret))
    uow.audit.append(actor_id=s.tenant.analyst.id, organisation_id=s.tenant.organisation.id,
                     action="api_token.created", entity="api_token", entity_id=token.id,
                     after={"name": token.name})
    return token.id, lambda u: u.tokens.find(token_hash(secret)) is not None


Write = Callable[[UnitOfWork, Stored], tuple[str, Probe]]
#: each kind: (the command, which commits; the same write by the repositories, which does not)
WRITES: dict[str, tuple[Write, Write]] = {
    "product": (_product, _product_rows),
    "model_version": (_model_version, _model_version_rows),
    "footprint": (_footprint, _footprint),
    "job": (_job, _job_rows),
    "token": (_token, _token_rows)}


@pytest.fixture
def stored(make_uow: UowFactory, tmp_path: Path) -> Stored:
    tenant = quick_tenant(make_uow, "写入 Writer")
    with make_uow(write=True) as uow:
        p = catalog.register_product(uow, tenant.analyst,
                                     catalog.ProductData("产品", "Product", "test"))
        v = catalog.save_model_version(uow, tenant.analyst, p.id, model_text(), "json",
                                       tmp_path, tmp_path / "databases")
        uow.commit()
    return Stored(tenant, p, v, tmp_path)


def _chain(make_uow: UowFactory) -> list[AuditRecord]:
    with make_uow() as uow:
        records, head = uow.audit.chain()
        key = uow.audit.key
    assert verify_chain(records, head, key) is None
    return records


@pytest.mark.parametrize("kind", list(WRITES))
def test_a_write_is_kept_with_its_audit_record_only_when_committed(
        make_uow: UowFactory, stored: Stored, kind: str) -> None:
    write, rows = WRITES[kind]
    before = _chain(make_uow)

    with make_uow(write=True) as uow:
        _, probe = rows(uow, stored)
        assert probe(uow)  # visible inside its own transaction
    with make_uow() as uow:
        assert not probe(uow), "kept without commit"
    assert _chain(make_uow) == before

    probes: list[Probe] = []

    def failing_use_case() -> None:
        with make_uow(write=True) as uow, uow.atomic():  # the command's commit is held
            probes.append(write(uow, stored)[1])
            raise RuntimeError("the use case failed after the write")

    with pytest.raises(RuntimeError):
        failing_use_case()
    with make_uow() as uow:
        assert not probes[0](uow), "kept after an error"
    assert _chain(make_uow) == before

    with make_uow(write=True) as uow:
        entity_id, probe = write(uow, stored)
        uow.commit()
    with make_uow() as uow:
        assert probe(uow)
    after = _chain(make_uow)
    assert after[:len(before)] == before
    assert [r.entity_id for r in after[len(before):]] == [entity_id]


def test_a_refused_change_takes_the_earlier_changes_and_audit_records_with_it(
        make_uow: UowFactory, stored: Stored) -> None:
    before = _chain(make_uow)
    data = catalog.ProductData("编码", "Coded", "test", own_code="C-1")
    made: list[RegisteredProduct] = []

    def register_twice() -> None:
        with make_uow(write=True) as uow, uow.atomic():  # both or neither
            made.append(catalog.register_product(uow, stored.tenant.analyst, data))
            catalog.register_product(uow, stored.tenant.analyst, data)  # same code: refused
            uow.commit()

    with pytest.raises(ConflictError):
        register_twice()
    with make_uow() as uow:
        assert uow.products.in_org(stored.tenant.organisation.id, made[0].id) is None
    assert _chain(make_uow) == before


def test_a_failing_audit_append_takes_the_change_with_it(make_uow: UowFactory,
                                                         stored: Stored) -> None:
    before = _chain(make_uow)
    org_id = stored.tenant.organisation.id
    made: list[RegisteredProduct] = []

    def change_then_unstorable_record() -> None:
        with make_uow(write=True) as uow, uow.atomic():  # the command's commit is held
            p = catalog.register_product(uow, stored.tenant.analyst,
                                         catalog.ProductData("审计失败", "Audit fails", "test"))
            made.append(p)
            uow.audit.append(actor_id=None, organisation_id=org_id, action="product.touched",
                             entity="product", entity_id=p.id, after={"not json": object()})
            uow.commit()

    # SQLAlchemy wraps the encoder's TypeError on SQLite; psycopg raises it as it is
    with pytest.raises((StatementError, TypeError)):
        change_then_unstorable_record()
    with make_uow() as uow:
        assert uow.products.in_org(org_id, made[0].id) is None
    assert _chain(make_uow) == before
