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
