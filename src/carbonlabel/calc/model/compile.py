"""Compile a ``ProductModel`` into the matrices of :mod:`carbonlabel.calc.product_system`.

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

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from carbonlabel.calc.model import rules as model_rules
from carbonlabel.calc.model.allocation import Collector, allocation_factor
from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compiled import (
    BackgroundItem,
    CompiledSystem,
    EmissionLine,
    InputLine,
)
from carbonlabel.calc.model.factor_lookup import lookup_factor
from carbonlabel.calc.product_system import ProductSystemMatrices
from carbonlabel.domain.factors import FactorCatalog, FactorRecord, FactorResolution
from carbonlabel.domain.ghg import GasCategory, GhgFlow, GwpSet
from carbonlabel.domain.model import (
    Conversion,
    EmissionFactor,
    Input,
    InputKind,
    Process,
    ProductModel,
    category_transport_mode,
    dataset_transport_mode,
)
from carbonlabel.domain.product import (
    BOUNDARY_STAGES,
    Quantity,
    SystemBoundary,
    TransportMode,
    UnitKind,
)
from carbonlabel.domain.supplier import SupplierFootprints, normalise_pf_id
from carbonlabel.errors import FieldError, InputError, ModelValidationError


def _merge(first: Conversion, second: Conversion) -> Conversion:
    return Conversion(density=first.density or second.density,
                      heating_value=first.heating_value or second.heating_value)


class _Compiler:
    def __init__(self, model: ProductModel, gwp: GwpSet, dbs: BackgroundDatabases,
                 catalog: FactorCatalog | None = None,
                 suppliers: SupplierFootprints | None = None) -> None:
        self.m, self.gwp, self.dbs, self.catalog = model, gwp, dbs, catalog
        self.suppliers = suppliers
        self.resolved: dict[tuple[str, str, int | None], tuple[FactorResolution, list[str]]] = {}
        # (ref, geography, year) -> resolution and the processes that use it
        self.records: dict[str, FactorRecord] = {}
        self.err = Collector()
        self.warnings: list[str] = []
        self.proc_index: dict[str, int] = {}
        self.items: list[BackgroundItem] = []
        self.item_index: dict[str, int] = {}
        self.flows: dict[GhgFlow, int] = {}
        self.flow_paths: dict[GhgFlow, str] = {}
        self.other_gwp: list[str] = []

    # -- references ------------------------------------------------------------------------
    def _index_processes(self) -> None:
        allowed = BOUNDARY_STAGES[self.m.boundary]
        for i, p in enumerate(self.m.processes):
            if p.id in self.proc_index:
                self.err.add(f"processes[{i}].id", "duplicate_id",
                             f"process id '{p.id}' is used twice", f"过程编号「{p.id}」重复")
            self.proc_index.setdefault(p.id, i)
            if p.stage not in allowed:
                self.err.add(f"processes[{i}].stage", "stage_outside_boundary",
                             f"stage '{p.stage.value}' is outside the {self.m.boundary.value} "
                             "boundary", f"阶段「{p.stage.value}」不在系统边界"
                             f"「{self.m.boundary.value}」之内")
            self.err.convert(f"processes[{i}].output.unit", p.output.unit, p.output.unit)

    def _flow(self, flow: GhgFlow, path: str) -> int | None:
        if flow not in self.flows:
            try:
                self.gwp.factor(flow)
            except KeyError:
                self.err.add(path, "unknown_gas", f"no {self.gwp.name} GWP for gas '{flow.gas}'",
                             f"{self.gwp.name} 中没有气体「{flow.gas}」的 GWP")
                return None
            self.flows[flow] = len(self.flows)
            self.flow_paths[flow] = path
        return self.flows[flow]

    def _index_factors(self) -> None:
        for i, f in enumerate(self.m.factors):
            key = f"factor:{f.id}"
            if key in self.item_index:
                self.err.add(f"factors[{i}].id", "duplicate_id",
                             f"factor id '{f.id}' is used twice", f"因子编号「{f.id}」重复")
                continue
            self.err.convert(f"factors[{i}].unit", f.unit, f.unit)
            self._add_factor(f, f"factors[{i}]")

    def _add_factor(self, f: EmissionFactor, path: str,
                    mode: TransportMode | None = None) -> None:
        key = f"factor:{f.id}"
        flows: dict[GhgFlow, float] = {}
        for k, g in enumerate(f.gases):
            flow = GhgFlow(g.gas, g.category)
            if self._flow(flow, f"{path}.gases[{k}].gas") is not None:
                flows[flow] = flows.get(flow, 0.0) + g.amount
        if any(g.gas == "CO2e" for g in f.gases) and f.gwp_set and (
                f.gwp_set.upper() != self.gwp.name):
            self.other_gwp.append(f"{f.id} ({f.gwp_set})")
        self.item_index[key] = len(self.items)
        self.items.append(BackgroundItem(key, f.name.zh + " / " + f.name.en, f.unit, flows,
                                         f.quality, f.source, f.conversion,
                                         transport_mode=f.transport_mode or mode))

    def _from_catalog(self, inp: Input, path: str, process: Process) -> str | None:
        """Item key of a factor found in the catalog (added on first use), or ``None``."""
        found = lookup_factor(self.catalog, self.m, inp)
        if found.record is None or found.resolution is None:
            self.err.add(f"{path}.factor", "unknown_reference", found.error_en, found.error_zh)
            return None
        record, res = found.record, found.resolution
        self.warnings += [w for w in found.warnings if w not in self.warnings]
        key = f"factor:{record.id}"
        if key not in self.item_index:
            self._add_factor(record.factor, f"{path}.factor",
                             category_transport_mode(record.category))
            self.records[record.id] = record
        ask = (inp.ref, res.geography_requested or "", res.year_requested)
        _, users = self.resolved.setdefault(ask, (res, []))
        if process.id not in users:
            users.append(process.id)
        return key

    def _from_suppliers(self, inp: Input, path: str) -> str | None:
        """Item key of the supplier footprint an input names (added on first use), or ``None``."""
        key = f"supplier:{normalise_pf_id(inp.ref)}"
        if key in self.item_index:
            return key
        fp = None if self.suppliers is None else self.suppliers.get(inp.ref)
        why = None if self.suppliers is None else self.suppliers.why_unusable(inp.ref)
        if fp is None and why is not None:
            self.err.add(f"{path}.supplier", "unusable_supplier_footprint",
                         f"{why[0]}: it cannot be used in a model",
                         f"{why[1]}：不能在模型中使用")
            return None
        if fp is None:
            self.err.add(f"{path}.supplier", "unknown_reference",
                         f"supplier footprint '{inp.ref}' is not available"
                         + ("" if self.suppliers else " (no supplier footprints were loaded)"),
                         f"没有供应商碳足迹「{inp.ref}」"
                         + ("" if self.suppliers else "（未载入任何供应商碳足迹）"))
            return None
        if self.m.period is not None and (late := fp.expiry_warning(self.m.period.end)):
            self.warnings.append(late)
        flows: dict[GhgFlow, float] = {}
        for category, amount in fp.parts():
            if self._flow(GhgFlow("CO2e", category), f"{path}.supplier") is not None:
                flows[GhgFlow("CO2e", category)] = amount
        if fp.gwp_set and fp.gwp_set.upper() != self.gwp.name:
            self.other_gwp.append(f"{fp.pf_id} ({fp.gwp_set})")
        self.item_index[key] = len(self.items)
        self.items.append(BackgroundItem(key, f"{fp.company_name} / {fp.product_name}",
                                         fp.declared_unit, flows, fp.dqr, supplier=fp))
        return key

    def _resolutions(self) -> tuple[FactorResolution, ...]:
        return tuple(replace(res, processes=tuple(users))
                     for res, users in self.resolved.values())

    def _resolve_datasets(self) -> None:
        wanted: dict[str, list[tuple[str, str]]] = {}
        for i, p in enumerate(self.m.processes):
            for j, inp in enumerate(self._all_inputs(p)):
                if inp.kind is InputKind.DATASET:
                    wanted.setdefault(str(inp.database), []).append((inp.ref, self._ipath(i, j, p)))
        for db_name, refs in wanted.items():
            if db_name not in self.dbs.names():
                for _, path in refs:
                    self.err.add(f"{path}.database", "unknown_reference",
                                 f"database '{db_name}' is not declared under 'databases'",
                                 f"数据库「{db_name}」未在 databases 中声明")
                continue
            try:
                db = self.dbs.solved(db_name).database
            except InputError as exc:
                self.err.add("databases", exc.code, f"database '{db_name}': {exc.message_en}",
                             f"数据库「{db_name}」：{exc.message_zh}")
                continue
            known = [(ref, path) for ref, path in refs if ref in db.process_index]
            for ref, path in refs:
                if ref not in db.process_index:
                    self.err.add(f"{path}.dataset", "unknown_reference",
                                 f"dataset '{ref}' is not in database '{db_name}'",
                                 f"数据库「{db_name}」中没有数据集「{ref}」")
            ids = sorted({ref for ref, _ in known})
            for ref, inv in zip(ids, self.dbs.inventories(db_name, ids), strict=True):
                flows = {}
                for flow, amount in inv.flows.items():
                    if self._flow(flow, f"databases.{db_name}") is not None:
                        flows[flow] = amount
                key = f"dataset:{db_name}/{ref}"
                self.item_index[key] = len(self.items)
                self.items.append(BackgroundItem(
                    key, inv.name, inv.unit, flows,
                    transport_mode=dataset_transport_mode(inv.name, inv.unit)))

    @staticmethod
    def _all_inputs(p: Process) -> list[Input]:
        return list(p.inputs) + [c.substitutes for c in p.co_products if c.substitutes]

    @staticmethod
    def _ipath(i: int, j: int, p: Process) -> str:
        if j < len(p.inputs):
            return f"processes[{i}].inputs[{j}]"
        subs = [k for k, c in enumerate(p.co_products) if c.substitutes]
        return f"processes[{i}].co_products[{subs[j - len(p.inputs)]}].substitutes"

    # -- the matrices ----------------------------------------------------------------------
    def compile(self) -> CompiledSystem:
        m = self.m
        if m.reference.kind is UnitKind.FUNCTIONAL and m.boundary is not (
                SystemBoundary.CRADLE_TO_GRAVE):
            self.err.add("unit.kind", "unit_kind_boundary",
                         "a functional unit needs a cradle-to-grave boundary; use a declared "
                         "unit for a partial CFP", "功能单位要求「摇篮到坟墓」边界；部分产品碳足迹"
                         "请使用声明单位")
        self._index_processes()
        self._index_factors()
        self._resolve_datasets()
        n = len(m.processes)
        f_alloc = [allocation_factor(i, p, self.err) for i, p in enumerate(m.processes)]
        inputs: list[InputLine] = []
        emissions: list[EmissionLine] = []
        for i, p in enumerate(m.processes):
            for j, inp in enumerate(self._all_inputs(p)):
                sign = 1.0 if j < len(p.inputs) else -1.0  # substitution: avoided production
                line = self._input_line(i, j, p, inp, sign * f_alloc[i])
                if line is not None:
                    inputs.append(line)
            n_em = sum(1 for e in p.emissions if e.category is not GasCategory.REMOVAL)
            for k, e in enumerate(p.emissions):
                path = (f"processes[{i}].emissions[{k}]" if k < n_em
                        else f"processes[{i}].removals[{k - n_em}]")
                kg = self.err.convert(f"{path}.unit", e.quantity.unit, "kg")
                flow = self._flow(GhgFlow(e.gas, e.category), f"{path}.gas")
                if kg is not None and flow is not None:
                    emissions.append(EmissionLine(i, flow, e.quantity.amount * kg * f_alloc[i],
                                                  e.quality, e.primary))
        if self.other_gwp:
            self.warnings.append(
                f"{len(self.other_gwp)} factor(s) or supplier footprint(s) published as CO2e with "
                f"another GWP set cannot be re-weighted to {self.gwp.name}: "
                f"{', '.join(self.other_gwp)} / "
                f"{len(self.other_gwp)} 个因子或供应商碳足迹仅以其他 GWP 集的 CO2e 发布，"
                f"无法换算为 {self.gwp.name}")
        demand = np.zeros(n)
        ref = m.reference
        if ref.process not in self.proc_index:
            self.err.add("unit.process", "unknown_reference",
                         f"process '{ref.process}' is not defined in processes",
                         f"未定义的过程「{ref.process}」")
        else:
            q = self.proc_index[ref.process]
            rp = m.processes[q]
            fac = self.err.convert("unit.unit", ref.quantity.unit, rp.output.unit,
                                   rp.output_conversion)
            if fac is not None:
                demand[q] = ref.quantity.amount * fac
        bio = self._kg("biogenic_carbon_content", m.biogenic_carbon_content)
        fossil_c = self._kg("fossil_carbon_content", m.fossil_carbon_content)
        mass = self._kg("product_mass", m.product_mass)
        model_rules.check_exclusions(m, self.err)
        model_rules.check_end_of_life(m, self.err)
        self.warnings += model_rules.end_of_life_warnings(m)
        if self.err.errors:
            raise ModelValidationError(self.err.errors)
        return replace(self._assemble(n, f_alloc, inputs, emissions, demand, bio),
                       fossil_carbon_kg=fossil_c, product_mass_kg=mass)

    def _kg(self, path: str, q: Quantity | None) -> float | None:
        if q is None:
            return None
        kg = self.err.convert(path, q.unit, "kg")
        return None if kg is None else q.amount * kg

    def _input_line(self, i: int, j: int, p: Process, inp: Input, scale: float) -> InputLine | None:
        path = self._ipath(i, j, p)
        if inp.kind is InputKind.PROCESS:
            if inp.ref not in self.proc_index:
                self.err.add(f"{path}.process", "unknown_reference",
                             f"process '{inp.ref}' is not defined in processes",
                             f"未定义的过程「{inp.ref}」")
                return None
            q = self.proc_index[inp.ref]
            target = self.m.processes[q]
            fac = self.err.convert(f"{path}.unit", inp.quantity.unit, target.output.unit,
                                   _merge(inp.conversion, target.output_conversion))
            if fac is None:
                return None
            return InputLine(i, q, False, inp.quantity.amount * fac * scale, inp.quality,
                             inp.primary, path, inp.name)
        if inp.kind is InputKind.SUPPLIER:
            found = self._from_suppliers(inp, path)
            if found is None:
                return None
            key = found
        else:
            key = (f"factor:{inp.ref}" if inp.kind is InputKind.FACTOR
                   else f"dataset:{inp.database}/{inp.ref}")
        if key not in self.item_index and inp.kind is InputKind.FACTOR:
            found = self._from_catalog(inp, path, p)
            if found is None:
                return None
            key = found
        if key not in self.item_index:
            return None  # unknown datasets were reported when the database was read
        item_no = self.item_index[key]
        item = self.items[item_no]
        fac = self.err.convert(f"{path}.unit", inp.quantity.unit, item.unit,
                               _merge(inp.conversion, item.conversion))
        if fac is None:
            return None
        return InputLine(i, item_no, True, inp.quantity.amount * fac * scale,
                         inp.quality or item.quality, inp.primary, path, inp.name,
                         inp.transport_mode or item.transport_mode)

    def _assemble(self, n: int, f_alloc: list[float], inputs: list[InputLine],
                  emissions: list[EmissionLine], demand: np.ndarray,
                  bio: float | None) -> CompiledSystem:
        k, g = len(self.items), len(self.flows)
        rows = list(range(n))
        cols = list(range(n))
        vals = [p.output.amount for p in self.m.processes]
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
        for j, item in enumerate(self.items):
            for flow, amount in item.flows.items():
                inv[self.flows[flow], j] += amount
        flows = tuple(sorted(self.flows, key=self.flows.__getitem__))
        c = np.array([self.gwp.factor(f) for f in flows], dtype=np.float64)
        matrices = ProductSystemMatrices(a, u, inv, e, c, demand)
        return CompiledSystem(self.m, tuple(self.items), flows, tuple(inputs), tuple(emissions),
                              tuple(f_alloc), matrices, bio, tuple(self.warnings),
                              self._resolutions(), tuple(self.records.values()))


def compile_model(model: ProductModel, gwp: GwpSet, databases: BackgroundDatabases,
                  catalog: FactorCatalog | None = None, *,
                  suppliers: SupplierFootprints | None = None) -> CompiledSystem:
    """Build the product system's matrices; raises ``ModelValidationError`` with every problem.

    ``catalog`` answers factor references the model does not define itself; ``suppliers``
    answers ``supplier:`` inputs (PfIds)."""
    return _Compiler(model, gwp, databases, catalog, suppliers).compile()


def check_model(model: ProductModel, gwp: GwpSet, databases: BackgroundDatabases,
                catalog: FactorCatalog | None = None, *,
                suppliers: SupplierFootprints | None = None) -> list[FieldError]:
    """Every problem of the model (empty when it compiles)."""
    try:
        compile_model(model, gwp, databases, catalog, suppliers=suppliers)
    except ModelValidationError as exc:
        return list(exc.errors)
    return []
