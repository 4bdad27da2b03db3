"""The bundled rules: the 17 entries of the pilot's first catalogue, each saying that the
official text is not available and what it rests on; their default factors are keys of the
bundled library; releases are ordered by version and chosen by release date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from carbonlabel.adapters.factors.library import load_library
from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.domain.product_rules import ProductRuleRef, RuleStatus
from carbonlabel.domain.product_rules.content import content_hash, rule_hash, to_content
from carbonlabel.domain.product_rules.releases import latest, resolve, version_key


def test_the_seventeen_catalogue_entries_are_bundled_in_catalogue_order() -> None:
    rules = bundled_rules()
    assert len(rules) == 17
    assert [int(r.code.split("-")[2]) for r in rules] == list(range(1, 18))
    assert sum("li-ion" in r.code for r in rules) == 4


def test_each_rule_says_the_official_text_is_not_available_and_what_it_rests_on() -> None:
    for rule in bundled_rules():
        assert rule.status is RuleStatus.PROVISIONAL
        assert not rule.official_text_available
        assert rule.based_on is not None
        assert "GB/T 24067-2024" in rule.based_on.en
        documents = {c.document for c in rule.citations}
        assert {"GB/T 24067-2024", "ISO 14067:2018"} <= documents


def test_the_battery_rules_cite_the_eu_regulation_for_their_energy_unit() -> None:
    for rule in bundled_rules():
        if "li-ion" in rule.code:
            assert rule.unit.dimensions == ("energy",)
            assert rule.unit.unit == "kWh"
            assert any("2023/1542" in c.document for c in rule.citations)


def test_default_factors_are_keys_of_the_bundled_factor_library() -> None:
    keys = {r.key for r in load_library().records}
    for rule in bundled_rules():
        assert rule.default_factors
        assert {f.key for f in rule.default_factors} <= keys, rule.code


def test_the_content_hash_is_sha256_of_the_canonical_json() -> None:
    import hashlib

    # independent: hashlib over the text written by hand for a tiny content
    assert content_hash({"b": 1, "a": "水"}) == hashlib.sha256(
        '{"a":"水","b":1}'.encode()).hexdigest()
    rule = bundled_rules()[0]
    assert rule_hash(rule) == content_hash(to_content(rule))
    assert rule_hash(replace(rule, version="1.1")) != rule_hash(rule)


def test_versions_order_by_their_numbers() -> None:
    assert sorted(["1.10", "1.9", "2.0", "1.0"], key=version_key) == ["1.0", "1.9", "1.10",
                                                                       "2.0"]


def test_the_latest_release_on_a_day_ignores_later_and_withdrawn_ones() -> None:
    v1 = bundled_rules()[15]
    v2 = replace(v1, version="1.1", released_on=date(2027, 3, 1))
    v3 = replace(v1, version="2.0", released_on=date(2027, 6, 1), status=RuleStatus.WITHDRAWN)
    rules = [v2, v1, v3]
    assert latest(rules, v1.code, date(2027, 1, 1)) == v1
    assert latest(rules, v1.code, date(2027, 7, 1)) == v2
    assert resolve(rules, ProductRuleRef(v1.code, "2.0"), date(2027, 7, 1)) == v3
    assert resolve(rules, ProductRuleRef("no-such-rule"), date(2027, 7, 1)) is None
