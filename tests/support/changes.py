"""A certified product whose holder saves a new model version (and computes its footprint):
the starting point of the tests of changes affecting certification."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.support.certification import (
    DEMO_MODEL,
    Body,
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import Tenant


@dataclass(frozen=True)
class Certified:
    body: Body
    holder: Tenant
    certificate: Certificate


def certified(make_uow: UowFactory, data_dir: Path, body_code: int = 7) -> Certified:
    body = seed_body(make_uow, code=body_code)
    tenant, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, tenant, footprint)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
    assert certificate is not None
    return Certified(body, tenant, certificate)


def new_model_version(make_uow: UowFactory, data_dir: Path, made: Certified,
                      cells_kg: int = 470) -> FootprintRecord:
    """The holder saves a changed model (another cell mass) and computes its footprint."""
    content = DEMO_MODEL.read_text(encoding="utf-8").replace("amount: 480",
                                                             f"amount: {cells_kg}")
    with make_uow(write=True) as uow:
        version = catalog.save_model_version(uow, made.holder.analyst,
                                             made.certificate.product_id, content, "yaml",
                                             data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, made.holder.analyst, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None
        record = uow.footprints.in_org(made.holder.organisation.id, done.result_id)
    assert record is not None
    return record
