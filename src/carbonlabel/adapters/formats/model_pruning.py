"""A model document without its broken parts, so that the rest can still be checked: the
schema's problems do not hide the reference and unit problems of the parts that parsed
(docs/model-format.md, "Every problem at once")."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from carbonlabel.adapters.formats.model_paths import Path_, format_path, parse_path
from carbonlabel.errors import FieldError

_PRUNABLE = ("inputs", "emissions", "removals", "co_products", "exclusions")
#: whole records left out when a field of theirs is broken (what refers to them is not
#: checked further); ``scenarios`` entries are left out alike
_RECORDS = ("processes", "factors", "scenarios", "databases")
#: top-level fields that have a default: a broken one is left out to check the rest
_OPTIONAL = ("period", "cut_off", "biogenic_carbon_content", "fossil_carbon_content",
             "product_mass", "notes", "end_of_life", "factor_sets", "schema")


@dataclass(frozen=True)
class Pruned:
    """A document without its broken parts: ``kept`` maps each pruned list (by its path in
    the file) to the file's indices of the items kept; ``skipped`` holds the ids of the
    records left out."""

    data: dict[str, Any]
    kept: dict[Path_, list[int]]
    skipped: frozenset[str]

    def relocate(self, errors: list[FieldError]) -> list[FieldError]:
        """Problems found in the pruned document, with the file's field paths; those about a
        reference to a record left out are dropped (that record's own problem is listed)."""
        out = []
        for e in errors:
            if any(f"'{gone}'" in e.message_en for gone in self.skipped):
                continue
            old: list[str | int] = []
            for part in parse_path(e.field):
                kept = self.kept.get(tuple(old))
                if isinstance(part, int) and kept is not None and part < len(kept):
                    part = kept[part]
                old.append(part)
            out.append(FieldError(format_path(tuple(old)), e.code, e.message_en,
                                  e.message_zh, e.line))
        return out


def _cut_point(path: Path_, code: str) -> Path_ | None:
    """The part of the document to leave out for a problem at ``path``: the innermost item
    of a prunable list, else the record (process, factor ...), else an optional top-level
    field; ``None`` when the problem lies where nothing can be left out."""
    for k in range(len(path) - 1, 0, -1):
        if isinstance(path[k], int) and path[k - 1] in _PRUNABLE:
            return path[: k + 1]
    if len(path) >= 2 and path[0] in _RECORDS and isinstance(path[1], int):
        return path[:2]
    if path and (path[0] in _OPTIONAL or (len(path) == 1 and code == "extra_forbidden")):
        return path[:1]  # a default stands in; a field the format does not have goes
    return None


def prune(data: dict[str, Any], errors: list[FieldError]) -> Pruned | None:
    """A copy without the parts that failed (list items, records, optional fields), or
    ``None`` when an error lies where the rest cannot be checked without it (the product,
    the unit, the boundary, the geography). Checking the rest still finds the model's
    other problems."""
    doomed: set[Path_] = set()
    for e in errors:
        cut = _cut_point(parse_path(e.field), e.code)
        if cut is None:
            return None
        doomed.add(cut)
    pruned = copy.deepcopy(data)
    skipped: set[str] = set()
    for path in doomed:
        if len(path) == 1:
            pruned.pop(str(path[0]), None)
    lists: dict[Path_, set[int]] = {}
    for path in doomed:
        if len(path) > 1:
            lists.setdefault(path[:-1], set()).add(int(path[-1]))
    kept: dict[Path_, list[int]] = {}
    for where, gone in lists.items():
        parent: Any = pruned
        for part in where[:-1]:
            parent = parent[part]
        items = parent[where[-1]]
        if not isinstance(items, list):
            return None
        skipped.update(str(items[i]["id"]) for i in gone
                       if where[0] in _RECORDS and len(where) == 1 and i < len(items)
                       and isinstance(items[i], dict) and isinstance(items[i].get("id"), str))
        kept[where] = [i for i in range(len(items)) if i not in gone]
    # innermost lists first, so that an outer list's indices still lead to them
    for where in sorted(lists, key=len, reverse=True):
        parent = pruned
        for part in where[:-1]:
            parent = parent[part]
        parent[where[-1]] = [parent[where[-1]][i] for i in kept[where]]
    return Pruned(pruned, kept, frozenset(skipped))
