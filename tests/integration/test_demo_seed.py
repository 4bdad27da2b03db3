"""The demo data the README's first command serves: seeded once, footprints as the CLI's."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from carbonlabel.adapters.db.engine import platform_engine
from carbonlabel.adapters.db.uow import UowFactory, uow_factory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.cli.wiring import demo_models, quantify_file
from carbonlabel.config import Settings
from carbonlabel.domain.certification.engagement import OpinionKind
from carbonlabel.domain.certification.label import Verdict
from carbonlabel.domain.exchange.sharing import Classification, DataKind
from carbonlabel.services.benchmarks import category
from carbonlabel.services.certification.labels import verify_token
from carbonlabel.services.exchange import pact_host, partners
from carbonlabel.services.platform.demo_seed import (
    DEMO,
    DEMO_PACT_FILE,
    DEMO_PEERS,
    DEMO_SAMPLE_SEED,
    demo_footprints,
    read_demo_pact_client,
    seed_demo,
)
from carbonlabel.services.sharing import policy


def test_demo_seeding_is_idempotent_and_matches_the_cli(make_uow: UowFactory,
                                                        tmp_path: Path) -> None:
    demo_dir = Path(str(resources.files("carbonlabel").joinpath("demo")))
    first = seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    again = seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    assert first == again
    # the demo organisations' users, the peers' admins, the bank's and the agency's officers
    assert len(first) == sum(len(d.users) for d in DEMO) + len(DEMO_PEERS) + 2
    assert {email for _, email, _ in first} >= {"bank@demo.carbonlabel.cn",
                                                "buyer@procurement.demo"}
    totals = sorted(total for _, total, _ in demo_footprints(make_uow))
    expected = sorted(quantify_file(p).total_co2e_kg for p in demo_models())
    assert totals == pytest.approx(expected, rel=1e-12)
    with make_uow() as uow:
        records, _ = uow.audit.chain()
    calculated = sum(r.action == "footprint.calculated" for r in records)
    assert calculated == len(expected) + len(DEMO_PEERS)  # the demo products and the peers


def test_the_demo_battery_pack_is_certified_with_a_genuine_label(make_uow: UowFactory,
                                                                  tmp_path: Path) -> None:
    demo_dir = Path(str(resources.files("carbonlabel").joinpath("demo")))
    seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    keys = LabelKeys(tmp_path / "label-keys").public_keys()
    with make_uow() as uow:
        page = uow.certificates.search("Demo Battery Co.", "lithium battery", None, 0, 10)
        assert page.total == 1
        certificate = page.items[0][0]
        (label,) = uow.labels.for_certificate(certificate.id)
        outcome = verify_token(uow, label.token, keys, datetime.now(UTC).date())
    assert outcome.verdict is Verdict.VALID
    # 43.1145... kg CO2e per kWh to four significant figures, as the certificate states it
    assert label.value == certificate.certified_value == "43.11"


def test_the_demo_battery_pack_has_a_category_benchmark_with_its_peers(
        make_uow: UowFactory, tmp_path: Path) -> None:
    demo_dir = Path(str(resources.files("carbonlabel").joinpath("demo")))
    seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    today = datetime.now(UTC).date()
    with make_uow() as uow:
        certificate = uow.certificates.search("Demo Battery Co.", "lithium battery", None, 0,
                                              10).items[0][0]
        placed = category.certificate_position(uow, certificate.number, today)
        values = sorted(c.value_co2e_kg for c in uow.benchmarks.candidates(
            "cn-pilot-04-li-ion-energy-storage"))
    assert placed.category is not None
    assert placed.category.benchmark.count == 1 + len(DEMO_PEERS)
    assert placed.category.benchmark.median == pytest.approx(float(np.median(values)))
    assert placed.band is not None


def test_the_demo_case_goes_through_the_verification_engagement_to_its_opinion(
        make_uow: UowFactory, tmp_path: Path) -> None:
    demo_dir = Path(str(resources.files("carbonlabel").joinpath("demo")))
    seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    with make_uow() as uow:
        certificate = uow.certificates.search("Demo Battery Co.", "lithium battery", None, 0,
                                              10).items[0][0]
        case = uow.cases.get(certificate.case_id)
        engagement = uow.engagements.get(certificate.case_id)
        lines = uow.engagements.lines(certificate.case_id)
        users = {u.id: u for u in uow.users.page(certificate.body_id, 0, 50).items}
    assert case is not None
    assert engagement is not None
    assert engagement.plan_approved
    assert engagement.sample_seed == DEMO_SAMPLE_SEED  # the same lines on every demo
    assert lines
    assert all(line.tested and line.misstatement_co2e_kg == 0 for line in lines)
    assert engagement.review is not None
    assert engagement.review.agreed
    assert engagement.review.reviewer_id not in case.team  # independent: the decider
    assert users[engagement.review.reviewer_id].email == "decider@cert.demo"
    assert engagement.opinion is not None
    assert engagement.opinion.kind is OpinionKind.UNMODIFIED


def test_the_demo_importer_abroad_reads_the_battery_footprint_under_its_export_approval(
        make_uow: UowFactory, tmp_path: Path) -> None:
    demo_dir = Path(str(resources.files("carbonlabel").joinpath("demo")))
    seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    client_id, secret = read_demo_pact_client(tmp_path)
    now = datetime.now(UTC)
    with make_uow(write=True) as uow:
        importer = pact_host.authenticate_client(uow, client_id, secret)
        (battery,) = pact_host.footprints_for(uow, importer, now)
        admin = next(u for org in uow.organisations.list_all()
                     for u in uow.users.page(org.id, 0, 50).items
                     if u.email == "admin@battery.demo")
        other = partners.register_partner(uow, admin, name="Other buyer Ltd", country="GB",
                                          spec_version="3.0.0",
                                          host_url="https://pact.other.example")
        assert pact_host.footprints_for(uow, other, now) == []  # no approval for this one
    assert battery.product_name_company.startswith("磷酸铁锂储能电池包")
    assert battery.pcf.verification is not None  # certified: the body's name and standard
    assert sharing_classification(make_uow, battery.id) is Classification.EXPORT_RESTRICTED


def sharing_classification(make_uow: UowFactory, footprint_id: str) -> Classification:
    with make_uow() as uow:
        return policy.classification_of(uow, DataKind.FOOTPRINT, footprint_id)


def test_serve_demo_does_not_print_the_pact_secret(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Attack 9 of issue 12: ``serve --demo`` printed the demo importer's PACT client secret
    to stdout (and so into logs). It is written to a 0600 file in the data folder; the
    output names the file."""
    import uvicorn

    from carbonlabel.cli.app import main

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)  # no server
    data_dir = tmp_path / "data"
    assert main(["serve", "--demo", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    credentials = data_dir / DEMO_PACT_FILE
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    client_id, secret = read_demo_pact_client(data_dir)
    assert len(secret) >= 32
    assert secret not in out
    assert str(credentials) in out.replace("\n", "")
    make_uow = uow_factory(platform_engine(Settings(data_dir=data_dir)))
    with make_uow(write=True) as uow:  # the secret in the file is the one that signs in
        assert pact_host.authenticate_client(uow, client_id, secret).name.startswith("示范")


def test_the_demo_bank_holds_a_grant_of_the_battery_certificate(make_uow: UowFactory,
                                                                tmp_path: Path) -> None:
    demo_dir = Path(str(resources.files("carbonlabel").joinpath("demo")))
    seed_demo(make_uow, demo_dir, tmp_path, tmp_path / "databases")
    with make_uow() as uow:
        page = uow.certificates.search("Demo Battery Co.", "lithium battery", None, 0, 10)
        certificate = page.items[0][0]
        grants = uow.evidence.of_certificate(certificate.id)
    assert [g.reference for g in grants] == ["GL-DEMO-001"]
