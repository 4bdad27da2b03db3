"""The certification workflow through the REST API: a case from application (multipart, with
its four documents) to a certificate, a label and a suspension; the steps the state table or a
rule refuses (409 naming the state and the action, with the rule's code); roles (403) and
scope, qualification and impartiality rules that must not be broken.

On SQLite (the back ends are walked by the tenant-isolation and fuzz tests). A's footprint is
certified already (tests/api/conftest.py); each test applies again with it, to A's body.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from carbonlabel.domain.certification.records import REQUIRED_DOCUMENTS
from carbonlabel.domain.tenancy import Role, User
from carbonlabel.services.accounts import users
from tests.api.conftest import API, World, bearer, sign_in, token_for
from tests.support.certification import CATEGORY, seed_body, seed_operator
from tests.support.platform import PASSWORD


def utc_today() -> date:
    """The server's today (routes and services take the date in UTC)."""
    return datetime.now(UTC).date()


AUDIT_DAY = (utc_today() + timedelta(days=30)).isoformat()
THROUGH_VERIFICATION = ("start_document_review", "complete_document_review",
                        "complete_inspection")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Only SQLite here (overrides the fixture parametrized over both back ends)."""
    return f"sqlite:///{tmp_path / 'api.db'}"


class Actors:
    """API tokens of the applicant's and the body's people, made on first use."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._tokens: dict[str, str] = {}
        body = world.a.certified.body
        self.users = {"applicant": world.a.tenant.analyst, "viewer": world.a.tenant.viewer,
                      "body admin": body.admin, "lead": body.auditors[0],
                      "auditor": body.auditors[1], "decider": body.decider}

    def __getitem__(self, who: str) -> dict[str, str]:
        if who not in self._tokens:
            self._tokens[who] = token_for(self.world.app.state.uow, self.users[who])
        return bearer(self._tokens[who])


@pytest.fixture
def actors(world: World) -> Actors:
    return Actors(world)


def documents() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [(kind.value, (f"{kind.value}.pdf", f"%PDF-1.4 {kind.value}".encode(),
                          "application/pdf")) for kind in REQUIRED_DOCUMENTS]


def apply(world: World, headers: dict[str, str], body_id: str | None = None) -> httpx.Response:
    return world.client.post(f"{API}/cases", headers=headers, files=documents(), data={
        "footprint_id": world.a.footprint_id,
        "body_id": body_id or world.a.certified.body.organisation_id})


def new_case(world: World, actors: Actors) -> str:
    answer = apply(world, actors["applicant"])
    assert answer.status_code == 201, answer.text
    case_id: str = answer.json()["id"]
    return case_id


def step(world: World, headers: dict[str, str], case_id: str, action: str,
         files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
         **form: Any) -> httpx.Response:
    return world.client.post(f"{API}/cases/{case_id}/actions", headers=headers,
                             data={"action": action, **form}, files=files or None)


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def refused(response: httpx.Response, rule: str) -> dict[str, Any]:
    body = ok(response, 409)
    assert (body["code"], body["rule"]) == ("workflow_refused", rule), body
    return body


def declare(world: World, actors: Actors, case_id: str,
            who: tuple[str, ...] = ("lead", "auditor", "decider")) -> None:
    """The body's people declare impartiality for the case (ISO/IEC 17065 4.2)."""
    for person in who:
        declared = ok(world.client.post(f"{API}/cases/{case_id}/declarations",
                                        headers=actors[person],
                                        json={"statement": "无利益冲突 / no conflict"}), 201)
        assert declared["case_id"] == case_id


def planned(world: World, actors: Actors, team: tuple[User, ...] | None = None) -> str:
    """A new case, accepted and planned with the body's two qualified auditors."""
    case_id = new_case(world, actors)
    ok(step(world, actors["body admin"], case_id, "accept", reason="资料齐全 / complete"))
    declare(world, actors, case_id)
    members = [u.id for u in team or world.a.certified.body.auditors]
    ok(step(world, actors["body admin"], case_id, "plan", team=members,
            audit_dates=[AUDIT_DAY]))
    return case_id


def through_inspection(world: World, headers: dict[str, str], case_id: str) -> None:
    for action in THROUGH_VERIFICATION:
        ok(step(world, headers, case_id, action))


