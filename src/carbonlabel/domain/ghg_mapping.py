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

from carbonlabel.domain.ghg import TABLE_GAS_FAMILIES, GasCategory, GhgFlow
from carbonlabel.domain.ghg_species import GHG_SPECIES, unambiguous_aliases

#: CAS registry number (without leading zeros) → gas key of the GWP tables.
GHG_BY_CAS: dict[str, str] = {
    "124-38-9": "CO2", "74-82-8": "CH4", "10024-97-2": "N2O", "2551-62-4": "SF6",
    "7783-54-2": "NF3", "75-46-7": "HFC-23", "75-10-5": "HFC-32", "593-53-3": "HFC-41",
    "354-33-6": "HFC-125", "811-97-2": "HFC-134a", "420-46-2": "HFC-143a",
    "75-37-6": "HFC-152a", "431-89-0": "HFC-227ea", "690-39-1": "HFC-236fa",
    "460-73-1": "HFC-245fa", "406-58-6": "HFC-365mfc", "138495-42-8": "HFC-43-10mee",
    "75-73-0": "CF4", "76-16-4": "C2F6", "76-19-7": "C3F8", "115-25-3": "c-C4F8",
    "75-69-4": "CFC-11", "75-71-8": "CFC-12", "75-72-9": "CFC-13", "76-13-1": "CFC-113",
    "76-14-2": "CFC-114", "76-15-3": "CFC-115", "75-63-8": "Halon-1301",
    "353-59-3": "Halon-1211", "124-73-2": "Halon-2402", "75-61-6": "Halon-1202",
    "1511-62-2": "Halon-1201", "56-23-5": "CCl4", "74-83-9": "CH3Br", "71-55-6": "CH3CCl3",
    "67-66-3": "CHCl3", "75-09-2": "CH2Cl2", "74-87-3": "CH3Cl", "75-43-4": "HCFC-21",
    "75-45-6": "HCFC-22", "306-83-2": "HCFC-123", "2837-89-0": "HCFC-124",
    "1717-00-6": "HCFC-141b", "75-68-3": "HCFC-142b", "422-56-0": "HCFC-225ca",
    "507-55-1": "HCFC-225cb", "359-35-3": "HFC-134", "430-66-0": "HFC-143",
    "624-72-6": "HFC-152", "353-36-6": "HFC-161", "677-56-5": "HFC-236cb",
    "431-63-0": "HFC-236ea", "679-86-7": "HFC-245ca", "2699-79-8": "SO2F2",
    "355-25-9": "C4F10", "678-26-2": "C5F12", "355-42-0": "C6F14", "335-57-9": "C7F16",
    "307-34-6": "C8F18", "306-94-5": "C10F18", "373-80-8": "SF5CF3", "931-91-9": "c-C3F6",
    "3822-68-2": "HFE-125", "1691-17-4": "HFE-134", "421-14-7": "HFE-143a",
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
    "perfluorobutane": "C4F10", "butane, perfluoro-": "C4F10", "perfluoropentane": "C5F12",
    "pentane, perfluoro-": "C5F12", "perfluorohexane": "C6F14", "hexane, perfluoro-": "C6F14",
    "perfluoroheptane": "C7F16", "perfluorooctane": "C8F18", "perfluorodecalin": "C10F18",
    "perfluorocyclopropane": "c-C3F6", "sulfuryl fluoride": "SO2F2",
    "carbon tetrachloride": "CCl4", "methane, tetrachloro-, cfc-10": "CCl4",
    "methane, tetrachloro-, r-10": "CCl4", "chloroform": "CHCl3", "methane, trichloro-": "CHCl3",
    "methylene chloride": "CH2Cl2", "dichloromethane": "CH2Cl2",
    "methane, dichloro-, hcc-30": "CH2Cl2", "chloromethane": "CH3Cl",
    "methyl chloride": "CH3Cl", "methane, monochloro-, r-40": "CH3Cl",
    "bromomethane": "CH3Br", "methyl bromide": "CH3Br", "methane, bromo-, halon 1001": "CH3Br",
    "methyl chloroform": "CH3CCl3", "1,1,1-trichloroethane": "CH3CCl3",
    "ethane, 1,1,1-trichloro-, hcfc-140": "CH3CCl3",
    "methane, trichlorofluoro-, cfc-11": "CFC-11", "methane, dichlorodifluoro-, cfc-12": "CFC-12",
    "methane, chlorotrifluoro-, cfc-13": "CFC-13",
    "ethane, 1,1,2-trichloro-1,2,2-trifluoro-, cfc-113": "CFC-113",
    "ethane, 1,2-dichloro-1,1,2,2-tetrafluoro-, cfc-114": "CFC-114",
    "ethane, chloropentafluoro-, cfc-115": "CFC-115",
    "methane, bromotrifluoro-, halon 1301": "Halon-1301",
    "methane, bromochlorodifluoro-, halon 1211": "Halon-1211",
    "ethane, 1,2-dibromotetrafluoro-, halon 2402": "Halon-2402",
    "methane, chlorodifluoro-, hcfc-22": "HCFC-22",
    "methane, dichlorofluoro-, hcfc-21": "HCFC-21",
    "ethane, 2,2-dichloro-1,1,1-trifluoro-, hcfc-123": "HCFC-123",
    "ethane, 2-chloro-1,1,1,2-tetrafluoro-, hcfc-124": "HCFC-124",
    "ethane, 1,1-dichloro-1-fluoro-, hcfc-141b": "HCFC-141b",
    "ethane, 1-chloro-1,1-difluoro-, hcfc-142b": "HCFC-142b",
    "ethane, 1,1,2,2-tetrafluoro-, hfc-134": "HFC-134",
    "ethane, 1,1,2-trifluoro-, hfc-143": "HFC-143",
}
# Every other gas of the table by the CAS number, name, acronym and formula of Table 7.SM.7;
# the entries above come first where both give one.
for _species in GHG_SPECIES:
    if _species.cas:
        GHG_BY_CAS.setdefault(_species.cas, _species.gas)
for _alias, _gas in unambiguous_aliases().items():
    GHG_BY_NAME.setdefault(_alias, _gas)
# Short names ("CFC-11", "HFC-143", "Halon 1301", "HCFC-22" ...) as USLCI and the Federal LCA
# Commons write them: every key of the GWP table, with a space in place of the hyphen too.
for _gas in TABLE_GAS_FAMILIES:
    GHG_BY_NAME.setdefault(_gas.lower(), _gas)
    GHG_BY_NAME.setdefault(_gas.lower().replace("-", " "), _gas)

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


#: Compartment words by kind; ``troposphere`` and ``stratosphere`` (USLCI, the Federal LCA
#: Commons) are layers of the air, so an emission there is an emission to air, not assumed one.
_KIND_WORDS = (("resource", ("resource", "resources", "raw")),
               ("air", ("air", "troposphere", "stratosphere")), ("water", ("water",)),
               ("soil", ("soil",)))


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
