"""A platform with a member of every kind of organisation and role the menus tell apart, and
the HTTP helpers of the role and page walks (tests/browser/test_role_menus_http.py,
tests/browser/test_page_language_walk.py): signing in over the pages' own form, and the
links of the main menu."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from carbonlabel.domain.tenancy import OrgKind, Role, User
from tests.support import supervision
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
    seed_operator,
)
from tests.support.platform import PASSWORD, seed_tenant

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Member:
    user: User
    password: str
    home: str  # where they land after signing in


@dataclass(frozen=True)
class RolesWorld:
    app: FastAPI
    members: dict[str, Member]  # by "kind role"
    product_id: str  # the enterprise's product, with a footprint and a certificate
    footprint_id: str
    certificate_id: str
    case_id: str


def build(app: FastAPI, data_dir: Path) -> RolesWorld:
    make_uow = app.state.uow
    holder, footprint = enterprise_with_footprint(make_uow, data_dir)
    body = seed_body(make_uow)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, holder, footprint)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
    supplier = seed_tenant(make_uow, "供应商 Supplier Co.", OrgKind.SUPPLIER)
    bank = seed_tenant(make_uow, "绿色银行 Green Bank", OrgKind.BANK)
    bureau = supervision.regulator(make_uow, "CN-GD", "inspector@samr-gd.example.cn")
    regulator_admin = supervision.colleague(make_uow, bureau, "chief@samr-gd.example.cn",
                                            Role.ADMIN)
    operator = seed_operator(make_uow)

    def member(user: User, home: str, password: str = PASSWORD) -> Member:
        return Member(user, password, home)

    return RolesWorld(app, {
        "enterprise admin": member(holder.admin, "/dashboard"),
        "enterprise analyst": member(holder.analyst, "/dashboard"),
        "enterprise viewer": member(holder.viewer, "/dashboard"),
        "supplier admin": member(supplier.admin, "/dashboard"),
        "body admin": member(body.admin, "/certification"),
        "body auditor": member(body.auditors[0], "/certification"),
        "body decision_maker": member(body.decider, "/certification"),
        "regulator analyst": member(bureau, "/supervision", supervision.PASSWORD),
        "regulator admin": member(regulator_admin, "/supervision", supervision.PASSWORD),
        "operator admin": member(operator, "/certification"),
        "bank admin": member(bank.admin, "/evidence"),
    }, footprint.product_id, footprint.id, certificate_id, certificate.case_id)


def signed_in(world: RolesWorld, who: str, lang: str = "zh-CN") -> tuple[TestClient, str]:
    """A client signed in as ``who`` over the sign-in form; and where the form sent it."""
    member = world.members[who]
    client = TestClient(world.app, headers={"Accept-Language": lang}, follow_redirects=False)
    token = CSRF.search(client.get("/signin").text)
    assert token is not None
    answer = client.post("/signin", data={"email": member.user.email,
                                          "password": member.password,
                                          "csrf_token": token.group(1)})
    assert answer.status_code == 303, answer.text
    return client, answer.headers["location"]


class _MenuLinks(HTMLParser):
    """The links of the header's main menu (not the language switch)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = dict(attrs)
        if tag == "nav" and "nav" in (shown.get("class") or "").split():
            self._depth = 1
        elif self._depth and tag == "nav":
            self._depth += 1
        elif self._depth and tag == "a" and not shown.get("hreflang"):
            self.links.append(shown.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "nav":
            self._depth -= 1


def menu_links(page: str) -> list[str]:
    parser = _MenuLinks()
    parser.feed(page)
    return parser.links
