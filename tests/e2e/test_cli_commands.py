"""The CLI as a user runs it: tables, JSON, CSV, the demo."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse.linalg as sla

from carbonlabel.adapters.formats.synthlci import read_synthlci
from carbonlabel.cli.app import main
from tests.conftest import base_model


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("by", "heading"), [("stage", "By life-cycle stage"),
                                             ("process", "Hotspots"),
                                             ("gas", "By greenhouse gas"),
                                             ("tree", "kg CO2e (100.0%)")])
def test_calc_prints_the_chosen_breakdown(capsys: pytest.CaptureFixture[str],
                                          write_model: Callable[..., Path], by: str,
                                          heading: str) -> None:
    code, out, _ = run(capsys, "calc", str(write_model(base_model())), "--by", by)
    assert code == 0
    assert "1 kg CO2e / 1 kg" in out
    assert heading in out


def test_json_model_files_are_read_too(capsys: pytest.CaptureFixture[str],
                                       write_model: Callable[..., Path]) -> None:
    code, out, _ = run(capsys, "calc", str(write_model(base_model(), ".json")), "--json")
    assert code == 0
    assert json.loads(out)["total_co2e_kg"] == pytest.approx(1.0)


def test_json_written_to_a_file(capsys: pytest.CaptureFixture[str],
                                write_model: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, _, _ = run(capsys, "calc", str(write_model(base_model())), "--json", "-o", str(out))
    assert code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["total_co2e_kg"] == pytest.approx(1.0)


def test_demo_prints_every_bundled_product(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert out.count("kg CO2e /") >= 2


def test_db_calc_formats_agree_with_an_independent_solve(
        capsys: pytest.CaptureFixture[str], synthetic_db: Callable[[str, int], Path]) -> None:
    folder = synthetic_db("small", 11)
    db = read_synthlci(folder)
    # independent: SciPy spsolve on A, then c·B·s
    expected = {}
    for pid in ("1", "100", "200"):
        f = np.zeros(db.n_processes)
        f[db.process_index[pid]] = 1.0
        s = sla.spsolve(db.technosphere.tocsc(), f)
        expected[pid] = float(db.characterization @ (db.biosphere @ s))
    code, out, _ = run(capsys, "db", "calc", str(folder), "1", "100", "200", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["1", "100", "200"]
    for r in rows:
        assert float(r["score_kg_co2e"]) == pytest.approx(expected[r["id"]], rel=1e-9)
    code, out, _ = run(capsys, "db", "calc", str(folder), "--all", "--format", "json")
    body = json.loads(out)
    assert len(body["results"]) == db.n_processes
    code, out, _ = run(capsys, "db", "calc", str(folder), "100")
    assert (code == 0 and "market" in out) or "production" in out


def test_db_calc_unknown_process_is_not_found(capsys: pytest.CaptureFixture[str],
                                              synthetic_db: Callable[[str, int], Path]) -> None:
    code, _, err = run(capsys, "db", "calc", str(synthetic_db("small", 11)), "99999")
    assert code == 3
    assert "process_ids" in err
    assert "99999" in err


def test_model_linked_to_a_database_dataset(capsys: pytest.CaptureFixture[str],
                                            write_model: Callable[..., Path],
                                            synthetic_db: Callable[[str, int], Path]) -> None:
    folder = synthetic_db("small", 11)
    db = read_synthlci(folder)
    f = np.zeros(db.n_processes)
    f[db.process_index["7"]] = 1.0
    g = db.biosphere @ sla.spsolve(db.technosphere.tocsc(), f)
    # the database counts non-fossil CO2 as 0; ISO 14067 counts biogenic CO2 emissions at GWP 1
    non_fossil = db.flow_names.index("Carbon dioxide, non-fossil")
    per_unit = float(db.characterization @ g) + float(g[non_fossil])
    m = base_model(databases=[{"name": "bg", "format": "synthlci", "path": str(folder)}])
    m["processes"][0]["inputs"] = [{"dataset": "7", "database": "bg", "amount": 2,
                                    "unit": db.units[db.process_index["7"]]}]
    code, out, _ = run(capsys, "calc", str(write_model(m)), "--json")
    assert code == 0
    body = json.loads(out)
    assert body["total_co2e_kg"] == pytest.approx(2 * per_unit, rel=1e-9)
    assert any(p[0] == "database:bg" for p in body["provenance"]["factor_sets"])
