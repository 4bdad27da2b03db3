"""Certification-validity spot checks (认证有效性抽查): the regulator's campaign, its sample,
the inspectors' results, and the certification body's disposal
(domain/supervision/spot_checks.py holds the rules).

A regulator creates a campaign within its jurisdiction and draws the sample (the certificates
whose holders lie within it, stored with the seed that reproduces it); its staff take the
items and record results. A nonconforming result becomes the body's required action by the
path certification already has for a nonconforming surveillance: an open nonconformity on the
certificate (migration 0009), naming the spot check, due in the scheme's ``serious_days`` (5)
or ``minor_days`` (30). While it is open no new label is issued; past its deadline the
surveillance sweep suspends the certificate. The body's admin or decision maker disposes:
suspends or withdraws the certificate through certification's own status change (the notice to
the holder, and after a withdrawal the scheme's re-application lock-out of 365 days, longer
than the six months of the official practice), or, for a minor one, keeps the correction
deadline. Every step is audited; every command commits as its last step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.certification.records import CertificateNonconformity
from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.domain.supervision.jurisdiction import Jurisdiction
from carbonlabel.domain.tenancy import OrgKind, Role, User
from carbonlabel.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from carbonlabel.services.accounts.users import new_id
from carbonlabel.services.certification.rerun import rerun
from carbonlabel.services.supervision.regulators import jurisdiction_of, require_regulator_role

#: who of a regulator's staff acts on spot checks (viewers only read)
ACTING_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.AUDITOR, Role.DECISION_MAKER})
#: who of a regulator's staff creates, draws and closes campaigns and assigns items
LEAD_ROLES = frozenset({Role.ADMIN, Role.DECISION_MAKER})

Progress = Callable[[int, int], None]


def _audit(uow: UnitOfWork, actor: User, action: str, entity: str, entity_id: str,
           after: dict[str, object], before: dict[str, object] | None = None) -> None:
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action=f"spot_check.{action}", entity=entity, entity_id=entity_id,
                     before=before, after=after)


# -- campaigns --------------------------------------------------------------------------------

def _no_campaign() -> NotFoundError:
    return NotFoundError(field="campaign_id", message_en="no such spot-check campaign",
                         message_zh="没有该抽查计划")


def _own(campaign: sc.Campaign, actor: User) -> None:
    """Commands on a campaign are its regulator's own (a higher regulator reads it)."""
    if campaign.regulator_id != actor.organisation_id:
        raise PermissionDeniedError(field="organisation",
                                    message_en="only the regulator that runs the campaign",
                                    message_zh="仅组织该抽查的监管部门可执行此操作")


def create_campaign(uow: UnitOfWork, actor: User, draft: sc.CampaignDraft) -> sc.Campaign:
    """A campaign of the actor's regulator over its jurisdiction; nothing drawn yet."""
    jurisdiction = jurisdiction_of(uow, actor)
    require_regulator_role(actor, LEAD_ROLES)
    sc.check_draft(draft)
    draft = replace(draft, title=draft.title.strip(), legal_basis=draft.legal_basis.strip(),
                    categories=tuple(sorted({c.strip() for c in draft.categories if c.strip()})),
                    body_ids=tuple(sorted({b.strip() for b in draft.body_ids if b.strip()})))
    for body_id in draft.body_ids:
        org = uow.organisations.get(body_id)
        if org is None or org.kind is not OrgKind.CERTIFICATION_BODY:
            raise InputError(field="body_ids", message_en=f"no certification body {body_id}",
                             message_zh=f"没有认证机构 {body_id}")
    campaign = sc.Campaign(new_id(), actor.organisation_id, jurisdiction.code, draft,
                           sc.CampaignState.PLANNED, actor.id, datetime.now(UTC))
    uow.spot_checks.add_campaign(campaign)
    s = draft.selection
    _audit(uow, actor, "campaign_created", "spot_check_campaign", campaign.id,
           {"year": draft.year, "round": draft.round, "jurisdiction": jurisdiction.code,
            "categories": list(draft.categories), "body_ids": list(draft.body_ids),
            "size": s.size, "seed": s.seed, "random_share": s.random_share,
            "alert_weight": s.alert_weight})
    uow.commit()
    return campaign


def campaigns_page(uow: UnitOfWork, actor: User, offset: int,
                   limit: int) -> Page[sc.Campaign]:
    """The campaigns of regulators within the actor's jurisdiction, newest first."""
    return uow.spot_checks.campaigns_within(jurisdiction_of(uow, actor), offset, limit)