def engagement_sampled(world: World, case_id: str, lead: dict[str, str]) -> list[int]:
    """The engagement of a case whose re-run is recorded, up to its sample (the team leader
    ``lead``): terms, plan, its approval, the sample; returns the sampled lines."""
    url = f"{API}/cases/{case_id}/engagement"
    ok(world.client.post(url, headers=lead, json={
        "level": "reasonable", "materiality": 0.05, "objectives": "核查声明 / verify the claim",
        "scope": "从摇篮到大门 / cradle-to-gate", "intended_users": "买方 / buyers"}))
    ok(world.client.post(f"{url}/plan", headers=lead, json={
        "risks": [{"area": "production", "inherent": "medium", "control": "medium"}],
        "activities": "抽样、复算 / sampling, recalculation", "sample_size": 6}))
    ok(world.client.post(f"{url}/plan/approval", headers=lead))
    sample = ok(world.client.post(f"{url}/sample", headers=lead, json={"seed": 7}))
    return [line["seq"] for line in sample["lines"]]


def engagement_concluded(world: World, case_id: str, lead: dict[str, str],
                         reviewer: dict[str, str], lines: list[int]) -> None:
    """Evidence agreeing with the model on every sampled line, the review by ``reviewer`` (of
    the body, not on the team), the leader's unmodified opinion."""
    url = f"{API}/cases/{case_id}/engagement"
    for seq in lines:
        ok(world.client.post(f"{url}/evidence", headers=lead, json={
            "seq": seq, "source": "电表读数 / meter reading", "model_value": 10,
            "found_value": 10, "unit": "kWh"}))
    ok(world.client.post(f"{url}/review", headers=reviewer, json={"agreed": True}))
    assert ok(world.client.post(f"{url}/opinion", headers=lead,
                                json={"kind": "unmodified"}))["complete"] is True


def engagement_to_opinion(world: World, case_id: str, lead: dict[str, str],
                          reviewer: dict[str, str]) -> None:
    """The verification engagement of a case whose re-run is recorded, from its terms to an
    unmodified opinion: the team leader (``lead``) does the team's part, evidence agrees with
    the model on every sampled line, ``reviewer`` (of the body, not on the team) agrees."""
    engagement_concluded(world, case_id, lead, reviewer,
                         engagement_sampled(world, case_id, lead))


