"""openLCA JSON-LD (zip or folder) → :class:`~carbonlabel.domain.inventory.InventorySource`.

Two layouts exist. The 2.x schema (a root ``olca-schema.json``; categories as path strings;
``isInput``, ``isQuantitativeReference`` ...) is read through the ``olca-schema`` package. The
1.x layout (openLCA 1.x exports such as USLCI FY18: ``@context`` in every object, categories as
references into ``categories/``, ``input``, ``quantitativeReference`` ...) is renamed field by
field to 2.x and then read the same way, so both go through one code path.

Units: an exchange's amount in unit *u* of flow property *p* is converted to the flow's
reference unit (the reference unit of the unit group of its reference flow property) by
``u.conversionFactor / f_p`` with ``f_p`` the flow-property factor of *p* in the flow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import olca_schema as o

from carbonlabel.adapters.formats.exchange_uncertainty import UncertaintyTally, from_olca
from carbonlabel.adapters.formats.olca_layout import JsonLdFiles, category_paths, to_v2
from carbonlabel.domain.inventory import (
    AllocationFactor,
    DataAllocation,
    FlowKind,
    ImportIssue,
    InventoryDataset,
    InventoryExchange,
    InventoryFlow,
    InventorySource,
)
from carbonlabel.errors import DataFormatError

Progress = Callable[[int, int], None]

_KINDS = {o.FlowType.PRODUCT_FLOW: FlowKind.PRODUCT, o.FlowType.WASTE_FLOW: FlowKind.WASTE,
          o.FlowType.ELEMENTARY_FLOW: FlowKind.ELEMENTARY}
_ALLOCATION = {o.AllocationType.PHYSICAL_ALLOCATION: DataAllocation.PHYSICAL,
               o.AllocationType.ECONOMIC_ALLOCATION: DataAllocation.ECONOMIC,
               o.AllocationType.CAUSAL_ALLOCATION: DataAllocation.CAUSAL}


def read_olca_jsonld(path: Path, name: str | None = None,
                     progress: Progress | None = None) -> InventorySource:
    """Read an openLCA JSON-LD zip or folder (1.x or 2.x layout)."""
    path = Path(path)
    with JsonLdFiles.open(path) as files:
        version = files.schema_version()
        paths = category_paths(files) if version == 1 else {}
        issues: list[ImportIssue] = []
        tally = UncertaintyTally()
        unit_groups = {g.id or "": g for g in files.each("unit_groups", o.UnitGroup.from_dict,
                                                   version, paths)}
        properties = {p.id or "": p for p in files.each("flow_properties", o.FlowProperty.from_dict,
                                                  version, paths)}
        flows: dict[str, InventoryFlow] = {}
        factors: dict[str, dict[str, dict[str, float]]] = {}  # flow → property → unit → factor
        for flow in files.each("flows", o.Flow.from_dict, version, paths):
            made = _flow(flow, properties, unit_groups, files.current)
            if made is None:
                issues.append(ImportIssue("flow_without_unit", flow.name or flow.id or "",
                                          f"flow '{flow.name}' has no usable reference unit",
                                          f"流「{flow.name}」没有可用的参考单位"))
                continue
            flows[made[0].id], factors[made[0].id] = made
        names = files.names("processes")
        datasets: list[InventoryDataset] = []
        seen: dict[str, str] = {}
        for k, entry in enumerate(names):
            process = o.Process.from_dict(to_v2(files.read(entry), version, paths))
            pid = process.id or ""
            if pid in seen:
                raise DataFormatError(
                    field=f"{entry}", message_en=f"duplicated process id {pid} (also in "
                                                 f"{seen[pid]})",
                    message_zh=f"过程编号 {pid} 重复（另见 {seen[pid]}）")
            seen[pid] = entry
            datasets.append(_dataset(process, entry, flows, factors, issues, tally))
            if progress is not None:
                progress(k + 1, len(names))
    if not datasets:
        raise DataFormatError(field=str(path), message_en="no processes in this JSON-LD source",
                              message_zh="该 JSON-LD 数据中没有过程")
    return InventorySource(name=name or path.stem, format=f"olca-jsonld-{version}",
                           flows=flows, datasets=tuple(datasets),
                           issues=(*issues, *tally.issues()),
                           metadata={"schema_version": str(version), "source": path.name,
                                     "uncertainty": tally.summary()})


def _flow(flow: o.Flow, properties: dict[str, o.FlowProperty],
          unit_groups: dict[str, o.UnitGroup], entry: str
          ) -> tuple[InventoryFlow, dict[str, dict[str, float]]] | None:
    per_property: dict[str, dict[str, float]] = {}
    ref_unit = None
    for fpf in flow.flow_properties or []:
        prop = properties.get(fpf.flow_property.id or "") if fpf.flow_property else None
        group = unit_groups.get(prop.unit_group.id or "") if prop and prop.unit_group else None
        cf = fpf.conversion_factor
        if group is None or not cf or prop is None:
            continue
        units = {u.name: float(u.conversion_factor or 0.0) / cf for u in group.units or []
                 if u.name and u.conversion_factor}
        per_property[prop.id or ""] = units
        if fpf.is_ref_flow_property:
            ref_unit = next((u.name for u in group.units or [] if u.is_ref_unit), None)
    if ref_unit is None or flow.flow_type is None:
        return None
    all_units: dict[str, float] = {}
    for units in per_property.values():
        for unit, factor in units.items():
            all_units.setdefault(unit, factor)
    category = tuple(p for p in (flow.category or "").split("/") if p)
    location = flow.location.name if flow.location else None
    made = InventoryFlow(id=flow.id or "", name=(flow.name or "").strip(),
                         kind=_KINDS[flow.flow_type], unit=ref_unit, cas=flow.cas or None,
                         compartment=category, location=location, units=all_units)
    return made, per_property


def _dataset(process: o.Process, entry: str, flows: dict[str, InventoryFlow],
             factors: dict[str, dict[str, dict[str, float]]],
             issues: list[ImportIssue], tally: UncertaintyTally) -> InventoryDataset:
    name = (process.name or process.id or "").strip()
    exchanges: list[InventoryExchange] = []
    index_of_internal: dict[int, int] = {}
    for ex in process.exchanges or []:
        flow_id = ex.flow.id if ex.flow else None
        if not flow_id or flow_id not in flows:
            issues.append(ImportIssue(
                "flow_unknown", name, f"exchange of unknown flow "
                f"'{ex.flow.name if ex.flow else '?'}' left out",
                f"交换引用了未知的流「{ex.flow.name if ex.flow else '?'}」，已略去"))
            continue
        unit = ex.unit.name if ex.unit and ex.unit.name else flows[flow_id].unit
        prop_id = ex.flow_property.id if ex.flow_property and ex.flow_property.id else None
        units = factors[flow_id].get(prop_id or "", flows[flow_id].units)
        factor = units.get(unit)
        if factor is None:
            raise DataFormatError(
                field=f"{entry}/dataset {process.id}",
                message_en=f"process '{name}': unit '{unit}' of flow "
                           f"'{flows[flow_id].name}' has no conversion in the data",
                message_zh=f"过程「{name}」：流「{flows[flow_id].name}」的单位「{unit}」"
                           f"在数据中没有换算关系")
        amount = float(ex.amount or 0.0)
        price = None
        if ex.cost_value and not ex.is_input and amount:
            price = float(ex.cost_value) / (amount * factor)
        if ex.internal_id is not None:
            index_of_internal[ex.internal_id] = len(exchanges)
        exchanges.append(InventoryExchange(
            flow_id=flow_id, amount=amount, unit=unit, is_input=bool(ex.is_input),
            is_reference=bool(ex.is_quantitative_reference),
            provider_id=ex.default_provider.id if ex.default_provider else None,
            avoided=bool(ex.is_avoided_product), factor=factor,
            name=flows[flow_id].name, price=price,
            uncertainty=None if ex.is_quantitative_reference else from_olca(ex.uncertainty,
                                                                            amount, tally)))
    exchanges = _with_reference(exchanges, flows, process, name, entry, issues)
    allocation: list[AllocationFactor] = []
    for af in process.allocation_factors or []:
        method = _ALLOCATION.get(af.allocation_type) if af.allocation_type else None
        if method is None or not af.product or af.value is None:
            continue
        exchange_index = None
        if method is DataAllocation.CAUSAL and af.exchange is not None:
            exchange_index = index_of_internal.get(af.exchange.internal_id or -1)
        allocation.append(AllocationFactor(method, af.product.id or "", float(af.value),
                                           exchange_index))
    default = _ALLOCATION.get(process.default_allocation_method) if (
        process.default_allocation_method) else None
    location = process.location.name if process.location and process.location.name else ""
    return InventoryDataset(id=process.id or "", name=name, location=location,
                            exchanges=tuple(exchanges), allocation_factors=tuple(allocation),
                            default_allocation=default, file=entry)


def _with_reference(exchanges: list[InventoryExchange], flows: dict[str, InventoryFlow],
                    process: o.Process, name: str, entry: str,
                    issues: list[ImportIssue]) -> list[InventoryExchange]:
    """Exactly one quantitative reference: kept, or the only product output, or an error."""
    refs = [e for e in exchanges if e.is_reference]
    if len(refs) == 1:
        return exchanges
    outputs = [k for k, e in enumerate(exchanges)
               if not e.is_input and flows[e.flow_id].kind is FlowKind.PRODUCT]
    if len(outputs) == 1 or (refs and outputs):
        chosen = outputs[0] if len(outputs) == 1 else next(
            k for k, e in enumerate(exchanges) if e.is_reference)
        issues.append(ImportIssue(
            "reference_missing" if not refs else "reference_ambiguous", name,
            f"quantitative reference set to '{exchanges[chosen].name}'",
            f"定量参考设为「{exchanges[chosen].name}」"))
        return [replace(e, is_reference=k == chosen) for k, e in enumerate(exchanges)]
    raise DataFormatError(
        field=f"{entry}/dataset {process.id}",
        message_en=f"process '{name}' has no reference product (no quantitative reference "
                   f"and {len(outputs)} product outputs)",
        message_zh=f"过程「{name}」没有参考产品（无定量参考，产品输出 {len(outputs)} 个）")