def _campaign_within(uow: UnitOfWork, jurisdiction: Jurisdiction,
                     campaign_id: str) -> sc.Campaign:
    campaign = uow.spot_checks.campaign(campaign_id)
    if campaign is None or not jurisdiction.covers(campaign.jurisdiction):
        raise _no_campaign()
    return campaign


def get_campaign(uow: UnitOfWork, actor: User, campaign_id: str) -> sc.Campaign:
    """One campaign within the actor's jurisdiction; NotFoundError for any other."""
    return _campaign_within(uow, jurisdiction_of(uow, actor), campaign_id)


def draw(uow: UnitOfWork, actor: User, campaign_id: str, today: date,
         progress: Progress | None = None) -> tuple[sc.Item, ...]:
    """Draw the campaign's sample from the valid certificates in its scope (domain
    ``select``: by risk and by chance, reproducible by the stored seed) and store one item per
    drawn certificate. ``progress(done, total)`` is told as items are stored."""
    jurisdiction = jurisdiction_of(uow, actor)
    require_regulator_role(actor, LEAD_ROLES)
    campaign = _campaign_within(uow, jurisdiction, campaign_id)
    _own(campaign, actor)
    state = sc.next_campaign_state(campaign.state, sc.CampaignAction.DRAW)
    d = campaign.draft
    taken = {i.certificate_id for i in uow.spot_checks.items(campaign.id)}  # targeted ones
    scope = [s for s in uow.spot_checks.in_scope(jurisdiction, d.categories, d.body_ids, today)
             if s.candidate.certificate_id not in taken]
    by_id = {s.candidate.certificate_id: s for s in scope}
    drawn = sc.select([s.candidate for s in scope], d.selection)
    items: list[sc.Item] = []
    for n, one in enumerate(drawn, start=1):
        found = by_id[one.candidate.certificate_id]
        item = sc.Item(new_id(), campaign.id, one.candidate.certificate_id, found.number,
                       one.candidate.body_id, found.holder_id, found.holder_region,
                       one.candidate.category, one.by, one.weight, one.candidate.open_alerts,
                       sc.ItemState.SELECTED)
        uow.spot_checks.add_item(item)
        items.append(item)
        if progress is not None:
            progress(n, len(drawn))
    bodies = len({s.candidate.body_id for s in scope})
    uow.spot_checks.update_campaign(campaign.id, state=state.value, drawn_at=datetime.now(UTC),
                                    candidates=len(scope), bodies_in_scope=bodies)
    _audit(uow, actor, "sample_drawn", "spot_check_campaign", campaign.id,
           {"seed": d.selection.seed, "candidates": len(scope), "bodies_in_scope": bodies,
            "drawn": [i.certificate_number for i in items], "on": today.isoformat()},
           before={"state": campaign.state.value})
    uow.commit()
    return tuple(items)


def add_certificate(uow: UnitOfWork, actor: User, campaign_id: str, number: str,
                    today: date) -> sc.Item:
    """A targeted check: the regulator adds a valid certificate of its jurisdiction by its
    number to a campaign that is not closed (not found for one outside it)."""
    jurisdiction = jurisdiction_of(uow, actor)
    require_regulator_role(actor, LEAD_ROLES)
    campaign = _campaign_within(uow, jurisdiction, campaign_id)
    _own(campaign, actor)
    if campaign.state is sc.CampaignState.CLOSED:
        raise WorkflowError(field="campaign_id", rule="spot_check_campaign_closed",
                            message_en="the campaign is closed", message_zh="该抽查计划已结束")
    found = uow.spot_checks.in_scope(jurisdiction, (), (), today, number.strip().upper())
    if not found:
        raise NotFoundError(field="certificate_number",
                            message_en="no valid certificate of that number in your "
                                       "jurisdiction",
                            message_zh="辖区内没有该编号的有效证书")
    one = found[0]
    if any(i.certificate_id == one.candidate.certificate_id
           for i in uow.spot_checks.items(campaign.id)):
        raise WorkflowError(field="certificate_number", rule="spot_check_already_in_campaign",
                            message_en="the certificate is already in this campaign",
                            message_zh="该证书已在本抽查计划中")
    c = one.candidate
    item = sc.Item(new_id(), campaign.id, c.certificate_id, one.number, c.body_id,
                   one.holder_id, one.holder_region, c.category, sc.DrawnBy.TARGETED,
                   sc.weight(c, campaign.draft.selection), c.open_alerts, sc.ItemState.SELECTED)
    uow.spot_checks.add_item(item)
    _audit(uow, actor, "certificate_added", "spot_check_item", item.id,
           {"campaign_id": campaign.id, "certificate": one.number})
    uow.commit()
    return item


