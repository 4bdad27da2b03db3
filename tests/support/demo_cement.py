"""The bundled demo cement's footprint written out by hand (IPCC AR6 GWP100), to check the
engine and the README's library example against."""

from __future__ import annotations

CH4, N2O = 29.8, 273.0  # IPCC AR6 GWP100, fossil methane


def _wood() -> float:
    return 0.020 * (1335.71 + 43.43964)


def cement_total_by_hand() -> float:
    """kg CO2e per t of cement at the plant gate."""
    grid = 0.6205
    hgv = 0.10012 + 7.14286e-7 * CH4 + 5.62264e-6 * N2O
    rail = 0.02749 + 7.14286e-7 * CH4 + 1.05660e-6 * N2O
    diesel = 2.53763 + 1.03571e-5 * CH4 + 1.24151e-4 * N2O
    coal_kwh = 105 * 29.3076 / 3.6
    coal = coal_kwh * (0.33595 + 3.89286e-5 * CH4 + 9.0566e-6 * N2O)
    limestone = 1.5 * (0.5 * diesel + 1.5 * grid)
    clinker = 520 + coal + _wood() + 0.134 * 1000 * rail + (55 - 30) * grid + limestone
    gypsum = 0.05 * (7.79306 + 150 * hgv)
    slag = 0.15 * 80 * hgv
    return 0.80 * clinker + gypsum + slag + 38 * grid


def cement_biogenic_by_hand() -> float:
    """The biogenic emissions of the wood burnt in the kiln, per t of cement."""
    return 0.8 * _wood()
