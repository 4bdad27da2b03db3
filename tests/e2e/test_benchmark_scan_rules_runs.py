"""The scan rules benchmark runs as a person runs it, small: every planted clone, forgery,
invalid certificate, out-of-region run and enumerating client is found, and no clean label
alerts (its exit status says so)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_scan_rules_benchmark_finds_every_planted_case_and_nothing_else() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scan_rules.py"),
                           "--scans", "60000", "--labels", "1500", "--seed", "7"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "recall: 100.00%" in done.stdout
    assert "false alerts on the clean part: 0" in done.stdout
