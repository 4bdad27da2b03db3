"""GMRES for many independent systems at once: ``A_j d_j = r_j`` for the columns ``j`` of a block.

Right-preconditioned GMRES (Saad & Schultz, 1986; Saad, *Iterative Methods for Sparse Linear
Systems*, 2nd ed., §9.3.2), run in lock step for every system of a block with per-system
scalars: the Arnoldi step ``w = A_j M⁻¹ v_i`` is one batched sparse product and one
multi-column preconditioner sweep; ``w`` is orthogonalised against the basis by classical
Gram–Schmidt as per-system BLAS matrix–vector products, with a second pass when cancellation
shows (CGS2 is as accurate as modified Gram–Schmidt; Giraud et al., 2005); the Givens
rotations are applied elementwise. After ``m`` steps ``d_j = M⁻¹ V y_j`` where ``y_j``
minimises ``‖β e₁ − H̄ y‖``, so the residual ``‖r_j − A_j d_j‖₂`` is ``|g_{m+1}|`` up to
rounding: iteration stops when every system meets its target.

This is the inner solver of mixed-precision iterative refinement (GMRES-IR; Carson & Higham,
*SIAM J. Sci. Comput.* 40 (2018) A817): the operators, the basis and the products run in
single precision (``float32``; half the memory traffic of the sparse products, which bound
the cost), on the residual ``r`` of the current iterate scaled to unit norm per system; the
caller adds ``d`` and recomputes the residual in double precision. Each refinement gains a
factor ``≈ max(target, κ·u₃₂)``, so a few refinements reach ``10⁻¹⁰``.

Operators take and return ``(k, n)`` float32 arrays (row ``j``: system ``j``); the basis is
``(k, m, n)`` so that each system's inner products are one BLAS call on its own rows (the
same arithmetic whatever the other systems of the block).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from carbonlabel.calc.uncertainty.distributions import FloatArray, IntArray

F32 = npt.NDArray[np.float32]

#: A second Gram–Schmidt pass when a norm drops below this share (Kahan's "twice is enough"
#: criterion as in Parlett, *The Symmetric Eigenvalue Problem*, §6.9).
REORTHOGONALISE = 1 / np.sqrt(2)

#: ``(v, systems) → w``, float32: ``w_i = A_s M⁻¹ v_i`` for ``s = systems[i]``, rows of ``(a, n)``
#: arrays (one step of the Arnoldi process, for the systems still iterating).
BlockOperator = Callable[[F32, IntArray], F32]


@dataclass(frozen=True)
class GmresResult:
    y: FloatArray  # (k, steps): d_j = M⁻¹ V_j y_j
    basis: F32  # (k, steps + 1, n)
    steps: int
    estimate: FloatArray  # (k,) residual norms the recurrence predicts


def block_gmres(operator: BlockOperator, residual: FloatArray, target: FloatArray,
                max_steps: int, workspace: F32 | None = None) -> GmresResult:
    """Run until every predicted ``‖r_j − A_j M⁻¹ V_j y_j‖₂ ≤ target_j`` or ``max_steps``.

    ``residual`` is ``(k, n)`` in double precision; the caller forms ``d = M⁻¹ (Vᵀ y)``
    (:func:`combine`). ``workspace``: a ``(k, ≥ max_steps + 1, n)`` float32 buffer for the
    basis, reused between calls (fresh pages of a large array cost more than filling them)."""
    k, n = residual.shape
    beta = np.linalg.norm(residual, axis=1)
    basis = (workspace[:, :max_steps + 1] if workspace is not None
             else np.empty((k, max_steps + 1, n), dtype=np.float32))
    safe = np.where(beta > 0, beta, 1.0)
    basis[:, 0, :] = residual / safe[:, None]
    h = np.zeros((max_steps + 1, max_steps, k))
    cs = np.zeros((max_steps, k))
    sn = np.zeros((max_steps, k))
    g = np.zeros((max_steps + 1, k))
    g[0] = beta
    steps = 0
    # the step at which each system met its target (0: at the start; −1: not yet)
    done_at = np.where(beta <= target, 0, -1)
    coef = np.zeros((k, max_steps + 1))
    for j in range(max_steps if np.any(done_at < 0) else 0):
        # a system that met its target stops iterating (w = 0 keeps its rotations inert)
        active = np.flatnonzero(done_at < 0)
        w = np.zeros((k, n), dtype=np.float32)
        w[active] = operator(basis[active, j, :], active)
        coef[:, :j + 1] = 0.0
        before = _row_norms(w)
        _project_out(basis[:, :j + 1, :], w, coef[:, :j + 1], active.tolist())
        norm = _row_norms(w)
        again = np.flatnonzero(norm < REORTHOGONALISE * before)
        if again.size:  # cancellation: a second pass (CGS2) for those systems only
            extra = np.zeros((k, j + 1))
            _project_out(basis[:, :j + 1, :], w, extra, again.tolist())
            coef[:, :j + 1] += extra
            norm = _row_norms(w)
        h[:j + 1, j] = coef[:, :j + 1].T
        h[j + 1, j] = norm
        safe = np.where(norm > 0, norm, 1.0)
        basis[:, j + 1, :] = w
        basis[:, j + 1, :] *= (1.0 / safe).astype(np.float32)[:, None]
        for i in range(j):  # the earlier rotations, on the new column
            hi, hi1 = h[i, j].copy(), h[i + 1, j]
            h[i, j] = cs[i] * hi + sn[i] * hi1
            h[i + 1, j] = -sn[i] * hi + cs[i] * hi1
        den = np.hypot(h[j, j], h[j + 1, j])
        safe = np.where(den > 0, den, 1.0)
        cs[j] = np.where(den > 0, h[j, j] / safe, 1.0)
        sn[j] = np.where(den > 0, h[j + 1, j] / safe, 0.0)
        h[j, j] = den
        h[j + 1, j] = 0.0
        g[j + 1] = -sn[j] * g[j]
        g[j] = cs[j] * g[j]
        steps = j + 1
        done_at[(done_at < 0) & (np.abs(g[j + 1]) <= target)] = steps
        if np.all(done_at >= 0):
            break
    # each system keeps the iterate of the step at which it converged, so its result does
    # not depend on the other systems of the block (nor on the block size)
    own = np.where(done_at >= 0, done_at, steps)
    y = _back_substitute(h[:steps, :steps], g[:steps], own)  # (steps, k), zero past `own`
    return GmresResult(np.ascontiguousarray(y.T), basis[:, :steps + 1], steps,
                       np.abs(g[own, np.arange(k)]))


def combine(result: GmresResult) -> F32:
    """``Vᵀ y`` per system, ``(k, n)`` (one BLAS product per system)."""
    k, _, n = result.basis.shape
    out = np.zeros((k, n), dtype=np.float32)
    y = result.y.astype(np.float32)
    for s in range(k):
        if result.steps:
            np.dot(y[s], result.basis[s, :result.steps], out=out[s])
    return out


def _row_norms(w: F32) -> FloatArray:
    """``‖w_j‖₂`` per row, (pairwise sums within the row alone)."""
    out: FloatArray = np.linalg.norm(w, axis=1).astype(np.float64)
    return out


def _project_out(basis: F32, w: F32, coef: FloatArray, systems: list[int]) -> None:
    """Classical Gram–Schmidt of rows ``systems`` of ``w`` against their systems' bases, in
    place; the coefficients go to ``coef[s]`` (BLAS matrix–vector products per system)."""
    for s in systems:
        c = basis[s] @ w[s]
        w[s] -= c @ basis[s]
        coef[s] = c


def _back_substitute(r: FloatArray, g: FloatArray, own: np.ndarray) -> FloatArray:
    """``y`` with ``R y = g`` per system ``s`` on its leading ``own[s]`` rows (``R`` upper
    triangular, ``(m, m, k)``), zero beyond; a zero pivot (a system that had converged
    exactly) gives a zero component. Sums run in a fixed order, term by term."""
    m = r.shape[0]
    y = np.zeros_like(g)
    for i in range(m - 1, -1, -1):
        acc = g[i].copy()
        for col in range(i + 1, m):
            acc -= r[i, col] * y[col]
        piv = r[i, i]
        keep = (piv != 0) & (i < own)
        y[i] = np.where(keep, acc / np.where(keep, piv, 1.0), 0.0)
    return y
