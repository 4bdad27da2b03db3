"""``y += M x`` for a CSR matrix given by its arrays, in place, with no checks or temporaries.

The Monte Carlo inner loops call SciPy's own CSR kernels (``scipy.sparse._sparsetools``)
directly: the ``@`` operator's checks and temporaries cost more than the product on the small
slices they work on. Those kernels are private to SciPy (stable since its early releases, but
not promised); should a SciPy release move them, the public product is used instead, with the
same result, only slower.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

try:
    from scipy.sparse import _sparsetools

    _PRIVATE: Any = _sparsetools
    PRIVATE_KERNELS = hasattr(_PRIVATE, "csr_matvec") and hasattr(_PRIVATE, "csr_matvecs")
except ImportError:  # pragma: no cover - exercised by public_csr_matvec(s) in the tests
    PRIVATE_KERNELS = False


def public_csr_matvec(n_row: int, n_col: int, indptr: Any, indices: Any, data: Any,
                      x: np.ndarray, y: np.ndarray) -> None:
    """``y += M x`` through SciPy's public sparse product."""
    y += sp.csr_matrix((data, indices, indptr), shape=(n_row, n_col)) @ x


def public_csr_matvecs(n_row: int, n_col: int, k: int, indptr: Any, indices: Any, data: Any,
                       x: np.ndarray, y: np.ndarray) -> None:
    """``Y += M X`` for ``X`` of ``k`` columns, both given flat in row-major order."""
    m = sp.csr_matrix((data, indices, indptr), shape=(n_row, n_col))
    y.reshape(n_row, k)[...] += m @ x.reshape(n_col, k)


csr_matvec: Any = _PRIVATE.csr_matvec if PRIVATE_KERNELS else public_csr_matvec
csr_matvecs: Any = _PRIVATE.csr_matvecs if PRIVATE_KERNELS else public_csr_matvecs
