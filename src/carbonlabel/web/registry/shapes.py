"""The registry's JSON: a certificate entry and a verification, as plain dicts encoded once.

The verification route is the hot path of the registry (every QR scan), so its answer is built
as a dict and encoded with ``json.dumps`` directly, without a response model; the pydantic
classes here only describe the shapes in the OpenAPI document.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel, Field

from carbonlabel.domain.certification.label import VERDICT_NAMES, LabelPayload
from carbonlabel.domain.certification.registry import RegistryEntry, SystemRegistryEntry
from carbonlabel.services.registry.verification import RegistryVerdict


def entry_dict(entry: RegistryEntry, today: date) -> dict[str, Any]:
    return {"number": entry.number, "status": entry.live_status(today).value,
            "under_reevaluation": entry.under_reevaluation,
            "holder": entry.holder, "holder_region": entry.holder_region,
            "product": {"zh": entry.product_zh, "en": entry.product_en},
            "category": entry.category, "product_rule": entry.product_rule,
            "value": entry.certified_value, "unit": entry.certified_unit,
            "value_co2e_kg": entry.value_co2e_kg, "declared_unit": entry.declared_unit,
            "boundary": entry.boundary, "standard": entry.standard, "scheme": entry.scheme,
            "body": entry.body, "issued_on": entry.issued_on.isoformat(),
            "expires_on": entry.expires_on.isoformat(),
            "transferred_from": ({"body": entry.transferred_from,
                                  "on": entry.transferred_on.isoformat()}
                                 if entry.transferred_from and entry.transferred_on else None),
            "mode": entry.mode.value, "system_number": entry.system_number,
            "page": f"/registry/{entry.number}", "label_svg": f"/registry/{entry.number}/label.svg"}


def system_entry_dict(entry: SystemRegistryEntry, today: date) -> dict[str, Any]:
    return {"number": entry.number, "mode": "system", "status": entry.live_status(today).value,
            "holder": entry.holder, "holder_region": entry.holder_region,
            "category": entry.category, "product_rule": entry.product_rule,
            "standard": entry.standard, "scheme": entry.scheme, "body": entry.body,
            "issued_on": entry.issued_on.isoformat(), "expires_on": entry.expires_on.isoformat(),
            "products": [{"number": p.number, "product": {"zh": p.product_zh,
                                                          "en": p.product_en},
                          "status": p.live_status(today).value,
                          "page": f"/registry/{p.number}"} for p in entry.products],
            "page": f"/registry/{entry.number}"}


def signed_dict(payload: LabelPayload) -> dict[str, Any]:
    return {"kid": payload.kid, "certificate": payload.certificate, "value": payload.value,
            "unit": payload.unit, "issued_on": payload.issued.isoformat(),
            "expires_on": payload.expires.isoformat()}


def verification_dict(result: RegistryVerdict, checked: str, today: date) -> dict[str, Any]:
    zh, en = VERDICT_NAMES[result.verdict]
    return {"verdict": result.verdict.value, "genuine": result.genuine, "verdict_zh": zh,
            "verdict_en": en, "checked": checked,
            "under_reevaluation": result.entry is not None and result.entry.under_reevaluation,
            "states_earlier_revision": result.superseded,
            "signed": signed_dict(result.signed) if result.signed else None,
            "certificate": entry_dict(result.entry, today) if result.entry else None}


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
                    status_code=status, media_type="application/json",
                    headers={"Cache-Control": "no-store"})


# -- shapes for the OpenAPI document only --------------------------------------------------

class ProductNamePublic(BaseModel):
    zh: str
    en: str


class TransferredFromPublic(BaseModel):
    body: str = Field(description="the certification body the certificate was transferred from")
    on: date


class RegistryEntryPublic(BaseModel):
    number: str
    status: str
    under_reevaluation: bool = Field(description="a change affecting certification awaits "
                                                 "its decision (重新评价中)")
    holder: str
    holder_region: str
    product: ProductNamePublic
    category: str
    product_rule: str | None
    value: str = Field(description="the certified value, fixed at the grant (four significant "
                                   "figures): the value the label prints and signs")
    unit: str
    value_co2e_kg: float = Field(description="the footprint's total as calculated (not rounded)")
    declared_unit: str
    boundary: str
    standard: str
    scheme: str
    body: str
    issued_on: date
    expires_on: date
    transferred_from: TransferredFromPublic | None = Field(
        default=None, description="the last transfer between bodies (转自); null if none")
    mode: str = Field(description="product: certified in a case of its own; system: "
                                  "registered by the holder under a system certificate")
    system_number: str | None = Field(description="the system certificate's number (system "
                                                  "mode)")
    page: str
    label_svg: str


class RegisteredProductPublic(BaseModel):
    number: str = Field(description="the product's certificate number")
    product: ProductNamePublic
    status: str
    page: str


class SystemRegistryEntryPublic(BaseModel):
    number: str
    mode: str = Field(description="always system (体系认证)")
    status: str
    holder: str
    holder_region: str
    category: str = Field(description="the product category the certified system covers")
    product_rule: str | None
    standard: str
    scheme: str
    body: str
    issued_on: date
    expires_on: date
    products: list[RegisteredProductPublic] = Field(
        description="the products the holder registered under this certificate")
    page: str


class SignedLabelPublic(BaseModel):
    kid: str
    certificate: str
    value: str
    unit: str
    issued_on: date
    expires_on: date


class VerificationPublic(BaseModel):
    verdict: str
    genuine: bool
    verdict_zh: str
    verdict_en: str
    checked: str
    under_reevaluation: bool
    #: the label states the value of an earlier revision (printed before a re-issue)
    states_earlier_revision: bool
    signed: SignedLabelPublic | None
    certificate: RegistryEntryPublic | None


class RegistryPagePublic(BaseModel):
    items: list[RegistryEntryPublic]
    total: int
    offset: int
    limit: int


class PublicKeysPublic(BaseModel):
    keys: dict[str, str]
