"""``carbonlabel supervision scans analyse``: the rules over the new scans, each finding raised
once; thresholds set with ``--set``; a bad setting is one line and an exit code."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.services.registry.verification import ScanRecord


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_analyse_raises_a_forgery_once_and_refuses_unknown_settings(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    where = ["--data-dir", str(tmp_path), "--database-url", database_url]
    with make_uow(write=True) as uow:
        uow.scans.add_many([ScanRecord(datetime(2026, 5, 4, 9, tzinfo=UTC), "f" * 64,
                                       "not_genuine", "page", "CFP-2026-0000001-07",
                                       "signature", "CN-GD", "shared", "c" * 32)])
        uow.commit()
    assert main(["supervision", "scans", "analyse", *where]) == 0
    assert "新预警 new alerts: 1" in capsys.readouterr().out
    assert main(["supervision", "scans", "analyse", "--set", "speed_kmh=1000", *where]) == 0
    assert "新扫码 new scans: 0" in capsys.readouterr().out
    assert main(["supervision", "scans", "analyse", "--set", "nonsense=1", *where]) != 0
    assert main(["supervision", "scans", "analyse", "--set", "speed_kmh=0", *where]) != 0
    err = capsys.readouterr().err
    assert "nonsense" in err
    assert "speed_kmh" in err