def test_a_case_goes_from_application_to_a_label_and_a_suspension(world: World,
                                                                  actors: Actors) -> None:
    applied = ok(apply(world, actors["applicant"]), 201)
    case_id = applied["id"]
    assert applied["state"] == "applied"
    assert applied["party"] == "applicant"
    assert sorted(d["kind"] for d in applied["documents"]) == sorted(
        k.value for k in REQUIRED_DOCUMENTS)
    assert applied["your_actions"] == ["withdraw"]

    queue = ok(world.client.get(f"{API}/cases", params={"state": "applied"},
                                headers=actors["body admin"]))
    assert [(c["id"], c["party"]) for c in queue["items"]] == [(case_id, "body")]

    ok(step(world, actors["body admin"], case_id, "accept", reason="资料齐全 / complete"))
    declare(world, actors, case_id)
    team = [u.id for u in world.a.certified.body.auditors]
    plan = ok(step(world, actors["body admin"], case_id, "plan", team=team,
                   audit_dates=[AUDIT_DAY]))
    assert (plan["team"], plan["audit_dates"]) == (team, [AUDIT_DAY])
    lead = actors["lead"]
    evidence = [("attachments", ("site-photos.pdf", b"%PDF-1.4 photos", "application/pdf"))]
    reviewed = ok(step(world, lead, case_id, "start_document_review", files=evidence,
                       reason="开始评审"))
    assert reviewed["events"][-1]["attachments"] == [reviewed["documents"][-1]["id"]]
    for action in THROUGH_VERIFICATION[1:]:
        ok(step(world, lead, case_id, action))

    verified = ok(world.client.post(f"{API}/cases/{case_id}/verification", headers=lead,
                                    json={"notes": "复算一致 / re-run agrees"}), 201)
    assert verified["relative_difference"] == pytest.approx(0, abs=1e-12)
    assert (verified["material"], verified["input_hash_matches"]) == (False, True)
    assert verified["submitted_total"] == pytest.approx(world_total(world), rel=1e-12)
    engagement_to_opinion(world, case_id, lead, actors["decider"])
    for action in ("complete_verification", "complete_evaluation"):
        ok(step(world, lead, case_id, action))
    granted = ok(step(world, actors["decider"], case_id, "grant", reason="符合要求"))
    assert granted["state"] == "granted"
    assert [e["action"] for e in granted["events"]] == [
        "apply", "accept", "plan", *THROUGH_VERIFICATION, "complete_verification",
        "complete_evaluation", "grant"]
    assert granted["events"][-1]["actor_name"] == "decider"
    certificate_id = granted["certificate_id"]

    certificate = ok(world.client.get(f"{API}/certificates/{certificate_id}",
                                      headers=actors["applicant"]))
    assert (certificate["status"], certificate["party"]) == ("valid", "applicant")
    assert (certificate["revision"], certificate["printed_number"]) == (
        0, certificate["number"])  # never re-issued: no "-R" suffix
    assert [c["state"] for c in certificate["surveillance"]] == ["not_due"]
    label = ok(world.client.post(f"{API}/certificates/{certificate_id}/labels",
                                 headers=actors["applicant"]), 201)
    assert label["url"] == f"http://testserver/v/{label['token']}"
    assert label["code"] == certificate["number"]
    verdict = ok(world.client.get(f"{API}/registry/verify/{label['token']}"))
    assert verdict["verdict"] == "valid"

    suspended = ok(world.client.post(f"{API}/certificates/{certificate_id}/status",
                                     headers=actors["decider"],
                                     json={"action": "suspend", "reason": "监督不合格"}))
    assert suspended["status"] == "suspended"
    assert ok(world.client.get(f"{API}/registry/verify/{label['token']}"))[
        "verdict"] == "suspended"
    detail = ok(world.client.get(f"{API}/certificates/{certificate_id}",
                                 headers=actors["body admin"]))
    assert [(c["action"], c["reason"]) for c in detail["status_changes"]] == [
        ("suspend", "监督不合格")]
    assert detail["status_actions"] == ["restore", "withdraw", "cancel"]
    (notice,) = detail["notices"]  # the holder is told what to do
    assert (notice["action"], notice["reason"]) == ("suspend", "监督不合格")
    assert "stop using the label" in notice["required_en"]
    refused(world.client.post(f"{API}/certificates/{certificate_id}/status",
                              headers=actors["decider"],
                              json={"action": "restore", "reason": "已整改"}),
            "restore_evidence")
    restored = ok(world.client.post(f"{API}/certificates/{certificate_id}/status",
                                    headers=actors["decider"],
                                    json={"action": "restore", "reason": "已整改",
                                          "evidence": "复查报告 / re-inspection"}))
    assert restored["status"] == "valid"
    held = ok(world.client.get(f"{API}/certificates", headers=actors["applicant"]))
    assert certificate_id in [c["id"] for c in held["items"]]


def world_total(world: World) -> float:
    with world.app.state.uow() as uow:
        record = uow.footprints.in_org(world.a.tenant.organisation.id, world.a.footprint_id)
        assert record is not None
        return record.total_co2e_kg


def test_a_document_downloads_as_uploaded_and_never_runs_in_the_browser(
        world: World, actors: Actors) -> None:
    case = ok(apply(world, actors["applicant"]), 201)
    doc = case["documents"][0]
    answer = world.client.get(f"{API}/cases/{case['id']}/documents/{doc['id']}",
                              headers=actors["lead"])
    assert answer.status_code == 200
    assert answer.content == f"%PDF-1.4 {doc['kind']}".encode()
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert answer.headers["x-content-type-options"] == "nosniff"
    html = world.client.post(f"{API}/cases/{case['id']}/actions", headers=actors["applicant"],
                             data={"action": "withdraw", "reason": "test"},
                             files=[("attachments", ("x.html", b"<script>1</script>",
                                                     "text/html"))])
    attached = ok(html)["documents"][-1]
    download = world.client.get(f"{API}/cases/{case['id']}/documents/{attached['id']}",
                                headers=actors["applicant"])
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-security-policy"] == "sandbox"


