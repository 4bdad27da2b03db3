"""Uncertainty of a model's amounts and factors: a distribution given explicitly, or a lognormal
derived from the pedigree matrix (ecoinvent's basic-uncertainty approach).

Explicit distributions (``Uncertainty``), in the unit of the amount they qualify:

=============  ==============================================================================
lognormal      median = the stated amount, ``σ`` = standard deviation of ``ln x``, given as
               ``sigma`` or as the geometric standard deviation ``gsd = exp(σ)``
normal         mean = the stated amount, ``sd`` the standard deviation
uniform        ``minimum`` … ``maximum`` (the stated amount must lie between them)
triangular     ``minimum``, ``mode`` (default: the stated amount), ``maximum``
=============  ==============================================================================

Derived (always lognormal, ecoinvent v3; Weidema et al. 2013, *Overview and methodology. Data
quality guideline for the ecoinvent database version 3*, ecoinvent report 1(v3), §10.2;
Muller et al. 2016, Int J LCA 21:1327, Table 1):

    σ² = σ_b² + σ_R² + σ_C² + σ_T² + σ_G² + σ_Tech²

with ``σ_b²`` the basic uncertainty of the kind of amount (``BASIC_VARIANCE``) and one added
variance per pedigree indicator and score (``PEDIGREE_VARIANCE``). The pedigree scores are
given (``pedigree: [r, c, t, g, tech]``) or read from the PEF data-quality scores the model
already carries (``from_quality``), by the convention ``PEF_TO_PEDIGREE``: TeR → further
technological correlation, GeR → geographical correlation, TiR → temporal correlation,
P (precision) → reliability and completeness; a PEF score that is not a whole number is
rounded up (the worse score). That mapping is this project's documented convention, not part
of either method.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from carbonlabel.domain.product import Text
from carbonlabel.domain.quality import DataQuality
from carbonlabel.errors import FieldError


class DistributionKind(StrEnum):
    LOGNORMAL = "lognormal"
    NORMAL = "normal"
    UNIFORM = "uniform"
    TRIANGULAR = "triangular"


#: The five pedigree indicators in the order a ``pedigree: [...]`` list gives them.
PEDIGREE_INDICATORS: tuple[str, ...] = (
    "reliability", "completeness", "temporal", "geographical", "technological")

#: Added variance of ln x per indicator and score 1..5 (ecoinvent v3: Weidema et al. 2013,
#: Table 10.5; Muller et al. 2016, Table 1).
PEDIGREE_VARIANCE: dict[str, tuple[float, float, float, float, float]] = {
    "reliability": (0.0, 0.0006, 0.002, 0.008, 0.04),
    "completeness": (0.0, 0.0001, 0.0006, 0.002, 0.008),
    "temporal": (0.0, 0.0002, 0.002, 0.008, 0.04),
    "geographical": (0.0, 0.000025, 0.0001, 0.0006, 0.002),
    "technological": (0.0, 0.0006, 0.008, 0.04, 0.12),
}


class BasicClass(StrEnum):
    """Kinds of amount with a default basic uncertainty (Weidema et al. 2013, Table 10.4)."""

    DEMAND = "demand"  # energy, materials, semi-finished products, waste treatment
    TRANSPORT = "transport"  # transport services (t·km)
    CO2 = "co2"  # CO2 emitted (combustion and process)
    CH4_N2O = "ch4_n2o"  # CH4, N2O from combustion
    OTHER_GAS = "other_gas"  # other greenhouse gases (this project's convention)
    FACTOR = "factor"  # an emission factor as a whole (this project's convention)


#: Basic variance σ_b² of ln x per class. DEMAND, TRANSPORT, CO2 and CH4_N2O are the guideline's
#: values; OTHER_GAS (the guideline lists no F-gases) takes the CH4/N2O value and FACTOR (an
#: aggregated factor, not one exchange) the demand value: conventions, stated in the docs.
BASIC_VARIANCE: dict[BasicClass, float] = {
    BasicClass.DEMAND: 0.0006,
    BasicClass.TRANSPORT: 0.12,
    BasicClass.CO2: 0.0006,
    BasicClass.CH4_N2O: 0.04,
    BasicClass.OTHER_GAS: 0.04,
    BasicClass.FACTOR: 0.0006,
}


@dataclass(frozen=True)
class Pedigree:
    """Pedigree scores 1 (best) .. 5 (worst)."""

    reliability: int
    completeness: int
    temporal: int
    geographical: int
    technological: int

    @property
    def scores(self) -> tuple[int, int, int, int, int]:
        return (self.reliability, self.completeness, self.temporal, self.geographical,
                self.technological)

    def variance(self) -> float:
        """``Σ σ_i²`` over the five indicators."""
        return sum(PEDIGREE_VARIANCE[name][score - 1]
                   for name, score in zip(PEDIGREE_INDICATORS, self.scores, strict=True))


def _pedigree_score(pef: float) -> int:
    return min(5, max(1, math.ceil(pef - 1e-9)))


def pedigree_from_quality(q: DataQuality) -> Pedigree:
    """The pedigree scores of PEF scores (``PEF_TO_PEDIGREE``, module docstring)."""
    p = _pedigree_score(q.p)
    return Pedigree(reliability=p, completeness=p, temporal=_pedigree_score(q.tir),
                    geographical=_pedigree_score(q.ger), technological=_pedigree_score(q.ter))


#: Which PEF criterion stands for each pedigree indicator (documented convention).
PEF_TO_PEDIGREE: dict[str, str] = {
    "reliability": "P", "completeness": "P", "temporal": "TiR", "geographical": "GeR",
    "technological": "TeR"}


def pedigree_sigma(pedigree: Pedigree, basic_variance: float) -> float:
    """``σ = √(σ_b² + Σ σ_i²)`` of the lognormal."""
    return math.sqrt(basic_variance + pedigree.variance())


@dataclass(frozen=True)
class Uncertainty:
    """How an amount varies. Explicit: ``kind`` with its parameters; derived: ``pedigree`` or
    ``from_quality`` (a lognormal whose σ is found by :func:`resolve`)."""

    kind: DistributionKind = DistributionKind.LOGNORMAL
    sigma: float | None = None  # lognormal: σ of ln x
    sd: float | None = None  # normal
    minimum: float | None = None  # uniform, triangular
    mode: float | None = None  # triangular (default: the stated amount)
    maximum: float | None = None  # uniform, triangular
    pedigree: Pedigree | None = None
    from_quality: bool = False
    basic_variance: float | None = None  # σ_b², else the default of the amount's class

    @classmethod
    def lognormal(cls, *, sigma: float | None = None, gsd: float | None = None) -> Uncertainty:
        if (sigma is None) == (gsd is None):
            raise ValueError("give sigma or gsd")
        s = sigma if sigma is not None else math.log(gsd) if gsd and gsd > 0 else float("nan")
        return cls(DistributionKind.LOGNORMAL, sigma=s)

    @property
    def derived(self) -> bool:
        return self.pedigree is not None or self.from_quality


def _err(path: str, code: str, en: str, zh: str) -> FieldError:
    return FieldError(path, code, en, zh)


def check(u: Uncertainty, amount: float, path: str,
          quality: DataQuality | None = None) -> list[FieldError]:
    """Every problem of ``u`` qualifying ``amount`` (field ``path`` is the uncertainty's)."""
    out: list[FieldError] = []
    if amount == 0.0:
        out.append(_err(path, "uncertainty_zero_amount",
                        "an uncertainty needs a non-zero amount (it is relative to it)",
                        "数量为零时不能给出不确定性（不确定性相对于数量给出）"))
        return out
    if u.from_quality and quality is None:
        out.append(_err(path, "uncertainty_no_quality",
                        "from_quality needs data-quality scores (dq) here",
                        "from_quality 需要此处给出数据质量评分（dq）"))
    if u.pedigree is not None and any(s not in (1, 2, 3, 4, 5) for s in u.pedigree.scores):
        out.append(_err(f"{path}.pedigree", "pedigree_score",
                        "pedigree scores are whole numbers 1 to 5", "谱系评分应为 1 至 5 的整数"))
    if u.basic_variance is not None and not (0 <= u.basic_variance < 10):
        out.append(_err(f"{path}.basic_variance", "uncertainty_parameter",
                        "basic variance must be ≥ 0 and below 10", "基本方差应不小于 0 且小于 10"))
    if u.derived:
        return out
    if u.kind is DistributionKind.LOGNORMAL:
        if u.sigma is None or not (0 <= u.sigma < 10):
            out.append(_err(path, "uncertainty_parameter",
                            "lognormal needs σ ≥ 0 and below 10 (geometric sd ≥ 1)",
                            "对数正态分布需要 σ ≥ 0 且小于 10（几何标准差 ≥ 1）"))
    elif u.kind is DistributionKind.NORMAL:
        if u.sd is None or u.sd < 0:
            out.append(_err(f"{path}.sd", "uncertainty_parameter",
                            "normal needs a standard deviation sd ≥ 0",
                            "正态分布需要标准差 sd ≥ 0"))
    else:
        lo, hi = u.minimum, u.maximum
        mode = amount if u.mode is None else u.mode
        if lo is None or hi is None or not lo < hi:
            out.append(_err(path, "uncertainty_parameter",
                            f"{u.kind.value} needs minimum below maximum",
                            f"{_ZH_KIND[u.kind]}分布需要 minimum 小于 maximum"))
        elif not lo <= amount <= hi:
            out.append(_err(path, "uncertainty_range",
                            f"the amount {amount:g} lies outside [{lo:g}, {hi:g}]",
                            f"数量 {amount:g} 不在区间 [{lo:g}, {hi:g}] 内"))
        elif u.kind is DistributionKind.TRIANGULAR and not lo <= mode <= hi:
            out.append(_err(f"{path}.mode", "uncertainty_range",
                            f"the mode {mode:g} lies outside [{lo:g}, {hi:g}]",
                            f"众数 {mode:g} 不在区间 [{lo:g}, {hi:g}] 内"))
    return out


_ZH_KIND = {DistributionKind.LOGNORMAL: "对数正态", DistributionKind.NORMAL: "正态",
            DistributionKind.UNIFORM: "均匀", DistributionKind.TRIANGULAR: "三角"}


def resolve(u: Uncertainty, quality: DataQuality | None, basic: BasicClass) -> Uncertainty:
    """The explicit distribution: a derived one becomes the lognormal of
    ``σ = √(σ_b² + Σ σ_i²)`` (pedigree given, else from ``quality``); call after :func:`check`."""
    if not u.derived:
        return u
    pedigree = u.pedigree
    if pedigree is None:
        if quality is None:
            raise ValueError("from_quality without data-quality scores")
        pedigree = pedigree_from_quality(quality)
    variance = BASIC_VARIANCE[basic] if u.basic_variance is None else u.basic_variance
    return Uncertainty(DistributionKind.LOGNORMAL, sigma=pedigree_sigma(pedigree, variance))


def basic_class_of_gas(gas: str) -> BasicClass:
    """The basic-uncertainty class of a direct emission of ``gas``."""
    if gas in ("CO2", "CO2e"):
        return BasicClass.CO2
    if gas in ("CH4", "N2O"):
        return BasicClass.CH4_N2O
    return BasicClass.OTHER_GAS


# -- Monte Carlo results, as a footprint result carries them ----------------------------------

@dataclass(frozen=True)
class HistogramBins:
    edges: tuple[float, ...]  # bins + 1 edges, kg CO2e
    counts: tuple[int, ...]


@dataclass(frozen=True)
class ConvergencePoint:
    iterations: int
    mean: float
    relative_half_width: float | None  # of the 95 % confidence interval of the mean


@dataclass(frozen=True)
class DrawSummary:
    """Mean, median, standard deviation, 2.5 / 97.5 percentiles, histogram and convergence of
    the draws of one result (kg CO2e per reference flow)."""

    mean: float
    median: float
    sd: float
    p2_5: float
    p97_5: float
    histogram: HistogramBins
    convergence: tuple[ConvergencePoint, ...]


@dataclass(frozen=True)
class StageDraws:
    stage: str  # LifeCycleStage value
    summary: DrawSummary


@dataclass(frozen=True)
class GasDraws:
    gas: str
    category: str  # fossil, biogenic, removal, dluc
    summary: DrawSummary


@dataclass(frozen=True)
class VarianceContribution:
    """One uncertain parameter's contribution to the variance of the total (方差贡献): its
    squared Spearman rank correlation with the total, normalised over all parameters."""

    path: str  # field path of the parameter's uncertainty
    label: Text  # the input, emission or factor it qualifies, with its process
    share: float  # 0..1


@dataclass(frozen=True)
class MonteCarloResult:
    """A Monte Carlo run of a model: its seed (same seed → same draws), the footprint at the
    stated values, the summaries of the total, of each stage and of each gas flow, and the
    parameters contributing most to the variance of the total (empty in results stored before
    contributions were kept)."""

    iterations: int
    seed: int
    deterministic_co2e_kg: float
    total: DrawSummary
    by_stage: tuple[StageDraws, ...]
    by_gas: tuple[GasDraws, ...]
    parameters: tuple[str, ...]  # field path of each uncertain parameter, in sampling order
    method: str = "monte_carlo"
    contributions: tuple[VarianceContribution, ...] = ()  # largest share first
