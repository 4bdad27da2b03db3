"""Records of data sharing for tests: footprints stored as they are (no calculation), partners,
and A's partner abroad with an export approval and an inventory grant for the API walks."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.records import FootprintRecord, ModelVersion
from carbonlabel.domain.tenancy import User
from carbonlabel.services.accounts import users
from carbonlabel.services.quantify import catalog
from carbonlabel.services.sharing import policy
from tests.support.platform import Tenant

NOW = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Shared:
    partner_id: str
    partner_name: str
    approval_id: str
    grant_id: str
    purpose: str  # A's business only


def seed_sharing(make_uow: UowFactory, admin: User, footprint_id: str,
                 partner_name: str = "Gamma GmbH (partner of A)",
                 partner_organisation_id: str | None = None) -> Shared:
    now = datetime.now(UTC)
    partner = Partner(users.new_id(), admin.organisation_id, partner_name, "DE", "3.0.0",
                      None, None, None, None, None, partner_organisation_id, True, now)
    purpose = "A 的出口申报 export filing of A " + partner.id[:8]
    with make_uow(write=True) as uow:
        uow.partners.add(partner, None)
        approval = policy.approve_release(uow, admin, partner_id=partner.id,
                                          footprint_id=footprint_id, purpose=purpose,
                                          recipient="Einkauf", at=now,
                                          expires_at=now + timedelta(days=365))
        grant = policy.grant_inventory(uow, admin, footprint_id=footprint_id,
                                       partner_id=partner.id, at=now)
        uow.commit()
    return Shared(partner.id, partner.name, approval.id, grant.id, purpose)


def add_footprint(make_uow: UowFactory, tenant: Tenant) -> str:
    """A product, a model version and a footprint record of the tenant (stored as is)."""
    content = f"processes: [{uuid.uuid4().hex}]"
    with make_uow(write=True) as uow:
        product = catalog.register_product(uow, tenant.admin, catalog.ProductData(
            "电池包", "battery pack", "lithium battery"))
        version = ModelVersion(users.new_id(), product.id, 1, "yaml", content,
                               hashlib.sha256(content.encode()).hexdigest(), tenant.admin.id,
                               NOW)
        uow.model_versions.add(version)
        record = FootprintRecord(users.new_id(), tenant.organisation.id, product.id,
                                 version.id, 43.1, "per 1 kWh", "AR6", "0" * 64, "test",
                                 '{"total_co2e_kg": 43.1}', tenant.admin.id, NOW)
        uow.footprints.add(record)
        uow.commit()
    return record.id


def add_partner(make_uow: UowFactory, org_id: str, name: str, country: str) -> Partner:
    partner = Partner(users.new_id(), org_id, name, country, "2.3.0", None, None, None,
                      None, None, None, True, NOW)
    with make_uow(write=True) as uow:
        uow.partners.add(partner, None)
        uow.commit()
    return partner
