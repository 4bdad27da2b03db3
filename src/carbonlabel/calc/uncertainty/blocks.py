"""The sampled matrices of a block of ``k`` samples as two block-diagonal sparse products.

``A_s = F + U_s``: ``F`` holds the fixed entries (the same in every sample), ``U_s`` the drawn
ones (their sum where several share a position). Sample ``j``'s rows and columns are
``j·n … j·n + n − 1`` of ``diag(F, …, F)`` and ``diag(U_1, …, U_k)``, so ``A_s x_s`` for the
whole block is two sparse products on the ``(k, n)`` array of the ``x_s`` (row ``j``: sample
``j``). The data of ``diag(U_s)`` in CSR order is exactly the ``(k, m)`` array of the drawn
values (row by row), so a new block needs no scatter; each row's sum runs over the same
entries in the same order whatever ``k``, so a sample's product does not depend on its block.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse._sparsetools import csr_matvec

from carbonlabel.calc.uncertainty.distributions import FloatArray, IntArray
from carbonlabel.calc.uncertainty.krylov import F32


def _pattern(indptr: np.ndarray, indices: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``indptr, indices`` of ``diag(P, …, P)`` (``k`` copies of the ``n × n`` pattern)."""
    n, nnz = indptr.size - 1, indices.size
    big_indices = (indices[None, :] + n * np.arange(k)[:, None]).ravel().astype(np.int32)
    big_indptr = np.concatenate([(indptr[None, :-1] + nnz * np.arange(k)[:, None]).ravel(),
                                 [k * nnz]]).astype(np.int32)
    return big_indptr, big_indices


class BlockMatrices:
    """``diag(F)`` and ``diag(U_s)`` of blocks of ``k`` samples, in double and single precision.

    ``indptr, indices``: the CSR pattern of ``A`` (``n × n``); ``fixed``: its fixed data (zero
    where only drawn entries sit); ``drawn``: the positions (in CSR order, increasing) of the
    drawn data."""

    def __init__(self, indptr: IntArray, indices: IntArray, fixed: FloatArray,
                 drawn: IntArray, k: int) -> None:
        n = indptr.size - 1
        self.n, self.k = n, k
        rows = np.repeat(np.arange(n), np.diff(indptr))
        keep = fixed != 0
        f = sp.csr_matrix((fixed[keep], (rows[keep], indices[keep])), shape=(n, n))
        f.sort_indices()
        fp, fi = _pattern(f.indptr, f.indices, k)
        self._f64: tuple[np.ndarray, np.ndarray, np.ndarray] = (fp, fi, np.tile(f.data, k))
        self._f32 = (fp, fi, self._f64[2].astype(np.float32))
        u_indptr = np.searchsorted(rows[drawn], np.arange(n + 1)).astype(np.int64)
        self._u = _pattern(u_indptr, indices[drawn], k)
        self._u64 = np.zeros(k * drawn.size)
        self._u32 = np.zeros(k * drawn.size, dtype=np.float32)

    def load(self, values: FloatArray) -> None:
        """The drawn data of the block, ``(k, m)``: sample ``j``'s values in CSR order."""
        self._u64[:] = values.ravel()
        self._u32[:] = self._u64

    def product(self, x: FloatArray) -> FloatArray:
        """``A_s x_s`` for the rows ``x_s`` of ``x`` (``(k, n)``) in double precision:
        ``y = F x + U_s x``, each row's terms summed in a fixed order."""
        out: FloatArray = self._product(x, self._f64, self._u64)
        return out

    def product32(self, x: F32) -> F32:
        """The same in single precision (the GMRES steps)."""
        out: F32 = self._product(x, self._f32, self._u32)
        return out

    def _product(self, x: np.ndarray, f: tuple[np.ndarray, np.ndarray, np.ndarray],
                 u: np.ndarray) -> np.ndarray:
        xv = np.ascontiguousarray(x).ravel()
        y = np.zeros(xv.size, dtype=x.dtype)
        size = self.n * self.k
        csr_matvec(size, size, f[0], f[1], f[2], xv, y)
        csr_matvec(size, size, self._u[0], self._u[1], u, xv, y)
        return y.reshape(self.k, self.n)
