"""Certification-validity spot checks (认证有效性抽查): a regulator's campaign over certificates.

A campaign (year, round, scope: product categories and certification bodies, legal basis)
draws a sample of the valid certificates whose holders lie within the regulator's
jurisdiction. The sample is deterministic for its seed: the same candidates, settings and seed
give the same sample, whatever order the candidates come in (they are sorted by certificate id
first).

The selection is :mod:`carbonlabel.domain.supervision.spot_check_selection`.

An item (one per drawn certificate) is assigned to an inspector of the regulator, checked at a
sampling place (生产 production / 流通 circulation / 网购 online) on a date, and its result
recorded: 符合 conforming, 一般不符合 minor or 严重不符合 serious nonconformity, with findings,
the declared value and unit against the re-verified one, label conformity, data quality and
metering evidence. A nonconforming result becomes the certification body's required action
(an open nonconformity on the certificate, due in ``minor_days`` or ``serious_days``); the
body disposes: 暂停 suspend, 撤销 withdraw or (minor only) 限期整改 correct by the deadline.

Item states::

    selected ──assign──▶ assigned ──assign──▶ assigned
    assigned ──record_conforming──▶ conforming                 (final)
    assigned ──record_nonconforming──▶ awaiting_disposal ──dispose──▶ disposed (final)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from carbonlabel.domain.supervision.spot_check_selection import (
    MAX_COUNTED_ALERTS as MAX_COUNTED_ALERTS,
)
from carbonlabel.domain.supervision.spot_check_selection import MAX_SAMPLE as MAX_SAMPLE
from carbonlabel.domain.supervision.spot_check_selection import Candidate as Candidate
from carbonlabel.domain.supervision.spot_check_selection import Drawn as Drawn
from carbonlabel.domain.supervision.spot_check_selection import DrawnBy as DrawnBy
from carbonlabel.domain.supervision.spot_check_selection import Selection as Selection
from carbonlabel.domain.supervision.spot_check_selection import check_selection as check_selection
from carbonlabel.domain.supervision.spot_check_selection import select as select
from carbonlabel.domain.supervision.spot_check_selection import weight as weight
from carbonlabel.errors import InputError, WorkflowError


@dataclass(frozen=True)
class SpotCheckRules:
    """Settings of the scheme for spot checks."""

    #: a serious nonconformity: the body acts (suspends or withdraws) within this many days
    serious_days: int = 5
    #: a minor nonconformity: corrected within this many days (the surveillance deadline)
    minor_days: int = 30
    #: a re-verified value further than this from the declared one is not conforming
    value_tolerance: float = 0.05


RULES = SpotCheckRules()


class CampaignState(StrEnum):
    PLANNED = "planned"  # created, no sample yet
    DRAWN = "drawn"  # the sample is drawn
    CLOSED = "closed"


class CampaignAction(StrEnum):
    DRAW = "draw"
    CLOSE = "close"


CAMPAIGN_TRANSITIONS: dict[CampaignState, dict[CampaignAction, CampaignState]] = {
    CampaignState.PLANNED: {CampaignAction.DRAW: CampaignState.DRAWN},
    CampaignState.DRAWN: {CampaignAction.CLOSE: CampaignState.CLOSED},
    CampaignState.CLOSED: {},
}


class ItemState(StrEnum):
    SELECTED = "selected"
    ASSIGNED = "assigned"
    CONFORMING = "conforming"
    AWAITING_DISPOSAL = "awaiting_disposal"
    DISPOSED = "disposed"


class ItemAction(StrEnum):
    ASSIGN = "assign"
    RECORD_CONFORMING = "record_conforming"
    RECORD_NONCONFORMING = "record_nonconforming"
    DISPOSE = "dispose"


ITEM_TRANSITIONS: dict[ItemState, dict[ItemAction, ItemState]] = {
    ItemState.SELECTED: {ItemAction.ASSIGN: ItemState.ASSIGNED},
    ItemState.ASSIGNED: {ItemAction.ASSIGN: ItemState.ASSIGNED,
                         ItemAction.RECORD_CONFORMING: ItemState.CONFORMING,
                         ItemAction.RECORD_NONCONFORMING: ItemState.AWAITING_DISPOSAL},
    ItemState.CONFORMING: {},
    ItemState.AWAITING_DISPOSAL: {ItemAction.DISPOSE: ItemState.DISPOSED},
    ItemState.DISPOSED: {},
}


def next_campaign_state(state: CampaignState, action: CampaignAction) -> CampaignState:
    """The state after ``action``; WorkflowError (rule ``spot_check_campaign_state``)."""
    try:
        return CAMPAIGN_TRANSITIONS[state][action]
    except KeyError:
        raise WorkflowError(field="state", rule="spot_check_campaign_state",
                            message_en=f"a campaign that is {state.value} cannot {action.value}",
                            message_zh=f"抽查计划当前状态为「{state.value}」，不能执行"
                                       f"「{action.value}」") from None


def next_item_state(state: ItemState, action: ItemAction) -> ItemState:
    """The state after ``action``; WorkflowError (rule ``spot_check_item_state``)."""
    try:
        return ITEM_TRANSITIONS[state][action]
    except KeyError:
        raise WorkflowError(field="state", rule="spot_check_item_state",
                            message_en=f"a spot-check item that is {state.value} cannot "
                                       f"{action.value}",
                            message_zh=f"抽查批次当前状态为「{state.value}」，不能执行"
                                       f"「{action.value}」") from None


class Place(StrEnum):
    PRODUCTION = "production"  # 生产
    CIRCULATION = "circulation"  # 流通
    ONLINE = "online"  # 网购


class Outcome(StrEnum):
    CONFORMING = "conforming"  # 符合
    MINOR = "minor"  # 一般不符合
    SERIOUS = "serious"  # 严重不符合


class Disposal(StrEnum):
    SUSPEND = "suspend"  # 暂停
    WITHDRAW = "withdraw"  # 撤销
    CORRECT = "correct"  # 限期整改


PLACE_NAMES: dict[Place, tuple[str, str]] = {
    Place.PRODUCTION: ("生产", "production"), Place.CIRCULATION: ("流通", "circulation"),
    Place.ONLINE: ("网购", "online"),
}
OUTCOME_NAMES: dict[Outcome, tuple[str, str]] = {
    Outcome.CONFORMING: ("符合", "conforming"),
    Outcome.MINOR: ("一般不符合", "minor nonconformity"),
    Outcome.SERIOUS: ("严重不符合", "serious nonconformity"),
}
DISPOSAL_NAMES: dict[Disposal, tuple[str, str]] = {
    Disposal.SUSPEND: ("暂停", "suspend"), Disposal.WITHDRAW: ("撤销", "withdraw"),
    Disposal.CORRECT: ("限期整改", "correct by a deadline"),
}

#: what the body may do after each nonconforming outcome
ALLOWED_DISPOSALS: dict[Outcome, frozenset[Disposal]] = {
    Outcome.CONFORMING: frozenset(),
    Outcome.MINOR: frozenset({Disposal.CORRECT, Disposal.SUSPEND, Disposal.WITHDRAW}),
    Outcome.SERIOUS: frozenset({Disposal.SUSPEND, Disposal.WITHDRAW}),
}


def check_disposal(outcome: Outcome, disposal: Disposal) -> None:
    """A serious nonconformity is not corrected while the certificate stays valid: the body
    suspends or withdraws (WorkflowError rule ``spot_check_disposal``)."""
    if disposal not in ALLOWED_DISPOSALS[outcome]:
        raise WorkflowError(field="disposal", rule="spot_check_disposal",
                            message_en=f"a {outcome.value} result cannot be disposed of by "
                                       f"'{disposal.value}'",
                            message_zh=f"「{OUTCOME_NAMES[outcome][0]}」的结果不能以"
                                       f"「{DISPOSAL_NAMES[disposal][0]}」处置")


# -- the campaign (its selection: spot_check_selection) ------------------------------------

@dataclass(frozen=True)
class CampaignDraft:
    year: int
    round: int
    title: str
    legal_basis: str
    categories: tuple[str, ...]  # empty: every category
    body_ids: tuple[str, ...]  # empty: every body
    selection: Selection


def check_draft(d: CampaignDraft) -> None:
    if not 2000 <= d.year <= 2100:
        raise InputError(field="year", message_en="a year from 2000 to 2100",
                         message_zh="年度须在 2000 至 2100 之间")
    if not 1 <= d.round <= 12:
        raise InputError(field="round", message_en="a round from 1 to 12",
                         message_zh="批次（轮次）须在 1 至 12 之间")
    for name, text, most in (("title", d.title, 200), ("legal_basis", d.legal_basis, 2000)):
        if not text.strip() or len(text) > most:
            raise InputError(field=name, message_en=f"{name} is 1 to {most} characters",
                             message_zh=f"{name} 须为 1 至 {most} 个字符")
    check_selection(d.selection)


@dataclass(frozen=True)
class Campaign:
    id: str
    regulator_id: str
    jurisdiction: str
    draft: CampaignDraft
    state: CampaignState
    created_by: str
    created_at: datetime
    drawn_at: datetime | None = None
    candidates: int = 0  # certificates in scope when drawn
    bodies_in_scope: int = 0  # their distinct certification bodies


# -- items and results ----------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    """What an inspector found for one item."""

    outcome: Outcome
    place: Place
    sampled_on: date
    findings: str
    declared_value: float | None = None
    declared_unit: str = ""
    verified_value: float | None = None
    verified_unit: str = ""
    label_conforms: bool | None = None
    data_quality_ok: bool | None = None
    metering_ok: bool | None = None


def deviation(declared: float, verified: float) -> float:
    """|verified − declared| / |declared|."""
    return abs(verified - declared) / max(abs(declared), 1e-12)


def check_result(r: Result, rules: SpotCheckRules = RULES) -> None:
    """A nonconforming result names its findings; a conforming one cannot carry a failed check
    or a re-verified value outside the tolerance (of the same unit)."""
    if len(r.findings) > 4000:
        raise InputError(field="findings", message_en="findings have at most 4000 characters",
                         message_zh="不符合事实描述最多 4000 个字符")
    if r.outcome is not Outcome.CONFORMING and not r.findings.strip():
        raise InputError(field="findings", message_en="a nonconforming result names its findings",
                         message_zh="不符合结果须说明不符合事实")
    if r.outcome is not Outcome.CONFORMING:
        return
    failed = [n for n, ok in (("label_conforms", r.label_conforms),
                              ("data_quality_ok", r.data_quality_ok),
                              ("metering_ok", r.metering_ok)) if ok is False]
    if failed:
        raise WorkflowError(field=failed[0], rule="spot_check_failed_check",
                            message_en=f"a check failed ({', '.join(failed)}): the result is "
                                       "not conforming",
                            message_zh="有检查项不合格，结果不能判定为符合")
    if (r.declared_value is not None and r.verified_value is not None
            and r.declared_unit.strip() == r.verified_unit.strip()
            and deviation(r.declared_value, r.verified_value) > rules.value_tolerance):
        raise WorkflowError(field="verified_value", rule="spot_check_value_deviation",
                            message_en=f"the re-verified value differs from the declared one "
                                       f"by more than {rules.value_tolerance:.0%}: the result "
                                       "is not conforming",
                            message_zh=f"复核值与声明值偏差超过 {rules.value_tolerance:.0%}，"
                                       "结果不能判定为符合")


def action_days(outcome: Outcome, rules: SpotCheckRules = RULES) -> int:
    """Days the body has to act on a nonconforming result."""
    return rules.serious_days if outcome is Outcome.SERIOUS else rules.minor_days


@dataclass(frozen=True)
class Item:
    id: str
    campaign_id: str
    certificate_id: str
    certificate_number: str
    body_id: str
    holder_id: str
    holder_region: str
    category: str
    drawn_by: DrawnBy
    weight: float
    open_alerts: int
    state: ItemState
    inspector_id: str | None = None
    result: Result | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    nonconformity_id: str | None = None  # the certificate's nonconformity it opened
    act_by: date | None = None  # the body acts by this day
    disposal: Disposal | None = None
    disposal_note: str = ""
    disposed_by: str | None = None
    disposed_at: datetime | None = None
    referred: bool = False  # referred to enforcement (a penalty case)
    referral_note: str = ""


# -- metrics ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Metrics:
    bodies_in_scope: int
    bodies_covered: int  # bodies with at least one item
    items: int
    recorded: int  # items with a result
    nonconforming: int
    serious: int
    suspended: int
    withdrawn: int
    corrected: int  # 限期整改
    referred: int
    awaiting_disposal: int
    mean_days_to_disposal: float | None  # from the result to the body's disposal

    @property
    def coverage(self) -> float | None:
        return self.bodies_covered / self.bodies_in_scope if self.bodies_in_scope else None

    @property
    def nonconformity_rate(self) -> float | None:
        """Nonconforming results over recorded results (as the official notices count)."""
        return self.nonconforming / self.recorded if self.recorded else None


def metrics(items: Sequence[Item], bodies_in_scope: int) -> Metrics:
    recorded = [i for i in items if i.result is not None]
    bad = [i for i in recorded if i.result is not None
           and i.result.outcome is not Outcome.CONFORMING]
    disposed = [i for i in items if i.disposal is not None]
    days = [(i.disposed_at - i.recorded_at).total_seconds() / 86400 for i in disposed
            if i.disposed_at is not None and i.recorded_at is not None]
    return Metrics(
        bodies_in_scope=bodies_in_scope, bodies_covered=len({i.body_id for i in items}),
        items=len(items), recorded=len(recorded), nonconforming=len(bad),
        serious=sum(i.result is not None and i.result.outcome is Outcome.SERIOUS for i in bad),
        suspended=sum(i.disposal is Disposal.SUSPEND for i in disposed),
        withdrawn=sum(i.disposal is Disposal.WITHDRAW for i in disposed),
        corrected=sum(i.disposal is Disposal.CORRECT for i in disposed),
        referred=sum(i.referred for i in items),
        awaiting_disposal=sum(i.state is ItemState.AWAITING_DISPOSAL for i in items),
        mean_days_to_disposal=sum(days) / len(days) if days else None)
