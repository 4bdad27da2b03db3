"""An enterprise's own certified product in its category (signed in): the position of its
certified value (band, value ÷ median, percentile rank) and its weak links: its life-cycle
stage shares against the category's median shares over the comparable certified footprints
(each certificate links to its footprint, whose stored result is read), with the heaviest
hotspots of the stages flagged.

Only the holder reads this: another organisation's product is a 404, as everywhere. The
category's medians are withheld below the minimum count, like the public benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.benchmark_reads import CertifiedProduct
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.result_json import result_from_json
from carbonlabel.domain.certification.certificate import CertificateStatus, effective_status
from carbonlabel.domain.footprint import FootprintResult, Hotspot
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.domain.weak_links import (
    STAGE_MARGIN,
    StageFigure,
    StageFigures,
    WeakLinks,
    weak_links,
)
from carbonlabel.errors import NotFoundError
from carbonlabel.services.accounts.users import require
from carbonlabel.services.benchmarks.category import Position, position_of

#: hotspots shown per weak stage
HOTSPOTS_PER_STAGE = 3


@dataclass(frozen=True)
class ProductPosition:
    """``certificate`` None: the product has no certificate, so there is nothing to place."""

    product_id: str
    certificate: CertifiedProduct | None
    position: Position | None
    weak_links: WeakLinks | None  # None: not comparable (no rule, not valid, excluded)
    hotspots: tuple[Hotspot, ...]  # the heaviest lines of the weak stages

    @property
    def margin(self) -> float:
        return STAGE_MARGIN


def stage_figures(result: FootprintResult) -> StageFigures:
    return {s.stage: StageFigure(s.co2e_kg, s.share) for s in result.by_stage}


def _chosen(certificates: list[CertifiedProduct], today: date) -> CertifiedProduct | None:
    """The newest certificate valid today, else the newest of all."""
    valid = [c for c in certificates
             if effective_status(c.status, c.expires_on, today) is CertificateStatus.VALID]
    pool = valid or certificates
    return max(pool, key=lambda c: c.number) if pool else None


def _not_found(field: str) -> NotFoundError:
    return NotFoundError(field=field, message_en="no such product in your organisation",
                         message_zh="贵组织没有该产品")


def product_position(uow: UnitOfWork, actor: User, product_id: str,
                     today: date) -> ProductPosition:
    require(actor, Action.READ)
    if uow.products.in_org(actor.organisation_id, product_id) is None:
        raise _not_found("product_id")
    chosen = _chosen(uow.benchmarks.of_product(actor.organisation_id, product_id), today)
    return _placed(uow, product_id, chosen, today)


def footprint_position(uow: UnitOfWork, actor: User, footprint_id: str,
                       today: date) -> ProductPosition:
    """The position of the certificate issued for this footprint (a footprint not
    certified: none)."""
    require(actor, Action.READ)
    record = uow.footprints.in_org(actor.organisation_id, footprint_id)
    if record is None:
        raise NotFoundError(field="footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹")
    chosen = _chosen(uow.benchmarks.of_footprint(actor.organisation_id, footprint_id), today)
    return _placed(uow, record.product_id, chosen, today)


def _placed(uow: UnitOfWork, product_id: str, chosen: CertifiedProduct | None,
            today: date) -> ProductPosition:
    if chosen is None:
        return ProductPosition(product_id, None, None, None, ())
    position = position_of(uow, chosen, today)
    if position.category is None or position.excluded is not None:
        return ProductPosition(product_id, chosen, position, None, ())
    category = position.category
    footprint_ids = [category.products[c.number].footprint_id
                     for c in category.comparison.comparable]
    texts = uow.benchmarks.result_texts(sorted({*footprint_ids, chosen.footprint_id}))
    results = {fid: result_from_json(text) for fid, text in texts.items()}
    own = results[chosen.footprint_id]
    links = weak_links(stage_figures(own), [stage_figures(results[f]) for f in footprint_ids])
    hotspots: list[Hotspot] = []
    for stage in (s.stage for s in links.weak):
        hotspots += sorted((h for h in own.hotspots if h.stage == stage),
                           key=lambda h: -h.co2e_kg)[:HOTSPOTS_PER_STAGE]
    return ProductPosition(product_id, chosen, position, links, tuple(hotspots))
