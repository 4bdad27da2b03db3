"""Green-finance evidence through the REST API, on SQLite and PostgreSQL: tenant A's admin grants
a bank access to A's certificate; the bank reads the signed package (checked here with the
``cryptography`` Ed25519 primitive on canonical bytes written by the test itself, and with the
CLI); every access is in the log A reads; after revocation or expiry the bank is refused and
the refusal logged. Another enterprise cannot grant or read the log; another bank cannot read.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.cli.app import app as cli
from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.evidence import AccessWhat, Channel
from carbonlabel.domain.tenancy import OrgKind
from carbonlabel.errors import NotFoundError, PermissionDeniedError
from carbonlabel.services.certification import labels
from carbonlabel.services.evidence.package import open_package
from tests.api.conftest import API, World, bearer, sign_in, token_for
from tests.support.platform import Tenant, seed_tenant

EVIDENCE = f"{API}/evidence"


def _bank(world: World, name: str) -> tuple[Tenant, str]:
    bank = seed_tenant(world.app.state.uow, name, OrgKind.BANK)
    return bank, token_for(world.app.state.uow, bank.admin)


def _grant(world: World, bank: Tenant, **extra: Any) -> dict[str, Any]:
    answer = world.client.post(
        f"{EVIDENCE}/certificates/{world.a.certified.certificate_id}/grants",
        headers=bearer(world.a.token),
        json={"bank_organisation_id": bank.organisation.id, "purpose": "绿色贷款 green loan",
              "reference": "GL-2026-0042", **extra})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _canonical(package: dict[str, Any]) -> bytes:
    """The documented canonical form, written out here rather than taken from the code."""
    return json.dumps(package, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def _raw(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_the_bank_reads_a_package_whose_signature_verifies_with_the_published_key(
        world: World) -> None:
    bank, token = _bank(world, "绿色银行 Green Bank")
    made = _grant(world, bank)
    assert (made["state"], made["bank_name"], made["certificate_number"]) == (
        "active", "绿色银行 Green Bank", world.a.certified.number)
    envelope = world.client.post(f"{EVIDENCE}/grants/{made['id']}/package",
                                headers=bearer(token)).json()
    published = world.client.get(f"{API}/registry/keys").json()["keys"]
    signature = envelope["signature"]
    assert signature["alg"] == "Ed25519"
    key = Ed25519PublicKey.from_public_bytes(_raw(published[signature["kid"]]))
    key.verify(_raw(signature["value"]), _canonical(envelope["package"]))  # raises if not
    altered = json.loads(json.dumps(envelope["package"]))
    altered["certificate"]["certified_value"] = "1.0"
    with pytest.raises(InvalidSignature):
        key.verify(_raw(signature["value"]), _canonical(altered))
    # what it states is what the records hold
    package = envelope["package"]
    with world.app.state.uow() as uow:
        certificate = uow.certificates.get(world.a.certified.certificate_id)
        footprint = uow.footprints.in_org(world.a.tenant.organisation.id, world.a.footprint_id)
        assert certificate is not None
        assert footprint is not None
        result = uow.footprints.result(footprint)
        engagement = uow.engagements.get(certificate.case_id)
    stated = package["certificate"]
    assert (stated["number"], stated["certified_value"], stated["certified_unit"],
            stated["status"], stated["expires_on"]) == (
        certificate.number, certificate.certified_value, certificate.certified_unit, "valid",
        certificate.expires_on.isoformat())
    assert stated["holder"]["name"] == world.a.tenant.organisation.name
    assert float(package["footprint"]["total_co2e_kg"]) == footprint.total_co2e_kg
    stages = package["footprint"]["by_stage"]
    assert [s["stage"] for s in stages] == [s.stage.value for s in result.by_stage]
    assert sum(float(s["co2e_kg"]) for s in stages) == pytest.approx(result.total_co2e_kg)
    assert engagement is not None
    assert engagement.opinion is not None
    assert package["verification"]["opinion"]["kind"] == engagement.opinion.kind.value
    assert package["verification"]["decision"]["action"] == "grant"
    assert package["grant"]["reference"] == "GL-2026-0042"


def test_the_cli_checks_a_downloaded_package_offline_and_refuses_an_altered_one(
        world: World, tmp_path: Path) -> None:
    bank, token = _bank(world, "核验银行 Checking Bank")
    made = _grant(world, bank)
    envelope = world.client.post(f"{EVIDENCE}/grants/{made['id']}/package",
                                headers=bearer(token)).json()
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(world.client.get(f"{API}/registry/keys").json()))
    genuine, altered = tmp_path / "genuine.json", tmp_path / "altered.json"
    genuine.write_text(json.dumps(envelope, ensure_ascii=False, indent=2), encoding="utf-8")
    envelope["package"]["footprint"]["primary_data_share"] = "0.99"
    altered.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(cli, ["evidence", "verify", str(genuine), "--keys", str(keys)])
    assert ok.exit_code == 0, ok.output
    assert world.a.certified.number in ok.output
    bad = runner.invoke(cli, ["evidence", "verify", str(altered), "--keys", str(keys)])
    assert bad.exit_code == 1
    assert "NOT GENUINE" in bad.output
    assert len(bad.output.strip().splitlines()) == 1
    # the same key id, another key: a forger's keys file is refused too
    other = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    kid = envelope["signature"]["kid"]
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"keys": {kid: base64.urlsafe_b64encode(other).decode()
                                          .rstrip("=")}}))
    refused = runner.invoke(cli, ["evidence", "verify", str(genuine), "--keys", str(wrong)])
    assert refused.exit_code == 1
    assert "NOT GENUINE" in refused.output
    nothing = tmp_path / "nothing.json"
    nothing.write_text("not json")
    assert runner.invoke(cli, ["evidence", "verify", str(nothing), "--keys",
                               str(keys)]).exit_code == 1


def test_every_access_is_logged_for_the_holder_and_revocation_refuses_the_bank(
        world: World) -> None:
    bank, token = _bank(world, "审慎银行 Prudent Bank")
    made = _grant(world, bank)
    url = f"{EVIDENCE}/grants/{made['id']}"
    for _ in range(2):
        assert world.client.post(f"{url}/package", headers=bearer(token)).status_code == 200
    log = world.client.get(f"{url}/accesses", headers=bearer(world.a.token)).json()
    assert [(e["what"], e["channel"], e["outcome"], e["user_id"]) for e in log] == [
        ("package", "api", "served", bank.admin.id)] * 2
    assert bank.admin.email in log[0]["user"]
    revoked = world.client.post(f"{url}/revoke", headers=bearer(world.a.token))
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    again = world.client.post(f"{url}/revoke", headers=bearer(world.a.token))
    assert again.status_code == 409
    refused = world.client.post(f"{url}/package", headers=bearer(token))
    assert refused.status_code == 403
    assert refused.json()["field"] == "evidence_grant_id"
    log = world.client.get(f"{url}/accesses", headers=bearer(world.a.token)).json()
    assert [(e["outcome"], e["reason"]) for e in log] == [
        ("refused", "revoked"), ("served", ""), ("served", "")]
    listed = world.client.get(f"{EVIDENCE}/grants", headers=bearer(token)).json()
    assert [(g["id"], g["state"]) for g in listed] == [(made["id"], "revoked")]
    with world.app.state.uow() as uow:
        audited = [r.action for r in uow.audit.for_entity(world.a.tenant.organisation.id,
                                                          made["id"])]
    assert audited == ["evidence.granted", "evidence.revoked"]


def test_an_expired_grant_is_refused_and_the_refusal_logged(world: World) -> None:
    bank, _ = _bank(world, "到期银行 Expiry Bank")
    today = datetime.now(UTC).date()
    made = _grant(world, bank, expires_on=today.isoformat())
    keys = LabelKeys(world.app.state.settings.label_keys_dir)
    with world.app.state.uow(write=True) as uow:
        on_the_day = open_package(uow, bank.viewer, made["id"], AccessWhat.PAGE, Channel.PAGE,
                                  keys, now=datetime.now(UTC))
    assert on_the_day.grant.state.value == "active"
    next_day = datetime.combine(today + timedelta(days=1), datetime.min.time(), UTC)
    with world.app.state.uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        open_package(uow, bank.viewer, made["id"], AccessWhat.PACKAGE, Channel.API, keys,
                     now=next_day)
    with world.app.state.uow() as uow:
        log = uow.evidence.accesses(made["id"])
    assert [(e.outcome.value, e.reason, e.user_id) for e in log] == [
        ("refused", "expired", bank.viewer.id), ("served", "", bank.viewer.id)]


def test_only_the_holder_s_admin_grants_and_no_one_else_reads(world: World) -> None:
    bank, token = _bank(world, "甲银行 Bank One")
    _, other_bank_token = _bank(world, "乙银行 Bank Two")
    certificate = world.a.certified.certificate_id
    body = {"bank_organisation_id": bank.organisation.id}
    path = f"{EVIDENCE}/certificates/{certificate}/grants"
    # another enterprise: the certificate is not found; the body that issued it may not grant
    assert world.client.post(path, json=body,
                             headers=bearer(world.b_admin_token)).status_code == 404
    assert world.client.post(path, json=body,
                             headers=bearer(world.a.certified.body_token)).status_code == 403
    viewer = token_for(world.app.state.uow, world.a.tenant.viewer)
    assert world.client.post(path, json=body, headers=bearer(viewer)).status_code == 403
    not_a_bank = world.client.post(path, json={"bank_organisation_id": world.b.organisation.id},
                                   headers=bearer(world.a.token))
    assert not_a_bank.status_code == 422
    assert not_a_bank.json()["field"] == "bank_organisation_id"
    past = world.client.post(path, headers=bearer(world.a.token), json={
        **body, "expires_on": (date.today() - timedelta(days=2)).isoformat()})
    assert past.status_code == 422
    assert past.json()["field"] == "expires_on"
    made = _grant(world, bank)
    url = f"{EVIDENCE}/grants/{made['id']}"
    # another bank, another enterprise, the holder itself: the package is not theirs
    for other in (other_bank_token, world.b_admin_token, world.a.token):
        assert world.client.post(f"{url}/package", headers=bearer(other)).status_code == 404
    # the log is the holder's: not the bank's, not another enterprise's
    for other in (token, world.b_admin_token, other_bank_token):
        assert world.client.get(f"{url}/accesses", headers=bearer(other)).status_code == 404
        assert world.client.post(f"{url}/revoke", headers=bearer(other)).status_code == 404
    assert world.client.get(f"{EVIDENCE}/grants",
                            headers=bearer(other_bank_token)).json() == []
    assert world.client.get(f"{EVIDENCE}/certificates/{certificate}/grants",
                            headers=bearer(world.b_admin_token)).status_code == 404
    # refused readers left no trace in the holder's log
    assert world.client.get(f"{url}/accesses", headers=bearer(world.a.token)).json() == []
    banks = world.client.get(f"{EVIDENCE}/banks", headers=bearer(world.a.token)).json()
    assert {b["name"] for b in banks} >= {"甲银行 Bank One", "乙银行 Bank Two"}


def test_the_demo_bank_finds_the_granted_certificate(world: World) -> None:
    from carbonlabel.services.evidence.demo import DEMO_BANK, seed_demo_bank

    with world.app.state.uow(write=True) as uow:
        demo = seed_demo_bank(uow, world.a.tenant.admin, world.a.certified.certificate_id,
                              "Kx9-green-loan-2026")
    token = token_for(world.app.state.uow, demo.admin)
    (listed,) = world.client.get(f"{EVIDENCE}/grants", headers=bearer(token)).json()
    assert (listed["id"], listed["bank_name"], listed["state"]) == (demo.grant.id, DEMO_BANK,
                                                                    "active")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_pages_grant_for_the_holder_and_show_the_evidence_to_its_bank_only(
        world: World) -> None:
    bank, _ = _bank(world, "页面银行 Page Bank")
    _, _ = _bank(world, "旁观银行 Bystander Bank")
    certificate = world.a.certified.certificate_id
    holder = TestClient(world.app, follow_redirects=False)
    csrf = sign_in(holder, world.a.tenant.admin)
    form = {"bank_organisation_id": bank.organisation.id, "reference": "GL-PAGE-1",
            "csrf_token": csrf}
    made = holder.post(f"/evidence/certificates/{certificate}/grants", data=form)
    assert made.status_code == 303
    assert made.headers["location"].endswith(f"/certificates/{certificate}"
                                             "?done=evidence-granted#evidence")
    page = holder.get(f"/certification/certificates/{certificate}?lang=en").text
    assert "Green-finance evidence" in page
    assert "GL-PAGE-1" in page
    with world.app.state.uow() as uow:
        (grant,) = [g for g in uow.evidence.of_certificate(certificate)
                    if g.bank_id == bank.organisation.id]
    refused = holder.post(f"/evidence/certificates/{certificate}/grants",
                          data={**form, "bank_organisation_id": world.b.organisation.id})
    assert refused.status_code == 422  # not a bank: the certificate's page again, with why
    assert 'id="evidence"' in refused.text
    assert "choose a bank organisation" in refused.text  # the page's language: English

    reader = TestClient(world.app, follow_redirects=False)
    sign_in(reader, bank.viewer)
    listed = reader.get("/evidence?lang=zh")
    assert listed.status_code == 200
    assert world.a.certified.number in listed.text
    shown = reader.get(f"/evidence/grants/{grant.id}?lang=zh")
    assert shown.status_code == 200
    assert "核查意见" in shown.text
    download = reader.get(f"/evidence/grants/{grant.id}/package.json")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/json")
    assert json.loads(download.text)["package"]["grant"]["reference"] == "GL-PAGE-1"

    for who, status in ((world.b.admin, 404), (world.a.tenant.viewer, 403)):
        other = TestClient(world.app, follow_redirects=False)
        token = sign_in(other, who)
        answer = other.post(f"/evidence/certificates/{certificate}/grants",
                            data={**form, "csrf_token": token})
        assert answer.status_code == status, who.email
    with world.app.state.uow() as uow:
        bystander = next(o for o in uow.organisations.list_all()
                         if o.name == "旁观银行 Bystander Bank")
        bystander_admin = uow.users.page(bystander.id, 0, 5).items[0]
    nosy = TestClient(world.app, follow_redirects=False)
    sign_in(nosy, bystander_admin)
    assert nosy.get(f"/evidence/grants/{grant.id}").status_code == 404
    assert nosy.get(f"/evidence/grants/{grant.id}/package.json").status_code == 404
    log = holder.get(f"/evidence/grants/{grant.id}?lang=en")
    assert log.status_code == 200
    assert log.text.count('data-outcome="served"') == 2
    assert 'data-channel="page"' in log.text
    assert 'data-what="package"' in log.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_cli_grants_writes_the_package_as_the_bank_and_shows_the_log(
        world: World, tmp_path: Path) -> None:
    bank, _ = _bank(world, "命令行银行 CLI Bank")
    settings = world.app.state.settings
    where = ["--data-dir", str(settings.data_dir), "--database-url", settings.database_url]
    runner = CliRunner()
    granted = runner.invoke(cli, ["evidence", "grant", world.a.certified.certificate_id,
                                  "--bank", bank.organisation.id, "--reference", "GL-CLI-7",
                                  "--user", world.a.tenant.admin.email, *where])
    assert granted.exit_code == 0, granted.output
    grant_id = granted.output.strip().split()[-1]
    out = tmp_path / "evidence.json"
    written = runner.invoke(cli, ["evidence", "package", grant_id, "--out", str(out),
                                  "--user", bank.analyst.email, *where])
    assert written.exit_code == 0, written.output
    assert json.loads(out.read_text(encoding="utf-8"))["package"]["grant"]["reference"] == (
        "GL-CLI-7")
    verified = runner.invoke(cli, ["evidence", "verify", str(out), "--data-dir",
                                   str(settings.data_dir)])
    assert verified.exit_code == 0, verified.output
    log = runner.invoke(cli, ["evidence", "log", grant_id, "--user",
                              world.a.tenant.viewer.email, *where])
    assert log.exit_code == 0, log.output
    assert "cli" in log.output
    assert "served" in log.output
    refused = runner.invoke(cli, ["evidence", "log", grant_id, "--user", bank.admin.email,
                                  *where])
    assert isinstance(refused.exception, NotFoundError)  # main() prints it, exit code 3


def test_the_package_states_the_live_status_and_the_status_history(world: World) -> None:
    bank, token = _bank(world, "状态银行 Status Bank")
    made = _grant(world, bank)
    with world.app.state.uow(write=True) as uow:
        labels.change_certificate_status(uow, world.a.certified.body.decider,
                                         world.a.certified.certificate_id,
                                         CertificateAction.SUSPEND, "监督逾期 overdue check")
    package = world.client.post(f"{EVIDENCE}/grants/{made['id']}/package",
                                headers=bearer(token)).json()["package"]
    assert package["certificate"]["status"] == "suspended"
    (change,) = package["status_history"]
    assert (change["from"], change["to"], change["reason"]) == (
        "valid", "suspended", "监督逾期 overdue check")
    page = TestClient(world.app, follow_redirects=False)
    sign_in(page, bank.admin)
    shown = page.get(f"/evidence/grants/{made['id']}?lang=zh").text
    assert "有效 → 暂停" in shown
    assert 'data-status="suspended"' in shown
