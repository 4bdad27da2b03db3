"""Fast seeded draws of many uncertain parameters, one independent random stream per sample.

Sample ``i`` of a run with seed ``s`` draws from its own generator, PCG64 seeded by
``SeedSequence(s, spawn_key=(i,))`` (numpy's rule for independent child streams). A sample's
values therefore depend only on ``(s, i)``: not on the block size, the number of threads or
the order in which blocks are computed, so a run repeats exactly and can be split freely.

Normal deviates come from the Box–Muller transform of single-precision uniforms ``u₁, u₂``
(Box & Muller, 1958): ``z₁ = √(−2 ln(1 − u₁)) cos(2π u₂)``, ``z₂ = √(−2 ln(1 − u₁)) sin(2π u₂)``,
two independent standard normals per pair, computed in single precision (the ``2⁻²⁴`` grid of
the uniforms caps ``|z|`` at about 5.8, a tail probability of 7·10⁻⁹). Then

* lognormal: ``x = sign(amount) · m · exp(σ z)`` with the median ``m = exp(μ)`` held in double
  precision (so the value carries a relative rounding of about 10⁻⁷ only);
* normal: ``x = loc + scale · z``;
* uniform ``a + (b − a) u`` and triangular (inverse CDF) from double-precision uniforms.

About three times faster than ``Generator.standard_normal`` in double precision, which is
what the sampling of a 400,000-exchange database costs per iteration.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from carbonlabel.calc.uncertainty.distributions import (
    Distributions,
    FloatArray,
    Kind,
    triangular,
)

F32 = npt.NDArray[np.float32]


def generator(seed: int, sample: int) -> np.random.Generator:
    """The random stream of sample ``sample`` of a run seeded ``seed``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(sample,))))


def box_muller(u: F32, count: int) -> F32:
    """``count`` standard normals from ``2·⌈count/2⌉`` uniforms on ``[0, 1)`` (overwritten)."""
    h = u.shape[0] // 2
    r = u[:h]
    np.subtract(np.float32(1.0), r, out=r)  # (0, 1]: the log is finite
    np.log(r, out=r)
    r *= np.float32(-2.0)
    np.sqrt(r, out=r)
    theta = u[h:]
    theta *= np.float32(2.0 * np.pi)
    z = np.empty(2 * h, dtype=np.float32)
    np.cos(theta, out=z[:h])
    np.sin(theta, out=z[h:])
    z[:h] *= r
    z[h:] *= r
    return z[:count]


class StreamSampler:
    """Draws of the uncertain parameters of ``d`` (``d.uncertain``), sample by sample."""

    def __init__(self, d: Distributions, seed: int, threads: int = 2) -> None:
        self.seed = seed
        self.threads = max(1, threads)
        idx = np.flatnonzero(d.uncertain)
        self.index = idx  # positions in d of the columns drawn
        k = d.kind[idx]
        self._logn = np.flatnonzero(k == Kind.LOGNORMAL)
        self._norm = np.flatnonzero(k == Kind.NORMAL)
        self._unif = np.flatnonzero(k == Kind.UNIFORM)
        self._tri = np.flatnonzero(k == Kind.TRIANGULAR)
        sel = idx[self._logn]
        self._median = np.sign(d.amount[sel]) * np.exp(d.loc[sel])
        self._sigma = d.scale[sel].astype(np.float32)
        sel = idx[self._norm]
        self._mean, self._sd = d.loc[sel], d.scale[sel]
        sel = idx[self._unif]
        self._u_lo, self._u_hi = d.minimum[sel], d.maximum[sel]
        sel = idx[self._tri]
        self._t_lo, self._t_mode, self._t_hi = d.minimum[sel], d.loc[sel], d.maximum[sel]
        self._normals = self._logn.size + self._norm.size
        self._boxes = self._unif.size + self._tri.size
        self._pool = ThreadPoolExecutor(self.threads) if self.threads > 1 else None

    def __len__(self) -> int:
        return int(self.index.shape[0])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def draw(self, first: int, count: int) -> FloatArray:
        """Samples ``first … first+count−1``: a ``(count, len(self))`` array."""
        out = np.empty((count, len(self)), dtype=np.float64)
        if self._pool is None or count < 2:
            for j in range(count):
                self._one(first + j, out[j])
        else:
            t = self.threads

            def share(s: int) -> None:
                for j in range(s, count, t):
                    self._one(first + j, out[j])

            list(self._pool.map(share, range(t)))
        return out

    def _one(self, sample: int, row: FloatArray) -> None:
        rng = generator(self.seed, sample)
        if self._normals:
            u = rng.random(2 * ((self._normals + 1) // 2), dtype=np.float32)
            z = box_muller(u, self._normals)
            nl = self._logn.size
            if nl:
                f = z[:nl]
                f *= self._sigma
                np.exp(f, out=f)
                row[self._logn] = self._median * f
            if self._norm.size:
                row[self._norm] = self._mean + self._sd * z[nl:]
        if self._boxes:
            u64 = rng.random(self._boxes)
            nu = self._unif.size
            row[self._unif] = self._u_lo + (self._u_hi - self._u_lo) * u64[:nu]
            if self._tri.size:
                row[self._tri] = triangular(self._t_lo, self._t_mode, self._t_hi, u64[nu:])
