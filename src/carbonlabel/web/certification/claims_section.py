"""What the claims section of a certification case's page shows and offers its reader."""

from __future__ import annotations

from typing import Any

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.records import CertificationCase
from carbonlabel.domain.improvement.claims import ClaimKind
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.services.improvement import claims


def claim_context(uow: UnitOfWork, user: User, case: CertificationCase) -> dict[str, Any]:
    """What the case page's claims section shows and offers this reader."""
    applicant = (user.organisation_id == case.applicant_id
                 and user.role in (Role.ADMIN, Role.ANALYST))
    baselines = []
    if applicant:
        verified = claims.verified_footprints(uow, case.applicant_id, case.product_id)
        baselines = [f for f in (uow.footprints.in_org(case.applicant_id, i) for i in verified)
                     if f is not None and f.id != case.footprint_id]
    return {"claims": claims.of_case(uow, user, case.id),
            "claim_kinds": list(ClaimKind),
            "may_request_claim": applicant and case.state.value not in (
                "granted", "refused", "withdrawn", "rejected"),
            "may_decide_claim": (user.organisation_id == case.body_id
                                 and user.role is Role.DECISION_MAKER
                                 and case.certificate_id is not None),
            "claim_baselines": sorted(baselines, key=lambda f: f.created_at)}
