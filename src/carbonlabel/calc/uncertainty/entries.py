"""Uncertain entries of a sparse matrix: the exchanges behind ``A`` or ``B`` with their
distributions.

A matrix is the sum of its entries: ``M[rows[e], cols[e]] += sign[e] · v[e]``, where ``v[e]``
is the amount of exchange ``e`` (its static value) or a draw of its distribution. Several
entries may fall on the same position (summed, as Brightway does). ``sign`` is ``−1`` for the
inputs of the technosphere (an input of ``a`` units is ``A[q, p] = −a``), ``+1`` otherwise,
so the distributions keep the sign conventions of the source (stats_arrays, synthlci,
EcoSpold 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from carbonlabel.calc.uncertainty.distributions import (
    Distributions,
    FloatArray,
    IntArray,
)


@dataclass(frozen=True)
class MatrixEntries:
    """The entries of one matrix (parallel arrays) and the distributions of their amounts."""

    rows: IntArray
    cols: IntArray
    sign: FloatArray  # +1 or −1 per entry
    distributions: Distributions

    def __len__(self) -> int:
        return int(self.rows.shape[0])

    def check(self, shape: tuple[int, int]) -> None:
        """Raise ``ValueError`` when the arrays disagree or an index is outside ``shape``."""
        n = len(self)
        for name in ("cols", "sign"):
            if getattr(self, name).shape != (n,):
                raise ValueError(f"{name} has shape {getattr(self, name).shape}, expected ({n},)")
        if len(self.distributions) != n:
            raise ValueError(f"{len(self.distributions)} distributions for {n} entries")
        if n and (self.rows.min() < 0 or self.rows.max() >= shape[0] or self.cols.min() < 0
                  or self.cols.max() >= shape[1]):
            raise ValueError(f"an entry lies outside the {shape[0]}×{shape[1]} matrix")
        self.distributions.check()

    def matrix(self, shape: tuple[int, int], values: FloatArray | None = None) -> sp.csc_matrix:
        """``Σ_e sign[e] · values[e]`` at ``(rows[e], cols[e])``; static amounts by default."""
        v = self.distributions.amount if values is None else values
        return sp.csc_matrix((self.sign * v, (self.rows, self.cols)), shape=shape)


def entries(rows: IntArray, cols: IntArray, sign: FloatArray | float,
            distributions: Distributions) -> MatrixEntries:
    """Build :class:`MatrixEntries` with ``int64`` indices and a per-entry sign."""
    r = np.asarray(rows, dtype=np.int64)
    s = np.broadcast_to(np.asarray(sign, dtype=np.float64), r.shape).copy()
    return MatrixEntries(r, np.asarray(cols, dtype=np.int64), s, distributions)
