"""The editor's form view writes only the fields it changed into the model document, by their
field paths; a reference field switches between factor, process, supplier and dataset."""

from __future__ import annotations

from typing import Any

from carbonlabel.web.quantify import editor_form as ef


def _document() -> dict[str, Any]:
    return {"geography": "CN", "notes": "kept", "processes": [
        {"id": "make", "inputs": [{"factor": "grid", "amount": 2, "unit": "kWh"},
                                  {"process": "mine", "amount": 1, "unit": "t"}]}]}


def test_changed_fields_are_written_and_the_rest_kept() -> None:
    document = _document()
    changed = ef.apply_form(document, {
        "f.processes[0].inputs[0].amount": "2.5", "f.processes[0].inputs[0].unit": "kWh",
        "f.processes[0].inputs[0].dq.TeR": "3", "f.geography": "CN", "other": "x"})
    assert changed
    first = document["processes"][0]["inputs"][0]
    assert first == {"factor": "grid", "amount": 2.5, "unit": "kWh", "dq": {"TeR": 3}}
    assert document["notes"] == "kept"


def test_an_unchanged_form_changes_nothing() -> None:
    document = _document()
    assert not ef.apply_form(document, {"f.processes[0].inputs[1].ref": "mine",
                                        "f.processes[0].inputs[1].amount": "1"})
    assert document == _document()


def test_a_reference_switches_its_kind() -> None:
    document = _document()
    ef.apply_form(document, {"f.processes[0].inputs[1].ref": "steel.cn",
                             "f.processes[0].inputs[1].ref_kind": "factor"})
    assert document["processes"][0]["inputs"][1] == {"factor": "steel.cn", "amount": 1,
                                                     "unit": "t"}


def test_an_emptied_field_is_removed_and_a_stale_path_ignored() -> None:
    document = _document()
    ef.apply_form(document, {"f.processes[0].inputs[0].unit": "",
                             "f.processes[5].inputs[0].amount": "1"})
    assert "unit" not in document["processes"][0]["inputs"][0]
    assert len(document["processes"]) == 1


def test_added_rows_take_a_new_process_id_and_the_reference_unit() -> None:
    document = {**_document(), "unit": {"unit": "t"}}
    ef.add_process(document)
    ef.add_emission(document, 1)
    ef.add_input(document, 1, {"factor": "grid", "amount": 1, "unit": "kWh"})
    added = document["processes"][1]
    assert added["id"] == "process_2"
    assert added["output"] == {"amount": 1, "unit": "t"}
    assert added["emissions"] == [{"gas": "CO2", "amount": 1, "unit": "kg"}]
    assert added["inputs"] == [{"factor": "grid", "amount": 1, "unit": "kWh"}]
    assert not ef.add_input(document, 9, {})
