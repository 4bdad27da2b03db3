"""Each kind of organisation lands on its own home and sees its own menu (over HTTP): an
enterprise on its dashboard, a certification body's staff on the body's workspace, a
regulator on /supervision; every link of every member's menu opens (200), and a menu shows
no section the organisation has no use for (the enterprise's products to a body, the
body's queues to a regulator)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.browser.roles_world import RolesWorld, build, menu_links, signed_in
from tests.browser.support import make_app

ENTERPRISE_MENU = ["/dashboard", "/product-rules", "/certification",
                   "/certification/complaints", "/certification/transfers",
                   "/exchange/requests", "/exchange/received", "/exchange/partners",
                   "/sharing", "/account"]
BODY_MENU = ["/product-rules", "/certification", "/certification/complaints",
             "/certification/transfers", "/account"]
REGULATOR_MENU = ["/supervision", "/supervision/certificates",
                  "/supervision/certification-cases", "/supervision/surveillance",
                  "/supervision/scans", "/supervision/alerts", "/supervision/cases",
                  "/supervision/spot-checks", "/supervision/penalties", "/supervision/pilots",
                  "/product-rules", "/account"]
MENUS = {
    "enterprise admin": ENTERPRISE_MENU, "enterprise analyst": ENTERPRISE_MENU,
    "enterprise viewer": ENTERPRISE_MENU, "supplier admin": ENTERPRISE_MENU,
    "body admin": BODY_MENU, "body auditor": BODY_MENU, "body decision_maker": BODY_MENU,
    "regulator analyst": REGULATOR_MENU, "regulator admin": REGULATOR_MENU,
    "operator admin": ["/product-rules", "/certification", "/certification/operator",
                       "/account"],
    "bank admin": ["/product-rules", "/evidence", "/account"],
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RolesWorld]:
    data_dir = tmp_path_factory.mktemp("role-menus")
    app = make_app(data_dir)
    with TestClient(app):
        yield build(app, data_dir)


@pytest.mark.parametrize("who", sorted(MENUS))
def test_signing_in_lands_on_the_home_of_the_organisation_kind(world: RolesWorld,
                                                               who: str) -> None:
    client, landed = signed_in(world, who)
    home = world.members[who].home
    assert landed == home
    assert client.get("/").headers["location"] == home
    assert client.get("/signin").headers["location"] == home  # already signed in
    assert client.get(home).status_code == 200
    # a page asked for before signing in is still where the form goes
    fresh = TestClient(world.app, follow_redirects=False)
    form = fresh.get("/signin?next=/account").text
    csrf = form.split('name="csrf_token" value="')[1].split('"')[0]
    member = world.members[who]
    answer = fresh.post("/signin", data={"email": member.user.email,
                                         "password": member.password, "csrf_token": csrf,
                                         "next": "/account"})
    assert answer.headers["location"] == "/account"


def test_nobody_signed_in_goes_from_the_root_to_the_sign_in_form(world: RolesWorld) -> None:
    client = TestClient(world.app, follow_redirects=False)
    assert client.get("/").headers["location"] == "/signin"


@pytest.mark.parametrize("who", sorted(MENUS))
def test_every_link_of_the_menu_opens_and_the_menu_is_the_kinds_own(world: RolesWorld,
                                                                    who: str) -> None:
    client, home = signed_in(world, who)
    links = menu_links(client.get(home).text)
    assert links == MENUS[who]
    for link in links:
        page = client.get(link)
        assert page.status_code == 200, (who, link, page.status_code)
        assert menu_links(page.text) == links, link  # the same menu on every page of it
