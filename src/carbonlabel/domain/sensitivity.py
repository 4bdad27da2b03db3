"""Results of a sensitivity analysis (敏感性分析, ISO 14067 6.4.5 and 6.6): method choices side
by side, one-at-a-time ranges of the main inputs (tornado), and named scenarios.

Every variant is a whole recalculation of a changed copy of the model; its difference is
against the base result (the model as written, with the GWP set asked for).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from carbonlabel.domain.product import LifeCycleStage, Quantity, Text


class VariantGroup(StrEnum):
    ALLOCATION = "allocation"  # 分配方法
    GWP = "gwp"  # GWP 集
    CUT_OFF = "cut_off"  # 取舍准则
    ELECTRICITY = "electricity"  # 电力因子
    SCENARIO = "scenario"  # 情景


GROUP_NAMES: dict[VariantGroup, Text] = {
    VariantGroup.ALLOCATION: Text(zh="分配方法", en="allocation"),
    VariantGroup.GWP: Text(zh="GWP 集", en="GWP set"),
    VariantGroup.CUT_OFF: Text(zh="取舍准则", en="cut-off"),
    VariantGroup.ELECTRICITY: Text(zh="电力因子", en="electricity factor"),
    VariantGroup.SCENARIO: Text(zh="情景", en="scenario"),
}


@dataclass(frozen=True)
class StageTotal:
    stage: LifeCycleStage
    co2e_kg: float


@dataclass(frozen=True)
class VariantResult:
    """One variant: its total and stages, or (``total_co2e_kg`` is ``None``) why it could not
    be computed (``note``: e.g. economic allocation without prices)."""

    group: VariantGroup
    name: Text
    total_co2e_kg: float | None
    difference_kg: float | None  # total − base total
    relative_difference: float | None  # difference / |base total| (None when the base is 0)
    by_stage: tuple[StageTotal, ...] = ()
    note: Text | None = None
    is_base: bool = False  # the variant is the model as written (e.g. its own allocation)
    excluded: tuple[str, ...] = ()  # cut-off: the inputs left out (field path and name)


@dataclass(frozen=True)
class TornadoBar:
    """One input varied alone between its low and high value (one-at-a-time)."""

    path: str  # processes[i].inputs[j]
    name: str
    process: str
    base_co2e_kg: float  # the input's contribution in the base result
    low_factor: float  # multiplier of the input's amount, e.g. 0.9
    high_factor: float
    low_total: float
    high_total: float
    # the rule of the range: "relative" (± x %), the kind of the input's own distribution
    # ("lognormal", "normal", "uniform", "triangular": its 2.5 / 97.5 percentiles) or
    # "distribution" (percentiles given to the analysis)
    range_source: str

    @property
    def swing(self) -> float:
        return abs(self.high_total - self.low_total)


@dataclass(frozen=True)
class SensitivityReport:
    base_total: float
    base_by_stage: tuple[StageTotal, ...]
    gwp_set: str
    variants: tuple[VariantResult, ...]  # method choices, then scenarios
    tornado: tuple[TornadoBar, ...]  # sorted by swing, largest first
    relative_range: float  # the ± share used for inputs without a distribution
    warnings: tuple[str, ...] = ()

    def group(self, group: VariantGroup) -> tuple[VariantResult, ...]:
        return tuple(v for v in self.variants if v.group is group)


@dataclass(frozen=True)
class AllocationData:
    """Every allocation basis a multi-output process gives, whichever method it uses: the
    reference product's price and energy content, and each co-product's (by its position in
    ``Process.co_products``; ``None`` where not given). Lets a sensitivity run switch methods."""

    reference_price: Quantity | None = None
    reference_energy_content: Quantity | None = None
    prices: tuple[Quantity | None, ...] = ()
    energy_contents: tuple[Quantity | None, ...] = ()
