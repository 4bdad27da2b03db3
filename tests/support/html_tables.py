"""The cells of a page's tables as a reader sees them (text, whitespace collapsed), found by the
id of the section that holds them: for tests that compare a download with the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[list[list[str]]]] = {}  # id -> tables -> rows -> cells
        self._section: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self._section.append(dict(attrs).get("id") or "")
        elif tag == "table" and self._section:
            self.sections.setdefault(self._section[-1], []).append([])
        elif tag == "thead":
            self._head = True
        elif tag == "tr" and not self._head:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._section:
            self._section.pop()
        elif tag == "thead":
            self._head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._section:
            tables = self.sections.get(self._section[-1])
            if tables:
                tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def section_tables(html: str, section_id: str) -> list[list[list[str]]]:
    """Every table of the section ``id``: its body rows (not those of its ``thead``), each a
    list of cells."""
    parser = _Tables()
    parser.feed(html)
    return parser.sections.get(section_id, [])


def body_rows(html: str, section_id: str, table: int = 0) -> list[list[str]]:
    """The body rows of one table of a section."""
    return section_tables(html, section_id)[table]
