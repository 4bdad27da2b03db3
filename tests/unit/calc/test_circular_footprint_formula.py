"""The Circular Footprint Formula as coefficients on its E terms: hand-computed cases (recycled
content, recycling at end of life, energy recovery, all together, the battery variant), each
with the formula of Recommendation (EU) 2021/2279 Annex I §4.4.8 written out by hand:

    (1−R1)·Ev + R1·(A·Erecycled + (1−A)·Ev·Qsin/Qp) + (1−A)·R2·(ErecyclingEoL − E*v·Qsout/Qp)
    + (1−B)·R3·(EER − LHV·XER,heat·ESE,heat − LHV·XER,elec·ESE,elec) + (1−R2−R3)·ED
"""

from __future__ import annotations

import pytest

from carbonlabel.domain.circular_footprint import (
    CffMaterial,
    CffMethod,
    CffParameters,
    CffTerm,
    MaterialClass,
    coefficients,
    resolve,
)
from carbonlabel.domain.product import Quantity

T = CffTerm


def per_kg(coef: dict[CffTerm, float], e: dict[CffTerm, float]) -> float:
    return sum(coef[t] * e.get(t, 0.0) for t in CffTerm)


def material(method: CffMethod = CffMethod.PEF, cls: MaterialClass | None = None,
             **params: float) -> dict[CffTerm, float]:
    lhv = params.pop("lhv", 0.0)
    m = CffMaterial("m", CffParameters(lhv=Quantity(lhv, "MJ/kg") if lhv else None, **params),
                    material_class=cls)
    return coefficients(resolve(m, method), lhv)


def test_recycled_content_only_splits_the_virgin_burden_by_a_and_the_quality_ratio() -> None:
    # A = 0.2, R1 = 0.4, Qsin/Qp = 0.9, nothing recycled or recovered at end of life:
    # Ev:        (1 − 0.4) + 0.4·(1 − 0.2)·0.9 = 0.6 + 0.288 = 0.888
    # Erecycled: 0.4·0.2 = 0.08;  ED: 1 − 0 − 0 = 1
    c = material(a=0.2, r1=0.4, qs_in_qp=0.9)
    assert c[T.EV] == pytest.approx(0.888, rel=1e-12)
    assert c[T.E_RECYCLED] == pytest.approx(0.08, rel=1e-12)
    assert c[T.E_D] == pytest.approx(1.0, rel=1e-12)
    assert all(c[t] == 0.0 for t in (T.E_RECYCLING_EOL, T.EV_STAR, T.E_ER, T.E_SE_HEAT,
                                     T.E_SE_ELEC))
    # Ev = 8, Erecycled = 1.5, ED = 0.1 kg CO2e/kg:
    # 0.6·8 + 0.4·(0.2·1.5 + 0.8·8·0.9) + 1·0.1 = 4.8 + 0.4·(0.3 + 5.76) + 0.1 = 7.324
    assert per_kg(c, {T.EV: 8.0, T.E_RECYCLED: 1.5, T.E_D: 0.1}) == pytest.approx(
        7.324, rel=1e-12)


def test_recycling_at_end_of_life_credits_the_substituted_virgin_material() -> None:
    # A = 0.5, R2 = 0.7, Qsout/Qp = 0.8 (R1 = 0): Ev 1; ErecyclingEoL (1 − 0.5)·0.7 = 0.35;
    # E*v −0.35·0.8 = −0.28; ED 1 − 0.7 = 0.3
    c = material(a=0.5, r2=0.7, qs_out_qp=0.8)
    assert (c[T.EV], c[T.E_RECYCLING_EOL], c[T.EV_STAR], c[T.E_D]) == pytest.approx(
        (1.0, 0.35, -0.28, 0.3), rel=1e-12)
    # Ev = E*v = 8, ErecyclingEoL = 0.6, ED = 0.1:
    # 8 + 0.5·0.7·(0.6 − 8·0.8) + 0.3·0.1 = 8 + 0.35·(−5.8) + 0.03 = 8 − 2.03 + 0.03 = 6.0
    e = {T.EV: 8.0, T.E_RECYCLING_EOL: 0.6, T.EV_STAR: 8.0, T.E_D: 0.1}
    assert per_kg(c, e) == pytest.approx(6.0, rel=1e-12)


