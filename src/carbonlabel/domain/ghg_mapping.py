"""Which elementary flows of an imported database are greenhouse gases, and in which category.

The table below is the documented mapping (docs/import-formats.md): a flow is a GHG when its
CAS number is in :data:`GHG_BY_CAS`, or, without a CAS number, when its normalised name is one
of the names in :data:`GHG_BY_NAME` (the names of ecoinvent, USLCI and the Federal LCA Commons
elementary flow list). The category follows from the name and the compartment:

* CO2: "biogenic"/"non-fossil" → biogenic; "land transformation"/"from soil or biomass stock"
  → dLUC; taken from the air ("in air", or any resource input) → biogenic removal; else fossil.
* CH4: "biogenic"/"non-fossil" → biogenic; "land transformation" → dLUC; else fossil.
* every other gas: fossil.

Only emissions to air count (a flow with no compartment is taken as an emission to air, and
the import report counts those). Resource inputs count only for CO2 (uptake from the air).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carbonlabel.domain.ghg import GasCategory, GhgFlow

#: CAS registry number (without leading zeros) → gas key of the GWP tables.
GHG_BY_CAS: dict[str, str] = {
    "124-38-9": "CO2", "74-82-8": "CH4", "10024-97-2": "N2O", "2551-62-4": "SF6",
    "7783-54-2": "NF3", "75-46-7": "HFC-23", "75-10-5": "HFC-32", "593-53-3": "HFC-41",
    "354-33-6": "HFC-125", "811-97-2": "HFC-134a", "420-46-2": "HFC-143a",
    "75-37-6": "HFC-152a", "431-89-0": "HFC-227ea", "690-39-1": "HFC-236fa",
    "460-73-1": "HFC-245fa", "406-58-6": "HFC-365mfc", "138495-42-8": "HFC-43-10mee",
    "75-73-0": "CF4", "76-16-4": "C2F6", "76-19-7": "C3F8", "115-25-3": "c-C4F8",
}

#: Normalised flow name (lower case, single spaces, no "[...]" suffix) → gas key.
GHG_BY_NAME: dict[str, str] = {
    "carbon dioxide": "CO2", "carbon dioxide, fossil": "CO2", "carbon dioxide, biogenic": "CO2",
    "carbon dioxide, non-fossil": "CO2", "carbon dioxide, in air": "CO2",
    "carbon dioxide, land transformation": "CO2",
    "carbon dioxide, from soil or biomass stock": "CO2",
    "carbon dioxide, to soil or biomass stock": "CO2",
    "methane": "CH4", "methane, fossil": "CH4", "methane, biogenic": "CH4",
    "methane, non-fossil": "CH4", "methane, land transformation": "CH4",
    "dinitrogen monoxide": "N2O", "nitrous oxide": "N2O",
    "sulfur hexafluoride": "SF6", "sulphur hexafluoride": "SF6",
    "nitrogen fluoride": "NF3", "nitrogen trifluoride": "NF3",
    "methane, trifluoro-, hfc-23": "HFC-23", "methane, difluoro-, hfc-32": "HFC-32",
    "methane, fluoro-, hfc-41": "HFC-41", "ethane, pentafluoro-, hfc-125": "HFC-125",
    "ethane, 1,1,1,2-tetrafluoro-, hfc-134a": "HFC-134a",
    "ethane, 1,1,1-trifluoro-, hfc-143a": "HFC-143a", "ethane, 1,1-difluoro-, hfc-152a": "HFC-152a",
    "propane, 1,1,1,2,3,3,3-heptafluoro-, hfc-227ea": "HFC-227ea",
    "propane, 1,1,1,3,3,3-hexafluoro-, hfc-236fa": "HFC-236fa",
    "1,1,1,3,3-pentafluoropropane, hfc-245fa": "HFC-245fa",
    "propane, 1,1,1,3,3-pentafluoro-, hfc-245fa": "HFC-245fa",
    "butane, 1,1,1,3,3-pentafluoro-, hfc-365mfc": "HFC-365mfc",
    "methane, tetrafluoro-, cfc-14": "CF4", "methane, tetrafluoro-, r-14": "CF4",
    "tetrafluoromethane": "CF4", "ethane, hexafluoro-, hfc-116": "C2F6",
    "hexafluoroethane": "C2F6", "perfluoropropane": "C3F8", "octafluoropropane": "C3F8",
    "cyclobutane, octafluoro-": "c-C4F8", "perfluorocyclobutane": "c-C4F8",
}

#: Names that suggest a climate-active gas that the mapping does not characterise (reported).
_SUSPECT = re.compile(r"carbon dioxide|methane|nitrous|dinitrogen|fluoro|fluoride|hfc|hcfc|"
                      r"cfc|pfc|halon|hexafluoride|carbon monoxide|chloromethane|"
                      r"tetrachloride|chloroform", re.IGNORECASE)


@dataclass(frozen=True)
class GhgMatch:
    flow: GhgFlow
    by: str  # "cas" or "name"
    compartment_assumed: bool  # no compartment in the data: taken as an emission to air


def normalise_name(name: str) -> str:
    name = re.sub(r"\s*\[[^\]]*\]\s*$", "", name)  # "Carbon dioxide [Inorganic emissions to air]"
    return " ".join(name.lower().split())


def normalise_cas(cas: str | None) -> str | None:
    if not cas:
        return None
    cas = cas.strip().lstrip("0")
    return cas or None


_KIND_WORDS = (("resource", ("resource", "resources", "raw")),
               ("air", ("air",)), ("water", ("water",)), ("soil", ("soil",)))


def _compartment_kind(compartment: tuple[str, ...]) -> str:
    words = set(re.findall(r"[a-z]+", " ".join(compartment).lower()))
    for kind, names in _KIND_WORDS:
        if words.intersection(names):
            return kind
    return ""


def classify(name: str, cas: str | None, compartment: tuple[str, ...],
             is_input: bool) -> GhgMatch | None:
    """The GHG flow an elementary exchange is, or ``None`` when it is no counted GHG."""
    key = normalise_name(name)
    cas_key = normalise_cas(cas)
    gas, by = (GHG_BY_CAS[cas_key], "cas") if cas_key in GHG_BY_CAS else (
        GHG_BY_NAME.get(key), "name")
    if gas is None:
        return None
    where = _compartment_kind(compartment)
    if is_input or where == "resource":
        if gas == "CO2" and (is_input or "in air" in key):
            return GhgMatch(GhgFlow("CO2", GasCategory.REMOVAL), by, not where)
        return None
    if where not in ("air", ""):
        return None  # to water or soil: not a GHG emission
    if gas == "CO2":
        if "in air" in key or "to soil or biomass stock" in key:
            category = GasCategory.REMOVAL
        elif "biogenic" in key or "non-fossil" in key:
            category = GasCategory.BIOGENIC
        elif "land transformation" in key or "from soil or biomass stock" in key:
            category = GasCategory.DLUC
        else:
            category = GasCategory.FOSSIL
    elif gas == "CH4":
        if "biogenic" in key or "non-fossil" in key:
            category = GasCategory.BIOGENIC
        elif "land transformation" in key:
            category = GasCategory.DLUC
        else:
            category = GasCategory.FOSSIL
    else:
        category = GasCategory.FOSSIL
    return GhgMatch(GhgFlow(gas, category), by, not where)


def might_be_ghg(name: str, compartment: tuple[str, ...]) -> bool:
    """An unmapped emission to air whose name suggests a climate-active gas (for the report)."""
    return _compartment_kind(compartment) in ("air", "") and bool(_SUSPECT.search(name))