def test_a_step_the_table_does_not_allow_is_409_naming_the_state_and_the_action(
        world: World, actors: Actors) -> None:
    case_id = new_case(world, actors)
    body = refused(step(world, actors["decider"], case_id, "grant"), "transition_not_allowed")
    assert "'grant'" in body["message_en"]
    assert "'applied'" in body["message_en"]
    assert "已申请" in body["message_zh"]
    assert body["field"] == "action"
    # nothing changed: the case is where it was
    assert ok(world.client.get(f"{API}/cases/{case_id}", headers=actors["applicant"]))[
        "state"] == "applied"
    ok(step(world, actors["applicant"], case_id, "withdraw", reason="改日再报"))
    final = refused(step(world, actors["applicant"], case_id, "withdraw"),
                    "transition_not_allowed")
    assert "none (final state)" in final["message_en"]


def test_the_decider_may_not_have_audited_the_case(world: World, actors: Actors) -> None:
    body = world.a.certified.body
    admin = actors["body admin"]
    ok(world.client.post(f"{API}/certification-bodies/{body.organisation_id}/qualifications",
                         headers=admin, json={"auditor_id": body.decider.id,
                                              "category": CATEGORY}), 201)
    ok(world.client.post(f"{API}/certification-bodies/{body.organisation_id}/declarations",
                         headers=actors["decider"],
                         json={"applicant_id": world.a.tenant.organisation.id,
                               "statement": "无利益冲突"}), 201)
    case_id = planned(world, actors, (body.auditors[0], body.decider))
    decider = actors["decider"]
    through_inspection(world, decider, case_id)
    ok(world.client.post(f"{API}/cases/{case_id}/verification", headers=decider, json={}),
       201)
    # the team's leader is the auditor; the other auditor, not on the team, reviews
    engagement_to_opinion(world, case_id, actors["lead"], actors["auditor"])
    for action in ("complete_verification", "complete_evaluation"):
        ok(step(world, decider, case_id, action))
    answer = refused(step(world, decider, case_id, "grant"), "independent_decision")
    assert answer["field"] == "decider"
    detail = ok(world.client.get(f"{API}/cases/{case_id}", headers=decider))
    assert detail["your_actions"] == []  # the pages offer no decision either
    forbidden = ok(step(world, actors["lead"], case_id, "grant"), 403)  # not a decider
    assert forbidden["code"] == "forbidden"


def test_a_body_not_accredited_for_the_category_cannot_take_the_case(
        world: World, actors: Actors) -> None:
    cement = seed_body(world.app.state.uow, categories=("cement",), code=8)
    listed = {b["id"]: b for b in ok(world.client.get(f"{API}/certification-bodies",
                                                      headers=actors["applicant"]))}
    assert listed[cement.organisation_id]["categories"] == ["16"]  # catalogue: cement
    assert CATEGORY in listed[world.a.certified.body.organisation_id]["categories"]
    answer = refused(apply(world, actors["applicant"], cement.organisation_id),
                     "accreditation_scope")
    assert answer["field"] == "category"
    # the body may no longer add to its own scope: the platform operator records it
    cement_admin = bearer(token_for(world.app.state.uow, cement.admin))
    scope = f"{API}/certification-bodies/{cement.organisation_id}/accreditations"
    ok(world.client.post(scope, headers=cement_admin, json={"category": CATEGORY}), 403)
    operator = bearer(token_for(world.app.state.uow, seed_operator(world.app.state.uow)))
    ok(world.client.post(scope, headers=operator, json={"category": CATEGORY}), 201)
    assert ok(apply(world, actors["applicant"], cement.organisation_id), 201)["state"] == (
        "applied")


