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


def dense_core_matrix(n: int, seed: int, condition: float) -> sp.csr_matrix:
    """A dense matrix (all of it is core) with a chosen condition number."""
    rng = np.random.default_rng(seed)
    q1, _ = np.linalg.qr(rng.normal(size=(n, n)))
    q2, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return sp.csr_matrix(q1 @ np.diag(np.geomspace(1.0, 1.0 / condition, n)) @ q2)


def extended_precision_solution(a: sp.csr_matrix, b: np.ndarray, trans: str) -> np.ndarray:
    """SuperLU's solution refined with residuals in extended precision (long double)."""
    lu = sla.splu(sp.csc_matrix(a))
    m = (a.T if trans == "T" else a).toarray().astype(np.longdouble)
    x = lu.solve(b, trans=trans).astype(np.longdouble)
    for _ in range(3):
        r = np.asarray(b.astype(np.longdouble) - m @ x, dtype=np.float64)
        x = x + lu.solve(r, trans=trans)
    return np.asarray(x, dtype=np.float64)


def test_well_conditioned_core_is_factorized_in_single_precision_and_refined_to_double() -> None:
    a = dense_core_matrix(300, 6, condition=100.0)
    fac = factorize_by_elimination(a)
    assert fac.core.single_precision
    rng = np.random.default_rng(6)
    b, bb = rng.normal(size=300), rng.normal(size=(300, 40))
    for x, exact in ((fac.solve(b), extended_precision_solution(a, b, "N")),
                     (fac.solve_transposed(bb), extended_precision_solution(a, bb, "T"))):
        # as accurate as a double-precision solve, far beyond single precision (eps32 1.2e-7)
        assert np.abs(x - exact).max() <= 1e-14 * np.abs(exact).max()
        np.testing.assert_allclose(x, exact, rtol=1e-9)


def test_ill_conditioned_core_is_factorized_in_double_precision() -> None:
    a = dense_core_matrix(200, 7, condition=1e9)
    fac = factorize_by_elimination(a)
    assert not fac.core.single_precision
    b = np.random.default_rng(7).normal(size=200)
    np.testing.assert_allclose(a @ fac.solve(b), b, atol=1e-6)


def test_refinement_that_does_not_converge_falls_back_to_double_precision(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(elimination, "SINGLE_RCOND_MIN", 0.0)  # force single precision
    a = dense_core_matrix(200, 8, condition=1e9)  # eps32 · cond ≫ 1: refinement diverges
    fac = factorize_by_elimination(a)
    assert fac.core.single_precision
    b = np.random.default_rng(8).normal(size=200)
    x = fac.solve(b)
    assert not fac.core.single_precision
    # with cond(A) = 1e9 double precision promises a norm-wise forward error near
    # cond · eps64 ≈ 1e-7, not every element to that accuracy: compare norm-wise
    reference = sla.splu(sp.csc_matrix(a)).solve(b)
    assert np.linalg.norm(x - reference) / np.linalg.norm(reference) < 1e-6
