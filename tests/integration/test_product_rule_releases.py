"""Product rule releases on the platform (SQLite and PostgreSQL): the bundled releases are
stored by the migration and never change; a footprint records the release it was calculated
under (code@version#sha256), and a newer release never changes an older footprint; a saved
model must name a released rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.domain.product_rules import AppliedRule
from carbonlabel.domain.product_rules.content import rule_hash
from carbonlabel.errors import ConflictError, ModelValidationError
from carbonlabel.services.quantify import catalog, footprint_jobs, product_rules
from tests.support.persistence import quick_tenant
from tests.support.platform import Tenant

CEMENT = resources.files("carbonlabel").joinpath("demo", "portland_cement.yaml").read_text(
    encoding="utf-8")
CODE = "cn-pilot-16-cement"


@pytest.fixture
def tenant(make_uow: UowFactory) -> Tenant:
    return quick_tenant(make_uow, "水泥 Cement Co")


def _save(make_uow: UowFactory, tenant: Tenant, text: str, tmp_path: Path) -> str:
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.analyst, catalog.ProductData(
            "水泥", "Cement", "cement"))
        version = catalog.save_model_version(uow, tenant.analyst, product.id, text, "yaml",
                                             tmp_path, tmp_path / "store")
    return version.id


def _footprint(make_uow: UowFactory, tenant: Tenant, version_id: str,
               tmp_path: Path) -> str | None:
    with make_uow(write=True) as uow:
        job = footprint_jobs.start_footprint_job(uow, tenant.analyst, version_id)
    footprint_jobs.run_footprint_job(make_uow, job.id, tmp_path, tmp_path / "store")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None, done.error
        record = uow.footprints.in_org(tenant.organisation.id, done.result_id)
        assert record is not None
        return record.product_rule_release


def test_the_migration_stores_every_bundled_release_which_never_changes(
        make_uow: UowFactory) -> None:
    with make_uow() as uow:
        stored = uow.product_rules.all()
    assert len(stored) == 17
    for rule, digest in stored:
        bundled = next(r for r in bundled_rules() if r.code == rule.code)
        assert rule == bundled
        assert digest == rule_hash(bundled)
    changed = replace(bundled_rules()[0], cut_off=replace(bundled_rules()[0].cut_off, total=0.1))
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        uow.product_rules.add(changed)
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        uow.product_rules.sync([changed])
    with make_uow(write=True) as uow:
        assert product_rules.sync_bundled(uow) == []  # all there: nothing to add


def test_a_footprint_records_its_release_and_a_newer_one_changes_it_not(
        make_uow: UowFactory, tenant: Tenant, tmp_path: Path) -> None:
    v1 = next(r for r in bundled_rules() if r.code == CODE)
    version_id = _save(make_uow, tenant, CEMENT, tmp_path)  # names the code, no version
    first = _footprint(make_uow, tenant, version_id, tmp_path)
    assert first == f"{CODE}@1.0#{rule_hash(v1)}"
    v11 = replace(v1, version="1.1", released_on=date(2026, 1, 1))
    with make_uow(write=True) as uow:
        uow.product_rules.add(v11)
        uow.commit()
    with make_uow() as uow:
        records = uow.footprints.page(tenant.organisation.id, 0, 10).items
    assert [r.product_rule_release for r in records] == [first]  # unchanged
    second = _footprint(make_uow, tenant, version_id, tmp_path)  # the latest now: 1.1
    assert AppliedRule.parse(second) == AppliedRule(CODE, "1.1", rule_hash(v11))
    with make_uow() as uow:
        again = {r.product_rule_release for r in
                 uow.footprints.page(tenant.organisation.id, 0, 10).items}
    assert again == {first, second}


def test_a_model_must_name_a_released_rule_and_without_one_records_none(
        make_uow: UowFactory, tenant: Tenant, tmp_path: Path) -> None:
    text = CEMENT.replace("product_rule: {code: cn-pilot-16-cement}",
                          'product_rule: {code: cn-pilot-16-cement, version: "9.0"}')
    with pytest.raises(ModelValidationError) as caught:
        _save(make_uow, tenant, text, tmp_path)
    assert [e.field for e in caught.value.errors] == ["product.product_rule.version"]
    text = CEMENT.replace("product_rule: {code: cn-pilot-16-cement}", "product_rule: null")
    assert text != CEMENT
    version_id = _save(make_uow, tenant, text, tmp_path)
    assert _footprint(make_uow, tenant, version_id, tmp_path) is None
