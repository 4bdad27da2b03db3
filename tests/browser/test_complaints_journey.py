"""Complaints and appeals end to end in Debian's chromium (ISO/IEC 17065 §7.13), in Chinese:

(a) a member of the public opens a label's verification page on a phone, follows "举报" (report
it), sends what they observed without signing in, and gets a reference and a private tracking
link; the body's admin acknowledges and assigns an investigator (the audit team and the
certificate's decider are shown as not eligible), the uninvolved decision maker records the
findings and decides, the admin closes; the tracking link shows the outcome.

(b) the body suspends the certificate; the holder appeals from its certificate page; the admin
who suspended it may not decide, an uninvolved decision maker upholds it and the certificate
is valid again, on the holder's page and on the scan.

Screenshots go to tests/browser/artifacts/ (complaint-*.png, appeal-*.png).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.services.accounts import users
from carbonlabel.services.certification import labels
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.certification import (
    Body,
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import PASSWORD, Tenant

PHONE = {"width": 390, "height": 844}
COMPLAINT_URL = re.compile(r"/certification/complaints/[0-9a-f-]{36}\?done=(\w+)")


@dataclass(frozen=True)
class Scene:
    url: str
    body: Body
    outsider: User  # a decision maker of the body on no team and in no decision
    holder: Tenant
    certificate_id: str
    number: str
    qr_url: str
    make_uow: UowFactory


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    data_dir = tmp_path_factory.mktemp("complaints-journey")
    app = make_app(data_dir)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, data_dir)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, data_dir, body, holder, footprint)
    with make_uow(write=True) as uow:
        outsider = users.add_user(uow, body.organisation_id, "outsider@cert.example.cn",
                                  "复核人 王", Role.DECISION_MAKER, PASSWORD, None)
        uow.commit()
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, holder.admin, certificate_id,
                                   LabelKeys(app.state.settings.label_keys_dir))
    with serving(app) as url:
        yield Scene(url, body, outsider, holder, certificate_id, label.code,
                    f"{url}/v/{label.token}", make_uow)


def act_as(page: Page, scene: Scene, user: User, where: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{scene.url}/signin?next={where}")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(where) + "$"))


def step(page: Page, action: str, note: str = "", shot: Path | None = None) -> None:
    form = page.locator(f"#step-{action}")
    if note:
        form.locator("textarea").fill(note)
    if shot is not None:
        page.screenshot(path=shot, full_page=True)
    form.locator(f"button[data-action={action}]").click()
    expect(page).to_have_url(COMPLAINT_URL)
    expect(page.locator("#done-notice")).to_be_visible()


def handle(desk: Page, scene: Scene, complaint_url: str, outcome: str, decision: str,
           prefix: str, artifacts: Path) -> None:
    """Acknowledge and assign (as the admin), investigate and decide (as the outsider)."""
    step(desk, "acknowledge")
    options = desk.locator("#investigator option")
    expect(desk.locator("#investigator option[disabled]")).not_to_have_count(0)
    for member in (*scene.body.auditors, scene.body.decider):  # involved: shown, not offered
        expect(options.filter(has_text=member.display_name)).to_be_disabled()
    desk.select_option("#investigator", scene.outsider.id)
    step(desk, "assign", shot=artifacts / f"{prefix}-3-assign.png")
    act_as(desk, scene, scene.outsider, complaint_url)
    step(desk, "record_findings", "核查了标识与登记簿记录 / label checked against the registry")
    desk.select_option("#outcome-choice", outcome)
    step(desk, "decide", decision, shot=artifacts / f"{prefix}-4-decide.png")
    expect(desk.locator("#outcome")).to_have_attribute("data-outcome", outcome)


def test_a_public_complaint_is_reported_handled_and_its_outcome_tracked(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    phone = open_browser(locale="zh-CN", **PHONE).new_page()
    phone.goto(scene.qr_url)
    expect(phone.locator("#verdict")).to_have_attribute("data-verdict", "valid")
    phone.click("#report-link")
    expect(phone.locator("#complaint-code")).to_have_value(scene.number)
    phone.fill("#complaint-description", "商品包装上的碳足迹数值与登记簿不一致")
    phone.fill("#complaint-email", "citizen@example.cn")
    phone.screenshot(path=artifacts / "complaint-1-form-phone.png", full_page=True)
    phone.click("#complaint-submit")
    reference = phone.locator("#complaint-reference").inner_text()
    assert re.fullmatch(r"TS-\d{4}-\d{6}", reference)
    tracking = phone.locator("#tracking-link").get_attribute("href")
    assert tracking is not None
    assert "/complaints/track/" in tracking
    phone.screenshot(path=artifacts / "complaint-2-received-phone.png", full_page=True)

    desk = open_browser(locale="zh-CN").new_page()
    act_as(desk, scene, scene.body.admin, "/certification/complaints")
    row = desk.locator("#complaint-queue tbody tr", has_text=reference)
    expect(row).to_contain_text("已收到")
    row.locator("a.complaint-link").click()
    complaint_url = desk.url.split("?")[0].removeprefix(scene.url)
    handle(desk, scene, complaint_url, "upheld", "投诉成立：已要求持证方更正标识",
           "complaint", artifacts)
    act_as(desk, scene, scene.body.admin, complaint_url)
    step(desk, "close")
    expect(desk.locator("#complaint-state")).to_have_attribute("data-state", "closed")

    phone.goto(tracking)
    expect(phone.locator("#complaint-status")).to_have_attribute("data-state", "closed")
    expect(phone.locator("#complaint-outcome")).to_have_attribute("data-outcome", "upheld")
    expect(phone.locator("#complaint-decision")).to_contain_text("投诉成立")
    expect(phone.locator("#complaint-steps li")).to_have_count(5)
    phone.screenshot(path=artifacts / "complaint-5-outcome-phone.png", full_page=True)


def test_a_holder_appeals_a_suspension_and_an_uninvolved_decider_restores_it(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    with scene.make_uow(write=True) as uow:
        labels.change_certificate_status(uow, scene.body.admin, scene.certificate_id,
                                         CertificateAction.SUSPEND, "监督发现数据异常")
    desk = open_browser(locale="zh-CN").new_page()
    certificate_url = f"/certification/certificates/{scene.certificate_id}"
    act_as(desk, scene, scene.holder.admin, certificate_url)
    expect(desk.locator("h1 .state")).to_have_text("暂停")
    desk.click("#appeal-link")
    expect(desk.locator("#appeal-against")).to_have_value("suspension")
    desk.fill("#appeal-grounds", "暂停所依据的监督数据有误，附校准证书")
    desk.screenshot(path=artifacts / "appeal-1-form.png", full_page=True)
    desk.click("#appeal-submit")
    expect(desk).to_have_url(COMPLAINT_URL)
    appeal_url = desk.url.split("?")[0].removeprefix(scene.url)
    expect(desk.locator("#complaint-state")).to_have_attribute("data-state", "received")

    act_as(desk, scene, scene.body.admin, appeal_url)
    handle(desk, scene, appeal_url, "upheld", "申诉成立：恢复证书", "appeal", artifacts)

    act_as(desk, scene, scene.holder.admin, certificate_url)
    expect(desk.locator("h1 .state")).to_have_text("有效")
    expect(desk.locator("#status")).to_contain_text("申诉")
    desk.screenshot(path=artifacts / "appeal-5-restored.png", full_page=True)
    desk.goto(scene.qr_url)
    expect(desk.locator("#verdict")).to_have_attribute("data-verdict", "valid")
