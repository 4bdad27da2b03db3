"""``carbonlabel pact`` as a user runs it: partners, requests, answers, import and export, with
one readable error line and the exit code of its kind when something is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.console import Console

from carbonlabel.adapters.db.migrate import upgrade
from carbonlabel.adapters.db.uow import UowFactory, uow_factory
from carbonlabel.cli import pact as pact_cli
from carbonlabel.cli.app import main
from carbonlabel.domain.records import FootprintRecord
from tests.exchange.world import World, pact_file, pact_footprint, seed_world, supplier_footprint
from tests.support.platform import keyed_engine


@dataclass(frozen=True)
class Cli:
    world: World
    coil: FootprintRecord
    make_uow: UowFactory
    args: tuple[str, ...]  # --data-dir and --database-url


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    monkeypatch.setattr(pact_cli, "console", Console(width=200))  # a wide terminal
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = keyed_engine(url, tmp_path)  # the data keys --data-dir gives the CLI
    upgrade(engine)
    make_uow = uow_factory(engine)
    world = seed_world(make_uow, tmp_path)
    coil = supplier_footprint(make_uow, world)
    yield Cli(world, coil, make_uow, ("--data-dir", str(tmp_path), "--database-url", url))
    engine.dispose()


def run(capsys: pytest.CaptureFixture[str], cli: Cli, *args: str) -> tuple[int, str, str]:
    code = main(["pact", *args, *cli.args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_answer_and_read_the_outbox(capsys: pytest.CaptureFixture[str], cli: Cli) -> None:
    w = cli.world
    code, out, _ = run(capsys, cli, "ask", "--user", w.buyer.analyst.email, "--product",
                       "冷轧钢卷", "--org", w.supplier.organisation.id, "--product-id",
                       "urn:gtin:06901234567892")
    assert code == 0, out
    request_id = out.split()[-1]
    code, out, _ = run(capsys, cli, "inbox", "--user", w.supplier.viewer.email)
    assert code == 0
    assert request_id in out
    assert "待答复" in out
    code, out, _ = run(capsys, cli, "answer", request_id, "--user", w.supplier.analyst.email,
                       "--footprint", cli.coil.id)
    assert code == 0, out
    code, out, _ = run(capsys, cli, "outbox", "--user", w.buyer.viewer.email)
    assert request_id in out
    assert "已提供" in out
    with cli.make_uow() as uow:  # the whole id, which a narrow terminal folds over lines
        assert uow.received_footprints.get(w.buyer.organisation.id, cli.coil.id) is not None


def test_a_refused_step_prints_one_line_and_its_exit_code(
        capsys: pytest.CaptureFixture[str], cli: Cli, tmp_path: Path) -> None:
    w = cli.world
    code, _, err = run(capsys, cli, "inbox", "--user", "nobody@example.cn")
    assert (code, err.count("\n")) == (3, 1)
    assert "error[not_found] user" in err
    code, _, err = run(capsys, cli, "ask", "--user", w.buyer.viewer.email, "--product", "x",
                       "--org", w.supplier.organisation.id)
    assert code == 6  # a viewer may not ask
    bad = tmp_path / "bad.json"
    bad.write_text(pact_file(pact_footprint(declaredUnitAmount="0")), encoding="utf-8")
    code, _, err = run(capsys, cli, "import", str(bad), "--user", w.buyer.analyst.email)
    assert code == 2
    assert "declaredUnitAmount" in err
    code, _out, _ = run(capsys, cli, "outbox", "--user", w.buyer.analyst.email)
    assert code == 0


def test_import_then_the_same_file_again_is_a_conflict(capsys: pytest.CaptureFixture[str],
                                                       cli: Cli, tmp_path: Path) -> None:
    doc = pact_footprint()
    path = tmp_path / "supplier.json"
    path.write_text(pact_file(doc), encoding="utf-8")
    user = cli.world.buyer.analyst.email
    code, out, _ = run(capsys, cli, "import", str(path), "--user", user)
    assert code == 0
    assert doc["id"] in out
    code, _, err = run(capsys, cli, "import", str(path), "--user", user)
    assert code == 2
    assert "error[conflict]" in err


def test_partners_and_credentials_then_export_for_a_partner(
        capsys: pytest.CaptureFixture[str], cli: Cli, tmp_path: Path) -> None:
    admin = cli.world.supplier.admin.email
    code, out, _ = run(capsys, cli, "partners", "add", "国内客户", "--user", admin,
                       "--country", "CN")
    assert code == 0, out
    partner_id = out.split()[-1]
    code, out, _ = run(capsys, cli, "partners", "credentials", partner_id, "--user", admin)
    assert code == 0
    assert "client_secret:" in out
    code, out, _ = run(capsys, cli, "partners", "list", "--user", admin)
    assert partner_id in out
    assert "国内客户" in out
    assert "pact_" in out
    target = tmp_path / "coil.pact.json"
    code, out, err = run(capsys, cli, "export", cli.coil.id, "--user", admin, "--recipient",
                         partner_id, "--output", str(target))
    assert code == 0, err
    body = json.loads(target.read_text(encoding="utf-8"))
    assert (body["id"], body["specVersion"]) == (cli.coil.id, "3.0.0")
    # no recipient named: anyone, so a footprint shared with partners only stays home
    other = tmp_path / "anyone.json"
    code, _, err = run(capsys, cli, "export", cli.coil.id, "--user", admin, "--output",
                       str(other))
    assert code == 2
    assert "release_refused" not in err
    assert "error[workflow_refused]" in err
    assert not other.exists()
