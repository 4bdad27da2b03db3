"""The product rule pages (产品碳足迹核算规则, PCR): the catalogue of the released rules and
one rule with every version and the chosen version's parts. Rules are reference data: every
signed-in user reads the same, as in the API (docs/product-rules.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request, Response

from carbonlabel.domain.product_rules import ProductRule
from carbonlabel.domain.product_rules.records import STATUS_NAMES
from carbonlabel.domain.product_rules.releases import latest, version_key
from carbonlabel.errors import NotFoundError
from carbonlabel.services.quantify import product_rules as rules
from carbonlabel.web.deps import ReadUow
from carbonlabel.web.pages.common import PageUser, page_router
from carbonlabel.web.pages.rendering import N_, both, render
from carbonlabel.web.quantify.report import BOUNDARIES

router = page_router()

#: the words of the allocation methods a rule may list (``substitution``: system expansion)
METHODS = {"mass": N_("mass"), "energy": N_("energy"), "economic": N_("economic value"),
           "substitution": N_("substitution (system expansion)")}
DATA_KINDS = {"primary": N_("primary data"), "secondary": N_("secondary data")}
#: the dimensions a rule's unit may have (names of carbonlabel.units.dimension_name)
DIMENSIONS = {"mass": N_("mass"), "energy": N_("energy"), "volume": N_("volume"),
              "count": N_("count"), "area": N_("area"), "length": N_("length"),
              "time": N_("time"), "mass·distance": N_("mass·distance")}


@dataclass(frozen=True)
class Release:
    rule: ProductRule
    hash: str


def _newest(found: list[Release]) -> Release:
    """The latest release today (not withdrawn, released), else the highest version."""
    today = datetime.now(UTC).date()
    rule = latest([r.rule for r in found], found[0].rule.code, today)
    if rule is None:
        return max(found, key=lambda r: version_key(r.rule.version))
    return next(r for r in found if r.rule is rule)


@router.get("/product-rules")
def show_product_rules(request: Request, user: PageUser, uow: ReadUow) -> Response:
    by_code: dict[str, list[Release]] = {}
    for rule, digest in rules.list_releases(uow, user):
        by_code.setdefault(rule.code, []).append(Release(rule, digest))
    rows = [(_newest(found), len(found)) for _, found in sorted(by_code.items())]
    return render(request, "product_rules.html", user=user, rows=rows, statuses=STATUS_NAMES)


@router.get("/product-rules/{code}")
def show_product_rule(request: Request, code: str, user: PageUser, uow: ReadUow,
                      version: str | None = None) -> Response:
    found = [Release(r, h) for r, h in rules.releases_of(uow, user, code)]
    found.sort(key=lambda r: version_key(r.rule.version), reverse=True)
    chosen = (_newest(found) if version is None
              else next((r for r in found if r.rule.version == version), None))
    if chosen is None:
        raise NotFoundError(field="version", **both(N_("This rule has no such version.")))
    return render(request, "product_rule.html", user=user, releases=found, chosen=chosen,
                  rule=chosen.rule, statuses=STATUS_NAMES, boundaries=BOUNDARIES,
                  methods=METHODS, data_kinds=DATA_KINDS, dimensions=DIMENSIONS)
