"""The shared reference material beside the project (``../shared``, or the folder named by
``CARBONLABEL_TEST_SHARED``); tests skip without it, and fail under CI (tests/support/ci.py)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.ci import unavailable

SHARED = Path(os.environ.get("CARBONLABEL_TEST_SHARED")
              or Path(__file__).resolve().parents[2].parent / "shared")


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        unavailable(f"shared reference material not found: {path}")
    return path
