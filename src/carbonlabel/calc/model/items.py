"""The background side of a product system: its items (columns of ``U`` and ``G``) and its GHG
flows (rows of ``G`` and ``E``), each added once, in the order the model first names it.

An item is an emission factor (the model's own, or one found in the factor catalog), a dataset
of a background database (its cumulative inventory per unit, ``B A⁻¹ eⱼ``), or a supplier's
product footprint taken as a factor published as CO2e only: one ``CO2e`` flow per reported
category (``SupplierFootprint.parts``), so ``q`` declared units weigh
``q × (co2e_per_unit + biogenic_removals_per_unit)`` kg CO2e. A flow is kept only when the GWP
set weighs its gas.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from carbonlabel.calc.model.background import BackgroundDatabases
from carbonlabel.calc.model.compiled import BackgroundItem
from carbonlabel.calc.model.factor_lookup import lookup_factor
from carbonlabel.calc.model.parameters import ParameterTable
from carbonlabel.calc.model.problems import Collector
from carbonlabel.domain.factors import FactorCatalog, FactorRecord, FactorResolution
from carbonlabel.domain.ghg import GhgFlow, GwpSet
from carbonlabel.domain.model import (
    EmissionFactor,
    Input,
    ProductModel,
    category_transport_mode,
    dataset_transport_mode,
)
from carbonlabel.domain.product import TransportMode
from carbonlabel.domain.supplier import SupplierFootprints, normalise_pf_id
from carbonlabel.domain.uncertainty import BasicClass, DistributionKind
from carbonlabel.errors import InputError


@dataclass
class Background:
    """The items and flows gathered so far, with what compiling must report about them."""

    gwp: GwpSet
    catalog: FactorCatalog | None = None  # answers factors the model does not define
    suppliers: SupplierFootprints | None = None  # answers supplier: inputs by PfId
    items: list[BackgroundItem] = field(default_factory=list)
    item_index: dict[str, int] = field(default_factory=dict)  # item key -> column
    flows: dict[GhgFlow, int] = field(default_factory=dict)  # flow -> row
    #: CO2e-only items of another GWP set, each named (English, Chinese) for the warning
    other_gwp: list[tuple[str, str]] = field(default_factory=list)
    records: dict[str, FactorRecord] = field(default_factory=dict)  # taken from the catalog
    # (ref, geography, year) -> resolution and the processes that use it
    resolved: dict[tuple[str, str, int | None], tuple[FactorResolution, list[str]]] = field(
        default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    parameters: ParameterTable = field(default_factory=ParameterTable)


def flow_row(bg: Background, flow: GhgFlow, path: str, err: Collector) -> int | None:
    """Row of ``flow`` (added on first use); ``None`` when the GWP set does not weigh its gas."""
    if flow not in bg.flows:
        try:
            bg.gwp.factor(flow)
        except KeyError:
            err.add(path, "unknown_gas", f"no {bg.gwp.name} GWP for gas '{flow.gas}'",
                    f"{bg.gwp.name} 中没有气体「{flow.gas}」的 GWP")
            return None
        bg.flows[flow] = len(bg.flows)
    return bg.flows[flow]


def _plain(name: str) -> str:
    """A name inside a bilingual warning: without the " / " that separates its languages."""
    return name.replace(" / ", "/")


def _add_item(bg: Background, item: BackgroundItem) -> None:
    bg.item_index[item.key] = len(bg.items)
    bg.items.append(item)


def add_factor(bg: Background, f: EmissionFactor, path: str, err: Collector,
               mode: TransportMode | None = None) -> None:
    """Add the emission factor ``f`` as an item, its gases summed per flow."""
    flows: dict[GhgFlow, float] = {}
    for k, g in enumerate(f.gases):
        flow = GhgFlow(g.gas, g.category)
        if flow_row(bg, flow, f"{path}.gases[{k}].gas", err) is not None:
            flows[flow] = flows.get(flow, 0.0) + g.amount
    if any(g.gas == "CO2e" for g in f.gases) and f.gwp_set and (
            f.gwp_set.upper() != bg.gwp.name):
        bg.other_gwp.append((f'{f.id} "{_plain(f.name.en)}" ({f.gwp_set})',
                             f"{f.id}「{_plain(f.name.zh)}」（{f.gwp_set}）"))
    _add_item(bg, BackgroundItem(f"factor:{f.id}", f.name.zh + " / " + f.name.en, f.unit, flows,
                                 f.quality, f.source, f.conversion,
                                 transport_mode=f.transport_mode or mode,
                                 param=factor_parameter(bg, f, path, err)))


def factor_parameter(bg: Background, f: EmissionFactor, path: str,
                     err: Collector) -> int | None:
    """The one parameter of an uncertain factor, scaling all its gases: around the amount of
    its one gas, or (several gases) a lognormal, pedigree or from_quality ratio of median 1."""
    u = f.uncertainty
    if u is None:
        return None
    where = f"{path}.uncertainty"
    if len(f.gases) == 1:
        value = f.gases[0].amount
    elif u.derived or u.kind is DistributionKind.LOGNORMAL:
        value = 1.0 if any(g.amount for g in f.gases) else 0.0
    else:
        err.add(where, "uncertainty_several_gases",
                f"a {u.kind.value} distribution needs one gas; a factor of several gases "
                "takes a lognormal, pedigree or from_quality (a ratio to all its gases)",
                "多种气体的因子只能使用对数正态、谱系矩阵或 from_quality（对全部气体按同一比例）；"
                f"{u.kind.value} 分布仅适用于单一气体")
        return None
    return bg.parameters.add(u, value, f.quality, BasicClass.FACTOR, where, err)


def add_model_factors(bg: Background, model: ProductModel, err: Collector) -> None:
    """Add the model's own ``factors`` (a duplicate id is an error and is left out)."""
    for i, f in enumerate(model.factors):
        if f"factor:{f.id}" in bg.item_index:
            err.add(f"factors[{i}].id", "duplicate_id",
                    f"factor id '{f.id}' is used twice", f"因子编号「{f.id}」重复")
            continue
        err.convert(f"factors[{i}].unit", f.unit, f.unit)
        add_factor(bg, f, f"factors[{i}]", err)


