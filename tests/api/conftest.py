"""Fixtures of the REST API tests: an app on each back end with two seeded organisations.

Tenant A owns a product, a model version of the LFP demo model, a finished footprint job and
its footprint, three users and an API token, and a certification case (granted, with its
documents and a closed nonconformity) at a certification body of its own (a third
organisation, with its admin's API token), the certificate with its surveillance schedule and
a label; tenant B has an admin and a viewer with tokens. Records are made through the services
(plain factories), the footprint job is run inline.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import make_url

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.config import Settings
from carbonlabel.domain.certification.changes import ChangeAction, ChangeKind
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import OrgKind, User
from carbonlabel.services.accounts import users
from carbonlabel.services.certification import changes, complaints, labels, transfer
from carbonlabel.services.evidence import grants as evidence_grants
from carbonlabel.services.quantify import catalog, footprint_jobs
from carbonlabel.web.app import create_app
from tests.exchange.world import seed_exchange_records
from tests.support.certification import Body, certify, qualify_and_declare, seed_body
from tests.support.improvement import seed_improvement
from tests.support.pg import fill_from_template, postgres_database
from tests.support.platform import PASSWORD, POSTGRES, Tenant, reachable_postgres, seed_tenant
from tests.support.sharing import Shared, seed_sharing
from tests.support.system import take_system_case

API = "/api/v1"


def lfp_model_text() -> str:
    return resources.files("carbonlabel").joinpath("demo", "lfp_battery_pack.yaml").read_text(
        encoding="utf-8")


def build_app(database_url: str, data_dir: Path) -> FastAPI:
    """The app as ``carbonlabel serve`` builds it, with jobs on threads (no process pool)."""
    return create_app(Settings(data_dir=data_dir, database_url=database_url,
                               secret_key="test-secret-key-" + "x" * 32, job_processes=False))


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def token_for(make_uow: UowFactory, user: User) -> str:
    with make_uow(write=True) as uow:
        _, secret = users.create_token(uow, user, "test token")
        uow.commit()
    return secret


@dataclass(frozen=True)
class Certified:
    """A's certification: its body (a third organisation) and what the case left behind."""

    body: Body
    body_token: str  # the body admin's API token
    case_id: str
    document_id: str
    nonconformity_id: str
    nonconformity: str  # its description: the applicant's and the body's business only
    certificate_id: str
    number: str  # the certificate number: public (the registry)
    check_id: str
    label_id: str
    label_token: str  # printed in the label's QR code: public
    complaint_id: str  # a public complaint about the certificate, handled by the body
    tracking_token: str  # its private tracking link's token: the complainant's key to it
    transfer_id: str  # a transfer to another body the holder asked for, then cancelled
    change_id: str  # a change-evaluation (scope extension) the holder asked for, rejected
    system_id: str  # A's calculation system, certified by the same body (system mode)
    system_number: str  # its certificate number: public (the registry)


@dataclass(frozen=True)
class Owner:
    """Tenant A and every record it owns."""

    tenant: Tenant
    token: str
    token_id: str
    product_id: str
    product_names: tuple[str, str]
    model_version_id: str
    content_hash: str
    job_id: str
    footprint_id: str
    input_hash: str
    certified: Certified
    shared: Shared
    exchange: dict[str, str]  # a supplier request and a received footprint of A
    site_id: str  # A's production site
    evidence_grant_id: str = ""  # A's grant of its certificate to a bank (green finance)
    improvement: tuple[str, str] = ("", "")  # an improvement plan and a claim of A

    def ids(self) -> dict[str, str]:
        """A's ids by the API's parameter name of their kind."""
        t, c = self.tenant, self.certified
        return {"organisation_id": t.organisation.id, "user_id": t.viewer.id,
                "product_id": self.product_id, "model_version_id": self.model_version_id,
                "job_id": self.job_id, "footprint_id": self.footprint_id,
                "body_id": c.body.organisation_id, "case_id": c.case_id,
                "document_id": c.document_id, "nonconformity_id": c.nonconformity_id,
                "certificate_id": c.certificate_id, "check_id": c.check_id,
                "label_id": c.label_id, "partner_id": self.shared.partner_id,
                "approval_id": self.shared.approval_id, "grant_id": self.shared.grant_id,
                "request_id": self.exchange["request_id"], "pf_id": self.exchange["pf_id"],
                "token_id": self.token_id, "complaint_id": c.complaint_id,
                "site_id": self.site_id, "transfer_id": c.transfer_id,
                "change_id": c.change_id, "system_id": c.system_id,
                "evidence_grant_id": self.evidence_grant_id,
                "plan_id": self.improvement[0], "claim_id": self.improvement[1],
                "baseline_footprint_id": self.footprint_id,
                "current_footprint_id": self.footprint_id}

    def public_values(self) -> dict[str, str]:
        """What anyone may look up in the public registry, by parameter name."""
        return {"number": self.certified.number, "token": self.certified.label_token,
                "tracking_token": self.certified.tracking_token,
                "system_number": self.certified.system_number}

    def public_by_policy(self) -> list[str]:
        """A's data that the public registry shows for a certified product."""
        return [self.tenant.organisation.name, *self.product_names, self.certified.number]

    def secrets(self) -> list[str]:
        """Every id, name, e-mail, hash and secret of A: none may reach another tenant.
        (Not the body's id: every signed-in user finds bodies in their directory.)"""
        t, c = self.tenant, self.certified
        users = (t.admin, t.analyst, t.viewer)
        ids = [v for k, v in self.ids().items() if k != "body_id"]
        return [*ids, *(u.id for u in users), *(u.email for u in users),
                *(u.display_name for u in users), t.organisation.name, *self.product_names,
                self.token, self.token_id, self.content_hash, self.input_hash,
                c.body_token, c.nonconformity, c.label_token, self.shared.purpose,
                self.shared.partner_name]

    def private_secrets(self) -> list[str]:
        """What even the public registry must never show."""
        public = set(self.public_by_policy()) | {self.certified.label_token,
                                                 self.certified.tracking_token}
        return [s for s in self.secrets() if s not in public]


