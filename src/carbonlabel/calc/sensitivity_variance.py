"""Contribution to variance (方差贡献) of each uncertain input, from Monte Carlo samples.

Method: the squared Spearman rank correlation of each input with the output, normalised to
sum to 1 (as in the contribution-to-variance charts of common Monte Carlo tools):

    ρᵢ = corr(rank(xᵢ), rank(y))            (Pearson correlation of the ranks)
    CTVᵢ = ρᵢ² / Σⱼ ρⱼ²

For independent inputs and a model that is close to linear in them, ``y ≈ Σ aᵢ xᵢ``, the rank
correlation approaches the linear one and ``CTVᵢ → aᵢ² σᵢ² / Σⱼ aⱼ² σⱼ²``, the share of the
output variance each input explains.

Limits (say them with the figures): it assumes independent inputs (correlated inputs share
credit for each other); it captures monotonic dependence only (an input acting through a
U-shaped relation gets ~0); interactions (``y = x₁ x₂``) are split between the inputs, not
shown; normalising hides how much of the variance the inputs explain together; ranks of
non-normal inputs differ a little from variance shares (rank correlation of a normal pair is
``(6/π) asin(r/2)``, at most 1.8 % below ``r``); and with ``n`` samples each ``ρ`` carries a
sampling error of about ``1/√(n−1)`` (use thousands of samples). An input that does not vary
(or an output that does not) contributes 0.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

from carbonlabel.calc.factorization import FloatArray


def rank_correlations(inputs: FloatArray, output: FloatArray) -> FloatArray:
    """Spearman ρ of each column of ``inputs`` (n_samples × n_inputs) with ``output``
    (n_samples); 0 for a column or output without spread."""
    x = np.asarray(inputs, dtype=float)
    y = np.asarray(output, dtype=float).ravel()
    if x.ndim != 2 or x.shape[0] != y.shape[0]:
        raise ValueError(f"inputs must be (n_samples × n_inputs) with n_samples = {y.shape[0]}, "
                         f"got {x.shape}")
    if x.shape[0] < 3:
        raise ValueError("at least 3 samples are needed for rank correlations")
    rx = rankdata(x, axis=0)
    ry = rankdata(y)
    rx = rx - rx.mean(axis=0)
    ry = ry - ry.mean()
    norm = np.sqrt((rx * rx).sum(axis=0) * float(ry @ ry))
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.where(norm > 0, (rx.T @ ry) / np.where(norm > 0, norm, 1.0), 0.0)
    return np.asarray(rho, dtype=float)


def contribution_to_variance(inputs: FloatArray, output: FloatArray) -> FloatArray:
    """Each input's share of the output variance, ``ρᵢ² / Σ ρⱼ²`` (see the module docstring
    for the method and its limits); all zeros when no input is rank-correlated with the
    output."""
    rho2 = rank_correlations(inputs, output) ** 2
    total = float(rho2.sum())
    return rho2 / total if total > 0 else np.zeros_like(rho2)
