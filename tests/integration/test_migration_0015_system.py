"""Migration 0015 (system certification) on SQLite and PostgreSQL: a certificate granted
before it keeps every row and is in product mode after it (no system application, no
registration: nothing to back-fill); the downgrade drops the six tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect

from carbonlabel.adapters.db.migrate import current_revision, head_revision, upgrade
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.certificate_content import CertificationMode
from tests.integration.test_certificate_revision_migration import _downgrade
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)

TABLES = {"system_applications", "system_certificates", "system_status_changes",
          "system_registrations", "system_samples", "system_sample_items"}


def test_a_certificate_granted_before_0015_is_in_product_mode_after_it(
        engine: Engine, make_uow: UowFactory, tmp_path: Path) -> None:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)

    _downgrade(engine, "0014")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        case = uow.cases.get(certificate.case_id)
        assert case is not None
        assert uow.systems.application(case.id) is None
        entry = uow.registry.entry(certificate.number)
    assert entry is not None
    assert (entry.mode, entry.system_number) == (CertificationMode.PRODUCT, None)
