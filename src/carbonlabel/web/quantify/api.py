"""REST API v1 of quantification: products, their model versions, footprint jobs and
footprints. Routes parse, call one service, shape the output; scoping and permission checks
live in the services."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request

from carbonlabel.domain.records import FootprintRecord, Job
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.web.api import schemas as s
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.deps import (
    CurrentUser,
    PageParams,
    ReadUow,
    WriteUow,
    refuse_nul,
)
from carbonlabel.web.quantify.product_rules_api import conformance_out

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


def _job(job: Job) -> dict[str, Any]:
    out = asdict(job)
    out["error"] = json.loads(job.error) if job.error else None
    return out


def _footprint(record: FootprintRecord, detail: bool = False) -> dict[str, Any]:
    out = asdict(record)
    body = out.pop("result_json")
    if detail:
        out["result"] = json.loads(body)
    return out


# -- products and model versions ------------------------------------------------------------

@router.get("/products", response_model=s.PagePublic[s.ProductPublic], tags=["products"])
def products(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    return s.page_of(catalog.list_products(uow, user, paging.offset, paging.limit), asdict)


@router.post("/products", responses=WITH_BODY,
             response_model=s.ProductPublic, status_code=201, tags=["products"])
def register_product(body: s.ProductCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    product = catalog.register_product(uow, user, catalog.ProductData(**body.model_dump()))
    return asdict(product)


@router.get("/products/{product_id}", response_model=s.ProductPublic, tags=["products"])
def get_product(product_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return asdict(catalog.get_product(uow, user, product_id))


@router.get("/products/{product_id}/models", response_model=s.PagePublic[s.ModelVersionPublic],
            tags=["models"])
def model_versions(product_id: str, user: CurrentUser, uow: ReadUow,
                   paging: PageParams) -> dict[str, Any]:
    return s.page_of(catalog.list_versions(uow, user, product_id, paging.offset, paging.limit),
                 asdict)


@router.post("/products/{product_id}/models", responses=WITH_BODY,
             response_model=s.ModelVersionSaved,
             status_code=201, tags=["models"])
def save_model(product_id: str, body: s.ModelVersionCreate, request: Request,
               user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Validate and save a model version; the answer lists its gaps against the product rule
    it names (saved all the same: a rule gap is not a model error)."""
    settings = request.app.state.settings
    version = catalog.save_model_version(uow, user, product_id, body.content, body.format,
                                         settings.data_dir, settings.databases_dir)
    conformance = catalog.version_conformance(uow, user, version.id)
    return {**asdict(version), "conformance": conformance_out(conformance)}


@router.get("/models/{model_version_id}", response_model=s.ModelVersionDetail, tags=["models"])
def get_model(model_version_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return asdict(catalog.get_version(uow, user, model_version_id))


# -- footprints and jobs --------------------------------------------------------------------

@router.post("/models/{model_version_id}/footprints", response_model=s.JobPublic,
             status_code=202, tags=["footprints"])
def calculate(model_version_id: str, request: Request, user: CurrentUser,
              uow: WriteUow) -> dict[str, Any]:
    """Start calculating the footprint of a model version; follow the returned job."""
    job = footprint_jobs.start_footprint_job(uow, user, model_version_id)
    request.app.state.runner.submit(job.id)
    return _job(job)


@router.get("/jobs", response_model=s.PagePublic[s.JobPublic], tags=["jobs"])
def jobs(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    return s.page_of(footprint_jobs.list_jobs(uow, user, paging.offset, paging.limit), _job)


@router.get("/jobs/{job_id}", response_model=s.JobPublic, tags=["jobs"])
def get_job(job_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _job(footprint_jobs.get_job(uow, user, job_id))


@router.get("/footprints", response_model=s.PagePublic[s.FootprintPublic], tags=["footprints"])
def footprints(user: CurrentUser, uow: ReadUow, paging: PageParams,
               product_id: str | None = None) -> dict[str, Any]:
    page = footprint_jobs.list_footprints(uow, user, paging.offset, paging.limit, product_id)
    return s.page_of(page, _footprint)


@router.get("/footprints/{footprint_id}", response_model=s.FootprintDetail,
            tags=["footprints"])
def get_footprint(footprint_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _footprint(footprint_jobs.get_footprint(uow, user, footprint_id), detail=True)