def close_campaign(uow: UnitOfWork, actor: User, campaign_id: str) -> sc.Campaign:
    jurisdiction = jurisdiction_of(uow, actor)
    require_regulator_role(actor, LEAD_ROLES)
    campaign = _campaign_within(uow, jurisdiction, campaign_id)
    _own(campaign, actor)
    state = sc.next_campaign_state(campaign.state, sc.CampaignAction.CLOSE)
    uow.spot_checks.update_campaign(campaign.id, state=state.value)
    _audit(uow, actor, "campaign_closed", "spot_check_campaign", campaign.id,
           {"state": state.value}, before={"state": campaign.state.value})
    uow.commit()
    return replace(campaign, state=state)


def items(uow: UnitOfWork, actor: User, campaign_id: str) -> list[sc.Item]:
    """The campaign's sample: drawn by risk first, heaviest first."""
    return uow.spot_checks.items(get_campaign(uow, actor, campaign_id).id)


@dataclass(frozen=True)
class CampaignMetrics:
    campaign: sc.Campaign
    metrics: sc.Metrics


def campaign_metrics(uow: UnitOfWork, actor: User, campaign_id: str) -> CampaignMetrics:
    campaign = get_campaign(uow, actor, campaign_id)
    return CampaignMetrics(campaign, sc.metrics(uow.spot_checks.items(campaign.id),
                                                campaign.bodies_in_scope))


# -- items ------------------------------------------------------------------------------------

def _no_item() -> NotFoundError:
    return NotFoundError(field="item_id", message_en="no such spot-check item",
                         message_zh="没有该抽查批次")


def get_item(uow: UnitOfWork, actor: User, campaign_id: str,
             item_id: str) -> tuple[sc.Campaign, sc.Item]:
    """One item of a campaign within the actor's jurisdiction."""
    campaign = get_campaign(uow, actor, campaign_id)
    item = uow.spot_checks.item(item_id)
    if item is None or item.campaign_id != campaign.id:
        raise _no_item()
    return campaign, item


def _open_item(uow: UnitOfWork, actor: User, campaign_id: str, item_id: str,
               roles: frozenset[Role]) -> tuple[sc.Campaign, sc.Item]:
    campaign, item = get_item(uow, actor, campaign_id, item_id)
    require_regulator_role(actor, roles)
    _own(campaign, actor)
    if campaign.state is sc.CampaignState.CLOSED:
        raise WorkflowError(field="campaign_id", rule="spot_check_campaign_closed",
                            message_en="the campaign is closed", message_zh="该抽查计划已结束")
    return campaign, item


def assign(uow: UnitOfWork, actor: User, campaign_id: str, item_id: str,
           inspector_id: str) -> sc.Item:
    """The item goes to an inspector: staff of the same regulator who act."""
    _, item = _open_item(uow, actor, campaign_id, item_id, LEAD_ROLES)
    state = sc.next_item_state(item.state, sc.ItemAction.ASSIGN)
    inspector = uow.users.get(inspector_id)
    if (inspector is None or not inspector.active
            or inspector.organisation_id != actor.organisation_id
            or inspector.role not in ACTING_ROLES):
        raise InputError(field="inspector_id",
                         message_en="the inspector is active staff of this regulator who acts",
                         message_zh="检查人员须为本监管部门在职且可执行检查的人员")
    updated = uow.spot_checks.update_item(item.id, state=state, inspector_id=inspector.id)
    _audit(uow, actor, "item_assigned", "spot_check_item", item.id,
           {"inspector_id": inspector.id, "certificate": item.certificate_number},
           before={"state": item.state.value, "inspector_id": item.inspector_id})
    uow.commit()
    return updated


@dataclass(frozen=True)
class Reverification:
    declared_value: float
    declared_unit: str
    recomputed_value: float
    deviation: float
    input_hash_matches: bool


