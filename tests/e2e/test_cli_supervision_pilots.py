"""``carbonlabel supervision pilots``: a regulator creates a pilot, registers a participant,
declares a figure with an evidence file, adds a task and reads the status; the responsible
unit reports progress; another province's regulator is told "not found" in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.domain.tenancy import Role
from tests.support.platform import credit_code
from tests.support.supervision import regulator
from tests.support.supervision_pilots import enterprise, member


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_a_regulator_runs_a_pilot_and_the_unit_reports_progress(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    inspector = regulator(make_uow, "CN-GD", "gd@reg.example")
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    with make_uow(write=True) as uow, uow.atomic():
        unit = enterprise(uow, "深圳建材协会", "CN-GD-440300")
        analyst = member(uow, unit, Role.ANALYST)
    where = ["--data-dir", str(tmp_path), "--database-url", database_url]
    act = ["--user", inspector.email, *where]
    pilots = ["supervision", "pilots"]

    assert main([*pilots, "create", "--name", "深圳水泥试点", "--region", "CN-GD-440300",
                 "--category", "16", "--starts", "2026-01-01", "--ends", "2026-12-31",
                 *act]) == 0
    pilot_id = capsys.readouterr().out.split("created: ")[1].split()[0]
    assert main([*pilots, "participant", pilot_id, "--segment", "recycling", "--name",
                 "回收站", "--credit-code", credit_code(), *act]) == 0
    evidence = tmp_path / "coverage.pdf"
    evidence.write_bytes(b"%PDF-1.4 coverage")
    assert main([*pilots, "declare", pilot_id, "--figure", "chain_coverage", "--value", "0.9",
                 "--evidence", str(evidence), *act]) == 0
    assert main([*pilots, "task", pilot_id, "--title", "产业链摸底", "--starts", "2026-02-01",
                 "--due", "2026-03-31", "--organisation", unit.id, *act]) == 0
    task_id = capsys.readouterr().out.split("added: ")[1].split()[0]
    assert main([*pilots, "show", pilot_id, "--on", "2026-04-01", *act]) == 0
    shown = capsys.readouterr().out
    assert "90.0%" in shown
    assert "declared with evidence" in shown
    assert "逾期 OVERDUE" in shown
    assert main([*pilots, "report", task_id, "--progress", "50", "--user", inspector.email,
                 *where]) != 0  # the unit is on the platform: it reports itself
    capsys.readouterr()
    assert main([*pilots, "report", task_id, "--progress", "50", "--done", "--user",
                 analyst.email, *where]) == 0
    assert "100% 已完成 done" in capsys.readouterr().out
    assert main([*pilots, "show", pilot_id, "--user", jiangsu.email, *where]) != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "试点" in err
    assert main([*pilots, "list", *act]) == 0
    assert "1 个试点 pilots" in capsys.readouterr().out
