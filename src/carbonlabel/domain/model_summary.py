"""A saved model at a glance, for reading it without the file: its processes by life-cycle
stage, the emission factors its inputs take (the model's own, or looked up in the factor
library and the organisation's factor sets when it calculates) and the data sources it
cites."""

from __future__ import annotations

from dataclasses import dataclass

from carbonlabel.domain.model import EmissionFactor, InputKind, Process, ProductModel
from carbonlabel.domain.product import LifeCycleStage, Text
from carbonlabel.domain.quality import Source


@dataclass(frozen=True)
class StageProcesses:
    stage: LifeCycleStage
    processes: tuple[Process, ...]


@dataclass(frozen=True)
class FactorUse:
    """A factor id the inputs take, how many inputs take it, and the model's own definition
    (``None``: resolved from the library or a factor set at calculation)."""

    factor: str
    uses: int
    defined: EmissionFactor | None


@dataclass(frozen=True)
class ModelSummary:
    stages: tuple[StageProcesses, ...]
    factors: tuple[FactorUse, ...]
    sources: tuple[str, ...]  # every source cited (factors, inputs, emissions), once each
    input_count: int
    emission_count: int
    names: dict[str, Text]  # "process:<id>" and "factor:<id>" of the model -> its name


def _cited(source: Source | None) -> str:
    return "" if source is None else (str(source) or source.url)


def summarise(model: ProductModel) -> ModelSummary:
    """Processes grouped by stage (life-cycle order, the file's order inside a stage), factor
    uses in the order first taken, then the model's factors no input takes."""
    stages = tuple(StageProcesses(s, tuple(p for p in model.processes if p.stage is s))
                   for s in LifeCycleStage if any(p.stage is s for p in model.processes))
    own = {f.id: f for f in model.factors}
    uses: dict[str, int] = {}
    for p in model.processes:
        for i in p.inputs:
            if i.kind is InputKind.FACTOR:
                uses[i.ref] = uses.get(i.ref, 0) + 1
    for f in model.factors:
        uses.setdefault(f.id, 0)
    cited = [_cited(f.source) for f in model.factors]
    for p in model.processes:
        cited += [_cited(i.source) for i in p.inputs]
        cited += [_cited(e.source) for e in p.emissions]
    return ModelSummary(
        stages, tuple(FactorUse(k, n, own.get(k)) for k, n in uses.items()),
        tuple(dict.fromkeys(c for c in cited if c)),
        sum(len(p.inputs) for p in model.processes),
        sum(len(p.emissions) for p in model.processes),
        {**{f"process:{p.id}": p.name for p in model.processes},
         **{f"factor:{f.id}": f.name for f in model.factors}})
