"""Penalty records' rules: the template's 28 fields in order, the checks of a record (credit
code check character, amounts in 万元 as decimals, a fine needs its amount), the state table
(every pair), the publicity periods (hand-counted dates) and the warning-only refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from carbonlabel.domain.supervision.penalties import (
    TRANSITIONS,
    PartyKind,
    Penalty,
    PenaltyAction,
    PenaltyClass,
    PenaltyState,
    PublicityClass,
    add_months,
    apply,
    check_fields,
    check_publication_day,
    check_publishable,
    publicity_end,
)
from carbonlabel.domain.supervision.penalty_amounts import parse_amount
from carbonlabel.domain.supervision.penalty_rows import row, summary
from carbonlabel.domain.supervision.penalty_template import CODES, FIELDS, HEADERS
from carbonlabel.errors import InputError, WorkflowError
from tests.support.supervision_penalties import PARTY_CODE, fields


def test_the_template_has_28_fields_in_order_with_their_codes() -> None:
    assert [f.number for f in FIELDS] == list(range(1, 29))
    assert len(set(CODES)) == 28
    assert HEADERS[0] == "行政相对人名称"
    assert (HEADERS[11], CODES[11]) == ("行政处罚决定书文号", "CF_WSH")
    assert (HEADERS[17], CODES[17]) == ("罚款金额（万元）", "CF_NR_FK")
    assert (HEADERS[24], CODES[24]) == ("处罚机关统一社会信用代码", "CF_CFJGDM")
    assert CODES[-1] == "BZ"
    mandatory = {f.code for f in FIELDS if f.mandatory}
    assert mandatory == {"CF_XDR_MC", "CF_XDR_LB", "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ",
                         "CF_CFLB", "CF_NR", "CF_JDRQ", "CF_YXQ", "CF_CFJG", "CF_CFJGDM",
                         "CF_SJLY", "CF_SJLYDM"}


def test_a_credit_code_with_a_wrong_check_character_is_refused() -> None:
    wrong = PARTY_CODE[:17] + ("0" if PARTY_CODE[17] != "0" else "1")
    with pytest.raises(InputError) as bad:
        check_fields(fields(credit_code=wrong))
    assert bad.value.field == "credit_code"
    assert check_fields(fields(credit_code=PARTY_CODE.lower())).credit_code == PARTY_CODE


def test_an_organisation_needs_a_credit_code_and_a_natural_person_has_none() -> None:
    with pytest.raises(InputError) as missing:
        check_fields(fields(credit_code=""))
    assert missing.value.field == "credit_code"
    person = fields(party_kind=PartyKind.NATURAL_PERSON, credit_code="", id_type="身份证",
                    id_number="440301199001011234")
    assert check_fields(person).party_kind is PartyKind.NATURAL_PERSON


@pytest.mark.parametrize(("text", "expected"), [
    ("3", Decimal("3")), ("0.0001", Decimal("0.0001")), ("12.345678", Decimal("12.345678")),
    ("1,000.5", Decimal("1000.5")), ("", None)])
def test_amounts_are_exact_decimals_in_wan_yuan(text: str, expected: Decimal | None) -> None:
    assert parse_amount(text, "fine") == expected


@pytest.mark.parametrize("text", ["0.0000001", "-1", "abc", "NaN", "1e9"])
def test_amounts_with_more_than_6_places_or_negative_are_refused(text: str) -> None:
    with pytest.raises(InputError) as bad:
        parse_amount(text, "fine")
    assert bad.value.field == "fine"


def test_a_fine_class_needs_a_fine_amount_and_an_amount_needs_its_class() -> None:
    with pytest.raises(InputError) as no_amount:
        check_fields(fields(fine=None))
    assert no_amount.value.field == "fine"
    with pytest.raises(InputError) as no_class:
        check_fields(fields(classes=frozenset({PenaltyClass.CRITICISM})))
    assert no_class.value.field == "fine"


def test_a_serious_case_needs_a_restricting_class_and_its_end() -> None:
    stopped = frozenset({PenaltyClass.PRODUCTION_STOPPED})
    with pytest.raises(InputError) as no_end:
        check_fields(fields(classes=stopped, fine=None))
    assert no_end.value.field == "restriction_end"
    ok = check_fields(fields(classes=stopped, fine=None, restriction_end=date(2031, 1, 1)))
    assert ok.publicity_class is PublicityClass.SERIOUS
    with pytest.raises(InputError) as minor:
        check_fields(fields(classes=stopped, fine=None, restriction_end=date(2031, 1, 1),
                            publicity_class=PublicityClass.MINOR))
    assert minor.value.field == "publicity_class"


@pytest.mark.parametrize(("state", "action"), [
    (s, a) for s in PenaltyState for a in PenaltyAction])
def test_every_state_and_action_pair_follows_the_table(state: PenaltyState,
                                                       action: PenaltyAction) -> None:
    allowed = {
        (PenaltyState.DRAFT, PenaltyAction.EDIT): PenaltyState.DRAFT,
        (PenaltyState.DRAFT, PenaltyAction.REVIEW): PenaltyState.REVIEWED,
        (PenaltyState.DRAFT, PenaltyAction.WITHDRAW): PenaltyState.WITHDRAWN,
        (PenaltyState.REVIEWED, PenaltyAction.PUBLISH): PenaltyState.PUBLISHED,
        (PenaltyState.REVIEWED, PenaltyAction.WITHDRAW): PenaltyState.WITHDRAWN,
        (PenaltyState.PUBLISHED, PenaltyAction.EXPIRE): PenaltyState.EXPIRED,
        (PenaltyState.PUBLISHED, PenaltyAction.WITHDRAW): PenaltyState.WITHDRAWN,
        (PenaltyState.PUBLISHED, PenaltyAction.REPAIR): PenaltyState.REPAIRED,
    }
    if (state, action) in allowed:
        assert apply(state, action) is allowed[(state, action)]
    else:
        with pytest.raises(WorkflowError) as refused:
            apply(state, action)
        assert refused.value.rule == "penalty_transition"
    assert sum(len(v) for v in TRANSITIONS.values()) == len(allowed)


@pytest.mark.parametrize(("kind", "start", "restriction", "end"), [
    (PublicityClass.MINOR, date(2026, 11, 30), None, date(2027, 2, 28)),  # no 30 February
    (PublicityClass.MINOR, date(2026, 1, 15), None, date(2026, 4, 15)),
    (PublicityClass.ORDINARY, date(2028, 2, 29), None, date(2031, 2, 28)),
    (PublicityClass.ORDINARY, date(2026, 12, 7), None, date(2029, 12, 7)),
    (PublicityClass.SERIOUS, date(2026, 12, 7), date(2034, 6, 30), date(2034, 6, 30)),
    (PublicityClass.SERIOUS, date(2026, 12, 7), date(2027, 6, 30), date(2029, 12, 7)),
])
def test_the_publicity_period_follows_the_class(kind: PublicityClass, start: date,
                                                restriction: date | None, end: date) -> None:
    assert publicity_end(kind, start, restriction) == end


def test_add_months_crosses_the_year() -> None:
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)


def _penalty(**overrides: object) -> Penalty:
    f = check_fields(fields(**overrides))
    assert f.publicity_class is not None
    return Penalty("p1", "reg", PenaltyState.REVIEWED, f, f.publicity_class, "市场监管局",
                   "114400000000000000", "u1", datetime(2026, 11, 2, tzinfo=UTC), "u1")


def test_a_warning_only_record_is_refused_for_publication_unless_flagged() -> None:
    warning = frozenset({PenaltyClass.WARNING})
    with pytest.raises(WorkflowError) as refused:
        check_publishable(_penalty(classes=warning, fine=None))
    assert refused.value.rule == "warning_only"
    check_publishable(_penalty(classes=warning, fine=None, law_requires_publicity=True))
    check_publishable(_penalty(classes=warning | {PenaltyClass.FINE}))


def test_identity_documents_stay_out_of_published_rows() -> None:
    p = _penalty(party_kind=PartyKind.NATURAL_PERSON, credit_code="", id_type="身份证",
                 id_number="440301199001011234")
    assert "440301199001011234" not in row(p)
    assert "440301199001011234" in row(p, personal=True)
    assert "440301199001011234" not in summary(p).values()
    assert set(summary(replace(p))) == {"CF_XDR_MC", "CF_XDR_SHXYM", "CF_WSH", "CF_WFXW",
                                        "CF_NR", "CF_JDRQ", "CF_CFJG", "CF_GSJZQ"}


def test_dates_out_of_range_and_publicity_before_the_decision_are_refused() -> None:
    with pytest.raises(InputError) as far:
        check_fields(fields(valid_until=date(9999, 12, 31)))
    assert far.value.field == "valid_until"
    with pytest.raises(InputError) as early:
        check_publication_day(_penalty(), date(2026, 11, 1))  # decided on 2 November
    assert early.value.field == "on"
    check_publication_day(_penalty(), date(2026, 11, 2))
