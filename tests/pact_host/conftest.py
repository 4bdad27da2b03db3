"""Fixtures of the PACT host tests: the in-process app over HTTPS with a seeded owner.

The owner (甲方, an enterprise in CN-GD) has three footprints: a battery pack calculated
twice (the first Deprecated, the second Active and certified at a certification body) and
Portland cement once. It registered two partners with inbound credentials: a foreign one
(DE, spec 3.0.0) and a domestic one (CN, spec 2.3.0). Another organisation has a footprint of
its own, which no partner of the owner may ever see. The database is seeded once per test
process (argon2 and the calculations are the slow part) and copied for each test.
"""

from __future__ import annotations

import base64
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.config import Settings
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.services.exchange import partners
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.web.app import create_app
from tests.support.certification import certify, qualify_and_declare, seed_body
from tests.support.platform import Tenant, seed_tenant

HTTPS = "https://testserver"
NIL = "00000000-0000-0000-0000-000000000000"


def demo_model(name: str) -> str:
    return resources.files("carbonlabel").joinpath("demo", name).read_text(encoding="utf-8")


def calculate(make_uow: UowFactory, tenant: Tenant, data_dir: Path, product_id: str,
              model: str) -> FootprintRecord:
    with make_uow(write=True) as uow:
        version = catalog.save_model_version(uow, tenant.analyst, product_id, model, "yaml",
                                             data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, tenant.analyst, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None, done
        record = uow.footprints.in_org(tenant.organisation.id, done.result_id)
        assert record is not None
    return record


@dataclass(frozen=True)
class Client:
    partner_id: str
    client_id: str
    secret: str
    host_url: str  # the partner's own PACT host (where answers to its requests go)

    @property
    def basic(self) -> dict[str, str]:
        raw = f"{self.client_id}:{self.secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


@dataclass(frozen=True)
class Seeded:
    owner: Tenant
    battery_old: FootprintRecord  # Deprecated
    battery: FootprintRecord  # Active, certified
    cement: FootprintRecord
    certificate_id: str
    foreign: Client  # DE, 3.0.0
    domestic: Client  # CN, 2.3.0
    stranger: Tenant  # another organisation
    stranger_footprint: FootprintRecord


def seed(make_uow: UowFactory, data_dir: Path) -> Seeded:
    body = seed_body(make_uow)
    owner = seed_tenant(make_uow, f"甲方电池 Owner Co {uuid.uuid4().hex[:4]}")
    stranger = seed_tenant(make_uow, "丙方 Stranger Co")
    with make_uow(write=True) as uow:
        battery_product = catalog.register_product(uow, owner.analyst, catalog.ProductData(
            "储能电池包", "battery pack", "lithium battery", None, "06901234567892", None))
        cement_product = catalog.register_product(uow, owner.analyst, catalog.ProductData(
            "硅酸盐水泥", "Portland cement", "cement", None, None, None))
        stranger_product = catalog.register_product(uow, stranger.analyst, catalog.ProductData(
            "水泥", "cement", "cement", None, None, None))
        uow.commit()
    lfp = demo_model("lfp_battery_pack.yaml")
    assert "product_mass: 6.4 kg" in lfp  # v3 requires the product mass per declared unit
    cement_model = demo_model("portland_cement.yaml")
    old = calculate(make_uow, owner, data_dir, battery_product.id, lfp)
    new = calculate(make_uow, owner, data_dir, battery_product.id, lfp)
    cement = calculate(make_uow, owner, data_dir, cement_product.id, cement_model)
    strange = calculate(make_uow, stranger, data_dir, stranger_product.id, cement_model)
    qualify_and_declare(make_uow, body, owner.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, owner, new)
    clients = []
    with make_uow(write=True) as uow:
        for name, country, spec in (("Foreign GmbH", "DE", "3.0.0"),
                                    ("国内客户 Domestic Ltd", "CN", "2.3.0")):
            # answers to a partner's requests go here: nothing listens (port 9, discard), so
            # the outbox's delivery attempts fail at once without leaving the machine
            host = f"https://127.0.0.1:9/{country.lower()}-{uuid.uuid4().hex[:6]}"
            partner = partners.register_partner(
                uow, owner.admin, name=name, country=country, spec_version=spec,
                host_url=host, allow_private=True)
            client_id, secret = partners.issue_inbound_credentials(uow, owner.admin,
                                                                   partner.id)
            clients.append(Client(partner.id, client_id, secret, host))
        uow.commit()
    return Seeded(owner, old, new, cement, certificate_id, clients[0], clients[1], stranger,
                  strange)


def build_app(database_url: str, data_dir: Path, **settings: object) -> FastAPI:
    return create_app(Settings(data_dir=data_dir, database_url=database_url,  # type: ignore[arg-type]
                               secret_key="test-secret-key-" + "x" * 32, job_processes=False,
                               **settings))


@pytest.fixture(scope="session")
def pact_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    folder = tmp_path_factory.mktemp("pact-template")
    app = build_app(f"sqlite:///{folder / 'template.db'}", folder / "data")
    seeded = seed(app.state.uow, folder / "data")
    app.state.engine.dispose()
    return folder / "template.db", seeded


@dataclass(frozen=True)
class World:
    seeded: Seeded
    app: FastAPI
    client: TestClient  # https://testserver; absolute http://testserver/... URLs go plain

    @staticmethod
    def plain(path: str) -> str:
        """The same path over plain HTTP."""
        return "http://testserver" + path

    @property
    def make_uow(self) -> UowFactory:
        factory: UowFactory = self.app.state.uow
        return factory

    def token(self, who: Client | None = None) -> str:
        who = who or self.seeded.foreign
        response = self.client.post("/auth/token", headers=who.basic,
                                    data={"grant_type": "client_credentials"})
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token

    def bearer(self, who: Client | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(who)}"}


def make_world(template: Path, seeded: Seeded, tmp_path: Path,
               **settings: object) -> Iterator[World]:
    db = tmp_path / "pact.db"
    with closing(sqlite3.connect(template)) as src, closing(sqlite3.connect(db)) as dst:
        src.backup(dst)
    for keys in ("data-keys", "label-keys"):  # the keys of what the database holds
        if (template.parent / "data" / keys).is_dir():
            shutil.copytree(template.parent / "data" / keys, tmp_path / "data" / keys)
    app = build_app(f"sqlite:///{db}", tmp_path / "data", **settings)
    with TestClient(app, base_url=HTTPS) as client:
        yield World(seeded, app, client)


@pytest.fixture
def world(pact_template: tuple[Path, Seeded], tmp_path: Path) -> Iterator[World]:
    yield from make_world(*pact_template, tmp_path)
