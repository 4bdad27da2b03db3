"""Repositories on SQLite and PostgreSQL: rows in, equal domain objects out (UTC datetimes),
pages with totals in a stable order, scoping by organisation, constraints as ConflictError."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.audit import verify_chain
from carbonlabel.domain.records import JobState, ModelVersion
from carbonlabel.domain.tenancy import ApiToken, Organisation, OrgKind, Role, User
from carbonlabel.errors import ConflictError
from carbonlabel.services.accounts import users
from carbonlabel.services.quantify import catalog
from tests.support.persistence import (
    T0,
    at,
    footprint,
    job,
    model_text,
    new_id,
    product,
    quick_tenant,
    version,
)
from tests.support.platform import PASSWORD, Tenant


@pytest.fixture
def tenant(make_uow: UowFactory) -> Tenant:
    return quick_tenant(make_uow, "甲 Alpha")


@pytest.fixture
def other(make_uow: UowFactory) -> Tenant:
    return quick_tenant(make_uow, "乙 Beta")


def assert_utc(value: datetime) -> None:
    assert value.utcoffset() == timedelta(0)


def test_organisations_round_trip_and_list_by_name(make_uow: UowFactory) -> None:
    orgs = [Organisation(new_id(), name, OrgKind.SUPPLIER, "CN-JS", at(k))
            for k, name in enumerate(["b 供应商", "a 供应商", "c 供应商"])]
    with make_uow(write=True) as uow:
        for org in orgs:
            uow.organisations.add(org)
        uow.commit()
    with make_uow() as uow:
        got = uow.organisations.get(orgs[0].id)
        listed = uow.organisations.list_all()
        missing = uow.organisations.get(new_id())
    assert got == orgs[0]
    assert got is not None
    assert_utc(got.created_at)
    assert [o.name for o in listed] == ["a 供应商", "b 供应商", "c 供应商"]
    assert missing is None


def test_a_datetime_of_another_zone_comes_back_as_the_same_instant_in_utc(
        make_uow: UowFactory) -> None:
    beijing = timezone(timedelta(hours=8))
    org = Organisation(new_id(), "时区 Zone", OrgKind.BANK, "CN-BJ",
                       datetime(2024, 5, 1, 16, 30, 0, 123456, tzinfo=beijing))
    with make_uow(write=True) as uow:
        uow.organisations.add(org)
        uow.commit()
    with make_uow() as uow:
        got = uow.organisations.get(org.id)
    assert got is not None
    assert got.created_at == T0  # 16:30 in Beijing is 08:30 UTC
    assert got.created_at.tzinfo == UTC


def test_users_round_trip_by_id_email_and_page_by_email(make_uow: UowFactory,
                                                        tenant: Tenant) -> None:
    org_id = tenant.organisation.id
    added = [User(new_id(), org_id, f"{name}@example.cn", f"显示 {name}", Role.AUDITOR,
                  name != "zed", at(k)) for k, name in enumerate(["mia", "zed", "amy"])]
    with make_uow(write=True) as uow:
        for user in added:
            uow.users.add(user, f"hash-of-{user.email}")
        uow.commit()
    with make_uow() as uow:
        got = uow.users.get(added[1].id)
        by_email = uow.users.by_email("MIA@example.cn")
        page = uow.users.page(org_id, 1, 3)
        everyone = uow.users.page(org_id, 0, 100)
    assert got == added[1]
    assert got is not None
    assert got.active is False
    assert_utc(got.created_at)
    assert by_email == (added[0], "hash-of-mia@example.cn")
    emails = sorted(u.email for u in [*added, tenant.admin, tenant.analyst, tenant.viewer])
    assert [u.email for u in everyone.items] == emails
    assert page.total == 6
    assert (page.offset, page.limit) == (1, 3)
    assert [u.email for u in page.items] == emails[1:4]


def test_an_api_token_finds_its_user_with_the_user_s_state(make_uow: UowFactory,
                                                          tenant: Tenant) -> None:
    tokens = {tenant.analyst.id: "a" * 64, tenant.viewer.id: "b" * 64}
    with make_uow(write=True) as uow:
        for user_id, digest in tokens.items():
            uow.tokens.add(ApiToken(new_id(), user_id, "ci", T0), digest)
        uow.session.execute(text("UPDATE users SET active = :no WHERE id = :id"),
                            {"no": False, "id": tenant.viewer.id})
        uow.commit()
    with make_uow() as uow:
        found = uow.tokens.find("a" * 64)
        assert found is not None
        assert found[1] == tenant.analyst
        viewer = uow.tokens.find("b" * 64)
        assert viewer is not None
        assert viewer[1].active is False  # the viewer is deactivated: refused by the service
        assert uow.tokens.find("c" * 64) is None


def test_products_round_trip_and_page_newest_first_with_ties_by_id(
        make_uow: UowFactory, tenant: Tenant, other: Tenant) -> None:
    org_id = tenant.organisation.id
    made = [product(org_id, minutes=k, own_code=f"P-{k}") for k in range(5)]
    tied = [product(org_id, minutes=10, product_id=f"{c}{new_id()[1:]}") for c in "ba"]
    with make_uow(write=True) as uow:
        for p in [*made, *tied, product(other.organisation.id, minutes=99)]:
            uow.products.add(p)
        uow.commit()
    with make_uow() as uow:
        got = uow.products.in_org(org_id, made[2].id)
        first = uow.products.page(org_id, 0, 3)
        second = uow.products.page(org_id, 3, 3)
    assert got == made[2]
    assert got is not None
    assert_utc(got.created_at)
    expected = [*sorted(tied, key=lambda p: p.id), *reversed(made)]
    assert first.total == second.total == 7
    assert first.items == expected[:3]
    assert second.items == expected[3:6]


def test_model_versions_round_trip_and_page_highest_version_first(
        make_uow: UowFactory, tenant: Tenant) -> None:
    p = product(tenant.organisation.id)
    versions = [version(p.id, tenant.analyst.id, n, minutes=n) for n in (1, 2, 3)]
    with make_uow(write=True) as uow:
        uow.products.add(p)
        assert uow.model_versions.latest_number(p.id) == 0
        for v in versions:
            uow.model_versions.add(v)
        uow.commit()
    with make_uow() as uow:
        got = uow.model_versions.in_org(tenant.organisation.id, versions[0].id)
        page = uow.model_versions.page(p.id, 0, 2)
        latest = uow.model_versions.latest_number(p.id)
    assert got == versions[0]
    assert got is not None
    assert_utc(got.created_at)
    assert latest == 3
    assert page.total == 3
    assert [v.version for v in page.items] == [3, 2]


def test_footprints_round_trip_and_page_newest_first_by_product(
        make_uow: UowFactory, tenant: Tenant) -> None:
    org_id, user_id = tenant.organisation.id, tenant.analyst.id
    p1, p2 = product(org_id), product(org_id)
    v1, v2 = version(p1.id, user_id, 1), version(p2.id, user_id, 1)
    records = [footprint(org_id, p.id, v.id, user_id, minutes=k, total=0.1 * (k + 1))
               for k, (p, v) in enumerate([(p1, v1), (p2, v2), (p1, v1), (p1, v1)])]
    with make_uow(write=True) as uow:
        for p in (p1, p2):
            uow.products.add(p)
        for v in (v1, v2):
            uow.model_versions.add(v)
        for r in records:
            uow.footprints.add(r)
        uow.commit()
    with make_uow() as uow:
        got = uow.footprints.in_org(org_id, records[1].id)
        of_p1 = uow.footprints.page(org_id, 0, 2, product_id=p1.id)
        every = uow.footprints.page(org_id, 0, 10)
    assert got == records[1]
    assert got is not None
    assert_utc(got.created_at)
    assert got.total_co2e_kg == 0.2  # a float survives exactly
    assert of_p1.total == 3
    assert of_p1.items == [records[3], records[2]]
    assert every.items == list(reversed(records))


def test_jobs_round_trip_update_and_unfinished(make_uow: UowFactory, tenant: Tenant) -> None:
    org_id, user_id = tenant.organisation.id, tenant.analyst.id
    jobs = [job(org_id, new_id(), user_id, minutes=k) for k in range(3)]
    with make_uow(write=True) as uow:
        for j in jobs:
            uow.jobs.add(j)
        uow.commit()
    with make_uow(write=True) as uow:
        uow.jobs.update(jobs[0].id, state=JobState.SUCCEEDED, progress=1.0,
                        message="已完成 done", result_id="r-1")
        uow.commit()
    with make_uow() as uow:
        got = uow.jobs.get(jobs[1].id)
        done = uow.jobs.in_org(org_id, jobs[0].id)
        unfinished = uow.jobs.unfinished_ids()
        page = uow.jobs.page(org_id, 1, 5)
    assert got == jobs[1]
    assert done is not None
    assert (done.state, done.progress, done.result_id) == (JobState.SUCCEEDED, 1.0, "r-1")
    assert_utc(done.updated_at)
    assert done.updated_at > jobs[0].updated_at
    assert sorted(unfinished) == sorted(j.id for j in jobs[1:])
    assert page.total == 3
    assert [j.id for j in page.items] == [jobs[1].id, jobs[0].id]


def test_in_org_returns_none_for_another_organisations_record(
        make_uow: UowFactory, tenant: Tenant, other: Tenant) -> None:
    org_id, user_id = tenant.organisation.id, tenant.analyst.id
    p = product(org_id)
    v = version(p.id, user_id, 1)
    f = footprint(org_id, p.id, v.id, user_id)
    j = job(org_id, v.id, user_id)
    with make_uow(write=True) as uow:
        uow.products.add(p)
        uow.model_versions.add(v)
        uow.footprints.add(f)
        uow.jobs.add(j)
        uow.commit()
    stranger = other.organisation.id
    with make_uow() as uow:
        assert uow.users.in_org(stranger, tenant.analyst.id) is None
        assert uow.products.in_org(stranger, p.id) is None
        assert uow.model_versions.in_org(stranger, v.id) is None
        assert uow.footprints.in_org(stranger, f.id) is None
        assert uow.jobs.in_org(stranger, j.id) is None
        assert uow.products.page(stranger, 0, 10).total == 0
        assert uow.footprints.page(stranger, 0, 10).total == 0
        assert uow.jobs.page(stranger, 0, 10).total == 0
        # and the owner sees every one of them
        assert uow.users.in_org(org_id, tenant.analyst.id) == tenant.analyst
        assert uow.products.in_org(org_id, p.id) == p
        assert uow.model_versions.in_org(org_id, v.id) == v
        assert uow.footprints.in_org(org_id, f.id) == f
        assert uow.jobs.in_org(org_id, j.id) == j


def test_a_duplicate_email_is_a_conflict(make_uow: UowFactory, tenant: Tenant) -> None:
    taken = tenant.viewer.email
    with make_uow(write=True) as uow, pytest.raises(ConflictError) as raised:
        uow.users.add(User(new_id(), tenant.organisation.id, taken, "copy", Role.VIEWER,
                           True, T0), "hash")
    assert raised.value.field == "email"
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        users.create_user(uow, tenant.admin, taken.upper(), "copy", Role.VIEWER, PASSWORD)


def test_a_duplicate_own_code_is_a_conflict_within_an_organisation_only(
        make_uow: UowFactory, tenant: Tenant, other: Tenant) -> None:
    with make_uow(write=True) as uow:
        uow.products.add(product(tenant.organisation.id, own_code="X-1"))
        uow.products.add(product(other.organisation.id, own_code="X-1"))
        uow.products.add(product(tenant.organisation.id, own_code=None))
        uow.products.add(product(tenant.organisation.id, own_code=None))
        uow.commit()
    data = catalog.ProductData("重复", "Duplicate", "test", own_code="X-1")
    with make_uow(write=True) as uow, pytest.raises(ConflictError) as raised:
        catalog.register_product(uow, tenant.analyst, data)
    assert raised.value.field == "own_code"
    with make_uow() as uow:
        assert uow.products.page(tenant.organisation.id, 0, 10).total == 3


def test_a_version_number_taken_by_another_save_is_a_conflict(
        make_uow: UowFactory, tenant: Tenant) -> None:
    p = product(tenant.organisation.id)
    with make_uow(write=True) as uow:
        uow.products.add(p)
        uow.model_versions.add(version(p.id, tenant.analyst.id, 1))
        uow.commit()
    with make_uow(write=True) as uow:
        with pytest.raises(ConflictError) as raised:
            uow.model_versions.add(version(p.id, tenant.analyst.id, 1))
        # the savepoint keeps the transaction usable: the next number goes in
        uow.model_versions.add(version(p.id, tenant.analyst.id, 2))
        uow.commit()
    assert raised.value.field == "version"
    with make_uow() as uow:
        assert [v.version for v in uow.model_versions.page(p.id, 0, 10).items] == [2, 1]


def test_concurrent_saves_never_share_a_version_number(make_uow: UowFactory, tenant: Tenant,
                                                       tmp_path: Path) -> None:
    with make_uow(write=True) as uow:
        p = catalog.register_product(uow, tenant.analyst,
                                     catalog.ProductData("并发", "Concurrent", "test"))
        uow.commit()
    writers = 6
    barrier = threading.Barrier(writers)
    saved: list[ModelVersion] = []
    refused: list[Exception] = []

    def save(k: int) -> None:
        barrier.wait()
        try:
            with make_uow(write=True) as uow:
                saved.append(catalog.save_model_version(
                    uow, tenant.analyst, p.id, model_text(k), "json", tmp_path,
                    tmp_path / "databases"))
                uow.commit()
        except Exception as exc:  # collected, checked below
            refused.append(exc)

    threads = [threading.Thread(target=save, args=(k,)) for k in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert saved, refused
    assert all(isinstance(e, ConflictError) for e in refused), refused
    numbers = sorted(v.version for v in saved)
    assert numbers == list(range(1, len(saved) + 1))  # distinct and without holes
    with make_uow() as uow:
        stored = uow.model_versions.page(p.id, 0, 100).items
        records, head = uow.audit.chain()
        key = uow.audit.key
    assert sorted(v.id for v in stored) == sorted(v.id for v in saved)
    assert verify_chain(records, head, key) is None
    assert len([r for r in records if r.action == "model_version.saved"]) == len(saved)


@pytest.mark.parametrize(("table", "values"), [
    ("products", "('p1', 'no-such-org', 'a', 'b', 'c', '2024-05-01 08:30:00')"),
    ("users", "('u1', 'no-such-org', 'x@example.cn', 'x', 'h', 'viewer', TRUE, "
              "'2024-05-01 08:30:00')"),
])
def test_foreign_keys_are_enforced_on_every_back_end(engine: Engine, table: str,
                                                     values: str) -> None:
    columns = {"products": "(id, organisation_id, name_zh, name_en, category, created_at)",
               "users": "(id, organisation_id, email, display_name, password_hash, role, "
                        "active, created_at)"}[table]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(f"INSERT INTO {table} {columns} VALUES {values}"))


def test_a_referenced_row_cannot_be_deleted(engine: Engine, make_uow: UowFactory,
                                            tenant: Tenant) -> None:
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("DELETE FROM organisations WHERE id = :id"),
                     {"id": tenant.organisation.id})
    with make_uow() as uow:
        assert uow.organisations.get(tenant.organisation.id) == tenant.organisation


def test_a_product_of_an_unknown_organisation_is_refused(make_uow: UowFactory) -> None:
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        uow.products.add(product("no-such-organisation"))
