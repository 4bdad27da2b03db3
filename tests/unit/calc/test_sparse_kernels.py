"""The in-place CSR products of the Monte Carlo loops: SciPy's private kernels and the public
fallback give the same ``y += M x`` as a dense product."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from carbonlabel.calc.uncertainty import kernels


def test_private_and_public_kernels_add_the_same_product_in_place() -> None:
    rng = np.random.default_rng(3)
    m = sp.random(40, 30, density=0.2, random_state=4, format="csr")
    x, k = rng.standard_normal(30), 5
    xs = rng.standard_normal((30, k))
    start, starts = rng.standard_normal(40), rng.standard_normal((40, k))
    expected, expected_k = start + m.toarray() @ x, starts + m.toarray() @ xs
    for matvec, matvecs in ((kernels.csr_matvec, kernels.csr_matvecs),
                            (kernels.public_csr_matvec, kernels.public_csr_matvecs)):
        y, ys = start.copy(), starts.copy()
        matvec(40, 30, m.indptr, m.indices, m.data, x, y)
        matvecs(40, 30, k, m.indptr, m.indices, m.data, xs.ravel(), ys.ravel())
        np.testing.assert_allclose(y, expected, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(ys, expected_k, rtol=1e-13, atol=1e-13)
