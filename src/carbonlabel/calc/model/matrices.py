"""The matrices of a compiled product model (:mod:`carbonlabel.calc.product_system`), built
from its lines and background items:

    A[p, p] = output of p,   A[q, p] = −coef    for an input line of q into p
    U[j, p] = coef                              for an input line of item j into p
    E[k, p] = Σ coef                            of the emission lines of flow k in p
    G[k, j] = Σ kg of flow k per unit of item j
    c[k]    = GWP of flow k
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from carbonlabel.calc.factorization import FloatArray
from carbonlabel.calc.model.compiled import BackgroundItem, EmissionLine, InputLine
from carbonlabel.calc.product_system import ProductSystemMatrices
from carbonlabel.domain.ghg import GhgFlow, GwpSet
from carbonlabel.domain.model import ProductModel


def flows_in_order(flows: dict[GhgFlow, int]) -> tuple[GhgFlow, ...]:
    """The flows by row."""
    return tuple(sorted(flows, key=flows.__getitem__))


def assemble(model: ProductModel, items: list[BackgroundItem], flows: dict[GhgFlow, int],
             gwp: GwpSet, inputs: list[InputLine], emissions: list[EmissionLine],
             demand: FloatArray) -> ProductSystemMatrices:
    """``A``, ``U``, ``G``, ``E``, ``c`` and the demand ``f`` (see the module docstring)."""
    n, k, g = len(model.processes), len(items), len(flows)
    rows = list(range(n))
    cols = list(range(n))
    vals = [p.output.amount for p in model.processes]
    u_rows, u_cols, u_vals = [], [], []
    for line in inputs:
        if line.to_background:
            u_rows.append(line.target)
            u_cols.append(line.process)
            u_vals.append(line.coef)
        else:
            rows.append(line.target)
            cols.append(line.process)
            vals.append(-line.coef)
    a = sp.csc_matrix((vals, (rows, cols)), shape=(n, n))
    u = sp.csc_matrix((u_vals, (u_rows, u_cols)), shape=(k, n))
    e = sp.csc_matrix(([x.coef for x in emissions],
                       ([x.flow for x in emissions], [x.process for x in emissions])),
                      shape=(g, n))
    inv = np.zeros((g, k))
    for j, item in enumerate(items):
        for flow, amount in item.flows.items():
            inv[flows[flow], j] += amount
    c = np.array([gwp.factor(f) for f in flows_in_order(flows)], dtype=np.float64)
    return ProductSystemMatrices(a, u, inv, e, c, demand)
