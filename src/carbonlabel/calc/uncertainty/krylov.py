"""GMRES for many independent systems at once: ``A_j x_j = f`` for the columns ``j`` of a block.

Right-preconditioned GMRES (Saad & Schultz, 1986; Saad, *Iterative Methods for Sparse Linear
Systems*, 2nd ed., §9.3.2), run in lock step for every system of a block with per-system
scalars: the Arnoldi step ``w = A_j M⁻¹ v_i`` is one batched sparse product and one
multi-column preconditioner sweep; ``w`` is orthogonalised against the basis by classical
Gram–Schmidt as batched matrix–vector products, with a second pass when cancellation shows
(CGS2 is as accurate as modified Gram–Schmidt; Giraud et al., 2005); the Givens rotations
are applied elementwise. After ``m`` steps ``x_j = x₀ + M⁻¹ V y_j`` where ``y_j`` minimises
``‖β e₁ − H̄ y‖``, so the residual ``‖f − A_j x_j‖₂`` is ``|g_{m+1}|`` up to rounding:
iteration stops when every system meets its target (the caller then checks the true
residual in double precision).

Operators take and return ``(n, k)`` arrays (column ``j``: system ``j``); the basis is kept
as ``(k, m, n)`` so that each system's inner products are one BLAS call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from carbonlabel.calc.uncertainty.distributions import FloatArray

#: A second Gram–Schmidt pass when a norm drops below this share (Kahan's "twice is enough"
#: criterion as in Parlett, *The Symmetric Eigenvalue Problem*, §6.9).
REORTHOGONALISE = 1 / np.sqrt(2)

#: ``(n, k) → (n, k)``: the products ``A_j v_j`` or the preconditioner solves ``M⁻¹ v_j``.
BlockOperator = Callable[[FloatArray], FloatArray]


@dataclass(frozen=True)
class GmresResult:
    x: FloatArray  # (n, k)
    steps: int
    estimate: FloatArray  # (k,) residual norms the recurrence predicts


def block_gmres(matvec: BlockOperator, precondition: BlockOperator, rhs: FloatArray,
                x0: FloatArray, target: FloatArray, max_steps: int) -> GmresResult:
    """Run until every predicted residual ``‖f − A_j x_j‖₂ ≤ target_j`` or ``max_steps``."""
    n, k = x0.shape
    r = np.ascontiguousarray((rhs - matvec(x0)).T)  # (k, n)
    beta = np.linalg.norm(r, axis=1)
    if np.all(beta <= target):
        return GmresResult(x0, 0, beta)
    basis = np.empty((k, max_steps + 1, n))
    basis[:, 0, :] = _normalised(r, beta)
    h = np.zeros((max_steps + 1, max_steps, k))
    cs = np.zeros((max_steps, k))
    sn = np.zeros((max_steps, k))
    g = np.zeros((max_steps + 1, k))
    g[0] = beta
    steps = 0
    # the step at which each system met its target (0: at the start; −1: not yet)
    done_at = np.where(beta <= target, 0, -1)
    for j in range(max_steps):
        v = np.ascontiguousarray(basis[:, j, :].T)
        w = np.ascontiguousarray(matvec(precondition(v)).T)  # (k, n)
        v_basis = basis[:, :j + 1, :]
        before = np.linalg.norm(w, axis=1)
        coef = _project_out(v_basis, w, range(k))
        norm = np.linalg.norm(w, axis=1)
        again = np.flatnonzero(norm < REORTHOGONALISE * before)
        if again.size:  # cancellation: a second pass (CGS2) for those systems only
            coef += _project_out(v_basis, w, again.tolist())
            norm = np.linalg.norm(w, axis=1)
        h[:j + 1, j] = coef.T
        h[j + 1, j] = norm
        basis[:, j + 1, :] = _normalised(w, norm)
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
    update = np.zeros((k, n))
    for i in range(steps):
        update += y[i][:, None] * basis[:, i, :]
    return GmresResult(x0 + precondition(np.ascontiguousarray(update.T)), steps,
                       np.abs(g[own, np.arange(k)]))


def _project_out(basis: FloatArray, w: FloatArray, systems: Iterable[int]) -> FloatArray:
    """Classical Gram–Schmidt of rows ``systems`` of ``w`` against their systems' bases, in
    place; returns the coefficients ``(k, j)``, zero for the other rows (BLAS matrix–vector
    products per system)."""
    coef = np.zeros(basis.shape[:2])
    for s in systems:
        coef[s] = basis[s] @ w[s]
        w[s] -= coef[s] @ basis[s]
    return coef


def _normalised(v: FloatArray, norm: FloatArray) -> FloatArray:
    safe = np.where(norm > 0, norm, 1.0)
    return np.where(norm[:, None] > 0, v / safe[:, None], 0.0)


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
