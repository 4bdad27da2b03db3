"""Text search over factor records: Chinese or English, case, width, spacing and punctuation
ignored; every word of the query must occur (category parts also match their Chinese words)."""

from __future__ import annotations

import unicodedata
from typing import Protocol

from carbonlabel.domain.geography import geography_name


class _Names(Protocol):
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...


class SearchedFactor(Protocol):
    """What the search reads of a factor record (domain.factors.FactorRecord has it)."""

    @property
    def id(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def name(self) -> _Names: ...
    @property
    def category(self) -> str: ...
    @property
    def geography(self) -> str: ...
    @property
    def source_ids(self) -> str: ...


def normalise_text(text: str) -> str:
    """Case-, width-, spacing- and punctuation-insensitive form of a text (CJK kept)."""
    s = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in s if ch.isalnum())


def _words(text: str) -> list[str]:
    s = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    word = ""
    for ch in s:
        if ch.isalnum():
            word += ch
        elif word:
            out.append(word)
            word = ""
    if word:
        out.append(word)
    return out


#: Chinese words for the parts of a category, so that a Chinese search finds the English
#: category names too (电网 finds electricity/grid-co2).
CATEGORY_WORDS: dict[str, str] = {
    "electricity": "电力 电", "grid-co2": "电网 二氧化碳", "carbon-footprint": "碳足迹",
    "fuels": "燃料 能源", "gaseous": "气体", "liquid": "液体", "solid": "固体",
    "transport": "运输 交通", "freight": "货运 物流", "road": "公路 道路", "sea": "海运 水运",
    "air": "航空 空运", "rail": "铁路", "materials": "材料 原材料", "waste": "废弃物 垃圾",
}


def _haystack(r: SearchedFactor) -> str:
    zh, en = geography_name(r.geography)
    words = [CATEGORY_WORDS.get(part, "") for part in r.category.split("/")]
    parts = (r.id, r.key, r.name.zh, r.name.en, r.category, *words, r.geography, zh, en,
             r.source_ids)
    return normalise_text(" ".join(parts))


def matches_text(record: SearchedFactor, query: str) -> bool:
    q = normalise_text(query)
    if not q:
        return True
    hay = _haystack(record)
    return q in hay or all(w in hay for w in _words(query))


def rank_text(record: SearchedFactor, query: str) -> int:
    q = normalise_text(query)
    if q in (normalise_text(record.id), normalise_text(record.key)):
        return 0
    names = (normalise_text(record.name.zh), normalise_text(record.name.en))
    if any(n.startswith(q) for n in names):
        return 1
    return 2 if any(q in n for n in names) else 3
