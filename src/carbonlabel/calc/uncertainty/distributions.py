"""Probability distributions of uncertain parameters, sampled together and vectorised.

Parameters are given as parallel arrays in the conventions of ``stats_arrays`` (the
uncertainty library of Brightway, also used by the synthlci and EcoSpold 2 imports), so one
description serves model exchanges, factors and imported databases:

==============  ====  ===========================================================
kind            code  parameters
==============  ====  ===========================================================
fixed           0, 1  ``amount`` (no uncertainty; 1 is stats_arrays' "undefined")
lognormal       2     ``loc`` = μ = ln|median|, ``scale`` = σ of ln x; the sign is that of
                      ``amount`` (a negative amount samples ``−exp(N(μ, σ²))``)
normal          3     ``loc`` = mean, ``scale`` = standard deviation
uniform         4     ``minimum``, ``maximum``
triangular      5     ``minimum``, ``loc`` = mode, ``maximum``
==============  ====  ===========================================================

A lognormal with median ``m`` and geometric standard deviation ``GSD`` has ``μ = ln m`` and
``σ = ln GSD``; its mean is ``m · exp(σ²/2)``. ``sample`` draws every parameter of one
kind in one call per block, from one ``numpy.random.Generator``: the same seed gives the same
samples, bit for bit. A parameter used in several places (a factor shared by several
exchanges) is sampled once and indexed into each place (``spread``), which is what makes
those places perfectly correlated, as they are in reality.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Kind(IntEnum):
    """Distribution codes of stats_arrays."""

    FIXED = 0
    UNDEFINED = 1
    LOGNORMAL = 2
    NORMAL = 3
    UNIFORM = 4
    TRIANGULAR = 5


KNOWN_KINDS = frozenset(int(k) for k in Kind)


class DistributionError(ValueError):
    """A parameter's distribution is malformed; ``index`` is its position in the arrays."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class Distributions:
    """One entry per uncertain parameter (parallel arrays, stats_arrays conventions)."""

    kind: IntArray
    amount: FloatArray
    loc: FloatArray
    scale: FloatArray
    minimum: FloatArray
    maximum: FloatArray

    def __len__(self) -> int:
        return int(self.kind.shape[0])

    @classmethod
    def fixed(cls, amount: FloatArray) -> Distributions:
        """Parameters without uncertainty (every sample equals ``amount``)."""
        a = np.asarray(amount, dtype=np.float64)
        nan = np.full_like(a, np.nan)
        return cls(np.zeros(a.shape[0], dtype=np.int64), a, nan, nan.copy(), nan.copy(),
                   nan.copy())

    @property
    def uncertain(self) -> npt.NDArray[np.bool_]:
        """Which parameters vary (not fixed, and not a zero-width distribution)."""
        k = self.kind
        spread_out: npt.NDArray[np.bool_] = ((k == Kind.LOGNORMAL) | (k == Kind.NORMAL)) & (
            self.scale > 0)
        boxed: npt.NDArray[np.bool_] = ((k == Kind.UNIFORM) | (k == Kind.TRIANGULAR)) & (
            self.maximum > self.minimum)
        return spread_out | boxed

    def check(self) -> None:
        """Raise ``DistributionError`` naming the first malformed parameter."""
        n = len(self)
        for name in ("amount", "loc", "scale", "minimum", "maximum"):
            if getattr(self, name).shape != (n,):
                raise DistributionError(f"{name} has shape {getattr(self, name).shape}, "
                                        f"expected ({n},)", 0)
        unknown = ~np.isin(self.kind, list(KNOWN_KINDS))
        _first(unknown, "unknown distribution code")
        k = self.kind
        _first(~np.isfinite(self.amount), "amount is not a finite number")
        logn, norm = k == Kind.LOGNORMAL, k == Kind.NORMAL
        _first(logn & ~(np.isfinite(self.loc) & np.isfinite(self.scale)),
               "lognormal needs finite loc (ln of the median) and scale (σ)")
        _first((logn | norm) & (self.scale < 0), "scale (standard deviation) is negative")
        _first(norm & ~(np.isfinite(self.loc) & np.isfinite(self.scale)),
               "normal needs finite loc (mean) and scale (standard deviation)")
        box = (k == Kind.UNIFORM) | (k == Kind.TRIANGULAR)
        _first(box & ~(np.isfinite(self.minimum) & np.isfinite(self.maximum)),
               "uniform and triangular need finite minimum and maximum")
        _first(box & (self.minimum > self.maximum), "minimum is above maximum")
        tri = k == Kind.TRIANGULAR
        _first(tri & ~((self.loc >= self.minimum) & (self.loc <= self.maximum)),
               "triangular mode (loc) lies outside [minimum, maximum]")