def test_only_qualified_impartial_auditors_join_the_team(world: World, actors: Actors) -> None:
    body = world.a.certified.body
    with world.app.state.uow(write=True) as uow:
        newcomer = users.add_user(uow, body.organisation_id, "newcomer@cert.example.cn",
                                  "newcomer", Role.AUDITOR, PASSWORD, None)
        uow.commit()
    newcomer_token = bearer(token_for(world.app.state.uow, newcomer))
    case_id = new_case(world, actors)
    admin = actors["body admin"]
    ok(step(world, admin, case_id, "accept"))
    plan = {"team": [newcomer.id], "audit_dates": [AUDIT_DAY]}
    refused(step(world, admin, case_id, "plan", **plan), "auditor_qualification")
    setup = f"{API}/certification-bodies/{body.organisation_id}"
    ok(world.client.post(f"{setup}/qualifications", headers=admin,
                         json={"auditor_id": newcomer.id, "category": CATEGORY}), 201)
    refused(step(world, admin, case_id, "plan", **plan), "impartiality")
    ok(world.client.post(f"{setup}/declarations", headers=newcomer_token,
                         json={"applicant_id": world.a.tenant.organisation.id,
                               "statement": "无利益冲突 / no conflict"}), 201)
    staff = {m["id"]: m for m in ok(world.client.get(f"{setup}/staff", headers=admin))["staff"]}
    assert staff[newcomer.id]["categories"] == [CATEGORY]
    assert staff[newcomer.id]["declared_for"] == [world.a.tenant.organisation.id]
    # a declaration towards the applicant is not one for this case
    refused(step(world, admin, case_id, "plan", **plan), "impartiality")
    ok(world.client.post(f"{API}/cases/{case_id}/declarations", headers=newcomer_token,
                         json={"statement": "无利益冲突 / no conflict"}), 201)
    assert ok(step(world, admin, case_id, "plan", **plan))["state"] == "planned"
    empty = ok(step(world, admin, new_case(world, actors), "accept"))
    refused(step(world, admin, empty["id"], "plan", audit_dates=[AUDIT_DAY]), "audit_team")


def test_roles_and_parties_are_checked_on_every_step(world: World, actors: Actors) -> None:
    case_id = new_case(world, actors)
    assert ok(step(world, actors["lead"], case_id, "accept"), 403)["field"] == "role"
    assert ok(step(world, actors["applicant"], case_id, "accept"), 403)["field"] == (
        "organisation")
    assert ok(apply(world, actors["viewer"]), 403)["field"] == "role"
    certificate_id = world.a.certified.certificate_id
    holder = world.client.post(f"{API}/certificates/{certificate_id}/status",
                               headers=actors["applicant"],
                               json={"action": "withdraw", "reason": "x"})
    assert ok(holder, 403)["code"] == "forbidden"
    assert ok(world.client.post(f"{API}/certificates/{certificate_id}/labels",
                                headers=actors["viewer"]), 403)["field"] == "role"
    setup = f"{API}/certification-bodies/{world.a.certified.body.organisation_id}/staff"
    assert ok(world.client.get(setup, headers=actors["applicant"]), 404)["field"] == "body_id"
    assert ok(world.client.get(setup, headers=actors["lead"]))["id"] == (
        world.a.certified.body.organisation_id)


def test_nonconformities_are_answered_by_the_applicant_and_closed_by_the_team(
        world: World, actors: Actors) -> None:
    case_id = planned(world, actors)
    lead, applicant = actors["lead"], actors["applicant"]
    through_inspection(world, lead, case_id)
    refused(step(world, lead, case_id, "complete_verification"), "verification_missing")
    ok(world.client.post(f"{API}/cases/{case_id}/verification", headers=lead,
                         json={"notes": "复算 / re-run"}), 201)
    lines = engagement_sampled(world, case_id, lead)
    raised = ok(step(world, lead, case_id, "raise_nonconformities",
                     nonconformities=["抽样记录缺失 / sampling records missing",
                                      "电表未校准 / meter not calibrated"]))
    assert raised["state"] == "corrective_actions"
    first, second = (nc["id"] for nc in raised["nonconformities"])
    refused(step(world, lead, case_id, "close_nonconformities"), "open_nonconformities")
    refused(world.client.post(f"{API}/cases/{case_id}/nonconformities/{first}/close",
                              headers=lead), "unanswered_nonconformity")
    assert ok(world.client.post(f"{API}/cases/{case_id}/nonconformities/{first}/answer",
                                headers=lead, json={"corrective_action": "x"}), 403)
    for nc_id in (first, second):
        answered = ok(world.client.post(f"{API}/cases/{case_id}/nonconformities/{nc_id}/answer",
                                        headers=applicant,
                                        json={"corrective_action": "已补充 / added"}))
        assert answered["open"] is True
        closed = ok(world.client.post(f"{API}/cases/{case_id}/nonconformities/{nc_id}/close",
                                      headers=lead))
        assert closed["open"] is False
    # every nonconformity closed, but no opinion yet: corrective actions are no way round the
    # verification
    refused(step(world, lead, case_id, "close_nonconformities"), "opinion_missing")
    engagement_concluded(world, case_id, lead, actors["decider"], lines)
    assert ok(step(world, lead, case_id, "close_nonconformities"))["state"] == "evaluation"
    missing = world.client.post(f"{API}/cases/{case_id}/nonconformities/{first[::-1]}/close",
                                headers=lead)
    assert ok(missing, 404)["field"] == "nonconformity_id"


