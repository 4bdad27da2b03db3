"""Spot-check rules: the sample is reproducible for a seed and weighted by risk (checked
against the exact probabilities of weighted sampling over many fixed seeds), every item and
campaign transition allowed or refused, results and disposals checked, metrics against hand
counts."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from carbonlabel.domain.supervision import spot_checks as sc
from carbonlabel.errors import InputError, WorkflowError


def _pool(n: int, alerts_every: int = 0) -> list[sc.Candidate]:
    return [sc.Candidate(f"c{i:04d}", f"b{i % 3}", "battery" if i % 2 else "cement",
                         1 if alerts_every and i % alerts_every == 0 else 0) for i in range(n)]


def test_the_same_seed_draws_the_same_sample_whatever_the_order() -> None:
    pool = _pool(60, alerts_every=5)
    s = sc.Selection(size=12, seed=2026, random_share=0.25)
    first = sc.select(pool, s)
    again = sc.select(list(reversed(pool)), s)
    assert [(d.candidate.certificate_id, d.by) for d in first] == [
        (d.candidate.certificate_id, d.by) for d in again]
    assert len({d.candidate.certificate_id for d in first}) == 12
    assert sum(d.by is sc.DrawnBy.RANDOM for d in first) == 3  # round(12 * 0.25)
    other = sc.select(pool, sc.Selection(size=12, seed=2027, random_share=0.25))
    assert {d.candidate.certificate_id for d in other} != {
        d.candidate.certificate_id for d in first}


def test_fewer_candidates_than_the_size_draws_all_of_them() -> None:
    pool = _pool(4)
    drawn = sc.select(pool, sc.Selection(size=10, seed=1, random_share=0.5))
    assert sorted(d.candidate.certificate_id for d in drawn) == [c.certificate_id for c in pool]
    assert sc.select([], sc.Selection(size=3, seed=1)) == ()


def test_the_weight_adds_alerts_category_and_body_as_documented() -> None:
    s = sc.Selection(size=1, seed=0, alert_weight=2.0, category_weights={"battery": 1.5},
                     body_weights={"b9": 4.0})
    assert sc.weight(sc.Candidate("x", "b0", "cement", 0), s) == 1.0
    assert sc.weight(sc.Candidate("x", "b0", "cement", 2), s) == 1.0 + 2 * 2.0
    assert sc.weight(sc.Candidate("x", "b0", "cement", 9), s) == 1.0 + 3 * 2.0  # capped at 3
    assert sc.weight(sc.Candidate("x", "b9", "battery", 1), s) == 1.0 + 2.0 + 1.5 + 4.0


def test_the_risk_part_draws_a_candidate_in_proportion_to_its_weight() -> None:
    # one draw from weights 1 + 2*1 = 3 (an open alert) and 1: the first is drawn with
    # probability 3 / (3 + 1) = 0.75; over 4000 fixed seeds the share lies within 4 standard
    # deviations, sqrt(0.75 * 0.25 / 4000) = 0.00685
    pool = [sc.Candidate("a", "b", "k", 1), sc.Candidate("z", "b", "k", 0)]
    runs = 4000
    hits = sum(sc.select(pool, sc.Selection(size=1, seed=seed, random_share=0.0,
                                            alert_weight=2.0))[0].candidate.certificate_id
               == "a" for seed in range(runs))
    assert abs(hits / runs - 0.75) < 4 * math.sqrt(0.75 * 0.25 / runs)


def test_risky_certificates_are_drawn_more_often_and_the_random_share_reaches_the_rest(
        ) -> None:
    # 10 risky (weight 1 + 3 * 3 = 10) among 100: a risky certificate is the first drawn with
    # probability 10 * 10 / (10 * 10 + 90) = 0.526 against 0.1 for a uniform draw
    pool = [sc.Candidate(f"c{i:03d}", "b", "k", 3 if i < 10 else 0) for i in range(100)]
    s = sc.Selection(size=10, seed=0, random_share=0.0, alert_weight=3.0)
    risky = [sum(d.candidate.open_alerts > 0
                 for d in sc.select(pool, sc.Selection(10, seed, 0.0, 3.0)))
             for seed in range(300)]
    assert sum(risky) / len(risky) > 4.0  # uniform sampling would average 1.0
    chance = sc.Selection(size=10, seed=0, random_share=1.0, alert_weight=3.0)
    uniform = [sum(d.candidate.open_alerts > 0
                   for d in sc.select(pool, sc.Selection(10, seed, 1.0, 3.0)))
               for seed in range(300)]
    assert abs(sum(uniform) / len(uniform) - 1.0) < 0.3  # hypergeometric mean 10 * 10 / 100
    assert all(d.by is sc.DrawnBy.RANDOM for d in sc.select(pool, chance))
    assert all(d.by is sc.DrawnBy.RISK for d in sc.select(pool, s))


@pytest.mark.parametrize("state", list(sc.ItemState))
@pytest.mark.parametrize("action", list(sc.ItemAction))
def test_every_item_transition_is_allowed_or_refused(state: sc.ItemState,
                                                     action: sc.ItemAction) -> None:
    allowed = {(sc.ItemState.SELECTED, sc.ItemAction.ASSIGN): sc.ItemState.ASSIGNED,
               (sc.ItemState.ASSIGNED, sc.ItemAction.ASSIGN): sc.ItemState.ASSIGNED,
               (sc.ItemState.ASSIGNED, sc.ItemAction.RECORD_CONFORMING): sc.ItemState.CONFORMING,
               (sc.ItemState.ASSIGNED, sc.ItemAction.RECORD_NONCONFORMING):
                   sc.ItemState.AWAITING_DISPOSAL,
               (sc.ItemState.AWAITING_DISPOSAL, sc.ItemAction.DISPOSE): sc.ItemState.DISPOSED}
    if (state, action) in allowed:
        assert sc.next_item_state(state, action) is allowed[(state, action)]
    else:
        with pytest.raises(WorkflowError) as refused:
            sc.next_item_state(state, action)
        assert refused.value.rule == "spot_check_item_state"


@pytest.mark.parametrize("state", list(sc.CampaignState))
@pytest.mark.parametrize("action", list(sc.CampaignAction))
def test_every_campaign_transition_is_allowed_or_refused(state: sc.CampaignState,
                                                         action: sc.CampaignAction) -> None:
    allowed = {(sc.CampaignState.PLANNED, sc.CampaignAction.DRAW): sc.CampaignState.DRAWN,
               (sc.CampaignState.DRAWN, sc.CampaignAction.CLOSE): sc.CampaignState.CLOSED}
    if (state, action) in allowed:
        assert sc.next_campaign_state(state, action) is allowed[(state, action)]
    else:
        with pytest.raises(WorkflowError) as refused:
            sc.next_campaign_state(state, action)
        assert refused.value.rule == "spot_check_campaign_state"


@pytest.mark.parametrize("outcome", list(sc.Outcome))
@pytest.mark.parametrize("disposal", list(sc.Disposal))
def test_a_serious_result_is_suspended_or_withdrawn_never_only_corrected(
        outcome: sc.Outcome, disposal: sc.Disposal) -> None:
    ok = (outcome is sc.Outcome.MINOR
          or (outcome is sc.Outcome.SERIOUS and disposal is not sc.Disposal.CORRECT))
    if ok:
        sc.check_disposal(outcome, disposal)
    else:
        with pytest.raises(WorkflowError) as refused:
            sc.check_disposal(outcome, disposal)
        assert refused.value.rule == "spot_check_disposal"


def _result(outcome: sc.Outcome, **kw: object) -> sc.Result:
    return sc.Result(outcome, sc.Place.CIRCULATION, date(2026, 11, 2), kw.pop("findings", ""),
                     **kw)  # type: ignore[arg-type]


def test_a_result_is_checked_before_it_is_recorded() -> None:
    with pytest.raises(InputError) as no_findings:
        sc.check_result(_result(sc.Outcome.MINOR, findings="  "))
    assert no_findings.value.field == "findings"
    with pytest.raises(WorkflowError) as failed:
        sc.check_result(_result(sc.Outcome.CONFORMING, label_conforms=False))
    assert failed.value.rule == "spot_check_failed_check"
    # declared 100, re-verified 106: 6 % > the 5 % tolerance
    with pytest.raises(WorkflowError) as off:
        sc.check_result(_result(sc.Outcome.CONFORMING, declared_value=100.0, declared_unit="kg",
                                verified_value=106.0, verified_unit="kg"))
    assert off.value.rule == "spot_check_value_deviation"
    sc.check_result(_result(sc.Outcome.CONFORMING, declared_value=100.0, declared_unit="kg",
                            verified_value=104.0, verified_unit="kg"))
    sc.check_result(_result(sc.Outcome.SERIOUS, findings="标识数值与证书不符",
                            label_conforms=False))
    assert sc.action_days(sc.Outcome.SERIOUS) == 5
    assert sc.action_days(sc.Outcome.MINOR) == 30


def test_settings_out_of_range_are_refused() -> None:
    for bad, field in ((sc.Selection(0, 1), "size"), (sc.Selection(5, 1, 1.5), "random_share"),
                       (sc.Selection(5, 1, 0.2, -1.0), "weights"),
                       (sc.Selection(5, -1), "seed")):
        with pytest.raises(InputError) as refused:
            sc.check_selection(bad)
        assert refused.value.field == field


def _item(n: int, body: str, outcome: sc.Outcome | None, disposal: sc.Disposal | None = None,
          days: float = 0, referred: bool = False) -> sc.Item:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    result = _result(outcome, findings="x") if outcome else None
    state = (sc.ItemState.ASSIGNED if outcome is None else sc.ItemState.CONFORMING
             if outcome is sc.Outcome.CONFORMING else sc.ItemState.DISPOSED if disposal
             else sc.ItemState.AWAITING_DISPOSAL)
    return sc.Item(f"i{n}", "c", f"cert{n}", f"N{n}", body, "h", "CN-GD", "k", sc.DrawnBy.RISK,
                   1.0, 0, state, None, result, "u" if result else None,
                   at if result else None, None, None, disposal, "", None,
                   at + timedelta(days=days) if disposal else None, referred)


def test_metrics_match_a_hand_count() -> None:
    items = [_item(1, "b1", sc.Outcome.CONFORMING), _item(2, "b1", sc.Outcome.CONFORMING),
             _item(3, "b2", sc.Outcome.MINOR, sc.Disposal.CORRECT, days=3),
             _item(4, "b2", sc.Outcome.SERIOUS, sc.Disposal.SUSPEND, days=2, referred=True),
             _item(5, "b3", sc.Outcome.SERIOUS, sc.Disposal.WITHDRAW, days=4),
             _item(6, "b3", sc.Outcome.MINOR), _item(7, "b3", None)]
    m = sc.metrics(items, bodies_in_scope=4)
    # by hand: 7 items of 3 bodies out of 4 in scope; 6 recorded, 4 of them nonconforming
    # (2 serious); dispositions: 1 suspended, 1 withdrawn, 1 corrected; 1 awaiting; disposal
    # after 3, 2 and 4 days: mean 3
    assert (m.items, m.bodies_covered, m.bodies_in_scope) == (7, 3, 4)
    assert m.coverage == 0.75
    assert (m.recorded, m.nonconforming, m.serious) == (6, 4, 2)
    assert m.nonconformity_rate == pytest.approx(4 / 6)
    assert (m.suspended, m.withdrawn, m.corrected, m.awaiting_disposal, m.referred) == (
        1, 1, 1, 1, 1)
    assert m.mean_days_to_disposal == pytest.approx(3.0)
    empty = sc.metrics([], 0)
    assert (empty.coverage, empty.nonconformity_rate, empty.mean_days_to_disposal) == (
        None, None, None)