def catalog_factor(bg: Background, model: ProductModel, inp: Input, path: str,
                   process_id: str, err: Collector) -> str | None:
    """Item key of a factor found in the catalog (added on first use), or ``None``."""
    found = lookup_factor(bg.catalog, model, inp)
    if found.record is None or found.resolution is None:
        err.add(f"{path}.factor", "unknown_reference", found.error_en, found.error_zh)
        return None
    record, res = found.record, found.resolution
    bg.warnings += [w for w in found.warnings if w not in bg.warnings]
    key = f"factor:{record.id}"
    if key not in bg.item_index:
        add_factor(bg, record.factor, f"{path}.factor", err,
                   category_transport_mode(record.category))
        bg.records[record.id] = record
    ask = (inp.ref, res.geography_requested or "", res.year_requested)
    _, users = bg.resolved.setdefault(ask, (res, []))
    if process_id not in users:
        users.append(process_id)
    return key


def supplier_item(bg: Background, model: ProductModel, inp: Input, path: str,
                  err: Collector) -> str | None:
    """Item key of the supplier footprint an input names (added on first use), or ``None``."""
    key = f"supplier:{normalise_pf_id(inp.ref)}"
    if key in bg.item_index:
        return key
    suppliers = bg.suppliers
    fp = None if suppliers is None else suppliers.get(inp.ref)
    why = None if suppliers is None else suppliers.why_unusable(inp.ref)
    if fp is None and why is not None:
        err.add(f"{path}.supplier", "unusable_supplier_footprint",
                f"{why[0]}: it cannot be used in a model", f"{why[1]}：不能在模型中使用")
        return None
    if fp is None:
        err.add(f"{path}.supplier", "unknown_reference",
                f"supplier footprint '{inp.ref}' is not available"
                + ("" if suppliers else " (no supplier footprints were loaded)"),
                f"没有供应商碳足迹「{inp.ref}」"
                + ("" if suppliers else "（未载入任何供应商碳足迹）"))
        return None
    if model.period is not None and (late := fp.expiry_warning(model.period.end)):
        bg.warnings.append(late)
    flows: dict[GhgFlow, float] = {}
    for category, amount in fp.parts():
        if flow_row(bg, GhgFlow("CO2e", category), f"{path}.supplier", err) is not None:
            flows[GhgFlow("CO2e", category)] = amount
    if fp.gwp_set and fp.gwp_set.upper() != bg.gwp.name:
        bg.other_gwp.append((f"{fp.pf_id} ({fp.gwp_set})",
                             f"{fp.pf_id}「{_plain(fp.product_name)}」（{fp.gwp_set}）"))
    _add_item(bg, BackgroundItem(key, f"{fp.company_name} / {fp.product_name}",
                                 fp.declared_unit, flows, fp.dqr, supplier=fp))
    return key


def add_datasets(bg: Background, dbs: BackgroundDatabases,
                 wanted: dict[str, list[tuple[str, str]]], err: Collector) -> None:
    """Add the datasets the model names, ``wanted``: database -> (dataset, field path)."""
    for db_name, refs in wanted.items():
        if db_name not in dbs.names():
            for _, path in refs:
                err.add(f"{path}.database", "unknown_reference",
                        f"database '{db_name}' is not declared under 'databases'",
                        f"数据库「{db_name}」未在 databases 中声明")
            continue
        try:
            db = dbs.solved(db_name).database
        except InputError as exc:
            err.add("databases", exc.code, f"database '{db_name}': {exc.message_en}",
                    f"数据库「{db_name}」：{exc.message_zh}")
            continue
        known = [(ref, path) for ref, path in refs if ref in db.process_index]
        for ref, path in refs:
            if ref not in db.process_index:
                err.add(f"{path}.dataset", "unknown_reference",
                        f"dataset '{ref}' is not in database '{db_name}'",
                        f"数据库「{db_name}」中没有数据集「{ref}」")
        ids = sorted({ref for ref, _ in known})
        for ref, inv in zip(ids, dbs.inventories(db_name, ids), strict=True):
            flows = {}
            for flow, amount in inv.flows.items():
                if flow_row(bg, flow, f"databases.{db_name}", err) is not None:
                    flows[flow] = amount
            _add_item(bg, BackgroundItem(f"dataset:{db_name}/{ref}", inv.name, inv.unit, flows,
                                         transport_mode=dataset_transport_mode(inv.name,
                                                                               inv.unit)))


def resolutions(bg: Background) -> tuple[FactorResolution, ...]:
    """How each catalog factor was chosen, with the processes that use it."""
    return tuple(replace(res, processes=tuple(users)) for res, users in bg.resolved.values())
