"""The bundled GWP100 tables (IPCC AR6 by default, AR5 selectable); see data/SOURCES.md."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from carbonlabel.domain.ghg import GwpSet
from carbonlabel.errors import InputError

GWP_SETS = ("AR6", "AR5")
DEFAULT_GWP_SET = "AR6"


@lru_cache(maxsize=4)
def load_gwp_set(name: str = DEFAULT_GWP_SET) -> GwpSet:
    key = name.upper()
    if key not in GWP_SETS:
        raise InputError(field="gwp_set",
                         message_en=f"unknown GWP set '{name}', choose one of "
                                    f"{', '.join(GWP_SETS)}",
                         message_zh=f"未知的 GWP 集「{name}」，可选：{'、'.join(GWP_SETS)}")
    text = resources.files("carbonlabel.adapters.factors").joinpath("data/gwp100.csv").read_text(
        encoding="utf-8")
    col = key.lower()
    values: dict[str, float] = {}
    sources: set[str] = set()
    for row in csv.DictReader(io.StringIO(text)):
        if not row[col]:  # the gas has a GWP100 in the other assessment only
            continue
        values[row["gas"]] = float(row[col])
        # the tables cited; each row's note (compilation, commit, choice) stays in the CSV
        sources.add(row[f"{col}_source"].split(" (")[0])
    fossil = values.pop("CH4_fossil")
    non_fossil = values.pop("CH4_non_fossil")
    return GwpSet(name=key, values=values, methane_fossil=fossil, methane_non_fossil=non_fossil,
                  source="; ".join(sorted(sources)))
