"""The model editor's form view and its edits, over the model document (the parsed YAML).

The form names each field by its path in the document (``f.processes[0].inputs[1].amount``,
the paths of the loader's error messages), so the form and the YAML edit the same model; the
server applies the changed fields to the document and writes it back as YAML. Only the form
view's fields are written: everything else in the document is kept as it was (comments are
lost once the form or an "add" button rewrites the YAML; the YAML view alone keeps the text
exactly as typed).
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import yaml

from carbonlabel.adapters.formats.model_paths import parse_path
from carbonlabel.domain.product import LifeCycleStage
from carbonlabel.services.quantify.model_templates import dump

FIELD_PREFIX = "f."
NUMBERS = frozenset({"amount", "TeR", "GeR", "TiR", "P"})
REFERENCES = ("factor", "process", "supplier", "dataset")
STAGES = tuple(s.value for s in LifeCycleStage)


def document_of(text: str) -> dict[str, Any] | None:
    """The YAML text as a document, ``None`` when it is not a mapping (the YAML view's
    errors say why on save)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _get(document: Any, path: tuple[str | int, ...]) -> Any:
    node = document
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
            node = node[part]
        else:
            if not isinstance(node, dict):
                return None
            node = node.get(part)
    return node


def _value(name: str, text: str) -> Any:
    """A form value as the document holds it: numbers for amounts and quality scores, else
    the text (``None``: the field was emptied)."""
    text = text.strip()
    if not text:
        return None
    if name in NUMBERS:
        try:
            number = float(text)
        except ValueError:
            return text  # kept as typed: the loader names the field and why
        return int(number) if number.is_integer() else number
    return text


def _set(document: dict[str, Any], path: tuple[str | int, ...], value: Any) -> bool:
    """Set ``value`` at ``path`` (creating mappings on the way); ``False`` when the path does
    not lead into the document (a stale form)."""
    node: Any = document
    for part, nxt in pairwise(path):
        child = _get(node, (part,))
        if child is None:
            if isinstance(part, int) or isinstance(nxt, int):
                return False
            child = node[part] = {}
        node = child
    last = path[-1]
    if isinstance(last, int) or not isinstance(node, dict):
        return False
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value
    return True


def apply_form(document: dict[str, Any], form: Mapping[str, str]) -> bool:
    """Write the form's changed fields into ``document``; whether anything changed. A
    reference field (``…inputs[0].ref``, with ``…ref_kind``) sets the one of ``factor``,
    ``process``, ``supplier`` or ``dataset`` it names."""
    changed = False
    for key, text in form.items():
        if not key.startswith(FIELD_PREFIX) or key.endswith(".ref_kind"):
            continue
        path = parse_path(key[len(FIELD_PREFIX):])
        if not path:
            continue
        if path[-1] == "ref":
            item = _get(document, path[:-1])
            if not isinstance(item, dict):
                continue
            old = reference_of(item)
            kind = form.get(key + "_kind") or old[0]
            kind = kind if kind in REFERENCES else old[0]
            if old != (kind, text.strip()):
                for k in REFERENCES:
                    item.pop(k, None)
                item[kind] = text.strip()
                changed = True
            continue
        value = _value(str(path[-1]), text)
        if _get(document, path) != value:
            changed = _set(document, path, value) or changed
    return changed


def reference_of(item: Mapping[str, Any]) -> tuple[str, str]:
    """(kind, reference) of an input: ``("factor", "cn.electricity…")``."""
    for kind in REFERENCES:
        if kind in item:
            return kind, str(item[kind])
    return "factor", ""


def _process(document: dict[str, Any], index: int) -> dict[str, Any] | None:
    processes = document.get("processes")
    if not isinstance(processes, list) or not 0 <= index < len(processes):
        return None
    found = processes[index]
    return found if isinstance(found, dict) else None


def add_input(document: dict[str, Any], index: int, item: dict[str, Any]) -> bool:
    """Append an input to process ``index``; ``False`` when there is no such process."""
    process = _process(document, index)
    if process is None:
        return False
    inputs = process.get("inputs")
    if not isinstance(inputs, list):
        inputs = process["inputs"] = []
    inputs.append(item)
    return True


def add_emission(document: dict[str, Any], index: int) -> bool:
    process = _process(document, index)
    if process is None:
        return False
    emissions = process.get("emissions")
    if not isinstance(emissions, list):
        emissions = process["emissions"] = []
    emissions.append({"gas": "CO2", "amount": 1, "unit": "kg"})
    return True


def add_process(document: dict[str, Any]) -> None:
    processes = document.get("processes")
    if not isinstance(processes, list):
        processes = document["processes"] = []
    taken = {p.get("id") for p in processes if isinstance(p, dict)}
    number = len(processes) + 1
    while f"process_{number}" in taken:
        number += 1
    unit = _get(document, ("unit", "unit")) or "kg"
    processes.append({"id": f"process_{number}",
                      "name": {"zh": f"工序 {number}", "en": f"process {number}"},
                      "stage": LifeCycleStage.RAW_MATERIAL.value,
                      "output": {"amount": 1, "unit": unit}, "inputs": []})


def text_of(document: dict[str, Any]) -> str:
    return dump(document)
