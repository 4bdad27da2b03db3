"""Emission-factor sets (the bundled library and enterprise sets) and how a factor is found.

A :class:`FactorRecord` is one factor with what a certification body asks about it: where it
comes from (publisher, document, table, date, licence, URL), what it represents (category,
geography, reference year) and its data-quality scores. Rows that are variants of one activity
(the same grid factor for several regions and years) share a ``key``.

:class:`FactorCatalog` stacks sets: user sets above the library, the last set given on top.

* By id: the record of the topmost set that has the id (a user set overrides a library id).
* By key: the topmost set that has any row of the key for a geography on the fallback chain
  (province → grid region → CN → GLO, see :mod:`carbonlabel.domain.geography`) answers; a set
  that defines a key thus overrides the lower sets for that key wherever its rows apply. Within
  that set one rule, **year before geography**: among the rows on the chain down to the country
  (GLO only when the country has none), those of the year nearest the reference year (at equal
  distance the later year, newer data; with no year asked, the most recent year); among those,
  the most specific geography. So a 2023 regional figure beats a 2022 provincial one for a 2023
  (or later) period, and the province's own figure applies for 2022.
* Scope: each factor says what it covers (:class:`FactorScope`): CO2 only, combustion only, or
  the life cycle. A PCF needs life-cycle factors; :meth:`FactorCatalog.life_cycle_alternative`
  names the one to use instead of a CO2-only or combustion-only factor.
* By text: Chinese or English, case, spacing and punctuation ignored; every word must occur.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from carbonlabel.domain.factor_text import matches_text, normalise_text, rank_text
from carbonlabel.domain.geography import canonical, fallback_chain
from carbonlabel.domain.ghg import GhgFlow, GwpSet
from carbonlabel.domain.model import EmissionFactor
from carbonlabel.domain.product import Text
from carbonlabel.errors import NotFoundError

LIBRARY_SET = "carbonlabel-library"


class FactorScope(StrEnum):
    """What a factor covers: the emissions a PCF must count are those of the life cycle."""

    CO2_ONLY = "co2-only"  # CO2 alone (e.g. the MEE/NBS grid CO2 factors): no CH4, N2O
    COMBUSTION = "combustion"  # direct emissions at use; upstream (well-to-tank) left out
    LIFE_CYCLE = "life-cycle"  # every GHG along the life cycle (cradle-to-gate or -grave)

    @property
    def names(self) -> tuple[str, str]:
        """(zh, en) name."""
        return SCOPE_NAMES[self]


SCOPE_NAMES: dict[FactorScope, tuple[str, str]] = {
    FactorScope.CO2_ONLY: ("仅二氧化碳", "CO2 only"),
    FactorScope.COMBUSTION: ("仅燃烧排放", "combustion only"),
    FactorScope.LIFE_CYCLE: ("生命周期", "life cycle"),
}
#: Categories (first part) whose factors a PCF must take with their life-cycle scope.
LIFE_CYCLE_CATEGORIES: tuple[str, ...] = ("electricity", "fuels")


@dataclass(frozen=True)
class FactorRecord:
    """One factor of a set, with its key, scope and provenance."""

    factor: EmissionFactor  # id, names, unit, gases, GWP set, conversion, source, quality
    key: str  # shared by the variants of one activity (geographies, years)
    category: str  # slash-separated, e.g. "electricity/grid-co2"
    geography: str  # code: GLO, CN, CN-North, CN-JS, GB ...
    year: int  # reference year the factor represents
    publication_date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    source_ids: str = ""  # ids of the rows in the source document (e.g. DESNZ IDs)
    set_name: str = LIBRARY_SET
    set_version: str = ""
    row: int | None = None  # row of the file it was read from
    scope: FactorScope | None = None  # None: not stated (a user's row may leave it empty)

    @property
    def id(self) -> str:
        return self.factor.id

    @property
    def name(self) -> Text:
        return self.factor.name


@dataclass(frozen=True)
class FactorSet:
    name: str
    version: str
    records: tuple[FactorRecord, ...]
    origin: str = ""  # the file it was read from
    kind: str = "user"  # "library" or "user"


@dataclass(frozen=True)
class FactorResolution:
    """How a factor reference of a model was answered: which row, from which set, and why."""

    requested: str  # the id or key the model wrote
    factor_id: str
    factor_set: str
    set_version: str
    by_key: bool  # chosen among the variants of a key (else: the exact id)
    geography_requested: str | None
    geography_used: str
    fallback: tuple[str, ...]  # geographies tried first that had no data
    year_requested: int | None
    year_used: int
    note: Text
    processes: tuple[str, ...] = ()  # processes whose inputs used it


def _same(geography: str, code: str) -> bool:
    return canonical(geography).casefold() == code.casefold()


def co2e_per_unit(factor: EmissionFactor, gwp: GwpSet) -> float:
    """kg CO2e per unit: Σ kg of gas × GWP100 (a CO2e-only factor counts as published)."""
    return sum(g.amount * gwp.factor(GhgFlow(g.gas, g.category)) for g in factor.gases)


def _best_year(years: Iterable[int], year: int | None) -> int:
    """The year nearest ``year`` (at equal distance the later one); the latest without one."""
    if year is None:
        return max(years)
    return min(years, key=lambda y: (abs(y - year), -y))


def _note(rec: FactorRecord, requested: str, by_key: bool, geography: str | None,
          fallback: tuple[str, ...], year: int | None,
          passed: tuple[tuple[str, tuple[int, ...]], ...] = ()) -> Text:
    """How the row was chosen; ``passed``: the more specific geographies that have figures
    for other years only (the year came first)."""
    where = f"{rec.set_name} {rec.set_version}".strip()
    if not by_key:
        return Text(zh=f"按编号使用 {rec.id}（{where}）", en=f"{rec.id} used by id ({where})")
    zh = f"{requested} → {rec.id}（{where}）：地理 {rec.geography}"
    en = f"{requested} → {rec.id} ({where}): geography {rec.geography}"
    if fallback:
        path = " → ".join((*fallback, rec.geography))
        only_zh = "".join(f"；{g} 仅有 {'、'.join(map(str, ys))} 年数据" for g, ys in passed)
        only_en = "".join(f"; {g} has only {', '.join(map(str, ys))}" for g, ys in passed)
        lead_zh = "" if passed and passed[0][0] == fallback[0] else f"{geography} 无数据，"
        lead_en = "" if passed and passed[0][0] == fallback[0] else f"no data for {geography}; "
        zh += f"（{lead_zh}已回退：{path}{only_zh}）"
        en += f" ({lead_en}fell back {path}{only_en})"
    zh += f"，年份 {rec.year}"
    en += f", year {rec.year}"
    if year is None:
        zh += "（未指定年份，取最新）"
        en += " (no year asked: the most recent)"
    elif year != rec.year:
        zh += f"（最接近 {year} 的年份）"
        en += f" (nearest to {year})"
    return Text(zh=zh, en=en)


class FactorCatalog:
    """The library and user sets, stacked: the last user set on top, the library at the bottom."""

    def __init__(self, library: FactorSet | None, user_sets: Sequence[FactorSet] = ()) -> None:
        self.library = library
        self.user_sets = tuple(user_sets)
        self._layers: tuple[FactorSet, ...] = (*reversed(self.user_sets),
                                                *((library,) if library else ()))
        self._by_id: dict[str, FactorRecord] = {}
        for layer in reversed(self._layers):  # bottom first, so upper sets overwrite
            for r in layer.records:
                self._by_id[r.id] = r
        self._keys: list[dict[str, list[FactorRecord]]] = []
        for layer in self._layers:
            index: dict[str, list[FactorRecord]] = {}
            for r in layer.records:
                if self._by_id[r.id] is r:  # not shadowed by an upper set's row with that id
                    index.setdefault(r.key, []).append(r)
            self._keys.append(index)

    @property
    def sets(self) -> tuple[FactorSet, ...]:
        """The library first, then the user sets in the order given."""
        return (*((self.library,) if self.library else ()), *self.user_sets)

    def records(self) -> list[FactorRecord]:
        """Every factor that an id lookup can return (overridden rows left out)."""
        return list(self._by_id.values())

    def get(self, factor_id: str) -> FactorRecord | None:
        return self._by_id.get(factor_id)

    def is_key(self, ref: str) -> bool:
        return any(ref in index for index in self._keys)

    def variants(self, key: str) -> list[FactorRecord]:
        """The rows sharing a key, from every set (upper sets first)."""
        return [r for index in self._keys for r in index.get(key, [])]

    def suggestions(self, ref: str) -> list[str]:
        names = list(self._by_id) + [k for index in self._keys for k in index]
        return difflib.get_close_matches(ref, names, n=3, cutoff=0.6)

    def require(self, factor_id: str) -> FactorRecord:
        record = self.get(factor_id)
        if record is None:
            raise self._not_found(factor_id)
        return record

    def _not_found(self, ref: str) -> NotFoundError:
        near = self.suggestions(ref)
        hint_en = f"; did you mean {', '.join(near)}?" if near else ""
        hint_zh = f"；是否指 {'、'.join(near)}？" if near else ""
        return NotFoundError(field="factor",
                             message_en=f"no factor or key '{ref}' in the factor library or "
                                        f"sets{hint_en}",
                             message_zh=f"因子库及因子集中没有编号或键「{ref}」{hint_zh}")

    def search(self, text: str = "", category: str | None = None,
               geography: str | None = None, year: int | None = None) -> list[FactorRecord]:
        """Factors whose id, key, names, category, geography or source ids contain every word
        of ``text``; ``category`` matches by prefix; ``geography`` keeps the factors that apply
        to it through fallback (a province also sees its region, CN and GLO) and puts first, per
        key, the row a model at that geography and ``year`` would use (:meth:`applicable`);
        the other rows follow by key, newest year first, most specific geography first."""
        found: Iterable[FactorRecord] = self.records()
        if category:
            c = normalise_text(category)
            found = [r for r in found if normalise_text(r.category).startswith(c)]
        chain: tuple[str, ...] = ()
        if geography:
            chain = fallback_chain(geography)
            folded = {g.casefold() for g in chain}
            found = [r for r in found if r.geography.casefold() in folded]
        hits = [r for r in found if matches_text(r, text)]
        if geography:
            applies = self.applicable(hits, geography, year)
            depth = {g.casefold(): k for k, g in enumerate(chain)}
            return sorted(hits, key=lambda r: (r.id not in applies, rank_text(r, text), r.key,
                                               -r.year, depth.get(r.geography.casefold(), 99)))
        return sorted(hits, key=lambda r: rank_text(r, text)) if text else hits

    def by_category(self, category: str) -> list[FactorRecord]:
        """The factors whose category starts with ``category`` (``transport/freight``)."""
        return self.search(category=category)

    @staticmethod
    def _choose(rows: Sequence[FactorRecord], chain: tuple[str, ...], year: int | None
                ) -> tuple[FactorRecord, int] | None:
        """The row of one set for a key: year before geography (see module docs), with the
        position of its geography on the chain; ``None`` when no row is on the chain."""
        on_chain = [(k, r) for r in rows for k, g in enumerate(chain) if _same(r.geography, g)]
        if not on_chain:
            return None
        if len(chain) > 1 and chain[-1] == "GLO":  # a global figure only as a last resort
            on_chain = [(k, r) for k, r in on_chain if k < len(chain) - 1] or on_chain
        best = _best_year((r.year for _, r in on_chain), year)
        k, rec = min(((k, r) for k, r in on_chain if r.year == best), key=lambda t: t[0])
        return rec, k

    def applicable(self, records: Iterable[FactorRecord], geography: str, year: int | None
                   ) -> set[str]:
        """Ids of the rows that a model at ``geography`` and ``year`` would use, one per key
        among ``records`` (what :meth:`resolve` answers for that key)."""
        out: set[str] = set()
        for key in {r.key for r in records}:
            try:
                rec, _ = self.resolve(key, geography, year)
            except NotFoundError:
                continue
            out.add(rec.id)
        return out

    def life_cycle_alternative(self, record: FactorRecord, geography: str | None,
                               year: int | None) -> FactorRecord | None:
        """A life-cycle factor of the same kind (first part of the category) to use instead of
        a CO2-only or combustion-only ``record``, resolved at ``geography`` and ``year``: the key
        ending in the same word (``….average`` for ``….average``), else an average, else the
        first key; ``None`` when the sets have none that applies there."""
        kind = record.category.split("/")[0]
        keys = sorted({r.key for r in self.records() if r.scope is FactorScope.LIFE_CYCLE
                       and r.category.split("/")[0] == kind})
        last = record.key.rsplit(".", 1)[-1]
        keys.sort(key=lambda k: (k.rsplit(".", 1)[-1] != last,
                                 k.rsplit(".", 1)[-1] != "average"))
        for key in keys:
            try:
                found, _ = self.resolve(key, geography, year)
            except NotFoundError:
                continue
            if found.scope is FactorScope.LIFE_CYCLE:
                return found
        return None

    def resolve(self, ref: str, geography: str | None, year: int | None
                ) -> tuple[FactorRecord, FactorResolution]:
        """The factor for an id, or for a key at a geography and year (see module docs)."""
        exact = self.get(ref)
        if exact is not None:
            return exact, FactorResolution(
                ref, exact.id, exact.set_name, exact.set_version, False, geography,
                exact.geography, (), year, exact.year,
                _note(exact, ref, False, geography, (), year))
        if not self.is_key(ref):
            raise self._not_found(ref)
        chain = fallback_chain(geography or "GLO")
        for index in self._keys:
            found = self._choose(index.get(ref, []), chain, year)
            if found is None:
                continue
            rec, k = found
            fallback = tuple(chain[:k])
            passed = tuple((g, ys) for g in fallback
                           if (ys := tuple(sorted({r.year for r in index.get(ref, [])
                                                   if _same(r.geography, g)}))))
            return rec, FactorResolution(
                ref, rec.id, rec.set_name, rec.set_version, True, geography,
                rec.geography, fallback, year, rec.year,
                _note(rec, ref, True, geography, fallback, year, passed))
        have = sorted({f"{r.geography} {r.year}" for r in self.variants(ref)})
        raise NotFoundError(
            field="factor",
            message_en=(f"key '{ref}' has no data for {geography} or its fallbacks "
                        f"({' → '.join(chain)}); it has: {', '.join(have)}; give an exact id "
                        "or a 'geography' on the input"),
            message_zh=(f"键「{ref}」在 {geography} 及其回退地理（{' → '.join(chain)}）均无数据；"
                        f"现有：{'、'.join(have)}；请给出确切编号或在输入上指定 geography"))


@dataclass(frozen=True)
class SourceSummary:
    """One source document of a set, as ``factors sources`` lists it."""

    publisher: str
    document: str
    licence: str
    urls: tuple[str, ...]
    rows: int
    set_name: str = LIBRARY_SET
    set_version: str = ""


def summarise_sources(records: Iterable[FactorRecord]) -> list[SourceSummary]:
    """Rows grouped by (set, publisher, document, licence), in order of first appearance."""
    groups: dict[tuple[str, str, str, str, str], tuple[list[str], list[FactorRecord]]] = {}
    for r in records:
        src = r.factor.source
        if src is None:
            continue
        k = (r.set_name, r.set_version, src.publisher, src.document, src.licence)
        urls, rows = groups.setdefault(k, ([], []))
        if src.url and src.url not in urls:
            urls.append(src.url)
        rows.append(r)
    return [SourceSummary(publisher=k[2], document=k[3], licence=k[4], urls=tuple(urls),
                          rows=len(rows), set_name=k[0], set_version=k[1])
            for k, (urls, rows) in groups.items()]
