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


def brightway_datapackage(folder: Path) -> Any:
    """A bw_processing datapackage of the folder's A, B and characterization, read by pandas."""
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
    dp.add_persistent_vector(
        matrix="technosphere_matrix", name="technosphere", indices_array=t_idx,
        data_array=np.concatenate([proc["production_amount"].to_numpy(),
                                   tech["amount"].to_numpy()]),
        flip_array=np.concatenate([np.zeros(n, bool), np.ones(len(tech), bool)]))
    b_idx = np.zeros(len(bio), dtype=bwp.INDICES_DTYPE)
    b_idx["row"] = bio["flow"].to_numpy() + FLOW_OFFSET
    b_idx["col"] = bio["process"].to_numpy()
    dp.add_persistent_vector(matrix="biosphere_matrix", name="biosphere", indices_array=b_idx,
                             data_array=bio["amount"].to_numpy())
    c_idx = np.zeros(len(cfs), dtype=bwp.INDICES_DTYPE)
    c_idx["row"] = cfs["flow"].to_numpy() + FLOW_OFFSET
    dp.add_persistent_vector(matrix="characterization_matrix", name="cf", indices_array=c_idx,
                             data_array=cfs["factor"].to_numpy())
    return dp
