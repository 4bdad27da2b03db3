"""One certified value: fixed when the certificate is granted (four significant figures) and
shown character for character the same on every channel — the certificate page and list, the
certificate PDF, the label artwork and its signed payload, the registry page, the verification
JSON, the certificate API and the PACT document of the certified footprint."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator, FormatChecker

from carbonlabel.adapters.formats.pact.documents import render_footprint
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.config import Settings
from carbonlabel.domain.certification.records import Certificate, Label
from carbonlabel.domain.pact.certification_extension import CERTIFICATION_EXTENSION_SCHEMA
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import User
from carbonlabel.services.accounts import users
from carbonlabel.services.certification import labels
from carbonlabel.services.exchange import pact_host
from carbonlabel.web.app import create_app
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.documents import pdf_text, svg_visible_text
from tests.support.platform import PASSWORD, Tenant

API = "/api/v1"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: the demo LFP pack's footprint, 43.114517845586256 kg CO2e per kWh, to four significant
#: figures by hand: 43.11|45... -> 43.11 (the fifth figure, 4, rounds down)
CERTIFIED = "43.11"
UNIT = "kg CO2e / 1 kWh"
#: a number as printed anywhere: digits with an optional decimal part, thousands grouped
NUMBER = r"-?\d[\d,]*(?:\.\d+)?"


@dataclass(frozen=True)
class World:
    client: TestClient
    tenant: Tenant
    footprint: FootprintRecord
    certificate: Certificate
    label: Label
    bearer: dict[str, str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder: Path = tmp_path_factory.mktemp("certified-value")
    settings = Settings(data_dir=folder / "data", database_url=f"sqlite:///{folder / 'v.db'}",
                        secret_key="certified-value-key-" + "x" * 32, job_processes=False)
    app = create_app(settings)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, settings.data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, settings.data_dir, body, tenant, footprint)
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, tenant.admin, certificate_id,
                                   LabelKeys(settings.label_keys_dir))
        certificate = uow.certificates.get(certificate_id)
        _, secret = users.create_token(uow, tenant.viewer, "certified value test")
        uow.commit()
    assert certificate is not None
    with TestClient(app) as client:
        yield World(client, tenant, footprint, certificate, label,
                    {"Authorization": f"Bearer {secret}"})


def signed_in(client: TestClient, user: User) -> None:
    token = CSRF.search(client.get("/signin").text).group(1)  # type: ignore[union-attr]
    answer = client.post("/signin", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": token, "next": "/certification"},
                         follow_redirects=False)
    assert answer.status_code == 303


def numbers_before_kg_co2e(text: str) -> list[str]:
    """Every number printed right before "kg CO2e" (tags and spaces between them ignored)."""
    plain = re.sub(r"<[^>]+>", " ", text)
    return re.findall(rf"({NUMBER})\s*kg\s*CO2e", plain)


def test_the_footprint_is_the_one_the_hand_rounding_starts_from(world: World) -> None:
    assert world.footprint.total_co2e_kg == pytest.approx(43.114517845586256, rel=1e-12)


def test_the_certified_value_is_stored_on_the_certificate_when_granted(world: World) -> None:
    assert world.certificate.certified_value == CERTIFIED
    assert world.certificate.certified_unit == UNIT


def test_the_certified_value_is_the_same_on_every_channel(world: World) -> None:
    c, number = world.certificate, world.certificate.number
    client = world.client
    channels: dict[str, list[str]] = {}

    signed_in(client, world.tenant.viewer)
    page = client.get(f"/certification/certificates/{c.id}")
    assert page.status_code == 200
    channels["certificate page"] = numbers_before_kg_co2e(page.text)
    listing = client.get("/certification/certificates")
    assert listing.status_code == 200
    channels["certificate list"] = numbers_before_kg_co2e(listing.text)

    pdf = client.get(f"{API}/certificates/{c.id}/certificate.pdf?lang=en", headers=world.bearer)
    assert pdf.status_code == 200
    channels["certificate PDF"] = numbers_before_kg_co2e(pdf_text(pdf.content))

    svg = client.get(f"/registry/{number}/label.svg?size=50&lang=en")
    assert svg.status_code == 200
    channels["label SVG"] = numbers_before_kg_co2e(" ".join(svg_visible_text(svg.text)))
    channels["label payload"] = [world.label.value]

    registry = client.get(f"/registry/{number}")
    assert registry.status_code == 200
    channels["registry page"] = numbers_before_kg_co2e(registry.text)

    verified = client.get(f"{API}/registry/verify/{world.label.token}").json()
    assert verified["verdict"] == "valid"
    channels["verification JSON"] = [verified["certificate"]["value"],
                                     verified["signed"]["value"]]
    entry = client.get(f"{API}/registry/certificates/{number}").json()
    channels["registry API"] = [entry["value"]]

    detail = client.get(f"{API}/certificates/{c.id}", headers=world.bearer).json()
    channels["certificate API"] = [detail["certified_value"]]

    with client.app.state.uow() as uow:  # type: ignore[attr-defined]
        org = uow.organisations.get(world.tenant.organisation.id)
        assert org is not None
        exchanged = pact_host.as_exchange_footprint(uow, org, world.footprint,
                                                    "https://testserver")
    for version in (SpecVersion.V3_0, SpecVersion.V2_3):
        doc = render_footprint(exchanged, version)
        (extension,) = doc["extensions"]  # type: ignore[misc]
        channels[f"PACT {version.value} extension"] = [extension["data"]["certifiedValue"]]
        pcf = doc["pcf"]
        check = pcf["verification" if version is SpecVersion.V3_0 else "assurance"]  # type: ignore[index]
        channels[f"PACT {version.value} verification"] = numbers_before_kg_co2e(
            check["comments"])

    for channel, found in channels.items():
        assert found, f"{channel}: no value found"
        assert set(found) == {CERTIFIED}, f"{channel}: {found}"
    assert verified["certificate"]["unit"] == UNIT
    assert world.label.unit == UNIT
    assert extension["data"]["certifiedUnit"] == UNIT
    Draft202012Validator(dict(CERTIFICATION_EXTENSION_SCHEMA),
                         format_checker=FormatChecker()).validate(extension["data"])
