"""The uncertainty of an imported exchange's amount, as the source database states it.

Values are absolute, in the exchange's own unit (the unit of its ``amount``), signed like the
amount where the source signs them:

=============  ===========================================================================
lognormal      ``median`` (the geometric mean, signed like the amount) and ``sigma`` = σ of
               ``ln |x|`` (EcoSpold 2 ``exp(mu)`` and ``√varianceWithPedigreeUncertainty``;
               openLCA ``geomMean`` and ``ln geomSd``)
normal         ``mean`` and ``sd`` (EcoSpold 2 ``meanValue``, ``√variance…``; openLCA ``mean``,
               ``sd``)
uniform        ``minimum``, ``maximum``
triangular     ``minimum``, ``mode``, ``maximum``
=============  ===========================================================================

:func:`usable` says why a stated distribution cannot be sampled (an infinite or negative
variance, a geometric standard deviation below 1, bounds in the wrong order ...): the import
then keeps the amount without uncertainty and counts the problem.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from carbonlabel.domain.uncertainty import DistributionKind


@dataclass(frozen=True)
class ExchangeUncertainty:
    kind: DistributionKind
    median: float | None = None  # lognormal
    sigma: float | None = None  # lognormal, σ of ln |x|
    mean: float | None = None  # normal
    sd: float | None = None  # normal
    minimum: float | None = None  # uniform, triangular
    mode: float | None = None  # triangular
    maximum: float | None = None  # uniform, triangular

    def as_list(self) -> list[object]:
        """The stored form (inventory store): kind, then the seven parameters in order."""
        return [self.kind.value, self.median, self.sigma, self.mean, self.sd, self.minimum,
                self.mode, self.maximum]

    @classmethod
    def from_list(cls, data: list[object]) -> ExchangeUncertainty:
        values = [None if v is None else float(v) for v in data[1:8]]  # type: ignore[arg-type]
        return cls(DistributionKind(str(data[0])), *values)


def _finite(*values: float | None) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def usable(u: ExchangeUncertainty) -> str | None:
    """``None`` when ``u`` can be sampled, else the reason (English, for counting)."""
    if u.kind is DistributionKind.LOGNORMAL:
        if not _finite(u.median, u.sigma) or u.median == 0.0:
            return "lognormal without a finite non-zero median and a finite σ"
        if u.sigma is not None and u.sigma < 0:
            return "lognormal with a negative σ (geometric sd below 1)"
        return None
    if u.kind is DistributionKind.NORMAL:
        if not _finite(u.mean, u.sd) or (u.sd is not None and u.sd < 0):
            return "normal without a finite mean and sd ≥ 0"
        return None
    if not _finite(u.minimum, u.maximum):
        return f"{u.kind.value} without finite bounds"
    lo, hi = float(u.minimum or 0.0), float(u.maximum or 0.0)
    if lo > hi:
        return f"{u.kind.value} with minimum above maximum"
    if u.kind is DistributionKind.TRIANGULAR and not (
            _finite(u.mode) and lo <= float(u.mode or 0.0) <= hi):
        return "triangular with its mode outside [minimum, maximum]"
    return None


def centre(u: ExchangeUncertainty) -> float:
    """The amount the distribution is stated around: lognormal median, normal mean, triangular
    mode, uniform midpoint (for checking it against the exchange's amount)."""
    if u.kind is DistributionKind.LOGNORMAL:
        return float(u.median or 0.0)
    if u.kind is DistributionKind.NORMAL:
        return float(u.mean or 0.0)
    if u.kind is DistributionKind.TRIANGULAR:
        return float(u.mode or 0.0)
    return (float(u.minimum or 0.0) + float(u.maximum or 0.0)) / 2


_Z = 1.959963984540054  # Φ⁻¹(0.975)


def central_95(u: ExchangeUncertainty) -> tuple[float, float]:
    """The 2.5 and 97.5 percentiles of a usable distribution: lognormal
    ``m · exp(∓zσ)`` (ordered), normal ``μ ∓ z·sd``, uniform ``a + (b − a)·p``, triangular
    ``a + √(p (b−a)(c−a))`` below ``F(c) = (c−a)/(b−a)``, else ``b − √((1−p)(b−a)(b−c))``."""
    if u.kind is DistributionKind.LOGNORMAL:
        m, s = float(u.median or 0.0), float(u.sigma or 0.0)
        lo, hi = m * math.exp(-_Z * s), m * math.exp(_Z * s)
        return min(lo, hi), max(lo, hi)
    if u.kind is DistributionKind.NORMAL:
        mu, sd = float(u.mean or 0.0), float(u.sd or 0.0)
        return mu - _Z * sd, mu + _Z * sd
    a, b = float(u.minimum or 0.0), float(u.maximum or 0.0)
    if u.kind is DistributionKind.UNIFORM or b <= a:
        return a + (b - a) * 0.025, a + (b - a) * 0.975
    c = float(u.mode or 0.0)

    def inverse(p: float) -> float:
        if p < (c - a) / (b - a):
            return a + math.sqrt(p * (b - a) * (c - a))
        return b - math.sqrt((1 - p) * (b - a) * (b - c))

    return inverse(0.025), inverse(0.975)


def off_centre(u: ExchangeUncertainty, amount: float) -> bool:
    """Whether ``amount`` lies outside the central 95 % of its own distribution (beyond a
    relative 1e-9, for rounding): the source states the amount and the distribution apart."""
    lo, hi = central_95(u)
    slack = 1e-9 * max(abs(lo), abs(hi), abs(amount))
    return amount < lo - slack or amount > hi + slack
