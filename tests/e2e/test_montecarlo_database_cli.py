"""``carbonlabel db montecarlo`` as a user runs it: the summary, JSON, a repeated seed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse.linalg as sla

from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.cli.app import main
from tests.support.es2_uncertainty import write_es2


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_summary_repeats_for_a_seed_and_starts_from_the_static_score(
        capsys: pytest.CaptureFixture[str], synthetic_db: Callable[[str, int], Path]) -> None:
    folder = synthetic_db("small", 11)
    db = read_synthlci(folder)
    f = np.zeros(db.n_processes)
    f[[db.process_index["1"], db.process_index["100"]]] = 1.0
    static = float(db.characterization @ (db.biosphere @ sla.spsolve(db.technosphere.tocsc(),
                                                                        f)))
    args = ("db", "montecarlo", str(folder), "1", "100", "-n", "60", "--seed", "4", "--json")
    code, out, _ = run(capsys, *args)
    assert code == 0
    body = json.loads(out)
    assert body["static_score"] == pytest.approx(static, rel=1e-9)
    assert body["iterations"] == 60
    assert body["p2_5"] < body["median"] < body["p97_5"]
    assert sum(body["histogram"]["counts"]) == 60
    assert body["solver"]["max_relative_residual"] <= 1e-10
    assert json.loads(run(capsys, *args)[1]) == body  # same seed, same everything
    other = json.loads(run(capsys, *args[:-3], "--seed", "5", "--json")[1])
    assert other["mean"] != body["mean"]


def test_table_and_unknown_process(capsys: pytest.CaptureFixture[str],
                                   synthetic_db: Callable[[str, int], Path]) -> None:
    folder = synthetic_db("small", 11)
    code, out, _ = run(capsys, "db", "montecarlo", str(folder), "7", "-n", "20")
    assert code == 0
    assert "97.5 %" in out
    assert "均值 mean" in out
    code, _, err = run(capsys, "db", "montecarlo", str(folder), "99999", "-n", "5")
    assert code == 3
    assert "process_ids" in err


def test_an_imported_database_samples_the_distributions_of_its_exchanges(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The EcoSpold 2 pair of tests/support/es2_uncertainty.py: 1 kg steel takes
    2 kWh (normal, sd 0.2) at 0.5 kg CO2 each (lognormal median 0.5, σ 0.2) and emits 0.01 kg
    fossil CH4 (triangular 0.005, 0.01, 0.02) and 0.001 kg N2O (uniform 0.0005 … 0.0015);
    AR6: CH4 29.8, N2O 273.

    static: 2·0.5 + 0.01·29.8 + 0.001·273 = 1.571;
    mean:   2·0.5·e^(0.2²/2) + 29.8·(0.005 + 0.01 + 0.02)/3 + 273·0.001 = 1.640868;
    variance: E[x²]E[y²] − (E[x]E[y])² = 4.04·0.25·e^0.08 − 1.0202² = 0.053311, plus
    29.8²·(a² + b² + c² − ab − ac − bc)/18 = 0.008634 and 273²·0.001²/12 = 0.006211:
    0.068154, sd 0.26106; the mean of 2,000 draws lies within 4 standard errors (0.0234)."""
    data = str(tmp_path / "data")
    assert main(["db", "import", str(write_es2(tmp_path / "es2")), "--name", "pair",
                 "--data-dir", data]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "db", "montecarlo", "pair", "steel", "-n", "2000", "--seed", "3",
                       "--json", "--data-dir", data)
    assert code == 0
    body = json.loads(out)
    assert body["static_score"] == pytest.approx(1.571, rel=1e-12)
    assert body["uncertain_entries"] == 4
    assert abs(body["mean"] - 1.640868) < 4 * 0.26107 / 2000 ** 0.5
    assert body["sd"] == pytest.approx(0.26107, rel=0.1)
