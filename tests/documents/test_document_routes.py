"""The document routes: who gets what (holder and body; another organisation 404; the public
only the label of an issued label, by certificate number), media types, file names, the
label's QR code carrying this server's verification URL, and sizes refused by name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.config import Settings
from carbonlabel.domain.certification.records import Certificate, Label
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import User
from carbonlabel.services.accounts import users
from carbonlabel.services.certification import labels
from carbonlabel.web.app import create_app
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.documents import decode_qr, pdf_text, squeezed, svg_visible_text
from tests.support.platform import seed_tenant

API = "/api/v1"


@dataclass(frozen=True)
class World:
    client: TestClient
    certificate: Certificate
    label: Label
    unlabelled: Certificate  # granted, no label issued yet
    footprint: FootprintRecord
    holder: dict[str, str]  # Authorization headers
    body: dict[str, str]
    outsider: dict[str, str]


def _bearer(make_uow: UowFactory, user: User) -> dict[str, str]:
    with make_uow(write=True) as uow:
        _, secret = users.create_token(uow, user, "documents test")
        uow.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder: Path = tmp_path_factory.mktemp("documents")
    settings = Settings(data_dir=folder / "data", database_url=f"sqlite:///{folder / 'd.db'}",
                        secret_key="documents-test-key-" + "x" * 32, job_processes=False)
    app = create_app(settings)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, settings.data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    labelled_id = certify(make_uow, settings.data_dir, body, tenant, footprint)
    unlabelled_id = certify(make_uow, settings.data_dir, body, tenant, footprint)
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, tenant.admin, labelled_id, LabelKeys(folder / "keys"))
        certificate, unlabelled = (uow.certificates.get(labelled_id),
                                   uow.certificates.get(unlabelled_id))
        uow.commit()
    assert certificate is not None
    assert unlabelled is not None
    outsider = seed_tenant(make_uow, "另一企业 Other Co")
    with TestClient(app) as client:
        yield World(client, certificate, label, unlabelled, footprint,
                    _bearer(make_uow, tenant.viewer), _bearer(make_uow, body.auditors[0]),
                    _bearer(make_uow, outsider.admin))


def certificate_routes(w: World, certificate_id: str) -> list[str]:
    base = f"{API}/certificates/{certificate_id}"
    return [f"{base}/label.svg?size=50&lang=zh", f"{base}/label.png?size=50&dpi=300",
            f"{base}/certificate.pdf?lang=zh"]


@pytest.mark.parametrize("who", ["holder", "body"])
def test_the_holder_and_the_certification_body_get_the_certificates_documents(
        world: World, who: str) -> None:
    headers = getattr(world, who)
    svg, png, pdf = (world.client.get(u, headers=headers)
                     for u in certificate_routes(world, world.certificate.id))
    number = world.certificate.number
    assert svg.status_code == 200, svg.text
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.headers["content-disposition"] == \
        f'inline; filename="label-{number}-50mm-zh.svg"'
    assert number in "".join(svg_visible_text(svg.text))
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == \
        f'attachment; filename="certificate-{number}-zh.pdf"'
    text = squeezed(pdf_text(pdf.content))
    assert number in text
    assert "43.11kgCO2e/1kWh" in text
    assert squeezed(f"http://testserver/v/{world.label.token}") in text


def test_the_labels_qr_code_carries_this_servers_verification_url(world: World) -> None:
    png = world.client.get(f"{API}/certificates/{world.certificate.id}/label.png?size=40",
                           headers=world.holder)
    assert decode_qr(png.content) == [f"http://testserver/v/{world.label.token}"]


def test_another_organisation_gets_not_found_for_every_document(world: World) -> None:
    for url in [*certificate_routes(world, world.certificate.id),
                f"{API}/footprints/{world.footprint.id}/report.pdf"]:
        response = world.client.get(url, headers=world.outsider)
        assert response.status_code == 404, url
        assert world.certificate.number not in response.text


def test_nobody_signed_in_gets_401(world: World) -> None:
    for url in [*certificate_routes(world, world.certificate.id),
                f"{API}/footprints/{world.footprint.id}/report.pdf"]:
        assert world.client.get(url).status_code == 401, url


def test_the_study_report_is_its_organisations(world: World) -> None:
    url = f"{API}/footprints/{world.footprint.id}/report.pdf"
    zh = world.client.get(url + "?lang=zh", headers=world.holder)
    en = world.client.get(url + "?lang=en", headers=world.holder)
    assert zh.status_code == 200
    assert zh.headers["content-disposition"] == \
        f'attachment; filename="cfp-study-report-{world.footprint.id}-zh.pdf"'
    assert "11 可追溯信息" in pdf_text(zh.content)
    assert world.footprint.input_hash in pdf_text(zh.content)
    assert "10 Interpretation" in pdf_text(en.content)
    # the body certified it but reads the study report filed with the case, not this one
    assert world.client.get(url, headers=world.body).status_code == 404


def test_a_certificate_without_an_issued_label_has_no_label_artwork(world: World) -> None:
    base = f"{API}/certificates/{world.unlabelled.id}"
    response = world.client.get(f"{base}/label.svg", headers=world.holder)
    assert response.status_code == 404
    assert response.json()["field"] == "certificate_id"
    pdf = world.client.get(f"{base}/certificate.pdf?lang=en", headers=world.holder)
    assert pdf.status_code == 200  # the certificate itself points to its registry page
    assert squeezed(f"http://testserver/registry/{world.unlabelled.number}") in \
        squeezed(pdf_text(pdf.content))


def test_anyone_gets_the_label_of_an_issued_label_by_certificate_number(world: World) -> None:
    number = world.certificate.number
    svg = world.client.get(f"/registry/{number}/label.svg?size=80&lang=en")
    png = world.client.get(f"/registry/{number.lower()}/label.png?size=50&dpi=200")
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.headers["content-disposition"] == \
        f'inline; filename="label-{number}-80mm-en.svg"'
    assert svg_visible_text(svg.text)[0].startswith("Product Carbon")
    assert png.status_code == 200
    assert decode_qr(png.content) == [f"http://testserver/v/{world.label.token}"]


@pytest.mark.parametrize("number", ["unlabelled", "CFP-2026-007-999999-00", "not-a-number"])
def test_the_public_gets_no_label_artwork_without_an_issued_label(world: World,
                                                                   number: str) -> None:
    if number == "unlabelled":
        number = world.unlabelled.number
    for kind in ("svg", "png"):
        response = world.client.get(f"/registry/{number}/label.{kind}")
        assert response.status_code == 404, (number, kind)
        assert response.json()["field"] == "number"


@pytest.mark.parametrize(("query", "field"), [("size=20", "size"), ("size=0", "size"),
                                              ("size=1000", "size"), ("dpi=72", "dpi"),
                                              ("lang=fr", "lang")])
def test_sizes_and_languages_out_of_range_are_refused_by_name(world: World, query: str,
                                                              field: str) -> None:
    for url in (f"{API}/certificates/{world.certificate.id}/label.png?{query}",
                f"/registry/{world.certificate.number}/label.png?{query}"):
        response = world.client.get(url, headers=world.holder)
        assert response.status_code == 422, (url, response.text)
        assert response.json()["field"] == field
    if field == "size" and query == "size=20":
        assert "mm" in response.json()["message_en"]


def test_the_certificate_pdf_is_sealed_by_the_body_and_anyone_gets_the_seal_root(
        world: World) -> None:
    from tests.documents.test_certificate_seal import validate

    pdf = world.client.get(f"{API}/certificates/{world.certificate.id}/certificate.pdf",
                           headers=world.holder)
    root = world.client.get(f"{API}/registry/seal-root.pem")  # no sign-in
    assert root.status_code == 200
    assert root.headers["content-type"].startswith("application/x-pem-file")
    assert root.content.startswith(b"-----BEGIN CERTIFICATE-----")
    assert validate(pdf.content, root.content) == (True, True, True, True)
    again = world.client.get(f"{API}/registry/seal-root.pem")
    assert again.content == root.content  # one root per data directory
