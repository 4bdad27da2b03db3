"""``carbonlabel supervision cases``: a regulator's staff member opens a case from a public
report, assigns it, investigates, records findings with an evidence file and closes it; a
regulator of another province is told the case does not exist; each step is in the audit log
in the acting user's name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from carbonlabel.adapters.db.engine import platform_engine
from carbonlabel.adapters.db.migrate import upgrade
from carbonlabel.adapters.db.uow import UowFactory, uow_factory
from carbonlabel.cli.app import main
from carbonlabel.config import Settings
from carbonlabel.domain.supervision.alerts import AlertState
from carbonlabel.domain.supervision.cases import CaseState, Conclusion
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import NotFoundError
from carbonlabel.services.supervision import reports
from tests.support.supervision import colleague, regulator


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[UowFactory]:
    engine = platform_engine(Settings(data_dir=tmp_path))
    upgrade(engine)
    try:
        yield uow_factory(engine)
    finally:
        engine.dispose()


def test_the_cli_runs_a_case_from_a_report_to_its_closure(
        platform: UowFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lead = regulator(platform, "CN-GD", "lead@reg.example", Role.ADMIN)
    inspector = colleague(platform, lead, "insp@reg.example", Role.ANALYST)
    regulator(platform, "CN-JS", "js@reg.example", Role.ADMIN)
    with platform(write=True) as uow:
        filed = reports.file_report(uow, reports.Submission(
            "CFP-2026-123-000001-00", "无此证书的标识", region="CN-GD"), "cli")
    where = ["--data-dir", str(tmp_path)]

    def run(*args: str, user: str = "lead@reg.example") -> str:
        code = main(["supervision", "cases", *args, "--user", user, *where])
        out = capsys.readouterr()
        assert code == 0, out.err
        return out.out

    opened = run("open", "--report", filed.report.id)
    with platform() as uow:
        case = uow.supervision_cases.page_of(lead.organisation_id, 0, 10).items[0]
    assert case.reference in opened
    assert NotFoundError.exit_code == main(["supervision", "cases", "show", case.id, "--user",
                                            "js@reg.example", *where])
    capsys.readouterr()
    run("assign", case.id, "--to", "insp@reg.example")
    assert case.reference in run("list", "--mine", user="insp@reg.example")
    run("investigate", case.id, user="insp@reg.example")
    photo = tmp_path / "shelf.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(10))
    run("findings", case.id, "--text", "货架上的标识无二维码", "--evidence", str(photo),
        user="insp@reg.example")
    run("close", case.id, "--conclusion", "confirmed", "--note", "伪造标识",
        user="insp@reg.example")
    shown = run("show", case.id)
    assert "shelf.jpg" in shown
    with platform() as uow:
        done = uow.supervision_cases.get(case.id)
        alert = uow.alerts.get(filed.alert.id)
        actors = [r.actor_id for r in uow.audit.chain()[0] if r.entity_id == case.id]
    assert done is not None
    assert (done.state, done.conclusion, done.assignee_id) == (
        CaseState.CLOSED, Conclusion.CONFIRMED, inspector.id)
    assert alert is not None
    assert alert.state is AlertState.CLOSED
    assert actors == [lead.id, lead.id, inspector.id, inspector.id, inspector.id]
