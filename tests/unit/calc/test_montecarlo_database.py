"""Monte Carlo of database demands (``calc.uncertainty.lci_montecarlo``) against closed forms
and against direct solves of the same sampled systems.

Statistical checks use N = 4,000 draws and accept a deviation of at most z = 4 standard errors
(two-sided probability of a false failure about 6·10⁻⁵ per check; the seeds are fixed, so a
test either always passes or always fails).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as sla

import carbonlabel.calc.uncertainty.lci_montecarlo as mc
from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.calc.database import LciDatabase
from carbonlabel.calc.uncertainty.distributions import Distributions, Kind
from carbonlabel.calc.uncertainty.entries import entries

N = 4000
Z = 4.0
NAN = float("nan")


def _dists(rows: list[tuple[int, float, float, float]]) -> Distributions:
    a = np.array(rows, dtype=np.float64)
    nan = np.full(len(rows), NAN)
    return Distributions(a[:, 0].astype(np.int64), a[:, 1], a[:, 2], a[:, 3], nan, nan.copy())


def _database(tech: list[tuple[int, int, int, float, float, float]],
              bio: list[tuple[int, int, int, float, float, float]], cf: list[float],
              n: int = 2) -> LciDatabase:
    """Processes with production 1; ``tech`` rows (supplier, consumer, kind, amount, loc,
    scale) are inputs, ``bio`` rows (flow, process, kind, amount, loc, scale) emissions."""
    t_rows = [r[0] for r in tech]
    t_cols = [r[1] for r in tech]
    a = entries(np.array(list(range(n)) + t_rows), np.array(list(range(n)) + t_cols),
                np.array([1.0] * n + [-1.0] * len(tech)),
                _dists([(0, 1.0, NAN, NAN)] * n + [(r[2], r[3], r[4], r[5]) for r in tech]))
    b = entries(np.array([r[0] for r in bio]), np.array([r[1] for r in bio]), 1.0,
                _dists([(r[2], r[3], r[4], r[5]) for r in bio]))
    m = len(cf)
    labels = tuple(f"p{i}" for i in range(n))
    return LciDatabase(
        name="hand", process_ids=labels, process_names=labels, product_names=labels,
        units=("kg",) * n, locations=("",) * n, flow_ids=tuple(f"f{i}" for i in range(m)),
        flow_names=tuple(f"f{i}" for i in range(m)), flow_units=("kg",) * m,
        technosphere=a.matrix((n, n)), biosphere=b.matrix((m, n)),
        characterization=np.array(cf), technosphere_entries=a, biosphere_entries=b)


def _unit(n: int, j: int) -> np.ndarray:
    f = np.zeros(n)
    f[j] = 1.0
    return f


def test_product_of_two_lognormal_exchanges_has_the_lognormal_moments() -> None:
    # p0 buys a (lognormal μa, σa) of p1's product; p1 emits b (μb, σb) kg CO2 per unit:
    # score = a·b, lognormal with μ = μa + μb, σ² = σa² + σb².
    mu_a, s_a, mu_b, s_b = math.log(2.0), 0.3, math.log(0.5), 0.4
    db = _database([(1, 0, Kind.LOGNORMAL, 2.0, mu_a, s_a)],
                   [(0, 1, Kind.LOGNORMAL, 0.5, mu_b, s_b)], [1.0])
    scores = mc.monte_carlo(db, _unit(2, 0), N, seed=11).scores
    mu, var = mu_a + mu_b, s_a**2 + s_b**2
    mean = math.exp(mu + var / 2)  # 1.1331
    variance = math.exp(2 * mu + var) * (math.exp(var) - 1)
    assert abs(scores.mean() - mean) <= Z * math.sqrt(variance / N)
    logs = np.log(scores)  # exactly normal(μ, σ²): its mean and variance by normal theory
    assert abs(logs.mean() - mu) <= Z * math.sqrt(var / N)
    assert abs(logs.var(ddof=1) / var - 1) <= Z * math.sqrt(2 / (N - 1))


def test_linear_model_with_normal_inputs_is_normal_with_the_summed_variance() -> None:
    # p0 emits b1 kg CO2 (cf 1) and b2 kg CH4 (cf 27) and buys t units of p1, which emits
    # e = 3 kg CO2 per unit: score = b1 + 27·b2 + 3·t.
    db = _database([(1, 0, Kind.NORMAL, 2.0, 2.0, 0.2)],
                   [(0, 0, Kind.NORMAL, 10.0, 10.0, 1.0), (1, 0, Kind.NORMAL, 0.1, 0.1, 0.02),
                    (0, 1, Kind.FIXED, 3.0, NAN, NAN)], [1.0, 27.0])
    scores = mc.monte_carlo(db, _unit(2, 0), N, seed=5).scores
    mean = 10.0 + 27 * 0.1 + 3 * 2.0  # 18.7
    variance = 1.0**2 + (27 * 0.02) ** 2 + (3 * 0.2) ** 2  # 1.6516
    assert abs(scores.mean() - mean) <= Z * math.sqrt(variance / N)
    assert abs(scores.var(ddof=1) / variance - 1) <= Z * math.sqrt(2 / (N - 1))


def test_a_seed_repeats_exactly_whatever_the_block_size_and_threads(
        synthetic_db: Callable[[str, int], Path]) -> None:
    db = read_synthlci(synthetic_db("small", 2))
    f = _unit(db.n_processes, 17)
    runs = [mc.monte_carlo(db, f, 21, seed=9, block=block, threads=threads).scores
            for block, threads in ((16, 2), (1, 1), (5, 2), (21, 1))]
    for other in runs[1:]:
        assert np.array_equal(runs[0], other)
    assert not np.array_equal(runs[0], mc.monte_carlo(db, f, 21, seed=10).scores)
    assert np.unique(runs[0]).size == 21  # every sample differs


def _direct_scores(db: LciDatabase, engine: mc.DatabaseMonteCarlo, f: np.ndarray,
                   count: int) -> np.ndarray:
    """The same samples solved independently: rebuild A_s and B_s from the drawn entry values
    and solve with SciPy's sparse LU."""
    a, b = db.technosphere_entries, db.biosphere_entries
    assert a is not None
    assert b is not None
    draws = engine.draw(0, count)
    out = np.empty(count)
    for j in range(count):
        va = a.distributions.amount.copy()
        va[engine.a_drawn] = a.sign[engine.a_drawn] * draws[j, :engine.na]
        vb = b.distributions.amount.copy()
        vb[engine.b_drawn] = draws[j, engine.na:]
        x = sla.spsolve(sp.csc_matrix(a.matrix(db.technosphere.shape, va)), f)
        out[j] = db.characterization @ (b.matrix(db.biosphere.shape, vb) @ x)
    return out


