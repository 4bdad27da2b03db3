"""The static factorization as a cheap preconditioner ``M ≈ A₀`` applied to many columns.

For block elimination (:mod:`carbonlabel.calc.elimination`) ``A₀ = L [[D, 0], [0, S]] U``
with sparse rounds (``L``, ``U``, ``D`` from independent pivots) and a dense core ``S``. The
preconditioner keeps the rounds exactly and replaces the core by its diagonal:
``M = L [[D, 0], [0, diag(S)]] U``. Applying it costs two sparse sweeps (the rounds hold about
as many non-zeros as ``A₀``) instead of a dense core solve (``2 s²`` flops per column), and
on supply-chain matrices GMRES needs only a few more steps than with the exact ``A₀⁻¹``
(22 against 16 on the 20,000-process synthetic database, tolerance 10⁻¹⁰).

The processes are renumbered so that every round's pivots are one contiguous slice (rounds in
order, then the core): ``order[i]`` is the original index of position ``i``. The caller works
in that numbering (``P A Pᵀ``), so a sweep is slicing and sparse products, no gathers.
For SuperLU factorizations (small matrices) ``M = A₀`` exactly, in the original numbering.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from carbonlabel.calc.elimination import EliminationFactorization
from carbonlabel.calc.factorization import Factorization
from carbonlabel.calc.uncertainty.distributions import FloatArray, IntArray


class Preconditioner:
    """``apply(b)`` returns ``M⁻¹ b`` for ``b`` of shape ``(n, k)`` in the ``order`` numbering."""

    def __init__(self, factorization: Factorization) -> None:
        n = factorization.shape[0]
        self._direct: Factorization | None = None
        if not isinstance(factorization, EliminationFactorization):
            self._direct = factorization
            self.order: IntArray = np.arange(n, dtype=np.int64)
            return
        fac = factorization
        current = np.arange(n, dtype=np.int64)
        pieces: list[IntArray] = []
        rests: list[IntArray] = []
        for r in fac.rounds:
            pieces.append(current[r.pivots])
            current = current[r.rest]
            rests.append(current)
        pieces.append(current)
        self.order = np.concatenate(pieces)
        position = np.empty(n, dtype=np.int64)
        position[self.order] = np.arange(n)
        self._sweeps: list[tuple[int, int, FloatArray, sp.csr_matrix, sp.csr_matrix]] = []
        start = 0
        for r, rest in zip(fac.rounds, rests, strict=True):
            stop = start + len(r.pivots)
            # rows of fs / columns of e are in the order of `rest`; renumber to the slice
            shift = position[rest] - stop
            coo = r.fs.tocoo()
            fs = sp.csr_matrix((coo.data, (shift[coo.row], coo.col)), shape=coo.shape)
            coo = r.e.tocoo()
            e = sp.csr_matrix((coo.data, (coo.row, shift[coo.col])), shape=coo.shape)
            self._sweeps.append((start, stop, r.d_inv, fs, e))
            start = stop
        self._core = slice(start, n)
        self._core_inv = 1.0 / fac.core.matrix.diagonal()

    def apply(self, b: FloatArray) -> FloatArray:
        if self._direct is not None:
            return self._direct.solve(b)
        x = np.array(b, dtype=np.float64, order="C")
        for start, stop, _, fs, _ in self._sweeps:
            x[stop:] -= fs @ x[start:stop]
        x[self._core] *= self._core_inv[:, None]
        for start, stop, d_inv, _, e in reversed(self._sweeps):
            x[start:stop] -= e @ x[stop:]
            x[start:stop] *= d_inv[:, None]
        return x
