"""The rules of issue 14 on the pages (HTTP): a nonconforming surveillance result shows as a
finding that the body closes with a note (a blank one refused on the page); a restore needs its
evidence (refused on the page, 409); the holder's page lists the notices in both languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from carbonlabel.services.certification import surveillance
from tests.browser.support import make_app
from tests.browser.test_certification_pages_http import Setting, signed_in
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)


def test_findings_restore_evidence_and_notices_on_the_certificate_page(
        tmp_path: Path) -> None:
    app = make_app(tmp_path)
    make_uow = app.state.uow
    body = seed_body(make_uow)
    holder, footprint = enterprise_with_footprint(make_uow, tmp_path)
    qualify_and_declare(make_uow, body, holder.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, holder, footprint)
    with make_uow(write=True) as uow:
        (check,) = uow.certificates.surveillance(certificate_id)
        surveillance.record_check(uow, body.auditors[1], certificate_id, check.id,
                                  surveillance.CheckResult.NONCONFORMING,
                                  "铭牌与证书不符 / nameplate differs", date.today())
        (finding,) = uow.oversight.nonconformities(certificate_id)
    url = f"/certification/certificates/{certificate_id}"
    with TestClient(app):
        setting = Setting(app, body, holder, footprint.id, certificate_id, "", tmp_path)
        auditor, token = signed_in(setting, body.auditors[1], "en")
        page = auditor.get(url).text
        assert 'id="findings"' in page
        assert "nameplate differs" in page
        blank = auditor.post(f"{url}/findings/{finding.id}/close",
                             data={"csrf_token": token, "note": " "})
        assert blank.status_code == 409
        assert 'id="refused"' in blank.text
        closed = auditor.post(f"{url}/findings/{finding.id}/close",
                              data={"csrf_token": token, "note": "re-inspected"})
        assert closed.status_code == 303

        decider, token = signed_in(setting, body.decider, "en")
        assert decider.post(f"{url}/status", data={
            "csrf_token": token, "action": "suspend", "reason": "label misuse"}
        ).status_code == 303
        assert 'id="status-evidence"' in decider.get(url).text
        no_evidence = decider.post(f"{url}/status", data={
            "csrf_token": token, "action": "restore", "reason": "corrected"})
        assert no_evidence.status_code == 409
        assert 'id="refused"' in no_evidence.text
        assert decider.post(f"{url}/status", data={
            "csrf_token": token, "action": "restore", "reason": "corrected",
            "evidence": "re-inspection report"}).status_code == 303

        holder_client, _ = signed_in(setting, holder.admin, "zh-CN")
        notices = holder_client.get(url).text.split('id="notices"')[1].split("</section>")[0]
        assert notices.count('class="notice-to-holder"') == 2
        assert "停止使用认证标识" in notices
        assert "stop using the label" in notices
        assert "re-inspection report" in notices
