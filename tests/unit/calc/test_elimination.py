"""Block elimination with a dense core against SciPy's sparse direct solver."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as sla

from carbonlabel.calc import elimination
from carbonlabel.calc.elimination import factorize_by_elimination
from carbonlabel.calc.factorization import SingularMatrixError, factorize


def supply_chain_matrix(n: int, seed: int, negative: bool = False) -> sp.csr_matrix:
    """I − T with T sparse, columns summing below 1, diagonal scaled by a unit change."""
    rng = np.random.default_rng(seed)
    t = sp.random(n, n, density=6 / n, random_state=rng, format="lil")
    t.setdiag(0)
    t = sp.csc_matrix(t)
    sums = np.asarray(t.sum(axis=0)).ravel()
    t = t @ sp.diags(0.9 / np.maximum(sums, 1.0))
    if negative:  # substitution credits: some inputs turn into outputs
        t.data[rng.random(t.data.size) < 0.1] *= -1.0
    d = 10.0 ** rng.uniform(-1.5, 1.5, n)
    return sp.csr_matrix(sp.diags(d) @ (sp.eye(n) - t) @ sp.diags(1 / d))


@pytest.mark.parametrize("negative", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_forward_and_transposed_solves_match_scipy(seed: int, negative: bool,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(elimination, "DENSE_FRACTION", 0.5)
    a = supply_chain_matrix(400, seed, negative)
    fac = factorize_by_elimination(a)
    assert fac.rounds, "the test must exercise elimination rounds, not only the dense core"
    rng = np.random.default_rng(seed)
    b = rng.normal(size=400)
    bb = rng.normal(size=(400, 70))  # more columns than one chunk
    ref = sla.splu(sp.csc_matrix(a))
    np.testing.assert_allclose(fac.solve(b), ref.solve(b), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fac.solve_transposed(b), ref.solve(b, trans="T"), rtol=1e-9,
                               atol=1e-12)
    np.testing.assert_allclose(fac.solve(bb), ref.solve(bb), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fac.solve_transposed(bb), ref.solve(bb, trans="T"), rtol=1e-9,
                               atol=1e-12)


def test_weak_diagonals_are_left_to_the_pivoting_core() -> None:
    # rows 0 and 1 swap roles: tiny diagonals, large off-diagonals (needs row pivoting)
    a = sp.lil_matrix(supply_chain_matrix(50, 4))
    a[0, 0], a[0, 1], a[1, 0], a[1, 1] = 1e-12, 2.0, 3.0, 1e-12
    fac = factorize_by_elimination(sp.csr_matrix(a))
    b = np.arange(50, dtype=float)
    np.testing.assert_allclose(sp.csr_matrix(a) @ fac.solve(b), b, rtol=1e-9, atol=1e-9)


def test_singular_matrix_is_refused() -> None:
    a = sp.csr_matrix(np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0], [0.0, -0.5, 1.0]]))
    with pytest.raises(np.linalg.LinAlgError):
        factorize_by_elimination(a)
    with pytest.raises(SingularMatrixError):
        factorize(a, method="elimination")


def test_auto_method_uses_elimination_for_large_matrices() -> None:
    a = supply_chain_matrix(2500, 5)
    fac = factorize(a)
    assert type(fac).__name__ == "EliminationFactorization"
    b = np.ones(2500)
    np.testing.assert_allclose(a @ fac.solve(b), b, rtol=1e-9, atol=1e-9)
