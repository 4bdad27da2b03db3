"""Sparse direct factorization of the technosphere matrix, computed once and reused.

For a square technosphere matrix ``A`` the engine needs, for many right-hand sides,

* the supply vector ``s = A⁻¹ f`` (forward solve), and
* the adjoint ``y = A⁻ᵀ h`` (transposed solve): with ``h = Bᵀ c`` the vector ``y`` holds the
  cumulative score per unit of every product at once, so the score of any demand is ``y · f``.

``A`` is never inverted. The default backend is SciPy's SuperLU (BSD). A failed or singular
factorization raises :class:`SingularMatrixError` with the indices involved, which callers
translate into a domain error naming processes and products.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import scipy.sparse.linalg as sla

from carbonlabel.calc.elimination import EliminationUnsuitableError, factorize_by_elimination

FloatArray = npt.NDArray[np.float64]


class SingularMatrixError(ValueError):
    """The matrix has no unique solution; ``indices`` are rows/columns involved (0-based)."""

    def __init__(self, message: str, indices: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.indices = indices


class Factorization(Protocol):
    """A factorized square matrix that solves ``A x = b`` and ``Aᵀ x = b``."""

    @property
    def shape(self) -> tuple[int, int]: ...

    def solve(self, b: FloatArray) -> FloatArray:
        """Return ``x`` with ``A x = b``; ``b`` is 1-D or 2-D (one column per demand)."""
        ...

    def solve_transposed(self, b: FloatArray) -> FloatArray:
        """Return ``x`` with ``Aᵀ x = b``; ``b`` is 1-D or 2-D."""
        ...


@dataclass(frozen=True)
class SuperLUFactorization:
    """SuperLU of ``Aᵀ`` (less fill than ``A`` on supply-chain matrices, see bw2calc #176)."""

    lu: sla.SuperLU
    n: int

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n, self.n)

    def solve(self, b: FloatArray) -> FloatArray:
        # lu factorizes Aᵀ, so A x = b is the transposed solve of that factorization.
        return self._solve(b, "T")

    def solve_transposed(self, b: FloatArray) -> FloatArray:
        return self._solve(b, "N")

    def _solve(self, b: FloatArray, trans: str) -> FloatArray:
        lu: Any = self.lu  # the stubs do not know SuperLU.solve's `trans` argument
        return np.asarray(lu.solve(np.asarray(b, dtype=np.float64), trans=trans))


#: From this size on, block elimination with a dense core is tried before SuperLU.
ELIMINATION_MIN_SIZE = 2000


def solver_name(factorization: Factorization) -> str:
    """How a factorization was made, for the provenance of results."""
    if isinstance(factorization, SuperLUFactorization):
        return "SciPy SuperLU (COLAMD, on Aᵀ)"
    return "block elimination with LAPACK dense core"


def factorize(matrix: sp.spmatrix | sp.sparray, method: str = "auto") -> Factorization:
    """Factorize a square sparse matrix once; reuse the result for every further demand.

    ``method``: ``"superlu"``, ``"elimination"`` (see :mod:`carbonlabel.calc.elimination`) or
    ``"auto"``: elimination for large matrices when their structure suits it, else SuperLU.
    """
    a = sp.csc_matrix(matrix, dtype=np.float64)
    n, m = a.shape
    if n != m:
        raise SingularMatrixError(f"matrix is not square: {n} rows, {m} columns")
    if n == 0:
        raise SingularMatrixError("matrix is empty")
    if method == "elimination" or (method == "auto" and n >= ELIMINATION_MIN_SIZE):
        try:
            return factorize_by_elimination(a)
        except EliminationUnsuitableError:
            if method == "elimination":
                raise
        except np.linalg.LinAlgError as exc:
            raise SingularMatrixError(str(exc)) from exc
    try:
        lu = sla.splu(a.T.tocsc(), permc_spec="COLAMD")
    except RuntimeError as exc:  # SuperLU: "Factor is exactly singular"
        raise SingularMatrixError(str(exc)) from exc
    return SuperLUFactorization(lu=lu, n=n)
