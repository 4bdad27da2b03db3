"""The sampled matrices of a block of ``k`` samples and their products ``A_s x_s``.

``A_s = F + U_s``: ``F`` holds the fixed entries (the same in every sample), ``U_s`` the drawn
ones (their sum where several share a position), with one CSR pattern for all samples. The
data of the ``U_s`` is the ``(k, m)`` array of the drawn values (row ``s``: sample ``s``, in
CSR order), so a new block needs no scatter. A product is ``F x_s + U_s x_s`` sample by
sample (the patterns' indices and ``F``'s values, shared, stay in cache; only the drawn values
stream). Each row's terms are summed in the
same order whatever ``k`` or the other samples, so a sample's product does not depend on its
block.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from carbonlabel.calc.uncertainty.distributions import FloatArray, IntArray
from carbonlabel.calc.uncertainty.kernels import csr_matvec
from carbonlabel.calc.uncertainty.krylov import F32


class BlockMatrices:
    """``F`` and the ``U_s`` of a block of ``k`` samples, in double and single precision.

    ``indptr, indices``: the CSR pattern of ``A`` (``n × n``); ``fixed``: its fixed data (zero
    where only drawn entries sit); ``drawn``: the positions (in CSR order, increasing) of the
    drawn data."""

    def __init__(self, indptr: IntArray, indices: IntArray, fixed: FloatArray,
                 drawn: IntArray, k: int) -> None:
        n = indptr.size - 1
        self.n, self.k, self.m = n, k, drawn.size
        rows = np.repeat(np.arange(n), np.diff(indptr))
        keep = fixed != 0
        f = sp.csr_matrix((fixed[keep], (rows[keep], indices[keep])), shape=(n, n))
        f.sort_indices()
        self._f = (f.indptr.astype(np.int32), f.indices.astype(np.int32))
        self._f64 = f.data.astype(np.float64)
        self._f32 = f.data.astype(np.float32)
        self._u = (np.searchsorted(rows[drawn], np.arange(n + 1)).astype(np.int32),
                   indices[drawn].astype(np.int32))
        self._u64 = np.zeros((k, drawn.size))
        self._u32 = np.zeros((k, drawn.size), dtype=np.float32)

    def load(self, values: FloatArray) -> None:
        """The drawn data of the block, ``(k, m)``: sample ``s``'s values in CSR order."""
        self._u64[:] = values
        self._u32[:] = values

    def product(self, x: FloatArray) -> FloatArray:
        """``A_s x_s`` for the rows ``x_s`` of ``x`` (``(k, n)``) in double precision:
        ``y = F x + U_s x``, each row's terms summed in a fixed order."""
        out: FloatArray = np.asarray(self._product(x, np.arange(self.k), self._f64, self._u64),
                                     dtype=np.float64)
        return out

    def product32(self, x: F32, samples: IntArray) -> F32:
        """The same in single precision for the samples ``samples`` of the block (row ``i``
        of ``x``: sample ``samples[i]``)."""
        out: F32 = self._product(x, samples, self._f32, self._u32)
        return out

    def _product(self, x: npt.NDArray[np.floating], samples: IntArray,
                 f: npt.NDArray[np.floating], u: npt.NDArray[np.floating]
                 ) -> npt.NDArray[np.floating]:
        x = np.ascontiguousarray(x)
        y = np.zeros_like(x)
        n = self.n
        for i, s in enumerate(samples.tolist()):
            csr_matvec(n, n, self._f[0], self._f[1], f, x[i], y[i])
            csr_matvec(n, n, self._u[0], self._u[1], u[s], x[i], y[i])
        return y
