"""Field paths of a model document: ``processes[2].inputs[0].unit`` as text and as a tuple
(the form every error message and the line map use)."""

from __future__ import annotations

Path_ = tuple[str | int, ...]


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def parse_path(text: str) -> Path_:
    """Inverse of :func:`format_path` (``a.b[2].c`` -> ``('a', 'b', 2, 'c')``)."""
    parts: list[str | int] = []
    for chunk in text.replace("]", "").split("."):
        name, *indices = chunk.split("[")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in indices)
    return tuple(parts)
