"""Monte Carlo of a database demand: carbonlabel against Brightway (bw2calc 3.1.0).

Same small synthetic database, same distributions (bw2calc reads them from the CSV files
through its own bw_processing datapackage and samples them with stats_arrays), same demand;
the random generators differ, so the two sets of scores are compared in distribution, with
N = 600 samples each:

* means: ``|m₁ − m₂| ≤ 4 √(s₁²/N + s₂²/N)`` (4 combined standard errors; the scores have
  finite variance, so the difference of means is asymptotically normal);
* the 2.5 and 97.5 percentiles: the distribution-free confidence interval of the p-quantile
  from order statistics, ``[x₍ᵣ₎, x₍ₛ₎]`` with ``r, s = Np ∓ 4 √(Np(1−p))`` (the rank of the
  true quantile among N draws is binomial(N, p)), is formed for each tool; the two
  intervals must overlap (if both tools sample one distribution, each interval holds the
  true quantile except with probability about 6·10⁻⁵).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.calc.uncertainty.lci_montecarlo import monte_carlo
from tests.support.brightway import brightway_datapackage

bw2calc = pytest.importorskip("bw2calc")
pytest.importorskip("bw_processing")

N = 600
Z = 4.0


def _quantile_band(values: np.ndarray, p: float) -> tuple[float, float]:
    x = np.sort(values)
    n = x.size
    half = Z * math.sqrt(n * p * (1 - p))
    lo = max(0, math.floor(n * p - half) - 1)  # 0-based ranks
    hi = min(n - 1, math.ceil(n * p + half) - 1)
    return float(x[lo]), float(x[hi])


def test_scores_agree_with_brightway_in_distribution(
        synthetic_db: Callable[[str, int], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    product = 41  # a product whose supply chain reaches most of the database
    import bw2calc.lca_base
    import scipy.sparse.linalg as sla

    # SciPy's solver inside bw2calc: on 200 processes PARDISO's per-call set-up dominates
    monkeypatch.setattr(bw2calc.lca_base, "PYPARDISO", False)
    monkeypatch.setattr(bw2calc.lca_base, "spsolve", sla.spsolve)
    folder = synthetic_db("small", 2)
    lca = bw2calc.LCA({product: 1.0}, data_objs=[brightway_datapackage(folder, True)],
                      use_distributions=True, seed_override=17)
    lca.lci()
    lca.lcia()
    theirs = []
    for _ in range(N):
        next(lca)
        theirs.append(float(lca.score))
    bw = np.array(theirs)

    db = read_synthlci(folder)
    f = np.zeros(db.n_processes)
    f[db.indices_of([str(product)])] = 1.0
    ours = monte_carlo(db, f, N, seed=17).scores

    se = math.sqrt(ours.var(ddof=1) / N + bw.var(ddof=1) / N)
    assert abs(ours.mean() - bw.mean()) <= Z * se
    for p in (0.025, 0.975):
        a_lo, a_hi = _quantile_band(ours, p)
        b_lo, b_hi = _quantile_band(bw, p)
        assert a_lo <= b_hi
        assert b_lo <= a_hi
    # and the spread is that of the same distributions (not a fixed database by mistake)
    assert 0.5 < ours.std() / bw.std() < 2.0
