"""Scan analytics on SQLite and PostgreSQL: a run raises each finding once (running again
raises nothing new), the scan log stays append-only, migration 0017 keeps earlier scans and
labels, a print run is signed into its label, and regulators read the scans of their
jurisdiction only."""

from __future__ import annotations

import ast
import hashlib
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, select, text

from carbonlabel.adapters.db.certification_repositories import Scans
from carbonlabel.adapters.db.migrate import current_revision, head_revision, upgrade
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.label import split_token
from carbonlabel.domain.certification.records import Label
from carbonlabel.domain.supervision.alerts import AlertRule
from carbonlabel.domain.supervision.scan_rules import RuleSettings
from carbonlabel.errors import InputError, PermissionDeniedError
from carbonlabel.services.certification import labels
from carbonlabel.services.registry.verification import ScanRecord
from carbonlabel.services.supervision import alerts, scan_analysis
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import Tenant
from tests.support.supervision import regulator

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
SRC = Path(__file__).resolve().parents[2] / "src" / "carbonlabel"


def sha256(text_: str) -> str:
    return hashlib.sha256(text_.encode()).hexdigest()


def _print_run_label(make_uow: UowFactory, tmp_path: Path, quantity: int = 2
                     ) -> tuple[Tenant, Label]:
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    run = labels.print_run("PR-2026-0007", quantity, ["cn-gd", "CN-GX"])
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, tenant.admin, certificate_id,
                                   LabelKeys(tmp_path / "label-keys"), run=run)
    return tenant, label


def _scan(at: datetime, label: Label, client: str, region: str | None = "CN-GD-440300",
          verdict: str = "valid", failure: str | None = None,
          token: str | None = None) -> ScanRecord:
    return ScanRecord(at, sha256(token or label.token), verdict, "api", label.code, failure,
                      region, "address" if region else None, sha256(client)[:32])


def test_a_print_run_is_signed_into_its_label_and_checked(make_uow: UowFactory,
                                                          tmp_path: Path) -> None:
    _tenant, label = _print_run_label(make_uow, tmp_path)
    parts = split_token(label.token)
    assert parts is not None
    assert parts[0].serial == "PR-2026-0007"
    assert (label.print_run, label.printed_quantity, label.sales_regions) == (
        "PR-2026-0007", 2, ("CN-GD", "CN-GX"))
    with make_uow() as uow:
        stored = uow.labels.get(label.id)
    assert stored is not None
    assert stored.sales_regions == ("CN-GD", "CN-GX")
    for bad in (lambda: labels.print_run("", 2), lambda: labels.print_run("A B", 2),
                lambda: labels.print_run("A", 0), lambda: labels.print_run("A", 2, ["CN"]),
                lambda: labels.print_run("A", 2, ["CN-XX"])):
        with pytest.raises(InputError):
            bad()


def test_a_run_raises_each_finding_once_and_again_nothing_new(make_uow: UowFactory,
                                                              tmp_path: Path) -> None:
    tenant, label = _print_run_label(make_uow, tmp_path)
    forged = label.token[:-4] + ("AAAA" if not label.token.endswith("AAAA") else "BBBB")
    # printed 2: more than max(2 × 1.5, 5) = 5 distinct clients is volume; a forged token
    scans = [_scan(T0 + timedelta(hours=i), label, f"client-{i}") for i in range(6)]
    scans.append(_scan(T0 + timedelta(hours=7), label, "someone", verdict="not_genuine",
                       failure="signature", token=forged))
    with make_uow(write=True) as uow:
        uow.scans.add_many(scans)
        uow.commit()
    now = T0 + timedelta(days=1)
    with make_uow(write=True) as uow:
        first = scan_analysis.analyse_scans(uow, now=now)
    assert (first.scans, first.raised) == (7, 2)
    with make_uow(write=True) as uow:
        again = scan_analysis.analyse_scans(uow, now=now)
    assert (again.scans, again.findings, again.raised) == (0, 0, 0)
    # a later scan by one more client: volume is raised once per print run, not again
    with make_uow(write=True) as uow:
        uow.scans.add_many([_scan(T0 + timedelta(hours=9), label, "client-late")])
        uow.commit()
    with make_uow(write=True) as uow:
        later = scan_analysis.analyse_scans(uow, now=now)
    assert (later.scans, later.raised) == (1, 0)
    assert later.context >= 7  # the print run's history was read

    guangdong = regulator(make_uow, "CN-GD", "gd@reg.example")
    with make_uow() as uow:
        raised = alerts.alerts_page(uow, guangdong, 0, 50).items
        runs = [r.action for r in uow.audit.chain()[0] if r.action == "scans.analysed"]
    assert sorted(a.rule for a in raised) == sorted([AlertRule.VOLUME, AlertRule.UNKNOWN_CODE])
    volume = next(a for a in raised if a.rule is AlertRule.VOLUME)
    assert (volume.label_id, volume.claimed_number, volume.evidence["clients"]) == (
        label.id, label.code, 6)
    with make_uow() as uow:
        holder = uow.organisations.get(tenant.organisation.id)
    assert holder is not None
    assert volume.holder_region == holder.region.upper()
    assert len(runs) == 2  # the empty run records nothing


