"""Background data for a model: its emission factors and datasets of background databases.

Each background item becomes one column of ``G``: kg of each GHG flow per unit of the item.
A database dataset's column is its cumulative inventory per unit of its reference product
(``B A⁻¹ eⱼ``) with elementary flows mapped to gases by name; characterized flows that map
to no gas are kept as CO2e using the database's own characterization.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from carbonlabel.calc.database import LciDatabase, SolvedDatabase, solve_database, unit_demands
from carbonlabel.domain.ghg import GasCategory, GhgFlow, flow_for_elementary_name
from carbonlabel.domain.model import DatabaseRef

DatabaseLoader = Callable[[DatabaseRef], LciDatabase]


@dataclass(frozen=True)
class DatasetInventory:
    unit: str
    name: str
    flows: dict[GhgFlow, float]  # kg per unit of the dataset's reference product


class BackgroundDatabases:
    """Databases named by a model, loaded lazily and factorized once each."""

    def __init__(self, refs: tuple[DatabaseRef, ...], loader: DatabaseLoader | None) -> None:
        self._refs = {r.name: r for r in refs}
        self._loader = loader
        self._solved: dict[str, SolvedDatabase] = {}

    def names(self) -> set[str]:
        return set(self._refs)

    def solved(self, name: str) -> SolvedDatabase:
        if name not in self._solved:
            if self._loader is None:
                raise LookupError(f"no loader for database {name}")
            self._solved[name] = solve_database(self._loader(self._refs[name]))
        return self._solved[name]

    def content_hashes(self) -> dict[str, str]:
        """sha256 of each database used, from the checksums its metadata carries."""
        out = {}
        for name in sorted(self._solved):
            meta = self._solved[name].database.metadata
            sha = meta.get("sha256") if isinstance(meta, Mapping) else None
            if not sha:
                out[name] = "unhashed"
                continue
            text = json.dumps(sha, sort_keys=True, separators=(",", ":"))
            out[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return out

    def inventories(self, name: str, ids: list[str]) -> list[DatasetInventory]:
        """GHG inventories per unit of the given datasets (one multi-column solve)."""
        solved = self.solved(name)
        db = solved.database
        cols = db.indices_of(ids)
        supply = solved.supply(unit_demands(db.n_processes, cols))
        supply = supply.reshape(db.n_processes, len(ids))
        inventory = np.asarray(db.biosphere @ supply)
        mapped = [flow_for_elementary_name(n) for n in db.flow_names]
        out = []
        for k, col in enumerate(cols.tolist()):
            flows: dict[GhgFlow, float] = {}
            other = 0.0
            for row in np.flatnonzero(inventory[:, k]).tolist():
                amount = float(inventory[row, k])
                flow = mapped[row]
                if flow is not None:
                    flows[flow] = flows.get(flow, 0.0) + amount
                elif db.characterization[row] != 0.0:
                    other += amount * float(db.characterization[row])
            if other:
                unsplit = GhgFlow("CO2e", GasCategory.FOSSIL)
                flows[unsplit] = flows.get(unsplit, 0.0) + other
            out.append(DatasetInventory(db.units[col], db.process_names[col], flows))
        return out
