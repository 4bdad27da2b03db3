"""The entries of a linked matrix with the distributions of the exchanges behind them.

An entry's static value is ``v = k · a``: the exchange's amount ``a`` times ``k``, which holds
the unit conversion, the allocation share and the sign (``−`` for a technosphere input). A
draw of the entry is ``k · x`` with ``x`` drawn from the exchange's distribution (stated in
the exchange's unit), so the distribution of ``x`` is carried over by ``k`` into the
stats_arrays parameters of :mod:`carbonlabel.calc.uncertainty.distributions`:

============  ===========================================================================
lognormal     ``loc = ln |k · median|``, ``scale = σ``, sign that of ``v``
normal        ``loc = k · mean``, ``scale = |k| · sd``
uniform       ``[k · min, k · max]`` (in order when ``k < 0``)
triangular    ``[k · min, k · max]``, mode ``k · mode``
============  ===========================================================================

An exchange of amount zero, or without a distribution, is a fixed entry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from carbonlabel.calc.uncertainty.distributions import Distributions, Kind
from carbonlabel.calc.uncertainty.entries import MatrixEntries, entries
from carbonlabel.domain.exchange_uncertainty import ExchangeUncertainty
from carbonlabel.domain.uncertainty import DistributionKind

_NAN = float("nan")


@dataclass
class Triplets:
    """``(row, col, value)`` of a sparse matrix being built, with each value's distribution."""

    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    loc: list[float] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)
    minimum: list[float] = field(default_factory=list)
    maximum: list[float] = field(default_factory=list)
    uncertain: int = 0  # entries with a distribution

    def add(self, row: int, col: int, value: float, amount: float = 0.0,
            u: ExchangeUncertainty | None = None) -> None:
        """An entry of static ``value`` from an exchange of ``amount`` distributed as ``u``."""
        self.rows.append(row)
        self.cols.append(col)
        self.vals.append(value)
        params = None if u is None or amount == 0.0 else _scaled(u, value / amount)
        if params is None:
            params = (int(Kind.FIXED), _NAN, _NAN, _NAN, _NAN)
        else:
            self.uncertain += 1
        kind, loc, scale, lo, hi = params
        self.kind.append(kind)
        self.loc.append(loc)
        self.scale.append(scale)
        self.minimum.append(lo)
        self.maximum.append(hi)

    def entries(self) -> MatrixEntries:
        """The entries (sign +1: the values are signed already)."""
        d = Distributions(np.asarray(self.kind, dtype=np.int64),
                          np.asarray(self.vals, dtype=np.float64),
                          *(np.asarray(x, dtype=np.float64)
                            for x in (self.loc, self.scale, self.minimum, self.maximum)))
        return entries(np.asarray(self.rows, dtype=np.int64),
                       np.asarray(self.cols, dtype=np.int64), 1.0, d)


def _scaled(u: ExchangeUncertainty, k: float) -> tuple[int, float, float, float, float] | None:
    """stats_arrays (kind, loc, scale, minimum, maximum) of ``k · x`` (module docstring)."""
    if u.kind is DistributionKind.LOGNORMAL:
        m = k * float(u.median or 0.0)
        if m == 0.0 or not math.isfinite(m):
            return None
        return int(Kind.LOGNORMAL), math.log(abs(m)), float(u.sigma or 0.0), _NAN, _NAN
    if u.kind is DistributionKind.NORMAL:
        return (int(Kind.NORMAL), k * float(u.mean or 0.0), abs(k) * float(u.sd or 0.0),
                _NAN, _NAN)
    lo, hi = sorted((k * float(u.minimum or 0.0), k * float(u.maximum or 0.0)))
    if u.kind is DistributionKind.UNIFORM:
        return int(Kind.UNIFORM), _NAN, _NAN, lo, hi
    return int(Kind.TRIANGULAR), k * float(u.mode or 0.0), _NAN, lo, hi
