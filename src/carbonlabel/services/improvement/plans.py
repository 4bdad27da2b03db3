"""Improvement plans of a product: recorded by the enterprise (measures, a target reduction
against a baseline footprint, dates) and tracked against the product's later footprint
versions, each reduction restated on that footprint's factors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.improvement.plans import (
    ImprovementPlan,
    Measure,
    Progress,
    check_plan,
    expected_share,
    progress,
)
from carbonlabel.domain.improvement.restatement import Restatement
from carbonlabel.domain.records import FootprintRecord, RegisteredProduct
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import CarbonlabelError, InputError, NotFoundError
from carbonlabel.services.accounts.users import new_id, require
from carbonlabel.services.quantify.catalog import get_product
from carbonlabel.services.quantify.restatement import restate

#: later footprint versions a plan is tracked against (each one restated)
MAX_TRACKED = 20


@dataclass(frozen=True)
class PlanData:
    title: str
    baseline_footprint_id: str
    target_share: float
    starts_on: date
    target_on: date
    measures: tuple[Measure, ...] = ()


def create_plan(uow: UnitOfWork, actor: User, product_id: str,
                data: PlanData) -> ImprovementPlan:
    require(actor, Action.EDIT_PRODUCTS)
    product = get_product(uow, actor, product_id)
    measures = tuple(Measure(m.text.strip(), m.stage, m.expected_share) for m in data.measures)
    check_plan(data.title, data.target_share, data.starts_on, data.target_on, measures)
    baseline = uow.footprints.in_org(actor.organisation_id, data.baseline_footprint_id)
    if baseline is None:
        raise NotFoundError(field="baseline_footprint_id", message_en="no such footprint",
                            message_zh="没有该碳足迹结果")
    if baseline.product_id != product.id:
        raise InputError(field="baseline_footprint_id",
                         message_en="the baseline footprint is of another product",
                         message_zh="基准碳足迹属于另一个产品")
    plan = ImprovementPlan(new_id(), actor.organisation_id, product.id, data.title.strip(),
                           baseline.id, data.target_share, data.starts_on, data.target_on,
                           measures, actor.id, datetime.now(UTC))
    uow.improvement_plans.add(plan)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="improvement_plan.created", entity="improvement_plan",
                     entity_id=plan.id,
                     after={"product_id": product.id, "baseline_footprint_id": baseline.id,
                            "target_share": plan.target_share,
                            "starts_on": plan.starts_on.isoformat(),
                            "target_on": plan.target_on.isoformat(),
                            "measures": len(measures)})
    uow.commit()
    return plan


def get_plan(uow: UnitOfWork, actor: User, plan_id: str) -> ImprovementPlan:
    require(actor, Action.READ)
    plan = uow.improvement_plans.in_org(actor.organisation_id, plan_id)
    if plan is None:
        raise NotFoundError(field="plan_id", message_en="no such improvement plan",
                            message_zh="没有该改进计划")
    return plan


def plans_of_product(uow: UnitOfWork, actor: User, product_id: str) -> list[ImprovementPlan]:
    product = get_product(uow, actor, product_id)
    return uow.improvement_plans.of_product(actor.organisation_id, product.id)


@dataclass(frozen=True)
class Tracked:
    """A later footprint version of the product against the plan's baseline."""

    footprint: FootprintRecord
    version: int  # its model version number
    restatement: Restatement | None  # None: it could not be restated (``problem`` says why)
    progress: Progress | None
    problem: str = ""  # the reason, zh / en


@dataclass(frozen=True)
class PlanView:
    plan: ImprovementPlan
    product: RegisteredProduct
    baseline: FootprintRecord
    baseline_version: int
    tracked: tuple[Tracked, ...]  # oldest first
    expected_today: float  # the straight path's reduction today
    today: date

    @property
    def latest(self) -> Tracked | None:
        done = [t for t in self.tracked if t.restatement is not None]
        return done[-1] if done else None

    @property
    def progress(self) -> Progress | None:
        latest = self.latest
        return latest.progress if latest else None


def _later(uow: UnitOfWork, plan: ImprovementPlan,
           baseline: FootprintRecord) -> list[FootprintRecord]:
    """The latest footprint of each model version calculated after the baseline."""
    page = uow.footprints.page(plan.organisation_id, 0, 500, plan.product_id).items
    seen: set[str] = {baseline.model_version_id}
    later = []
    for record in page:  # newest first
        if record.created_at <= baseline.created_at or record.model_version_id in seen:
            continue
        seen.add(record.model_version_id)
        later.append(record)
    return list(reversed(later[:MAX_TRACKED]))


def plan_view(uow: UnitOfWork, actor: User, plan_id: str, today: date, *,
              base: Path | None = None, store_dir: Path | None = None) -> PlanView:
    plan = get_plan(uow, actor, plan_id)
    product = get_product(uow, actor, plan.product_id)
    baseline = uow.footprints.in_org(plan.organisation_id, plan.baseline_footprint_id)
    assert baseline is not None  # footprints are never deleted
    tracked = []
    for record in _later(uow, plan, baseline):
        version = uow.model_versions.in_org(plan.organisation_id, record.model_version_id)
        number = version.version if version else 0
        try:
            result = restate(uow, baseline.id, record.id, base=base, store_dir=store_dir)
        except CarbonlabelError as exc:  # e.g. a factor set file gone: said, not hidden
            tracked.append(Tracked(record, number, None, None,
                                   f"{exc.message_zh} / {exc.message_en}"))
            continue
        tracked.append(Tracked(record, number, result,
                               progress(plan, result.reduction_share, today)))
    base_version = uow.model_versions.in_org(plan.organisation_id, baseline.model_version_id)
    return PlanView(plan, product, baseline, base_version.version if base_version else 0,
                    tuple(tracked), expected_share(plan, today), today)
