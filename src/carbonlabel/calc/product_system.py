"""Solve a product system: foreground processes linked to background items.

Matrices (``n`` foreground processes, ``k`` background items, ``g`` GHG flows):

* ``A`` (n × n): technosphere of the foreground; ``A[p, p]`` the (allocated) output of process
  ``p``, ``A[q, p] = -a`` for ``a`` units of product ``q`` consumed by ``p``.
* ``U`` (k × n): units of background item ``j`` (emission factor or database dataset) used by ``p``.
* ``G`` (g × k): kg of each GHG flow per unit of background item ``j``.
* ``E`` (g × n): direct emissions and removals of each process.
* ``c`` (g): GWP100 per flow (negative for removals).

Supply ``s = A⁻¹ f``; inventory ``g = E s + G U s``; footprint ``c · g``.
Direct score per unit output: ``h = Eᵀ c + Uᵀ Gᵀ c``; cumulative score per unit of each product
``y`` solves ``Aᵀ y = h``, so the footprint is also ``y · f``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from carbonlabel.calc.factorization import Factorization, FloatArray, factorize


@dataclass(frozen=True)
class ProductSystemMatrices:
    technosphere: sp.csc_matrix
    background_use: sp.csc_matrix
    background_inventory: FloatArray
    direct: sp.csc_matrix
    characterization: FloatArray
    demand: FloatArray


@dataclass(frozen=True)
class ProductSystemSolution:
    supply: FloatArray  # s, per process
    cumulative: FloatArray  # y, kg CO2e per unit of each foreground product
    background_scores: FloatArray  # Gᵀ c, kg CO2e per unit of each background item
    process_direct: FloatArray  # s ∘ Eᵀc: direct emissions of each process
    background_lines: sp.csc_matrix  # (k × n): U ∘ (Gᵀc ⊗ s): each background input in each process
    inventory: FloatArray  # g = E s + G U s, kg per GHG flow
    total: float
    relative_residual: float

    @property
    def process_totals(self) -> FloatArray:
        """Direct emissions plus background inputs of each process (sums to the total)."""
        return self.process_direct + np.asarray(self.background_lines.sum(axis=0)).ravel()


def solve_product_system(m: ProductSystemMatrices,
                         factorization: Factorization | None = None) -> ProductSystemSolution:
    """Solve ``A s = f`` and ``Aᵀ y = h`` with one factorization; see the module docstring."""
    fac = factorization or factorize(m.technosphere)
    s = fac.solve(m.demand)
    bg_scores = m.background_inventory.T @ m.characterization
    d = np.asarray(m.direct.T @ m.characterization).ravel()
    h = d + np.asarray(m.background_use.T @ bg_scores).ravel()
    y = fac.solve_transposed(h)
    use = m.background_use.tocsc()
    lines = sp.csc_matrix(sp.diags(bg_scores) @ use @ sp.diags(s))
    inventory = np.asarray(m.direct @ s).ravel() + m.background_inventory @ np.asarray(
        use @ s).ravel()
    residual = np.asarray(m.technosphere @ s).ravel() - m.demand
    scale = float(abs(m.technosphere).max() * np.abs(s).max() + np.abs(m.demand).max())
    rel = float(np.abs(residual).max() / scale) if scale > 0 else 0.0
    return ProductSystemSolution(
        supply=s, cumulative=y, background_scores=bg_scores, process_direct=d * s,
        background_lines=lines, inventory=inventory, total=float(h @ s), relative_residual=rel,
    )


def singular_blocks(a: sp.csc_matrix, tol: float = 1e-12) -> list[list[int]]:
    """Groups of processes that make ``A`` singular (strongly connected blocks without full rank).

    ``A`` is block-triangular over the strongly connected components of its graph, so ``A`` is
    singular exactly when one diagonal block is; each such block is returned.
    """
    n = a.shape[0]
    ncomp, labels = connected_components(a, directed=True, connection="strong")
    bad: list[list[int]] = []
    for comp in range(ncomp):
        idx = np.flatnonzero(labels == comp)
        block = a[idx][:, idx].toarray()
        if idx.size > 2000:  # too large for a dense rank test; report it whole
            bad.append(idx.tolist())
            continue
        sv = np.linalg.svd(block, compute_uv=False)
        if sv.size == 0 or sv.min() <= tol * max(sv.max(), 1e-300) * idx.size:
            bad.append(idx.tolist())
    if not bad and n:
        bad.append(list(range(n)))
    return bad
