"""Claims beyond the value (超越数值的声明), scheme options a certification body grants or
refuses in its decision, shown by the registry and lapsing when their condition fails.

* **low-carbon** (低碳): the certified value at or below the threshold published for its
  comparable key (product rule release, declared unit, boundary). A threshold may be set
  from the category benchmark: its best quartile on the day of publication.
* **reducing** (减碳中): a verified reduction against the holder's own verified baseline,
  restated on the current factors (``restatement``), with a public target and target date.
  The claim holds while the restated reduction is above zero and, once the target date has
  passed, only if the target was reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from carbonlabel.domain.benchmark import Benchmark, ComparableKey
from carbonlabel.errors import InputError


class ClaimKind(StrEnum):
    LOW_CARBON = "low_carbon"
    REDUCING = "reducing"


class ClaimState(StrEnum):
    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"
    LAPSED = "lapsed"


KIND_NAMES: dict[ClaimKind, tuple[str, str]] = {
    ClaimKind.LOW_CARBON: ("低碳", "low-carbon"),
    ClaimKind.REDUCING: ("减碳中", "reducing"),
}
STATE_NAMES: dict[ClaimState, tuple[str, str]] = {
    ClaimState.REQUESTED: ("待决定", "requested"),
    ClaimState.GRANTED: ("已授予", "granted"),
    ClaimState.REFUSED: ("未授予", "refused"),
    ClaimState.LAPSED: ("已失效", "lapsed"),
}


class Failure(StrEnum):
    """Why a claim's condition does not hold."""

    NO_THRESHOLD = "no_threshold"  # nothing published for the comparable key
    ABOVE_THRESHOLD = "above_threshold"
    NO_REDUCTION = "no_reduction"  # the restated reduction is zero or an increase
    TARGET_MISSED = "target_missed"  # the target date passed without reaching the target
    NOT_COMPARABLE = "not_comparable"  # the certificate has no product rule release


FAILURE_NAMES: dict[Failure, tuple[str, str]] = {
    Failure.NO_THRESHOLD: ("该类别尚未公布低碳阈值", "no threshold is published for its category"),
    Failure.ABOVE_THRESHOLD: ("认证值高于公布的低碳阈值",
                              "the certified value is above the published threshold"),
    Failure.NO_REDUCTION: ("按同一因子重算后未见减排",
                           "no reduction once restated on the same factors"),
    Failure.TARGET_MISSED: ("目标日期已过而未达成目标",
                            "the target date passed without reaching the target"),
    Failure.NOT_COMPARABLE: ("证书未依据产品种类规则，无可比类别",
                             "certified without a product rule: no comparable category"),
}


@dataclass(frozen=True)
class Threshold:
    """A published low-carbon threshold, kg CO2e per declared unit, for one comparable key."""

    id: str
    key: ComparableKey
    value_co2e_kg: float
    source: str  # who published it, in which document
    published_on: date
    published_by: str
    created_at: datetime


@dataclass(frozen=True)
class Claim:
    id: str
    case_id: str
    holder_id: str
    product_id: str
    kind: ClaimKind
    state: ClaimState
    requested_by: str
    requested_at: datetime
    baseline_footprint_id: str | None = None  # reducing: the verified baseline
    target_share: float | None = None  # reducing: the public target, 0..1
    target_on: date | None = None  # reducing: the public target date
    certificate_id: str | None = None  # set when the body decides
    threshold_id: str | None = None  # low-carbon: the threshold it was judged against
    reduction_share: float | None = None  # reducing: the restated reduction last judged
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str = ""  # the decision's reason
    lapsed_at: datetime | None = None
    lapse_reason: str = ""  # a Failure value


def threshold_from_benchmark(mark: Benchmark) -> float:
    """The best quartile of the category benchmark (at or below it: the best 25 %)."""
    if mark.q1 is None:
        raise InputError(field="from_benchmark",
                         message_en=f"the benchmark is hidden: {mark.count} comparable results, "
                                    f"at least {mark.minimum} needed",
                         message_zh=f"对标结果不足：可比结果 {mark.count} 个，至少需要 "
                                    f"{mark.minimum} 个")
    return mark.q1


def low_carbon_failure(value_co2e_kg: float, threshold: Threshold | None) -> Failure | None:
    """None when the certified value is at or below the threshold."""
    if threshold is None:
        return Failure.NO_THRESHOLD
    return None if value_co2e_kg <= threshold.value_co2e_kg else Failure.ABOVE_THRESHOLD


def reducing_failure(reduction_share: float, target_share: float, target_on: date,
                     today: date) -> Failure | None:
    """None while the restated reduction is above zero and the target, once its date has
    passed, was reached."""
    if reduction_share <= 0:
        return Failure.NO_REDUCTION
    if today > target_on and reduction_share < target_share:
        return Failure.TARGET_MISSED
    return None


def check_request(kind: ClaimKind, baseline_footprint_id: str | None,
                  target_share: float | None, target_on: date | None, today: date) -> None:
    if kind is not ClaimKind.REDUCING:
        return
    if not baseline_footprint_id:
        raise InputError(field="baseline_footprint_id",
                         message_en="a reducing claim names its verified baseline footprint",
                         message_zh="减碳中声明须指明经核查的基准碳足迹")
    if target_share is None or not 0 < target_share < 1:
        raise InputError(field="target_share",
                         message_en="the public target lies between 0 and 1 (0.1 = 10 %)",
                         message_zh="公开目标须在 0 与 1 之间（0.1 即 10 %）")
    if target_on is None or target_on <= today:
        raise InputError(field="target_on", message_en="the target date lies in the future",
                         message_zh="目标日期须晚于今天")
