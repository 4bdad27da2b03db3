"""Issue 12, attack 1: the YAML alias bomb (a 256-byte model file standing for 10^7 values)."""

from __future__ import annotations

import itertools
import time
import tracemalloc

import pytest

from carbonlabel.adapters import limits
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.errors import ModelValidationError

MiB = 1 << 20


def _bomb() -> str:
    """Level 0 holds 10 scalars; each of the next six levels 10 aliases of the one before:
    10 ** 7 scalars once expanded."""
    lines = ["a: &a [x,x,x,x,x,x,x,x,x,x]"]
    names = "abcdefg"
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 10)}]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_refused_fast_and_small() -> None:
    text = _bomb()
    assert len(text.encode()) == 256
    tracemalloc.start()
    cpu = time.process_time()
    try:
        with pytest.raises(ModelValidationError) as caught:
            load_model_text(text, "bomb.yaml")
        spent = time.process_time() - cpu
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert spent < 1.0, f"refusing took {spent:.2f} s of CPU"
    assert peak < 100 * MiB, f"refusing allocated {peak / MiB:.0f} MiB at the peak"
    [err] = caught.value.errors
    assert err.code == "too_large"
    assert err.line == 1
    assert "MAX_MODEL_NODES = 200,000" in err.message_en
    assert "MAX_MODEL_NODES = 200,000" in err.message_zh
    assert caught.value.exit_code == 2
    assert caught.value.status_hint == 422


def test_aliases_within_the_limit_still_load_their_values() -> None:
    """Aliases stay allowed: 2 levels of 10 stand for 1 + 10 + 1 + 10 x 11 + root = 123
    values, far under the limit; refused only by the schema for unknown keys."""
    with pytest.raises(ModelValidationError) as caught:
        load_model_text("a: &a [x,x,x,x,x,x,x,x,x,x]\nb: [" + ",".join(["*a"] * 10) + "]\n",
                        "small.yaml")
    assert all(e.code != "too_large" for e in caught.value.errors)


def test_expanded_size_counts_each_use_of_an_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    # root mapping 1 + key a 1 + list 1 + 3 scalars + key b 1 + list 1 + 2 x (list 1 + 3) = 16
    text = "a: &a [x,y,z]\nb: [*a, *a]\n"
    monkeypatch.setattr(limits, "MAX_MODEL_NODES", 16)
    with pytest.raises(ModelValidationError) as at_limit:
        load_model_text(text, "m.yaml")
    assert all(e.code != "too_large" for e in at_limit.value.errors)
    monkeypatch.setattr(limits, "MAX_MODEL_NODES", 15)
    with pytest.raises(ModelValidationError) as over:
        load_model_text(text, "m.yaml")
    assert [e.code for e in over.value.errors] == ["too_large"]
