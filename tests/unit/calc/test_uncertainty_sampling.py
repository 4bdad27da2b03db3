"""Sampling of parameter distributions and the summary of draws, against closed forms and
scipy.stats as independent references."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats as st

from carbonlabel.calc.uncertainty.distributions import (
    DistributionError,
    Distributions,
    Kind,
    mean_of,
    sample,
    spread,
    triangular,
)
from carbonlabel.calc.uncertainty.summary import summarise

NAN = float("nan")


def _dists(rows: list[tuple[int, float, float, float, float, float]]) -> Distributions:
    a = np.array(rows, dtype=np.float64)
    return Distributions(a[:, 0].astype(np.int64), a[:, 1], a[:, 2], a[:, 3], a[:, 4], a[:, 5])


FOUR = _dists([
    (Kind.LOGNORMAL, 2.0, math.log(2.0), 0.3, NAN, NAN),
    (Kind.NORMAL, 5.0, 5.0, 0.5, NAN, NAN),
    (Kind.UNIFORM, 1.0, NAN, NAN, 0.5, 1.5),
    (Kind.TRIANGULAR, 1.0, 1.0, NAN, 0.0, 4.0),
    (Kind.FIXED, 7.0, NAN, NAN, NAN, NAN),
])


def test_each_kind_has_the_mean_and_variance_of_its_closed_form() -> None:
    n = 200_000
    x = sample(FOUR, np.random.default_rng(7), n)
    # closed forms: lognormal e^(μ+σ²/2), (e^σ² − 1) e^(2μ+σ²); uniform (a+b)/2, (b−a)²/12;
    # triangular (a+b+c)/3, (a²+b²+c²−ab−ac−bc)/18
    mu, s = math.log(2.0), 0.3
    means = [math.exp(mu + s * s / 2), 5.0, 1.0, (0 + 4 + 1) / 3, 7.0]
    variances = [(math.exp(s * s) - 1) * math.exp(2 * mu + s * s), 0.25, 1 / 12,
                 (0 + 16 + 1 - 0 - 0 - 4) / 18, 0.0]
    for j, (m, v) in enumerate(zip(means, variances, strict=True)):
        se = math.sqrt(v / n)
        assert abs(x[:, j].mean() - m) <= 4 * se + 1e-15, j
        if v:
            assert x[:, j].var(ddof=1) == pytest.approx(v, rel=0.02), j
    assert np.all(x[:, 4] == 7.0)
    np.testing.assert_allclose(mean_of(FOUR), means, rtol=1e-15)


def test_the_triangular_inverse_cdf_matches_scipy() -> None:
    u = np.linspace(0.0, 1.0, 101)
    a, c, b = np.full(101, 2.0), np.full(101, 3.0), np.full(101, 7.0)
    expected = st.triang(c=(3 - 2) / (7 - 2), loc=2, scale=5).ppf(u)
    np.testing.assert_allclose(triangular(a, c, b, u), expected, rtol=1e-13, atol=1e-13)


def test_draws_pass_a_kolmogorov_smirnov_test_against_scipy() -> None:
    x = sample(FOUR, np.random.default_rng(11), 20_000)
    refs = [st.lognorm(s=0.3, scale=2.0), st.norm(5.0, 0.5), st.uniform(0.5, 1.0),
            st.triang(c=0.25, loc=0.0, scale=4.0)]
    for j, ref in enumerate(refs):
        assert st.kstest(x[:, j], ref.cdf).pvalue > 1e-3, j


def test_the_same_seed_repeats_the_draws_exactly_and_another_does_not() -> None:
    one = sample(FOUR, np.random.default_rng(42), 500)
    two = sample(FOUR, np.random.default_rng(42), 500)
    assert np.array_equal(one, two)
    assert not np.array_equal(one, sample(FOUR, np.random.default_rng(43), 500))


def test_a_negative_lognormal_amount_samples_negative_values() -> None:
    d = _dists([(Kind.LOGNORMAL, -3.0, math.log(3.0), 0.2, NAN, NAN)])
    x = sample(d, np.random.default_rng(1), 1000)
    assert np.all(x < 0)
    assert np.median(x) == pytest.approx(-3.0, rel=0.03)


def test_a_shared_parameter_moves_every_place_that_uses_it() -> None:
    x = sample(FOUR, np.random.default_rng(3), 100)
    places = spread(x, np.array([0, 0, 1], dtype=np.int64))
    assert np.array_equal(places[:, 0], places[:, 1])
    assert np.corrcoef(places[:, 0], places[:, 1])[0, 1] == pytest.approx(1.0)


@pytest.mark.parametrize(("row", "reason"), [
    ((9, 1.0, NAN, NAN, NAN, NAN), "unknown distribution code"),
    ((Kind.LOGNORMAL, 1.0, NAN, 0.1, NAN, NAN), "lognormal needs"),
    ((Kind.NORMAL, 1.0, 1.0, -0.1, NAN, NAN), "negative"),
    ((Kind.UNIFORM, 1.0, NAN, NAN, 2.0, 1.0), "minimum is above maximum"),
    ((Kind.TRIANGULAR, 1.0, 5.0, NAN, 0.0, 2.0), "outside"),
])
def test_malformed_distributions_are_refused_with_their_position(
        row: tuple[int, float, float, float, float, float], reason: str) -> None:
    d = _dists([(Kind.FIXED, 1.0, NAN, NAN, NAN, NAN), row])
    with pytest.raises(DistributionError, match=reason) as caught:
        d.check()
    assert caught.value.index == 1


def test_the_summary_reads_percentiles_by_linear_interpolation() -> None:
    # 1..101: the p-th percentile of type 7 is 1 + p/100 · 100 exactly
    v = np.arange(1.0, 102.0)
    rng = np.random.default_rng(5)
    s = summarise(rng.permutation(v), bins=10)
    assert (s.mean, s.median, s.p2_5, s.p97_5) == (51.0, 51.0, 3.5, 98.5)
    assert s.sd == pytest.approx(math.sqrt(sum((x - 51) ** 2 for x in v) / 100), rel=1e-14)
    assert sum(s.histogram.counts) == 101
    assert len(s.histogram.edges) == 11
    assert [c.iterations for c in s.convergence] == [10, 20, 40, 80, 101]
    # half-width 1.96 s / (√n |mean|)
    assert s.relative_half_width == pytest.approx(1.959963984540054 * s.sd / (
        math.sqrt(101) * 51.0), rel=1e-12)


def test_a_summary_of_no_draws_or_a_non_finite_draw_is_refused() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        summarise(np.array([]))
    with pytest.raises(ValueError, match="finite"):
        summarise(np.array([1.0, float("nan")]))
