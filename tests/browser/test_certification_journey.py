"""End to end in Debian's chromium, as the people would: an enterprise applies with its calculated
footprint and the four documents; the certification body accepts and plans, its auditor reviews,
inspects and re-runs the footprint (no material difference), which alone does not complete the
verification: the team takes the verification engagement through terms, plan, sample and
evidence, the decision maker (not on the team) reviews it, the team leader issues an unmodified
opinion; the verification completes and the decision maker grants; the enterprise issues the
label; a phone (390 x 844) opens the QR code's URL and sees "有效" (valid); the body suspends the
certificate and the same scan shows "暂停" (suspended). In Chinese, the pages' first language; the
phone's last look is in English. Screenshots of the main pages go to tests/browser/artifacts/
(cert-*.png).

The body's set-up (accreditation, auditors' qualifications and impartiality declarations) and
the footprint's calculation are made through the services beforehand: other tests drive those
pages (tests/browser/test_browser_journeys.py, test_certification_pages_http.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, FilePayload, Page, expect

from carbonlabel.domain.certification.records import REQUIRED_DOCUMENTS
from carbonlabel.domain.tenancy import User
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.certification import (
    Body,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import PASSWORD, Tenant

CASE_URL = re.compile(r"/certification/cases/[0-9a-f-]{36}\?done=(\w+)")
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Scene:
    url: str
    body: Body
    enterprise: Tenant


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    data_dir = tmp_path_factory.mktemp("certification-journey")
    app = make_app(data_dir)
    body = seed_body(app.state.uow)
    enterprise, _ = enterprise_with_footprint(app.state.uow, data_dir)
    qualify_and_declare(app.state.uow, body, enterprise.organisation.id)
    with serving(app) as url:
        yield Scene(url, body, enterprise)


def act_as(page: Page, scene: Scene, user: User, where: str) -> None:
    """Sign in as ``user`` in this browser (after whoever was signed in) and open a page."""
    page.context.clear_cookies()
    page.goto(f"{scene.url}/signin?next={where}")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(where) + "$"))


def take_step(page: Page, action: str, reason: str = "", shot: Path | None = None) -> None:
    form = page.locator(f"#step-{action}")
    if reason:
        form.locator("textarea[name=reason]").fill(reason)
    if shot is not None:
        page.screenshot(path=shot, full_page=True)
    form.locator(f"button[data-action={action}]").click()
    expect(page).to_have_url(CASE_URL)
    expect(page.locator("#done-notice")).to_be_visible()
    expect(page.locator("#timeline .event").last).to_have_attribute("data-action", action)


def pdf(name: str) -> FilePayload:
    return {"name": f"{name}.pdf", "mimeType": "application/pdf",
            "buffer": f"%PDF-1.4 {name}".encode()}


def apply(page: Page, scene: Scene, shots: Path) -> str:
    act_as(page, scene, scene.enterprise.analyst, "/certification")
    expect(page.locator("h1")).to_have_text("认证")
    page.click("#apply-link")
    page.select_option("#body_id", scene.body.organisation_id)
    for kind in REQUIRED_DOCUMENTS:
        page.set_input_files(f"#{kind.value}", [pdf(kind.value)])
    page.screenshot(path=shots / "cert-1-apply.png", full_page=True)
    page.click("#submit-application")
    expect(page).to_have_url(CASE_URL)
    expect(page.locator("#done-notice")).to_have_text("您的申请已提交。")
    expect(page.locator("h1 .state")).to_have_text("已申请")
    expect(page.locator("#documents tbody tr")).to_have_count(4)
    return page.url.split("?")[0]


def review_and_audit(page: Page, scene: Scene, case_url: str, shots: Path) -> None:
    path = case_url.removeprefix(scene.url)
    act_as(page, scene, scene.body.admin, "/certification")
    # the new application waits on the body's admin: first on the workspace
    expect(page.locator("#waiting-on-me a.case-link")).to_have_count(1)
    page.screenshot(path=shots / "cert-2-queue.png", full_page=True)
    page.click("#waiting-on-me a.case-link")
    take_step(page, "accept", "申请资料齐全，予以受理")
    for person in (*scene.body.auditors, scene.body.decider):  # impartiality for this case
        act_as(page, scene, person, path)
        page.fill("#declaration-statement", "与申请方无利益关系，近两年未提供咨询")
        page.click("#declare")
        expect(page.locator("#done-notice")).to_be_visible()
    expect(page.locator("#impartiality li.declaration")).to_have_count(3)
    act_as(page, scene, scene.body.admin, path)
    for auditor in scene.body.auditors:
        page.check(f"#step-plan input[name=team][value='{auditor.id}']")
    page.fill("#audit-date-1", (date.today() + timedelta(days=14)).isoformat())
    take_step(page, "plan", "两名审核员，现场一天", shots / "cert-3-plan.png")
    expect(page.locator("#team")).to_contain_text("auditor1")

    act_as(page, scene, scene.body.auditors[0], path)
    page.set_input_files("#files-start_document_review", [pdf("checklist")])
    take_step(page, "start_document_review", "开始文件评审")
    expect(page.locator("#timeline .event").last).to_contain_text("checklist.pdf")
    take_step(page, "complete_document_review", "文件齐全一致")
    take_step(page, "complete_inspection", "现场核对电表与台账")
    page.fill("#verification-notes", "按申报模型复算")
    page.click("#rerun")
    expect(page.locator("#verification tr.verification")).to_have_count(1)
    expect(page.locator("#verification .difference")).to_have_text("0.0%")
    expect(page.locator("#verification .materiality")).to_have_text("非实质性差异")
    page.locator("#verification").screenshot(path=shots / "cert-4-verification.png")
    # the re-run alone does not complete the verification: the engagement's opinion is missing
    page.locator("#step-complete_verification textarea[name=reason]").fill("无实质性差异")
    page.click("#step-complete_verification button[data-action=complete_verification]")
    expect(page.locator("#refused")).to_contain_text("核查尚未出具核查意见")
    engage(page, scene, path, shots)
    act_as(page, scene, scene.body.auditors[0], path)
    take_step(page, "complete_verification", "无实质性差异")
    take_step(page, "complete_evaluation", "建议批准")
    # an auditor does not decide: the page says who does, and offers no form
    expect(page.locator("#next-step form")).to_have_count(0)
    expect(page.locator("#next-step")).to_contain_text("未参与该项目审核的决定人员")

    act_as(page, scene, scene.body.decider, path)
    take_step(page, "grant", "符合认证要求，批准发证")
    expect(page.locator("h1 .state")).to_have_text("已获证")
    page.screenshot(path=shots / "cert-5-granted.png", full_page=True)


def engage(page: Page, scene: Scene, path: str, shots: Path) -> None:
    """The verification engagement on its page: the team leader agrees the terms, assesses
    the risk, plans and approves, draws the sample and records the evidence of each line; the
    decision maker (not on the team) reviews; the leader issues an unmodified opinion."""
    page.click("#engagement-link")
    expect(page.locator("#terms-form")).to_be_visible()
    page.fill("#objectives", "核查储能电池包的碳足迹声明")
    page.fill("#scope", "从摇篮到大门")
    page.fill("#intended-users", "认证机构、采购方")
    page.click("#save-terms")
    expect(page.locator("#level")).to_have_text("合理保证")
    page.fill("#area-0", "production")
    page.select_option("#inherent-0", "high")
    page.select_option("#control-0", "medium")
    page.fill("#note-0", "电芯生产电耗")
    page.fill("#activities", "现场核对电表与台账、抽样追溯、复算")
    page.fill("#sample-size-input", "8")
    page.click("#save-plan")
    page.click("#approve-plan")
    expect(page.locator("#approved")).to_contain_text("auditor1")
    page.fill("#seed", "20261207")
    page.click("#draw-sample")
    lines = page.locator("#sample .line")
    expect(lines.first).to_be_visible()
    for seq in range(1, lines.count() + 1):
        line = page.locator(f"#line-{seq}")
        line.locator("input[name=source]").fill("2026 年 3 月电费单与生产台账")
        line.locator("input[name=model_value]").fill("100")
        line.locator("input[name=found_value]").fill("100")
        line.locator("input[name=unit]").fill("kWh")
        line.locator("button[type=submit]").click()
        expect(page.locator(f"#line-{seq}")).to_have_class(re.compile(r"\btested\b"))
    expect(page.locator("#evaluation")).to_contain_text("非实质性")
    act_as(page, scene, scene.body.decider, f"{path}/verification")
    page.check("#review-form input[name=agreed][value=yes]")
    page.fill("#comment", "证据充分，抽样覆盖高风险环节")
    page.click("#submit-review")
    expect(page.locator("#review-result")).to_contain_text("decider")
    act_as(page, scene, scene.body.auditors[0], f"{path}/verification")
    page.select_option("#kind", "unmodified")
    page.click("#issue-opinion")
    expect(page.locator("#opinion-result")).to_contain_text("无保留意见")
    page.screenshot(path=shots / "cert-4b-engagement.png", full_page=True)


def issue_label(page: Page, scene: Scene, case_url: str, shots: Path) -> str:
    act_as(page, scene, scene.enterprise.analyst, case_url.removeprefix(scene.url))
    page.click("#certificate-link")
    expect(page.locator("h1 .state")).to_have_text("有效")
    page.click("#issue-label")
    expect(page.locator("#done-notice")).to_have_text("已生成新的标识。")
    qr_url = page.locator("a.qr-url").first.get_attribute("href")
    assert qr_url is not None
    assert qr_url.startswith(f"{scene.url}/v/")
    page.screenshot(path=shots / "cert-6-certificate.png", full_page=True)
    return qr_url


def scan(phone: Page, qr_url: str, verdict: str, words: str, shot: Path) -> None:
    phone.goto(qr_url)
    expect(phone.locator("#verdict")).to_have_attribute("data-verdict", verdict)
    expect(phone.locator("#verdict")).to_contain_text(words)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=shot, full_page=True)


def test_an_enterprise_is_certified_its_label_scans_valid_then_suspended(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    desk = open_browser(locale="zh-CN").new_page()
    case_url = apply(desk, scene, artifacts)
    review_and_audit(desk, scene, case_url, artifacts)
    qr_url = issue_label(desk, scene, case_url, artifacts)

    phone_context: BrowserContext = open_browser(locale="zh-CN", **PHONE)
    phone = phone_context.new_page()
    scan(phone, qr_url, "valid", "有效", artifacts / "cert-7-scan-valid-phone.png")

    certificate_url = desk.url.split("?")[0].removeprefix(scene.url)
    act_as(desk, scene, scene.body.decider, "/certification/certificates")
    expect(desk.locator("table.certificates tbody tr")).to_have_count(1)
    desk.screenshot(path=artifacts / "cert-8-certificates.png", full_page=True)
    desk.goto(f"{scene.url}{certificate_url}")
    desk.fill("#status-reason", "监督抽查发现数据异常，暂停证书")
    desk.click("#status-suspend")
    expect(desk.locator("h1 .state")).to_have_text("暂停")
    expect(desk.locator("#status tr.status-change")).to_contain_text("监督抽查发现数据异常")
    desk.screenshot(path=artifacts / "cert-9-suspended.png", full_page=True)
    # a restore without evidence is refused on the page, the reason kept in view
    desk.fill("#status-reason", "已整改")
    desk.click("#status-restore")
    expect(desk.locator("h1 .state")).to_have_text("暂停")
    expect(desk.locator("#refused")).to_contain_text("证据")
    act_as(desk, scene, scene.enterprise.admin, certificate_url)
    expect(desk.locator("#notices li.notice-to-holder")).to_have_count(1)
    expect(desk.locator("#notices")).to_contain_text("停止使用认证标识")
    desk.screenshot(path=artifacts / "cert-9b-notice-to-holder.png", full_page=True)
    act_as(desk, scene, scene.body.decider, certificate_url)

    scan(phone, qr_url, "suspended", "暂停", artifacts / "cert-10-scan-suspended-phone.png")
    phone.goto(f"{qr_url}?lang=en")
    expect(phone.locator("#verdict")).to_contain_text("Suspended")

    desk.goto(f"{scene.url}/certification/calendar?lang=en")
    expect(desk.locator("h1")).to_have_text("Surveillance calendar")
    desk.screenshot(path=artifacts / "cert-11-calendar-en.png", full_page=True)
    desk.goto(f"{case_url}?lang=en")
    expect(desk.locator("#timeline .event")).to_have_count(9)
    desk.set_viewport_size(PHONE)
    assert desk.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    desk.screenshot(path=artifacts / "cert-12-case-phone-en.png", full_page=True)
