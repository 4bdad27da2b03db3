"""The demo data the README's first command serves: seeded once, footprints as the CLI's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.wiring import demo_models, quantify_file
from carbonlabel.services.demo_seed import DEMO, demo_footprints, seed_demo


def test_demo_seeding_is_idempotent_and_matches_the_cli(make_uow: UowFactory,
                                                        tmp_path: Path) -> None:
    demo_dir = Path(str(resources.files("carbonlabel").joinpath("demo")))
    first = seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    again = seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    assert first == again
    assert len(first) == sum(len(d.users) for d in DEMO)
    totals = sorted(total for _, total, _ in demo_footprints(make_uow))
    expected = sorted(quantify_file(p).total_co2e_kg for p in demo_models())
    assert totals == pytest.approx(expected, rel=1e-12)
    with make_uow() as uow:
        records, _ = uow.audit.chain()
    assert sum(r.action == "footprint.calculated" for r in records) == len(expected)
