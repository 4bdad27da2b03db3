"""The exchange tests' world: a buyer and a supplier organisation, models with numbers worked
out by hand, hand-written PACT files, and helpers that run a footprint job inline.

The supplier's coil (1 kg):   2.4 kWh × 0.5 (primary)  = 1.2 kg CO2e
                              6 MJ × 0.3 (secondary)   = 1.8 kg CO2e
                              total 3.0 kg CO2e / kg, primary-data share 1.2 / 3.0 = 40 %
The buyer's part (1 kg):      2 kg coil × 3.0          = 6.0 kg CO2e   (supplier, PDS 40 %)
                              2 kWh × 0.5 (secondary)  = 1.0 kg CO2e
                              total 7.0 kg CO2e, PDS = (6.0 × 0.4 + 1.0 × 0) / 7.0 = 2.4 / 7
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.records import FootprintRecord, RegisteredProduct
from carbonlabel.domain.tenancy import OrgKind, User
from carbonlabel.services.quantify import catalog, footprint_jobs
from tests.conftest import base_model
from tests.support.platform import Tenant, seed_tenant

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BUYER_TOTAL = 7.0
SUPPLIER_CONTRIBUTION = 6.0
BUYER_PDS = 2.4 / 7.0


def coil_model() -> dict[str, Any]:
    model = base_model(processes=[{
        "id": "main", "name": {"zh": "冷轧", "en": "cold rolling"}, "stage": "production",
        "output": {"amount": 1, "unit": "kg"},
        "inputs": [{"factor": "grid", "amount": 2.4, "unit": "kWh", "primary": True},
                   {"factor": "gas", "amount": 6, "unit": "MJ"}]}])
    model["product"] = {"name": {"zh": "冷轧钢卷", "en": "cold-rolled coil"}, "category": "steel"}
    model["factors"].append({"id": "gas", "name": {"zh": "天然气", "en": "natural gas"},
                             "unit": "MJ", "co2e": 0.3, "source": {"note": "test factor"}})
    return model


def part_model(pf_id: str) -> dict[str, Any]:
    model = base_model(processes=[{
        "id": "main", "name": {"zh": "冲压", "en": "stamping"}, "stage": "production",
        "output": {"amount": 1, "unit": "kg"},
        "inputs": [{"supplier": pf_id, "amount": 2, "unit": "kg", "name": "steel coil"},
                   {"factor": "grid", "amount": 2, "unit": "kWh"}]}])
    model["product"] = {"name": {"zh": "冲压件", "en": "stamped part"}, "category": "parts"}
    return model


def pact_footprint(pf_id: str | None = None, **pcf: Any) -> dict[str, Any]:
    """A v3 footprint of 1000 kg of coil at 3000 kg CO2e (3 per kg), PDS 40 %."""
    body: dict[str, Any] = {
        "declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1000",
        "productMassPerDeclaredUnit": "1",
        "referencePeriodStart": "2025-01-01T00:00:00Z",
        "referencePeriodEnd": "2026-01-01T00:00:00Z",
        "pcfExcludingBiogenicUptake": "3000", "pcfIncludingBiogenicUptake": "3000",
        "fossilGhgEmissions": "3000", "fossilCarbonContent": "0",
        "biogenicCarbonContent": "0", "biogenicCO2Uptake": "0",
        "landUseChangeGhgEmissions": "0", "aircraftGhgEmissions": "0",
        "packagingEmissionsIncluded": False, "ipccCharacterizationFactors": ["AR6"],
        "crossSectoralStandards": ["ISO14067"], "exemptedEmissionsPercent": "0",
        "primaryDataShare": "40", "geographyCountry": "CN"}
    body.update(pcf)
    return {"id": pf_id or str(uuid.uuid4()), "specVersion": "3.0.0",
            "created": "2026-01-15T00:00:00Z", "status": "Active",
            "companyName": "宝钢 Baosteel", "companyIds": ["urn:uuid:" + str(uuid.uuid4())],
            "productDescription": "cold-rolled coil", "productIds": ["urn:gtin:06901234567892"],
            "productNameCompany": "冷轧钢卷", "pcf": body}


def pact_file(*footprints: dict[str, Any]) -> str:
    return json.dumps({"data": list(footprints)}, ensure_ascii=False)


@dataclass(frozen=True)
class World:
    buyer: Tenant
    supplier: Tenant
    stranger: Tenant
    data_dir: Path


def seed_world(make_uow: UowFactory, data_dir: Path) -> World:
    return World(seed_tenant(make_uow, f"整车厂 {uuid.uuid4().hex[:6]}"),
                 seed_tenant(make_uow, f"钢厂 {uuid.uuid4().hex[:6]}", OrgKind.SUPPLIER),
                 seed_tenant(make_uow, f"其他企业 {uuid.uuid4().hex[:6]}"), data_dir)


def save_product(make_uow: UowFactory, user: User, model: dict[str, Any],
                 data_dir: Path) -> tuple[RegisteredProduct, str]:
    """A product with one model version; returns the product and the version id."""
    names = model["product"]["name"]
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, user, catalog.ProductData(
            names["zh"], names["en"], model["product"]["category"], None, None, None))
        version = catalog.save_model_version(uow, user, product.id,
                                             yaml.safe_dump(model, allow_unicode=True), "yaml",
                                             data_dir, data_dir / "databases")
        uow.commit()
    return product, version.id


def calculate(make_uow: UowFactory, user: User, version_id: str,
              data_dir: Path) -> FootprintRecord:
    with make_uow(write=True) as uow:
        job = footprint_jobs.start_footprint_job(uow, user, version_id)
        uow.commit()
    footprint_jobs.run_footprint_job(make_uow, job.id, data_dir, data_dir / "databases")
    with make_uow() as uow:
        done = uow.jobs.get(job.id)
        assert done is not None
        assert done.result_id is not None, done
        record = uow.footprints.in_org(user.organisation_id, done.result_id)
        assert record is not None
    return record


def supplier_footprint(make_uow: UowFactory, world: World) -> FootprintRecord:
    _, version_id = save_product(make_uow, world.supplier.analyst, coil_model(), world.data_dir)
    return calculate(make_uow, world.supplier.analyst, version_id, world.data_dir)


def add_partner(make_uow: UowFactory, owner: Tenant, country: str,
                name: str = "Acme GmbH") -> Partner:
    partner = Partner(str(uuid.uuid4()), owner.organisation.id, name, country, "3.0.0", None,
                      None, None, None, None, None, True, AT)
    with make_uow(write=True) as uow:
        uow.partners.add(partner, None)
        uow.commit()
    return partner


def seed_exchange_records(make_uow: UowFactory, owner: Tenant) -> dict[str, str]:
    """A request, a received footprint and a partner of ``owner``, by the path parameter
    names of the exchange pages and API (for the tenant-isolation walks)."""
    from carbonlabel.services.exchange import supplier_requests

    supplier = seed_tenant(make_uow, f"供应商 {uuid.uuid4().hex[:6]}", OrgKind.SUPPLIER)
    doc = pact_footprint()
    with make_uow(write=True) as uow:
        req = supplier_requests.ask_supplier(
            uow, owner.analyst, supplier_organisation_id=supplier.organisation.id,
            product_name="冷轧钢卷 (owner's request)", at=AT)
        supplier_requests.import_footprints(uow, owner.analyst, pact_file(doc), AT)
        uow.commit()
    partner = add_partner(make_uow, owner, "DE", "Owner's partner GmbH")
    return {"request_id": req.id, "pf_id": doc["id"], "partner_id": partner.id}