def reverify(uow: UnitOfWork, actor: User, campaign_id: str, item_id: str, base: Path,
             store_dir: Path) -> Reverification:
    """The verifier's re-run of the certificate's model version (services/certification/
    rerun.py), compared with the certificate's declared value; reads only (the inspector
    records what it shows with the result)."""
    _, item = _open_item(uow, actor, campaign_id, item_id, ACTING_ROLES)
    certificate = uow.certificates.get(item.certificate_id)
    assert certificate is not None
    again = rerun(uow, certificate.holder_id, certificate.model_version_id,
                  certificate.footprint_id, base, store_dir)
    declared = float(certificate.certified_value)
    return Reverification(declared, certificate.certified_unit, again.recomputed,
                          sc.deviation(declared, again.recomputed), again.input_hash_matches)


def record_result(uow: UnitOfWork, actor: User, campaign_id: str, item_id: str,
                  result: sc.Result) -> sc.Item:
    """The assigned inspector (or the regulator's admin) records the result. A nonconforming
    one opens a nonconformity on the certificate naming the spot check, due in the scheme's
    days: the body's required action (module docstring)."""
    campaign, item = _open_item(uow, actor, campaign_id, item_id, ACTING_ROLES)
    if actor.id != item.inspector_id and actor.role is not Role.ADMIN:
        raise PermissionDeniedError(field="inspector_id",
                                    message_en="the assigned inspector records the result",
                                    message_zh="由指派的检查人员记录结果")
    bad = result.outcome is not sc.Outcome.CONFORMING
    state = sc.next_item_state(item.state, sc.ItemAction.RECORD_NONCONFORMING if bad
                               else sc.ItemAction.RECORD_CONFORMING)
    today = datetime.now(UTC).date()
    if result.sampled_on > today + timedelta(days=1):
        raise InputError(field="sampled_on", message_en="a sample cannot be taken in the future",
                         message_zh="抽样日期不能晚于今天")
    certificate = uow.certificates.get(item.certificate_id)
    assert certificate is not None
    if result.declared_value is None:  # what the certificate declares, unless seen otherwise
        result = replace(result, declared_value=float(certificate.certified_value),
                         declared_unit=certificate.certified_unit)
    if result.verified_value is not None and not result.verified_unit.strip():
        result = replace(result, verified_unit=result.declared_unit)
    result = replace(result, findings=result.findings.strip())
    sc.check_result(result)
    now = datetime.now(UTC)
    changes: dict[str, object] = {"state": state, "result": result, "recorded_by": actor.id,
                                  "recorded_at": now}
    if bad:
        act_by = today + timedelta(days=sc.action_days(result.outcome))
        nc_id = new_id()
        zh, en = sc.OUTCOME_NAMES[result.outcome]
        uow.oversight.add_nonconformity(CertificateNonconformity(
            nc_id, certificate.id, item.id,
            (f"认证有效性抽查 {campaign.draft.year} 第{campaign.draft.round}批（{zh}）/ "
             f"spot check {campaign.draft.year}-{campaign.draft.round} ({en}): "
             f"{result.findings}")[:4000], actor.id, now, act_by, None, None, ""))
        changes.update(nonconformity_id=nc_id, act_by=act_by)
    updated = uow.spot_checks.update_item(item.id, **changes)
    _audit(uow, actor, "result_recorded", "spot_check_item", item.id,
           {"certificate": item.certificate_number, "outcome": result.outcome.value,
            "place": result.place.value, "sampled_on": result.sampled_on.isoformat(),
            "declared_value": result.declared_value, "verified_value": result.verified_value,
            "act_by": updated.act_by.isoformat() if updated.act_by else None},
           before={"state": item.state.value})
    uow.commit()
    return updated


def refer(uow: UnitOfWork, actor: User, campaign_id: str, item_id: str, note: str) -> sc.Item:
    """A nonconforming result is referred to enforcement (a penalty case), with a note."""
    _, item = _open_item(uow, actor, campaign_id, item_id, LEAD_ROLES)
    if item.result is None or item.result.outcome is sc.Outcome.CONFORMING:
        raise WorkflowError(field="item_id", rule="spot_check_not_nonconforming",
                            message_en="only a nonconforming result is referred",
                            message_zh="仅不符合的结果可移送执法")
    if item.referred:
        return item
    text = note.strip()
    if not text or len(text) > 2000:
        raise InputError(field="note", message_en="say why it is referred (up to 2000 "
                                                  "characters)",
                         message_zh="请说明移送执法的理由（最多 2000 个字符）")
    updated = uow.spot_checks.update_item(item.id, referred=True, referral_note=text)
    _audit(uow, actor, "referred", "spot_check_item", item.id,
           {"certificate": item.certificate_number, "note": text})
    uow.commit()
    return updated
