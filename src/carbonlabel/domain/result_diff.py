"""Two footprints side by side: the total, each life-cycle stage and each gas of version A and
version B, with the difference and the relative change.

difference = B − A; relative change = (B − A) / |A| (``None`` when A is 0, or when either side
has no value). A side without a footprint ("not calculated") gives ``None`` for its values, its
difference and its relative change. Stages are listed in life-cycle order, gases by their
CO2e in B, then A, largest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from carbonlabel.domain.footprint import FootprintResult
from carbonlabel.domain.product import LifeCycleStage


@dataclass(frozen=True)
class ValuePair:
    """One figure (kg CO2e per declared unit) of A and of B."""

    a: float | None
    b: float | None

    @property
    def difference(self) -> float | None:
        return None if self.a is None or self.b is None else self.b - self.a

    @property
    def relative_change(self) -> float | None:
        d = self.difference
        return None if d is None or not self.a else d / abs(self.a)


@dataclass(frozen=True)
class StageRow:
    stage: LifeCycleStage
    co2e_kg: ValuePair


@dataclass(frozen=True)
class GasRow:
    gas: str
    category: str
    co2e_kg: ValuePair
    mass_kg: ValuePair


@dataclass(frozen=True)
class ResultComparison:
    total: ValuePair
    stages: tuple[StageRow, ...]
    gases: tuple[GasRow, ...]
    unit: tuple[str | None, str | None]  # what each total is per ("1 kWh"), None: no result
    gwp_set: tuple[str | None, str | None]

    @property
    def same_unit(self) -> bool:
        """Both calculated and per the same declared unit: their difference means something."""
        a, b = self.unit
        return a is not None and a == b


def compare_results(a: FootprintResult | None, b: FootprintResult | None) -> ResultComparison:
    def stages(r: FootprintResult | None) -> dict[LifeCycleStage, float]:
        return {} if r is None else {LifeCycleStage(s.stage): s.co2e_kg for s in r.by_stage}

    def gases(r: FootprintResult | None) -> dict[tuple[str, str], tuple[float, float]]:
        out: dict[tuple[str, str], tuple[float, float]] = {}
        for g in () if r is None else r.by_gas:
            co2e, mass = out.get((g.gas, g.category), (0.0, 0.0))
            out[(g.gas, g.category)] = (co2e + g.co2e_kg, mass + g.mass_kg)
        return out

    def side(r: FootprintResult | None, values: dict[LifeCycleStage, float],
             stage: LifeCycleStage) -> float | None:
        return None if r is None else values.get(stage, 0.0)

    sa, sb = stages(a), stages(b)
    stage_rows = tuple(StageRow(s, ValuePair(side(a, sa, s), side(b, sb, s)))
                       for s in LifeCycleStage if s in sa or s in sb)
    ga, gb = gases(a), gases(b)
    keys = sorted(set(ga) | set(gb),
                  key=lambda k: (-abs(gb.get(k, (0.0, 0.0))[0]),
                                 -abs(ga.get(k, (0.0, 0.0))[0]), k))

    def pick(r: FootprintResult | None, values: dict[tuple[str, str], tuple[float, float]],
             key: tuple[str, str], n: int) -> float | None:
        return None if r is None else values.get(key, (0.0, 0.0))[n]

    gas_rows = tuple(GasRow(k[0], k[1], ValuePair(pick(a, ga, k, 0), pick(b, gb, k, 0)),
                            ValuePair(pick(a, ga, k, 1), pick(b, gb, k, 1))) for k in keys)
    return ResultComparison(
        ValuePair(None if a is None else a.total_co2e_kg, None if b is None else b.total_co2e_kg),
        stage_rows, gas_rows,
        (None if a is None else str(a.reference.quantity),
         None if b is None else str(b.reference.quantity)),
        (None if a is None else a.provenance.gwp_set, None if b is None else b.provenance.gwp_set))
