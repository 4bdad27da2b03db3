"""The EcoSpold 2 and openLCA JSON-LD files of one USLCI release give the same footprints.

Both files are the FY18 Q1 release exported by openLCA in two formats. Where the import reports
flag nothing in a dataset's supply chain, the footprints must agree to 1e-6 relative. What
counts as flagged (each from the imported data and the reports, never from the results):

* a link whose units were converted by the standard definitions rather than by the data, or
  could not be converted (the EcoSpold 2 export names units that differ from the provider's);
* a dataset whose reference product the reader had to synthesise or choose;
* a dataset whose inputs without provider differ between the two reports (a dataset missing
  from one export), and a dataset present in only one of them;
* a dataset whose product exchanges differ between the two imports (the EcoSpold 2 export
  dropped every exchange given in tonnes);
* a dataset allocated differently by the two imports (the EcoSpold 2 export lacks the
  allocation factors the JSON-LD file has);
* a dataset whose GHG emissions the EcoSpold 2 import took as emissions to air for want of a
  compartment, where the JSON-LD import put the same flow elsewhere (or not at all), when the
  difference exceeds 1e-7 of its direct score in CO2e.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.lci_formats import read_inventory
from carbonlabel.calc.database import solve_database
from carbonlabel.calc.inventory.link import LinkedDatabase, link_inventory
from carbonlabel.domain.ghg import flow_for_elementary_name
from carbonlabel.domain.ghg_mapping import normalise_name
from carbonlabel.domain.inventory import AllocationOption, FlowKind, InventorySource
from tests.support.shared import shared_file

LINK_CLASSES = {"unit_converted_by_definition", "unit_mismatch"}


def ghg_signature(source: InventorySource, linked: LinkedDatabase) -> dict[str, list[float]]:
    """Per dataset: its direct GHG inventory (kg per gas row), to compare the two imports."""
    b = linked.database.biosphere.tocsc()
    out = {}
    for dsid, col in linked.reference_columns.items():
        column = b[:, col].toarray().ravel()
        out[dsid] = {linked.database.flow_ids[k]: float(column[k])
                     for k in np.flatnonzero(column)}
    return out


def flagged_locally(js: InventorySource, lj: LinkedDatabase, es: InventorySource,
                    le: LinkedDatabase) -> set[str]:
    flagged: set[str] = set()
    for linked in (lj, le):
        flagged |= {d for d, kinds in linked.report.flags.items() if kinds & LINK_CLASSES}
    for source in (js, es):
        by_name = defaultdict(list)
        for d in source.datasets:
            by_name[d.name].append(d.id)
        ids = {d.id for d in source.datasets}
        for issue in source.issues:  # an issue names its dataset by id or by name
            if issue.kind.startswith("reference_"):
                flagged.update([issue.dataset] if issue.dataset in ids
                               else by_name.get(issue.dataset, []))
    unlinked: list[dict[str, set[str]]] = []
    for linked in (lj, le):
        per: dict[str, set[str]] = defaultdict(set)
        for u in linked.report.unlinked:
            per[u.dataset_id].add(normalise_name(u.flow))
        unlinked.append(per)
    ids_j, ids_e = set(lj.reference_columns), set(le.reference_columns)
    flagged |= ids_j ^ ids_e
    flagged |= {d for d in ids_j & ids_e if unlinked[0].get(d, set()) != unlinked[1].get(d, set())}
    # exchanges the EcoSpold 2 export dropped (all those in tonnes): the product exchanges of a
    # dataset differ between the two imports
    exchanges = [{d.id: sorted(normalise_name(source.flows[e.flow_id].name)
                               for e in d.exchanges
                               if source.flows[e.flow_id].kind is not FlowKind.ELEMENTARY)
                  for d in source.datasets} for source in (js, es)]
    flagged |= {d for d in ids_j & ids_e if exchanges[0].get(d) != exchanges[1].get(d)}
    # allocation: the EcoSpold 2 export lacks the factors; flag where the two imports differ
    used = [{n.dataset_id: n.used for n in linked.report.allocation_notes} for linked in (lj, le)]
    flagged |= {d for d in ids_j & ids_e if used[0].get(d) != used[1].get(d)}
    # compartments: the EcoSpold 2 export has none, so its traces of halocarbons to water
    # (chloroform, dichloromethane ...) count as air; flag where the direct GHG rows differ by
    # more than 1e-7 of the direct score in CO2e (AR6, as the comparison)
    sig_j, sig_e = ghg_signature(js, lj), ghg_signature(es, le)
    gwp = load_gwp_set("AR6")
    for d in ids_j & ids_e:
        if "ghg_compartment_assumed" in le.report.flags.get(d, set()):
            a, b = sig_j[d], sig_e[d]
            weight = {k: gwp.factor(flow) for k in a.keys() | b.keys()
                      if (flow := flow_for_elementary_name(k)) is not None}
            diff = sum(weight[k] * (b.get(k, 0.0) - a.get(k, 0.0)) for k in weight)
            scale = sum(abs(weight[k] * a.get(k, 0.0)) for k in weight)
            if abs(diff) > 1e-7 * scale:
                flagged.add(d)
    return flagged


def supply_chain_closure(linked: LinkedDatabase, flagged: set[str]) -> set[str]:
    """Datasets with a flagged dataset anywhere in their supply chain (themselves included)."""
    a = sp.csr_matrix(linked.database.technosphere)
    n = a.shape[0]
    # edge provider → consumer: from row (provider) to column (consumer)
    rows, cols = a.nonzero()
    edges = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    ids = linked.database.process_ids
    dataset_of = [pid.split("#", 1)[0] for pid in ids]
    start = [j for j, d in enumerate(dataset_of) if d in flagged]
    reached: set[int] = set()
    for j in start:
        if j not in reached:
            reached.update(breadth_first_order(edges, j, directed=True,
                                               return_predecessors=False).tolist())
    return {dataset_of[j] for j in reached}


@pytest.fixture(scope="module")
def sources() -> tuple[InventorySource, InventorySource]:
    return (read_inventory(shared_file("reference/lci/uslci_fy18_olca1_5_json_ld.zip")),
            read_inventory(shared_file("reference/lci/uslci_fy18_q1_ecospold2.zip")))


@pytest.mark.parametrize("option", [AllocationOption.DATA, AllocationOption.NONE])
def test_the_two_formats_agree_wherever_the_reports_flag_nothing(
        sources: tuple[InventorySource, InventorySource], option: AllocationOption) -> None:
    js, es = sources
    gwp = load_gwp_set("AR6")
    lj = link_inventory(js, option, gwp)
    le = link_inventory(es, option, gwp)
    local = flagged_locally(js, lj, es, le)
    flagged = supply_chain_closure(lj, local) | supply_chain_closure(le, local)
    yj = solve_database(lj.database).scores_per_unit()
    ye = solve_database(le.database).scores_per_unit()
    common = sorted(set(lj.reference_columns) & set(le.reference_columns))
    compared = [d for d in common if d not in flagged]
    names = {d.id: d.name for d in js.datasets}
    bad = []
    for d in compared:
        a = lj.score_per_reference_unit(yj, d)
        b = le.score_per_reference_unit(ye, d)
        if abs(a - b) > 1e-6 * max(abs(a), abs(b)) and max(abs(a), abs(b)) > 1e-12:
            bad.append((names[d], a, b))
    print(f"\nallocation {option.value}: {len(compared)} of {len(common)} datasets in both "
          f"files have supply chains the reports do not flag; {len(compared) - len(bad)} "
          f"agree to 1e-6 ({len(flagged & set(common))} flagged)")
    for row in bad[:40]:
        print(row)
    assert bad == []
    assert len(compared) > len(common) // 3  # the comparison must cover a real share
