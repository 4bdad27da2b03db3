"""API shapes, one per direction (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.domain.records import JobState
from carbonlabel.domain.sessions import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS
from carbonlabel.domain.tenancy import OrgKind, Role

T = TypeVar("T")


class _In(BaseModel):
    # JSON NaN and ±Infinity (which Python's JSON reader accepts) are refused per field
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL; refused here so that the field is named (not a 500)
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain the NUL character")
        return value


class PagePublic(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


def page_of(page: Page[Any], shape: Callable[[Any], Any]) -> dict[str, Any]:
    """A page of records as :class:`PagePublic`'s fields, each item shaped by ``shape``."""
    return {"items": [shape(i) for i in page.items], "total": page.total,
            "offset": page.offset, "limit": page.limit}


class SessionCreate(_In):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


class OrganisationPublic(BaseModel):
    id: str
    name: str
    kind: OrgKind
    region: str
    created_at: datetime
    credit_code: str | None = Field(default=None, description="统一社会信用代码")
    registered_address: str = ""


class UserPublic(BaseModel):
    id: str
    organisation_id: str
    email: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime


class SessionPublic(BaseModel):
    user: UserPublic
    csrf_token: str


class MePublic(BaseModel):
    user: UserPublic
    organisation: OrganisationPublic


class UserCreate(_In):
    email: str = Field(min_length=3, max_length=254)
    display_name: str = Field(min_length=1, max_length=200)
    role: Role
    password: str = Field(min_length=10, max_length=1000)


class TokenCreate(_In):
    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int = Field(default=TOKEN_DEFAULT_DAYS, ge=1, le=TOKEN_MAX_DAYS,
                                 description="days until the token expires (default 90)")


class TokenPublic(BaseModel):
    id: str
    name: str
    token: str = Field(description="shown once; send as 'Authorization: Bearer <token>'")
    created_at: datetime
    expires_at: datetime


class TokenInfo(BaseModel):
    """A token as listed: never its secret."""

    id: str
    name: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None = Field(description="recorded at most once a minute")
    revoked_at: datetime | None
    state: Literal["active", "expired", "revoked"]


class PasswordChange(_In):
    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(min_length=1, max_length=1000)


class PasswordChanged(BaseModel):
    sessions_ended: int = Field(description="the user's other sessions, now ended")


class SessionsEnded(BaseModel):
    sessions_ended: int


class ProductCreate(_In):
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    category: str = Field(min_length=1, max_length=100)
    product_rule: str | None = Field(default=None, max_length=200)
    gtin: str | None = Field(default=None, pattern=r"^\d{8}(\d{4,6})?$")
    own_code: str | None = Field(default=None, max_length=100)


class ProductPublic(BaseModel):
    id: str
    organisation_id: str
    name_zh: str
    name_en: str
    category: str
    product_rule: str | None
    gtin: str | None
    own_code: str | None
    created_at: datetime


class ModelVersionCreate(_In):
    format: Literal["yaml", "json"] = "yaml"
    content: str = Field(min_length=1, max_length=2_000_000)


class ModelVersionPublic(BaseModel):
    id: str
    product_id: str
    version: int
    format: str
    content_hash: str
    created_by: str
    created_at: datetime


class ModelVersionDetail(ModelVersionPublic):
    content: str


class TextPublic(BaseModel):
    zh: str
    en: str


class ProductRuleSummary(BaseModel):
    """A released product rule (PCR): code, version and the sha256 of its content."""

    code: str
    version: str
    hash: str = Field(description="sha256 of the rule's canonical JSON content")
    released_on: date
    status: Literal["provisional", "official", "withdrawn"]
    title: TextPublic
    official_text_available: bool


class ProductRuleRelease(ProductRuleSummary):
    content: dict[str, Any] = Field(description="every part of the rule (docs/product-rules.md)")


class ProductRuleVersions(BaseModel):
    code: str
    versions: list[ProductRuleRelease] = Field(description="oldest first")


class GapPublic(BaseModel):
    part: Literal["unit", "boundary", "cut_off", "allocation", "primary_data", "quality"]
    field: str = Field(description="the model field path, e.g. processes[2].inputs[0].primary")
    code: str
    reason: TextPublic


class RuleReleasePublic(BaseModel):
    code: str
    version: str
    hash: str


class ConformancePublic(BaseModel):
    """A model's gaps against the product rule it names (none: it conforms)."""

    rule: RuleReleasePublic
    conforms: bool
    gaps: list[GapPublic]


class ModelVersionSaved(ModelVersionPublic):
    conformance: ConformancePublic | None = Field(
        description="gaps against the product rule the model names; null: it names none")


class JobPublic(BaseModel):
    id: str
    kind: str
    state: JobState
    progress: float
    message: str
    subject_id: str
    result_id: str | None
    error: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


class FootprintPublic(BaseModel):
    id: str
    product_id: str
    model_version_id: str
    total_co2e_kg: float
    unit: str
    gwp_set: str
    input_hash: str
    engine_version: str
    created_at: datetime
    product_rule_release: str | None = Field(
        default=None, description="the product rule release it was calculated under, "
                                  "code@version#sha256; null: none (or calculated before)")


class FootprintDetail(FootprintPublic):
    result: dict[str, Any] = Field(description="docs/schemas/footprint-result.schema.json")
