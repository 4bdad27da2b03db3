"""carbonlabel's engine against Brightway's (bw2calc, an independent implementation).

bw2calc builds its own matrices from the CSV files (through bw_processing datapackages) and
solves with its own code; every score must agree to 1e-9 relative.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.calc.database import solve_database, unit_demands
from tests.support.brightway import brightway_datapackage

bw2calc = pytest.importorskip("bw2calc")
pytest.importorskip("bw_processing")



def brightway_lca(folder: Path, first_demand: dict[int, float]) -> object:
    lca = bw2calc.LCA(first_demand, data_objs=[brightway_datapackage(folder)])
    lca.lci()
    lca.lcia()
    return lca


def demands(n_processes: int, seed: int, count: int) -> list[dict[int, float]]:
    """Single-product demands plus a few mixed ones (ids are 1-based)."""
    rng = np.random.default_rng(seed)
    ids = rng.choice(np.arange(1, n_processes + 1), size=count, replace=False)
    out = [{int(i): 1.0} for i in ids]
    for _ in range(3):
        mix = rng.choice(np.arange(1, n_processes + 1), size=3, replace=False)
        out.append({int(i): float(a) for i, a in zip(mix, rng.uniform(0.5, 5.0, 3), strict=True)})
    return out


@pytest.mark.parametrize(("size", "seed"), [("small", 1), ("small", 7), ("small", 42),
                                            ("medium", 3), ("medium", 42)])
def test_scores_equal_bw2calc_to_1e_9(synthetic_db: Callable[[str, int], Path], size: str,
                                      seed: int) -> None:
    folder = synthetic_db(size, seed)
    db = read_synthlci(folder)
    solved = solve_database(db)
    per_unit = solved.scores_per_unit()
    cases = demands(db.n_processes, seed, 20)
    lca = brightway_lca(folder, cases[0])
    checked = 0
    for demand in cases:
        lca.lcia(demand=demand)  # type: ignore[attr-defined]
        reference = float(lca.score)  # type: ignore[attr-defined]
        cols = db.indices_of([str(k) for k in demand])
        amounts = np.array(list(demand.values()))
        adjoint = float(per_unit[cols] @ amounts)
        f = np.zeros(db.n_processes)
        f[cols] = amounts
        forward = float(solved.process_contributions(solved.supply(f)).sum())
        assert adjoint == pytest.approx(reference, rel=1e-9, abs=0.0)
        assert forward == pytest.approx(reference, rel=1e-9, abs=0.0)
        checked += 1
    assert checked >= 20


def test_supply_vectors_equal_bw2calc(synthetic_db: Callable[[str, int], Path]) -> None:
    folder = synthetic_db("small", 5)
    db = read_synthlci(folder)
    solved = solve_database(db)
    cols = db.indices_of(["1", "50", "199"])
    ours = solved.supply(unit_demands(db.n_processes, cols))
    lca = brightway_lca(folder, {1: 1.0})
    for k, pid in enumerate([1, 50, 199]):
        lca.lci(demand={pid: 1.0})  # type: ignore[attr-defined]
        theirs = np.asarray(lca.supply_array)  # type: ignore[attr-defined]
        order = [lca.dicts.activity[int(p)] for p in db.process_ids]  # type: ignore[attr-defined]
        np.testing.assert_allclose(ours[:, k], theirs[order], rtol=1e-9, atol=1e-15)
