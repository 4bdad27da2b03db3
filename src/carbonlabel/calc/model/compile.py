"""Compile a ``ProductModel`` into the matrices of :mod:`carbonlabel.calc.product_system`.

The steps, each a function over the model: index the processes (``lines``), gather the
background items and flows (``items``), allocate (``allocation``), turn every input and
emission into a line (``lines``) and every Circular Footprint Formula term of the end-of-life
materials into an input line (``circular``), check the rules that need no matrices
(``rules``, ``circular``), and build
``A``, ``U``, ``G``, ``E``, ``c`` and ``f`` (``matrices``).

Every problem (unknown reference, unit, allocation, boundary) is collected with its field path,
so ``validate`` reports them all at once. Allocation multiplies every input, emission and
substitution credit of a multi-output process by the reference product's share ``f``:

    f = v_ref / (v_ref + Σ v_co)   with v = mass, energy content or value of each product,

or the explicit factor given (the factors must sum to 1).

A ``factor:`` input that the model's own ``factors`` do not define is looked up in the factor
catalog (user sets over the bundled library): an exact id, or a key resolved at the input's (or
the model's) geography and the input's year (or the middle of the reference period); each
resolution is recorded with the fallback taken and the year used.

A ``supplier:`` input takes a supplier's product footprint (by its PACT PfId) from the
``SupplierFootprints`` handed in: a background item like a factor published as CO2e only, with
one ``CO2e`` flow per reported category (``SupplierFootprint.parts``: fossil, dLUC, biogenic =
co2e − fossil − dLUC, removal = −biogenic removals), so ``q`` declared units weigh
``q × (co2e_per_unit + biogenic_removals_per_unit)`` kg CO2e and each part lands in its
separately reported item. The amount is converted to the declared unit (density, heating value).
"""

from __future__ import annotations

import numpy as np

from carbonlabel.calc.factorization import FloatArray
from carbonlabel.calc.model import circular, rules
from carbonlabel.calc.model.allocation import allocation_factor
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compiled import CompiledSystem, EmissionLine, InputLine
from carbonlabel.calc.model.items import (
    Background,
    add_datasets,
    add_model_factors,
    resolutions,
)
from carbonlabel.calc.model.lines import (
    all_inputs,
    dataset_inputs,
    emission_lines,
    index_processes,
    input_line,
)
from carbonlabel.calc.model.matrices import assemble, flows_in_order
from carbonlabel.calc.model.problems import Collector
from carbonlabel.calc.model.sensitivity_scenarios import check_scenarios
from carbonlabel.domain.factors import FactorCatalog
from carbonlabel.domain.ghg import GwpSet
from carbonlabel.domain.model import ProductModel
from carbonlabel.domain.product import Quantity, SystemBoundary, UnitKind
from carbonlabel.domain.supplier import SupplierFootprints
from carbonlabel.errors import FieldError, ModelValidationError


def compile_model(model: ProductModel, gwp: GwpSet, databases: BackgroundDatabases,
                  catalog: FactorCatalog | None = None, *,
                  suppliers: SupplierFootprints | None = None) -> CompiledSystem:
    """Build the product system's matrices; raises ``ModelValidationError`` with every problem.

    ``catalog`` answers factor references the model does not define itself; ``suppliers``
    answers ``supplier:`` inputs (PfIds)."""
    err = Collector()
    _check_unit_kind(model, err)
    proc_index = index_processes(model, err)
    bg = Background(gwp, catalog, suppliers)
    add_model_factors(bg, model, err)
    wanted = dataset_inputs(model)
    circular.add_dataset_terms(model, wanted)
    add_datasets(bg, databases, wanted, err)
    f_alloc = [allocation_factor(i, p, err) for i, p in enumerate(model.processes)]
    inputs, emissions = _lines(model, proc_index, bg, f_alloc, err)
    inputs += circular.circular_lines(model, proc_index, bg, f_alloc, err)
    if bg.other_gwp:
        bg.warnings.append(_other_gwp_warning(bg.other_gwp, gwp))
    demand = reference_demand(model, proc_index, err)
    bio = _kg(err, "biogenic_carbon_content", model.biogenic_carbon_content)
    fossil_c = _kg(err, "fossil_carbon_content", model.fossil_carbon_content)
    mass = _kg(err, "product_mass", model.product_mass)
    rules.check_exclusions(model, err)
    rules.check_end_of_life(model, err)
    circular.check(model, err)
    bg.warnings += rules.end_of_life_warnings(model)
    check_scenarios(model, err)
    if err.errors:
        raise ModelValidationError(err.errors)
    matrices = assemble(model, bg.items, bg.flows, gwp, inputs, emissions, demand)
    return CompiledSystem(model, tuple(bg.items), flows_in_order(bg.flows), tuple(inputs),
                          tuple(emissions), tuple(f_alloc), matrices, bio, tuple(bg.warnings),
                          resolutions(bg), tuple(bg.records.values()),
                          fossil_carbon_kg=fossil_c, product_mass_kg=mass,
                          parameters=bg.parameters.distributions(),
                          parameter_paths=tuple(bg.parameters.paths))


