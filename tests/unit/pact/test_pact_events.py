"""PACT CloudEvents: the official fulfilled-event examples, rendering, refusals."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from carbonlabel.adapters.formats.pact import PactFormatError, parse_event, render_event
from carbonlabel.domain.pact.events import (
    Published,
    RequestCreated,
    RequestFulfilled,
    RequestRejected,
)
from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import PfStatus, SpecVersion
from tests.support.pact_schemas import canonical, example, validate

V2, V3 = SpecVersion.V2_3, SpecVersion.V3_0
WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
UUID = "5afe8fbf-0ea9-477c-a1df-2d3c95f7eec0"


@pytest.mark.parametrize(("name", "version"), [("v2/pf-response-event.json", V2),
                                               ("v3/pf-response-event.json", V3)])
def test_official_fulfilled_event_round_trips(name: str, version: SpecVersion) -> None:
    doc = example(name)
    event = parse_event(doc, version)
    assert isinstance(event, RequestFulfilled)
    out = render_event(event, version)
    assert canonical(out) == canonical(doc)
    validate(out, "RequestFulfilledEvent", "2.3" if version is V2 else "3.0")


@pytest.mark.parametrize("version", [V2, V3])
def test_each_event_renders_valid_and_parses_back(version: SpecVersion) -> None:
    sv = "2.3" if version is V2 else "3.0"
    query = FootprintQuery(product_ids=("urn:gtin:1",), company_ids=("urn:x:c",))
    events: list[tuple[Any, str]] = [
        (Published(UUID, "//host/events", WHEN, (UUID,)), "PublishedEvent"),
        (RequestCreated(UUID, "//host/events", WHEN, query, "please"), "RequestCreatedEvent"),
        (RequestRejected(UUID, "//host/events", WHEN, UUID, "NotFound", "none"),
         "RequestRejectedEvent"),
    ]
    for event, schema in events:
        doc = render_event(event, version)
        validate(doc, schema, sv, strict=True)
        assert doc["specversion"] == "1.0"
        back = parse_event(doc, version)
        assert type(back) is type(event)
        if isinstance(back, RequestCreated):
            assert back.query.product_ids == ("urn:gtin:1",)
            assert back.query.company_ids == ("urn:x:c",)
        else:
            assert back == event


def test_v3_request_created_criteria_parse_to_query() -> None:
    doc = {"type": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
           "specversion": "1.0", "id": UUID, "source": "//h/e", "time": "2025-01-02T03:04:05Z",
           "data": {"productId": ["urn:gtin:1"], "geography": ["CN"],
                    "validOn": "2025-01-01T00:00:00Z", "status": "Active"}}
    ev = parse_event(doc, V3)
    assert isinstance(ev, RequestCreated)
    assert ev.query == FootprintQuery(product_ids=("urn:gtin:1",), geographies=("CN",),
                                      valid_on=datetime(2025, 1, 1, tzinfo=UTC),
                                      statuses=(PfStatus.ACTIVE,))
    assert render_event(ev, V3)["data"] == doc["data"]


def _published(**data: Any) -> dict[str, Any]:
    return {"type": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3", "specversion": "1.0",
            "id": UUID, "source": "//h/e", "time": "2025-01-02T03:04:05Z", "data": data}


@pytest.mark.parametrize(("doc", "version", "field"), [
    (_published(pfIds=["urn:gtin:4712345060507"]), V3, "data.pfIds[0]"),
    (_published(), V3, "data.pfIds"),
    ({**_published(pfIds=[UUID]), "type": "org.example.Unknown"}, V3, "type"),
    (_published(pfIds=[UUID]), V2, "type"),  # a v3 type on the v2 endpoint
    ({k: v for k, v in _published(pfIds=[UUID]).items() if k != "data"}, V3, "data"),
    ({**_published(pfIds=[UUID]), "time": "yesterday"}, V3, "time"),
    ([], V3, ""),
])
def test_bad_events_are_named(doc: Any, version: SpecVersion, field: str) -> None:
    with pytest.raises(PactFormatError) as err:
        parse_event(doc, version)
    assert err.value.field == field


def test_fulfilled_event_with_bad_footprint_names_its_path() -> None:
    doc = copy.deepcopy(example("v3/pf-response-event.json"))
    doc["data"]["pfs"][0]["pcf"]["fossilGhgEmissions"] = "-1"
    with pytest.raises(PactFormatError) as err:
        parse_event(doc, V3)
    assert err.value.field == "data.pfs[0].pcf.fossilGhgEmissions"
