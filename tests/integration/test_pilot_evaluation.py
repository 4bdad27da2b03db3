"""The pilot's effect evaluation on SQLite and PostgreSQL: on a seeded pilot every indicator
equals its formula recomputed here from the tables (plain SQL written for this test, plus hand
arithmetic), in the evaluation and in the text of its report PDF (zh and en); declared inputs
keep their history; weights are stored, printed and give an aggregate only when the
dimensions are weighted; only the responsible regulator changes anything."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision.evaluation import (
    Dimension,
    InputKind,
    WeightMethod,
    shown,
)
from carbonlabel.domain.supervision.evaluation_ecology import PENDING, Restated
from carbonlabel.domain.tenancy import Role
from carbonlabel.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from carbonlabel.services.supervision import evaluation
from tests.support.pilot_evaluation import SeededPilot, seed_evaluated_pilot
from tests.support.supervision import colleague, regulator

AS_OF = date(2026, 12, 31)
P_START, P_END = "2026-01-01", "2026-12-31"


@pytest.fixture
def seeded(make_uow: UowFactory) -> SeededPilot:
    return seed_evaluated_pilot(make_uow, regulator(make_uow, "CN-GD-440300", "sz@reg.example"))


def _scalar(make_uow: UowFactory, sql: str, **params: object) -> float:
    with make_uow() as uow:
        value = uow.session.execute(text(sql), params).scalar()
    return float(value or 0)


#: the pilot's certificates: case of category 16, holder within CN-GD-440300
PILOT_CERTS = """
    SELECT ce.* FROM certificates ce
    JOIN certification_cases ca ON ca.id = ce.case_id
    JOIN organisations o ON o.id = ce.holder_id
    WHERE ca.category = '16' AND (o.region = 'CN-GD-440300' OR o.region LIKE 'CN-GD-440300-%')
