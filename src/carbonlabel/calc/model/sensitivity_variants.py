"""Method-choice variants of a product model for the sensitivity analysis, as pure
transformations: each returns a changed copy of the ``ProductModel`` that is then compiled and
solved like any model (ISO 14067 6.4.5: allocation and other method choices).

* allocation: every multi-output process switched to mass, energy or economic allocation with
  the bases the model gives (``AllocationData``), or to "none": ``f = 1``, the reference
  product carries every burden (explicit factors 1 and 0);
* cut-off: the inputs a per-input / total cut-off rule would leave out, smallest first:
  input ``k`` (share ``|cₖ| / B`` of the share base ``B``) is excluded while
  ``|cₖ| / B < per_input`` and ``Σ excluded |c| / B ≤ total``;
* electricity: every electricity input resolved with another factor (an exact id of the
  factor library, or a key at a given geography and year).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from carbonlabel.calc.model.compiled import CompiledSystem
from carbonlabel.calc.product_system import ProductSystemSolution
from carbonlabel.domain.model import (
    Allocation,
    AllocationMethod,
    Input,
    InputKind,
    Process,
    ProductModel,
)
from carbonlabel.domain.sensitivity import AllocationData

#: Allocation variants: a method, or ``None`` for "no allocation" (all to the reference product).
ALLOCATION_CHOICES: tuple[AllocationMethod | None, ...] = (
    AllocationMethod.MASS, AllocationMethod.ENERGY, AllocationMethod.ECONOMIC, None)

_INPUT_PATH = re.compile(r"^processes\[(\d+)\]\.inputs\[(\d+)\]$")


@dataclass(frozen=True)
class InputContribution:
    """kg CO2e per reference flow that input ``input`` of process ``process`` brings:
    ``s_p · a · score``, with ``score`` the background item's kg CO2e per unit (``Gᵀc``) or,
    for another process' product, its cumulative ``y`` (upstream included)."""

    process: int
    input: int
    path: str
    name: str
    co2e_kg: float


def input_contributions(cs: CompiledSystem, sol: ProductSystemSolution
                        ) -> list[InputContribution]:
    """Every input of every process (substitution credits left out) with its contribution."""
    out = []
    for line in cs.inputs:
        m = _INPUT_PATH.match(line.path)
        if m is None:
            continue
        i, j = int(m.group(1)), int(m.group(2))
        score = (sol.background_scores[line.target] if line.to_background
                 else sol.cumulative[line.target])
        inp = cs.model.processes[i].inputs[j]
        out.append(InputContribution(i, j, line.path, input_label(inp),
                                     float(sol.supply[i] * line.coef * score)))
    return out


def input_label(inp: Input) -> str:
    return inp.name or f"{inp.kind.value}:{inp.ref}"


def shared_co_products(p: Process) -> list[int]:
    """Positions of the co-products that share burdens by allocation (not substituted)."""
    return [k for k, c in enumerate(p.co_products) if c.substitutes is None]


def multi_output(model: ProductModel) -> list[int]:
    return [i for i, p in enumerate(model.processes) if shared_co_products(p)]


def uses_allocation(model: ProductModel, method: AllocationMethod | None) -> bool:
    """Whether every multi-output process already uses ``method`` (``None``: explicit 1/0)."""
    for i in multi_output(model):
        a = model.processes[i].allocation
        if method is None:
            if a is None or a.method is not AllocationMethod.EXPLICIT or a.reference_factor != 1:
                return False
        elif a is None or a.method is not method:
            return False
    return True


def with_allocation(model: ProductModel, method: AllocationMethod | None,
                    data: Mapping[str, AllocationData]) -> ProductModel:
    """The model with every multi-output process allocated by ``method`` (``None``: all
    burdens to the reference product, ``f = 1``). Energy and economic bases come from
    ``data`` (per process id); a missing basis is left ``None`` and compiling the variant then
    names it (e.g. ``reference_price``)."""
    processes = list(model.processes)
    for i in multi_output(model):
        p = processes[i]
        d = data.get(p.id) or _data_of(p)
        shared = set(shared_co_products(p))
        if method is None:
            allocation = Allocation(AllocationMethod.EXPLICIT, None, 1.0)
            cos = [replace(c, factor=0.0) if k in shared else c
                   for k, c in enumerate(p.co_products)]
        else:
            values = (d.prices if method is AllocationMethod.ECONOMIC else d.energy_contents
                      if method is AllocationMethod.ENERGY else ())
            ref = (d.reference_price if method is AllocationMethod.ECONOMIC
                   else d.reference_energy_content if method is AllocationMethod.ENERGY
                   else None)
            allocation = Allocation(method, ref, None)
            cos = [replace(c, allocation_value=values[k] if k < len(values) else None)
                   if k in shared else c for k, c in enumerate(p.co_products)]
        processes[i] = replace(p, allocation=allocation, co_products=tuple(cos))
    return replace(model, processes=tuple(processes))


