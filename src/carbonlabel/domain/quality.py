"""Data quality: PEF data quality rating (DQR) and data sources.

DQR = (TeR + GeR + TiR + P) / 4, each criterion from 1 (best) to 5 (worst) (EU PEF method,
Recommendation (EU) 2021/2279, Annex I). The footprint's DQR is the contribution-weighted mean
over the items that carry scores: DQR = Σ |cᵢ| DQRᵢ / Σ |cᵢ|.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DQR_LEVELS: tuple[tuple[float, str, str], ...] = (
    (1.5, "优秀", "excellent"),
    (2.0, "很好", "very good"),
    (3.0, "好", "good"),
    (4.0, "一般", "fair"),
    (5.0, "差", "poor"),
)


@dataclass(frozen=True)
class DataQuality:
    ter: float  # technological representativeness
    ger: float  # geographical representativeness
    tir: float  # time representativeness
    p: float  # precision / uncertainty

    @property
    def dqr(self) -> float:
        return (self.ter + self.ger + self.tir + self.p) / 4.0


def dqr_level(dqr: float) -> tuple[str, str]:
    """Quality level (zh, en) of a DQR value."""
    for upper, zh, en in DQR_LEVELS:
        if dqr <= upper:
            return zh, en
    return DQR_LEVELS[-1][1], DQR_LEVELS[-1][2]


@dataclass(frozen=True)
class WeightedQuality:
    dqr: float
    ter: float
    ger: float
    tir: float
    p: float
    coverage: float  # share of |contributions| that carry scores (0..1)


def weighted_quality(items: Iterable[tuple[float, DataQuality | None]]) -> WeightedQuality | None:
    """Contribution-weighted PEF DQR over ``(contribution, quality)`` pairs.

    Weights are |contribution| so that credits do not cancel out emissions. Returns ``None``
    when no item with a non-zero contribution carries scores.
    """
    total = 0.0
    scored = 0.0
    sums = [0.0, 0.0, 0.0, 0.0]
    for contribution, quality in items:
        w = abs(contribution)
        total += w
        if quality is None or w == 0.0:
            continue
        scored += w
        for k, v in enumerate((quality.ter, quality.ger, quality.tir, quality.p)):
            sums[k] += w * v
    if scored == 0.0:
        return None
    ter, ger, tir, p = (s / scored for s in sums)
    return WeightedQuality(dqr=(ter + ger + tir + p) / 4.0, ter=ter, ger=ger, tir=tir, p=p,
                           coverage=scored / total if total else 0.0)


@dataclass(frozen=True)
class Source:
    """Where a number comes from: enough for a certification body to check it."""

    publisher: str = ""
    document: str = ""
    table: str = ""
    year: int | None = None
    url: str = ""
    licence: str = ""
    note: str = ""

    def __str__(self) -> str:
        parts = [p for p in (self.publisher, self.document, self.table) if p]
        if self.year:
            parts.append(str(self.year))
        return ", ".join(parts) or self.note
