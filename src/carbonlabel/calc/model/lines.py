"""The foreground of a product system: its processes indexed, and each input and emission of a
process converted to the unit of what it draws on and allocated.

An input of ``q`` units (in its own unit) of process ``i`` with allocation share ``fᵢ`` becomes
the coefficient ``q × k × fᵢ`` per run of ``i``, where ``k`` converts its unit to the unit of
the product or item it draws on (density and heating value of either side); a substitution
credit enters with the opposite sign (avoided production). An emission of ``m`` (any mass unit)
becomes ``m × k_kg × fᵢ`` kg per run.
"""

from __future__ import annotations

from carbonlabel.calc.model.compiled import EmissionLine, InputLine
from carbonlabel.calc.model.items import Background, catalog_factor, flow_row, supplier_item
from carbonlabel.calc.model.problems import Collector
from carbonlabel.domain.ghg import GasCategory, GhgFlow
from carbonlabel.domain.model import Conversion, Input, InputKind, Process, ProductModel
from carbonlabel.domain.product import BOUNDARY_STAGES
from carbonlabel.domain.uncertainty import BasicClass, basic_class_of_gas
from carbonlabel.errors import InputError
from carbonlabel.units import conversion_factor


def index_processes(model: ProductModel, err: Collector) -> dict[str, int]:
    """Column of each process by id; duplicate ids and stages outside the boundary are errors."""
    allowed = BOUNDARY_STAGES[model.boundary]
    index: dict[str, int] = {}
    for i, p in enumerate(model.processes):
        if p.id in index:
            err.add(f"processes[{i}].id", "duplicate_id",
                    f"process id '{p.id}' is used twice", f"过程编号「{p.id}」重复")
        index.setdefault(p.id, i)
        if p.stage not in allowed:
            err.add(f"processes[{i}].stage", "stage_outside_boundary",
                    f"stage '{p.stage.value}' is outside the {model.boundary.value} "
                    "boundary", f"阶段「{p.stage.value}」不在系统边界"
                    f"「{model.boundary.value}」之内")
        err.convert(f"processes[{i}].output.unit", p.output.unit, p.output.unit)
    return index


def all_inputs(p: Process) -> list[Input]:
    """The process' inputs, then the substitution credits of its co-products."""
    return list(p.inputs) + [c.substitutes for c in p.co_products if c.substitutes]


def input_path(i: int, j: int, p: Process) -> str:
    """Field path of ``all_inputs(p)[j]`` of process ``i``."""
    if j < len(p.inputs):
        return f"processes[{i}].inputs[{j}]"
    subs = [k for k, c in enumerate(p.co_products) if c.substitutes]
    return f"processes[{i}].co_products[{subs[j - len(p.inputs)]}].substitutes"


def dataset_inputs(model: ProductModel) -> dict[str, list[tuple[str, str]]]:
    """The datasets the model's inputs name: database -> (dataset, field path), in order."""
    wanted: dict[str, list[tuple[str, str]]] = {}
    for i, p in enumerate(model.processes):
        for j, inp in enumerate(all_inputs(p)):
            if inp.kind is InputKind.DATASET:
                wanted.setdefault(str(inp.database), []).append((inp.ref, input_path(i, j, p)))
    return wanted


def _merge(first: Conversion, second: Conversion) -> Conversion:
    return Conversion(density=first.density or second.density,
                      heating_value=first.heating_value or second.heating_value)


def _item_key(bg: Background, model: ProductModel, inp: Input, path: str, process: Process,
              err: Collector) -> str | None:
    """Key of the background item an input draws on, added on first use; ``None`` if unknown."""
    if inp.kind is InputKind.SUPPLIER:
        return supplier_item(bg, model, inp, path, err)
    key = (f"factor:{inp.ref}" if inp.kind is InputKind.FACTOR
           else f"dataset:{inp.database}/{inp.ref}")
    if key not in bg.item_index and inp.kind is InputKind.FACTOR:
        return catalog_factor(bg, model, inp, path, process.id, err)
    return key


def input_line(model: ProductModel, proc_index: dict[str, int], bg: Background, i: int, j: int,
               inp: Input, scale: float, err: Collector, *,
               path: str | None = None) -> InputLine | None:
    """Input ``j`` of process ``i`` as ``coef = amount × unit factor × scale`` per run
    (``path``: the field path of an input that is not ``all_inputs(p)[j]``, e.g. a CFF term)."""
    p = model.processes[i]
    path = path or input_path(i, j, p)
    if inp.kind is InputKind.PROCESS:
        if inp.ref not in proc_index:
            err.add(f"{path}.process", "unknown_reference",
                    f"process '{inp.ref}' is not defined in processes",
                    f"未定义的过程「{inp.ref}」")
            return None
        q = proc_index[inp.ref]
        target = model.processes[q]
        fac = err.convert(f"{path}.unit", inp.quantity.unit, target.output.unit,
                          _merge(inp.conversion, target.output_conversion))
        if fac is None:
            return None
        return InputLine(i, q, False, inp.quantity.amount * fac * scale, inp.quality,
                         inp.primary, path, inp.name,
                         param=amount_parameter(bg, inp, path, err))
    key = _item_key(bg, model, inp, path, p, err)
    if key is None or key not in bg.item_index:
        return None  # unknown datasets were reported when the database was read
    item_no = bg.item_index[key]
    item = bg.items[item_no]
    fac = err.convert(f"{path}.unit", inp.quantity.unit, item.unit,
                      _merge(inp.conversion, item.conversion))
    if fac is None:
        return None
    return InputLine(i, item_no, True, inp.quantity.amount * fac * scale,
                     inp.quality or item.quality, inp.primary, path, inp.name,
                     inp.transport_mode or item.transport_mode,
                     param=amount_parameter(bg, inp, path, err))


def amount_parameter(bg: Background, inp: Input, path: str, err: Collector) -> int | None:
    """The parameter of an input's uncertain amount (basic class: transport for t·km)."""
    if inp.uncertainty is None:
        return None
    basic = BasicClass.TRANSPORT if _per_tkm(inp.quantity.unit) else BasicClass.DEMAND
    return bg.parameters.add(inp.uncertainty, inp.quantity.amount, inp.quality, basic,
                             f"{path}.uncertainty", err)


def _per_tkm(unit: str) -> bool:
    try:
        conversion_factor(unit, "t*km")
    except InputError:
        return False
    return True


def emission_lines(bg: Background, i: int, p: Process, scale: float,
                   err: Collector) -> list[EmissionLine]:
    """The direct emissions and removals of process ``i`` in kg per run, times ``scale``."""
    lines = []
    n_em = sum(1 for e in p.emissions if e.category is not GasCategory.REMOVAL)
    for k, e in enumerate(p.emissions):
        path = (f"processes[{i}].emissions[{k}]" if k < n_em
                else f"processes[{i}].removals[{k - n_em}]")
        kg = err.convert(f"{path}.unit", e.quantity.unit, "kg")
        flow = flow_row(bg, GhgFlow(e.gas, e.category), f"{path}.gas", err)
        param = None if e.uncertainty is None else bg.parameters.add(
            e.uncertainty, e.quantity.amount, e.quality, basic_class_of_gas(e.gas),
            f"{path}.uncertainty", err)
        if kg is not None and flow is not None:
            lines.append(EmissionLine(i, flow, e.quantity.amount * kg * scale,
                                      e.quality, e.primary, param))
    return lines
