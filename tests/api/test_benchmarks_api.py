"""Category benchmarks through the API, on a hand-made set of certificates (SQLite and
PostgreSQL): statistics against numpy's type-7 percentiles, ties, a small set withheld,
non-comparable certificates apart with their reasons, a certificate's band and percentile,
four certificates side by side and a fifth refused, and the weak links of a product against
hand-computed median stage shares."""

from __future__ import annotations

import numpy as np
import pytest

from tests.api.conftest import API, World, bearer
from tests.support.benchmarks import (
    COMPARABLE,
    GATE,
    REASONS,
    SMALL,
    UNIT,
    HandMade,
    hand_made_set,
)


def hand_made(world: World) -> HandMade:
    return hand_made_set(world.app.state.uow, world.a.tenant.admin,
                         world.a.certified.certificate_id, world.a.footprint_id)


def test_benchmark_statistics_equal_numpy_type7_with_ties_and_reasons_apart(
        world: World) -> None:
    made = hand_made(world)
    body = world.client.get(f"{API}/benchmarks", params={
        "product_rule": "TB-RULE@1.0", "declared_unit": UNIT, "boundary": GATE}).json()
    values = [v for v, _ in COMPARABLE.values()]
    expected = np.percentile(values, [5, 25, 50, 75])  # numpy's default: type 7
    stats = body["statistics"]
    assert body["count"] == 6
    assert body["shown"] is True
    assert [stats["best5"], stats["q1"], stats["median"], stats["q3"]] == pytest.approx(
        list(expected))
    assert (stats["best5"], stats["median"]) == pytest.approx((12.5, 25.0))  # by hand
    assert sorted(m["number"] for m in body["comparable"]) == sorted(
        made.numbers[n] for n in COMPARABLE)
    apart = {m["number"]: m["reason"] for m in body["excluded"]}
    # the small set's rule is another rule of the same product category
    expected = {**REASONS, **dict.fromkeys(SMALL, "other_rule")}
    assert apart == {made.numbers[n]: reason for n, reason in expected.items()}
    assert all(m["reason_name"]["zh"] and m["reason_name"]["en"] for m in body["excluded"])


def test_small_set_withholds_statistics_and_positions_but_gives_the_count(
        world: World) -> None:
    made = hand_made(world)
    response = world.client.get(f"{API}/benchmarks", params={
        "product_rule": "TB-SMALL@1.0", "declared_unit": UNIT, "boundary": GATE})
    body = response.json()
    assert (body["count"], body["shown"], body["statistics"]) == (3, False, None)
    position = world.client.get(f"{API}/benchmarks/certificates/{made.numbers['S2']}").json()
    assert position["benchmark"]["statistics"] is None
    assert (position["band"], position["percentile_rank"], position["relative_to_median"]) == (
        None, None, None)
    for value in SMALL.values():  # no member's value in the public statistics
        assert str(value) not in response.text


def test_certificate_position_gives_band_ratio_and_percentile_by_hand(world: World) -> None:
    made = hand_made(world)
    body = world.client.get(f"{API}/benchmarks/certificates/{made.numbers['B']}").json()
    # 20 equals q1 (20): the better band; 20 / 25; one value below, two equal: (1 + 1) / 6
    assert body["band"] == "best_quartile"
    assert body["relative_to_median"] == pytest.approx(0.8)
    assert body["percentile_rank"] == pytest.approx(2 / 6)
    alone = world.client.get(f"{API}/benchmarks/certificates/{made.numbers['K']}").json()
    assert alone["key"]["declared_unit"] == "1 kg"  # its own set: itself alone, withheld
    assert (alone["benchmark"]["count"], alone["band"]) == (1, None)
    withdrawn = world.client.get(f"{API}/benchmarks/certificates/{made.numbers['G']}").json()
    assert (withdrawn["excluded"], withdrawn["band"]) == ("not_valid", None)
    assert world.client.get(f"{API}/benchmarks/certificates/CFP-2026-901-999999-00"
                            ).status_code == 404


def test_compare_marks_the_non_comparable_and_refuses_a_fifth(world: World) -> None:
    made = hand_made(world)
    four = [made.numbers[n] for n in ("A", "F", "K", "I")]
    body = world.client.get(f"{API}/benchmarks/compare", params={"number": four}).json()
    assert [i["number"] for i in body["items"]] == four
    assert [i["reason"] for i in body["items"]] == [None, None, "other_unit", "other_rule"]
    assert body["comparable"] is False
    refused = world.client.get(f"{API}/benchmarks/compare",
                               params={"number": [*four, made.numbers["B"]]})
    assert refused.status_code == 422
    assert refused.json()["field"] == "number"
    assert "4" in refused.json()["message_en"]


def test_weak_links_flag_stages_above_the_median_share_by_the_margin(world: World) -> None:
    made = hand_made(world)
    token = world.a.token
    body = world.client.get(f"{API}/products/{made.products['F']}/benchmark",
                            headers=bearer(token)).json()
    assert body["position"]["band"] == "worst_quartile"
    stages = {s["stage"]: s for s in body["weak_links"]["stages"]}
    # shares raw material .5 .6 .6 .7 .5 .8 -> median .6; production .5 .4 .4 .3 .5 .2 -> .4
    # kg raw material 5 12 12 21 20 40 -> (12 + 20) / 2; production 5 8 8 9 20 10 -> 8.5
    raw, made_here = stages["raw_material_acquisition"], stages["production"]
    assert (raw["median_share"], made_here["median_share"]) == pytest.approx((0.6, 0.4))
    assert (raw["median_co2e_kg"], made_here["median_co2e_kg"]) == pytest.approx((16.0, 8.5))
    assert (raw["share"], raw["weak"], made_here["weak"]) == (pytest.approx(0.8), True, False)
    other = world.client.get(f"{API}/products/{made.products['A']}/benchmark",
                             headers=bearer(token)).json()
    flagged = {s["stage"] for s in other["weak_links"]["stages"] if s["weak"]}
    assert flagged == {"production"}  # .5 − .4 = .1 ≥ .05; raw material .5 < .6
    even = world.client.get(f"{API}/products/{made.products['B']}/benchmark",
                            headers=bearer(token)).json()
    assert not any(s["weak"] for s in even["weak_links"]["stages"])


def test_the_footprint_route_places_the_certificate_issued_on_it(world: World) -> None:
    made = hand_made(world)
    with world.app.state.uow() as uow:
        footprint_id = uow.benchmarks.by_numbers([made.numbers["F"]])[made.numbers["F"]
                                                                       ].footprint_id
    body = world.client.get(f"{API}/footprints/{footprint_id}/benchmark",
                            headers=bearer(world.a.token)).json()
    assert body["position"]["number"] == made.numbers["F"]
    assert body["position"]["band"] == "worst_quartile"  # 50 > q3 37.5


def test_another_organisations_product_position_is_not_found(world: World) -> None:
    made = hand_made(world)
    response = world.client.get(f"{API}/products/{made.products['F']}/benchmark",
                                headers=bearer(world.b_admin_token))
    assert response.status_code == 404