"""


def _from_tables(make_uow: UowFactory) -> dict[str, float]:
    """Each computed indicator of 2026 recomputed with SQL over the tables."""
    q = PILOT_CERTS
    n = {}
    n["certs"] = _scalar(make_uow, f"SELECT COUNT(*) FROM ({q}) c WHERE c.issued_on "
                                   f"BETWEEN '{P_START}' AND '{P_END}'")
    n["certs_prior"] = _scalar(make_uow, f"SELECT COUNT(*) FROM ({q}) c WHERE c.issued_on "
                                         "BETWEEN '2025-01-01' AND '2025-12-31'")
    n["holders"] = _scalar(make_uow, f"SELECT COUNT(DISTINCT c.holder_id) FROM ({q}) c WHERE "
                                     f"c.issued_on BETWEEN '{P_START}' AND '{P_END}'")
    n["holders_prior"] = _scalar(make_uow, f"SELECT COUNT(DISTINCT c.holder_id) FROM ({q}) c "
                                           "WHERE c.issued_on BETWEEN '2025-01-01' AND "
                                           "'2025-12-31'")
    n["sampled"] = _scalar(make_uow, f"SELECT COUNT(*) FROM spot_check_items i JOIN ({q}) c ON "
                                     "c.id = i.certificate_id WHERE i.state IN ('conforming', "
                                     "'awaiting_disposal', 'disposed')")
    n["bad"] = _scalar(make_uow, f"SELECT COUNT(*) FROM spot_check_items i JOIN ({q}) c ON "
                                 "c.id = i.certificate_id WHERE i.state IN "
                                 "('awaiting_disposal', 'disposed')")
    n["surv_due"] = _scalar(make_uow, f"SELECT COUNT(*) FROM surveillance_checks s JOIN ({q}) c"
                                      f" ON c.id = s.certificate_id WHERE s.due_on BETWEEN "
                                      f"'{P_START}' AND '{P_END}'")
    n["surv_on_time"] = _scalar(make_uow, f"SELECT COUNT(*) FROM surveillance_checks s JOIN "
                                          f"({q}) c ON c.id = s.certificate_id WHERE s.due_on "
                                          f"BETWEEN '{P_START}' AND '{P_END}' AND s.done_on "
                                          "IS NOT NULL AND s.done_on <= s.due_on")
    n["labels"] = _scalar(make_uow, f"SELECT COUNT(*) FROM labels l JOIN ({q}) c ON c.id = "
                                    f"l.certificate_id WHERE l.issued_on BETWEEN '{P_START}' "
                                    f"AND '{P_END}'")
    n["confirmed"] = _scalar(make_uow, f"SELECT COUNT(*) FROM supervision_cases s JOIN ({q}) c "
                                       "ON c.id = s.certificate_id WHERE s.conclusion = "
                                       "'confirmed'")
    n["in_force"] = _scalar(make_uow, f"SELECT COUNT(*) FROM ({q}) c WHERE c.issued_on <= "
                                      f"'{P_END}' AND c.expires_on >= '{P_START}'")
    n["scans"] = _scalar(make_uow, f"SELECT COUNT(*) FROM label_scans s JOIN ({q}) c ON "
                                   "c.number = s.claimed_number WHERE s.at >= "
                                   "'2026-01-01' AND s.at < '2027-01-01'")
    n["complaints"] = _scalar(make_uow, f"SELECT COUNT(*) FROM complaints p JOIN ({q}) c ON "
                                        "c.id = p.certificate_id")
    n["published"] = _scalar(make_uow, f"SELECT COUNT(*) FROM penalty_records p JOIN ({q}) c "
                                       "ON c.number = p.certificate_number WHERE "
                                       "p.published_at IS NOT NULL")
    return n


def _by_key(found: evaluation.Evaluation) -> dict[str, float | None]:
    return {i.key: i.value for i in found.indicators}


def expected_2026(n: dict[str, float]) -> dict[str, float]:
    """Each indicator of 2026 from the SQL counts ``n`` and hand arithmetic on the seed."""
    return {
        "certificates_issued": n["certs"],
        "certificates_growth": (n["certs"] - n["certs_prior"]) / n["certs_prior"],
        "enterprises_issued": n["holders"],
        "enterprises_growth": (n["holders"] - n["holders_prior"]) / n["holders_prior"],
        "products_issued": 5, "products_growth": (5 - 3) / 3,  # pa pb pa3 pd pe; pa pb pc
        "certification_effectiveness": 1 - n["bad"] / n["sampled"],
        "surveillance_punctuality": n["surv_on_time"] / n["surv_due"],
        # DQR of the 2026 footprints: a2 1.5, b2 2.0, a3 3.0, e1 4.0 (d1 unrated)
        "dqr_mean": (1.5 + 2.0 + 3.0 + 4.0) / 4,
        "dqr_p10": 1.5 + 0.3 * (2.0 - 1.5),  # type 7: h = (4 − 1) × 0.1
        "primary_data_share": (0.6 + 0.7 + 0.2 + 0.3) / 4,
        "findings_closed": 1 / 3,  # closed in 10 days yes, in 40 days no, still open
        "label_integrity": 1 - n["confirmed"] / n["labels"],
        "misuse_per_100": 100 * n["confirmed"] / n["in_force"],
        "output_share": 9000 / 36000,  # the corrected output value
        "export_value": 1200, "loans": 3, "loan_amount": 4500,
        "cost_per_product": 50 / n["certs"],
        "decision_days": (10 + 20 + 30 + 40 + 50) / 5,
        "scans": n["scans"],
        "training_participants": 260,
        "complaints_in_time": 1 / n["complaints"],  # in time; late; still open
        "penalties_published": n["published"],
        "summary_complete": 4 / 5,  # e1 has no label
        # the default restater: a1 → a2 same factors, 100 → 90; b1 → b2 pending
        "intensity_improvement": (100 - 90) / 100,
        "absolute_reduction": (100 - 90) * 20000 / 1000,  # t CO2e
        # comparable valid results 90 100 110 120 130 140 150 200: median (120 + 130) / 2
        "benchmark_position": (90 + 150 + 110 + 130 + 140) / 125 / 5,
    }


#: the indicators without data in the seed: missing, never zero
MISSING = ("metered_share", "sme_share", "renewable_share", "energy_use", "saved_energy_check",
           "comparison_visits",
           "product_declarations", "typical_cases", "procurement_wins", "chain_coverage",
           "plan_progress")


def test_every_indicator_equals_its_formula_over_the_tables(make_uow: UowFactory,
                                                            seeded: SeededPilot) -> None:
    n = _from_tables(make_uow)
    # the SQL counts agree with the seed's hand counts (tests/support/pilot_evaluation.py)
    assert (n["certs"], n["certs_prior"], n["holders"], n["holders_prior"]) == (5, 3, 4, 3)
    assert (n["sampled"], n["bad"], n["surv_due"], n["surv_on_time"]) == (3, 1, 3, 1)
    assert (n["labels"], n["confirmed"], n["in_force"], n["scans"]) == (4, 1, 8, 5)
    assert (n["complaints"], n["published"]) == (3, 1)
    with make_uow() as uow:
        found = evaluation.evaluate(uow, seeded.regulator, seeded.pilot_id, 2026, AS_OF)
    v = _by_key(found)
    for key, value in expected_2026(n).items():
        assert v[key] == pytest.approx(value), key
    by_key = {i.key: i for i in found.indicators}
    assert PENDING in by_key["intensity_improvement"].missing
    for key in MISSING:
        assert v[key] is None, key
        assert by_key[key].missing, key
    assert set(v) == set(expected_2026(n)) | set(MISSING) | {"supporting_enterprises"}
    assert v["supporting_enterprises"] == 0  # no participant is registered


def fake_restater(restated: dict[str, tuple[float, float, float]]) -> evaluation.Restater:
    def restate(uow: object, baseline_id: str, current_id: str) -> Restated | None:
        found = restated.get(baseline_id)
        return Restated(*found) if found else None
    return restate  # type: ignore[return-value]


def test_the_baseline_is_restated_with_current_factors_before_the_reduction(
        make_uow: UowFactory, seeded: SeededPilot) -> None:
    restater = fake_restater({seeded.footprints["a1"]: (100.0, 100.0, 90.0),
                              seeded.footprints["b1"]: (200.0, 180.0, 150.0)})
    with make_uow() as uow:
        found = evaluation.evaluate(uow, seeded.regulator, seeded.pilot_id, 2026, AS_OF,
                                    restater)
    v = _by_key(found)
    # b2: (180 − 150) ÷ 180, not (200 − 150) ÷ 200: the factor change is not a reduction
    assert v["intensity_improvement"] == pytest.approx((0.10 + 30 / 180) / 2)
    assert v["absolute_reduction"] == pytest.approx((10 * 20000 + 30 * 10000) / 1000)


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_prints_the_figures_of_the_formulas(make_uow: UowFactory,
                                                       seeded: SeededPilot, lang: str) -> None:
    with make_uow() as uow:
        found, pdf = evaluation.report(uow, seeded.regulator, seeded.pilot_id, 2026, AS_OF,
                                       lang)
    words = _pdf_text(pdf).replace("\n", " ")
    solid = "".join(words.split())  # table cells wrap: compared without spaces
    units = {i.key: i.unit for i in found.indicators}
    for key, value in expected_2026(_from_tables(make_uow)).items():
        assert "".join(shown(value, units[key]).split()) in solid, key
    for figure in ("66.67 %", "2.625 DQR", "1.65 DQR", "12.5 per 100", "200 t CO2e"):
        assert "".join(figure.split()) in solid, figure
    title = "试点效果评估报告" if lang == "zh" else "Pilot effect evaluation report"
    assert title in words
    # every indicator is printed with its formula and its missing flags
    for i in found.indicators:
        assert "".join(i.formula.split()) in solid, i.key
    flags = (("平台无此数据", "基准值待按现行因子重算", "未申报") if lang == "zh" else
             ("the platform holds no such data", "baseline restatement with the current "
              "factors pending", "not declared"))
    for flag in flags:
        assert "".join(flag.split()) in solid, flag
    # the corrected declaration stays in the history
    assert "8,000" in words
    assert "9,000" in words
    no_aggregate = "不给出综合得分" if lang == "zh" else "no aggregate is given"
    assert no_aggregate in words


def test_weights_are_stored_and_an_aggregate_appears_only_with_dimension_weights(
        make_uow: UowFactory, seeded: SeededPilot) -> None:
    with make_uow() as uow:
        before = evaluation.evaluate(uow, seeded.regulator, seeded.pilot_id, 2026, AS_OF)
    assert before.aggregate is None
    subs = {s.dimension: s.score for s in before.sub_scores}
    # equal weights: quality = mean of 2/3, 1/3, (5 − 2.625)/4, 0.45, 1/3, 0.75 (metered: gap)
    assert subs[Dimension.QUALITY] == pytest.approx(
        (2 / 3 + 1 / 3 + (5 - 2.625) / 4 + 0.45 + 1 / 3 + 0.75) / 6)
    assert subs[Dimension.ECONOMIC] == pytest.approx(0.25)
    assert subs[Dimension.SOCIAL] == pytest.approx((1 / 3 + 0.8) / 2)
    assert subs[Dimension.ECOLOGICAL] == pytest.approx(0.10)
    with make_uow(write=True) as uow:
        evaluation.set_weights(uow, seeded.regulator, seeded.pilot_id, WeightMethod.AHP,
                               {"certification_effectiveness": 3.0},
                               {Dimension.QUALITY: 0.4, Dimension.ECONOMIC: 0.2,
                                Dimension.SOCIAL: 0.2, Dimension.ECOLOGICAL: 0.2}, "专家组")
    with make_uow() as uow:
        after, pdf = evaluation.report(uow, seeded.regulator, seeded.pilot_id, 2026, AS_OF,
                                       "en")
    q = (3 * 2 / 3 + 1 / 3 + (5 - 2.625) / 4 + 0.45 + 1 / 3 + 0.75) / 8
    subs = {s.dimension: s.score for s in after.sub_scores}
    assert subs[Dimension.QUALITY] == pytest.approx(q)
    expected = 0.4 * q + 0.2 * 0.25 + 0.2 * (1 / 3 + 0.8) / 2 + 0.2 * 0.10
    assert after.aggregate == pytest.approx(expected)
    words = _pdf_text(pdf)
    assert "AHP" in words
    assert shown(expected, "") in words
    with make_uow() as uow:
        logged = uow.session.execute(text(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'pilot_evaluation.weights_set'"
        )).scalar()
    assert logged == 1


def test_corrections_keep_history_and_only_the_latest_version_is_corrected(
        make_uow: UowFactory, seeded: SeededPilot) -> None:
    with make_uow() as uow:
        history = evaluation.input_history(uow, seeded.regulator, seeded.pilot_id, 2026)
    outputs = [d for d in history if d.kind is InputKind.OUTPUT_VALUE]
    assert [d.value for d in outputs] == [8000, 9000]
    assert outputs[1].supersedes == outputs[0].id
    with make_uow(write=True) as uow, pytest.raises(ConflictError):
        evaluation.correct_input(uow, seeded.regulator, seeded.pilot_id, outputs[0].id,
                                 evaluation.InputData(2026, InputKind.OUTPUT_VALUE, 1, "x"))
    with make_uow(write=True) as uow:
        evaluation.withdraw_input(uow, seeded.regulator, seeded.pilot_id, outputs[1].id,
                                  "统计口径有误")
    with make_uow() as uow:
        found = evaluation.evaluate(uow, seeded.regulator, seeded.pilot_id, 2026, AS_OF)
        logged = uow.session.execute(text(
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'pilot_evaluation.input_%'"
        )).scalar()
    share = next(i for i in found.indicators if i.key == "output_share")
    assert share.value is None
    assert share.missing
    assert logged == 1 + 1 + 8 + 1  # declared, corrected, 8 more declared, withdrawn


def test_bad_inputs_are_refused_naming_the_field(make_uow: UowFactory,
                                                 seeded: SeededPilot) -> None:
    cases = [
        (evaluation.InputData(2026, InputKind.LOANS, 2.5, "ref"), "value"),
        (evaluation.InputData(2026, InputKind.EXPORT_VALUE, -1, "ref"), "value"),
        (evaluation.InputData(2026, InputKind.PRODUCTION_VOLUME, 10, "ref"), "subject"),
        (evaluation.InputData(2026, InputKind.PRODUCTION_VOLUME, 10, "ref", "CFP-nope"),
         "subject"),
        (evaluation.InputData(2030, InputKind.LOANS, 2, "ref"), "period"),
        (evaluation.InputData(2026, InputKind.LOANS, 2, "  "), "evidence"),
    ]
    for data, field in cases:
        with make_uow(write=True) as uow, pytest.raises(InputError) as refused:
            evaluation.declare_input(uow, seeded.regulator, seeded.pilot_id, data)
        assert refused.value.field == field, data


def test_only_the_responsible_regulator_changes_and_others_outside_see_nothing(
        make_uow: UowFactory, seeded: SeededPilot) -> None:
    national = regulator(make_uow, "CN", "cn@reg.example")
    jiangsu = regulator(make_uow, "CN-JS", "js@reg.example")
    viewer = colleague(make_uow, seeded.regulator, "viewer@reg.example", Role.VIEWER)
    with make_uow() as uow:
        above = evaluation.evaluate(uow, national, seeded.pilot_id, 2026, AS_OF)
        evaluation.evaluate(uow, viewer, seeded.pilot_id, 2026, AS_OF)
    assert len(above.indicators) > 30
    data = evaluation.InputData(2026, InputKind.LOANS, 2, "ref")
    for who, error in ((national, PermissionDeniedError), (viewer, PermissionDeniedError),
                       (jiangsu, NotFoundError)):
        with make_uow(write=True) as uow, pytest.raises(error):
            evaluation.declare_input(uow, who, seeded.pilot_id, data)
    with make_uow() as uow, pytest.raises(NotFoundError):
        evaluation.evaluate(uow, jiangsu, seeded.pilot_id, 2026, AS_OF)
