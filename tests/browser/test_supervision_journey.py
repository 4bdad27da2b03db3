"""Issue 15's acceptance journey in Debian's chromium, in Chinese, through the pages only: a
consumer on a phone reports a label whose package shows ten times the certified value; the
provincial regulator's staff see the alert, open a case, start a spot check of that
certificate (a targeted check of a new campaign), escalate the case to it and record a
serious nonconforming result; the certification body's decision maker finds the required
action on the body's home and suspends the certificate; the consumer scans the label again
and reads "suspended"; the regulator records a penalty, a colleague reviews it (four eyes),
the recorder publishes it after the confirmation; the public 公示 page shows its summary and
the CSV export, downloaded through the list page's link, has the template's Chinese headers in
template order.

Screenshots go to tests/browser/artifacts/ (journey-NN-*.png).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect

from carbonlabel.domain.supervision.penalty_template import FIELDS
from carbonlabel.domain.tenancy import Role, User
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.certification import (
    Body,
    labelled_certificate,
)
from tests.support.platform import PASSWORD as BODY_PASSWORD
from tests.support.supervision import PASSWORD as REGULATOR_PASSWORD
from tests.support.supervision import colleague
from tests.support.supervision_penalties import bureau

PHONE = {"width": 390, "height": 844}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
UUID = r"[0-9a-f-]{36}"
DECISION_NUMBER = "粤市监罚〔2026〕88号"
PENALTY_CONTENT = "罚款人民币叁万元整，责令改正"
FACTS = "产品包装标示的碳足迹为证书登记值的十倍，构成虚假标注。"


@dataclass(frozen=True)
class Scene:
    url: str
    qr_url: str
    number: str
    certified_value: str
    holder_name: str
    holder_code: str
    recorder: User  # the Guangdong regulator's admin (the bureau has its credit code)
    reviewer: User  # a decision maker of the same regulator
    body: Body


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    data_dir = tmp_path_factory.mktemp("supervision-journey")
    app = make_app(data_dir)
    make_uow = app.state.uow
    made = labelled_certificate(make_uow, data_dir, app.state.settings.label_keys_dir)
    body, holder, certificate, label = made.body, made.holder, made.certificate, made.label
    assert holder.organisation.credit_code
    recorder = bureau(make_uow, "CN-GD", "director@gd-amr.example.cn", Role.ADMIN)
    reviewer = colleague(make_uow, recorder, "legal@gd-amr.example.cn", Role.DECISION_MAKER)
    with serving(app) as url:
        yield Scene(url, f"{url}/v/{label.token}", label.code, certificate.certified_value,
                    holder.organisation.name, holder.organisation.credit_code, recorder,
                    reviewer, body)


def sign_in(page: Page, url: str, user: User, password: str, lands_on: str) -> None:
    """Through the sign-in page, as a person would; each kind lands on its own home."""
    page.goto(f"{url}/signin")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(lands_on) + "$"))


def test_a_false_label_report_ends_in_a_suspension_and_a_published_penalty(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    def shot(page: Page, name: str) -> None:
        page.screenshot(path=artifacts / f"journey-{name}.png", full_page=True)

    # -- a consumer on a phone scans the label and reports the value on the package ---------
    printed = str(Decimal(scene.certified_value) * 10)
    phone = open_browser(locale="zh-CN", **PHONE).new_page()
    phone.goto(scene.qr_url)
    expect(phone.locator("#verdict")).to_have_attribute("data-verdict", "valid")
    phone.fill("#prompt-value", printed)
    shot(phone, "01-scan-valid-phone")
    phone.click("#prompt-report")
    expect(phone.locator("#report-number")).to_have_value(scene.number)
    expect(phone.locator("#report-value")).to_have_value(printed)
    phone.select_option("#report-region", "CN-GD")
    phone.fill("#report-description", "包装上印的碳足迹是登记值的十倍")
    photo: FilePayload = {"name": "pack.png", "mimeType": "image/png", "buffer": PNG}
    phone.set_input_files("#report-photo", files=[photo])
    shot(phone, "02-report-form-phone")
    phone.click("#report-submit")
    expect(phone.locator("h1")).to_contain_text("感谢")
    expect(phone.locator("#report-reference")).to_have_text(re.compile(r"JB-\d{4}-\d{6}"))
    expect(phone.locator("main")).to_contain_text("您的举报编号")  # a report, not a complaint
    shot(phone, "03-report-thanks-phone")

    # -- the regulator's staff at a desk: the alert, a case -----------------------------------
    desk = open_browser(locale="zh-CN").new_page()
    sign_in(desk, scene.url, scene.recorder, REGULATOR_PASSWORD, "/supervision")
    desk.click("nav.nav a.nav-supervision-alerts")
    row = desk.locator("#alert-list tbody tr[data-rule=value_mismatch]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("包装标示值与证书不符")
    shot(desk, "04-alerts")
    row.locator("a.alert-link").click()
    expect(desk).to_have_url(re.compile(rf"/supervision/alerts/{UUID}$"))
    alert_id = desk.url.rsplit("/", 1)[1]
    expect(desk.locator("#evidence")).to_contain_text(f"{printed} kg CO2e")
    expect(desk.locator("#evidence")).to_contain_text(scene.certified_value)
    shot(desk, "05-alert")
    desk.fill("#case-summary", "消费者举报包装标示值与证书不符")
    desk.check("#open-confirm")
    desk.click("#open-case")
    expect(desk).to_have_url(re.compile(rf"/supervision/cases/{UUID}$"))
    case_url = desk.url
    case_id = case_url.rsplit("/", 1)[1]
    expect(desk.locator("#case-state")).to_contain_text("已立案")
    expect(desk.locator("#case")).to_contain_text(scene.number)
    shot(desk, "06-case-opened")

    # -- a spot check of that certificate: a new campaign, the certificate added by number ----
    desk.click("nav.nav a.nav-supervision-spot-checks")
    desk.click("#new-campaign")
    desk.fill("#title", "碳足迹标识认证有效性专项抽查")
    desk.fill("#legal_basis", "《认证认可条例》《认证证书和认证标志管理办法》")
    desk.fill("#size", "1")
    desk.fill("#seed", "20261207")
    shot(desk, "07-campaign-form")
    desk.click("#create-campaign")
    expect(desk).to_have_url(re.compile(rf"/supervision/spot-checks/{UUID}$"))
    expect(desk.locator("#campaign-state")).to_have_attribute("data-state", "planned")
    desk.fill("#certificate_number", scene.number)
    desk.click("#add-certificate")
    expect(desk).to_have_url(re.compile(rf"/supervision/spot-checks/{UUID}/items/{UUID}$"))
    item_url = desk.url
    item_id = item_url.rsplit("/", 1)[1]
    expect(desk.locator("#item-state")).to_have_attribute("data-state", "selected")
    expect(desk.locator("#why")).to_contain_text("定向")  # a targeted check
    desk.select_option("#inspector", scene.recorder.id)
    desk.click("#assign")
    expect(desk.locator("#item-state")).to_have_attribute("data-state", "assigned")
    shot(desk, "08-spot-check-item-assigned")

    # the case goes to the spot check: assigned, investigated, escalated with its reference
    desk.goto(case_url)
    desk.select_option("#assignee-id", scene.recorder.id)
    desk.click("#assign")
    expect(desk.locator("#case")).to_have_attribute("data-state", "assigned")
    desk.click("#investigate")
    expect(desk.locator("#case")).to_have_attribute("data-state", "investigating")
    desk.select_option("#escalate-to", "spot_check")
    desk.fill("#escalate-reference", f"抽查批次 {item_id[:8]}")
    desk.check("#escalate-confirm")
    desk.click("#escalate")
    expect(desk.locator("#case")).to_have_attribute("data-state", "escalated")
    expect(desk.locator("#escalation")).to_contain_text("认证有效性抽查")
    shot(desk, "09-case-escalated-to-spot-check")

    # the inspector records a serious nonconforming result
    desk.goto(item_url)
    today = date.fromisoformat(desk.locator("#sampled_on").input_value())  # the app's today
    desk.select_option("#outcome", "serious")
    desk.select_option("#place", "circulation")
    desk.select_option("#label_conforms", "no")
    desk.fill("#findings", f"流通领域抽样：包装标示 {printed} kgCO2e，与证书值 "
                           f"{scene.certified_value} kgCO2e 不符。")
    shot(desk, "10-result-form")
    desk.click("#record-result")
    expect(desk.locator("#item-state")).to_have_attribute("data-state", "awaiting_disposal")
    # a serious result gives the body 5 days (docs/supervision.md, spot checks)
    expect(desk.locator("#act-by")).to_have_text((today + timedelta(days=5)).isoformat())
    expect(desk.locator("#result")).to_contain_text("严重不符合")
    shot(desk, "11-result-nonconforming")

    # -- the body's decision maker finds the required action and suspends ---------------------
    body_page = open_browser(locale="zh-CN").new_page()
    sign_in(body_page, scene.url, scene.body.decider, BODY_PASSWORD, "/certification")
    shot(body_page, "12-body-home")
    body_page.click("#spot-check-required-link")
    action = body_page.locator(f"section[data-item='{item_id}']")
    expect(action).to_contain_text(scene.number)
    expect(action).to_contain_text("严重不符合")
    body_page.select_option(f"#disposal-{item_id}", "suspend")
    body_page.fill(f"#note-{item_id}", "依据抽查严重不符合结果，暂停该证书。")
    shot(body_page, "13-body-required-action")
    action.locator("button[data-action=dispose]").click()
    expect(body_page.locator(f"section[data-item='{item_id}']")).to_have_count(0)
    expect(body_page.locator("main")).to_contain_text("没有待本机构处置的抽查结果")
    shot(body_page, "14-body-disposed")

    # -- the consumer scans again: suspended ------------------------------------------------
    phone.goto(scene.qr_url)
    expect(phone.locator("#verdict")).to_have_attribute("data-verdict", "suspended")
    expect(phone.locator("#verdict .verdict-title")).to_have_text("暂停")
    expect(phone.locator("#share-submit")).to_have_text("提交所在省份")  # not 占比 (a ratio)
    shot(phone, "15-scan-suspended-phone")

    desk.goto(item_url)
    expect(desk.locator("#item-state")).to_have_attribute("data-state", "disposed")
    expect(desk.locator("#disposal")).to_contain_text("暂停")

    # -- the penalty: recorded by the director ----------------------------------------------
    decided = today
    desk.click("nav.nav a.nav-supervision-penalties")
    desk.click("#new-penalty")
    expect(desk.locator("#f-party_region")).to_have_value("CN-GD")  # the jurisdiction
    desk.fill("#f-party_name", scene.holder_name)
    desk.select_option("#f-party_kind", "organisation")
    desk.fill("#f-credit_code", scene.holder_code)
    desk.fill("#f-legal_representative", "王五")
    desk.fill("#f-decision_number", DECISION_NUMBER)
    desk.select_option("#f-violation", "false_claim")
    desk.fill("#f-facts", FACTS)
    desk.fill("#f-legal_basis", "《认证证书和认证标志管理办法》")
    desk.check("#f-classes input[value=fine]")
    desk.fill("#f-content", PENALTY_CONTENT)
    desk.fill("#f-fine", "3")
    desk.fill("#f-decided_on", decided.isoformat())
    desk.fill("#f-valid_until", (decided + timedelta(days=30)).isoformat())
    desk.fill("#f-case_id", case_id)
    desk.fill("#f-certificate_number", scene.number)
    desk.fill("#f-alert_id", alert_id)
    shot(desk, "16-penalty-form")
    desk.click("#save-penalty")
    expect(desk).to_have_url(re.compile(rf"/supervision/penalties/{UUID}\?done=recorded$"))
    penalty_url = desk.url.split("?", 1)[0]
    expect(desk.locator("#penalty-state [data-state]")).to_have_attribute("data-state", "draft")
    expect(desk.locator("tr[data-code=CF_NR_FK] td.value")).to_have_text(
        "3 万元 (30000 元)")
    # the recorder cannot review its own record: no four eyes
    desk.check("#confidentiality-checked")
    desk.click("#step-review button[data-action=review]")
    expect(desk.locator("#refused")).to_be_visible()
    expect(desk.locator("#penalty-state [data-state]")).to_have_attribute("data-state", "draft")
    shot(desk, "17-penalty-draft-own-review-refused")

    # -- reviewed by a colleague ---------------------------------------------------------------
    review = open_browser(locale="zh-CN").new_page()
    sign_in(review, scene.url, scene.reviewer, REGULATOR_PASSWORD, "/supervision")
    review.click("nav.nav a.nav-supervision-penalties")
    review.locator("#penalty-list a.penalty-link", has_text=DECISION_NUMBER).click()
    expect(review).to_have_url(penalty_url)
    review.check("#confidentiality-checked")
    review.click("#step-review button[data-action=review]")
    expect(review.locator("#penalty-state [data-state]")).to_have_attribute(
        "data-state", "reviewed")
    expect(review.locator("#reviewer")).to_contain_text(scene.reviewer.display_name)
    shot(review, "18-penalty-reviewed")

    # -- published by the director after the confirmation -------------------------------------
    desk.goto(penalty_url)
    desk.click("#publish-penalty")
    expect(desk.locator("#publish-period")).to_contain_text(today.isoformat())
    expect(desk.locator("dl.facts")).to_contain_text(DECISION_NUMBER)
    expect(desk.locator("dl.facts")).not_to_contain_text(FACTS)  # not a summary field
    expect(desk.locator("#cancel-publish")).to_have_text("返回，暂不公示")  # not 注销
    shot(desk, "19-penalty-publish-confirmation")
    desk.click("#step-publish button[data-action=publish]")
    expect(desk).to_have_url(re.compile(re.escape(penalty_url) + r"\?done=published$"))
    expect(desk.locator("#penalty-state [data-state]")).to_have_attribute(
        "data-state", "published")
    expect(desk.locator("#publicity-period")).to_contain_text(today.isoformat())
    shot(desk, "20-penalty-published")

    # -- the public page (no sign-in), on the consumer's phone ----------------------------------
    phone.goto(f"{scene.url}/public/penalties")
    expect(phone.locator("#public-count")).to_have_text("1")
    public_row = phone.locator("#public-penalties tbody tr")
    expect(public_row).to_have_count(1)
    for shown in (DECISION_NUMBER, scene.holder_name, scene.holder_code, "虚假标注或混淆使用",
                  PENALTY_CONTENT, "市场监督管理局 CN-GD", decided.isoformat()):
        expect(public_row).to_contain_text(shown)
    expect(phone.locator("#public-penalties thead")).to_contain_text("处罚决定日期")
    expect(phone.locator("main")).not_to_contain_text(FACTS)
    expect(phone.locator("main")).not_to_contain_text("王五")
    shot(phone, "21-public-penalties-phone")

    # -- the CSV export from the list page -----------------------------------------------------
    desk.click("nav.nav a.nav-supervision-penalties")
    shot(desk, "22-penalty-list-exports")
    with desk.expect_download() as downloading:
        desk.click("#export-csv")
    content = Path(downloading.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets need
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    headers = rows[0]
    assert headers[:4] == ["行政相对人名称", "行政相对人类别",
                           "行政相对人代码_1（统一社会信用代码）", "行政相对人代码_2（工商注册号）"]
    assert headers[11:13] == ["行政处罚决定书文号", "违法行为类型"]
    assert headers[27] == "备注"
    assert headers == [f.header for f in sorted(FIELDS, key=lambda f: f.number)] + ["当前状态"]
    assert len(headers) == 29
    assert len(rows) == 2
    record = dict(zip(headers, rows[1], strict=True))
    assert record["行政相对人名称"] == scene.holder_name
    assert record["行政相对人代码_1（统一社会信用代码）"] == scene.holder_code
    assert record["行政处罚决定书文号"] == DECISION_NUMBER
    assert record["罚款金额（万元）"] == "3"
    assert record["处罚决定日期"] == decided.isoformat()
    assert record["当前状态"] == "公示中"
