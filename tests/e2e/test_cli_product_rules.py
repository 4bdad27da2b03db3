"""``carbonlabel rules list|show`` and rule conformance in ``carbonlabel validate``: gaps are
listed with their field paths; the exit code is 1 on gaps only with ``--strict``; a model
naming an unreleased rule or version is invalid (exit 2, with its line)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from carbonlabel.cli.app import main

Run = Callable[..., tuple[int, str, str]]
DEMO = Path(__file__).parents[2] / "src" / "carbonlabel" / "demo"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def _cement(tmp_path: Path, old: str, new: str) -> Path:
    text = (DEMO / "portland_cement.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "cement.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_rules_list_gives_the_seventeen_releases(run: Run) -> None:
    code, out, _ = run("rules", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert len(listed) == 17
    assert {"cn-pilot-16-cement", "cn-pilot-04-li-ion-energy-storage"} <= {r["code"]
                                                                           for r in listed}


def test_rules_show_gives_every_part_and_the_hash(run: Run) -> None:
    code, out, _ = run("rules", "show", "cn-pilot-16-cement", "--version", "1.0", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["unit"]["dimensions"] == ["mass"]
    assert shown["official_text_available"] is False
    assert len(shown["hash"]) == 64


def test_rules_show_of_an_unknown_version_is_not_found(run: Run) -> None:
    code, _, err = run("rules", "show", "cn-pilot-16-cement", "--version", "9.9")
    assert code == 3
    assert "9.9" in err


def test_validate_reports_that_the_demo_conforms(run: Run) -> None:
    code, out, _ = run("validate", str(DEMO / "lfp_battery_pack.yaml"), "--strict")
    assert code == 0
    assert "cn-pilot-04-li-ion-energy-storage@1.0" in out


def test_validate_lists_gaps_and_fails_only_when_strict(run: Run, tmp_path: Path) -> None:
    path = _cement(tmp_path, "cut_off: {per_input: 0.01, total: 0.05}",
                   "cut_off: {per_input: 0.02, total: 0.05}")
    code, out, _ = run("validate", str(path))
    assert code == 0
    assert "cut_off.per_input" in out
    assert "1 gap(s)" in out
    code, _, _ = run("validate", str(path), "--strict")
    assert code == 1


def test_a_model_naming_an_unreleased_version_is_invalid(run: Run, tmp_path: Path) -> None:
    path = _cement(tmp_path, "product_rule: {code: cn-pilot-16-cement}",
                   'product_rule: {code: cn-pilot-16-cement, version: "7.0"}')
    code, _, err = run("validate", str(path))
    assert code == 2
    assert "product.product_rule.version" in err
    assert "7.0" in err
