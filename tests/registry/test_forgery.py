"""Forgery: tampered, foreign and lapsed labels, each judged by the registry page, the JSON
API and the offline CLI (``carbonlabel label verify``), and by the CLI asking a live registry.

Offline, only the signature can be judged: a genuine label of a withdrawn or expired
certificate has a genuine signature (the CLI says so and shows the expiry date it carries);
the registry adds the live status.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from carbonlabel.adapters.label_keys import sign_label
from carbonlabel.cli.app import main
from carbonlabel.domain.certification.certificate import CertificateAction, certificate_number
from carbonlabel.domain.certification.label import (
    VERDICT_NAMES,
    LabelPayload,
    Verdict,
    b64encode,
    split_token,
)
from carbonlabel.domain.certification.registry import certified_value
from tests.registry.conftest import RegistryWorld

API = "/api/v1/registry"
LABEL, CODE = "label", "code"
GENUINE, NOT_GENUINE, UNDETERMINED = "genuine", "not genuine", "undetermined"


@dataclass(frozen=True)
class Case:
    kind: str  # LABEL: a QR token; CODE: a typed certificate number
    text: str
    verdict: Verdict  # what the registry says (page and API)
    offline: str  # what the CLI can tell without the registry
    number: str | None = None  # the certificate a genuine case shows


def payload_of(token: str) -> LabelPayload:
    parts = split_token(token)
    assert parts is not None
    return parts[0]


def tampered(token: str, **changes: object) -> str:
    """The token with its signed facts changed and re-encoded, its signature kept."""
    changed = dataclasses.replace(payload_of(token), **changes)  # type: ignore[arg-type]
    return f"{b64encode(changed.to_bytes())}.{token.split('.')[1]}"


def wrong_check_digits(number: str) -> str:
    digits = int(number[-2:])
    return f"{number[:-2]}{(digits + 1) % 100:02d}"


@dataclass(frozen=True)
class Suite:
    cases: dict[str, Case]
    keys_file: Path


CASE_NAMES = [
    "genuine label", "changed value", "changed unit", "changed certificate number",
    "changed dates", "expired certificate", "signed by an unknown key",
    "signed by a foreign key under a published key id", "signature of another label spliced in",
    "truncated token", "random garbage", "signed by the registry's key with facts it does not hold",
    "withdrawn certificate", "suspended certificate", "restored after suspension",
    "cancelled certificate", "typed code with a wrong check digit",
    "typed code well-formed but unknown", "typed code of a valid certificate",
    "typed code of a suspended certificate", "random garbage code",
]


@pytest.fixture(scope="module")
def suite(registry_world: RegistryWorld, tmp_path_factory: pytest.TempPathFactory) -> Suite:
    w = registry_world
    valid, other = w.certified(), w.certified()
    withdrawn = w.certified(own_product=True)  # a withdrawal locks out its product
    suspended, restored, cancelled = (w.certified() for _ in range(3))
    w.change(withdrawn, CertificateAction.WITHDRAW)
    w.change(suspended, CertificateAction.SUSPEND)
    w.change(restored, CertificateAction.SUSPEND, CertificateAction.RESTORE)
    w.change(cancelled, CertificateAction.CANCEL)
    expired = w.expired()
    facts = payload_of(valid.token)
    kid, key = w.keys.current()
    rogue = Ed25519PrivateKey.generate()
    number = valid.certificate.number
    # a serial nobody has, with its right check digits
    unknown = certificate_number(int(number[4:8]), int(number[9:12]), 999_999)

    def label(token: str, verdict: Verdict, offline: str, cert: str | None = None) -> Case:
        return Case(LABEL, token, verdict, offline, cert)

    cases = {
        "genuine label": label(valid.token, Verdict.VALID, GENUINE, number),
        "changed value": label(tampered(valid.token, value="12.0"), Verdict.NOT_GENUINE,
                               NOT_GENUINE),
        "changed unit": label(tampered(valid.token, unit="kg CO2e / 10 kWh"),
                              Verdict.NOT_GENUINE, NOT_GENUINE),
        "changed certificate number": label(
            tampered(valid.token, certificate=other.certificate.number), Verdict.NOT_GENUINE,
            NOT_GENUINE),
        "changed dates": label(tampered(valid.token, issued=facts.issued + timedelta(days=400),
                                        expires=facts.expires + timedelta(days=400)),
                               Verdict.NOT_GENUINE, NOT_GENUINE),
        "expired certificate": label(expired.token, Verdict.EXPIRED, GENUINE,
                                     expired.certificate.number),
        "signed by an unknown key": label(
            sign_label(dataclasses.replace(facts, kid="rogue-key-2026"), rogue),
            Verdict.NOT_GENUINE, NOT_GENUINE),
        "signed by a foreign key under a published key id": label(
            sign_label(facts, rogue), Verdict.NOT_GENUINE, NOT_GENUINE),
        "signature of another label spliced in": label(
            f"{valid.token.split('.')[0]}.{other.token.split('.')[1]}", Verdict.NOT_GENUINE,
            NOT_GENUINE),
        "truncated token": label(valid.token[:-12], Verdict.NOT_GENUINE, NOT_GENUINE),
        "random garbage": label(secrets.token_urlsafe(90), Verdict.NOT_GENUINE, NOT_GENUINE),
        # an insider's forgery, or a label of facts since changed: the signature is genuine,
        # only the registry can tell
        "signed by the registry's key with facts it does not hold": label(
            sign_label(dataclasses.replace(facts, kid=kid, value="1.00"), key),
            Verdict.NOT_GENUINE, GENUINE),
        "withdrawn certificate": label(withdrawn.token, Verdict.WITHDRAWN, GENUINE,
                                       withdrawn.certificate.number),
        "suspended certificate": label(suspended.token, Verdict.SUSPENDED, GENUINE,
                                       suspended.certificate.number),
        "restored after suspension": label(restored.token, Verdict.VALID, GENUINE,
                                           restored.certificate.number),
        "cancelled certificate": label(cancelled.token, Verdict.CANCELLED, GENUINE,
                                       cancelled.certificate.number),
        "typed code with a wrong check digit": Case(CODE, wrong_check_digits(number),
                                                    Verdict.NOT_GENUINE, NOT_GENUINE),
        "typed code well-formed but unknown": Case(CODE, unknown, Verdict.NOT_GENUINE,
                                                   UNDETERMINED),
        "typed code of a valid certificate": Case(CODE, f"  {number.lower()} ", Verdict.VALID,
                                                  UNDETERMINED, number),
        "typed code of a suspended certificate": Case(CODE, suspended.certificate.number,
                                                      Verdict.SUSPENDED, UNDETERMINED,
                                                      suspended.certificate.number),
        "random garbage code": Case(CODE, "CFP-hello-world", Verdict.NOT_GENUINE, NOT_GENUINE),
    }
    assert sorted(cases) == sorted(CASE_NAMES)
    keys_file = tmp_path_factory.mktemp("keys") / "keys.json"
    keys_file.write_text(w.client.get(f"{API}/keys").text, encoding="utf-8")
    return Suite(cases, keys_file)


def _path(case: Case) -> str:
    return f"/v/{case.text}" if case.kind == LABEL else f"/verify?code={quote(case.text)}"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_registry_page_shows_each_verdict_big(registry_world: RegistryWorld, suite: Suite,
                                                  name: str) -> None:
    case = suite.cases[name]
    response = registry_world.client.get(_path(case))
    assert response.status_code == 200
    page = response.text
    assert f'data-verdict="{case.verdict.value}"' in page
    zh, en = VERDICT_NAMES[case.verdict]
    if name == "typed code with a wrong check digit":  # a typing mistake, not a forgery
        zh, en = "可能是输入错误", "probably a typing mistake"
    title = page.split('class="verdict-title">')[1].split("<")[0]
    assert title == zh  # Chinese first
    if case.number:
        assert case.number in page
    else:
        assert 'id="certificate"' not in page  # a forgery shows no certificate's facts
    english = registry_world.client.get(_path(case), headers={"Accept-Language": "en"}).text
    assert english.split('class="verdict-title">')[1].split("<")[0].lower() == en


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_json_api_gives_each_verdict(registry_world: RegistryWorld, suite: Suite,
                                         name: str) -> None:
    case = suite.cases[name]
    path = (f"{API}/verify/{case.text}" if case.kind == LABEL
            else f"{API}/verify/code/{quote(case.text.strip())}")
    response = registry_world.client.get(path)
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == case.verdict.value
    assert body["genuine"] is (case.verdict is not Verdict.NOT_GENUINE)
    assert body["checked"] == case.kind
    if case.number:
        assert body["certificate"]["number"] == case.number
        assert body["certificate"]["status"] == case.verdict.value
    else:
        assert body["certificate"] is None
        assert body["signed"] is None
    if case.kind == LABEL and case.number:
        assert body["signed"]["certificate"] == case.number


def run_cli(capsys: pytest.CaptureFixture[str], text: str, *options: str) -> tuple[int, str]:
    """``label verify [options] -- TEXT``: a token may begin with "-" (base64url), which
    only the "--" keeps from being read as an option."""
    capsys.readouterr()
    code = main(["label", "verify", *options, "--", text])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_offline_cli_judges_each_signature(suite: Suite, capsys: pytest.CaptureFixture[str],
                                               name: str) -> None:
    case = suite.cases[name]
    code, out = run_cli(capsys, case.text, "--keys", str(suite.keys_file))
    if case.offline == NOT_GENUINE:
        assert code == 1
        assert out.count("\n") == 1, out  # one readable line
        assert "NOT GENUINE" in out
    elif case.offline == UNDETERMINED:
        assert code == 11
        assert "--registry" in out
    else:
        assert code == 0, out
        assert "genuine signature" in out
        assert "NOT GENUINE" not in out
        facts = payload_of(case.text.strip())
        assert facts.certificate in out
        assert facts.expires.isoformat() in out
        assert "only the signature is judged" in out
        lapsed = case.verdict is Verdict.EXPIRED
        assert ("has passed: expired" in out) is lapsed


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_cli_asks_a_live_registry_for_the_status(live_registry: str, suite: Suite,
                                                     capsys: pytest.CaptureFixture[str],
                                                     name: str) -> None:
    case = suite.cases[name]
    code, out = run_cli(capsys, case.text, "--keys", str(suite.keys_file), "--registry",
                        live_registry)
    expected = {Verdict.VALID: 0, Verdict.NOT_GENUINE: 1}.get(case.verdict, 9)
    assert code == expected, out
    assert ("NOT GENUINE" in out) is (case.verdict is Verdict.NOT_GENUINE)
    if case.offline != NOT_GENUINE:  # the registry was asked
        assert f"live status: {' '.join(VERDICT_NAMES[case.verdict])}" in out


def test_the_cli_reads_the_token_from_the_qr_codes_url(suite: Suite,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    token = suite.cases["genuine label"].text
    code, out = run_cli(capsys, f"https://registry.example.cn/v/{token}", "--keys",
                        str(suite.keys_file))
    assert code == 0
    assert "genuine signature" in out


def test_the_same_label_follows_suspension_and_restoration(registry_world: RegistryWorld
                                                           ) -> None:
    w = registry_world
    issued = w.certified(own_product=True)  # withdrawn at the end: locks out its product

    def verdict() -> str:
        page = w.client.get(f"/v/{issued.token}").text
        api = w.client.get(f"{API}/verify/{issued.token}").json()["verdict"]
        assert f'data-verdict="{api}"' in page
        return str(api)

    assert verdict() == "valid"
    w.change(issued, CertificateAction.SUSPEND)
    assert verdict() == "suspended"
    w.change(issued, CertificateAction.RESTORE)
    assert verdict() == "valid"
    w.change(issued, CertificateAction.WITHDRAW)
    assert verdict() == "withdrawn"


def test_after_key_rotation_old_and_new_labels_verify(registry_world: RegistryWorld,
                                                      tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    w = registry_world
    old = w.certified()
    data_dir = ["--data-dir", str(w.settings.data_dir)]
    before = tmp_path / "before.json"
    assert main(["label", "keys", "export", "--out", str(before), *data_dir]) == 0
    assert main(["label", "keys", "rotate", *data_dir]) == 0
    new_kid = capsys.readouterr().out.split(":")[-1].strip()
    new = w.certified()
    assert payload_of(new.token).kid == new_kid != payload_of(old.token).kid

    published = w.client.get(f"{API}/keys").json()["keys"]  # the cache saw the rotation
    assert {payload_of(old.token).kid, new_kid} <= set(published)
    for issued in (old, new):
        assert w.client.get(f"{API}/verify/{issued.token}").json()["verdict"] == "valid"
        assert 'data-verdict="valid"' in w.client.get(f"/v/{issued.token}").text

    after = tmp_path / "after.json"
    assert main(["label", "keys", "export", "--out", str(after), *data_dir]) == 0
    assert json.loads(after.read_text(encoding="utf-8"))["keys"] == published
    for issued in (old, new):
        code, out = run_cli(capsys, issued.token, "--keys", str(after))
        assert (code, "genuine signature" in out) == (0, True)
    # a verifier still holding the keys of before the rotation cannot know the new key
    code, out = run_cli(capsys, new.token, "--keys", str(before))
    assert code == 1
    assert "unknown key" in out


def test_a_changed_footprint_makes_older_labels_not_genuine(registry_world: RegistryWorld
                                                            ) -> None:
    """Labels state the value: if the registry's value changes, the old label no longer
    matches it (a new label must be issued after re-evaluation)."""
    w = registry_world
    issued = w.certified()
    with w.app.state.uow(write=True) as uow:
        uow.certificates.update(issued.certificate.id,
                                value_co2e_kg=issued.certificate.value_co2e_kg * 0.9,
                                certified_value=certified_value(
                                    issued.certificate.value_co2e_kg * 0.9))
        uow.commit()
    assert w.client.get(f"{API}/verify/{issued.token}").json()["verdict"] == "not_genuine"
    assert w.client.get(f"{API}/verify/code/{issued.certificate.number}").json()[
        "verdict"] == "valid"  # the certificate itself is valid, with its new value


def test_non_canonical_token_spellings_are_not_genuine_on_page_and_api(
        registry_world: RegistryWorld) -> None:
    """Attack 8 of issue 12: a genuine token padded with ``=`` or with stray characters
    (which lenient base64 decoding drops) was judged valid, its scan logged under another
    digest than the label's."""
    token = registry_world.certified().token
    payload, signature = token.split(".")
    spellings = [f"{payload}{'=' * (-len(payload) % 4)}.{signature}==",
                 f"{payload[:8]}!!!!{payload[8:]}.{signature}",
                 f"{payload}.{signature[:8]}%20%20%20%20{signature[8:]}"]
    assert registry_world.client.get(f"{API}/verify/{token}").json()["verdict"] == "valid"
    for other in spellings:
        body = registry_world.client.get(f"{API}/verify/{other}").json()
        assert body["verdict"] == "not_genuine", other
        page = registry_world.client.get(f"/v/{other}").text
        assert VERDICT_NAMES[Verdict.NOT_GENUINE][0] in page, other
