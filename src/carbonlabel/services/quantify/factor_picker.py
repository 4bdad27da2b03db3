"""The model editor's factor picker: the factors of the bundled library and of the factor sets
a model names, found by words and ranked for the model's geography and year.

Ranking: the geography nearest the model's first along its fallback chain (the exact region
or province, then the national figure, then the global one), within one geography the newest
reference year first (or, with a year, the year nearest it), then how well the words match.
Without a geography every factor is a candidate, newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from carbonlabel.domain.factor_text import rank_text
from carbonlabel.domain.factors import FactorCatalog, FactorRecord
from carbonlabel.domain.geography import fallback_chain
from carbonlabel.errors import InputError
from carbonlabel.services.quantify.model_runs import factor_catalog

MAX_HITS = 50


@dataclass(frozen=True)
class FactorHit:
    record: FactorRecord
    rank: int  # 1 = best
    nearness: int  # 0: the geography asked; 1, 2 ...: that many steps along the fallback chain

    @property
    def reference(self) -> str:
        """What the model's input writes (``factor:``): the exact row's id."""
        return self.record.id


def rank(records: Sequence[FactorRecord], text: str, geography: str | None,
         year: int | None) -> list[FactorHit]:
    """``records`` in picker order (see module docs), each with its rank."""
    chain = fallback_chain(geography) if geography else ()
    depth = {g.casefold(): k for k, g in enumerate(chain)}

    def when(r: FactorRecord) -> tuple[int, int]:
        return (abs(r.year - year), -r.year) if year is not None else (0, -r.year)

    ordered = sorted(records, key=lambda r: (depth.get(r.geography.casefold(), len(chain)),
                                             *when(r), rank_text(r, text), r.id))
    return [FactorHit(r, k + 1, depth.get(r.geography.casefold(), len(chain)))
            for k, r in enumerate(ordered)]


def search(text: str, geography: str | None = None, year: int | None = None,
           sets: Sequence[Path] = (), *, catalog: FactorCatalog | None = None,
           limit: int = MAX_HITS) -> list[FactorHit]:
    """The factors matching every word of ``text`` that apply at ``geography`` (through its
    fallback chain), ranked (module docs); at most ``limit``."""
    if year is not None and not 1900 <= year <= 2100:
        raise InputError(field="year", message_en="year must be between 1900 and 2100",
                         message_zh="年份须在 1900 至 2100 之间")
    catalog = catalog or factor_catalog(sets)
    found = catalog.search(text, geography=geography or None)
    return rank(found, text, geography or None, year)[:limit]
