"""REST API v1 of Monte Carlo runs: start one on a model version (a background job with its
progress), and read the uncertainty summary a footprint carries."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from carbonlabel.domain.uncertainty import MonteCarloResult
from carbonlabel.services.quantify import montecarlo_jobs
from carbonlabel.services.quantify.montecarlo import MAX_ITERATIONS, MIN_ITERATIONS
from carbonlabel.web.api import schemas as s
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.deps import CurrentUser, ReadUow, WriteUow, refuse_nul

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


class MonteCarloCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    iterations: int = Field(1000, ge=MIN_ITERATIONS, le=MAX_ITERATIONS,
                            description="number of draws")
    seed: int | None = Field(None, ge=0, lt=2**63,
                             description="random seed; drawn and recorded when not given "
                                         "(the same seed repeats the run exactly)")


@router.post("/models/{model_version_id}/montecarlo", responses=WITH_BODY,
             response_model=s.JobPublic, status_code=202, tags=["footprints"])
def start_monte_carlo(model_version_id: str, body: MonteCarloCreate, request: Request,
                      user: CurrentUser, uow: WriteUow) -> dict[str, Any]:
    """Start a Monte Carlo run of a model version; follow the returned job (``progress`` 0–1;
    its ``result_id`` is the footprint carrying ``uncertainty``)."""
    job = montecarlo_jobs.start_montecarlo_job(uow, user, model_version_id, body.iterations,
                                               body.seed)
    request.app.state.runner.submit(job.id)
    out = asdict(job)
    out["error"] = json.loads(job.error) if job.error else None
    return out


@router.get("/footprints/{footprint_id}/uncertainty", response_model=MonteCarloResult | None,
            tags=["footprints"])
def get_uncertainty(footprint_id: str, user: CurrentUser,
                    uow: ReadUow) -> MonteCarloResult | None:
    """The Monte Carlo summary of a footprint (mean, median, sd, 2.5/97.5 %, histogram,
    convergence; per stage and per gas; the seed); ``null`` when no run was made."""
    return montecarlo_jobs.get_uncertainty(uow, user, footprint_id)
