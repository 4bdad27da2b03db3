"""The gases of the GWP100 table with the identifiers imported data find them by.

``ghg_species_table`` has one row per gas key of ``adapters/factors/data/gwp100.csv``
(methane, split there by origin, is not repeated): its family and, as IPCC AR6 WG1 Table 7.SM.7
gives them, its CAS number, formula, name and acronym (see ``adapters/factors/data/SOURCES.md``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from carbonlabel.domain.ghg_species_table import SPECIES_ROWS


@dataclass(frozen=True)
class GhgSpecies:
    gas: str  # the key of the GWP tables
    family: str
    cas: str  # "" where the source gives none
    formula: str
    name: str
    acronym: str

    @property
    def aliases(self) -> tuple[str, ...]:
        """Name, acronym and formula, each that the source gives."""
        return tuple(a for a in (self.name, self.acronym, self.formula) if a)


GHG_SPECIES: tuple[GhgSpecies, ...] = tuple(GhgSpecies(*row) for row in SPECIES_ROWS)


def unambiguous_aliases() -> dict[str, str]:
    """Lower-case alias -> gas key, leaving out aliases that several gases share.

    7.SM.7 gives one name to isomers (the decalin isomers, n- and i-HFE-7100), so such a name
    alone cannot say which gas is meant; the CAS number still can."""
    pairs = {(" ".join(a.lower().split()), s.gas) for s in GHG_SPECIES for a in s.aliases}
    count = Counter(alias for alias, _ in pairs)
    return {alias: gas for alias, gas in sorted(pairs) if count[alias] == 1}
