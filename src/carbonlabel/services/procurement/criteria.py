"""Procurement criteria: an agency publishes one (audited, with who and when), withdraws it
(audited, kept in the history); anyone reads the published criteria, withdrawn ones too."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.benchmark import ComparableKey
from carbonlabel.domain.procurement import (
    MAX_REASON,
    MAX_TITLE,
    Criterion,
    CriterionKind,
    criterion_problem,
)
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import ConflictError, InputError, NotFoundError
from carbonlabel.services.procurement.agencies import agency_of, require_publisher


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class CriterionInput:
    title: str
    product_rule: str  # code@version
    declared_unit: str
    boundary: str
    kind: CriterionKind
    threshold: float | None
    effective_on: date


def _text(value: str, field: str, limit: int) -> str:
    text = value.strip()
    if not text or len(text) > limit or "\x00" in text:
        raise InputError(field=field, message_en=f"required, at most {limit} characters",
                         message_zh=f"此项为必填，最多 {limit} 个字符")
    return text


def publish(uow: UnitOfWork, actor: User, data: CriterionInput) -> Criterion:
    """A criterion of the actor's agency, public from now, applying from ``effective_on``."""
    agency = agency_of(uow, actor)
    require_publisher(actor)
    title = _text(data.title, "title", MAX_TITLE)
    key = ComparableKey(data.product_rule.strip(), data.declared_unit.strip(),
                        data.boundary.strip())
    problem = criterion_problem(key, data.kind, data.threshold)
    if problem is not None:
        field, zh, en = problem
        raise InputError(field=field, message_zh=zh, message_en=en)
    criterion = Criterion(str(uuid.uuid4()), agency.id, title, key, data.kind, data.threshold,
                          data.effective_on, actor.id, now())
    uow.procurement_criteria.add(criterion)
    uow.audit.append(actor_id=actor.id, organisation_id=agency.id,
                     action="procurement.criterion_published", entity="procurement_criterion",
                     entity_id=criterion.id,
                     after={"title": title, "key": key.text, "kind": data.kind.value,
                            "threshold": data.threshold,
                            "effective_on": data.effective_on.isoformat()})
    uow.commit()
    return criterion


def withdraw(uow: UnitOfWork, actor: User, criterion_id: str, reason: str) -> Criterion:
    """Withdraw a criterion of the actor's agency (another agency's: not found); it stays in
    the history with who withdrew it, when and why."""
    agency = agency_of(uow, actor)
    require_publisher(actor)
    found = uow.procurement_criteria.get(criterion_id)
    if found is None or found.agency_id != agency.id:
        raise NotFoundError(field="criterion_id", message_en="no such criterion of your agency",
                            message_zh="本机构没有该准则")
    if found.withdrawn_at is not None:
        raise ConflictError(field="criterion_id", message_en="the criterion is already "
                                                             "withdrawn",
                            message_zh="该准则已撤回")
    why = _text(reason, "reason", MAX_REASON)
    at = now()
    uow.procurement_criteria.withdraw(criterion_id, actor.id, at, why)
    uow.audit.append(actor_id=actor.id, organisation_id=agency.id,
                     action="procurement.criterion_withdrawn", entity="procurement_criterion",
                     entity_id=criterion_id, after={"reason": why})
    uow.commit()
    withdrawn = uow.procurement_criteria.get(criterion_id)
    assert withdrawn is not None
    return withdrawn


@dataclass(frozen=True)
class PublishedCriterion:
    criterion: Criterion
    agency: str  # the agency's name: public with the criterion


def published(uow: UnitOfWork, key: ComparableKey | None = None) -> list[PublishedCriterion]:
    """Every published criterion (public by policy), withdrawn ones too, newest first."""
    names: dict[str, str] = {}
    found = []
    for c in uow.procurement_criteria.listed(key=key):
        if c.agency_id not in names:
            org = uow.organisations.get(c.agency_id)
            names[c.agency_id] = org.name if org else ""
        found.append(PublishedCriterion(c, names[c.agency_id]))
    return found


def published_one(uow: UnitOfWork, criterion_id: str) -> PublishedCriterion:
    found = uow.procurement_criteria.get(criterion_id)
    if found is None:
        raise NotFoundError(field="criterion_id", message_en="no such criterion",
                            message_zh="没有该准则")
    org = uow.organisations.get(found.agency_id)
    return PublishedCriterion(found, org.name if org else "")


def own(uow: UnitOfWork, actor: User) -> list[Criterion]:
    """The criteria of the actor's agency, withdrawn ones too."""
    return uow.procurement_criteria.listed(agency_id=agency_of(uow, actor).id)