def test_thresholds_of_a_run_are_its_settings(make_uow: UowFactory, tmp_path: Path) -> None:
    _tenant, label = _print_run_label(make_uow, tmp_path, quantity=10)
    with make_uow(write=True) as uow:
        uow.scans.add_many([_scan(T0 + timedelta(hours=i), label, f"c{i}") for i in range(6)])
        uow.commit()
    with make_uow(write=True) as uow:
        counts = scan_analysis.analyse_scans(
            uow, RuleSettings(volume_factor=0.5, volume_min_clients=1), now=T0)
    assert counts.raised == 1  # 6 clients > 10 × 0.5; with the defaults 6 ≤ 15


def test_regulators_read_the_scans_of_their_jurisdiction_only(make_uow: UowFactory,
                                                              tmp_path: Path) -> None:
    tenant, label = _print_run_label(make_uow, tmp_path)
    with make_uow() as uow:
        holder = uow.organisations.get(tenant.organisation.id)
    assert holder is not None
    province = "-".join(holder.region.upper().split("-")[:2])
    elsewhere = "CN-XJ" if province != "CN-XJ" else "CN-XZ"
    unknown = ScanRecord(T0, sha256("nothing"), "not_genuine", "page", None, "malformed",
                         elsewhere + "-650100" if elsewhere == "CN-XJ" else elsewhere,
                         "shared", None)
    with make_uow(write=True) as uow:
        uow.scans.add_many([_scan(T0, label, "a", region=None), unknown])
        uow.commit()
    home = regulator(make_uow, province, "home@reg.example")
    there = regulator(make_uow, elsewhere, "there@reg.example")
    with make_uow() as uow:
        mine = scan_analysis.scans_page(uow, home, 0, 50)
        theirs = scan_analysis.scans_page(uow, there, 0, 50)
        with pytest.raises(PermissionDeniedError):
            scan_analysis.scans_page(uow, tenant.admin, 0, 50)
    assert [s.claimed_number for s in mine.items] == [label.code]  # by the holder's region
    assert [s.failure for s in theirs.items] == ["malformed"]  # by the coarse region
    assert mine.items[0].client_ref == sha256("a")[:8]


def test_the_scan_log_is_append_only() -> None:
    """No code path updates or deletes a scan: the repository only adds and counts, and no
    module issues an UPDATE or DELETE of label_scans or of its row class."""
    public = {n for n in vars(Scans) if not n.startswith("_")}
    assert public == {"add_many", "counts"}
    offenders = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"update", "delete"} and node.args
                    and ast.unparse(node.args[0]) in {"ScanRow", "_S"}):
                offenders.append(f"{path.name}:{node.lineno}")
        lowered = source.lower()
        if "update label_scans" in lowered or "delete from label_scans" in lowered:
            offenders.append(path.name)
    assert offenders == []


def _downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(
        resources.files("carbonlabel.adapters.db").joinpath("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_migration_0017_keeps_earlier_scans_and_labels(engine: Engine, make_uow: UowFactory,
                                                       tmp_path: Path) -> None:
    _tenant, label = _print_run_label(make_uow, tmp_path)
    _downgrade(engine, "0016")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO label_scans (at, code, outcome, channel) "
                          "VALUES (:at, :code, 'valid', 'page')"),
                     {"at": T0, "code": sha256(label.token)})
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with make_uow() as uow:
        kept = uow.labels.get(label.id)
        rows = uow.session.execute(text(
            "SELECT outcome, claimed_number, failure, region, client FROM label_scans")).all()
        assert uow.session.scalar(select(text("count(*)")).select_from(
            text("scan_analysis_runs"))) == 0
    assert kept is not None
    assert kept.token == label.token
    assert kept.print_run is None
    assert kept.printed_quantity is None
    assert [tuple(r) for r in rows] == [("valid", None, None, None, None)]
