"""REST API v1. Routes parse, call one service, shape the output; scoping and permission
checks live in the services."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request, Response, status

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.domain.records import FootprintRecord, Job
from carbonlabel.services.accounts import users as accounts
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.web.api import schemas as s
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY, errors
from carbonlabel.web.deps import (
    CurrentUser,
    PageParams,
    ReadUow,
    WriteUow,
    refuse_nul,
)
from carbonlabel.web.sign_in import begin_session, end_session
from carbonlabel.web.sign_in_guard import account_guard

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


def _page(page: Page[Any], shape: Any) -> dict[str, Any]:
    return {"items": [shape(i) for i in page.items], "total": page.total,
            "offset": page.offset, "limit": page.limit}


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


# -- session and tokens ---------------------------------------------------------------------

@router.post("/auth/session", responses=errors(400, 413, 429),
             response_model=s.SessionPublic, tags=["auth"])
def sign_in(body: s.SessionCreate, request: Request, uow: ReadUow) -> dict[str, Any]:
    """Sign in with e-mail and password: sets the session cookie, returns the CSRF token.
    After repeated failures of the account or the address: 429 with ``Retry-After``."""
    with account_guard(request, body.email):
        user = accounts.authenticate(uow, body.email, body.password)
    return {"user": asdict(user), "csrf_token": begin_session(request, user)}


@router.delete("/auth/session", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"])
def sign_out(request: Request, user: CurrentUser) -> Response:
    end_session(request)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/tokens", responses=WITH_BODY,
             response_model=s.TokenPublic, status_code=201, tags=["auth"])
def create_token(body: s.TokenCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    token, secret = accounts.create_token(uow, user, body.name, body.expires_in_days)
    uow.commit()
    return {"id": token.id, "name": token.name, "token": secret,
            "created_at": token.created_at, "expires_at": token.expires_at}


# -- organisations and users ----------------------------------------------------------------

@router.get("/me", response_model=s.MePublic, tags=["users"])
def me(user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    org = accounts.get_organisation(uow, user, user.organisation_id)
    return {"user": asdict(user), "organisation": asdict(org)}


@router.get("/organisations/{organisation_id}", response_model=s.OrganisationPublic,
            tags=["organisations"])
def organisation(organisation_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return asdict(accounts.get_organisation(uow, user, organisation_id))


@router.get("/users", response_model=s.PagePublic[s.UserPublic], tags=["users"])
def users(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    return _page(accounts.list_users(uow, user, paging.offset, paging.limit), asdict)


@router.post("/users", responses=WITH_BODY,
             response_model=s.UserPublic, status_code=201, tags=["users"])
def create_user(body: s.UserCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    made = accounts.create_user(uow, user, body.email, body.display_name, body.role,
                                body.password)
    uow.commit()
    return asdict(made)


@router.get("/users/{user_id}", response_model=s.UserPublic, tags=["users"])
def get_user(user_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return asdict(accounts.get_user(uow, user, user_id))


# -- products and model versions ------------------------------------------------------------

@router.get("/products", response_model=s.PagePublic[s.ProductPublic], tags=["products"])
def products(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    return _page(catalog.list_products(uow, user, paging.offset, paging.limit), asdict)


@router.post("/products", responses=WITH_BODY,
             response_model=s.ProductPublic, status_code=201, tags=["products"])
def register_product(body: s.ProductCreate, user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    product = catalog.register_product(uow, user, catalog.ProductData(**body.model_dump()))
    uow.commit()
    return asdict(product)


@router.get("/products/{product_id}", response_model=s.ProductPublic, tags=["products"])
def get_product(product_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return asdict(catalog.get_product(uow, user, product_id))


@router.get("/products/{product_id}/models", response_model=s.PagePublic[s.ModelVersionPublic],
            tags=["models"])
def model_versions(product_id: str, user: CurrentUser, uow: ReadUow,
                   paging: PageParams) -> dict[str, Any]:
    return _page(catalog.list_versions(uow, user, product_id, paging.offset, paging.limit),
                 asdict)


@router.post("/products/{product_id}/models", responses=WITH_BODY,
             response_model=s.ModelVersionPublic,
             status_code=201, tags=["models"])
def save_model(product_id: str, body: s.ModelVersionCreate, request: Request,
               user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    settings = request.app.state.settings
    version = catalog.save_model_version(uow, user, product_id, body.content, body.format,
                                         settings.data_dir, settings.databases_dir)
    uow.commit()
    return asdict(version)


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
    uow.commit()
    request.app.state.runner.submit(job.id)
    return _job(job)


@router.get("/jobs", response_model=s.PagePublic[s.JobPublic], tags=["jobs"])
def jobs(user: CurrentUser, uow: ReadUow, paging: PageParams) -> dict[str, Any]:
    return _page(footprint_jobs.list_jobs(uow, user, paging.offset, paging.limit), _job)


@router.get("/jobs/{job_id}", response_model=s.JobPublic, tags=["jobs"])
def get_job(job_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _job(footprint_jobs.get_job(uow, user, job_id))


@router.get("/footprints", response_model=s.PagePublic[s.FootprintPublic], tags=["footprints"])
def footprints(user: CurrentUser, uow: ReadUow, paging: PageParams,
               product_id: str | None = None) -> dict[str, Any]:
    page = footprint_jobs.list_footprints(uow, user, paging.offset, paging.limit, product_id)
    return _page(page, _footprint)


@router.get("/footprints/{footprint_id}", response_model=s.FootprintDetail,
            tags=["footprints"])
def get_footprint(footprint_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return _footprint(footprint_jobs.get_footprint(uow, user, footprint_id), detail=True)
