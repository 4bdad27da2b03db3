"""``carbonlabel improvement``: an analyst restates a reduction (10 %, not the 20 % the factor
change would show), records a plan and reads its progress; an enterprise may not publish a
threshold; a wrong date is one line and exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from carbonlabel.adapters.db.engine import platform_engine
from carbonlabel.adapters.db.migrate import upgrade
from carbonlabel.adapters.db.uow import UowFactory, uow_factory
from carbonlabel.cli.app import main
from carbonlabel.config import Settings
from carbonlabel.errors import InputError, PermissionDeniedError
from tests.support.improvement import BASELINE, IMPROVED, footprint_of, model_text, new_product
from tests.support.platform import seed_tenant


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[UowFactory]:
    engine = platform_engine(Settings(data_dir=tmp_path))
    upgrade(engine)
    try:
        yield uow_factory(engine)
    finally:
        engine.dispose()


def test_the_cli_restates_records_a_plan_and_tracks_it(
        platform: UowFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tenant = seed_tenant(platform, "改进企业")
    product = new_product(platform, tenant)
    before = footprint_of(platform, tmp_path, tenant, product, model_text(*BASELINE))
    after = footprint_of(platform, tmp_path, tenant, product, model_text(*IMPROVED))
    where = ["--data-dir", str(tmp_path)]
    user = ["--user", tenant.analyst.email]

    def run(*args: str) -> str:
        code = main(["improvement", *args, *user, *where])
        out = capsys.readouterr()
        assert code == 0, out.err
        return out.out

    restated = run("restate", before.id, after.id)
    assert "10.0%" in restated  # (160 − 144) ÷ 160
    assert "20.0%" in restated  # not restated: (180 − 144) ÷ 180
    assert "grid: CO2e 0.8 kg/kWh → CO2e 0.6 kg/kWh" in restated
    created = run("plan-create", product, "--title", "减重", "--baseline", before.id,
                  "--target", "10", "--starts", "2026-01-01", "--target-on", "2028-01-01",
                  "--measure", "production|5|余热发电")
    plan_id = created.split("created: ")[1].strip()
    assert plan_id in run("plans", product)
    shown = run("plan", plan_id, "--on", "2026-06-01")
    assert "10.0%" in shown
    assert "reached" in shown
    assert main(["improvement", "threshold-publish", "--rule", "x@1", "--unit", "per 1 kg",
                 "--boundary", "cradle-to-gate", "--source", "s", "--value", "1",
                 "--user", tenant.admin.email, *where]) == PermissionDeniedError.exit_code
    assert main(["improvement", "plan", plan_id, "--on", "June", *user,
                 *where]) == InputError.exit_code
    assert "on" in capsys.readouterr().err
