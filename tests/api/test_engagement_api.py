"""The verification engagement through the REST API: terms, plan, approval, sample, evidence,
independent review, opinion and the report PDF; refused steps are 409 with the rule's code.
On SQLite (the services' tests walk both back ends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.conftest import API, World
from tests.api.test_certification_api import (
    Actors,
    ok,
    planned,
    refused,
    step,
    through_inspection,
)
from tests.support.documents import pdf_text, squeezed


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Only SQLite here (overrides the fixture parametrized over both back ends)."""
    return f"sqlite:///{tmp_path / 'api.db'}"


@pytest.fixture
def actors(world: World) -> Actors:
    return Actors(world)

TERMS = {"level": "limited", "materiality": 0.05, "objectives": "核查声明 / verify the claim",
         "scope": "从摇篮到大门 / cradle-to-gate", "intended_users": "买方 / buyers"}
PLAN = {"risks": [{"area": "production", "inherent": "high", "control": "high"}],
        "activities": "抽样、复算 / sampling, recalculation", "sample_size": 4}


def test_an_engagement_goes_through_the_api_to_an_opinion_and_its_report(
        world: World, actors: Actors) -> None:
    case_id = planned(world, actors)
    lead, other = actors["lead"], actors["auditor"]
    url = f"{API}/cases/{case_id}/engagement"
    assert ok(world.client.get(url, headers=lead)) == {**ok(world.client.get(
        url, headers=lead)), "set_up": False, "level": None, "lines": [], "opinion": None}
    terms = ok(world.client.post(url, headers=lead, json=TERMS))
    assert (terms["level"], terms["criteria"]) == ("limited", "GB/T 24067-2024")
    refused(world.client.post(f"{url}/plan", headers=other, json={**PLAN, "sample_size": 3}),
            "sample_too_small")
    assert ok(world.client.post(f"{url}/plan", headers=other,
                                json=PLAN))["least_sample_size"] == 4
    refused(world.client.post(f"{url}/plan/approval", headers=other), "team_leader")
    ok(world.client.post(f"{url}/plan/approval", headers=lead))
    refused(world.client.post(f"{url}/sample", headers=lead, json={"seed": 1}),
            "engagement_step")  # sampling belongs to the PCF verification step
    through_inspection(world, lead, case_id)
    drawn = ok(world.client.post(f"{url}/sample", headers=other, json={"seed": 42}))
    assert drawn["sample_seed"] == 42
    assert drawn["lines"]
    for line in drawn["lines"]:
        ok(world.client.post(f"{url}/evidence", headers=other, json={
            "seq": line["seq"], "source": "电表读数 / meter reading", "model_value": 10,
            "found_value": 10, "unit": "kWh"}))
    ok(world.client.post(f"{API}/cases/{case_id}/verification", headers=lead, json={}), 201)
    refused(world.client.post(f"{url}/opinion", headers=lead, json={"kind": "unmodified"}),
            "review_before_opinion")
    refused(world.client.post(f"{url}/review", headers=other, json={"agreed": True}),
            "independent_review")
    refused(step(world, lead, case_id, "complete_verification"), "opinion_missing")
    ok(world.client.post(f"{url}/review", headers=actors["decider"], json={"agreed": True}))
    done = ok(world.client.post(f"{url}/opinion", headers=lead, json={"kind": "unmodified"}))
    assert done["opinion"]["kind"] == "unmodified"
    assert done["complete"] is True
    assert done["evaluation"]["material"] is False
    pdf = world.client.get(f"{API}/cases/{case_id}/verification-report.pdf",
                           params={"lang": "en"}, headers=actors["applicant"])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = squeezed(pdf_text(pdf.content))
    assert "unmodifiedopinion(limitedassurance)" in text
    ok(step(world, lead, case_id, "complete_verification"))
