"""REST API v1: the sensitivity analysis of a model version (method choices side by side,
tornado data and the model's scenarios), computed at once and returned; nothing is stored."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from carbonlabel.adapters.formats.sensitivity_json import report_to_dict
from carbonlabel.services.quantify.sensitivity import SensitivityOptions, analyse_version
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.deps import CurrentUser, ReadUow, refuse_nul

router = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_nul)], responses=SIGNED_IN)


class SensitivityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gwp_set: Literal["AR6", "AR5"] = Field("AR6", description="GWP100 set of the base result")
    top: int = Field(10, ge=1, le=50, description="inputs in the tornado")
    range: float = Field(0.1, gt=0, lt=1, description="± share of each input's amount")
    grid_region: str | None = Field(
        None, min_length=2, max_length=20, pattern=r"^CN(-[A-Za-z]+)?$",
        description="a province or grid region whose electricity factor is tried too")


@router.post("/models/{model_version_id}/sensitivity", responses=WITH_BODY,
             response_model=dict[str, Any], tags=["models"])
def sensitivity(model_version_id: str, body: SensitivityCreate, request: Request,
                user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    """敏感性分析 / Sensitivity analysis: allocation, GWP set, cut-off and electricity factor
    side by side, one-at-a-time ranges of the top inputs, and the model's scenarios."""
    settings = request.app.state.settings
    options = SensitivityOptions(top=body.top, relative_range=body.range,
                                 grid_region=body.grid_region)
    report = analyse_version(uow, user, model_version_id, settings.data_dir,
                             settings.databases_dir, body.gwp_set, options)
    return report_to_dict(report)
