"""What a test needs from outside the repository: skipped on a developer's machine when it is
missing, but under CI the test fails, so that a green CI run cannot hide skipped tests."""

from __future__ import annotations

import pytest

from tests.support.ci import in_ci
from tests.support.platform import reachable_postgres
from tests.support.shared import shared_file

NO_SERVER = "postgresql+psycopg://postgres@127.0.0.1:1/none"  # port 1: nothing listens


@pytest.mark.parametrize(("value", "expected"), [
    ("true", True), ("1", True), ("yes", True), ("TRUE", True),
    ("", False), ("0", False), ("false", False), ("no", False)])
def test_ci_is_told_by_the_ci_variable(monkeypatch: pytest.MonkeyPatch, value: str,
                                       expected: bool) -> None:
    monkeypatch.setenv("CI", value)
    assert in_ci() is expected


def test_missing_shared_material_fails_the_test_under_ci(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises((pytest.fail.Exception, pytest.skip.Exception)) as outcome:
        shared_file("reference/no-such-file.zip")
    assert outcome.type is pytest.fail.Exception, outcome.value
    assert "required under CI" in str(outcome.value)


def test_missing_shared_material_skips_the_test_outside_ci(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-file"):
        shared_file("reference/no-such-file.zip")


@pytest.mark.parametrize("url", [NO_SERVER, ""])
def test_a_missing_postgresql_server_fails_the_test_under_ci(
        monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises((pytest.fail.Exception, pytest.skip.Exception)) as outcome:
        reachable_postgres(url)
    assert outcome.type is pytest.fail.Exception, outcome.value
    assert "PostgreSQL" in str(outcome.value)


def test_a_missing_postgresql_server_skips_the_test_outside_ci(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not reachable"):
        reachable_postgres(NO_SERVER)
