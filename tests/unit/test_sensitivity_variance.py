"""Contribution to variance from Monte Carlo samples, on models whose shares are known."""

from __future__ import annotations

import numpy as np
import pytest

from carbonlabel.calc.sensitivity_variance import contribution_to_variance, rank_correlations

N = 20_000


def test_linear_model_of_independent_normals_gives_the_analytic_shares() -> None:
    # y = a·x1 + b·x2: share_i = a_i² σ_i² / Σ a_j² σ_j²; a=2, σ1=1 → 4; b=1, σ2=3 → 9
    rng = np.random.default_rng(16)
    x = np.column_stack([rng.normal(10, 1, N), rng.normal(5, 3, N)])
    y = 2 * x[:, 0] + 1 * x[:, 1]
    shares = contribution_to_variance(x, y)
    # Spearman ρ of a normal pair is (6/π) asin(r/2), within 1.8 % of r; with 20,000 samples
    # each ρ carries ~0.007 sampling error: 0.02 covers both
    assert shares == pytest.approx([4 / 13, 9 / 13], abs=0.02)
    assert shares.sum() == pytest.approx(1.0, abs=1e-12)


def test_three_inputs_one_of_which_does_not_act() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1, (N, 3)) * np.array([1.0, 2.0, 5.0])
    y = 3 * x[:, 0] - 1.5 * x[:, 1]  # x3 unused; a negative slope counts by its square
    shares = contribution_to_variance(x, y)
    assert shares == pytest.approx([9 / 18, 9 / 18, 0.0], abs=0.02)


def test_an_input_that_does_not_vary_contributes_nothing() -> None:
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.normal(0, 1, 500), np.full(500, 4.0)])
    shares = contribution_to_variance(x, x[:, 0] * 2 + 1)
    assert shares.tolist() == [1.0, 0.0]


def test_rank_correlation_of_a_monotone_relation_is_one() -> None:
    x = np.arange(1.0, 101.0).reshape(-1, 1)
    assert rank_correlations(x, np.exp(x[:, 0] / 10))[0] == pytest.approx(1.0, abs=1e-12)
    assert rank_correlations(x, -x[:, 0] ** 3)[0] == pytest.approx(-1.0, abs=1e-12)


def test_a_constant_output_gives_no_shares_and_bad_shapes_are_refused() -> None:
    x = np.random.default_rng(1).normal(size=(50, 2))
    assert contribution_to_variance(x, np.ones(50)).tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match="n_samples"):
        contribution_to_variance(x, np.ones(49))
