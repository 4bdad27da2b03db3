"""What the application page adds to the footprint, body and documents: the catalogue entry,
the producer, manufacturing sites, product types and specifications, and the acceptance of
the certification agreement in force."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Form

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import agreement
from carbonlabel.services.certification.application import ApplicationDetails


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip()[:200] for line in text.splitlines() if line.strip())[:20]


@dataclass(frozen=True)
class ApplicationForm:
    category: str = ""
    producer: str = ""
    site_ids: tuple[str, ...] = ()
    product_types: str = ""  # one a line
    specifications: str = ""  # one a line
    agreement_version: str = ""  # the version the applicant ticked to accept
    mode: str = "product"  # or "system" (体系认证: services/certification/system.py)
    product_rule: str = ""  # the system's product rule (system mode)

    @staticmethod
    def of(category: Annotated[str, Form(max_length=3)] = "",
           producer: Annotated[str, Form(max_length=200)] = "",
           site_ids: Annotated[list[str] | None, Form()] = None,
           product_types: Annotated[str, Form(max_length=4000)] = "",
           specifications: Annotated[str, Form(max_length=4000)] = "",
           agreement_version: Annotated[str, Form(max_length=9)] = "",
           mode: Annotated[str, Form(max_length=10)] = "product",
           product_rule: Annotated[str, Form(max_length=200)] = "") -> ApplicationForm:
        return ApplicationForm(category, producer, tuple(s[:36] for s in site_ids or ())[:50],
                               product_types, specifications, agreement_version,
                               "system" if mode == "system" else "product", product_rule)

    def details(self) -> ApplicationDetails:
        return ApplicationDetails(self.category.strip() or None, self.producer,
                                  self.site_ids, _lines(self.product_types),
                                  _lines(self.specifications))

    def chosen(self) -> dict[str, Any]:
        """What the page shows again when the application is refused."""
        return {"category": self.category, "producer": self.producer,
                "site_ids": list(self.site_ids), "product_types": self.product_types,
                "specifications": self.specifications, "mode": self.mode,
                "product_rule": self.product_rule}

    def accept_agreement(self, uow: UnitOfWork, actor: User) -> None:
        """Accept the agreement in force if the box was ticked and it is not yet accepted."""
        if self.agreement_version.isdigit() and not agreement.accepted_current(
                uow, actor.organisation_id):
            agreement.accept(uow, actor, int(self.agreement_version))


def application_form(uow: UnitOfWork, actor: User,
                     scopes: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The page's choices: catalogue entries, the bodies' scopes by name, the applicant's
    sites, the agreement."""
    return {"catalogue_entries": [str(e.code) for e in catalogue.ENTRIES],
            "scopes": scopes,
            "sites": uow.sites.of(actor.organisation_id),
            "agreement": agreement.in_force(uow),
            "agreement_accepted": agreement.accepted_current(uow, actor.organisation_id)}
