"""The published workflow diagram is drawn from the transition table."""

from __future__ import annotations

from pathlib import Path

from carbonlabel.domain.certification.states import mermaid

DOC = Path(__file__).resolve().parents[3] / "docs" / "certification.md"


def test_the_docs_show_the_diagram_of_the_transition_table() -> None:
    assert mermaid() in DOC.read_text(encoding="utf-8")
