"""Product rules through the REST API (SQLite): every signed-in user lists the released
rules and the versions of one; a model version's conformance names its gaps; A's footprint and
certificate (the LFP demo, naming cn-pilot-04@1.0) record the release."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.domain.product_rules.content import rule_hash
from tests.api.conftest import API, World, bearer, lfp_model_text, sign_in

BATTERY = "cn-pilot-04-li-ion-energy-storage"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'api.db'}"


def _release() -> str:
    rule = next(r for r in bundled_rules() if r.code == BATTERY)
    return f"{BATTERY}@1.0#{rule_hash(rule)}"


def test_signed_in_users_list_the_rules_and_the_versions_of_one(world: World) -> None:
    listed = world.client.get(f"{API}/product-rules", headers=bearer(world.b_viewer_token))
    assert listed.status_code == 200, listed.text
    assert len(listed.json()) == 17
    one = world.client.get(f"{API}/product-rules/{BATTERY}", headers=bearer(world.a.token))
    assert one.status_code == 200
    versions = one.json()["versions"]
    assert [v["version"] for v in versions] == ["1.0"]
    assert versions[0]["hash"] == _release().split("#")[1]
    assert versions[0]["content"]["unit"]["unit"] == "kWh"
    assert versions[0]["official_text_available"] is False
    missing = world.client.get(f"{API}/product-rules/no-such-rule", headers=bearer(world.a.token))
    assert missing.status_code == 404
    assert world.client.get(f"{API}/product-rules").status_code == 401


def test_a_footprint_and_its_certificate_record_the_release(world: World) -> None:
    footprint = world.client.get(f"{API}/footprints/{world.a.footprint_id}",
                                 headers=bearer(world.a.token)).json()
    assert footprint["product_rule_release"] == _release()
    with world.app.state.uow() as uow:
        certificate = uow.certificates.get(world.a.certified.certificate_id)
    assert certificate is not None
    assert certificate.product_rule_release == _release()


def test_a_model_versions_conformance_lists_its_gaps(world: World) -> None:
    headers = bearer(world.a.token)
    own = world.client.get(f"{API}/models/{world.a.model_version_id}/conformance",
                           headers=headers)
    assert own.status_code == 200, own.text
    assert own.json()["conforms"] is True
    looser = lfp_model_text().replace("cut_off: {per_input: 0.01, total: 0.05}",
                                      "cut_off: {per_input: 0.01, total: 0.08}")
    saved = world.client.post(f"{API}/products/{world.a.product_id}/models",
                              json={"content": looser}, headers=headers)
    assert saved.status_code == 201, saved.text
    gaps = saved.json()["conformance"]["gaps"]
    assert [(g["part"], g["field"]) for g in gaps] == [("cut_off", "cut_off.total")]
    assert "8 %" in gaps[0]["reason"]["en"]
    assert "8 %" in gaps[0]["reason"]["zh"]


def test_the_footprint_page_shows_the_release(world: World) -> None:
    sign_in(world.client, world.a.tenant.admin)
    page = world.client.get(f"/footprints/{world.a.footprint_id}")
    assert page.status_code == 200
    assert _release() in page.text


def test_the_study_report_names_the_release(world: World) -> None:
    from tests.support.documents import pdf_text

    report = world.client.get(f"{API}/footprints/{world.a.footprint_id}/report.pdf",
                              params={"lang": "en"}, headers=bearer(world.a.token))
    assert report.status_code == 200, report.text
    assert _release()[:len(BATTERY) + 5 + 12] in pdf_text(report.content).replace("\n", "")
