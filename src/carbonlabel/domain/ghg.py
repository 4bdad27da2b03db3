"""Greenhouse gases, their origin and the categories ISO 14067 reports apart.

A GHG *flow* is a gas with a category: fossil, biogenic, a biogenic removal (uptake from air)
or direct land-use change (dLUC). Removals are stored as positive masses whose characterization
is the negative GWP, so emissions and removals stay apart in every breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from carbonlabel.domain.ghg_species import GHG_SPECIES


class GasCategory(StrEnum):
    FOSSIL = "fossil"
    BIOGENIC = "biogenic"
    REMOVAL = "biogenic_removal"
    DLUC = "dluc"


CATEGORY_NAMES: dict[GasCategory, tuple[str, str]] = {
    GasCategory.FOSSIL: ("化石源", "fossil"),
    GasCategory.BIOGENIC: ("生物源排放", "biogenic emissions"),
    GasCategory.REMOVAL: ("生物源清除", "biogenic removals"),
    GasCategory.DLUC: ("直接土地利用变化", "direct land-use change (dLUC)"),
}

#: Gas keys accepted in model files. ``CO2e`` is a factor published only as CO2 equivalents.
GAS_FAMILIES: dict[str, str] = {
    "CO2": "CO2", "CH4": "CH4", "N2O": "N2O", "SF6": "SF6", "NF3": "NF3",
    "HFC-23": "HFC", "HFC-32": "HFC", "HFC-41": "HFC", "HFC-125": "HFC", "HFC-134a": "HFC",
    "HFC-143a": "HFC", "HFC-152a": "HFC", "HFC-227ea": "HFC", "HFC-236fa": "HFC",
    "HFC-245fa": "HFC", "HFC-365mfc": "HFC", "HFC-43-10mee": "HFC",
    "CF4": "PFC", "C2F6": "PFC", "C3F8": "PFC", "c-C4F8": "PFC",
    "CO2e": "CO2e",
}

#: Every gas of the GWP100 table (IPCC AR6 Table 7.SM.7 and AR5 Table 8.A.1, the data file
#: ``adapters/factors/data/gwp100.csv``) -> family (``domain/ghg_species_table.py``). Imported
#: databases may carry any of them; model files name the keys of :data:`GAS_FAMILIES`.
TABLE_GAS_FAMILIES: dict[str, str] = {
    **{g: f for g, f in GAS_FAMILIES.items() if g != "CO2e"},
    **{s.gas: s.family for s in GHG_SPECIES},
}

GAS_NAMES_ZH: dict[str, str] = {
    "CO2": "二氧化碳", "CH4": "甲烷", "N2O": "氧化亚氮", "SF6": "六氟化硫", "NF3": "三氟化氮",
    "CO2e": "二氧化碳当量（未分气体）", "CCl4": "四氯化碳", "CH3CCl3": "1,1,1-三氯乙烷",
    "CHCl3": "三氯甲烷", "CH2Cl2": "二氯甲烷", "CH3Cl": "一氯甲烷", "CH3Br": "溴甲烷",
    "SO2F2": "硫酰氟", "SF5CF3": "三氟甲基五氟化硫", "PFPMIE": "全氟聚甲基异丙基醚",
}

_FAMILY_ZH = {"HFC": "氢氟碳化物", "PFC": "全氟化碳", "CFC": "氯氟烃", "HCFC": "氢氯氟烃",
              "Halon": "哈龙", "HFE": "氢氟醚", "HFO": "氢（氯）氟烯烃"}


def gas_name_zh(gas: str) -> str:
    if gas in GAS_NAMES_ZH:
        return GAS_NAMES_ZH[gas]
    family = TABLE_GAS_FAMILIES.get(gas, "")
    return f"{_FAMILY_ZH[family]} {gas}" if family in _FAMILY_ZH else gas


@dataclass(frozen=True, order=True)
class GhgFlow:
    """One row of the GHG inventory: a gas in a reporting category."""

    gas: str
    category: GasCategory

    @property
    def key(self) -> str:
        return f"{self.gas}/{self.category.value}"


@dataclass(frozen=True)
class GwpSet:
    """GWP100 values of one IPCC assessment, with the methane split by origin."""

    name: str  # "AR6" or "AR5"
    values: dict[str, float]
    methane_fossil: float
    methane_non_fossil: float
    source: str

    def has(self, gas: str) -> bool:
        """Whether this set gives ``gas`` a GWP100 (some gases have one in AR5 or AR6 only)."""
        return gas in ("CO2e", "CH4") or gas in self.values

    def factor(self, flow: GhgFlow) -> float:
        """kg CO2e per kg of the flow; removals count negative. Raises KeyError if unknown."""
        if flow.gas == "CO2e":
            gwp = 1.0
        elif flow.gas == "CH4":
            gwp = self.methane_fossil if flow.category is GasCategory.FOSSIL else (
                self.methane_non_fossil)
        else:
            gwp = self.values[flow.gas]
        return -gwp if flow.category is GasCategory.REMOVAL else gwp


#: Elementary flow names (lower case, as in ecoinvent, USLCI and the synthlci format) -> GHG.
ELEMENTARY_FLOW_NAMES: dict[str, GhgFlow] = {
    "carbon dioxide, fossil": GhgFlow("CO2", GasCategory.FOSSIL),
    "carbon dioxide, non-fossil": GhgFlow("CO2", GasCategory.BIOGENIC),
    "carbon dioxide, biogenic": GhgFlow("CO2", GasCategory.BIOGENIC),
    "carbon dioxide, in air": GhgFlow("CO2", GasCategory.REMOVAL),
    "carbon dioxide, from soil or biomass stock": GhgFlow("CO2", GasCategory.DLUC),
    "carbon dioxide, to soil or biomass stock": GhgFlow("CO2", GasCategory.REMOVAL),
    "methane, fossil": GhgFlow("CH4", GasCategory.FOSSIL),
    "methane, non-fossil": GhgFlow("CH4", GasCategory.BIOGENIC),
    "methane, biogenic": GhgFlow("CH4", GasCategory.BIOGENIC),
    "dinitrogen monoxide": GhgFlow("N2O", GasCategory.FOSSIL),
    "nitrous oxide": GhgFlow("N2O", GasCategory.FOSSIL),
    "sulfur hexafluoride": GhgFlow("SF6", GasCategory.FOSSIL),
    "sulphur hexafluoride": GhgFlow("SF6", GasCategory.FOSSIL),
    "nitrogen fluoride": GhgFlow("NF3", GasCategory.FOSSIL),
    "nitrogen trifluoride": GhgFlow("NF3", GasCategory.FOSSIL),
    "ethane, 1,1,1,2-tetrafluoro-, hfc-134a": GhgFlow("HFC-134a", GasCategory.FOSSIL),
    "methane, tetrafluoro-, cfc-14": GhgFlow("CF4", GasCategory.FOSSIL),
    "ethane, hexafluoro-, hfc-116": GhgFlow("C2F6", GasCategory.FOSSIL),
}


def flow_for_elementary_name(name: str) -> GhgFlow | None:
    """The GHG flow an elementary flow name stands for, or ``None``.

    Besides the names above, the keys of imported databases' GHG rows (``"CH4/biogenic"``)."""
    gas, _, category = name.partition("/")
    if category and (gas in GAS_FAMILIES or gas in TABLE_GAS_FAMILIES):
        try:
            return GhgFlow(gas, GasCategory(category))
        except ValueError:
            return None
    return ELEMENTARY_FLOW_NAMES.get(" ".join(name.lower().split()))
