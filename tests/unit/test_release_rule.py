"""The release rule (domain/exchange/sharing.py decide_release), every combination.

Every classification × data kind × domestic/foreign recipient × state of the export approval
× state of the inventory grant is decided, and compared with the policy of the issue as
written out case by case below (not with the rule's own code): confidential never leaves;
an inventory needs a grant unless it is public; shared data goes to partners only;
export-restricted data leaving China needs an unexpired, unrevoked approval for this partner
and this footprint (or all of the owner's footprints).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from carbonlabel.domain.exchange.sharing import (
    Classification,
    DataKind,
    InventoryGrant,
    Recipient,
    Refusal,
    ReleaseApproval,
    ReleaseDecision,
    decide_release,
    is_cross_border,
)

AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
FP, OTHER_FP = "fp-1", "fp-2"
PARTNER, OTHER_PARTNER = "partner-1", "partner-2"

APPROVAL_STATES = ("none", "valid", "valid_for_all", "expired", "expires_now", "revoked",
                   "other_partner", "other_footprint")
GRANT_STATES = ("none", "valid", "revoked", "other_partner", "other_footprint")


def approval(state: str) -> tuple[ReleaseApproval, ...]:
    base = ReleaseApproval("appr-1", "owner", PARTNER, FP, "客户年度报告 annual report",
                           "Acme GmbH, Einkauf", "decider", AT - timedelta(days=10),
                           AT + timedelta(days=30))
    variants = {
        "none": None,
        "valid": base,
        "valid_for_all": ReleaseApproval(**{**base.__dict__, "footprint_id": None,
                                            "expires_at": None}),
        "expired": ReleaseApproval(**{**base.__dict__, "expires_at": AT - timedelta(days=1)}),
        "expires_now": ReleaseApproval(**{**base.__dict__, "expires_at": AT}),
        "revoked": ReleaseApproval(**{**base.__dict__, "revoked_at": AT - timedelta(hours=1),
                                      "revoked_by": "admin"}),
        "other_partner": ReleaseApproval(**{**base.__dict__, "partner_id": OTHER_PARTNER}),
        "other_footprint": ReleaseApproval(**{**base.__dict__, "footprint_id": OTHER_FP}),
    }
    found = variants[state]
    return () if found is None else (found,)


def grant(state: str) -> tuple[InventoryGrant, ...]:
    base = InventoryGrant("grant-1", "owner", FP, PARTNER, None, "admin",
                          AT - timedelta(days=3))
    variants = {
        "none": None,
        "valid": base,
        "revoked": InventoryGrant(**{**base.__dict__, "revoked_at": AT - timedelta(days=1)}),
        "other_partner": InventoryGrant(**{**base.__dict__, "partner_id": OTHER_PARTNER}),
        "other_footprint": InventoryGrant(**{**base.__dict__, "footprint_id": OTHER_FP}),
    }
    found = variants[state]
    return () if found is None else (found,)


def recipient(country: str) -> Recipient:
    return Recipient("Acme GmbH" if country != "CN" else "某某电池", country,
                     partner_id=PARTNER)


def expected(classification: Classification, kind: DataKind, foreign: bool,
             approval_state: str, grant_state: str) -> tuple[Refusal | None, str | None,
                                                             str | None]:
    """The policy, case by case: (refusal, approval id relied on, grant id relied on)."""
    if classification is Classification.CONFIDENTIAL:
        return Refusal.CONFIDENTIAL, None, None
    granted = grant_state == "valid"
    if kind is DataKind.INVENTORY and classification is not Classification.PUBLIC \
            and not granted:
        return Refusal.INVENTORY_NOT_GRANTED, None, None
    grant_id = "grant-1" if kind is DataKind.INVENTORY and granted \
        and classification is not Classification.PUBLIC else None
    if classification is Classification.EXPORT_RESTRICTED and foreign:
        if approval_state in ("valid", "valid_for_all"):
            return None, "appr-1", grant_id
        return Refusal.EXPORT_APPROVAL_REQUIRED, None, None
    return None, None, grant_id


CASES = list(itertools.product(Classification, DataKind, (False, True), APPROVAL_STATES,
                               GRANT_STATES))


def test_the_table_covers_every_combination() -> None:
    assert len(CASES) == 4 * 2 * 2 * 8 * 5 == 640


@pytest.mark.parametrize(("classification", "kind", "foreign", "approval_state",
                          "grant_state"), CASES)
def test_release_decision_follows_the_policy(classification: Classification, kind: DataKind,
                                             foreign: bool, approval_state: str,
                                             grant_state: str) -> None:
    decision = decide_release(kind=kind, classification=classification, footprint_id=FP,
                              recipient=recipient("DE" if foreign else "CN"), at=AT,
                              approvals=approval(approval_state), grants=grant(grant_state))
    refusal, approval_id, grant_id = expected(classification, kind, foreign, approval_state,
                                              grant_state)
    assert decision.allowed is (refusal is None)
    assert decision.refusal is refusal
    assert decision.approval_id == approval_id
    assert decision.grant_id == grant_id


@pytest.mark.parametrize("classification", list(Classification))
def test_an_anonymous_reader_gets_public_data_only(classification: Classification) -> None:
    anyone = Recipient("public", "CN", is_partner=False)
    decision = decide_release(kind=DataKind.FOOTPRINT, classification=classification,
                              footprint_id=FP, recipient=anyone, at=AT,
                              approvals=approval("valid"))
    assert decision.allowed is (classification is Classification.PUBLIC)


def test_an_approval_does_not_cover_a_recipient_without_a_partner_id() -> None:
    # an organisation of the platform abroad that the owner does not keep as a partner
    abroad = Recipient("Acme GmbH", "DE", organisation_id="org-acme")
    decision = decide_release(kind=DataKind.FOOTPRINT,
                              classification=Classification.EXPORT_RESTRICTED,
                              footprint_id=FP, recipient=abroad, at=AT,
                              approvals=approval("valid_for_all"))
    assert decision.refusal is Refusal.EXPORT_APPROVAL_REQUIRED


def test_an_inventory_grant_to_an_organisation_covers_that_organisation_only() -> None:
    to_org = (InventoryGrant("grant-9", "owner", FP, None, "org-buyer", "admin", AT),)
    buyer = Recipient("买方", "CN", organisation_id="org-buyer")
    other = Recipient("他方", "CN", organisation_id="org-other")
    decide = [decide_release(kind=DataKind.INVENTORY, classification=Classification.SHARED,
                             footprint_id=FP, recipient=r, at=AT, grants=to_org)
              for r in (buyer, other)]
    assert [d.allowed for d in decide] == [True, False]
    assert decide[0].grant_id == "grant-9"
    assert decide[1].refusal is Refusal.INVENTORY_NOT_GRANTED


@pytest.mark.parametrize(("country", "crosses"), [("CN", False), ("cn", False), ("HK", True),
                                                  ("MO", True), ("TW", True), ("DE", True)])
def test_only_the_mainland_is_domestic(country: str, crosses: bool) -> None:
    assert is_cross_border(country) is crosses


def test_every_refusal_has_a_chinese_and_an_english_message() -> None:
    for refusal in Refusal:
        zh, en = ReleaseDecision(False, refusal).message
        assert zh, refusal
        assert en, refusal
        assert zh != en, refusal
