"""The one switch for what a test needs from outside the repository (a PostgreSQL server, the
reference material in ``../shared``, Debian's chromium): when it is missing, the test is
skipped on a developer's machine and FAILS under CI (environment ``CI`` set, as CI services
and ``.ci/run`` set it), so that a green CI run has run every test."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether the suite runs under CI (``CI`` set to anything but empty, 0, false or no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> NoReturn:
    """Skip the test for ``reason``, or fail it under CI."""
    if in_ci():
        pytest.fail(f"{reason} (required under CI: CI={os.environ.get('CI')})", pytrace=False)
    pytest.skip(reason)
