"""The one-at-a-time range of an input from its own uncertainty: the 2.5 and 97.5 percentiles
of its amount as multipliers ``(l, h)`` of the stated amount ``x₀``.

A compiled model's parameters are ratios ``r = x / x₀`` (:mod:`carbonlabel.calc.model.
parameters`), so the multipliers are the percentiles of ``r``, in closed form
(``z = Φ⁻¹(0.975) = 1.959963984540054``):

============  ============================================================================
lognormal     ``l, h = exp(∓z·σ)``: the stated amount is the **median** (a derived pedigree
              lognormal likewise); with ``gsd = exp(σ)``, ``l, h = gsd^∓z``
normal        ``l, h = 1 ∓ z·sd / |x₀|``: the stated amount is the **mean**
uniform       ``l, h = a + (b − a)·p`` at ``p = 0.025, 0.975`` over ``[a, b] = [min, max] / x₀``
triangular    the inverse CDF (:func:`carbonlabel.calc.uncertainty.distributions.triangular`)
              at ``p = 0.025, 0.975`` over ``[min, mode, max] / x₀`` (mode default ``x₀``)
============  ============================================================================

A wide normal can give ``l < 0`` (the input's amount would change sign at its 2.5 percentile):
it is kept, being what the distribution says. Only the uncertainty of the input's own amount
is used, not that of the factor or dataset it points to (a factor is one parameter shared by
every input using it).
"""

from __future__ import annotations

import re

import numpy as np

from carbonlabel.calc.model.compiled import CompiledSystem
from carbonlabel.calc.uncertainty.distributions import Distributions, Kind, triangular

#: Φ⁻¹(0.975), the standard normal's 97.5 percentile.
Z_975 = 1.959963984540054
P_LOW, P_HIGH = 0.025, 0.975

#: The rule of each distribution kind, as a tornado bar records it (``range_source``).
RULE_OF_KIND: dict[int, str] = {
    int(Kind.LOGNORMAL): "lognormal", int(Kind.NORMAL): "normal",
    int(Kind.UNIFORM): "uniform", int(Kind.TRIANGULAR): "triangular"}

#: (low, high, rule) multipliers of an input's amount, by field path ``processes[i].inputs[j]``.
InputRanges = dict[str, tuple[float, float, str]]

_INPUT_PATH = re.compile(r"^processes\[\d+\]\.inputs\[\d+\]$")


def percentile_multipliers(d: Distributions, k: int) -> tuple[float, float]:
    """The 2.5 and 97.5 percentiles of ratio parameter ``k`` (table in the module docstring);
    ``(amount, amount)`` for a fixed parameter."""
    kind = int(d.kind[k])
    loc, scale = float(d.loc[k]), float(d.scale[k])
    lo, hi = float(d.minimum[k]), float(d.maximum[k])
    if kind == Kind.LOGNORMAL:
        return float(np.exp(loc - Z_975 * scale)), float(np.exp(loc + Z_975 * scale))
    if kind == Kind.NORMAL:
        return loc - Z_975 * scale, loc + Z_975 * scale
    if kind == Kind.UNIFORM:
        return lo + (hi - lo) * P_LOW, lo + (hi - lo) * P_HIGH
    if kind == Kind.TRIANGULAR:
        if not hi > lo:
            return lo, hi
        a, c, b = np.array([lo]), np.array([loc]), np.array([hi])
        return (float(triangular(a, c, b, np.array([P_LOW]))[0]),
                float(triangular(a, c, b, np.array([P_HIGH]))[0]))
    amount = float(d.amount[k])
    return amount, amount


def input_ranges(cs: CompiledSystem) -> InputRanges:
    """The (low, high, rule) multipliers of every input whose amount carries an uncertainty."""
    out: InputRanges = {}
    for line in cs.inputs:
        if line.param is None or not _INPUT_PATH.match(line.path) or line.path in out:
            continue
        low, high = percentile_multipliers(cs.parameters, line.param)
        out[line.path] = (low, high, RULE_OF_KIND.get(int(cs.parameters.kind[line.param]),
                                                      "distribution"))
    return out
