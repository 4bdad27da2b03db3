"""REST API v1 of alerts for regulators: ``GET /supervision/alerts`` (paged; filter ``state``,
``rule``), ``GET /supervision/alerts/{alert_id}``, ``POST .../{alert_id}/dismissal`` (with the
reason). Staff of a regulator only (403 anyone else), within its jurisdiction (404 outside)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends

from carbonlabel.domain.supervision.alerts import RULE_NAMES, Alert, AlertRule, AlertState
from carbonlabel.services.supervision import alerts
from carbonlabel.web.api.responses import SIGNED_IN, WITH_BODY
from carbonlabel.web.api.schemas import PagePublic, page_of
from carbonlabel.web.deps import CurrentUser, PageParams, ReadUow, WriteUow, refuse_nul
from carbonlabel.web.supervision import case_schemas as s

router = APIRouter(prefix="/api/v1/supervision", tags=["supervision alerts"],
                   dependencies=[Depends(refuse_nul)])


def alert_public(a: Alert) -> dict[str, Any]:
    zh, en = RULE_NAMES[a.rule]
    return {**asdict(a), "rule_name_zh": zh, "rule_name_en": en}


@router.get("/alerts", response_model=PagePublic[s.AlertPublic], responses=SIGNED_IN)
def list_alerts(user: CurrentUser, uow: ReadUow, paging: PageParams,
                state: AlertState | None = None,
                rule: AlertRule | None = None) -> dict[str, Any]:
    """The alerts of the caller's jurisdiction, newest first."""
    return page_of(alerts.alerts_page(uow, user, paging.offset, paging.limit, state, rule),
                   alert_public)


@router.get("/alerts/{alert_id}", response_model=s.AlertPublic, responses=SIGNED_IN)
def show_alert(alert_id: str, user: CurrentUser, uow: ReadUow) -> dict[str, Any]:
    return alert_public(alerts.get_alert(uow, user, alert_id[:36]))


@router.post("/alerts/{alert_id}/dismissal", response_model=s.AlertPublic,
             responses={**SIGNED_IN, **WITH_BODY})
def dismiss_alert(alert_id: str, body: s.Dismissal, user: CurrentUser,
                  uow: WriteUow) -> dict[str, Any]:
    """A false alarm, with its reason (409 ``alert_state`` unless the alert is open)."""
    return alert_public(alerts.dismiss(uow, user, alert_id[:36], body.reason))
