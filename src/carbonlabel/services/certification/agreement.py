"""The certification agreement: the version in force, and the applicant accepting it
(ISO/IEC 17065 4.1.2). The body accepts a case only once its applicant has accepted."""

from __future__ import annotations

from datetime import UTC, date, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import agreement
from carbonlabel.domain.certification.agreement import Acceptance, Agreement
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import NotFoundError, PermissionDeniedError


def in_force(uow: UnitOfWork, day: date | None = None) -> Agreement | None:
    return agreement.current(uow.agreements.versions(), day or datetime.now(UTC).date())


def accept(uow: UnitOfWork, actor: User, version: int) -> Acceptance:
    """The applicant's admin or analyst accepts ``version`` (the one in force) for the
    organisation: who, when, which version. Accepting it again returns the first acceptance."""
    if actor.role not in (Role.ADMIN, Role.ANALYST):
        raise PermissionDeniedError(field="role",
                                    message_en="only an admin or analyst accepts the agreement",
                                    message_zh="仅管理员或核算人员可接受认证协议")
    current = in_force(uow)
    if current is None or current.version != version:
        raise NotFoundError(field="agreement",
                            message_en=f"version {version} is not the agreement in force",
                            message_zh=f"第 {version} 版不是现行认证协议")
    held = [a for a in uow.agreements.acceptances(actor.organisation_id) if a.version == version]
    if held:  # accepted already: the first acceptance stands (accepting again is no change)
        return held[0]
    done = Acceptance(actor.organisation_id, version, actor.id, datetime.now(UTC))
    uow.agreements.accept(done)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="agreement.accepted", entity="certification_agreement",
                     entity_id=str(version), after={"version": version})
    uow.commit()
    return done


def accepted_current(uow: UnitOfWork, org_id: str) -> bool:
    current = in_force(uow)
    return current is None or current.version in {
        a.version for a in uow.agreements.acceptances(org_id)}


def check_accepted(uow: UnitOfWork, applicant_id: str) -> None:
    """The body may accept the applicant's case (called by the case workflow)."""
    agreement.check_accepted(in_force(uow),
                             {a.version for a in uow.agreements.acceptances(applicant_id)})
