"""PACT events as CloudEvents 1.0 structured JSON, v2 (pathfinder types) and v3."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonlabel.adapters.formats.pact.common import NotRepresentableError, Reader, render_time
from carbonlabel.adapters.formats.pact.documents import read_footprint, render_footprint
from carbonlabel.domain.pact.events import (
    CLOUDEVENTS_SPECVERSION,
    ERROR_CODES,
    PactEvent,
    Published,
    RequestCreated,
    RequestFulfilled,
    RequestRejected,
    event_class,
    event_type,
)
from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import ExchangeFootprint, PfStatus, SpecVersion


def render_event(event: PactEvent, version: SpecVersion) -> dict[str, object]:
    data: dict[str, object]
    if isinstance(event, Published):
        data = {"pfIds": list(event.pf_ids)}
    elif isinstance(event, RequestCreated):
        data = _render_criteria(event, version)
    elif isinstance(event, RequestFulfilled):
        if not event.pfs and version is SpecVersion.V3_0:
            raise NotRepresentableError(
                field="data.pfs", message_en="a v3 RequestFulfilledEvent needs at least one "
                "footprint (send a RequestRejectedEvent instead)",
                message_zh="v3 的 RequestFulfilledEvent 至少要包含一个碳足迹（否则应发送拒绝事件）")
        data = {"requestEventId": event.request_event_id,
                "pfs": [render_footprint(fp, version) for fp in event.pfs]}
    else:
        data = {"requestEventId": event.request_event_id,
                "error": {"code": event.code, "message": event.message}}
    return {"type": event_type(event, version), "specversion": CLOUDEVENTS_SPECVERSION,
            "id": event.event_id, "source": event.source, "time": render_time(event.time),
            "data": data}


def _render_criteria(event: RequestCreated, version: SpecVersion) -> dict[str, object]:
    q = event.query
    data: dict[str, object] = {}
    if version is SpecVersion.V2_3:
        pf: dict[str, object] = dict(event.pf_fragment or {})
        if not pf:
            if q.product_ids:
                pf["productIds"] = list(q.product_ids)
            if q.company_ids:
                pf["companyIds"] = list(q.company_ids)
        data["pf"] = pf
    else:
        for key, values in (("productId", q.product_ids), ("companyId", q.company_ids),
                            ("geography", q.geographies),
                            ("classification", q.classifications)):
            if values:
                data[key] = list(values)
        for key, moment in (("validOn", q.valid_on), ("validAfter", q.valid_after),
                            ("validBefore", q.valid_before)):
            if moment is not None:
                data[key] = render_time(moment)
        if len(set(q.statuses)) == 1:  # both statuses = no status criterion
            data["status"] = q.statuses[0].value
    if event.comment is not None:
        data["comment"] = event.comment
    return data


def parse_event(doc: object, version: SpecVersion) -> PactEvent:
    """One CloudEvent of ``version``; :class:`PactFormatError` names every bad field."""
    r = Reader()
    o = r.obj(doc, "")
    if o is None:
        r.raise_if_errors()
    assert o is not None
    type_name = r.string(o, "type", "", required=True)
    cls = event_class(type_name, version) if type_name is not None else None
    if type_name is not None and cls is None:
        r.fail("type", f"unknown event type {type_name!r} for PACT {version.value}",
               f"PACT {version.value} 中没有事件类型 {type_name!r}")
    spec = r.string(o, "specversion", "", required=True)
    if spec is not None and spec != CLOUDEVENTS_SPECVERSION:
        r.fail("specversion", f"CloudEvents specversion must be 1.0, not {spec!r}",
               f"CloudEvents specversion 必须为 1.0，而不是 {spec!r}")
    head: dict[str, Any] = {
        "event_id": r.string(o, "id", "", required=True, non_empty=True),
        "source": r.string(o, "source", "", required=True, non_empty=True),
        "time": r.time(o, "time", "", required=True)}
    data = r.obj(o["data"], "data") if "data" in o else None
    if "data" not in o:
        r.missing("data")
    event: PactEvent | None = None
    if data is not None and cls is not None:
        event = _parse_data(cls, data, version, r, head)
    r.raise_if_errors()
    assert event is not None
    return event


def _parse_data(cls: type, d: Mapping[str, object], version: SpecVersion, r: Reader,
                head: dict[str, Any]) -> PactEvent | None:
    if cls is Published:
        ids = r.strings(d, "pfIds", "data", required=True, kind="uuid")
        return None if r.errors else Published(**head, pf_ids=ids)
    if cls is RequestCreated:
        return _parse_created(d, version, r, head)
    request_id = r.string(d, "requestEventId", "data", required=True, non_empty=True) or ""
    if cls is RequestRejected:
        if "error" not in d:
            r.missing("data.error")
            return None
        err = r.obj(d["error"], "data.error")
        if err is None:
            return None
        code = r.enum(err, "code", "data.error", ERROR_CODES, required=True)
        message = r.string(err, "message", "data.error", required=True)
        if r.errors or code is None or message is None:
            return None
        return RequestRejected(**head, request_event_id=request_id, code=code, message=message)
    raw = d.get("pfs")
    if not isinstance(raw, list) or (version is SpecVersion.V3_0 and not raw):
        r.fail("data.pfs", "must be a non-empty array of footprints",
               "必须是包含碳足迹的非空数组")
        return None
    pfs = [read_footprint(item, version, r, f"data.pfs[{i}]") for i, item in enumerate(raw)]
    if r.errors:
        return None
    return RequestFulfilled(**head, request_event_id=request_id,
                            pfs=tuple(p for p in pfs if isinstance(p, ExchangeFootprint)))


def _parse_created(d: Mapping[str, object], version: SpecVersion, r: Reader,
                   head: dict[str, Any]) -> RequestCreated | None:
    comment = r.string(d, "comment", "data")
    if version is SpecVersion.V2_3:
        if "pf" not in d:
            r.missing("data.pf")
            return None
        pf = r.obj(d["pf"], "data.pf")
        if pf is None:
            return None
        query = FootprintQuery(
            product_ids=r.strings(pf, "productIds", "data.pf", kind="urn"),
            company_ids=r.strings(pf, "companyIds", "data.pf", kind="urn"))
        if r.errors:
            return None
        return RequestCreated(**head, query=query, comment=comment, pf_fragment=dict(pf))
    status = r.enum(d, "status", "data", frozenset(s.value for s in PfStatus))
    query = FootprintQuery(
        product_ids=r.strings(d, "productId", "data", kind="urn"),
        company_ids=r.strings(d, "companyId", "data", kind="urn"),
        geographies=r.strings(d, "geography", "data", non_empty_items=True),
        classifications=r.strings(d, "classification", "data", kind="urn"),
        valid_on=r.time(d, "validOn", "data"),
        valid_after=r.time(d, "validAfter", "data"),
        valid_before=r.time(d, "validBefore", "data"),
        statuses=(PfStatus(status),) if status else ())
    if r.errors:
        return None
    return RequestCreated(**head, query=query, comment=comment)
