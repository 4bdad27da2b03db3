"""The scan rules R1–R7: each fires from crafted scans and stays quiet on a normal pattern (a
customer re-scanning, a shop scanning its stock); sessions; thresholds as settings."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from carbonlabel.domain.supervision.alerts import AlertRule, AlertState, Severity
from carbonlabel.domain.supervision.places import distance_km
from carbonlabel.domain.supervision.scan_rules import (
    LabelFacts,
    RuleSettings,
    Scan,
    analyse,
    sessions,
    to_alert,
)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC).timestamp()
H = 3600.0
NUMBER = "CFP-2026-000123"

UNIT = LabelFacts("unit-1", NUMBER, "cert-1", "CN-GD", printed_quantity=1)
RUN = LabelFacts("run-1", NUMBER, "cert-1", "CN-GD", printed_quantity=10,
                 sales_regions=("CN-GD", "CN-GX"))
LABELS = {f.label_id: f for f in (UNIT, RUN)}


def ok(at: float, label: str, client: str, region: str | None = None) -> Scan:
    return Scan(at, label, NUMBER, f"digest-{label}", "valid", None, region, client)


def bad(at: float, client: str, code: str, failure: str = "signature",
        claimed: str | None = "CFP-2026-999999", region: str | None = None) -> Scan:
    return Scan(at, None, claimed, code, "not_genuine", failure, region, client)


def rules(found: list[object]) -> list[AlertRule]:
    return [f.rule for f in found]  # type: ignore[attr-defined]


# -- sessions --------------------------------------------------------------------------------

def test_a_client_rescanning_within_half_an_hour_is_one_session() -> None:
    scans = [ok(T0, "run-1", "c1"), ok(T0 + 600, "run-1", "c1"), ok(T0 + 1500, "run-1", "c1"),
             ok(T0 + 1500 + 1801, "run-1", "c1"), ok(T0 + 60, "run-1", "c2")]
    found = sessions(sorted(scans), 30 * 60)
    # c1: 0, 10 and 25 min chain into one; 25 min + 30 min 1 s later starts a second; c2 one
    assert [(s.client, s.at - T0) for s in found] == [("c1", 0), ("c2", 60),
                                                       ("c1", 1500 + 1801)]


# -- R1 unknown code / bad signature ------------------------------------------------------------

def test_a_label_with_a_bad_signature_raises_unknown_code() -> None:
    found = analyse([bad(T0, "c1", "forged-token")], LABELS)
    assert rules(found) == [AlertRule.UNKNOWN_CODE]
    assert found[0].claimed_number == "CFP-2026-999999"
    assert found[0].evidence["failures"] == {"signature": 1}


def test_a_mistyped_number_and_a_genuine_rescan_raise_nothing() -> None:
    scans = [bad(T0, "c1", "typo-1", "check_digits", None),
             bad(T0 + 30, "c1", "typo-2", "malformed", None),
             ok(T0 + 60, "run-1", "c1", "CN-GD"), ok(T0 + 3 * H, "run-1", "c1", "CN-GD")]
    assert analyse(scans, LABELS) == []


# -- R2 invalid certificate ---------------------------------------------------------------------

def test_a_scan_of_a_withdrawn_certificate_raises_invalid_certificate() -> None:
    scan = Scan(T0, "run-1", NUMBER, "digest-run-1", "withdrawn", None, "CN-GD", "c1")
    found = analyse([scan], LABELS)
    assert rules(found) == [AlertRule.INVALID_CERTIFICATE]
    assert found[0].evidence["verdict"] == "withdrawn"


def test_scans_of_a_valid_certificate_raise_no_invalid_certificate() -> None:
    found = analyse([ok(T0 + i * H, "run-1", f"c{i}", "CN-GD") for i in range(5)], LABELS)
    assert AlertRule.INVALID_CERTIFICATE not in rules(found)


# -- R3 impossible travel -----------------------------------------------------------------------

def test_a_unit_label_in_beijing_and_shenzhen_within_an_hour_is_impossible_travel() -> None:
    scans = [ok(T0, "unit-1", "c1", "CN-BJ"), ok(T0 + H, "unit-1", "c2", "CN-GD-440300")]
    found = analyse(scans, LABELS)
    assert AlertRule.IMPOSSIBLE_TRAVEL in rules(found)
    travel = next(f for f in found if f.rule is AlertRule.IMPOSSIBLE_TRAVEL)
    # Beijing (39.9, 116.4) to Shenzhen (22.5, 114.1): about 1,940 km by the haversine formula
    assert travel.evidence["distance_km"] == pytest.approx(1940, abs=30)


def test_the_same_trip_by_train_in_ten_hours_is_no_impossible_travel() -> None:
    # ~1,940 km less 300 + 30 km uncertainty = ~1,610 km in 10 h: 161 km/h, below 900 km/h
    scans = [ok(T0, "unit-1", "c1", "CN-BJ"), ok(T0 + 10 * H, "unit-1", "c1", "CN-GD-440300")]
    found = analyse(scans, LABELS, RuleSettings(dispersion_provinces=3))
    assert AlertRule.IMPOSSIBLE_TRAVEL not in rules(found)


def test_neighbouring_places_within_their_uncertainty_are_no_travel() -> None:
    # Guangzhou to Shenzhen ~105 km, less 30 + 30 km: still 45 km apart in one minute
    close = [ok(T0, "unit-1", "c1", "CN-GD-440100"), ok(T0 + 60, "unit-1", "c2",
                                                       "CN-GD-440300")]
    assert AlertRule.IMPOSSIBLE_TRAVEL in rules(analyse(close, LABELS))
    # the province's 300 km uncertainty covers it
    coarse = [ok(T0, "unit-1", "c1", "CN-GD"), ok(T0 + 60, "unit-1", "c2", "CN-GD-440300")]
    assert AlertRule.IMPOSSIBLE_TRAVEL not in rules(analyse(coarse, LABELS))


def test_haversine_distance_against_a_hand_computation() -> None:
    # one degree of latitude on a 6371 km sphere: 6371 · π / 180 = 111.19 km
    assert distance_km((30.0, 110.0), (31.0, 110.0)) == pytest.approx(6371 * math.pi / 180)


# -- R4 dispersion ------------------------------------------------------------------------------

def test_a_unit_label_in_three_cities_of_one_province_in_a_day_is_dispersion() -> None:
    slow = RuleSettings(speed_kmh=1e9)  # no travel finding: this is about dispersion only
    scans = [ok(T0, "unit-1", "c1", "CN-GD-440100"), ok(T0 + 5 * H, "unit-1", "c2",
                                                       "CN-GD-440300"),
             ok(T0 + 10 * H, "unit-1", "c3", "CN-GD-440400")]
    assert rules(analyse(scans, LABELS, slow)) == [AlertRule.DISPERSION]


def test_a_shop_then_its_customer_in_one_city_is_no_dispersion() -> None:
    scans = [ok(T0, "unit-1", "shop", "CN-GD-440300"),
             ok(T0 + 2 * H, "unit-1", "buyer", "CN-GD-440300"),
             ok(T0 + 2 * H + 60, "unit-1", "buyer", "CN-GD-440300"),
             ok(T0 + 30 * H, "unit-1", "buyer", "CN-GD")]
    assert analyse(scans, LABELS) == []


# -- R5 volume ----------------------------------------------------------------------------------

def test_more_clients_than_printed_times_the_factor_is_volume() -> None:
    # printed 10, factor 1.5: the 16th distinct client exceeds 15
    scans = [ok(T0 + i * H, "run-1", f"c{i}", "CN-GD") for i in range(16)]
    found = analyse(scans, LABELS)
    assert rules(found) == [AlertRule.VOLUME]
    assert found[0].evidence["clients"] == 16
    assert analyse(scans[:15], LABELS) == []


def test_a_shop_scanning_its_stock_and_customers_rescanning_is_no_volume() -> None:
    stock = [ok(T0 + i * 20, "run-1", "shop", "CN-GD") for i in range(10)]  # one session
    customers = [ok(T0 + d * 24 * H + k * H, "run-1", f"buyer{d}", "CN-GD")
                 for d in range(10) for k in range(5)]  # each re-scans 5 times
    assert analyse(stock + customers, LABELS) == []


# -- R6 region ----------------------------------------------------------------------------------

def test_three_clients_outside_the_sales_regions_in_a_week_is_region() -> None:
    scans = [ok(T0 + i * 24 * H, "run-1", f"c{i}", "CN-ZJ-330100") for i in range(3)]
    found = analyse(scans, LABELS)
    assert rules(found) == [AlertRule.REGION]
    assert found[0].evidence["region"] == "CN-ZJ"


def test_one_traveller_outside_and_scans_inside_or_unknown_are_no_region() -> None:
    scans = [ok(T0, "run-1", "tourist", "CN-ZJ"), ok(T0 + H, "run-1", "tourist", "CN-ZJ"),
             ok(T0 + 2 * H, "run-1", "a", "CN-GD-440300"), ok(T0 + 3 * H, "run-1", "b", None),
             ok(T0 + 4 * H, "run-1", "c", "CN-GX")]
    assert analyse(scans, LABELS) == []


# -- R7 enumeration -----------------------------------------------------------------------------

def test_twenty_unknown_codes_from_one_client_in_ten_minutes_is_enumeration() -> None:
    scans = [bad(T0 + i * 25, "robot", f"guess-{i}", "unknown", f"CFP-2026-{i:06d}")
             for i in range(20)]
    found = analyse(scans, LABELS)
    # the enumerating client's guesses are R7's, not twenty forged labels
    assert rules(found) == [AlertRule.ENUMERATION]
    assert found[0].evidence["client"] == "robot"


def test_the_same_guesses_spread_over_hours_are_no_enumeration() -> None:
    scans = [bad(T0 + i * 10 * 60, "person", f"typo-{i}", "check_digits", None)
             for i in range(20)]
    assert analyse(scans, LABELS) == []


# -- thresholds, since, alerts ------------------------------------------------------------------

def test_thresholds_are_settings() -> None:
    scans = [ok(T0 + i * H, "run-1", f"c{i}", "CN-GD") for i in range(12)]
    assert analyse(scans, LABELS) == []
    assert rules(analyse(scans, LABELS, RuleSettings(volume_factor=1.0))) == [AlertRule.VOLUME]
    guesses = [bad(T0 + i, "robot", f"g{i}", "check_digits", None) for i in range(5)]
    assert rules(analyse(guesses, LABELS, RuleSettings(enumeration_codes=5))) == [
        AlertRule.ENUMERATION]
    with pytest.raises(ValueError, match="speed_kmh"):
        RuleSettings(speed_kmh=0)


def test_findings_before_since_are_context_only() -> None:
    scans = [ok(T0 + i * H, "run-1", f"c{i}", "CN-GD") for i in range(16)]
    assert analyse(scans, LABELS, since=T0 + 15 * H) != []
    assert analyse(scans, LABELS, since=T0 + 15 * H + 1) == []


def test_a_finding_becomes_an_open_alert_with_the_label_holder() -> None:
    finding = analyse([Scan(T0, "run-1", NUMBER, "d", "expired", None, "CN-ZJ", "c1")],
                      LABELS)[0]
    alert = to_alert(finding, RUN, "a1", datetime(2026, 3, 3, tzinfo=UTC))
    assert (alert.rule, alert.severity, alert.state) == (
        AlertRule.INVALID_CERTIFICATE, Severity.HIGH, AlertState.OPEN)
    assert (alert.certificate_id, alert.holder_region, alert.seen_region) == (
        "cert-1", "CN-GD", "CN-ZJ")
    assert alert.dedup_key.startswith("invalid_certificate:run-1:")


def test_a_place_shared_on_the_second_look_is_the_sessions_place() -> None:
    scans = [ok(T0, "unit-1", "c1"), ok(T0 + 60, "unit-1", "c1", "CN-BJ")]
    assert [s.region for s in sessions(scans, 30 * 60)] == ["CN-BJ"]


def test_a_province_and_a_far_city_of_it_are_no_travel() -> None:
    # Shenyang (the capital of Liaoning) to Dalian is ~360 km, beyond 300 + 30 km; but a
    # scan placed only "in Liaoning" may have been in Dalian itself
    scans = [ok(T0, "unit-1", "c1", "CN-LN"), ok(T0 + 60, "unit-1", "c2", "CN-LN-210200")]
    assert AlertRule.IMPOSSIBLE_TRAVEL not in rules(analyse(scans, LABELS))
    cities = [ok(T0, "unit-1", "c1", "CN-LN-210100"), ok(T0 + 60, "unit-1", "c2",
                                                        "CN-LN-210200")]
    assert AlertRule.IMPOSSIBLE_TRAVEL in rules(analyse(cities, LABELS))


def test_region_counts_clients_in_a_sliding_week_not_calendar_weeks() -> None:
    week = 7 * 24 * H
    edge = (math.floor(T0 / week) + 1) * week  # a window boundary of the key's buckets
    scans = [ok(edge - 2 * H, "run-1", "a", "CN-ZJ"), ok(edge + H, "run-1", "b", "CN-ZJ"),
             ok(edge + 2 * H, "run-1", "c", "CN-ZJ")]
    assert rules(analyse(scans, LABELS)) == [AlertRule.REGION]
    late = [*scans[:2], ok(edge - 2 * H + week + 1, "run-1", "c", "CN-ZJ")]
    assert analyse(late, LABELS) == []  # "a" is more than a week before "c"


def test_two_enumerating_clients_are_two_findings_and_keys_hold_no_client_hash() -> None:
    one, two = "ab" * 16, "ab" * 4 + "cd" * 12  # the same 8-character reference
    scans = [bad(T0 + i, client, f"{client}-{i}", "unknown", None)
             for client in (one, two) for i in range(20)]
    found = analyse(scans, LABELS)
    assert rules(found) == [AlertRule.ENUMERATION, AlertRule.ENUMERATION]
    assert len({f.dedup_key for f in found}) == 2
    assert all(one[:16] not in f.dedup_key and two[:16] not in f.dedup_key for f in found)
