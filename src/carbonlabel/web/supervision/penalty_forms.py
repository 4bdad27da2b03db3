"""The penalty record form: its posted values read into the domain's fields (InputError naming
the field for a wrong choice, date or amount), and the values shown when it is drawn again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from fastapi import Request

from carbonlabel.domain.supervision.penalties import (
    PartyKind,
    Penalty,
    PenaltyClass,
    PenaltyFields,
    PublicityClass,
    ViolationType,
)
from carbonlabel.domain.supervision.penalty_amounts import amount_text, parse_amount
from carbonlabel.errors import InputError
from carbonlabel.web.pages.rendering import N_, both

E = TypeVar("E", bound=StrEnum)

TEXT_LIMITS: dict[str, int] = {
    "party_name": 200, "party_region": 40, "credit_code": 18, "registration_number": 50,
    "organisation_code": 50, "tax_number": 50, "institution_number": 50,
    "social_org_number": 50, "legal_representative": 100, "id_type": 50, "id_number": 64,
    "decision_number": 128, "facts": 4001, "legal_basis": 4001, "content": 4001,
    "licence": 4001, "note": 4001, "case_id": 64, "certificate_number": 64, "alert_id": 64,
}


@dataclass(frozen=True)
class PenaltyForm:
    values: dict[str, str] = field(default_factory=dict)
    classes: tuple[str, ...] = ()


async def posted(request: Request) -> PenaltyForm:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    return PenaltyForm(values, tuple(v for v in form.getlist("classes") if isinstance(v, str)))


def _choice(kind: type[E], value: str, name: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise InputError(field=name, **both(N_("Choose one of the offered values."))) from None


def _day(value: str, name: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(field=name, **both(N_("Give the date as YYYY-MM-DD."))) from None


def _required_day(value: str, name: str) -> date:
    day = _day(value, name)
    if day is None:
        raise InputError(field=name, **both(N_("Give the date as YYYY-MM-DD.")))
    return day


def to_fields(form: PenaltyForm) -> PenaltyFields:
    v = form.values
    text = {name: v.get(name, "")[:limit] for name, limit in TEXT_LIMITS.items()}
    kind = v.get("publicity_class", "")
    return PenaltyFields(
        **text, party_kind=_choice(PartyKind, v.get("party_kind", ""), "party_kind"),
        violation=_choice(ViolationType, v.get("violation", ""), "violation"),
        classes=frozenset(_choice(PenaltyClass, c, "classes") for c in form.classes[:13]),
        decided_on=_required_day(v.get("decided_on", ""), "decided_on"),
        valid_until=_required_day(v.get("valid_until", ""), "valid_until"),
        fine=parse_amount(v.get("fine", "")[:40], "fine"),
        confiscated=parse_amount(v.get("confiscated", "")[:40], "confiscated"),
        publicity_class=_choice(PublicityClass, kind, "publicity_class") if kind else None,
        restriction_end=_day(v.get("restriction_end", ""), "restriction_end"),
        law_requires_publicity=v.get("law_requires_publicity", "") in {"on", "1", "true"})


def from_penalty(p: Penalty) -> PenaltyForm:
    """The form filled with a stored record (to edit a draft)."""
    f = p.fields
    values = {name: str(getattr(f, name)) for name in TEXT_LIMITS}
    values.update(party_kind=f.party_kind.value, violation=f.violation.value,
                  decided_on=f.decided_on.isoformat(), valid_until=f.valid_until.isoformat(),
                  fine=amount_text(f.fine), confiscated=amount_text(f.confiscated),
                  publicity_class=p.publicity_class.value,
                  restriction_end=f.restriction_end.isoformat() if f.restriction_end else "",
                  law_requires_publicity="on" if f.law_requires_publicity else "")
    return PenaltyForm(values, tuple(c.value for c in f.classes))
