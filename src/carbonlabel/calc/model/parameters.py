"""The uncertain parameters of a compiled model, one per uncertain amount or factor.

Each parameter is the **ratio** ``r = x / x₀`` of a sampled value ``x`` to the stated value
``x₀``, so a line's sampled coefficient is ``coef₀ · r``: the unit conversion and the
allocation share ``f`` that ``coef₀`` already holds multiply the sampled value. In the
conventions of :mod:`carbonlabel.calc.uncertainty.distributions`:

============  =====================================================================
lognormal     code 2, ``loc = 0``, ``scale = σ`` (median ratio 1: the median is ``x₀``)
normal        code 3, ``loc = 1``, ``scale = sd / |x₀|``
uniform       code 4, ``[min / x₀, max / x₀]`` (bounds swapped when ``x₀ < 0``)
triangular    code 5, ``[min / x₀, max / x₀]``, mode ``mode / x₀`` (default 1)
============  =====================================================================

A factor is one parameter however many inputs use it (its column of ``G`` is scaled by one
``r``), so those inputs are sampled perfectly correlated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from carbonlabel.calc.model.problems import Collector
from carbonlabel.calc.uncertainty.distributions import Distributions, Kind
from carbonlabel.domain.quality import DataQuality
from carbonlabel.domain.uncertainty import (
    BasicClass,
    DistributionKind,
    Uncertainty,
    check,
    resolve,
)


@dataclass
class ParameterTable:
    """Parameters gathered while compiling: stats_arrays columns and the field path of each."""

    kind: list[int] = field(default_factory=list)
    loc: list[float] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)
    minimum: list[float] = field(default_factory=list)
    maximum: list[float] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def add(self, u: Uncertainty, value: float, quality: DataQuality | None,
            basic: BasicClass, path: str, err: Collector) -> int | None:
        """Index of the new parameter of ``u`` around ``value`` (``None`` on a problem)."""
        problems = check(u, value, path, quality)
        if problems:
            err.errors.extend(problems)
            return None
        d = resolve(u, quality, basic)
        nan = float("nan")
        loc, scale, lo, hi = nan, nan, nan, nan
        if d.kind is DistributionKind.LOGNORMAL:
            code, loc, scale = Kind.LOGNORMAL, 0.0, float(d.sigma or 0.0)
        elif d.kind is DistributionKind.NORMAL:
            code, loc, scale = Kind.NORMAL, 1.0, float(d.sd or 0.0) / abs(value)
        else:
            code = Kind.UNIFORM if d.kind is DistributionKind.UNIFORM else Kind.TRIANGULAR
            lo, hi = float(d.minimum or 0.0) / value, float(d.maximum or 0.0) / value
            lo, hi = min(lo, hi), max(lo, hi)
            loc = 1.0 if d.mode is None else d.mode / value
        self.kind.append(int(code))
        self.loc.append(loc)
        self.scale.append(scale)
        self.minimum.append(lo)
        self.maximum.append(hi)
        self.paths.append(path)
        return len(self.paths) - 1

    def distributions(self) -> Distributions:
        """The table as :class:`Distributions` (every ``amount`` is the stated ratio 1)."""
        n = len(self.kind)
        return Distributions(np.asarray(self.kind, dtype=np.int64), np.ones(n),
                             np.asarray(self.loc, dtype=np.float64),
                             np.asarray(self.scale, dtype=np.float64),
                             np.asarray(self.minimum, dtype=np.float64),
                             np.asarray(self.maximum, dtype=np.float64))


def no_parameters() -> Distributions:
    return Distributions.fixed(np.zeros(0))
