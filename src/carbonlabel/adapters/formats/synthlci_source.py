"""The synthlci-1 folder format as an inventory source, for ``carbonlabel db import``.

Each process is a dataset with one reference product (a product flow ``p<id>``); technosphere
rows become product inputs, biosphere rows elementary exchanges. Elementary flows keep the
source's own characterization factor as the property ``kg_co2e_per_unit``, so flows that are
not a known GHG by name still count (as CO2e), as they do when the folder is read directly.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.domain.inventory import (
    FlowKind,
    InventoryDataset,
    InventoryExchange,
    InventoryFlow,
    InventorySource,
)


def read_synthlci_source(folder: Path, name: str | None = None) -> InventorySource:
    db = read_synthlci(folder, name)
    flows: dict[str, InventoryFlow] = {}
    for k, pid in enumerate(db.process_ids):
        fid = f"p{pid}"
        flows[fid] = InventoryFlow(fid, db.product_names[k], FlowKind.PRODUCT, db.units[k],
                                   location=db.locations[k])
    compartments = _compartments(folder)
    for k, fid in enumerate(db.flow_ids):
        cf = float(db.characterization[k])
        flows[f"e{fid}"] = InventoryFlow(
            f"e{fid}", db.flow_names[k], FlowKind.ELEMENTARY, db.flow_units[k],
            compartment=(compartments.get(fid, ""),),
            properties={"kg_co2e_per_unit": cf} if cf else {})
    exchanges: dict[int, list[InventoryExchange]] = defaultdict(list)
    a = db.technosphere.tocoo()
    for r, c, v in zip(a.row.tolist(), a.col.tolist(), a.data.tolist(), strict=True):
        fid = f"p{db.process_ids[r]}"
        exchanges[c].append(InventoryExchange(fid, abs(v), db.units[r], is_input=r != c,
                                              is_reference=r == c, name=db.product_names[r]))
    b = db.biosphere.tocoo()
    resource = {f"e{fid}" for fid, comp in compartments.items() if "resource" in comp}
    for r, c, v in zip(b.row.tolist(), b.col.tolist(), b.data.tolist(), strict=True):
        fid = f"e{db.flow_ids[r]}"
        exchanges[c].append(InventoryExchange(fid, float(v), db.flow_units[r],
                                              is_input=fid in resource,
                                              name=db.flow_names[r]))
    datasets = tuple(
        InventoryDataset(pid, db.process_names[k], db.locations[k], tuple(exchanges[k]),
                         file="processes.csv")
        for k, pid in enumerate(db.process_ids))
    return InventorySource(name=db.name, format="synthlci", flows=flows, datasets=datasets,
                           metadata={"source": Path(folder).name})


def _compartments(folder: Path) -> dict[str, str]:
    frame = pd.read_csv(Path(folder) / "flows.csv", usecols=["id", "compartment"],
                        dtype={"id": np.int64, "compartment": str})
    return {str(i): str(c) for i, c in zip(frame["id"], frame["compartment"], strict=True)}
