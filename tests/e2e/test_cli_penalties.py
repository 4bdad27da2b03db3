"""``carbonlabel supervision penalties``: a regulator records a penalty from a JSON file, a
colleague reviews it, it is published and exported to an XLSX file (read back with openpyxl);
the recorder's own review is refused with an exit code; the sweep expires it after its
period."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.domain.supervision.penalties import PenaltyState
from carbonlabel.domain.supervision.penalty_template import HEADERS
from carbonlabel.domain.tenancy import Role
from carbonlabel.services.supervision import penalties
from tests.support.supervision import colleague
from tests.support.supervision_penalties import PARTY_CODE, bureau


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_a_penalty_is_recorded_reviewed_published_exported_and_expired(
        make_uow: UowFactory, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    recorder = bureau(make_uow, "CN-GD", "gd@reg.example")
    reviewer = colleague(make_uow, recorder, "gd-review@reg.example", Role.DECISION_MAKER)
    where = ["--data-dir", str(tmp_path), "--database-url", database_url]
    record = tmp_path / "penalty.json"
    record.write_text(json.dumps({
        "party_name": "广州市示例钢铁有限公司", "party_kind": "organisation",
        "party_region": "CN-GD-440100", "credit_code": PARTY_CODE,
        "decision_number": "穗市监罚〔2026〕5号", "violation": "forged_mark",
        "facts": "伪造碳足迹标识", "legal_basis": "《产品质量法》", "classes": ["fine"],
        "content": "罚款 8.8 万元", "fine": "8.8", "decided_on": "2026-10-01",
        "valid_until": "2026-11-01"}, ensure_ascii=False), encoding="utf-8")
    penalty = ["supervision", "penalties"]
    assert main([*penalty, "record", "--file", str(record), "--user", recorder.email,
                 *where]) == 0
    penalty_id = capsys.readouterr().out.split("recorded: ")[1].split()[0]
    assert main([*penalty, "review", penalty_id, "--confidentiality-checked",
                 "--user", recorder.email, *where]) == 2  # four-eyes: a workflow refusal
    assert "another person" in capsys.readouterr().err
    assert main([*penalty, "review", penalty_id, "--confidentiality-checked",
                 "--user", reviewer.email, *where]) == 0
    assert main([*penalty, "publish", penalty_id, "--on", "2026-10-10",
                 "--user", recorder.email, *where]) == 0
    assert "2029-10-10" in capsys.readouterr().out
    out = tmp_path / "penalties.xlsx"
    assert main([*penalty, "export", "--format", "xlsx", "-o", str(out),
                 "--user", recorder.email, *where]) == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADERS, "当前状态"]
    assert (rows[1][11], rows[1][17], rows[1][28]) == ("穗市监罚〔2026〕5号", 8.8, "公示中")
    assert main([*penalty, "expire", "--date", "2029-10-10", *where]) == 0
    assert main([*penalty, "expire", "--date", "2029-10-11", *where]) == 0
    assert "expired: " + penalty_id in capsys.readouterr().out
    with make_uow() as uow:
        assert penalties.get_penalty(uow, recorder, penalty_id).state is PenaltyState.EXPIRED
