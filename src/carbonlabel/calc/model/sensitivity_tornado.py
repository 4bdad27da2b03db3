"""One-at-a-time ranges (单因素敏感性) of the inputs that contribute most: each input alone is
set to its low and its high value, everything else at base, and the model recomputed:

    T_low,k = T(x_k · l_k),   T_high,k = T(x_k · h_k),   swing_k = |T_high,k − T_low,k|

with ``l = 1 − r``, ``h = 1 + r`` for a relative range ``r`` (± x %), or, for an input that
carries an uncertainty distribution, the ratios of its 2.5 and 97.5 percentiles to its amount
(:mod:`carbonlabel.calc.model.sensitivity_ranges`, or given through the ``ranges`` hook). Each
bar records its rule (``relative``, the distribution's kind, or ``distribution`` for a range
given from outside). The bars are sorted by swing, largest first (the tornado chart).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from carbonlabel.calc.model.sensitivity_variants import InputContribution
from carbonlabel.domain.sensitivity import TornadoBar

#: (low, high) multipliers of an input's amount from its distribution, by field path
#: (``processes[i].inputs[j]``): the 2.5 and 97.5 percentiles over the amount.
DistributionRanges = Mapping[str, tuple[float, float]]


def top_inputs(contributions: Iterable[InputContribution], n: int) -> list[InputContribution]:
    """The ``n`` inputs with the largest ``|contribution|`` (ties by field path)."""
    ranked = sorted(contributions, key=lambda c: (-abs(c.co2e_kg), c.path))
    return [c for c in ranked if c.co2e_kg != 0.0][:n]


#: (low, high, rule) multipliers by field path, as the tornado takes them.
RuleRanges = Mapping[str, tuple[float, float, str]]


def with_given(own: RuleRanges, given: DistributionRanges | None) -> dict[str, tuple[
        float, float, str]]:
    """The inputs' own ranges, overridden by those ``given`` (rule ``distribution``)."""
    out = dict(own)
    out.update({path: (low, high, "distribution") for path, (low, high) in (given or {}).items()})
    return out


def input_range(c: InputContribution, relative: float,
                ranges: RuleRanges | None = None) -> tuple[float, float, str]:
    """(low, high, rule) multipliers of the input's amount: its distribution's when
    ``ranges`` has it, else ``1 ∓ relative`` (rule ``relative``)."""
    if ranges and c.path in ranges:
        return ranges[c.path]
    return 1.0 - relative, 1.0 + relative, "relative"


def tornado(inputs: Iterable[InputContribution], relative: float,
            total_at: Callable[[InputContribution, float], float], process_ids: list[str],
            ranges: RuleRanges | None = None) -> tuple[TornadoBar, ...]:
    """The tornado bars: ``total_at(input, multiplier)`` recomputes the total with that one
    input's amount multiplied; bars sorted by swing (largest first, ties by path)."""
    bars = []
    for c in inputs:
        low, high, source = input_range(c, relative, ranges)
        bars.append(TornadoBar(c.path, c.name, process_ids[c.process], c.co2e_kg, low, high,
                               total_at(c, low), total_at(c, high), source))
    # swings equal but for rounding (two inputs carrying the same upstream) keep path order
    return tuple(sorted(bars, key=lambda b: (-float(f"{b.swing:.12g}"), b.path)))
