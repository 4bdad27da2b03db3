"""The registry's test world: one SQLite platform per test process with a certification body,
an enterprise with a calculated footprint, and a helper that certifies it again and again
(each test takes certificates of its own, so that status changes never cross tests)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.adapters.label_keys import LabelKeys, sign_label
from carbonlabel.config import Settings
from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.certification.label import LabelPayload
from carbonlabel.domain.certification.records import Certificate
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.services.certification import labels
from carbonlabel.web.app import create_app
from tests.support.certification import (
    Body,
    certify,
    enterprise_with_footprint,
    product_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import Tenant
from tests.support.sockets import bound_socket, port_of


def settings_for(folder: Path) -> Settings:
    return Settings(data_dir=folder / "data", database_url=f"sqlite:///{folder / 'reg.db'}",
                    secret_key="registry-test-key-" + "x" * 32, job_processes=False)


@dataclass(frozen=True)
class Issued:
    certificate: Certificate
    token: str


@dataclass
class RegistryWorld:
    folder: Path
    settings: Settings
    app: FastAPI
    client: TestClient  # entered: the scan log's writer runs
    body: Body
    tenant: Tenant
    footprint: FootprintRecord

    @property
    def keys(self) -> LabelKeys:
        return LabelKeys(self.settings.label_keys_dir)

    def certified(self, own_product: bool = False) -> Issued:
        """A new certificate of the enterprise's footprint and its label (signed now); with
        ``own_product``, of a new product of the enterprise (to be withdrawn: a withdrawal
        locks out new applications for its product)."""
        make_uow = self.app.state.uow
        footprint = (product_footprint(make_uow, self.folder, self.tenant) if own_product
                     else self.footprint)
        certificate_id = certify(make_uow, self.folder, self.body, self.tenant, footprint)
        with make_uow(write=True) as uow:
            label = labels.issue_label(uow, self.tenant.admin, certificate_id, self.keys)
            certificate = uow.certificates.get(certificate_id)
            uow.commit()
        assert certificate is not None
        return Issued(certificate, label.token)

    def change(self, issued: Issued, *actions: CertificateAction) -> None:
        with self.app.state.uow(write=True) as uow:
            for action in actions:
                labels.change_certificate_status(uow, self.body.decider, issued.certificate.id,
                                                 action, f"test: {action.value}",
                                                 evidence=f"test evidence: {action.value}")
            uow.commit()

    def expired(self) -> Issued:
        """A certificate issued in 2022 that expired in 2024, and the label it had then."""
        issued = self.certified()
        old = (date(2022, 3, 1), date(2024, 2, 28))
        with self.app.state.uow(write=True) as uow:
            uow.certificates.update(issued.certificate.id, issued_on=old[0], expires_on=old[1])
            uow.commit()
        kid, key = self.keys.current()
        cert = issued.certificate
        payload = LabelPayload(kid, cert.number, cert.certified_value, cert.certified_unit,
                               *old)
        return Issued(cert, sign_label(payload, key))


@pytest.fixture(scope="session")
def registry_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryWorld]:
    folder = tmp_path_factory.mktemp("registry")
    settings = settings_for(folder)
    app = create_app(settings)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, settings.data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    with TestClient(app) as client:
        yield RegistryWorld(folder, settings, app, client, body, tenant, footprint)


@pytest.fixture(scope="session")
def live_registry(registry_world: RegistryWorld) -> Iterator[str]:
    """The same registry served over HTTP by uvicorn (a second app on the same database), for
    ``carbonlabel label verify --registry URL``."""
    app = create_app(registry_world.settings, migrate=False)
    sock = bound_socket()  # handed to uvicorn: no other test process can take the port
    port = port_of(sock)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))

    def run() -> None:
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)
