"""Each kind of organisation's home and menu: the one place that says where a user lands
after signing in (and on ``/``) and which sections base.html's navigation shows them.

An enterprise (or a supplier) works on products and footprints from its dashboard; a
certification body's staff on the body's workspace (/certification); a regulator's staff on
the supervision workspace; the platform's operator on the certification pages, where it
approves bodies. A bank reads the evidence of the certificates granted to it (/evidence); a
procurement agency lands on its ranking of certified products (/procurement). Each
``_nav.html`` partial shows its links only when its section is in the reader's menu, so no
menu link leads to a page the reader cannot use.
"""

from __future__ import annotations

from enum import StrEnum

from carbonlabel.domain.tenancy import OrgKind, Role


class Section(StrEnum):
    """A group of menu links (one ``_nav.html`` partial or a link of base.html)."""

    DASHBOARD = "dashboard"
    PRODUCT_RULES = "product_rules"
    CERTIFICATION = "certification"  # the landing page: applicant's cases or body workspace
    CERTIFICATION_QUEUES = "certification_queues"  # complaints and appeals, transfers
    OPERATOR = "operator"  # certification bodies' approval and accreditation
    EXCHANGE = "exchange"  # supplier requests, received footprints, partners
    SHARING = "sharing"
    SUPERVISION = "supervision"
    PROCUREMENT = "procurement"  # rankings of certified products, published criteria
    EVIDENCE = "evidence"  # green-finance evidence: a bank's grants, a holder's grants


DASHBOARD = "/dashboard"
HOMES: dict[OrgKind, str] = {
    OrgKind.ENTERPRISE: DASHBOARD,
    OrgKind.SUPPLIER: DASHBOARD,
    OrgKind.CERTIFICATION_BODY: "/certification",
    OrgKind.REGULATOR: "/supervision",
    OrgKind.OPERATOR: "/certification",
    OrgKind.BANK: "/evidence",
    OrgKind.PROCUREMENT_AGENCY: "/procurement",
}

_S = Section
MENUS: dict[OrgKind, frozenset[Section]] = {
    OrgKind.ENTERPRISE: frozenset({_S.DASHBOARD, _S.PRODUCT_RULES, _S.CERTIFICATION,
                                   _S.CERTIFICATION_QUEUES, _S.EXCHANGE, _S.SHARING}),
    OrgKind.SUPPLIER: frozenset({_S.DASHBOARD, _S.PRODUCT_RULES, _S.CERTIFICATION,
                                 _S.CERTIFICATION_QUEUES, _S.EXCHANGE, _S.SHARING}),
    OrgKind.CERTIFICATION_BODY: frozenset({_S.CERTIFICATION, _S.CERTIFICATION_QUEUES,
                                           _S.PRODUCT_RULES}),
    OrgKind.REGULATOR: frozenset({_S.SUPERVISION, _S.PRODUCT_RULES}),
    OrgKind.OPERATOR: frozenset({_S.CERTIFICATION, _S.OPERATOR, _S.PRODUCT_RULES}),
    OrgKind.BANK: frozenset({_S.EVIDENCE, _S.PRODUCT_RULES}),
    OrgKind.PROCUREMENT_AGENCY: frozenset({_S.PROCUREMENT, _S.CERTIFICATION,
                                           _S.PRODUCT_RULES}),
}


def home_of(kind: OrgKind | str | None) -> str:
    """Where a member of an organisation of ``kind`` lands (no organisation: the dashboard,
    which sends a stranger to sign in)."""
    return HOMES[OrgKind(kind)] if kind else DASHBOARD


def menu_of(kind: OrgKind | str | None, role: Role | str | None) -> frozenset[str]:
    """The sections of the menu of a member with ``role`` in an organisation of ``kind``.

    Every role of an organisation reads the same pages (the role decides which forms a page
    offers, not whether it opens), so the role does not take a section away today; it is
    an argument so that a role-only page has one place to say so."""
    del role
    return frozenset(s.value for s in MENUS[OrgKind(kind)]) if kind else frozenset()
