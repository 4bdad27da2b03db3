"""The bank's journey in the browser, in Chinese and in English: the holder's admin grants a bank
access to a certificate on the certificate's page; the bank's user opens the evidence page
and downloads the signed package; the package passes the offline check (the
``carbonlabel evidence verify`` command run on the downloaded file with the published keys);
the holder sees both accesses in the grant's log and revokes it; the bank is refused, and the
refusal is in the holder's log. Screenshots (desktop and phone) go to the artifacts folder."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from carbonlabel.domain.tenancy import OrgKind
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import PASSWORD, Tenant, seed_tenant

CLI = Path(sys.executable).parent / "carbonlabel"


@dataclass(frozen=True)
class Scene:
    url: str
    holder: Tenant
    bank: Tenant
    certificate_id: str
    number: str


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    data_dir = tmp_path_factory.mktemp("evidence-data")
    app = make_app(data_dir)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, holder, footprint)
    bank = seed_tenant(make_uow, "绿色发展银行 Green Development Bank", OrgKind.BANK)
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
    assert certificate is not None
    with serving(app) as url:
        yield Scene(url, holder, bank, certificate_id, certificate.number)


def _signed_in(context: BrowserContext, url: str, path: str, email: str) -> Page:
    page = context.new_page()
    page.goto(f"{url}{path}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(path.split("#")[0])))
    return page


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_grant_evidence_offline_check_revoke_refused(scene: Scene, open_browser: BrowserFactory,
                                                     artifacts: Path, tmp_path: Path,
                                                     locale: str) -> None:
    lang = locale[:2]
    certificate_page = f"/certification/certificates/{scene.certificate_id}"
    holder = _signed_in(open_browser(locale=locale), scene.url, certificate_page,
                        scene.holder.admin.email)
    holder.select_option("#evidence-bank", label=scene.bank.organisation.name)
    holder.fill("#evidence-reference", f"GL-{lang}-001")
    holder.fill("#evidence-purpose", "绿色信贷审批 / green loan approval")
    holder.click("#grant-evidence")
    grant = holder.locator(".evidence-grant").last
    expect(grant).to_have_attribute("data-state", "active")
    grant_id = (grant.get_attribute("id") or "").removeprefix("grant-")
    holder.locator("#evidence").screenshot(path=artifacts / f"{lang}-evidence-granted.png")

    bank_context = open_browser(locale=locale)
    bank = _signed_in(bank_context, scene.url, "/evidence", scene.bank.admin.email)
    bank.screenshot(path=artifacts / f"{lang}-evidence-bank-list.png", full_page=True)
    bank.click(f"#grant-{grant_id} a")
    expect(bank).to_have_url(re.compile(rf"/evidence/grants/{grant_id}$"))
    expect(bank.locator("#live-status")).to_have_attribute("data-status", "valid")
    expect(bank.locator("h1 .number")).to_have_text(scene.number)
    expect(bank.locator("#opinion-kind")).to_have_text(
        "无保留意见" if lang == "zh" else "unmodified opinion")
    bank.screenshot(path=artifacts / f"{lang}-evidence-bank-package.png", full_page=True)
    with bank.expect_download() as got:
        bank.click("#download-package")
    package = tmp_path / "evidence.json"
    package.write_bytes(Path(got.value.path()).read_bytes())
    keys = tmp_path / "keys.json"
    keys.write_bytes(bank.request.get(f"{scene.url}/api/v1/registry/keys").body())
    checked = subprocess.run([str(CLI), "evidence", "verify", str(package), "--keys",
                              str(keys)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert scene.number in checked.stdout
    bank.set_viewport_size({"width": 390, "height": 844})
    assert bank.evaluate("document.documentElement.scrollWidth") <= 390
    bank.screenshot(path=artifacts / f"{lang}-evidence-bank-package-phone.png", full_page=True)

    holder.reload()
    rows = holder.locator(f"#grant-{grant_id} .access-log tbody tr")
    expect(rows).to_have_count(2)
    assert [rows.nth(i).get_attribute("data-what") for i in range(2)] == ["package", "page"]
    assert scene.bank.admin.email in rows.first.inner_text()
    holder.locator(f"#grant-{grant_id}").screenshot(
        path=artifacts / f"{lang}-evidence-access-log.png")
    holder.click(f"#revoke-{grant_id}")
    expect(holder.locator(f"#grant-{grant_id}")).to_have_attribute("data-state", "revoked")

    refused = bank.goto(f"{scene.url}/evidence/grants/{grant_id}")
    assert refused is not None
    assert refused.status == 403
    bank.screenshot(path=artifacts / f"{lang}-evidence-bank-refused.png", full_page=True)
    download = bank.request.get(f"{scene.url}/evidence/grants/{grant_id}/package.json")
    assert download.status == 403
    bank.goto(f"{scene.url}/evidence")
    expect(bank.locator(f"#grant-{grant_id}")).to_have_attribute("data-state", "revoked")
    expect(bank.locator(f"#grant-{grant_id} a")).to_have_count(0)

    holder.reload()
    outcomes = holder.locator(f"#grant-{grant_id} .access-log tbody tr")
    expect(outcomes).to_have_count(4)
    assert [outcomes.nth(i).get_attribute("data-outcome") for i in range(4)] == [
        "refused", "refused", "served", "served"]
    holder.set_viewport_size({"width": 390, "height": 844})
    holder.locator(f"#grant-{grant_id}").screenshot(
        path=artifacts / f"{lang}-evidence-revoked-log-phone.png")
