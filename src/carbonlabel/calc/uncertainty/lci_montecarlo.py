"""Monte Carlo of a demand on a background database: ``score_s = cᵀ B_s A_s⁻¹ f``.

For sample ``s`` the uncertain exchanges of ``A`` and ``B`` are drawn (one random stream per
sample, :mod:`carbonlabel.calc.uncertainty.streams`) and the score is ``cᵀ B_s x_s`` with
``A_s x_s = f``. ``A_s`` keeps the sparsity pattern of the static ``A₀``, so:

* ``A₀`` is factorized once; its sparse part (:mod:`.preconditioner`) is the preconditioner
  ``M`` of right-preconditioned GMRES (:mod:`.krylov`), run on a block of ``k`` samples at
  once (products sample by sample on one shared pattern, :mod:`.blocks`; the preconditioner
  one multi-column sweep);
* mixed-precision iterative refinement: from the static supply ``x₀ = A₀⁻¹ f``,
  ``x ← x + d`` where single-precision GMRES solves ``A_s d ≈ r = f − A_s x`` to
  ``max(INNER · ‖r‖, tol · ‖f‖ / 2)`` and ``r`` is computed in double precision; two
  refinements usually reach the tolerance;
* every sample must meet ``‖f − A_s x_s‖₂ ≤ tol · ‖f‖₂`` (default ``tol = 10⁻¹⁰``), checked in
  double precision with the sampled matrix itself; a sample that does not after the
  refinements is solved by a direct factorization of ``A_s`` (and checked again);
* only ``B`` entries whose flow has a characterization factor affect the score, so only those
  are drawn: ``cᵀ B_s x = Σ_e c_{row(e)} b_e x_{col(e)}``.

The draws of sample ``i`` depend only on the seed and ``i``, so results are identical for any
block size or thread count.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from carbonlabel.calc.database import LciDatabase
from carbonlabel.calc.elimination import EliminationUnsuitableError
from carbonlabel.calc.factorization import Factorization, factorize
from carbonlabel.calc.uncertainty.blocks import BlockMatrices
from carbonlabel.calc.uncertainty.distributions import Distributions, FloatArray, IntArray, Kind
from carbonlabel.calc.uncertainty.entries import MatrixEntries, entries
from carbonlabel.calc.uncertainty.krylov import F32, block_gmres, combine
from carbonlabel.calc.uncertainty.preconditioner import Preconditioner
from carbonlabel.calc.uncertainty.streams import StreamSampler

TOLERANCE = 1e-10
BLOCK = 16
MAX_STEPS = 60
RESTARTS = 4  # refinements after the first
#: each refinement asks GMRES to reduce the residual by this factor (single precision)
INNER = 1e-5


class SampleNotSolvedError(ArithmeticError):
    """A sampled system could not be solved to the tolerance, even directly (singular)."""

    def __init__(self, message: str, sample: int) -> None:
        super().__init__(message)
        self.sample = sample


@dataclass
class SolverStats:
    """How the samples were solved: GMRES steps per block and refinement, refinements after
    the first of a block (``restarts``; usually one per block: single precision reaches about
    10⁻⁵ per refinement), direct fallbacks."""

    steps: list[int] = field(default_factory=list)
    restarts: int = 0
    fallbacks: list[int] = field(default_factory=list)  # sample numbers solved directly
    max_relative_residual: float = 0.0

    @classmethod
    def merged(cls, parts: list[SolverStats]) -> SolverStats:
        """The stats of several blocks, in the order given."""
        return cls([s for p in parts for s in p.steps], sum(p.restarts for p in parts),
                   [f for p in parts for f in p.fallbacks],
                   max((p.max_relative_residual for p in parts), default=0.0))


@dataclass
class _Workspace:
    """The buffers of one solving thread, kept between its blocks: the block's sampled
    matrices and the GMRES basis (fresh pages of a large array cost more than filling
    them)."""

    blocks: BlockMatrices | None = None
    basis: F32 | None = None

    def basis_of(self, k: int, n: int) -> F32:
        shape = (k, MAX_STEPS + 1, n)
        if self.basis is None or self.basis.shape != shape:
            self.basis = np.empty(shape, dtype=np.float32)
        return self.basis


@dataclass(frozen=True)
class LciMonteCarloResult:
    scores: FloatArray  # one per sample, in sample order
    static_score: float  # cᵀ B₀ A₀⁻¹ f
    seed: int
    tolerance: float
    stats: SolverStats


def signed(d: Distributions, sign: FloatArray) -> Distributions:
    """The distributions of ``sign · v``: amounts, normal means and triangular modes change
    sign, minimum and maximum swap; a lognormal keeps ``μ`` (its sign is the amount's)."""
    neg = sign < 0
    flip = neg & np.isin(d.kind, [Kind.NORMAL, Kind.TRIANGULAR])
    return Distributions(d.kind, np.where(neg, -d.amount, d.amount),
                         np.where(flip, -d.loc, d.loc), d.scale,
                         np.where(neg, -d.maximum, d.minimum),
                         np.where(neg, -d.minimum, d.maximum))


def _subset(d: Distributions, mask: np.ndarray) -> Distributions:
    return Distributions(d.kind[mask], d.amount[mask], d.loc[mask], d.scale[mask],
                         d.minimum[mask], d.maximum[mask])


def _concat(first: Distributions, second: Distributions) -> Distributions:
    return Distributions(*(np.concatenate([getattr(first, f), getattr(second, f)])
                           for f in ("kind", "amount", "loc", "scale", "minimum", "maximum")))


def _fixed_entries(m: sp.csc_matrix) -> MatrixEntries:
    coo = m.tocoo()
    return entries(coo.row.astype(np.int64), coo.col.astype(np.int64), 1.0,
                   Distributions.fixed(coo.data.astype(np.float64)))


def _factorize(a: sp.csc_matrix) -> Factorization:
    """Block elimination when the structure suits it (its sparse part is the preconditioner;
    it also makes every column's arithmetic independent of the others), else SuperLU."""
    try:
        return factorize(a, method="elimination")
    except EliminationUnsuitableError:
        return factorize(a)


class DatabaseMonteCarlo:
    """The static solve and the sampling plan of one demand on one database."""

    def __init__(self, db: LciDatabase, demand: FloatArray, seed: int, *,
                 tolerance: float = TOLERANCE, threads: int = 2,
                 factorization: Factorization | None = None) -> None:
        n = db.n_processes
        self.n, self.seed, self.tolerance = n, seed, tolerance
        a = db.technosphere_entries or _fixed_entries(db.technosphere)
        b = db.biosphere_entries or _fixed_entries(db.biosphere)
        da = signed(a.distributions, a.sign)
        self.factorization = factorization or _factorize(a.matrix((n, n)))
        self.preconditioner = Preconditioner(self.factorization)
        order = self.preconditioner.order
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n)
        # the pattern of P A Pᵀ in CSR order, and where each entry lands in its data array
        keys = position[a.rows] * n + position[a.cols]
        unique, pos = np.unique(keys, return_inverse=True)
        self.indices = (unique % n).astype(np.int64)
        self.indptr = np.searchsorted(unique // n, np.arange(n + 1)).astype(np.int64)
        nnz = unique.size
        a_unc = da.uncertain
        self.a_fixed = np.bincount(pos[~a_unc], da.amount[~a_unc], minlength=nnz)
        # uncertain entries in CSR order; several on one position: their draws are summed
        drawn_a = np.flatnonzero(a_unc)
        drawn_a = drawn_a[np.argsort(pos[drawn_a], kind="stable")]
        upos, agg_col = np.unique(pos[drawn_a], return_inverse=True)
        self.a_pos = upos
        self.na = int(drawn_a.size)
        #: entries drawn, in the order of the columns of a draw: ``A`` (values ``sign · v``)
        #: then ``B`` (values ``v``); the rest keep their amounts
        self.a_drawn = drawn_a
        self._aggregate = None if upos.size == self.na else sp.csr_matrix(
            (np.ones(self.na), (np.arange(self.na), agg_col)), shape=(self.na, upos.size))
        # B: only entries of characterized flows matter; h = Bᵀc, in the permuted numbering
        w = db.characterization[b.rows] * b.sign
        relevant = w != 0
        b_unc = b.distributions.uncertain & relevant
        b_fix = relevant & ~b_unc
        self.h_fixed = np.bincount(position[b.cols[b_fix]],
                                   (w * b.distributions.amount)[b_fix], minlength=n)
        self.b_cols, self.b_weight = position[b.cols[b_unc]], w[b_unc]
        self.b_drawn = np.flatnonzero(b_unc)
        h0 = self.h_fixed + np.bincount(self.b_cols, self.b_weight
                                        * b.distributions.amount[b_unc], minlength=n)
        self.sampler = StreamSampler(_concat(_subset(da, drawn_a),
                                             _subset(b.distributions, b_unc)), seed, threads)
        f = np.asarray(demand, dtype=np.float64)
        self.f = f[order]
        self.f_norm = float(np.linalg.norm(self.f))
        self.x0 = self.factorization.solve(f)[order]
        self.static_score = float(h0 @ self.x0)

    def close(self) -> None:
        self.sampler.close()

    def draw(self, first: int, count: int) -> FloatArray:
        """The draws of samples ``first … first+count−1`` (see ``a_drawn``, ``b_drawn``)."""
        return self.sampler.draw(first, count)

    # -- the sampled matrices of a block ----------------------------------------------------

    def uncertain_values(self, draws: FloatArray) -> FloatArray:
        """``(k, len(a_pos))``: the sampled ``A`` data at the uncertain positions."""
        values = draws[:, :self.na]
        if self._aggregate is not None:
            values = np.asarray((self._aggregate.T @ values.T).T, dtype=np.float64)
        out: FloatArray = values + self.a_fixed[self.a_pos]
        return out

    def sample_matrix(self, draws: FloatArray, j: int) -> sp.csr_matrix:
        """``P A_s Pᵀ`` of row ``j`` of ``draws`` (for direct solves and checks)."""
        data = self.a_fixed.copy()
        data[self.a_pos] = self.uncertain_values(draws[j:j + 1])[0]
        return sp.csr_matrix((data, self.indices, self.indptr), shape=(self.n, self.n))

    def _block(self, draws: FloatArray, space: _Workspace) -> BlockMatrices:
        """The block-diagonal sampled matrices of a block (:mod:`.blocks`), kept between
        blocks of the same size solved in the same workspace."""
        k = draws.shape[0]
        if space.blocks is None or space.blocks.k != k:
            space.blocks = BlockMatrices(self.indptr, self.indices,
                                         np.asarray(self.a_fixed, dtype=np.float64),
                                         self.a_pos, k)
        values = draws[:, :self.na]
        if self._aggregate is not None:
            values = np.asarray((self._aggregate.T @ values.T).T, dtype=np.float64)
        space.blocks.load(values)
        return space.blocks

    def scores_of(self, draws: FloatArray, x: FloatArray) -> FloatArray:
        """``cᵀ B_s x_s`` per column of ``x``: fixed part ``h · x`` plus the drawn entries."""
        xt = np.ascontiguousarray(x.T)  # one sample per row: the same sums whatever k is
        weights = draws[:, self.na:] * self.b_weight
        return np.array([self.h_fixed @ xt[j] + weights[j] @ xt[j, self.b_cols]
                         for j in range(xt.shape[0])])

    # -- solving ----------------------------------------------------------------------------

    def solve_block(self, first: int, k: int, stats: SolverStats,
                    draws: FloatArray | None = None,
                    space: _Workspace | None = None) -> FloatArray:
        """Scores of samples ``first … first+k−1``: mixed-precision iterative refinement.

        ``x ← x + d`` with ``A_s d ≈ r = f − A_s x`` solved by single-precision GMRES
        (:mod:`.krylov`) to ``max(INNER · ‖r‖, tol · ‖f‖ / 2)``, the residual in double
        precision, until ``‖r‖ ≤ tol · ‖f‖``; a sample that meets it is left alone, so each
        sample's result is independent of the rest of its block. ``space``: the buffers of
        the thread that solves it (kept between its blocks)."""
        draws = self.draw(first, k) if draws is None else draws
        space = _Workspace() if space is None else space
        blocks = self._block(draws, space)
        apply = self.preconditioner.apply

        def operator(v: F32, samples: IntArray) -> F32:  # A_s M⁻¹ v_s, rows: samples
            z = apply(np.array(v.T, order="C"), overwrite=True)  # (n, a)
            return blocks.product32(z.T, samples)

        def residual(x: FloatArray) -> FloatArray:
            out: FloatArray = self.f[None, :] - blocks.product(x)
            return out

        x = np.repeat(self.x0[None, :], k, axis=0)  # (k, n), rows: samples
        r = residual(x)
        norm = np.linalg.norm(r, axis=1)
        goal = 0.5 * self.tolerance * self.f_norm
        for attempt in range(RESTARTS + 1):
            open_ = norm > self.tolerance * self.f_norm
            if not np.any(open_):
                break
            target = np.where(open_, np.maximum(INNER * norm, goal), np.inf)
            result = block_gmres(operator, r, target, MAX_STEPS, space.basis_of(k, self.n))
            d = apply(np.ascontiguousarray(combine(result).T), overwrite=True).T
            x[open_] += d[open_]
            stats.steps.append(result.steps)
            stats.restarts += attempt > 0
            r = residual(x)
            norm = np.linalg.norm(r, axis=1)
        rel = norm / self.f_norm
        for j in np.flatnonzero(rel > self.tolerance).tolist():
            x[j], rel[j] = self._direct(draws, j, first + j)
            stats.fallbacks.append(first + j)
        stats.max_relative_residual = max(stats.max_relative_residual, float(rel.max()))
        return self.scores_of(draws, x.T)

    def _direct(self, draws: FloatArray, j: int, sample: int) -> tuple[FloatArray, float]:
        a = self.sample_matrix(draws, j)
        x = factorize(a.tocsc()).solve(self.f)
        rel = float(np.linalg.norm(self.f - a @ x) / self.f_norm)
        if not rel <= self.tolerance:
            raise SampleNotSolvedError(f"sample {sample}: relative residual {rel:.1e} of a "
                                       f"direct solve (singular sampled matrix?)", sample)
        return x, rel

    def run(self, iterations: int, block: int = BLOCK,
            progress: Callable[[int, int], None] | None = None) -> LciMonteCarloResult:
        """Scores of samples ``0 … iterations−1``, ``block`` at a time. With more than one
        thread, blocks are drawn and solved on that many threads at once (each with its own
        buffers; the sparse kernels, BLAS and the sampler release the GIL). A sample's draws
        depend only on the seed and its number, and its solve only on its own system, so the
        scores are the same whatever the threads or the block size."""
        scores = np.empty(iterations)
        plan = [(first, min(block, iterations - first))
                for first in range(0, iterations, block)]
        local = threading.local()

        def solve(first: int, k: int) -> tuple[FloatArray, SolverStats]:
            if not hasattr(local, "space"):
                local.space = _Workspace()
            stats = SolverStats()
            return self.solve_block(first, k, stats, self.draw(first, k), local.space), stats

        parts: list[SolverStats] = []
        workers = self.sampler.threads
        with ThreadPoolExecutor(workers) as pool:
            pending: deque[tuple[int, int, Future[tuple[FloatArray, SolverStats]]]] = deque()
            for first, k in plan:  # at most workers + 1 blocks in flight (bounded memory)
                pending.append((first, k, pool.submit(solve, first, k)))
                if len(pending) > workers:
                    self._collect(pending.popleft(), scores, parts, iterations, progress)
            while pending:
                self._collect(pending.popleft(), scores, parts, iterations, progress)
        return LciMonteCarloResult(scores, self.static_score, self.seed, self.tolerance,
                                   SolverStats.merged(parts))

    @staticmethod
    def _collect(done: tuple[int, int, Future[tuple[FloatArray, SolverStats]]],
                 scores: FloatArray, parts: list[SolverStats], iterations: int,
                 progress: Callable[[int, int], None] | None) -> None:
        """Wait for the oldest block in flight (blocks finish in plan order for the caller)."""
        first, k, future = done
        scores[first:first + k], stats = future.result()
        parts.append(stats)
        if progress is not None:
            progress(first + k, iterations)


def monte_carlo(db: LciDatabase, demand: FloatArray, iterations: int, seed: int, *,
                block: int = BLOCK, tolerance: float = TOLERANCE, threads: int = 2,
                progress: Callable[[int, int], None] | None = None) -> LciMonteCarloResult:
    """Monte Carlo scores of ``demand`` (a vector over the database's products)."""
    engine = DatabaseMonteCarlo(db, demand, seed, tolerance=tolerance, threads=threads)
    try:
        return engine.run(iterations, block, progress)
    finally:
        engine.close()