def check_model(model: ProductModel, gwp: GwpSet, databases: BackgroundDatabases,
                catalog: FactorCatalog | None = None, *,
                suppliers: SupplierFootprints | None = None) -> list[FieldError]:
    """Every problem of the model (empty when it compiles)."""
    try:
        compile_model(model, gwp, databases, catalog, suppliers=suppliers)
    except ModelValidationError as exc:
        return list(exc.errors)
    return []


def _check_unit_kind(model: ProductModel, err: Collector) -> None:
    if model.reference.kind is UnitKind.FUNCTIONAL and model.boundary is not (
            SystemBoundary.CRADLE_TO_GRAVE):
        err.add("unit.kind", "unit_kind_boundary",
                "a functional unit needs a cradle-to-grave boundary; use a declared "
                "unit for a partial CFP", "功能单位要求「摇篮到坟墓」边界；部分产品碳足迹"
                "请使用声明单位")


def _lines(model: ProductModel, proc_index: dict[str, int], bg: Background,
           f_alloc: list[float], err: Collector) -> tuple[list[InputLine], list[EmissionLine]]:
    """Every input (scaled by ``fᵢ``, substitution credits by ``−fᵢ``) and emission (by ``fᵢ``)
    of each process ``i``, process by process."""
    inputs: list[InputLine] = []
    emissions: list[EmissionLine] = []
    for i, p in enumerate(model.processes):
        for j, inp in enumerate(all_inputs(p)):
            sign = 1.0 if j < len(p.inputs) else -1.0  # substitution: avoided production
            line = input_line(model, proc_index, bg, i, j, inp, sign * f_alloc[i], err)
            if line is not None:
                inputs.append(line)
        emissions += emission_lines(bg, i, p, f_alloc[i], err)
    return inputs, emissions


def _other_gwp_warning(other_gwp: list[tuple[str, str]], gwp: GwpSet) -> str:
    """Names every factor and supplier footprint concerned, in both halves of the warning
    (a page shows one of them)."""
    return (f"{len(other_gwp)} factor(s) or supplier footprint(s) published as CO2e with "
            f"another GWP set cannot be re-weighted to {gwp.name}: "
            f"{', '.join(en for en, _ in other_gwp)} / "
            f"{len(other_gwp)} 个因子或供应商碳足迹仅以其他 GWP 集的 CO2e 发布，"
            f"无法换算为 {gwp.name}：{'、'.join(zh for _, zh in other_gwp)}")


def reference_demand(model: ProductModel, proc_index: dict[str, int],
                     err: Collector) -> FloatArray:
    """The demand ``f``: the reference flow in runs of the reference process,
    ``f[q] = amount × (unit factor to the process' output unit)``, zero elsewhere."""
    demand = np.zeros(len(model.processes))
    ref = model.reference
    if ref.process not in proc_index:
        err.add("unit.process", "unknown_reference",
                f"process '{ref.process}' is not defined in processes",
                f"未定义的过程「{ref.process}」")
        return demand
    q = proc_index[ref.process]
    rp = model.processes[q]
    fac = err.convert("unit.unit", ref.quantity.unit, rp.output.unit, rp.output_conversion)
    if fac is not None:
        demand[q] = ref.quantity.amount * fac
    return demand


def _kg(err: Collector, path: str, q: Quantity | None) -> float | None:
    if q is None:
        return None
    kg = err.convert(path, q.unit, "kg")
    return None if kg is None else q.amount * kg
