"""A background life-cycle inventory database as sparse matrices, and its calculations.

Conventions (as in Brightway and the synthlci format):

* ``A`` (products × processes): ``A[p, p]`` is the production amount of process ``p``'s
  reference product; an input of ``a`` units of product ``q`` to process ``p`` is ``A[q, p] = -a``.
* ``B`` (flows × processes): elementary flows per production amount.
* ``c`` (flows): characterization factors, kg CO2e per unit of flow.
* optionally, the entries of ``A`` and ``B`` with the distributions of their amounts
  (:class:`~carbonlabel.calc.uncertainty.entries.MatrixEntries`), for Monte Carlo.

For a demand vector ``f``: supply ``s = A⁻¹ f``, inventory ``g = B s``, score ``c · g``.
Scores per unit of every product at once come from one adjoint solve ``Aᵀ y = Bᵀ c``:
the score of any demand is then ``y · f``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from carbonlabel.calc.factorization import Factorization, FloatArray, factorize
from carbonlabel.calc.uncertainty.entries import MatrixEntries

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class LciDatabase:
    """Matrices plus the labels needed to name rows and columns."""

    name: str
    process_ids: tuple[str, ...]
    process_names: tuple[str, ...]
    product_names: tuple[str, ...]
    units: tuple[str, ...]
    locations: tuple[str, ...]
    flow_ids: tuple[str, ...]
    flow_names: tuple[str, ...]
    flow_units: tuple[str, ...]
    technosphere: sp.csc_matrix
    biosphere: sp.csc_matrix
    characterization: FloatArray
    metadata: Mapping[str, object] = field(default_factory=dict)
    #: The exchanges behind ``technosphere`` and ``biosphere`` with their distributions, when
    #: the source gives them (their static sums equal the matrices); ``None``: no uncertainty.
    technosphere_entries: MatrixEntries | None = None
    biosphere_entries: MatrixEntries | None = None

    @cached_property
    def process_index(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.process_ids)}

    @property
    def n_processes(self) -> int:
        return len(self.process_ids)

    def indices_of(self, process_ids: Sequence[str]) -> IntArray:
        """Column indices of ``process_ids``; raises ``KeyError`` naming the first unknown id."""
        index = self.process_index
        out = np.empty(len(process_ids), dtype=np.int64)
        for k, pid in enumerate(process_ids):
            try:
                out[k] = index[pid]
            except KeyError:
                raise KeyError(pid) from None
        return out


@dataclass(frozen=True)
class SolvedDatabase:
    """A database with its technosphere factorized once, ready for any number of demands."""

    database: LciDatabase
    factorization: Factorization
    characterized_biosphere: FloatArray  # h = Bᵀ c: direct score per unit of each process' output

    def scores_per_unit(self) -> FloatArray:
        """Cumulative score per unit of every product: ``y`` with ``Aᵀ y = Bᵀ c`` (one solve)."""
        return self.factorization.solve_transposed(self.characterized_biosphere)

    def supply(self, demand: FloatArray) -> FloatArray:
        """Supply (scaling) vectors ``s = A⁻¹ f``; ``demand`` is 1-D or one column per demand."""
        return self.factorization.solve(demand)

    def process_contributions(self, supply: FloatArray) -> FloatArray:
        """Score caused directly by each process: ``h ∘ s`` (per column for 2-D ``supply``)."""
        h = self.characterized_biosphere
        return h[:, None] * supply if supply.ndim == 2 else h * supply

    def inventory(self, supply: FloatArray) -> FloatArray:
        """Life-cycle inventory ``g = B s``."""
        return np.asarray(self.database.biosphere @ supply)


def solve_database(database: LciDatabase) -> SolvedDatabase:
    """Factorize the database's technosphere and precompute ``Bᵀ c``."""
    h = np.asarray(database.biosphere.T @ database.characterization, dtype=np.float64)
    return SolvedDatabase(database, factorize(database.technosphere), h)


def non_finite_columns(values: FloatArray) -> list[int]:
    """Indices of the NaN or infinite entries of a score vector (e.g. ``y`` of
    :meth:`SolvedDatabase.scores_per_unit`), in order."""
    return [int(i) for i in np.flatnonzero(~np.isfinite(values))]


def unit_demands(n: int, columns: IntArray) -> FloatArray:
    """Dense demand matrix with one unit demand per column (``n × len(columns)``)."""
    f = np.zeros((n, len(columns)), dtype=np.float64)
    f[columns, np.arange(len(columns))] = 1.0
    return f
