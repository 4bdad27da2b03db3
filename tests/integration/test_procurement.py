"""Procurement rankings and criteria on SQLite and PostgreSQL: the hand-made cement category
ranked from the stored certificates (ties, exclusions with reasons, bands), criteria published
and withdrawn (audited, kept in the history, public), marks on the ranking, who may do what,
and the CLI's ranking as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.cli.app import app as cli
from carbonlabel.cli.app import main
from carbonlabel.domain.procurement import CriterionKind, CriterionState
from carbonlabel.domain.tenancy import Organisation, OrgKind, Role, User
from carbonlabel.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.accounts import users
from carbonlabel.services.procurement import criteria, ranking
from tests.support.procurement import (
    BOUNDARY,
    CEMENT,
    EXPECTED_BENCHMARK,
    EXPECTED_EXCLUDED,
    EXPECTED_RANKS,
    ON,
    RULE,
    UNIT,
    seed_category,
)
from tests.support.supervision_pilots import member


def agency(make_uow: UowFactory, name: str = "省政府采购中心") -> Organisation:
    with make_uow(write=True) as uow:
        org = users.create_organisation(uow, name, OrgKind.PROCUREMENT_AGENCY, "CN-GD")
        uow.commit()
    return org


def staff(make_uow: UowFactory, org: Organisation, role: Role = Role.ANALYST) -> User:
    with make_uow(write=True) as uow:
        user = member(uow, org, role)
        uow.commit()
    return user


def quartile(effective: date = date(2026, 3, 1)) -> criteria.CriterionInput:
    return criteria.CriterionInput("水泥采购：同类前 25 %", RULE, UNIT, BOUNDARY,
                                   CriterionKind.BEST_QUARTILE, None, effective)


def cement_query(**more: str) -> ranking.RankingQuery:
    return ranking.RankingQuery(category=CEMENT, declared_unit=UNIT, **more)


def test_the_category_is_ranked_from_the_stored_certificates_with_exclusions_and_reasons(
        make_uow: UowFactory) -> None:
    seed_category(make_uow)
    officer = staff(make_uow, agency(make_uow))
    with make_uow() as uow:
        view = ranking.ranking(uow, officer, cement_query(), ON)
    r = view.ranking
    assert r is not None
    assert r.key.text == f"{RULE} · {UNIT} · {BOUNDARY}"
    assert [(row.candidate.number, row.rank) for row in r.rows] == EXPECTED_RANKS
    b = r.benchmark
    assert (b.best5, b.q1, b.median, b.q3) == EXPECTED_BENCHMARK
    assert {c.number: reason.value for c, reason in r.excluded} == EXPECTED_EXCLUDED
    assert "CFP-N" not in view.listings  # another category: not a candidate at all
    assert view.listing("CFP-H").status == "expired"  # past its expiry on the day
    assert view.units == ["1 kg", "1 t"]
    # the holder and product shown are the registry's
    assert view.listing("CFP-B").holder == "企业 CFP-B"


def test_naming_a_rule_release_ranks_under_it_and_a_product_rule_alone_finds_its_certificates(
        make_uow: UowFactory) -> None:
    seed_category(make_uow)
    officer = staff(make_uow, agency(make_uow))
    with make_uow() as uow:
        v2 = ranking.ranking(uow, officer, cement_query(rule="PCR-CEMENT@2.0"), ON)
        by_rule = ranking.ranking(uow, officer, ranking.RankingQuery(
            rule="PCR-CEMENT", declared_unit=UNIT), ON)
        no_unit = ranking.ranking(uow, officer, ranking.RankingQuery(category=CEMENT), ON)
    assert v2.ranking is not None
    assert [row.candidate.number for row in v2.ranking.rows] == ["CFP-I"]
    assert by_rule.ranking is not None
    # by rule code: the other rules of the category (L, M) are no candidates
    assert set(by_rule.listings) == set(EXPECTED_EXCLUDED) - {"CFP-L", "CFP-M"} | {
        n for n, _ in EXPECTED_RANKS}
    assert no_unit.ranking is None
    assert no_unit.units == ["1 kg", "1 t"]


def test_a_published_criterion_marks_the_ranking_and_is_public_with_who_and_when(
        make_uow: UowFactory) -> None:
    seed_category(make_uow)
    org = agency(make_uow)
    officer = staff(make_uow, org)
    with make_uow(write=True) as uow:
        made = criteria.publish(uow, officer, quartile())
    with make_uow(write=True) as uow:
        criteria.publish(uow, officer, criteria.CriterionInput(
            "明年起：不高于 455", RULE, UNIT, BOUNDARY, CriterionKind.THRESHOLD, 455.0,
            date(2027, 1, 1)))  # pending on ON: not marked
    with make_uow() as uow:
        view = ranking.ranking(uow, officer, cement_query(), ON)
        public = criteria.published(uow)
        audit = [(r.action, r.actor_id, r.entity_id) for r in uow.audit.chain()[0]
                 if r.action.startswith("procurement.")]
    assert view.ranking is not None
    assert [c.id for c in view.ranking.criteria] == [made.id]
    # best quartile at or below 387.5 (by hand): B and C only
    assert {row.candidate.number: row.meets for row in view.ranking.rows} == {
        "CFP-B": (True,), "CFP-C": (True,), "CFP-A": (False,), "CFP-D": (False,),
        "CFP-E": (False,), "CFP-F": (False,)}
    assert [(p.criterion.title, p.agency) for p in public][-1] == ("水泥采购：同类前 25 %",
                                                                  "省政府采购中心")
    assert public[-1].criterion.published_by == officer.id
    assert ("procurement.criterion_published", officer.id, made.id) in audit


def test_withdrawing_keeps_the_criterion_in_the_history_and_stops_its_marks(
        make_uow: UowFactory) -> None:
    seed_category(make_uow)
    officer = staff(make_uow, agency(make_uow))
    with make_uow(write=True) as uow:
        made = criteria.publish(uow, officer, quartile())
    with make_uow(write=True) as uow:
        criteria.withdraw(uow, officer, made.id, "改用新准则 / replaced")
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        criteria.withdraw(uow, officer, made.id, "again")
    with make_uow() as uow:
        view = ranking.ranking(uow, officer, cement_query(), ON)
        (kept,) = criteria.published(uow)
        actions = [r.action for r in uow.audit.chain()[0] if r.action.startswith("procurement.")]
    assert view.ranking is not None
    assert view.ranking.criteria == ()
    assert kept.criterion.state(ON) is CriterionState.WITHDRAWN
    assert (kept.criterion.withdrawn_by, kept.criterion.withdrawal_reason) == (
        officer.id, "改用新准则 / replaced")
    assert actions == ["procurement.criterion_published", "procurement.criterion_withdrawn"]


def test_another_agencys_criterion_is_marked_only_when_named_and_cannot_be_withdrawn(
        make_uow: UowFactory) -> None:
    seed_category(make_uow)
    ours, theirs = staff(make_uow, agency(make_uow)), staff(make_uow, agency(make_uow, "市采购"))
    with make_uow(write=True) as uow:
        other = criteria.publish(uow, theirs, quartile())
    with make_uow() as uow:
        plain = ranking.ranking(uow, ours, cement_query(), ON)
        named = ranking.ranking(uow, ours, cement_query(criterion_id=other.id), ON)
    assert plain.ranking is not None
    assert plain.ranking.criteria == ()
    assert named.ranking is not None
    assert [c.id for c in named.ranking.criteria] == [other.id]
    with make_uow(write=True) as uow, pytest.raises(NotFoundError):
        criteria.withdraw(uow, ours, other.id, "not ours")


def test_only_procurement_staff_rank_and_only_publishing_roles_publish(
        make_uow: UowFactory) -> None:
    seed_category(make_uow)
    org = agency(make_uow)
    viewer = staff(make_uow, org, Role.VIEWER)
    with make_uow(write=True) as uow:
        company = users.create_organisation(uow, "企业", OrgKind.ENTERPRISE, "CN-GD")
        outsider = member(uow, company, Role.ADMIN)
        uow.commit()
    with make_uow() as uow:
        with pytest.raises(PermissionDeniedError) as refused:
            ranking.ranking(uow, outsider, cement_query(), ON)
        assert refused.value.field == "organisation"
        assert ranking.ranking(uow, viewer, cement_query(), ON).ranking is not None
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        criteria.publish(uow, viewer, quartile())
    with make_uow(write=True) as uow, pytest.raises(PermissionDeniedError):
        criteria.publish(uow, outsider, quartile())
    with make_uow() as uow:
        assert criteria.published(uow) == []  # nothing half-written


@pytest.mark.parametrize(("change", "field"), [
    ({"product_rule": "PCR-CEMENT"}, "product_rule"),
    ({"kind": CriterionKind.THRESHOLD}, "threshold"),
    ({"title": "  "}, "title"),
    ({"boundary": "cradle"}, "boundary"),
])
def test_bad_criterion_input_is_refused_naming_the_field(
        make_uow: UowFactory, change: dict[str, object], field: str) -> None:
    officer = staff(make_uow, agency(make_uow))
    data = {**quartile().__dict__, **change}
    with make_uow(write=True) as uow, pytest.raises(InputError) as refused:
        criteria.publish(uow, officer, criteria.CriterionInput(**data))  # type: ignore[arg-type]
    assert refused.value.field == field


def test_a_ranking_without_category_or_rule_is_refused(make_uow: UowFactory) -> None:
    officer = staff(make_uow, agency(make_uow))
    with make_uow() as uow, pytest.raises(InputError) as refused:
        ranking.ranking(uow, officer, ranking.RankingQuery(declared_unit=UNIT), ON)
    assert refused.value.field == "category"
    with make_uow() as uow, pytest.raises(InputError):
        ranking.ranking(uow, officer, ranking.RankingQuery(category="99"), ON)


def test_the_cli_prints_the_ranking_as_csv_with_the_excluded_and_their_reasons(
        make_uow: UowFactory, engine: Engine, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seed_category(make_uow)
    officer = staff(make_uow, agency(make_uow))
    monkeypatch.setattr("carbonlabel.cli.procurement._today", lambda: ON)
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(cli, [
        "procurement", "rank", "--category", CEMENT, "--unit", UNIT, "--format", "csv",
        "--lang", "en", "--user", officer.email, "--data-dir", str(tmp_path),
        "--database-url", url])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["比较口径 / Comparable key", "排名日期 / Ranking date", "排名 / Rank",
                          "证书编号 / Certificate"]
    ranked = [(r[3], r[2]) for r in body if r[2]]
    assert ranked == [(n, str(k)) for n, k in EXPECTED_RANKS]
    assert {r[3]: r[-1] for r in body if not r[2]} == {
        "CFP-G": "the certificate is not valid today", "CFP-H": "the certificate is not valid "
        "today", "CFP-I": "another release of the product rule",
        "CFP-J": "another declared unit", "CFP-K": "another system boundary",
        "CFP-L": "certified without a product rule", "CFP-M": "another product rule"}
    assert {r[0] for r in body} == {f"{RULE} · {UNIT} · {BOUNDARY}"}
    assert {r[1] for r in body} == {ON.isoformat()}
    table = CliRunner().invoke(cli, [
        "procurement", "rank", "--category", CEMENT, "--unit", UNIT, "--user", officer.email,
        "--data-dir", str(tmp_path), "--database-url", url])
    assert table.exit_code == 0, table.output
    assert "CFP-B" in table.stdout
    assert InputError.exit_code == main([
        "procurement", "rank", "--category", CEMENT, "--unit", "1 m3", "--user",
        officer.email, "--data-dir", str(tmp_path), "--database-url", url]) == 2


def test_the_demo_agency_is_made_once_and_its_officer_ranks(make_uow: UowFactory) -> None:
    from carbonlabel.services.procurement.demo import DEMO_AGENCY, seed_demo_agency

    for _ in range(2):
        with make_uow(write=True) as uow:
            assert seed_demo_agency(uow, "a long demo password") == [
                (DEMO_AGENCY, "buyer@procurement.demo", "analyst")]
    with make_uow() as uow:
        found = uow.users.by_email("buyer@procurement.demo")
        assert found is not None
        officer = found[0]
        assert ranking.ranking(uow, officer, cement_query(), ON).units == []
