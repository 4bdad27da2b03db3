"""REST API v1 of system certification (体系认证): the team's assessment of a system case,
the system certificates, products the holder registers under one, the body's seeded samples
and their findings, and status changes that carry every registered product with them. A
refused step is 409 with ``rule`` (docs/certification.md). A system certificate's id is a
``certificate_id`` in the paths (a certificate of the system mode)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request

from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.certification.system import SystemCertificate, SystemSample
from carbonlabel.services.certification import system
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.certification import system_schemas as s
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1", tags=["certification"], responses=SIGNED_IN,
                   dependencies=[Depends(refuse_nul)])
SYSTEMS = "/system-certificates"


def _system(c: SystemCertificate) -> dict[str, Any]:
    out = asdict(c)
    out.update(mode="system", stored_status=c.status,
               status=system.live(c, datetime.now(UTC).date()))
    return out


def _product(c: Certificate) -> dict[str, Any]:
    return {"certificate_id": c.id, "number": c.number, "product_id": c.product_id,
            "footprint_id": c.footprint_id, "certified_value": c.certified_value,
            "certified_unit": c.certified_unit, "status": c.status, "issued_on": c.issued_on,
            "expires_on": c.expires_on}


def _sample(x: SystemSample) -> dict[str, Any]:
    return {"id": x.id, "seed": x.seed, "population": x.population, "drawn_by": x.drawn_by,
            "drawn_at": x.drawn_at, "items": [asdict(i) for i in x.items]}


def _detail(uow: ReadUow | WriteUow, user: CurrentUser, system_id: str) -> dict[str, Any]:
    v = system.view(uow, user, system_id, datetime.now(UTC).date())
    return {**_system(v.system), "products": [_product(p) for p in v.products],
            "samples": [_sample(x) for x in v.samples],
            "status_changes": [asdict(c) for c in v.changes]}


@router.post("/cases/{case_id}/system-assessments", responses=WITH_BODY, status_code=201,
             response_model=s.AssessmentPublic)
def assess(case_id: str, body: s.AssessmentCreate, user: CurrentUser,
           uow: WriteUow) -> dict[str, Any]:
    """The audit team's finding on one item of the calculation system (system mode)."""
    return asdict(system.assess(uow, user, case_id, body.item, body.conforming, body.note))


@router.get(SYSTEMS, response_model=list[s.SystemCertificateDetail])
def systems(user: CurrentUser, uow: ReadUow) -> list[dict[str, Any]]:
    """The system certificates the caller's organisation holds or issued, each with its
    registered products, samples and status history (one list: a certificate's own path
    answers only its commands)."""
    return [_detail(uow, user, c.id) for c in system.systems_of(uow, user)]


@router.post(f"{SYSTEMS}/{{certificate_id}}/products", responses=WITH_BODY, status_code=201,
             response_model=s.RegisteredProductPublic)
def register(certificate_id: str, body: s.RegistrationCreate, user: CurrentUser,
             uow: WriteUow) -> dict[str, Any]:
    """The holder registers a calculated footprint under its system certificate (no case)."""
    return _product(system.register(uow, user, certificate_id, body.footprint_id))


@router.post(f"{SYSTEMS}/{{certificate_id}}/samples", responses=WITH_BODY, status_code=201,
             response_model=s.SamplePublic)
def draw_sample(certificate_id: str, body: s.SampleCreate, user: CurrentUser,
                uow: WriteUow) -> dict[str, Any]:
    """The body draws a seeded, reproducible sample of the registered products."""
    return _sample(system.draw_sample(uow, user, certificate_id, body.seed))


@router.post(f"{SYSTEMS}/{{certificate_id}}/findings", responses=WITH_BODY,
             response_model=s.SamplePublic)
def record_finding(certificate_id: str, body: s.FindingCreate, user: CurrentUser,
                   uow: WriteUow) -> dict[str, Any]:
    """The check of one sampled product of one of the system certificate's samples;
    nonconforming: the system certificate and every product registered under it are
    suspended."""
    return _sample(system.record_finding(uow, user, body.sample_id, body.product_certificate_id,
                                         body.result, body.notes, certificate_id))


@router.post(f"{SYSTEMS}/{{certificate_id}}/rechecks", responses=WITH_BODY,
             response_model=s.SamplePublic)
def recheck(certificate_id: str, body: s.RecheckCreate, request: Request, user: CurrentUser,
            uow: WriteUow) -> dict[str, Any]:
    """The check of a sampled product by re-running its model: a material difference is a
    nonconforming finding (the system certificate and its products are suspended)."""
    settings = request.app.state.settings
    return _sample(system.recheck(uow, user, body.sample_id, body.product_certificate_id,
                                  settings.data_dir, settings.databases_dir, certificate_id,
                                  body.materiality))


@router.post(f"{SYSTEMS}/{{certificate_id}}/status", responses=WITH_BODY,
             response_model=s.SystemCertificateDetail)
def change_status(certificate_id: str, body: s.SystemStatusCreate, user: CurrentUser,
                  uow: WriteUow) -> dict[str, Any]:
    """Suspend, restore, withdraw or cancel, with every registered product."""
    system.change_status(uow, user, certificate_id, body.action, body.reason, body.evidence)
    return _detail(uow, user, certificate_id)
