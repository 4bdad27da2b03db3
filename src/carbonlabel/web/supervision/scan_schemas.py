"""Shapes of the scan log as regulators read it (``GET /api/v1/supervision/scans``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ScanPublic(BaseModel):
    id: int
    at: datetime
    verdict: str = Field(description="valid, suspended, withdrawn, cancelled, expired, "
                                     "not_genuine")
    channel: str = Field(description="page or api")
    claimed_number: str | None = Field(description="the certificate number the scan claimed")
    failure: str | None = Field(description="why not genuine: signature, unknown, mismatch, "
                                            "check_digits, malformed, length")
    region: str | None = Field(description="coarse region: CN-GD or CN-GD-440300")
    region_source: str | None = Field(description="address (the address table) or shared "
                                                  "(chosen by the person)")
    client_ref: str | None = Field(description="a short reference of the client's keyed "
                                               "hash: the same client, never who")
    holder_region: str | None = Field(description="the claimed certificate's holder's region")