def test_the_body_records_a_surveillance_check_once(world: World, actors: Actors) -> None:
    certified = world.a.certified
    url = f"{API}/certificates/{certified.certificate_id}/surveillance/{certified.check_id}"
    assert ok(world.client.post(url, headers=actors["applicant"],
                                json={"result": "conforming"}), 403)["code"] == "forbidden"
    before = utc_today()
    done = ok(world.client.post(url, headers=actors["auditor"],
                                json={"result": "conforming", "notes": "抽检合格"}))
    # the server's day is the UTC one (not the machine's: in Asia/Shanghai they differ from
    # 00:00 to 08:00); taken before and after the request, in case UTC midnight falls between
    assert done["result"] == "conforming"
    assert done["done_on"] in {before.isoformat(), utc_today().isoformat()}
    refused(world.client.post(url, headers=actors["auditor"], json={"result": "conforming"}),
            "surveillance_recorded")
    calendar = ok(world.client.get(
        f"{API}/certification-bodies/{certified.body.organisation_id}/surveillance",
        headers=actors["body admin"]))
    assert calendar["overdue"] == calendar["due"] == calendar["upcoming"] == []


@pytest.fixture
def browser(world: World) -> Iterator[TestClient]:
    with closing(TestClient(world.app)) as client:
        yield client


def test_a_browser_session_needs_its_csrf_token_for_a_step(world: World,
                                                           browser: TestClient) -> None:
    csrf = sign_in(browser, world.a.certified.body.admin)
    case_id = world.a.certified.case_id
    assert browser.get(f"{API}/cases/{case_id}").status_code == 200
    answer = browser.post(f"{API}/cases/{case_id}/actions", data={"action": "accept"})
    assert ok(answer, 403)["field"] == "X-CSRF-Token"
    refused(browser.post(f"{API}/cases/{case_id}/actions", data={"action": "accept"},
                         headers={"X-CSRF-Token": csrf}), "transition_not_allowed")


def test_enterprise_decision_maker_cannot_issue_labels(world: World, actors: Actors) -> None:
    """Attack 9 of issue 12: the holder's decision maker signed labels. Labels are the mark
    of a granted certificate (ISO/IEC 17065): the holder's admin or analyst may apply it, the
    body's admin or decision maker issue it; no one else (docs/api.md)."""
    holder_id = world.a.tenant.organisation.id
    body_id = world.a.certified.body.organisation_id
    with world.app.state.uow(write=True) as uow:
        holder_decider = users.add_user(uow, holder_id, "boss@a.example.cn", "boss",
                                        Role.DECISION_MAKER, PASSWORD, None)
        body_analyst = users.add_user(uow, body_id, "clerk@cert.example.cn", "clerk",
                                      Role.ANALYST, PASSWORD, None)
        uow.commit()
    labels = f"{API}/certificates/{world.a.certified.certificate_id}/labels"
    for user in (holder_decider, body_analyst):
        headers = bearer(token_for(world.app.state.uow, user))
        assert ok(world.client.post(labels, headers=headers), 403)["field"] == "role"
    for who in ("applicant", "body admin", "decider"):
        assert ok(world.client.post(labels, headers=actors[who]), 201)["url"]
