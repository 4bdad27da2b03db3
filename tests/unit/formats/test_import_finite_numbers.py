"""Database imports: a JSON-LD entry with NaN, Infinity or an integer too long to parse is
refused naming the entry (Python's JSON reader accepts the first two, and the third raised)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonlabel.adapters.formats.olca_jsonld import read_olca_jsonld
from carbonlabel.errors import DataFormatError
from tests.support.olca_fixtures import write_v1_folder


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1" + "0" * 5000])
def test_a_non_finite_amount_in_json_ld_is_refused_naming_the_entry(tmp_path: Path,
                                                                    token: str) -> None:
    folder = tmp_path / "steel"
    ids = write_v1_folder(folder)
    entry = folder / "processes" / f"{ids['cement']}.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["exchanges"][0]["amount"] = "__VALUE__"
    entry.write_text(json.dumps(data).replace('"__VALUE__"', token), encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_olca_jsonld(folder)
    assert f"processes/{ids['cement']}.json" in info.value.field
    assert "finite" in info.value.message_en or "malformed JSON" in info.value.message_en
