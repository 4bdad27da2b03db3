"""The footprint page's way to certification: "apply" for the roles that apply (an enterprise's
admin and analyst), leading to the application form with the footprint chosen; the case
instead while one is in progress; the certificate instead once the product holds a valid one.
And the dashboard's certified column: each product's certificate number and status, linked."""

from __future__ import annotations

import re

import pytest

from carbonlabel.domain.records import FootprintRecord
from carbonlabel.domain.tenancy import User
from carbonlabel.services.certification import cases
from tests.api.conftest import World, sign_in
from tests.support.certification import documents, product_footprint

APPLY = 'id="apply-certification"'


def _page(world: World, user: User, footprint_id: str, lang: str = "zh_CN") -> str:
    world.client.cookies.clear()
    sign_in(world.client, user)
    page = world.client.get(f"/footprints/{footprint_id}", params={"lang": lang})
    assert page.status_code == 200
    return page.text


def _new_footprint(world: World) -> FootprintRecord:
    return product_footprint(world.app.state.uow, world.app.state.settings.data_dir,
                             world.a.tenant)


@pytest.mark.parametrize(("role", "shown"), [("admin", True), ("analyst", True),
                                             ("viewer", False)])
def test_apply_is_offered_to_the_roles_that_apply(world: World, role: str,
                                                  shown: bool) -> None:
    footprint = _new_footprint(world)
    page = _page(world, getattr(world.a.tenant, role), footprint.id)
    assert (APPLY in page) is shown
    if shown:
        link = re.search(r'href="([^"]+)" class="button primary" ' + APPLY, page)
        assert link is not None
        assert link.group(1) == f"/certification/apply?footprint_id={footprint.id}"
    assert 'id="open-case-link"' not in page
    assert 'id="certificate-link"' not in page


def test_the_application_form_opens_with_the_footprint_chosen(world: World) -> None:
    footprint = _new_footprint(world)
    page = _page(world, world.a.tenant.analyst, footprint.id)
    href = re.search(r'href="([^"]+)" class="button primary"', page)
    assert href is not None
    form = world.client.get(href.group(1).replace("&amp;", "&"))
    assert form.status_code == 200
    assert f'<option value="{footprint.id}" selected>' in form.text


def test_a_case_in_progress_is_linked_instead_of_apply(world: World) -> None:
    footprint = _new_footprint(world)
    with world.app.state.uow(write=True) as uow:
        case = cases.apply_for_certification(uow, world.a.tenant.analyst, footprint.id,
                                             world.a.certified.body.organisation_id,
                                             documents())
    page = _page(world, world.a.tenant.admin, footprint.id)
    assert APPLY not in page
    assert f'href="/certification/cases/{case.id}" id="open-case-link"' in page


def test_a_valid_certificate_is_linked_instead_of_apply(world: World) -> None:
    page = _page(world, world.a.tenant.admin, world.a.footprint_id, "en")
    assert APPLY not in page
    certified = world.a.certified
    assert (f'href="/certification/certificates/{certified.certificate_id}" '
            f'id="certificate-link"><code>{certified.number}</code>') in page
    assert "· valid" in page


def test_the_downloads_card_follows_the_total_and_links_every_file(world: World) -> None:
    page = _page(world, world.a.tenant.viewer, world.a.footprint_id, "en")
    assert page.index('id="total"') < page.index('id="downloads"') < page.index('id="stages"')
    links = re.findall(r'<a href="([^"]+)"', page[page.index('id="downloads"'):
                                                  page.index('id="stages"')])
    base = f"/footprints/{world.a.footprint_id}/tables"
    assert f"{base}/workbook.xlsx" in links
    assert f"/api/v1/footprints/{world.a.footprint_id}/report.pdf?lang=en" in links
    csvs = [link for link in links if link.endswith(".csv")]
    assert len(csvs) == 6
    for link in [*csvs, f"{base}/workbook.xlsx"]:
        assert world.client.get(link).status_code == 200, link


def test_the_study_report_pdf_opens_with_the_page_session(world: World) -> None:
    page = _page(world, world.a.tenant.viewer, world.a.footprint_id)
    link = re.search(r'href="([^"]+)" id="download-pdf"', page)
    assert link is not None
    pdf = world.client.get(link.group(1))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(("lang", "status"), [("zh_CN", "有效"), ("en", "valid")])
def test_the_dashboard_shows_which_products_are_certified(world: World, lang: str,
                                                          status: str) -> None:
    footprint = _new_footprint(world)  # a second product, not certified
    world.client.cookies.clear()
    sign_in(world.client, world.a.tenant.viewer)
    page = world.client.get("/dashboard", params={"lang": lang}).text
    certified = world.a.certified
    row = re.search(r'<tr data-product="' + world.a.product_id + r'">(.*?)</tr>', page, re.S)
    assert row is not None
    assert (f'<a href="/certification/certificates/{certified.certificate_id}" '
            f'class="certificate-link"><code>{certified.number}</code></a>') in row.group(1)
    assert status in row.group(1)
    other = re.search(r'<tr data-product="' + footprint.product_id + r'">(.*?)</tr>', page,
                      re.S)
    assert other is not None
    assert "certificate-link" not in other.group(1)