@dataclass(frozen=True)
class Seeded:
    a: Owner
    b: Tenant
    b_admin_token: str
    b_viewer_token: str


@dataclass(frozen=True)
class World(Seeded):
    app: FastAPI
    client: TestClient  # entered: the app's lifespan runs


def seed_owner(make_uow: UowFactory, data_dir: Path) -> Owner:
    tenant = seed_tenant(make_uow, "甲方电池 AlphaSecret Batteries")
    names = ("甲方机密电池包 AlphaSecret pack", "AlphaSecret battery pack")
    with make_uow(write=True) as uow:
        admin = tenant.admin
        product = catalog.register_product(uow, admin, catalog.ProductData(
            names[0], names[1], "lithium battery", None, "96385074", "ALPHA-SECRET-1"))
        version = catalog.save_model_version(uow, admin, product.id, lfp_model_text(), "yaml",
                                             data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, admin, version.id)
        token, secret = users.create_token(uow, admin, "alpha token")
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None, job.id
        assert done.result_id is not None, done
        footprint = uow.footprints.in_org(tenant.organisation.id, done.result_id)
        assert footprint is not None
    certified = seed_certification(make_uow, data_dir, tenant, footprint)
    return Owner(tenant, secret, token.id, product.id, names, version.id,
                 version.content_hash, job.id, footprint.id, footprint.input_hash,
                 certified,
                 seed_sharing(make_uow, tenant.admin, footprint.id),
                 seed_exchange_records(make_uow, tenant), site_of(make_uow, tenant),
                 seed_evidence_grant(make_uow, tenant, certified.certificate_id),
                 seed_improvement(make_uow, tenant, product.id, footprint.id,
                                  certified.case_id))


def seed_evidence_grant(make_uow: UowFactory, tenant: Tenant, certificate_id: str) -> str:
    """A's grant of its certificate to a bank, for green finance."""
    bank = seed_tenant(make_uow, "贷款银行 Lending Bank", OrgKind.BANK)
    with make_uow(write=True) as uow:
        made = evidence_grants.grant(uow, tenant.admin, certificate_id, bank.organisation.id,
                                     "绿色贷款 green loan", "LOAN-1", None,
                                     datetime.now(UTC))
    return made.id


def site_of(make_uow: UowFactory, tenant: Tenant) -> str:
    """The tenant's production site (``seed_tenant`` makes one)."""
    with make_uow() as uow:
        return uow.sites.of(tenant.organisation.id)[0].id