def _first(bad: npt.NDArray[np.bool_], message: str) -> None:
    hits = np.flatnonzero(bad)
    if hits.size:
        raise DistributionError(message, int(hits[0]))


def sample(d: Distributions, rng: np.random.Generator, n: int) -> FloatArray:
    """``n`` draws of every parameter: an ``(n, len(d))`` array; fixed parameters repeat their
    amount. Kinds are drawn in a fixed order (lognormal, normal, uniform, triangular), so a
    seeded generator reproduces the block exactly."""
    out = np.empty((n, len(d)), dtype=np.float64)
    out[:] = d.amount
    k = d.kind
    idx = np.flatnonzero((k == Kind.LOGNORMAL) & (d.scale > 0))
    if idx.size:
        z = rng.standard_normal((n, idx.size))
        out[:, idx] = np.sign(d.amount[idx]) * np.exp(d.loc[idx] + d.scale[idx] * z)
    idx = np.flatnonzero((k == Kind.NORMAL) & (d.scale > 0))
    if idx.size:
        out[:, idx] = d.loc[idx] + d.scale[idx] * rng.standard_normal((n, idx.size))
    idx = np.flatnonzero((k == Kind.UNIFORM) & (d.maximum > d.minimum))
    if idx.size:
        lo, hi = d.minimum[idx], d.maximum[idx]
        out[:, idx] = lo + (hi - lo) * rng.random((n, idx.size))
    idx = np.flatnonzero((k == Kind.TRIANGULAR) & (d.maximum > d.minimum))
    if idx.size:
        out[:, idx] = triangular(d.minimum[idx], d.loc[idx], d.maximum[idx],
                                 rng.random((n, idx.size)))
    return out


def triangular(a: FloatArray, c: FloatArray, b: FloatArray, u: FloatArray) -> FloatArray:
    """Inverse CDF of the triangular distribution (min ``a``, mode ``c``, max ``b``) at ``u``:
    ``a + √(u (b−a)(c−a))`` for ``u < F(c) = (c−a)/(b−a)``, else ``b − √((1−u)(b−a)(b−c))``."""
    width = b - a
    fc = (c - a) / width
    left = a + np.sqrt(u * width * (c - a))
    right = b - np.sqrt((1.0 - u) * width * (b - c))
    return np.where(u < fc, left, right)


def spread(samples: FloatArray, parameter_of: IntArray) -> FloatArray:
    """The draws of each place that uses a parameter: column ``j`` of the result is column
    ``parameter_of[j]`` of ``samples`` (places sharing a parameter move together)."""
    return samples[:, parameter_of]


def mean_of(d: Distributions) -> FloatArray:
    """The expected value of every parameter (lognormal ``±exp(μ + σ²/2)``, normal ``loc``,
    uniform ``(a+b)/2``, triangular ``(a+b+c)/3``, fixed ``amount``)."""
    out = d.amount.copy()
    k = d.kind
    m = k == Kind.LOGNORMAL
    out[m] = np.sign(d.amount[m]) * np.exp(d.loc[m] + d.scale[m] ** 2 / 2)
    m = k == Kind.NORMAL
    out[m] = d.loc[m]
    m = k == Kind.UNIFORM
    out[m] = (d.minimum[m] + d.maximum[m]) / 2
    m = k == Kind.TRIANGULAR
    out[m] = (d.minimum[m] + d.loc[m] + d.maximum[m]) / 3
    return out
