"""In Debian's chromium: an auditor of a certification body signs in without a destination
and lands on the body's workspace (not the enterprise dashboard), sees the case planned with
them on its team under "waiting on me", opens it and reads the stepper (the current step,
what is next, who acts). Screenshots go to tests/browser/artifacts/ (workspace-*.png)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.services.certification import cases
from tests.browser.support import BrowserFactory, make_app, serving
from tests.support.certification import (
    Body,
    declare_for_case,
    documents,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import PASSWORD


@dataclass(frozen=True)
class Scene:
    url: str
    body: Body
    case_id: str


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    data_dir = tmp_path_factory.mktemp("body-workspace-journey")
    app = make_app(data_dir)
    body = seed_body(app.state.uow)
    holder, footprint = enterprise_with_footprint(app.state.uow, data_dir)
    qualify_and_declare(app.state.uow, body, holder.organisation.id)
    with app.state.uow(write=True) as uow, uow.atomic():
        case = cases.apply_for_certification(uow, holder.analyst, footprint.id,
                                             body.organisation_id, documents())
        cases.act(uow, body.admin, case.id, CaseAction.ACCEPT)
        declare_for_case(uow, body, case.id)
        cases.act(uow, body.admin, case.id, CaseAction.PLAN, cases.StepDetails(
            team=(body.auditors[0].id,), audit_dates=(date(2026, 12, 1),)))
    with serving(app) as url:
        yield Scene(url, body, case.id)


def test_an_auditor_lands_on_the_workspace_and_follows_the_stepper(
        scene: Scene, open_browser: BrowserFactory, artifacts: Path) -> None:
    page = open_browser().new_page()
    page.goto(f"{scene.url}/signin")
    page.fill("#email", scene.body.auditors[0].email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(re.compile(r"/certification$"))
    waiting = page.locator("#waiting-on-me")
    expect(waiting.locator(f'tr[data-case="{scene.case_id}"]')).to_be_visible()
    page.screenshot(path=artifacts / "workspace-home.png", full_page=True)
    waiting.locator(f'tr[data-case="{scene.case_id}"] a').click()
    stepper = page.locator("#stepper")
    expect(stepper.locator('[aria-current="step"]')).to_have_attribute("data-state", "planned")
    expect(stepper.locator("#stepper-mover")).to_have_attribute("data-mover", "team")
    expect(stepper.locator("#waiting-on-you")).to_be_visible()
    expect(page.locator("#model-link")).to_be_visible()
    page.screenshot(path=artifacts / "workspace-case-stepper.png", full_page=True)
    page.locator("#model-link").click()
    expect(page.locator("#model-text")).to_contain_text("product")
