"""Test data of the PACT exchange tests: an owner with calculated footprints, partners, and a
self-signed certificate for the HTTPS servers.

The owner's cement (1 kg, category "cement" = UN CPC 3744, so v2 can carry it too):
    2 kWh × 0.5 kg CO2e/kWh = 1.0 kg CO2e per kg.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.pact.model import ExchangeFootprint
from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import User
from carbonlabel.services.exchange import pact_host
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.conftest import base_model

AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def product_model(name_en: str, category: str = "cement", kwh: float = 2.0) -> dict[str, Any]:
    model = base_model()
    model["product"] = {"name": {"zh": f"产品 {name_en}", "en": name_en}, "category": category}
    model["processes"][0]["inputs"][0]["amount"] = kwh
    return model


def calculated_footprint(make_uow: UowFactory, user: User, data_dir: Path,
                         model: dict[str, Any]) -> FootprintRecord:
    """Register the model's product, save the model and run its footprint job inline."""
    names = model["product"]["name"]
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, user, catalog.ProductData(
            names["zh"], names["en"], model["product"]["category"]))
        version = catalog.save_model_version(uow, user, product.id,
                                             yaml.safe_dump(model, allow_unicode=True), "yaml",
                                             data_dir, data_dir / "databases")
        job = footprint_jobs.start_footprint_job(uow, user, version.id)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None, done
        record = uow.footprints.in_org(user.organisation_id, done.result_id)
        assert record is not None
    return record


def add_partner(make_uow: UowFactory, org_id: str, *, name: str = "Acme GmbH",
                country: str = "CN", host_url: str | None = "https://buyer.example/pact",
                spec_version: str = "3.0.0", client_id: str | None = "our-client",
                secret: str | None = "our-secret") -> Partner:
    partner = Partner(str(uuid.uuid4()), org_id, name, country, spec_version,
                      f"in-{uuid.uuid4().hex[:10]}", host_url, None, client_id, secret, None,
                      True, AT)
    with make_uow(write=True) as uow:
        uow.partners.add(partner, None)
        uow.commit()
    return partner


def set_outbound(make_uow: UowFactory, partner: Partner, client_id: str,
                 secret: str) -> Partner:
    changed = replace(partner, outbound_client_id=client_id, outbound_client_secret=secret)
    with make_uow(write=True) as uow:
        uow.partners.update(changed)
        uow.commit()
    return changed


def pact_view(make_uow: UowFactory, partner: Partner, pf_id: str) -> ExchangeFootprint:
    """The footprint as the owner's host shows it to this partner (its productIds...)."""
    with make_uow() as uow:
        found = [fp for fp in pact_host.footprints_for(uow, partner, AT) if fp.id == pf_id]
    assert len(found) == 1, f"{pf_id} not released to {partner.name}"
    return found[0]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
