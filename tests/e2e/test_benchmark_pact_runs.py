"""The PACT benchmark still runs against the platform as it is (it broke once unnoticed when
trusted hosts came in: its client's Host was refused). A tiny run: 3 footprints, once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_pact_benchmark_lists_every_footprint_through_v3_v2_and_the_api() -> None:
    # as a person runs it: none of the settings the test suite gives itself
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARBONLABEL_")}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "pact.py"),
                           "--footprints", "3", "--repeat", "1"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    [row] = [line for line in done.stdout.splitlines() if line.startswith("sqlite")]
    assert "/3 " in row
    assert "ratio /3 : /api/v1" in row