def test_energy_recovery_credits_heat_and_electricity_by_lhv_and_efficiency() -> None:
    # A = 0.5, R3 = 0.6, B = 0, LHV = 30 MJ/kg, XER,heat = 0.2, XER,elec = 0.1:
    # EER 0.6; ESE,heat −0.6·30·0.2 = −3.6 MJ/kg; ESE,elec −0.6·30·0.1 = −1.8 MJ/kg; ED 0.4
    c = material(a=0.5, r3=0.6, lhv=30.0, x_er_heat=0.2, x_er_elec=0.1)
    assert (c[T.E_ER], c[T.E_SE_HEAT], c[T.E_SE_ELEC], c[T.E_D]) == pytest.approx(
        (0.6, -3.6, -1.8, 0.4), rel=1e-12)
    # Ev = 2, EER = 2.5 per kg, ESE,heat = 0.07 and ESE,elec = 0.15 per MJ, ED = 0.1:
    # 2 + 0.6·(2.5 − 30·0.2·0.07 − 30·0.1·0.15) + 0.4·0.1 = 2 + 0.6·(2.5 − 0.42 − 0.45) + 0.04
    # = 2 + 0.978 + 0.04 = 3.018
    e = {T.EV: 2.0, T.E_ER: 2.5, T.E_SE_HEAT: 0.07, T.E_SE_ELEC: 0.15, T.E_D: 0.1}
    assert per_kg(c, e) == pytest.approx(3.018, rel=1e-12)


def test_all_terms_together_match_the_formula_written_out() -> None:
    # A 0.2, B 0.1, R1 0.3, R2 0.5, R3 0.2, Qsin/Qp 1, Qsout/Qp 0.9, LHV 20, X 0.3 / 0.25
    c = material(a=0.2, b=0.1, r1=0.3, r2=0.5, r3=0.2, qs_in_qp=1.0, qs_out_qp=0.9, lhv=20.0,
                 x_er_heat=0.3, x_er_elec=0.25)
    # Ev 0.7 + 0.3·0.8·1 = 0.94; Erecycled 0.3·0.2 = 0.06; ErecyclingEoL 0.8·0.5 = 0.4;
    # E*v −0.4·0.9 = −0.36; EER 0.9·0.2 = 0.18; ESE,heat −0.18·20·0.3 = −1.08;
    # ESE,elec −0.18·20·0.25 = −0.9; ED 1 − 0.5 − 0.2 = 0.3
    assert [c[t] for t in CffTerm] == pytest.approx(
        [0.94, 0.06, 0.4, -0.36, 0.18, -1.08, -0.9, 0.3], rel=1e-12)
    e = {T.EV: 10.0, T.E_RECYCLED: 2.0, T.E_RECYCLING_EOL: 1.2, T.EV_STAR: 9.0, T.E_ER: 0.8,
         T.E_SE_HEAT: 0.08, T.E_SE_ELEC: 0.6, T.E_D: 0.05}
    # material 0.7·10 + 0.3·(0.2·2 + 0.8·10·1) + 0.8·0.5·(1.2 − 9·0.9) = 7 + 2.52 − 2.76 = 6.76
    # energy   0.9·0.2·(0.8 − 20·0.3·0.08 − 20·0.25·0.6) = 0.18·(0.8 − 0.48 − 3) = −0.4824
    # disposal 0.3·0.05 = 0.015                      total 6.76 − 0.4824 + 0.015 = 6.2926
    assert per_kg(c, e) == pytest.approx(6.2926, rel=1e-12)


def test_battery_rules_take_a_from_the_material_class_and_qsin_qp_of_one() -> None:
    # battery, metal: A = 0.2 (JRC 2023), Qsin/Qp = 1 (battery-grade), R1 = 0.25, R2 = 0.9,
    # Qsout/Qp = 1: Ev 0.75 + 0.25·0.8·1 = 0.95; Erecycled 0.25·0.2 = 0.05;
    # ErecyclingEoL 0.8·0.9 = 0.72; E*v −0.72; ED 0.1
    c = material(CffMethod.BATTERY, MaterialClass.METAL, r1=0.25, r2=0.9, qs_out_qp=1.0)
    assert (c[T.EV], c[T.E_RECYCLED], c[T.E_RECYCLING_EOL], c[T.EV_STAR], c[T.E_D]) == (
        pytest.approx((0.95, 0.05, 0.72, -0.72, 0.1), rel=1e-12))
    # Ev = E*v = 12, Erecycled 3, ErecyclingEoL 2, ED 0.2:
    # 0.75·12 + 0.25·(0.2·3 + 0.8·12) + 0.8·0.9·(2 − 12) + 0.1·0.2 = 9 + 2.55 − 7.2 + 0.02
    e = {T.EV: 12.0, T.E_RECYCLED: 3.0, T.E_RECYCLING_EOL: 2.0, T.EV_STAR: 12.0, T.E_D: 0.2}
    assert per_kg(c, e) == pytest.approx(4.37, rel=1e-12)


def test_battery_plastic_takes_a_of_one_half() -> None:
    # plastic: A = 0.5; R1 = 0.2: Ev 0.8 + 0.2·0.5·1 = 0.9, Erecycled 0.2·0.5 = 0.1
    c = material(CffMethod.BATTERY, MaterialClass.PLASTIC, r1=0.2)
    assert (c[T.EV], c[T.E_RECYCLED]) == pytest.approx((0.9, 0.1), rel=1e-12)
