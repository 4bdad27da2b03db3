"""Issue 12, attack 6 (Host-header poisoning): a forged ``Host`` must neither reach a page nor
end up in public label artwork (served ``Cache-Control: public``) or an issued label's URL.
Links come from ``public_url``; without it (development) only loopback names are served."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.config import Settings
from carbonlabel.domain.certification.records import Certificate, Label
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import labels
from carbonlabel.web.app import create_app
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.documents import decode_qr

PUBLIC = "https://cfp.example.cn"
EVIL = "evil.example"


@dataclass(frozen=True)
class World:
    folder: Path
    certificate: Certificate
    label: Label
    second: str  # a granted certificate without a label yet (issued in a test)
    holder: User  # the enterprise's admin, who issues labels


def _settings(folder: Path, **changes: object) -> Settings:
    return Settings(data_dir=folder / "data",  # type: ignore[arg-type]
                    database_url=f"sqlite:///{folder / 'h.db'}",
                    secret_key="host-header-test-key-" + "x" * 32, job_processes=False,
                    **{"allowed_hosts": [], **changes})


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder: Path = tmp_path_factory.mktemp("hosts")
    settings = _settings(folder)
    app = create_app(settings)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, settings.data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    labelled_id = certify(make_uow, settings.data_dir, body, tenant, footprint)
    second_id = certify(make_uow, settings.data_dir, body, tenant, footprint)
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, tenant.admin, labelled_id,
                                   LabelKeys(settings.label_keys_dir))
        certificate = uow.certificates.get(labelled_id)
        uow.commit()
    assert certificate is not None
    app.state.engine.dispose()
    return World(folder, certificate, label, second_id, tenant.admin)


def _app(world: World, **changes: object) -> FastAPI:
    return create_app(_settings(world.folder, **changes))


def test_host_header_poisoning_of_public_label_artwork_is_refused(world: World) -> None:
    """On the public, cacheable label a forged Host is answered 400; the real one gets the
    QR code of public_url."""
    number = world.certificate.number
    with TestClient(_app(world, public_url=PUBLIC), base_url=PUBLIC) as client:
        forged = client.get(f"/registry/{number}/label.png?size=50&dpi=200",
                            headers={"Host": EVIL})
        genuine = client.get(f"/registry/{number}/label.png?size=50&dpi=200")
        svg = client.get(f"/registry/{number}/label.svg?size=50", headers={"Host": EVIL})
    assert forged.status_code == 400
    assert forged.json()["code"] == "untrusted_host"
    assert forged.json()["field"] == "Host"
    assert EVIL not in forged.text
    assert svg.status_code == 400
    assert EVIL not in svg.text
    assert genuine.status_code == 200
    assert decode_qr(genuine.content) == [f"{PUBLIC}/v/{world.label.token}"]


def test_host_header_poisoning_is_refused_in_development_too(world: World) -> None:
    """Without public_url only loopback names are served (the platform answers this machine
    only), so a forged Host never builds a link either."""
    number = world.certificate.number
    with TestClient(_app(world), base_url="http://localhost:8000") as client:
        forged = client.get(f"/registry/{number}/label.png?size=50&dpi=200",
                            headers={"Host": EVIL})
        page = client.get("/", headers={"Host": f"{EVIL}:8000"})
        local = client.get(f"/registry/{number}/label.png?size=50&dpi=200")
    assert forged.status_code == 400
    assert page.status_code == 400
    assert local.status_code == 200
    assert decode_qr(local.content) == [f"http://localhost:8000/v/{world.label.token}"]


def test_host_header_poisoning_of_an_issued_labels_url_is_refused(world: World) -> None:
    """An allowed extra host name is served, but the label's URL is public_url's, never the
    request's Host."""
    from tests.documents.test_document_routes import _bearer

    app = _app(world, public_url=PUBLIC, allowed_hosts=["internal.example"])
    headers = _bearer(app.state.uow, world.holder)
    with TestClient(app, base_url="https://internal.example") as client:
        forged = client.post(f"/api/v1/certificates/{world.second}/labels",
                             headers={**headers, "Host": EVIL})
        issued = client.post(f"/api/v1/certificates/{world.second}/labels", headers=headers)
    assert forged.status_code == 400
    assert issued.status_code == 201, issued.text
    assert issued.json()["url"] == f"{PUBLIC}/v/{issued.json()['token']}"
