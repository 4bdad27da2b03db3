"""Alerts for regulators: raised by the scan rules and public reports, read and dismissed by
the regulators whose jurisdiction they lie in (domain/supervision/alerts.py)."""

from __future__ import annotations

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.supervision.alerts import Alert, AlertRule, AlertState, can_move
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.errors import InputError, NotFoundError, WorkflowError
from carbonlabel.services.supervision.regulators import jurisdiction_of, require_regulator_role

#: who of a regulator's staff acts on alerts (viewers only read)
ACTING_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.AUDITOR, Role.DECISION_MAKER})


def raise_alert(uow: UnitOfWork, alert: Alert) -> bool:
    """Store an alert once (by its de-duplication key), with its audit record; True when it is
    new. Raised by the platform (scan rules, public reports), not by a person."""
    stored = uow.alerts.raise_once(alert)
    if stored:
        uow.audit.append(actor_id=None, organisation_id=None, action="alert.raised",
                         entity="supervision_alert", entity_id=alert.id,
                         after={"rule": alert.rule.value, "claimed_number": alert.claimed_number,
                                "holder_region": alert.holder_region,
                                "seen_region": alert.seen_region})
    return stored


def alerts_page(uow: UnitOfWork, actor: User, offset: int, limit: int,
                state: AlertState | None = None, rule: AlertRule | None = None) -> Page[Alert]:
    """The alerts of the actor's jurisdiction, newest first."""
    return uow.alerts.page_within(jurisdiction_of(uow, actor), offset, limit, state, rule)


def get_alert(uow: UnitOfWork, actor: User, alert_id: str) -> Alert:
    """One alert of the actor's jurisdiction; NotFoundError for any other (also one that lies
    in another jurisdiction)."""
    jurisdiction = jurisdiction_of(uow, actor)
    alert = uow.alerts.get(alert_id)
    if alert is None or not (jurisdiction.covers(alert.holder_region)
                             or jurisdiction.covers(alert.seen_region)):
        raise NotFoundError(field="alert_id", message_en="no such alert",
                            message_zh="没有该预警")
    return alert


def move_alert(uow: UnitOfWork, actor: User, alert_id: str, to: AlertState,
               case_id: str | None = None, note: str | None = None) -> Alert:
    """Move an alert on (checked against domain/supervision/alerts.NEXT_STATES), audited;
    does not commit (supervision cases call it inside their own command)."""
    require_regulator_role(actor, ACTING_ROLES)
    alert = get_alert(uow, actor, alert_id)
    if not can_move(alert.state, to):
        raise WorkflowError(field="state", rule="alert_state",
                            message_en=f"an alert that is {alert.state.value} cannot become "
                                       f"{to.value}",
                            message_zh=f"预警当前状态为「{alert.state.value}」，不能变为"
                                       f"「{to.value}」")
    uow.alerts.set_state(alert.id, to, case_id, note)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action=f"alert.{to.value}", entity="supervision_alert", entity_id=alert.id,
                     before={"state": alert.state.value},
                     after={"state": to.value, "case_id": case_id, "note": note})
    moved = uow.alerts.get(alert.id)
    assert moved is not None
    return moved


def dismiss(uow: UnitOfWork, actor: User, alert_id: str, reason: str) -> Alert:
    """A false alarm: dismissed with its reason (required), kept."""
    if not reason.strip():
        raise InputError(field="reason", message_en="say why the alert is dismissed",
                         message_zh="请说明排除预警的理由")
    dismissed = move_alert(uow, actor, alert_id, AlertState.DISMISSED, note=reason.strip())
    uow.commit()
    return dismissed