def test_fast_scores_equal_direct_solves_of_the_same_samples(
        synthetic_db: Callable[[str, int], Path]) -> None:
    db = read_synthlci(synthetic_db("small", 2))
    f = _unit(db.n_processes, 40)
    engine = mc.DatabaseMonteCarlo(db, f, seed=3)
    result = engine.run(48)
    expected = _direct_scores(db, engine, f, 48)
    engine.close()
    assert np.max(np.abs(result.scores - expected) / np.abs(expected)) <= 1e-8
    assert result.stats.max_relative_residual <= 1e-10
    assert result.stats.fallbacks == []


def test_a_sample_the_iteration_leaves_unsolved_is_solved_directly(
        synthetic_db: Callable[[str, int], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mc, "MAX_STEPS", 1)  # one GMRES step cannot reach 1e-10
    monkeypatch.setattr(mc, "RESTARTS", 0)
    db = read_synthlci(synthetic_db("small", 2))
    f = _unit(db.n_processes, 40)
    engine = mc.DatabaseMonteCarlo(db, f, seed=3)
    result = engine.run(6)
    expected = _direct_scores(db, engine, f, 6)
    engine.close()
    assert result.stats.fallbacks == [0, 1, 2, 3, 4, 5]
    assert np.max(np.abs(result.scores - expected) / np.abs(expected)) <= 1e-8


def test_without_distributions_every_sample_is_the_static_score() -> None:
    db = _database([(1, 0, Kind.FIXED, 2.0, NAN, NAN)], [(0, 1, Kind.FIXED, 0.5, NAN, NAN)],
                   [1.0])
    result = mc.monte_carlo(db, _unit(2, 0), 5, seed=1)
    assert result.static_score == pytest.approx(1.0, rel=1e-15)  # 2 · 0.5
    assert np.allclose(result.scores, 1.0, rtol=1e-14, atol=0)


def test_synthlci_exchanges_carry_their_distributions(
        synthetic_db: Callable[[str, int], Path]) -> None:
    import pandas as pd

    folder = synthetic_db("small", 2)
    db = read_synthlci(folder)
    a, b = db.technosphere_entries, db.biosphere_entries
    assert a is not None
    assert b is not None
    tech = pd.read_csv(folder / "technosphere.csv")
    n = db.n_processes
    # production first (fixed), then the file's rows in order, as A[supplier, consumer] = −a
    assert np.array_equal(a.distributions.kind[n:], tech["uncertainty_type"].to_numpy())
    assert np.array_equal(a.distributions.loc[n:], tech["loc"].to_numpy(), equal_nan=True)
    assert np.all(a.sign[n:] == -1.0)
    assert np.all(a.distributions.kind[:n] == Kind.FIXED)
    assert abs(a.matrix(db.technosphere.shape) - db.technosphere).max() == 0.0
    assert abs(b.matrix(db.biosphere.shape) - db.biosphere).max() == 0.0


def test_a_static_read_leaves_the_distributions_out_and_the_matrices_as_they_are(
        synthetic_db: Callable[[str, int], Path]) -> None:
    folder = synthetic_db("small", 2)
    full, static = read_synthlci(folder), read_synthlci(folder, uncertainty=False)
    assert full.technosphere_entries is not None
    assert static.technosphere_entries is None
    assert static.biosphere_entries is None
    assert abs(static.technosphere - full.technosphere).max() == 0.0
    assert abs(static.biosphere - full.biosphere).max() == 0.0