def seed_certification(make_uow: UowFactory, data_dir: Path, tenant: Tenant,
                       footprint: FootprintRecord) -> Certified:
    """A's footprint certified by a body of its own, with a nonconformity on the way, and a
    label of the certificate (signed with keys in the app's data folder)."""
    body = seed_body(make_uow)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, tenant, footprint, nonconformity=True)
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, tenant.admin, certificate_id,
                                   LabelKeys(Settings(data_dir=data_dir).label_keys_dir))
        uow.commit()
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        (nc,) = uow.cases.nonconformities(certificate.case_id)
        document = uow.cases.documents(certificate.case_id)[0]
        (check,) = uow.certificates.surveillance(certificate_id)
    other_body = seed_body(make_uow)
    with make_uow(write=True) as uow:
        asked = transfer.request_transfer(uow, tenant.admin, certificate_id,
                                          other_body.organisation_id)
        transfer.cancel(uow, tenant.admin, asked.id, "留在原机构 / staying")
    with make_uow(write=True) as uow:
        filed = complaints.file_complaint(uow, certificate.number, "标识数值与证书不符")
    with make_uow(write=True) as uow:
        change = changes.request_change(
            uow, tenant.analyst, certificate_id, changes.ChangeRequest(
                ChangeKind.EXTENSION, "增加 200 kWh 型号 / add the 200 kWh type",
                scope="100 kWh, 200 kWh"))
        evaluator = body.auditors[0]
        changes.start_evaluation(uow, evaluator, change.id)
        changes.record_evaluation(uow, evaluator, change.id, "同一工艺 / same process",
                                  data_dir, data_dir / "databases")
        changes.decide(uow, body.decider, change.id, ChangeAction.REJECT,
                       "型号未投产 / the type is not in production")
    system_case = take_system_case(make_uow, data_dir, body, tenant, footprint)
    with make_uow() as uow:
        granted = uow.cases.get(system_case)
        assert granted is not None
        assert granted.certificate_id is not None
        system = uow.systems.get(granted.certificate_id)
    assert system is not None
    return Certified(body, token_for(make_uow, body.admin), certificate.case_id, document.id,
                     nc.id, nc.description, certificate_id, certificate.number, check.id,
                     label.id, label.token, filed.complaint.id, filed.tracking_token,
                     asked.id, change.id, granted.certificate_id, system.number)


def seed(make_uow: UowFactory, data_dir: Path) -> Seeded:
    owner = seed_owner(make_uow, data_dir)
    other = seed_tenant(make_uow, "乙方 Beta Co.")
    return Seeded(owner, other, token_for(make_uow, other.admin),
                  token_for(make_uow, other.viewer))


@pytest.fixture(scope="session")
def sqlite_seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    """A seeded SQLite database made once per test process, copied for each test (argon2
    hashing and the footprint calculation are the slow part of seeding)."""
    folder = tmp_path_factory.mktemp("api-template")
    app = build_app(f"sqlite:///{folder / 'template.db'}", folder / "data")
    seeded = seed(app.state.uow, folder / "data")
    app.state.engine.dispose()
    return folder / "template.db", seeded


@pytest.fixture(scope="session")
def postgres_seeded(tmp_path_factory: pytest.TempPathFactory,
                    migrated_postgres: str) -> Iterator[tuple[str, Path, Seeded]]:
    """The same on PostgreSQL: a seeded database made once per test process, the template
    each test's database is copied from."""
    folder = tmp_path_factory.mktemp("api-template-pg")
    with postgres_database(reachable_postgres(POSTGRES), prefix="seeded") as url:
        fill_from_template(url, migrated_postgres)
        app = build_app(url, folder / "data")
        seeded = seed(app.state.uow, folder / "data")
        app.state.engine.dispose()  # a template takes no connections while it is copied
        yield make_url(url).database or "", folder / "template.db", seeded


def _copy_sqlite(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture
def world(database_url: str, tmp_path: Path,
          request: pytest.FixtureRequest) -> Iterator[World]:
    """Tenants A and B in a fresh database: a copy of one seeded per process."""
    if database_url.startswith("sqlite:///"):
        template, seeded = request.getfixturevalue("sqlite_seeded")
        _copy_sqlite(template, Path(database_url.removeprefix("sqlite:///")))
    else:
        name, template, seeded = request.getfixturevalue("postgres_seeded")
        if not fill_from_template(database_url, name):
            raise RuntimeError(f"the test database {database_url} is in use")
    # the keys that signed A's label, and those that sealed its inventory, come with it
    for keys in ("label-keys", "data-keys"):
        shutil.copytree(template.parent / "data" / keys, tmp_path / "data" / keys)
    app = build_app(database_url, tmp_path / "data")
    with TestClient(app) as client:
        yield World(seeded.a, seeded.b, seeded.b_admin_token, seeded.b_viewer_token, app,
                    client)


def sign_in(client: TestClient, user: User) -> str:
    """Sign in with a browser session on ``client``; return the session's CSRF token."""
    response = client.post(f"{API}/auth/session",
                           json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    return token
