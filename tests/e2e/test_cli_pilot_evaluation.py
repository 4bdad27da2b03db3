"""``carbonlabel supervision pilots evaluate | input | withdraw-input | weights``: the
responsible regulator declares and corrects an input, sets weights and writes the report PDF;
the indicators print with their formulas and missing flags; a bad input is one line and a
non-zero exit; another province's regulator is told "not found"."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from tests.support.pilot_evaluation import seed_evaluated_pilot
from tests.support.supervision import regulator


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_a_regulator_evaluates_its_pilot_from_the_command_line(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    seeded = seed_evaluated_pilot(make_uow, regulator(make_uow, "CN-GD-440300",
                                                      "sz@reg.example"))
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    where = ["--data-dir", str(tmp_path), "--database-url", database_url]
    act = ["--user", seeded.regulator.email, *where]
    pilots = ["supervision", "pilots"]
    pid = seeded.pilot_id
    letter = tmp_path / "bank.pdf"
    letter.write_bytes(b"%PDF-1.4 bank letter")
    capsys.readouterr()
    assert main([*pilots, "input", pid, "--period", "2026", "--kind", "procurement_wins",
                 "--value", "2", "--evidence", "采购公告", "--document", str(letter),
                 *act]) == 0
    made = capsys.readouterr().out.split("declared: ")[1].split()[0]
    assert main([*pilots, "input", pid, "--period", "2026", "--kind", "procurement_wins",
                 "--value", "3", "--evidence", "更正公告", "--corrects", made, *act]) == 0
    capsys.readouterr()
    assert main([*pilots, "input", pid, "--period", "2026", "--kind", "loans", "--value",
                 "1.5", "--evidence", "x", *act]) != 0
    refused = capsys.readouterr()
    assert "whole count" in refused.out + refused.err
    assert main([*pilots, "weights", pid, "--method", "expert", "--dimension", "quality=2",
                 "--dimension", "economic=1", "--dimension", "social=1", "--dimension",
                 "ecological=1", *act]) == 0
    report = tmp_path / "evaluation.pdf"
    capsys.readouterr()
    assert main([*pilots, "evaluate", pid, "--period", "2026", "--pdf", str(report), "--lang",
                 "en", *act]) == 0
    out = capsys.readouterr().out
    assert "procurement_wins: 3" in out
    assert "certification_effectiveness: 66.67 %" in out
    assert "metered_share: —" in out
    assert "not_on_platform" in out
    assert "aggregate: 0." in out
    assert report.read_bytes().startswith(b"%PDF")
    assert main([*pilots, "evaluate", pid, "--period", "2026", "--user", jiangsu.email,
                 *where]) != 0
