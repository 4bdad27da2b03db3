"""Plain factories of stored records and helpers of the persistence tests (both back ends)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import main
from carbonlabel.domain.records import (
    FootprintRecord,
    Job,
    JobState,
    ModelVersion,
    RegisteredProduct,
)
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.services.accounts import users
from tests.conftest import base_model
from tests.support.platform import Tenant

#: microseconds on purpose: they must survive the round trip on both back ends
T0 = datetime(2024, 5, 1, 8, 30, 0, 123456, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def new_id() -> str:
    return str(uuid.uuid4())


def model_text(variant: int = 0, padding: int = 0) -> str:
    """A valid model (JSON) whose content differs by ``variant``; ``padding`` characters of
    free text make the stored row large."""
    model = base_model()
    model["processes"][0]["inputs"][0]["amount"] = 2 + variant
    if padding:
        model["factors"][0]["source"]["note"] = ("填充 padding " * (padding // 11 + 1))[:padding]
    return json.dumps(model, ensure_ascii=False)


def product(org_id: str, minutes: int = 0, own_code: str | None = None,
            product_id: str | None = None) -> RegisteredProduct:
    return RegisteredProduct(product_id or new_id(), org_id, "测试产品", "Test product", "test",
                             "PCR-1", "4006381333931", own_code, at(minutes))


def version(product_id: str, user_id: str, number: int, minutes: int = 0) -> ModelVersion:
    content = model_text(number)
    return ModelVersion(new_id(), product_id, number, "json", content,
                        hashlib.sha256(content.encode("utf-8")).hexdigest(), user_id,
                        at(minutes))


def footprint(org_id: str, product_id: str, version_id: str, user_id: str,
              minutes: int = 0, total: float = 1.25) -> FootprintRecord:
    body = json.dumps({"total_co2e_kg": total, "note": "结果 result"}, ensure_ascii=False)
    return FootprintRecord(new_id(), org_id, product_id, version_id, total, "per 1 kg", "AR6",
                           "ab" * 32, "test-engine", body, user_id, at(minutes))


def job(org_id: str, subject_id: str, user_id: str, minutes: int = 0,
        state: JobState = JobState.QUEUED) -> Job:
    return Job(new_id(), org_id, "footprint", state, 0.0, "排队中 queued", subject_id, None,
               None, user_id, at(minutes), at(minutes))


def quick_tenant(make_uow: UowFactory, name: str) -> Tenant:
    """Like ``seed_tenant`` but without hashing passwords (argon2 is slow on purpose): for
    tests in which nobody signs in."""
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, name, OrgKind.ENTERPRISE, "CN-GD")
        members = [User(new_id(), org.id, f"{role.value}-{uuid.uuid4().hex[:8]}@example.cn",
                      f"{role.value} {name}", role, True, T0)
                 for role in (Role.ADMIN, Role.ANALYST, Role.VIEWER)]
        for user in members:
            uow.users.add(user, "not-a-password-hash")
        uow.commit()
    return Tenant(org, *members)


def audit_verify(capsys: pytest.CaptureFixture[str], database_url: str,
                 data_dir: Path) -> tuple[int, str, str]:
    """``carbonlabel audit verify`` as a user runs it: exit code, stdout, stderr."""
    code = main(["audit", "verify", "--database-url", database_url,
                 "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def assert_names_broken_record(result: tuple[int, str, str], seq: int) -> None:
    code, _, err = result
    lines = err.strip().splitlines()
    assert code != 0
    assert len(lines) == 1, err
    assert f"audit_log[{seq}]" in lines[0]
    assert f"audit record {seq} is broken" in lines[0]
