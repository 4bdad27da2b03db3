"""The sharing service on SQLite and PostgreSQL: classification, export approvals, inventory
grants, release decisions and the release log, each scoped to the owner and audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.exchange.sharing import (
    Classification,
    DataKind,
    Recipient,
    Refusal,
)
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from carbonlabel.services.accounts import users
from carbonlabel.services.platform.audit import verify_audit
from carbonlabel.services.sharing import policy
from tests.support.persistence import quick_tenant
from tests.support.platform import Tenant
from tests.support.sharing import add_footprint, add_partner

NOW = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Owner:
    tenant: Tenant
    decider: User
    footprint_id: str
    other_footprint_id: str
    abroad: Partner  # a customer in Germany
    at_home: Partner  # a customer in China


def seed_owner(make_uow: UowFactory) -> Owner:
    tenant = quick_tenant(make_uow, f"出口企业 {uuid.uuid4().hex[:6]}")
    with make_uow(write=True) as uow:
        decider = User(users.new_id(), tenant.organisation.id,
                       f"decider-{uuid.uuid4().hex[:6]}@example.cn", "决定人",
                       Role.DECISION_MAKER, True, NOW)
        uow.users.add(decider, "not-a-password-hash")
        uow.commit()
    return Owner(tenant, decider, add_footprint(make_uow, tenant),
                 add_footprint(make_uow, tenant),
                 add_partner(make_uow, tenant.organisation.id, "Acme GmbH", "DE"),
                 add_partner(make_uow, tenant.organisation.id, "国内客户", "CN"))


@pytest.fixture
def owner(make_uow: UowFactory) -> Owner:
    return seed_owner(make_uow)


def classify(make_uow: UowFactory, actor: User, kind: DataKind, footprint_id: str,
             classification: Classification) -> None:
    with make_uow(write=True) as uow:
        policy.classify(uow, actor, kind, footprint_id, classification, NOW)
        uow.commit()


def approve(make_uow: UowFactory, owner: Owner, footprint_id: str | None,
            expires_at: datetime | None = None, partner: Partner | None = None) -> str:
    with make_uow(write=True) as uow:
        approval = policy.approve_release(
            uow, owner.decider, partner_id=(partner or owner.abroad).id,
            footprint_id=footprint_id, purpose="客户碳边境申报 / customer's CBAM filing",
            recipient="Acme GmbH, Einkauf", expires_at=expires_at, at=NOW)
        uow.commit()
    return approval.id


def check(make_uow: UowFactory, owner: Owner, recipient: Recipient,
          kind: DataKind = DataKind.FOOTPRINT, at: datetime = NOW,
          footprint_id: str | None = None) -> policy.ReleaseDecision:
    with make_uow() as uow:
        return policy.check_release(uow, owner_id=owner.tenant.organisation.id,
                                    footprint_id=footprint_id or owner.footprint_id,
                                    recipient=recipient, kind=kind, at=at)


def actions(make_uow: UowFactory, org_id: str, entity_id: str) -> list[str]:
    with make_uow() as uow:
        return [r.action for r in uow.audit.for_entity(org_id, entity_id)]


# -- classification -------------------------------------------------------------------------

def test_defaults_share_the_footprint_and_keep_the_inventory_confidential(
        make_uow: UowFactory, owner: Owner) -> None:
    with make_uow() as uow:
        assert policy.classification_of(uow, DataKind.FOOTPRINT,
                                        owner.footprint_id) is Classification.SHARED
        assert policy.classification_of(uow, DataKind.INVENTORY,
                                        owner.footprint_id) is Classification.CONFIDENTIAL


def test_an_admin_classifies_an_own_footprint_and_the_audit_log_records_it(
        make_uow: UowFactory, owner: Owner) -> None:
    admin = owner.tenant.admin
    classify(make_uow, admin, DataKind.FOOTPRINT, owner.footprint_id,
             Classification.EXPORT_RESTRICTED)
    with make_uow() as uow:
        assert policy.classification_of(uow, DataKind.FOOTPRINT, owner.footprint_id) \
            is Classification.EXPORT_RESTRICTED
        assert policy.classification_of(uow, DataKind.INVENTORY, owner.footprint_id) \
            is Classification.CONFIDENTIAL
        (record,) = [r for r in uow.audit.for_entity(owner.tenant.organisation.id,
                                                     owner.footprint_id)
                     if r.action == "data.classified"]
    assert (record.actor_id, record.entity) == (admin.id, "footprint")
    assert record.before == {"classification": "shared"}
    assert record.after == {"classification": "export_restricted"}
    assert verify_audit(make_uow).broken is None


def test_another_organisations_footprint_cannot_be_classified_and_looks_unknown(
        make_uow: UowFactory, owner: Owner) -> None:
    other = quick_tenant(make_uow, "乙方")
    errors = []
    for footprint_id in (owner.footprint_id, str(uuid.uuid4())):
        with make_uow(write=True) as uow, pytest.raises(NotFoundError) as caught:
            policy.classify(uow, other.admin, DataKind.FOOTPRINT, footprint_id,
                            Classification.PUBLIC, NOW)
        errors.append(caught.value.as_dict())
    assert errors[0] == errors[1]
    with make_uow() as uow:
        assert policy.classification_of(uow, DataKind.FOOTPRINT,
                                        owner.footprint_id) is Classification.SHARED


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_only_an_admin_classifies(make_uow: UowFactory, owner: Owner, role: str) -> None:
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        policy.classify(uow, getattr(owner.tenant, role), DataKind.INVENTORY,
                        owner.footprint_id, Classification.PUBLIC, NOW)


# -- export approvals and the release decision ----------------------------------------------

def test_export_restricted_data_goes_abroad_only_under_an_approval(
        make_uow: UowFactory, owner: Owner) -> None:
    classify(make_uow, owner.tenant.admin, DataKind.FOOTPRINT, owner.footprint_id,
             Classification.EXPORT_RESTRICTED)
    abroad = policy.recipient_for_partner(owner.abroad)
    home = policy.recipient_for_partner(owner.at_home)
    assert check(make_uow, owner, abroad).refusal is Refusal.EXPORT_APPROVAL_REQUIRED
    assert check(make_uow, owner, home).allowed  # domestic: no approval needed

    approval_id = approve(make_uow, owner, owner.footprint_id, NOW + timedelta(days=30))
    decision = check(make_uow, owner, abroad)
    assert (decision.allowed, decision.approval_id) == (True, approval_id)
    # not after its expiry, and not for the owner's other footprint
    assert not check(make_uow, owner, abroad, at=NOW + timedelta(days=30)).allowed
    classify(make_uow, owner.tenant.admin, DataKind.FOOTPRINT, owner.other_footprint_id,
             Classification.EXPORT_RESTRICTED)
    assert not check(make_uow, owner, abroad, footprint_id=owner.other_footprint_id).allowed

    with make_uow(write=True) as uow:
        revoked = policy.revoke_approval(uow, owner.tenant.admin, approval_id, NOW)
        uow.commit()
    assert revoked.revoked_by == owner.tenant.admin.id
    assert check(make_uow, owner, abroad).refusal is Refusal.EXPORT_APPROVAL_REQUIRED
    assert actions(make_uow, owner.tenant.organisation.id, approval_id) == [
        "release.approved", "release.revoked"]


def test_an_approval_of_all_footprints_covers_each_of_them(make_uow: UowFactory,
                                                           owner: Owner) -> None:
    for footprint_id in (owner.footprint_id, owner.other_footprint_id):
        classify(make_uow, owner.tenant.admin, DataKind.FOOTPRINT, footprint_id,
                 Classification.EXPORT_RESTRICTED)
    approve(make_uow, owner, None)
    abroad = policy.recipient_for_partner(owner.abroad)
    assert check(make_uow, owner, abroad).allowed
    assert check(make_uow, owner, abroad, footprint_id=owner.other_footprint_id).allowed


@pytest.mark.parametrize(("field", "changes"), [
    ("purpose", {"purpose": "   "}), ("recipient", {"recipient": ""}),
    ("expires_at", {"expires_at": NOW - timedelta(minutes=1)})])
def test_an_approval_needs_a_purpose_a_recipient_and_a_future_expiry(
        make_uow: UowFactory, owner: Owner, field: str, changes: dict[str, object]) -> None:
    values: dict[str, object] = {"partner_id": owner.abroad.id,
                                 "footprint_id": owner.footprint_id, "purpose": "申报",
                                 "recipient": "Acme", "expires_at": None, "at": NOW}
    with make_uow(write=True) as uow, pytest.raises(InputError) as caught:
        policy.approve_release(uow, owner.decider, **{**values, **changes})  # type: ignore[arg-type]
    assert caught.value.field == field


def test_only_admins_and_decision_makers_approve(make_uow: UowFactory, owner: Owner) -> None:
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        policy.approve_release(uow, owner.tenant.analyst, partner_id=owner.abroad.id,
                               footprint_id=None, purpose="p", recipient="r",
                               expires_at=None, at=NOW)
    approve(make_uow, owner, None)  # the decision maker may
    with make_uow(write=True) as uow:
        policy.approve_release(uow, owner.tenant.admin, partner_id=owner.abroad.id,
                               footprint_id=None, purpose="p", recipient="r",
                               expires_at=None, at=NOW)


def test_an_approval_names_an_own_partner_and_an_own_footprint(make_uow: UowFactory,
                                                               owner: Owner) -> None:
    other = seed_owner(make_uow)
    for partner_id, footprint_id, field in (
            (other.abroad.id, owner.footprint_id, "partner_id"),
            (owner.abroad.id, other.footprint_id, "footprint_id")):
        with make_uow(write=True) as uow, pytest.raises(NotFoundError) as caught:
            policy.approve_release(uow, owner.decider, partner_id=partner_id,
                                   footprint_id=footprint_id, purpose="p", recipient="r",
                                   expires_at=None, at=NOW)
        assert caught.value.field == field


def test_an_approval_is_revoked_once_and_only_by_its_owner(make_uow: UowFactory,
                                                           owner: Owner) -> None:
    approval_id = approve(make_uow, owner, None)
    other = quick_tenant(make_uow, "乙方")
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        policy.revoke_approval(uow, other.admin, approval_id, NOW)
    with make_uow(write=True) as uow:
        policy.revoke_approval(uow, owner.decider, approval_id, NOW)
        uow.commit()
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        policy.revoke_approval(uow, owner.decider, approval_id, NOW)


# -- inventories ----------------------------------------------------------------------------

def test_an_inventory_leaves_only_where_granted_and_its_footprint_may_go(
        make_uow: UowFactory, owner: Owner) -> None:
    home = policy.recipient_for_partner(owner.at_home)
    inventory = DataKind.INVENTORY
    assert check(make_uow, owner, home, inventory).refusal is Refusal.CONFIDENTIAL
    classify(make_uow, owner.tenant.admin, inventory, owner.footprint_id,
             Classification.SHARED)
    assert check(make_uow, owner, home, inventory).refusal is Refusal.INVENTORY_NOT_GRANTED
    with make_uow(write=True) as uow:
        grant = policy.grant_inventory(uow, owner.tenant.admin,
                                       footprint_id=owner.footprint_id,
                                       partner_id=owner.at_home.id, at=NOW)
        uow.commit()
    decision = check(make_uow, owner, home, inventory)
    assert (decision.allowed, decision.grant_id) == (True, grant.id)
    abroad = policy.recipient_for_partner(owner.abroad)
    assert check(make_uow, owner, abroad, inventory).refusal is Refusal.INVENTORY_NOT_GRANTED
    # a confidential footprint keeps its granted inventory home too
    classify(make_uow, owner.tenant.admin, DataKind.FOOTPRINT, owner.footprint_id,
             Classification.CONFIDENTIAL)
    assert check(make_uow, owner, home, inventory).refusal is Refusal.CONFIDENTIAL
    classify(make_uow, owner.tenant.admin, DataKind.FOOTPRINT, owner.footprint_id,
             Classification.SHARED)
    with make_uow(write=True) as uow:
        policy.revoke_grant(uow, owner.tenant.admin, grant.id, NOW)
        uow.commit()
    assert check(make_uow, owner, home, inventory).refusal is Refusal.INVENTORY_NOT_GRANTED
    assert actions(make_uow, owner.tenant.organisation.id, grant.id) == [
        "inventory.granted", "inventory.grant_revoked"]


def test_an_inventory_grant_to_an_organisation_of_the_platform(make_uow: UowFactory,
                                                               owner: Owner) -> None:
    buyer = quick_tenant(make_uow, "买方")
    classify(make_uow, owner.tenant.admin, DataKind.INVENTORY, owner.footprint_id,
             Classification.SHARED)
    with make_uow(write=True) as uow:
        policy.grant_inventory(uow, owner.tenant.admin, footprint_id=owner.footprint_id,
                               grantee_organisation_id=buyer.organisation.id, at=NOW)
        uow.commit()
    to_buyer = policy.recipient_for_organisation(buyer.organisation)
    assert to_buyer.country == "CN"  # region CN-GD
    assert check(make_uow, owner, to_buyer, DataKind.INVENTORY).allowed


@pytest.mark.parametrize("which", ["both", "neither", "own organisation", "unknown"])
def test_a_grant_names_exactly_one_other_recipient(make_uow: UowFactory, owner: Owner,
                                                   which: str) -> None:
    kwargs = {"both": {"partner_id": owner.abroad.id,
                       "grantee_organisation_id": owner.tenant.organisation.id},
              "neither": {},
              "own organisation": {"grantee_organisation_id": owner.tenant.organisation.id},
              "unknown": {"grantee_organisation_id": str(uuid.uuid4())}}[which]
    error = InputError if which in ("both", "neither") else NotFoundError
    with make_uow(write=True) as uow, pytest.raises(error):
        policy.grant_inventory(uow, owner.tenant.admin, footprint_id=owner.footprint_id,
                               at=NOW, **kwargs)  # type: ignore[arg-type]


# -- the release log ------------------------------------------------------------------------

def test_every_release_leaves_an_audit_record_per_footprint(make_uow: UowFactory,
                                                            owner: Owner) -> None:
    classify(make_uow, owner.tenant.admin, DataKind.FOOTPRINT, owner.footprint_id,
             Classification.EXPORT_RESTRICTED)
    approval_id = approve(make_uow, owner, owner.footprint_id)
    abroad = policy.recipient_for_partner(owner.abroad)
    ids = [owner.footprint_id, owner.other_footprint_id]
    with make_uow(write=True) as uow:
        decisions = [policy.check_release(uow, owner_id=owner.tenant.organisation.id,
                                          footprint_id=i, recipient=abroad, at=NOW)
                     for i in ids]
        policy.log_release(uow, owner_id=owner.tenant.organisation.id, actor_id=None,
                           footprint_ids=ids, recipient=abroad, channel="pact-api-v3",
                           decisions=decisions, at=NOW)
        uow.commit()
    with make_uow() as uow:
        records = [r for i in ids for r in uow.audit.for_entity(
            owner.tenant.organisation.id, i) if r.action == "data.released"]
    assert [r.entity_id for r in records] == ids
    assert records[0].after == {"recipient": "Acme GmbH", "country": "DE",
                                "partner_id": owner.abroad.id,
                                "recipient_organisation_id": None, "channel": "pact-api-v3",
                                "approval_id": approval_id, "grant_id": None,
                                "released_at": NOW.isoformat()}
    assert records[1].after is not None
    assert records[1].after["approval_id"] is None
    assert verify_audit(make_uow).broken is None


def test_a_refused_release_is_logged_as_refused_never_as_made(make_uow: UowFactory,
                                                              owner: Owner) -> None:
    classify(make_uow, owner.tenant.admin, DataKind.FOOTPRINT, owner.footprint_id,
             Classification.EXPORT_RESTRICTED)
    abroad = policy.recipient_for_partner(owner.abroad)
    org_id = owner.tenant.organisation.id
    with make_uow(write=True) as uow:
        decision = policy.check_release(uow, owner_id=org_id, footprint_id=owner.footprint_id,
                                        recipient=abroad, at=NOW)
        with pytest.raises(WorkflowError):
            policy.log_release(uow, owner_id=org_id, actor_id=None,
                               footprint_ids=[owner.footprint_id], recipient=abroad,
                               channel="pact-api-v2", decisions=[decision], at=NOW)
        policy.log_refusal(uow, owner_id=org_id, actor_id=None,
                           footprint_id=owner.footprint_id, recipient=abroad,
                           channel="pact-api-v2", decision=decision, at=NOW)
        uow.commit()
    with make_uow() as uow:
        (refused,) = [r for r in uow.audit.for_entity(org_id, owner.footprint_id)
                      if r.action.startswith("data.release")]
    assert refused.action == "data.release_refused"
    assert refused.after is not None
    assert refused.after["refusal"] == "export_approval_required"


def test_a_release_names_a_known_channel(make_uow: UowFactory, owner: Owner) -> None:
    with make_uow(write=True) as uow, pytest.raises(InputError):
        policy.log_release(uow, owner_id=owner.tenant.organisation.id, actor_id=None,
                           footprint_ids=[owner.footprint_id],
                           recipient=policy.recipient_for_partner(owner.at_home),
                           channel="e-mail", at=NOW)


def test_a_release_check_of_another_organisations_footprint_is_not_found(
        make_uow: UowFactory, owner: Owner) -> None:
    other = seed_owner(make_uow)
    with make_uow() as uow, pytest.raises(NotFoundError):
        policy.check_release(uow, owner_id=owner.tenant.organisation.id,
                             footprint_id=other.footprint_id,
                             recipient=policy.recipient_for_partner(owner.at_home), at=NOW)
