"""Category benchmarks (对标): which certified results compare, and their statistics.

Two certified footprints compare only when they follow the same product rule release
(``code@version``), state the same declared (or functional) unit and the same system boundary,
and both certificates are valid today. Every other candidate is set apart with the reason, so
a ranking or a benchmark never silently mixes results made under different rules.

Statistics are over the certified values (kg CO2e per declared unit; lower is better):
quartiles and the best 5 % by linear interpolation between order statistics (Hyndman & Fan
type 7, numpy's and R's default), and nothing at all below a minimum count, so that a
benchmark of two or three products neither misleads nor reveals a competitor's value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

#: fewer comparable results than this: the benchmark is hidden (counts are still shown)
MINIMUM_COUNT = 5


class Exclusion(StrEnum):
    """Why a certified result is not compared with the others."""

    NOT_VALID = "not_valid"  # suspended, withdrawn, cancelled or expired today
    NO_RULE = "no_rule"  # certified without a product rule
    OTHER_RULE = "other_rule"  # another product rule
    OTHER_RULE_VERSION = "other_rule_version"  # the same rule, another release
    OTHER_UNIT = "other_unit"  # another declared or functional unit
    OTHER_BOUNDARY = "other_boundary"  # another system boundary


EXCLUSION_NAMES: dict[Exclusion, tuple[str, str]] = {
    Exclusion.NOT_VALID: ("证书当前无效", "the certificate is not valid today"),
    Exclusion.NO_RULE: ("未依据产品种类规则", "certified without a product rule"),
    Exclusion.OTHER_RULE: ("产品种类规则不同", "another product rule"),
    Exclusion.OTHER_RULE_VERSION: ("产品种类规则版本不同", "another release of the product rule"),
    Exclusion.OTHER_UNIT: ("声明单位不同", "another declared unit"),
    Exclusion.OTHER_BOUNDARY: ("系统边界不同", "another system boundary"),
}


def rule_release(product_rule: str | None) -> str | None:
    """``code@version`` of a stored product rule reference (``code@version#sha256``)."""
    if not product_rule:
        return None
    return product_rule.partition("#")[0]


def rule_code(product_rule: str | None) -> str | None:
    release = rule_release(product_rule)
    return release.partition("@")[0] if release else None


@dataclass(frozen=True)
class ComparableKey:
    """What makes results comparable: rule release, declared unit, boundary."""

    product_rule: str  # code@version
    declared_unit: str
    boundary: str

    @property
    def text(self) -> str:
        return f"{self.product_rule} · {self.declared_unit} · {self.boundary}"


@dataclass(frozen=True)
class Candidate:
    """A certified result offered for comparison (its live status already judged)."""

    number: str  # certificate number
    product_rule: str | None  # as stored (code@version#sha256) or None
    declared_unit: str
    boundary: str
    value_co2e_kg: float  # the certified value, per declared unit
    valid: bool


def key_of(candidate: Candidate) -> ComparableKey | None:
    release = rule_release(candidate.product_rule)
    if release is None:
        return None
    return ComparableKey(release, candidate.declared_unit, candidate.boundary)


def exclusion(candidate: Candidate, key: ComparableKey) -> Exclusion | None:
    """Why ``candidate`` does not compare under ``key`` (None: it compares). The first
    reason in the order of :class:`Exclusion` is given."""
    if not candidate.valid:
        return Exclusion.NOT_VALID
    release = rule_release(candidate.product_rule)
    if release is None:
        return Exclusion.NO_RULE
    if release != key.product_rule:
        same_code = release.partition("@")[0] == key.product_rule.partition("@")[0]
        return Exclusion.OTHER_RULE_VERSION if same_code else Exclusion.OTHER_RULE
    if candidate.declared_unit != key.declared_unit:
        return Exclusion.OTHER_UNIT
    if candidate.boundary != key.boundary:
        return Exclusion.OTHER_BOUNDARY
    return None


@dataclass(frozen=True)
class Comparison:
    key: ComparableKey
    comparable: tuple[Candidate, ...]  # ordered by value, then certificate number
    excluded: tuple[tuple[Candidate, Exclusion], ...]


def compare(candidates: Iterable[Candidate], key: ComparableKey) -> Comparison:
    """Split ``candidates`` into those comparable under ``key`` and the rest, with reasons."""
    kept: list[Candidate] = []
    apart: list[tuple[Candidate, Exclusion]] = []
    for c in candidates:
        reason = exclusion(c, key)
        if reason is None:
            kept.append(c)
        else:
            apart.append((c, reason))
    kept.sort(key=lambda c: (c.value_co2e_kg, c.number))
    apart.sort(key=lambda pair: pair[0].number)
    return Comparison(key, tuple(kept), tuple(apart))


def quantile(ordered: Sequence[float], p: float) -> float:
    """Type-7 quantile of values sorted ascending: h = (n − 1)·p, interpolated linearly."""
    if not ordered:
        raise ValueError("no values")
    if not 0.0 <= p <= 1.0:
        raise ValueError("p lies in [0, 1]")
    h = (len(ordered) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


@dataclass(frozen=True)
class Benchmark:
    """A category benchmark; the statistics are None when fewer than ``minimum`` results."""

    key: ComparableKey
    count: int
    minimum: int
    best5: float | None  # 5th percentile: the best 5 % lie at or below it
    q1: float | None  # best quartile at or below
    median: float | None
    q3: float | None

    @property
    def shown(self) -> bool:
        return self.median is not None


def benchmark(comparison: Comparison, minimum: int = MINIMUM_COUNT) -> Benchmark:
    values = sorted(c.value_co2e_kg for c in comparison.comparable)
    n = len(values)
    if n < max(minimum, 1):
        return Benchmark(comparison.key, n, minimum, None, None, None, None)
    return Benchmark(comparison.key, n, minimum, quantile(values, 0.05),
                     quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75))


class Band(StrEnum):
    """Where a value stands in its category (lower is better)."""

    BEST5 = "best5"
    BEST_QUARTILE = "best_quartile"
    BETTER_HALF = "better_half"
    WORSE_HALF = "worse_half"
    WORST_QUARTILE = "worst_quartile"


BAND_NAMES: dict[Band, tuple[str, str]] = {
    Band.BEST5: ("同类最优 5 %", "best 5 % of its category"),
    Band.BEST_QUARTILE: ("同类前 25 %", "best quarter of its category"),
    Band.BETTER_HALF: ("优于同类中位数", "better than the category median"),
    Band.WORSE_HALF: ("高于同类中位数", "above the category median"),
    Band.WORST_QUARTILE: ("同类后 25 %", "highest quarter of its category"),
}


def band(value: float, mark: Benchmark) -> Band | None:
    """The band of ``value``; None when the benchmark is hidden. A value equal to a
    boundary counts in the better band."""
    if mark.best5 is None or mark.q1 is None or mark.median is None or mark.q3 is None:
        return None
    if value <= mark.best5:
        return Band.BEST5
    if value <= mark.q1:
        return Band.BEST_QUARTILE
    if value <= mark.median:
        return Band.BETTER_HALF
    if value <= mark.q3:
        return Band.WORSE_HALF
    return Band.WORST_QUARTILE


def percentile_rank(value: float, comparison: Comparison) -> float | None:
    """Share of comparable results strictly lower than ``value``, ties counted half
    (0: the lowest; near 1: the highest); None when there are none."""
    values = [c.value_co2e_kg for c in comparison.comparable]
    if not values:
        return None
    below = sum(v < value for v in values)
    equal = sum(v == value for v in values)
    return (below + 0.5 * equal) / len(values)


def relative_to_median(value: float, mark: Benchmark) -> float | None:
    """``value`` ÷ the category median (the §3.2 position indicator); None when hidden."""
    if mark.median is None or mark.median == 0:
        return None
    return value / mark.median
