"""Shared by the reference tests and the benchmark: the synthetic database generator, and a
bw2calc datapackage built straight from a synthlci folder (independently of carbonlabel)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np

GEN_DB = Path(__file__).resolve().parent / "gen_db.py"  # a copy of the shared generator
FLOW_OFFSET = 10**7  # bw2calc needs one id space for products and flows


def gen_db_module() -> Any:
    spec = importlib.util.spec_from_file_location("gen_db", GEN_DB)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _distributions(frame: Any, amount: Any) -> Any:
    """stats_arrays parameter rows of a synthlci table (uncertainty_type, loc, scale)."""
    import bw_processing as bwp

    out = np.zeros(len(amount), dtype=bwp.UNCERTAINTY_DTYPE)
    out["uncertainty_type"] = frame["uncertainty_type"].fillna(0).to_numpy()
    out["loc"] = np.where(out["uncertainty_type"] == 0, amount, frame["loc"].to_numpy())
    out["scale"] = frame["scale"].to_numpy()
    out["shape"] = np.nan
    out["minimum"] = np.nan
    out["maximum"] = np.nan
    out["negative"] = False
    return out


def brightway_datapackage(folder: Path, uncertainty: bool = False) -> Any:
    """A bw_processing datapackage of the folder's A, B and characterization, read by pandas;
    with ``uncertainty``, the technosphere and biosphere exchanges carry their distributions
    (stats_arrays rows straight from the CSV columns; production amounts are fixed)."""
    import bw_processing as bwp
    import pandas as pd

    proc = pd.read_csv(folder / "processes.csv")
    tech = pd.read_csv(folder / "technosphere.csv")
    bio = pd.read_csv(folder / "biosphere.csv")
    cfs = pd.read_csv(folder / "characterization.csv")
    dp = bwp.create_datapackage()
    n = len(proc)
    t_idx = np.zeros(n + len(tech), dtype=bwp.INDICES_DTYPE)
    t_idx["row"] = np.concatenate([proc["id"].to_numpy(), tech["supplier"].to_numpy()])
    t_idx["col"] = np.concatenate([proc["id"].to_numpy(), tech["consumer"].to_numpy()])
    t_amount = np.concatenate([proc["production_amount"].to_numpy(), tech["amount"].to_numpy()])
    t_extra: dict[str, Any] = {}
    b_extra: dict[str, Any] = {}
    if uncertainty:
        production = pd.DataFrame({"uncertainty_type": np.zeros(n), "loc": np.nan,
                                   "scale": np.nan})
        t_extra["distributions_array"] = _distributions(
            pd.concat([production, tech[["uncertainty_type", "loc", "scale"]]],
                      ignore_index=True), t_amount)
        b_extra["distributions_array"] = _distributions(bio, bio["amount"].to_numpy())
    dp.add_persistent_vector(
        matrix="technosphere_matrix", name="technosphere", indices_array=t_idx,
        data_array=t_amount,
        flip_array=np.concatenate([np.zeros(n, bool), np.ones(len(tech), bool)]), **t_extra)
    b_idx = np.zeros(len(bio), dtype=bwp.INDICES_DTYPE)
    b_idx["row"] = bio["flow"].to_numpy() + FLOW_OFFSET
    b_idx["col"] = bio["process"].to_numpy()
    dp.add_persistent_vector(matrix="biosphere_matrix", name="biosphere", indices_array=b_idx,
                             data_array=bio["amount"].to_numpy(), **b_extra)
    c_idx = np.zeros(len(cfs), dtype=bwp.INDICES_DTYPE)
    c_idx["row"] = cfs["flow"].to_numpy() + FLOW_OFFSET
    dp.add_persistent_vector(matrix="characterization_matrix", name="cf", indices_array=c_idx,
                             data_array=cfs["factor"].to_numpy())
    return dp
