"""The ``dev`` script installs once: after ``./dev test`` (the test extra), ``./dev demo`` and
the other base-install tasks find the environment ready and install nothing (no network); a
fresh clone, or a newer pyproject.toml, installs. Run on a copy of the script with a fake
environment whose python records what it is asked to do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAKE = """#!/bin/sh
echo "$(basename "$0") $*" >> "$(dirname "$0")/../calls.log"
"""


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "dev", tmp_path / "dev")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("python", "carbonlabel", "pytest"):
        (bin_dir / tool).write_text(FAKE, encoding="utf-8")
        (bin_dir / tool).chmod(0o755)
    return tmp_path


def run(clone: Path, *args: str) -> list[str]:
    log = clone / ".venv" / "calls.log"
    log.unlink(missing_ok=True)
    subprocess.run(["bash", str(clone / "dev"), *args], check=True, capture_output=True,
                   env={"PATH": os.environ["PATH"]})
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def stamp(clone: Path, extras: str, newer_than_pyproject: bool = True) -> None:
    path = clone / ".venv" / f".installed-{extras}"
    path.touch()
    pyproject = (clone / "pyproject.toml").stat().st_mtime
    when = pyproject + (10 if newer_than_pyproject else -10)
    os.utime(path, (when, when))


def installs(calls: list[str]) -> list[str]:
    return [c for c in calls if c.startswith("python -m pip install") and " -e " in c]


def test_the_demo_after_the_tests_installs_nothing(clone: Path) -> None:
    stamp(clone, "test")
    calls = run(clone, "run", "version")
    assert installs(calls) == []
    assert calls == ["carbonlabel version"]


def test_a_fresh_clone_installs_the_base_once_then_not_again(clone: Path) -> None:
    assert installs(run(clone, "run", "version")) == [
        "python -m pip install --quiet --disable-pip-version-check -e ."]
    assert (clone / ".venv" / ".installed-base").exists()
    assert installs(run(clone, "run", "version")) == []


def test_a_stamp_older_than_pyproject_installs_again(clone: Path) -> None:
    stamp(clone, "test", newer_than_pyproject=False)
    assert len(installs(run(clone, "run", "version"))) == 1


def test_the_base_install_does_not_satisfy_the_tests(clone: Path) -> None:
    stamp(clone, "base")
    calls = run(clone, "fuzz")  # the test extra, without chromium or the linters
    assert installs(calls) == [
        "python -m pip install --quiet --disable-pip-version-check -e .[test]"]


def test_the_demo_output_piped_keeps_its_lines_whole(capsys: pytest.CaptureFixture[str]) -> None:
    from carbonlabel.cli.platform import console

    line = "演示标识 demo label CN-PCF-2026-000001: 扫码验证 verify at " + "x" * 120
    console.print(line)
    console.print("  " + "analyst@demo-enterprise.example.cn" + " word" * 30)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == line
    assert len(printed) == 2
