"""Summaries of Monte Carlo results: moments, percentiles, a histogram and convergence.

For ``n`` draws ``x₁ … xₙ`` of a result:

* mean ``x̄ = Σ xᵢ / n``; standard deviation ``s = √(Σ (xᵢ − x̄)² / (n − 1))``;
* median and the 2.5 / 97.5 percentiles by linear interpolation between order statistics
  (numpy's default, type 7 of Hyndman & Fan 1996: the same rule as R and Excel PERCENTILE);
* the standard error of the mean ``s / √n``, and the relative half-width of its 95 %
  confidence interval ``1.96 · s / (√n · |x̄|)``: the convergence figure. The running mean
  and that half-width are reported at checkpoints (every doubling of ``n``) so a reader can
  see whether more iterations would still move the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from carbonlabel.calc.uncertainty.distributions import FloatArray

Z_95 = 1.959963984540054  # two-sided 95 % quantile of the standard normal


@dataclass(frozen=True)
class Histogram:
    edges: tuple[float, ...]  # bins + 1 edges
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Checkpoint:
    iterations: int
    mean: float
    relative_half_width: float  # of the 95 % confidence interval of the mean


@dataclass(frozen=True)
class Summary:
    iterations: int
    mean: float
    median: float
    sd: float
    p2_5: float
    p97_5: float
    histogram: Histogram
    convergence: tuple[Checkpoint, ...]

    @property
    def relative_half_width(self) -> float:
        """Relative half-width of the 95 % confidence interval of the mean, all draws."""
        return self.convergence[-1].relative_half_width if self.convergence else float("nan")


def relative_half_width(values: FloatArray) -> float:
    """``1.96 · s / (√n · |x̄|)``: ``inf`` for a zero mean, ``nan`` below two draws."""
    n = values.shape[0]
    if n < 2:
        return float("nan")
    mean = float(np.mean(values))
    if mean == 0.0:
        return float("inf")
    return float(Z_95 * np.std(values, ddof=1) / (np.sqrt(n) * abs(mean)))


def checkpoints(values: FloatArray) -> tuple[Checkpoint, ...]:
    """Running mean and convergence at n = 10, 20, 40, … and at the last draw."""
    n = values.shape[0]
    marks: list[int] = []
    m = 10
    while m < n:
        marks.append(m)
        m *= 2
    if n:
        marks.append(n)
    return tuple(Checkpoint(k, float(np.mean(values[:k])), relative_half_width(values[:k]))
                 for k in marks)


def summarise(values: FloatArray, bins: int = 30) -> Summary:
    """The summary of one result's draws (a 1-D array, in the order drawn)."""
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 1 or v.size == 0:
        raise ValueError("summarise needs a non-empty 1-D array of draws")
    if not np.all(np.isfinite(v)):
        raise ValueError("a draw is not a finite number")
    counts, edges = np.histogram(v, bins=bins)
    p = np.percentile(v, [2.5, 50.0, 97.5])
    return Summary(
        iterations=int(v.size), mean=float(np.mean(v)), median=float(p[1]),
        sd=float(np.std(v, ddof=1)) if v.size > 1 else 0.0,
        p2_5=float(p[0]), p97_5=float(p[2]),
        histogram=Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in counts)),
        convergence=checkpoints(v))


def summarise_columns(values: FloatArray, bins: int = 30) -> tuple[Summary, ...]:
    """One summary per column of an ``(iterations, results)`` array (stages, gases, ...)."""
    return tuple(summarise(values[:, j], bins) for j in range(values.shape[1]))
