"""Small openLCA JSON-LD databases written by the tests, with results worked out by hand.

The steel database (AR6: CO2 1, CH4 non-fossil 27.0):

* ``electricity`` (location RNA): 1 kWh out (the flow's reference unit is MJ: 3.6 MJ),
  0.5 kg CO2 fossil.
* ``steel`` (location US): 1000 g steel (reference) and 0.25 kg slag (co-product) out; 2 kWh
  electricity in; 1.8 kg CO2 fossil, 0.001 kg CH4 biogenic, 0.01 kg CO (not characterised) out;
  0.1 kg CO2 taken from the air; 5 kg water in (no provider: cut off). Data allocation
  (default method physical): steel 0.9, slag 0.1; revenues (cost values) 0.6 and 0.05.
  Burden of one run: 2 kWh × 0.5 + 1.8 + 0.001 × 27.0 − 0.1 = 2.727 kg CO2e.
* ``slag, alternative`` (location CN): 1 kg slag out, 0.4 kg CO2 fossil.
* ``cement`` (location US): 1 kg out, 2 kg slag in, 0.3 kg CO2 fossil. Under data allocation
  the slag comes from ``steel`` (same location as cement), else from ``slag, alternative``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import olca_schema as o
import olca_schema.zipio as zipio

#: kg CO2e per unit of reference product, by allocation option, in the unit the dataset states
#: its reference in: per kg of cement, per g of steel (1000 g), per kWh of electricity
EXPECTED = {
    "data": {"steel": 0.9 * 2.727 / 1000, "cement": 2 * (0.1 * 2.727 / 0.25) + 0.3},
    "physical": {"steel": 0.8 * 2.727 / 1000, "cement": 2 * (0.2 * 2.727 / 0.25) + 0.3},
    "economic": {"steel": 2.727 * 0.6 / 0.65 / 1000,
                 "cement": 2 * (2.727 * 0.05 / 0.65 / 0.25) + 0.3},
    "none": {"steel": 2.727 / 1000, "cement": 2 * 0.4 + 0.3},
}


def unit(name: str, factor: float) -> o.Unit:
    made = o.new_unit(name)
    made.conversion_factor = factor  # olca-schema 2.4's new_unit keeps 1.0 whatever is given
    return made


def steel_entities() -> list[Any]:
    mass_units = o.new_unit_group("Units of mass", "kg")
    mass_units.units.append(unit("g", 0.001))
    energy_units = o.new_unit_group("Units of energy", "MJ")
    energy_units.units.append(unit("kWh", 3.6))
    mass = o.new_flow_property("Mass", mass_units)
    energy = o.new_flow_property("Energy", energy_units)

    def elementary(name: str, cas: str | None, category: str) -> o.Flow:
        flow = o.new_elementary_flow(name, mass)
        flow.cas = cas
        flow.category = category
        return flow

    co2 = elementary("Carbon dioxide, fossil", "124-38-9", "Elementary flows/Emission to air")
    ch4 = elementary("Methane, biogenic", None, "Elementary flows/Emission to air/unspecified")
    uptake = elementary("Carbon dioxide, in air", "124-38-9", "Elementary flows/Resource/in air")
    co = elementary("Carbon monoxide, fossil", "630-08-0", "Elementary flows/Emission to air")
    electricity = o.new_product("electricity", energy)
    steel = o.new_product("steel", mass)
    slag = o.new_product("slag", mass)
    water = o.new_product("water", mass)
    cement = o.new_product("cement", mass)
    kwh = energy_units.units[1]
    gram = mass_units.units[1]

    def process(name: str, location: str) -> o.Process:
        p = o.new_process(name)
        p.location = o.Ref(ref_type=o.RefType.Location, id=f"loc-{location}", name=location)
        return p

    p_el = process("electricity", "RNA")
    o.new_output(p_el, electricity, 1.0, kwh).is_quantitative_reference = True
    o.new_output(p_el, co2, 0.5)

    p_steel = process("steel", "US")
    ref = o.new_output(p_steel, steel, 1000.0, gram)
    ref.is_quantitative_reference = True
    ref.cost_value = 0.6
    o.new_output(p_steel, slag, 0.25).cost_value = 0.05
    o.new_input(p_steel, electricity, 2.0, kwh)
    o.new_output(p_steel, co2, 1.8)
    o.new_output(p_steel, ch4, 0.001)
    o.new_output(p_steel, co, 0.01)
    o.new_input(p_steel, uptake, 0.1)
    o.new_input(p_steel, water, 5.0)
    p_steel.default_allocation_method = o.AllocationType.PHYSICAL_ALLOCATION
    p_steel.allocation_factors = [
        o.new_physical_allocation_factor(p_steel, steel, 0.9),
        o.new_physical_allocation_factor(p_steel, slag, 0.1),
    ]

    p_alt = process("slag, alternative", "CN")
    o.new_output(p_alt, slag, 1.0).is_quantitative_reference = True
    o.new_output(p_alt, co2, 0.4)

    p_cement = process("cement", "US")
    o.new_output(p_cement, cement, 1.0).is_quantitative_reference = True
    o.new_input(p_cement, slag, 2.0)
    o.new_output(p_cement, co2, 0.3)

    return [mass_units, energy_units, mass, energy, co2, ch4, uptake, co, electricity, steel,
            slag, water, cement, p_el, p_steel, p_alt, p_cement]


def write_v2_zip(path: Path, entities: list[Any] | None = None) -> dict[str, str]:
    """Write the 2.x zip; return process name → id."""
    entities = steel_entities() if entities is None else entities
    with zipio.ZipWriter(str(path)) as writer:
        for entity in entities:
            writer.write(entity)
    return {e.name: e.id for e in entities if isinstance(e, o.Process)}


_V1 = {"isInput": "input", "isAvoidedProduct": "avoidedProduct",
       "isQuantitativeReference": "quantitativeReference",
       "isRefFlowProperty": "referenceFlowProperty", "isRefUnit": "referenceUnit",
       "isInfrastructureProcess": "infrastructureProcess",
       "isInfrastructureFlow": "infrastructureFlow"}


def write_v1_folder(folder: Path, entities: list[Any] | None = None) -> dict[str, str]:
    """The same database in the openLCA 1.x layout (categories as references)."""
    entities = steel_entities() if entities is None else entities
    categories: dict[str, dict[str, Any]] = {}

    def category_ref(path: str) -> dict[str, Any]:
        parent = None
        for depth, name in enumerate(path.split("/")):
            cid = "cat-" + "-".join(path.split("/")[: depth + 1]).replace(" ", "_")
            categories[cid] = {"@context": "http://greendelta.github.io/olca-schema/context.jsonld",
                               "@type": "Category", "@id": cid, "name": name,
                               **({"category": {"@type": "Category", "@id": parent}}
                                  if parent else {})}
            parent = cid
        return {"@type": "Category", "@id": parent, "name": path.split("/")[-1]}

    def v1(obj: Any, top: bool) -> Any:
        if isinstance(obj, dict):
            out = {}
            for k, v in obj.items():
                if k == "category" and isinstance(v, str) and top:
                    out[k] = category_ref(v)
                else:
                    out[_V1.get(k, k)] = v1(v, False)
            return out
        if isinstance(obj, list):
            return [v1(v, False) for v in obj]
        return obj

    folders = {o.UnitGroup: "unit_groups", o.FlowProperty: "flow_properties", o.Flow: "flows",
               o.Process: "processes"}
    for entity in entities:
        data = v1(entity.to_dict(), True)
        data["@context"] = "http://greendelta.github.io/olca-schema/context.jsonld"
        target = folder / folders[type(entity)]
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{entity.id}.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "categories").mkdir(parents=True, exist_ok=True)
    for cid, cat in categories.items():
        (folder / "categories" / f"{cid}.json").write_text(json.dumps(cat), encoding="utf-8")
    return {e.name: e.id for e in entities if isinstance(e, o.Process)}


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*.json")):
            archive.write(path, path.relative_to(folder).as_posix())
    return target


def write_synthlci_as_jsonld(folder: Path, target: Path) -> int:
    """Write a synthlci folder as an openLCA JSON-LD 2.x zip; return the number of processes.

    Product flows are named after their process ids (``p<id>``), elementary flows ``e<id>``
    with their compartment as category; all amounts in kg (the generator's units).
    """
    import csv

    def rows(name: str) -> list[dict[str, str]]:
        with (folder / name).open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    processes = rows("processes.csv")
    flows = rows("flows.csv")
    unit_group = {"@type": "UnitGroup", "@id": "ug-mass", "name": "Units of mass",
                  "units": [{"@type": "Unit", "@id": "u-kg", "name": "kg", "isRefUnit": True,
                             "conversionFactor": 1.0}]}
    mass = {"@type": "FlowProperty", "@id": "fp-mass", "name": "Mass",
            "unitGroup": {"@type": "UnitGroup", "@id": "ug-mass"}}
    mass_ref = {"@type": "FlowProperty", "@id": "fp-mass", "name": "Mass"}
    kg = {"@type": "Unit", "@id": "u-kg", "name": "kg"}
    exchanges: dict[str, list[dict[str, Any]]] = {p["id"]: [] for p in processes}
    names = {p["id"]: p["reference_product"] for p in processes}
    flow_names = {f["id"]: (f["name"], f["compartment"]) for f in flows}
    for p in processes:
        exchanges[p["id"]].append({
            "@type": "Exchange", "amount": float(p["production_amount"]), "isInput": False,
            "isQuantitativeReference": True, "internalId": 1,
            "flow": {"@type": "Flow", "@id": f"p{p['id']}", "name": names[p["id"]]},
            "flowProperty": mass_ref, "unit": kg})
    for r in rows("technosphere.csv"):
        exchanges[r["consumer"]].append({
            "@type": "Exchange", "amount": float(r["amount"]), "isInput": True,
            "internalId": len(exchanges[r["consumer"]]) + 1,
            "flow": {"@type": "Flow", "@id": f"p{r['supplier']}", "name": names[r["supplier"]]},
            "flowProperty": mass_ref, "unit": kg})
    for r in rows("biosphere.csv"):
        name, compartment = flow_names[r["flow"]]
        exchanges[r["process"]].append({
            "@type": "Exchange", "amount": float(r["amount"]),
            "isInput": compartment == "natural resource",
            "internalId": len(exchanges[r["process"]]) + 1,
            "flow": {"@type": "Flow", "@id": f"e{r['flow']}", "name": name},
            "flowProperty": mass_ref, "unit": kg})
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("olca-schema.json", '{"version": 2}')
        z.writestr("unit_groups/ug-mass.json", json.dumps(unit_group))
        z.writestr("flow_properties/fp-mass.json", json.dumps(mass))
        factor = [{"@type": "FlowPropertyFactor", "isRefFlowProperty": True,
                   "conversionFactor": 1.0, "flowProperty": mass_ref}]
        for p in processes:
            z.writestr(f"flows/p{p['id']}.json", json.dumps({
                "@type": "Flow", "@id": f"p{p['id']}", "name": names[p["id"]],
                "flowType": "PRODUCT_FLOW", "flowProperties": factor}))
        for f in flows:
            z.writestr(f"flows/e{f['id']}.json", json.dumps({
                "@type": "Flow", "@id": f"e{f['id']}", "name": f["name"],
                "flowType": "ELEMENTARY_FLOW", "category": f"Elementary flows/{f['compartment']}",
                "flowProperties": factor}))
        for p in processes:
            z.writestr(f"processes/{p['id']}.json", json.dumps({
                "@type": "Process", "@id": p["id"], "name": p["name"],
                "location": {"@type": "Location", "@id": f"loc-{p['location']}",
                             "name": p["location"]},
                "processType": "UNIT_PROCESS", "exchanges": exchanges[p["id"]]}))
    return len(processes)