def _data_of(p: Process) -> AllocationData:
    """The bases a process carries itself (its own method's values only)."""
    a = p.allocation
    values = tuple(c.allocation_value for c in p.co_products)
    if a is not None and a.method is AllocationMethod.ECONOMIC:
        return AllocationData(reference_price=a.reference_value, prices=values)
    if a is not None and a.method is AllocationMethod.ENERGY:
        return AllocationData(reference_energy_content=a.reference_value, energy_contents=values)
    return AllocationData()


def cut_off_exclusions(contributions: Iterable[InputContribution], base: float,
                       per_input: float, total: float) -> list[InputContribution]:
    """The inputs a cut-off rule would leave out: smallest ``|c| / base`` first, each below
    ``per_input``, while their sum stays within ``total``. Nothing when ``base`` is 0."""
    if base == 0:
        return []
    out: list[InputContribution] = []
    used = 0.0
    for c in sorted(contributions, key=lambda c: (abs(c.co2e_kg), c.path)):
        share = abs(c.co2e_kg) / abs(base)
        if share >= per_input or used + share > total:
            break
        used += share
        out.append(c)
    return out


def without_inputs(model: ProductModel, inputs: Iterable[tuple[int, int]]) -> ProductModel:
    """The model with the given inputs (process index, input index) left out."""
    drop: dict[int, set[int]] = {}
    for i, j in inputs:
        drop.setdefault(i, set()).add(j)
    processes = tuple(
        replace(p, inputs=tuple(x for j, x in enumerate(p.inputs) if j not in drop[i]))
        if i in drop else p for i, p in enumerate(model.processes))
    return replace(model, processes=processes)


def scaled_input(model: ProductModel, i: int, j: int, factor: float) -> ProductModel:
    """The model with input ``j`` of process ``i`` multiplied by ``factor``."""
    p = model.processes[i]
    inp = p.inputs[j]
    inputs = list(p.inputs)
    inputs[j] = replace(inp, quantity=replace(inp.quantity, amount=inp.quantity.amount * factor))
    processes = list(model.processes)
    processes[i] = replace(p, inputs=tuple(inputs))
    return replace(model, processes=tuple(processes))


#: A factor reference or name that reads as grid electricity (library keys, common spellings).
_ELECTRICITY = re.compile(r"^cn\.grid\.|^cn\.electricity\.|electric|grid|power|电力|电网|用电",
                          re.I)
_ENERGY_UNITS = {"kwh", "mwh", "gwh", "wh", "kw*h", "kw·h", "度"}


def electricity_inputs(model: ProductModel) -> list[tuple[int, int]]:
    """Factor inputs in an electricity unit (kWh, MWh …) whose factor reads as electricity:
    a library key ``cn.grid.*`` or ``cn.electricity.*``, or a factor (of the model, or the
    reference itself) whose id or name says electricity, grid or power (电力, 电网)."""
    names = {f.id: f"{f.id} {f.name.zh} {f.name.en}" for f in model.factors}
    out = []
    for i, p in enumerate(model.processes):
        for j, inp in enumerate(p.inputs):
            if inp.kind is not InputKind.FACTOR:
                continue
            if inp.quantity.unit.replace(" ", "").casefold() not in _ENERGY_UNITS:
                continue
            if _ELECTRICITY.search(names.get(inp.ref, inp.ref)) or _ELECTRICITY.search(inp.name):
                out.append((i, j))
    return out


def with_electricity(model: ProductModel, inputs: Iterable[tuple[int, int]], ref: str,
                     geography: str | None = None, year: int | None = None) -> ProductModel:
    """The model with the given electricity inputs resolved with factor ``ref`` (an exact id,
    or a key at ``geography`` and ``year``)."""
    processes = list(model.processes)
    for i, j in inputs:
        p = processes[i]
        items = list(p.inputs)
        items[j] = replace(items[j], kind=InputKind.FACTOR, ref=ref, geography=geography,
                           year=year)
        processes[i] = replace(p, inputs=tuple(items))
    return replace(model, processes=tuple(processes))


def relative_difference(total: float, base: float) -> float | None:
    return None if base == 0 else float((total - base) / abs(base))

