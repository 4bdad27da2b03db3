"""User factor sets: a value that is not finite, or beyond the bound of model numbers (1e15),
is refused naming file, column and row; nothing of the set is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.factors.user_sets import load_factor_set
from carbonlabel.errors import ModelValidationError
from tests.unit.factors.test_user_factor_sets import GOOD, write_csv


@pytest.mark.parametrize(("column", "value"), [
    ("co2_kg", "nan"), ("co2_kg", "inf"), ("co2_kg", "1e999"), ("co2_kg", "1e308"),
    ("other_gases", "SF6=nan"), ("other_gases", "SF6=inf"), ("other_gases", "SF6=1e308"),
    ("density", "1e999 kg/L"), ("density", "nan kg/L"),
])
def test_a_non_finite_or_overflowing_value_is_refused_naming_column_and_row(
        tmp_path: Path, column: str, value: str) -> None:
    path = write_csv(tmp_path / "acme.csv", [{**GOOD, column: value}])
    with pytest.raises(ModelValidationError) as caught:
        load_factor_set(path)
    (error,) = caught.value.errors
    assert error.field == f"acme.csv:{column}"
    assert error.line == 4  # two comment lines, the header, then this row
