"""What an organisation keeps on the platform: products, model versions, footprints, jobs.

Model versions and footprints are immutable: a save is a new version, a calculation a new
footprint. Jobs carry their state and progress so a browser or API client can follow them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


@dataclass(frozen=True)
class RegisteredProduct:
    id: str
    organisation_id: str
    name_zh: str
    name_en: str
    category: str
    product_rule: str | None
    gtin: str | None
    own_code: str | None
    created_at: datetime


@dataclass(frozen=True)
class ModelVersion:
    id: str
    product_id: str
    version: int
    format: str  # "yaml" or "json"
    content: str
    content_hash: str  # sha256 of the content
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class FootprintRecord:
    id: str
    organisation_id: str
    product_id: str
    model_version_id: str
    total_co2e_kg: float
    unit: str  # "per 1 kWh", the declared or functional unit
    gwp_set: str
    input_hash: str
    engine_version: str
    # the full result as stored (docs/schemas/footprint-result.schema.json), served as it is;
    # read it typed through the repository (``uow.footprints.result``)
    result_json: str
    created_by: str
    created_at: datetime
    # the model's reference period (first day, last day; both included), None: it has none
    reference_period: tuple[date, date] | None = None
    # the product rule release it was calculated under (code@version#sha256), None: none
    product_rule_release: str | None = None


def reference_period_of(period: object) -> tuple[date, date] | None:
    """A model's ``period`` (``{start, end}``, ISO dates or dates as YAML reads them) as its
    first and last day; None when it is missing or not two dates."""
    if not isinstance(period, Mapping):
        return None
    try:
        start, end = (p if isinstance(p, date) else date.fromisoformat(str(p))
                      for p in (period.get("start"), period.get("end")))
    except ValueError:
        return None
    return start, end


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


JOB_STATE_NAMES: dict[JobState, tuple[str, str]] = {
    JobState.QUEUED: ("排队中", "queued"),
    JobState.RUNNING: ("运行中", "running"),
    JobState.SUCCEEDED: ("已完成", "succeeded"),
    JobState.FAILED: ("失败", "failed"),
}


@dataclass(frozen=True)
class Job:
    id: str
    organisation_id: str
    kind: str  # "footprint"
    state: JobState
    progress: float  # 0..1
    message: str
    subject_id: str  # the model version a footprint job calculates
    result_id: str | None
    error: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
