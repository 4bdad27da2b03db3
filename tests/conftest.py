"""Shared test fixtures: model builders and synthetic databases from ../shared/tools/gen_db.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.brightway import gen_db_module

ROOT = Path(__file__).resolve().parents[1]

pytest_plugins = ["tests.support.platform"]


def pytest_configure(config: pytest.Config) -> None:
    """Passwords hashed with argon2's cheapest parameters in tests (Django's test runner does
    the same with its hashers): one default hash costs ~0.2 s here, and seeding a tenant makes
    three. Hashing and verifying are still argon2id, checked in tests/unit/test_security.py;
    only the cost parameters differ, and production keeps the library's defaults."""
    import os

    # the development settings the tests use: partners' test hosts listen on this machine,
    # and Starlette's test client sends Host: testserver (tests of the guards set them back)
    os.environ.setdefault("CARBONLABEL_ALLOW_PRIVATE_OUTBOUND", "true")
    os.environ.setdefault("CARBONLABEL_ALLOWED_HOSTS", '["testserver"]')

    from argon2 import PasswordHasher, profiles

    from carbonlabel.adapters import security

    security._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    security._DUMMY = security._hasher.hash("carbonlabel-dummy-password")


def base_model(**overrides: Any) -> dict[str, Any]:
    """A minimal valid model dict: one process, one factor."""
    model: dict[str, Any] = {
        "schema": "carbonlabel/product-model/1",
        "product": {"name": {"zh": "测试产品", "en": "Test product"}, "category": "test"},
        "unit": {"kind": "declared", "description": {"zh": "1 千克", "en": "1 kg"},
                 "amount": 1, "unit": "kg", "process": "main"},
        "boundary": "cradle-to-gate",
        "geography": "CN",
        "factors": [
            {"id": "grid", "name": {"zh": "电网", "en": "grid"}, "unit": "kWh", "co2e": 0.5,
             "source": {"note": "test factor"}},
        ],
        "processes": [
            {"id": "main", "name": {"zh": "主过程", "en": "main"}, "stage": "production",
             "output": {"amount": 1, "unit": "kg"},
             "inputs": [{"factor": "grid", "amount": 2, "unit": "kWh"}]},
        ],
    }
    model.update(overrides)
    return model


@pytest.fixture
def write_model(tmp_path: Path) -> Callable[..., Path]:
    """Write a model dict (or raw text) to a YAML or JSON file and return its path."""
    counter = [0]

    def write(model: dict[str, Any] | str, suffix: str = ".yaml") -> Path:
        counter[0] += 1
        path = tmp_path / f"model{counter[0]}{suffix}"
        if isinstance(model, str):
            path.write_text(model, encoding="utf-8")
        elif suffix == ".json":
            path.write_text(json.dumps(model, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(model, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, int], Path]:
    """Generate (once per session) a synthlci database of a size and seed; return its folder."""
    made: dict[tuple[str, int], Path] = {}

    def make(size: str, seed: int) -> Path:
        if (size, seed) not in made:
            out = tmp_path_factory.mktemp(f"synth-{size}-{seed}")
            gen_db_module().generate(size, out, seed)
            made[(size, seed)] = out
        return made[(size, seed)]

    return make
