"""Improvement plans (改进计划): measures, a target reduction against a baseline footprint
and dates, and where a restated reduction stands on the way to the target.

Progress is judged against a straight path from no reduction on the start date to the
target share on the target date: a reduction at or above the target has *reached* it; one at
or above the path's point for that day is *on track*; anything else is *behind* (so is a
reduction short of the target once the target date has passed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from carbonlabel.errors import InputError


class Progress(StrEnum):
    ON_TRACK = "on_track"
    BEHIND = "behind"
    REACHED = "reached"


PROGRESS_NAMES: dict[Progress, tuple[str, str]] = {
    Progress.ON_TRACK: ("按计划推进", "on track"),
    Progress.BEHIND: ("落后于计划", "behind"),
    Progress.REACHED: ("已达成目标", "reached"),
}

STAGES = ("raw_material_acquisition", "production", "distribution", "use", "end_of_life")
MAX_MEASURES = 50
MAX_TEXT = 1000


@dataclass(frozen=True)
class Measure:
    text: str
    stage: str  # a life-cycle stage (STAGES)
    expected_share: float  # expected reduction of the footprint, 0..1


@dataclass(frozen=True)
class ImprovementPlan:
    id: str
    organisation_id: str
    product_id: str
    title: str
    baseline_footprint_id: str
    target_share: float  # the target reduction against the restated baseline, 0..1
    starts_on: date
    target_on: date
    measures: tuple[Measure, ...]
    created_by: str
    created_at: datetime


def check_plan(title: str, target_share: float, starts_on: date, target_on: date,
               measures: tuple[Measure, ...]) -> None:
    """Raise ``InputError`` naming the first field that is wrong."""
    if not title.strip() or len(title) > 200:
        raise InputError(field="title", message_en="give a title of 1 to 200 characters",
                         message_zh="标题须为 1 至 200 个字符")
    if not 0 < target_share < 1:
        raise InputError(field="target_share",
                         message_en="the target reduction lies between 0 and 1 (0.1 = 10 %)",
                         message_zh="减排目标须在 0 与 1 之间（0.1 即 10 %）")
    if target_on <= starts_on:
        raise InputError(field="target_on", message_en="the target date follows the start date",
                         message_zh="目标日期须晚于开始日期")
    if len(measures) > MAX_MEASURES:
        raise InputError(field="measures", message_en=f"at most {MAX_MEASURES} measures",
                         message_zh=f"措施最多 {MAX_MEASURES} 项")
    for k, m in enumerate(measures):
        if not m.text.strip() or len(m.text) > MAX_TEXT:
            raise InputError(field=f"measures[{k}].text",
                             message_en=f"describe the measure in 1 to {MAX_TEXT} characters",
                             message_zh=f"措施说明须为 1 至 {MAX_TEXT} 个字符")
        if m.stage not in STAGES:
            raise InputError(field=f"measures[{k}].stage",
                             message_en="the stage is one of " + ", ".join(STAGES),
                             message_zh="阶段须为：" + "、".join(STAGES))
        if not 0 <= m.expected_share < 1:
            raise InputError(field=f"measures[{k}].expected_share",
                             message_en="the expected reduction lies in [0, 1)",
                             message_zh="预期减排比例须在 [0, 1) 之内")


def expected_share(plan: ImprovementPlan, on: date) -> float:
    """The straight path's reduction on ``on``: 0 up to the start, the target from the
    target date on."""
    if on <= plan.starts_on:
        return 0.0
    if on >= plan.target_on:
        return plan.target_share
    elapsed = (on - plan.starts_on).days / (plan.target_on - plan.starts_on).days
    return plan.target_share * elapsed


def progress(plan: ImprovementPlan, reduction_share: float, on: date) -> Progress:
    if reduction_share >= plan.target_share:
        return Progress.REACHED
    if on < plan.target_on and reduction_share >= expected_share(plan, on):
        return Progress.ON_TRACK
    return Progress.BEHIND
