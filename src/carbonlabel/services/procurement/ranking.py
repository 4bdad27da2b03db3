"""A ranking for a procurement officer: the certified products of a category (or of a product
rule) and a declared unit, ranked by certified value among the comparable ones, the rest apart
with reasons, marked against the criteria in force.

The officer names a category or a product rule (code, or code@version) and a declared unit;
the rule release and the boundary, when not named, are those under which most valid results
of that unit were certified (:func:`carbonlabel.domain.procurement.keys_for_unit`). The
criteria marked are those of the officer's agency in force on the day for that key, and one
criterion named by id (any agency's: criteria are public), when it applies to the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.benchmark import ComparableKey, rule_code
from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.procurement import Criterion, Listing, Ranking, keys_for_unit, rank
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.procurement.agencies import agency_of


@dataclass(frozen=True)
class RankingQuery:
    category: str | None = None  # a catalogue code
    rule: str | None = None  # a product rule code, or code@version
    declared_unit: str | None = None
    boundary: str | None = None
    criterion_id: str | None = None


@dataclass(frozen=True)
class RankingView:
    query: RankingQuery
    ranking: Ranking | None  # None: no valid result of the unit to rank
    listings: dict[str, Listing]  # by certificate number
    units: list[str]  # the declared units of the category's certificates (the picker)
    keys: list[tuple[ComparableKey, int]]  # the keys of the unit, most results first

    def listing(self, number: str) -> Listing:
        return self.listings[number]


def _clean(query: RankingQuery) -> RankingQuery:
    category = (query.category or "").strip() or None
    if category is not None and catalogue.entry(category) is None:
        raise InputError(field="category", message_en="choose a category of the catalogue "
                                                      "(1-17)",
                         message_zh="请选择试点认证目录中的产品类别（1-17）")
    rule = (query.rule or "").strip() or None
    if category is None and rule is None:
        raise InputError(field="category", message_en="name a product category or a product "
                                                      "rule",
                         message_zh="请选择产品类别或产品种类规则")
    return RankingQuery(category, rule, (query.declared_unit or "").strip() or None,
                        (query.boundary or "").strip() or None,
                        (query.criterion_id or "").strip() or None)


def ranking(uow: UnitOfWork, actor: User, query: RankingQuery, on: date) -> RankingView:
    """The ranking the actor's agency sees on ``on`` (public registry data only)."""
    agency = agency_of(uow, actor)
    q = _clean(query)
    code = rule_code(q.rule) if q.rule else None
    listings = uow.procurement_reads.listings(q.category, code, on)
    candidates = [x.candidate for x in listings]
    units = sorted({c.declared_unit for c in candidates})
    keys = keys_for_unit(candidates, q.declared_unit)
    if q.rule and "@" in q.rule:
        keys = [(k, n) for k, n in keys if k.product_rule == q.rule]
    if q.boundary:
        keys = [(k, n) for k, n in keys if k.boundary == q.boundary]
    named: Criterion | None = None
    if q.criterion_id:
        named = uow.procurement_criteria.get(q.criterion_id[:36])
        if named is None:
            raise NotFoundError(field="criterion", message_en="no such criterion",
                                message_zh="没有该准则")
    by_number = {x.candidate.number: x for x in listings}
    if q.declared_unit is None or not keys:
        return RankingView(q, None, by_number, units, keys)
    key = keys[0][0]
    mine = [c for c in uow.procurement_criteria.listed(agency_id=agency.id, key=key)
            if c.in_force(on)]
    applied = mine + ([named] if named is not None and named.id not in
                      {c.id for c in mine} else [])
    applied.sort(key=lambda c: (c.effective_on, c.id))
    return RankingView(q, rank(candidates, key, on, applied), by_number, units, keys)
