"""Impartiality per case (ISO/IEC 17065 4.2): everybody who audits, reviews or decides a case
declares for it; the rules of :mod:`carbonlabel.domain.certification.rules` and the steps in
:mod:`carbonlabel.services.certification.cases` look at these declarations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import rules
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import InputError, PermissionDeniedError
from carbonlabel.services.certification.cases import SCHEME, _body_staff, get_case


def declare_for_case(uow: UnitOfWork, actor: User, case_id: str, statement: str,
                     last_consultancy_on: date | None = None,
                     today: date | None = None) -> rules.Declaration:
    """The actor declares impartiality for this case (ISO/IEC 17065 4.2): live for the
    scheme's ``declaration_validity_days``; a consultancy for the applicant within
    ``consultancy_years`` is declared here and blocks the person from the case."""
    case = get_case(uow, actor, case_id)  # another organisation's case: 404
    _body_staff(uow, actor, {Role.AUDITOR, Role.DECISION_MAKER, Role.ADMIN})
    if actor.organisation_id != case.body_id:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only the case's body declares for it",
                                    message_zh="仅该项目的认证机构人员可声明")
    text = rules.check_reason(statement, "statement")
    now = datetime.now(UTC)
    today = today or now.date()
    if last_consultancy_on is not None and last_consultancy_on > today:
        raise InputError(field="last_consultancy_on",
                         message_en="the consultancy date cannot be in the future",
                         message_zh="咨询日期不能晚于今天")
    expires = today + timedelta(days=SCHEME.declaration_validity_days)
    uow.declarations.add(case.id, actor.id, text, last_consultancy_on, now, expires)
    uow.audit.append(actor_id=actor.id, organisation_id=case.applicant_id,
                     action="impartiality.declared_for_case", entity="certification_case",
                     entity_id=case.id,
                     after={"expires_on": expires.isoformat(),
                            "last_consultancy_on": last_consultancy_on.isoformat()
                            if last_consultancy_on else None})
    uow.commit()
    return uow.declarations.for_case(case.id)[actor.id]
