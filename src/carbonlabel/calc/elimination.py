"""Block elimination with a dense core: a sparse direct factorization for large LCI matrices.

Supply-chain matrices (ecoinvent-like: markets and producers, one large strongly connected
component) have many processes whose elimination creates little fill, and a core of a few
thousand hubs that fills almost completely. SuperLU spends most of its time on that core with
BLAS-2 kernels. Here the cheap part is eliminated in rounds of independent pivots with sparse
Schur complements, and the core is factorized by LAPACK (``getrf``, partial pivoting, BLAS-3).

One round, with ``I`` a set of pivots no two of which are adjacent (so ``M_II = D`` is
diagonal) and ``R`` the rest::

    M = [[D, E], [F, G]] = [[1, 0], [F D⁻¹, 1]] · [[D, E], [0, S]],   S = G − F D⁻¹ E

Forward solve ``M x = b``: ``x_R = S⁻¹ (b_R − F D⁻¹ b_I)``, ``x_I = D⁻¹ (b_I − E x_R)``.
Transposed ``Mᵀ x = b``: ``x_R = S⁻ᵀ (b_R − Eᵀ D⁻¹ b_I)``, ``x_I = D⁻¹ b_I − (F D⁻¹)ᵀ x_R``.

A pivot is accepted only if ``|d_i| ≥ τ · max_j |M_ji|`` (threshold partial pivoting, τ = 0.1),
so unstable pivots go to the core, where LAPACK pivots fully by rows.

The core is factorized in single precision and every core solve is refined in double precision
against the (sparse, exact) core matrix until its backward error is that of a double-precision
solve: the strategy of LAPACK's ``dsgesv`` (Langou et al., 2006). Single-precision LU takes half
the time and memory; a refinement step costs one triangular solve and a sparse product. A core
too ill-conditioned for this (estimated reciprocal condition below ``SINGLE_RCOND_MIN``), or a
refinement that stops converging, uses a double-precision factorization instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.linalg as la
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

PIVOT_THRESHOLD = 0.1
#: Only the cheapest share of candidate pivots (by Markowitz cost) is tried in a round.
COST_QUANTILE = 0.2
#: Stop eliminating when the remaining matrix is this dense, or a round removes too little.
DENSE_FRACTION = 0.15
MIN_ROUND_FRACTION = 0.01
#: Above this core size a dense factorization costs more than it saves.
MAX_CORE = 6000
#: Right-hand sides solved together (BLAS-3 in the core) without large temporaries.
RHS_CHUNK = 32
#: Reciprocal condition number of the core below which the matrix counts as singular.
RCOND_LIMIT = 1e-15
#: Below this reciprocal condition number the core is factorized in double precision (the
#: single-precision refinement contracts the error by about ``eps32 / rcond`` per step).
SINGLE_RCOND_MIN = 1e-6
#: Refinement steps before a core solve falls back to double precision (as ``dsgesv``).
MAX_REFINEMENT_STEPS = 30
#: Refinement stops when the estimated error left is this small relative to the largest entry.
REFINEMENT_TOLERANCE = 1e-15
#: A refinement that stalls is accepted only if its last step was this small (rounding floor).
REFINEMENT_FLOOR = 1e-11


class EliminationUnsuitableError(Exception):
    """The structure does not suit this method (core too large); use another factorization."""


@dataclass(frozen=True)
class _Round:
    pivots: IntArray  # I, positions in the matrix of this round
    rest: IntArray  # R
    d_inv: FloatArray  # 1 / diag over I
    e: sp.csr_matrix  # M_IR
    fs: sp.csr_matrix  # M_RI D⁻¹


class _Core:
    """LU of the dense core ``S``: single precision with refinement, or double precision."""

    def __init__(self, matrix: sp.csr_matrix) -> None:
        self.matrix = matrix  # S, exact (double), sparse: residuals of the refinement
        self.norm_1 = float(abs(matrix).sum(axis=0).max()) if matrix.nnz else 0.0
        self.contraction = 0.5
        self.lu, self.piv = self._factorize_single()
        if self.lu.dtype != np.float64:
            return
        self._check_condition()

    @property
    def size(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def single_precision(self) -> bool:
        return bool(self.lu.dtype == np.float32)

    def _factorize_single(self) -> tuple[npt.NDArray[np.floating], npt.NDArray[np.int32]]:
        if self.size == 0:
            return np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int32)
        lu, piv, info = la.lapack.sgetrf(self.matrix.astype(np.float32).toarray(order="F"),
                                         overwrite_a=True)
        if info == 0:
            rcond, info = la.lapack.sgecon(lu, self.norm_1)
            if info == 0 and rcond >= SINGLE_RCOND_MIN:
                self.contraction = min(0.5, float(np.finfo(np.float32).eps) / rcond)
                return lu, piv
        del lu
        return self._factorize_double()

    def _factorize_double(self) -> tuple[FloatArray, npt.NDArray[np.int32]]:
        dense = self.matrix.toarray(order="F")  # LAPACK factorizes a Fortran array in place
        lu, piv, info = la.lapack.dgetrf(dense, overwrite_a=True)
        if info > 0:
            raise np.linalg.LinAlgError(f"matrix is exactly singular (zero pivot {info} in "
                                        f"the core)")
        return lu, piv

    def _check_condition(self) -> None:
        if self.size:
            rcond, info = la.lapack.dgecon(self.lu, self.norm_1)
            if info != 0 or rcond < RCOND_LIMIT:
                raise np.linalg.LinAlgError(f"matrix is singular to working precision "
                                            f"(reciprocal condition of the core {rcond:.1e})")

    def _lu_solve(self, b: FloatArray, transposed: bool) -> FloatArray:
        trans = 1 if transposed else 0
        if self.single_precision:
            x, _ = la.lapack.sgetrs(self.lu, self.piv, b.astype(np.float32), trans=trans)
            return np.asarray(x, dtype=np.float64)
        x, _ = la.lapack.dgetrs(self.lu, self.piv, b, trans=trans)
        return np.asarray(x)

    def solve(self, b: FloatArray, transposed: bool) -> FloatArray:
        if self.size == 0:
            return b.copy()
        x = self._lu_solve(b, transposed)
        if not self.single_precision:
            return x
        m = self.matrix.T if transposed else self.matrix
        # Each step contracts the error by a factor ρ (about eps32/rcond at first, then as
        # observed); the error left after a step is about ρ/(1−ρ)·|dx|.
        rho = np.full(x.shape[1:], self.contraction)
        previous = np.full(x.shape[1:], np.inf)
        for _ in range(MAX_REFINEMENT_STEPS):
            dx = self._lu_solve(b - m @ x, transposed)
            x += dx
            size, scale = np.abs(dx).max(axis=0), np.abs(x).max(axis=0)
            if np.isfinite(previous).all():
                rho = np.divide(size, previous, out=np.zeros_like(size), where=previous > 0)
            if np.all(rho * size <= REFINEMENT_TOLERANCE * (1.0 - rho) * scale):
                return x
            if np.any(rho > 0.5):  # no longer contracting: at the rounding floor, or diverging
                if np.all(size <= REFINEMENT_FLOOR * scale):
                    return x
                break
            previous = size
        self.lu, self.piv = self._factorize_double()
        self._check_condition()
        return self._lu_solve(b, transposed)


@dataclass(frozen=True)
class EliminationFactorization:
    rounds: tuple[_Round, ...]
    core: _Core
    n: int

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n, self.n)

    @property
    def core_size(self) -> int:
        return self.core.size

    def solve(self, b: FloatArray) -> FloatArray:
        return self._solve(np.asarray(b, dtype=np.float64), transposed=False)

    def solve_transposed(self, b: FloatArray) -> FloatArray:
        return self._solve(np.asarray(b, dtype=np.float64), transposed=True)

    def _solve(self, b: FloatArray, transposed: bool) -> FloatArray:
        if b.ndim == 2 and b.shape[1] > RHS_CHUNK:
            # many right-hand sides: a few columns at a time keeps the temporaries small
            out = np.empty_like(b)
            for start in range(0, b.shape[1], RHS_CHUNK):
                cols = slice(start, start + RHS_CHUNK)
                out[:, cols] = self._solve_block(b[:, cols], transposed)
            return out
        return self._solve_block(b, transposed)

    def _solve_block(self, b: FloatArray, transposed: bool) -> FloatArray:
        saved: list[FloatArray] = []
        x = b
        for r in self.rounds:
            b_i = x[r.pivots]
            lower = r.e.T @ _scale(r.d_inv, b_i) if transposed else r.fs @ b_i
            x = x[r.rest] - lower
            saved.append(b_i)
        x = self.core.solve(x, transposed)
        for r, b_i in zip(reversed(self.rounds), reversed(saved), strict=True):
            if transposed:
                x_i = _scale(r.d_inv, b_i) - r.fs.T @ x
            else:
                x_i = _scale(r.d_inv, b_i - r.e @ x)
            full = np.empty((len(r.pivots) + len(r.rest), *x.shape[1:]))
            full[r.pivots] = x_i
            full[r.rest] = x
            x = full
        return x


def _scale(d: FloatArray, v: FloatArray) -> FloatArray:
    return d[:, None] * v if v.ndim == 2 else d * v


def _independent_pivots(m: sp.csr_matrix, mc: sp.csc_matrix,
                        rng: np.random.Generator) -> IntArray:
    """A set of stable, cheap pivots no two of which share a row or column entry."""
    size = m.shape[0]
    d = m.diagonal()
    colmax = np.maximum.reduceat(np.abs(mc.data), mc.indptr[:-1])
    r_cnt = np.diff(m.indptr)
    c_cnt = np.diff(mc.indptr)
    stable = (np.abs(d) >= PIVOT_THRESHOLD * colmax) & (d != 0.0)
    if not stable.any():
        return np.empty(0, dtype=np.int64)
    cost = (r_cnt - 1.0) * (c_cnt - 1.0)  # Markowitz: fill created by the pivot at most
    cand = stable & (cost <= np.quantile(cost[stable], COST_QUANTILE))
    key = np.where(cand, rng.permutation(size).astype(np.float64), np.inf)
    # A candidate is taken when its key is the smallest of its row and of its column (a
    # candidate's row and column hold its non-zero diagonal, so the minimum includes itself;
    # keys are a permutation, so no two neighbours can both be the minimum).
    row_min = np.minimum.reduceat(key[m.indices], m.indptr[:-1])
    col_min = np.minimum.reduceat(key[mc.indices], mc.indptr[:-1])
    return np.flatnonzero(cand & (row_min == key) & (col_min == key)).astype(np.int64)


def factorize_by_elimination(matrix: sp.csr_matrix | sp.csc_matrix,
                             seed: int = 0) -> EliminationFactorization:
    """Factorize ``A``; raise :class:`EliminationUnsuitableError` if the dense core is too big.

    Singular matrices raise ``numpy.linalg.LinAlgError`` with the message of LAPACK.
    """
    m = sp.csr_matrix(matrix).astype(np.float64)
    m.sum_duplicates()
    n = m.shape[0]
    rng = np.random.default_rng(seed)
    rounds: list[_Round] = []
    while m.shape[0] > 1 and m.nnz <= DENSE_FRACTION * m.shape[0] ** 2:
        mc = m.tocsc()
        pivots = _independent_pivots(m, mc, rng)
        if pivots.size < max(1, MIN_ROUND_FRACTION * m.shape[0]):
            break
        keep = np.ones(m.shape[0], dtype=bool)
        keep[pivots] = False
        rest = np.flatnonzero(keep).astype(np.int64)
        d_inv = 1.0 / m.diagonal()[pivots]
        e = m[pivots][:, rest].tocsr()
        fs = (mc[:, pivots][rest, :] @ sp.diags(d_inv)).tocsr()
        del mc  # keep the peak memory down: only one copy of the shrinking matrix at a time
        g = m[rest][:, rest]
        del m
        fill = fs @ e
        m = (g - fill).tocsr()
        del g, fill
        m.eliminate_zeros()
        rounds.append(_Round(pivots, rest, d_inv, e, fs))
    if m.shape[0] > MAX_CORE:
        raise EliminationUnsuitableError(f"dense core of {m.shape[0]} rows")
    return EliminationFactorization(tuple(rounds), _Core(m), n)
