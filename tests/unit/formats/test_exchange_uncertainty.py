"""The uncertainty of imported exchanges: read from EcoSpold 2 and openLCA JSON-LD, kept by
the store, and carried into the linked matrices' entries scaled like the amounts.

Hand values: a lognormal of median m and σ becomes, for an entry k·x, ``loc = ln|k·m|``,
``scale = σ``; a normal (μ, sd) becomes ``(k·μ, |k|·sd)``; bounds are multiplied by k.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import olca_schema as o
import pytest

from carbonlabel.adapters.factors.gwp import load_gwp_set
from carbonlabel.adapters.formats.ecospold2 import read_ecospold2
from carbonlabel.adapters.formats.olca_jsonld import read_olca_jsonld
from carbonlabel.adapters.inventory_store import _source_from_json, _source_to_json
from carbonlabel.calc.inventory.link import link_inventory
from carbonlabel.calc.uncertainty.distributions import Kind
from carbonlabel.calc.uncertainty.entries import MatrixEntries
from carbonlabel.domain.exchange_uncertainty import ExchangeUncertainty, central_95, off_centre
from carbonlabel.domain.inventory import AllocationOption, InventorySource
from carbonlabel.domain.uncertainty import DistributionKind
from tests.support.es2_uncertainty import write_es2
from tests.support.olca_fixtures import steel_entities, write_v1_folder, write_v2_zip


def _named(source: InventorySource, dataset: str, name: str) -> ExchangeUncertainty | None:
    ds = next(d for d in source.datasets if d.id == dataset or d.name == dataset)
    return next(e for e in ds.exchanges if e.name == name).uncertainty


def test_ecospold2_distributions_are_read_with_the_pedigree_variance(tmp_path: Path) -> None:
    source = read_ecospold2(write_es2(tmp_path / "es2"))
    co2 = _named(source, "power", "Carbon dioxide, fossil")
    assert co2 == ExchangeUncertainty(DistributionKind.LOGNORMAL, median=pytest.approx(0.5),
                                      sigma=pytest.approx(0.2))
    assert _named(source, "steel", "electricity") == ExchangeUncertainty(
        DistributionKind.NORMAL, mean=2.0, sd=pytest.approx(0.2))
    assert _named(source, "steel", "Methane, fossil") == ExchangeUncertainty(
        DistributionKind.TRIANGULAR, minimum=0.005, mode=0.01, maximum=0.02)
    assert _named(source, "steel", "Dinitrogen monoxide") == ExchangeUncertainty(
        DistributionKind.UNIFORM, minimum=0.0005, maximum=0.0015)
    assert _named(source, "power", "electricity") is None  # the reference stays fixed


def test_ecospold2_unusable_distributions_are_counted_and_the_amount_kept(
        tmp_path: Path) -> None:
    source = read_ecospold2(write_es2(tmp_path / "es2"))
    assert _named(source, "power", "Carbon monoxide, fossil") is None  # infinite variance
    assert _named(source, "steel", "water") is None  # beta: not read
    unusable = [i.detail for i in source.issues if i.kind == "uncertainty_unusable"]
    assert len(unusable) == 2
    assert any(d.startswith("1 ") and "beta" in d for d in unusable)
    assert source.metadata["uncertainty"] == "lognormal 1, normal 1, triangular 1, uniform 1"


def _with_uncertainty() -> list[Any]:
    """The steel fixture with: electricity input 2 kWh lognormal (geomMean 2, geomSd 1.2),
    CO2 1.8 kg normal (sd 0.1), CH4 triangular with its bounds reversed, CO lognormal with
    geomSd 0 (left out)."""
    entities = steel_entities()
    steel = next(e for e in entities if isinstance(e, o.Process) and e.name == "steel")
    t = o.UncertaintyType
    given = {
        "electricity": o.Uncertainty(distribution_type=t.LOG_NORMAL_DISTRIBUTION,
                                     geom_mean=2.0, geom_sd=1.2),
        "Carbon dioxide, fossil": o.Uncertainty(distribution_type=t.NORMAL_DISTRIBUTION,
                                                mean=1.8, sd=0.1),
        "Methane, biogenic": o.Uncertainty(distribution_type=t.TRIANGLE_DISTRIBUTION,
                                           minimum=0.002, mode=0.001, maximum=0.0005),
        "Carbon monoxide, fossil": o.Uncertainty(distribution_type=t.LOG_NORMAL_DISTRIBUTION,
                                                 geom_mean=0.01, geom_sd=0.0),
    }
    for ex in steel.exchanges or []:
        if ex.flow is not None and ex.flow.name in given:
            ex.uncertainty = given[ex.flow.name]
    return entities


@pytest.fixture(params=["1.x folder", "2.x zip"])
def jsonld(request: pytest.FixtureRequest, tmp_path: Path) -> InventorySource:
    if request.param == "2.x zip":
        write_v2_zip(tmp_path / "s.zip", _with_uncertainty())
        return read_olca_jsonld(tmp_path / "s.zip")
    write_v1_folder(tmp_path / "s", _with_uncertainty())
    return read_olca_jsonld(tmp_path / "s")


def test_jsonld_distributions_are_read_in_both_layouts(jsonld: InventorySource) -> None:
    assert _named(jsonld, "steel", "electricity") == ExchangeUncertainty(
        DistributionKind.LOGNORMAL, median=2.0, sigma=pytest.approx(math.log(1.2)))
    assert _named(jsonld, "steel", "Carbon dioxide, fossil") == ExchangeUncertainty(
        DistributionKind.NORMAL, mean=1.8, sd=0.1)
    assert _named(jsonld, "steel", "Methane, biogenic") == ExchangeUncertainty(
        DistributionKind.TRIANGULAR, minimum=0.0005, mode=0.001, maximum=0.002)  # swapped
    assert _named(jsonld, "steel", "Carbon monoxide, fossil") is None  # geomSd 0
    assert {i.kind for i in jsonld.issues} >= {"uncertainty_unusable",
                                               "uncertainty_bounds_swapped"}


def test_the_store_keeps_the_distributions(jsonld: InventorySource) -> None:
    again = _source_from_json(_source_to_json(jsonld))
    assert again.datasets == jsonld.datasets


def _entry(e: MatrixEntries, row: int, col: int) -> dict[str, float]:
    (k,) = np.flatnonzero((e.rows == row) & (e.cols == col))
    d = e.distributions
    return {"kind": int(d.kind[k]), "amount": float(e.sign[k] * d.amount[k]),
            "loc": float(d.loc[k]), "scale": float(d.scale[k]), "min": float(d.minimum[k]),
            "max": float(d.maximum[k])}


def test_linked_entries_carry_the_distributions_scaled_like_the_amounts(
        jsonld: InventorySource) -> None:
    linked = link_inventory(jsonld, AllocationOption.DATA, load_gwp_set("AR6"))
    db = linked.database
    a, b = db.technosphere_entries, db.biosphere_entries
    assert a is not None
    assert b is not None
    power = linked.reference_columns[next(d.id for d in jsonld.datasets
                                          if d.name == "electricity")]
    steel = linked.reference_columns[next(d.id for d in jsonld.datasets if d.name == "steel")]
    slag = db.process_ids.index(next(i for i in db.process_ids if "#" in i))
    # 2 kWh · 3.6 MJ/kWh · 0.9 (physical share of steel) = 6.48 MJ, an input: −6.48
    el = _entry(a, power, steel)
    assert el["kind"] == Kind.LOGNORMAL
    assert el["amount"] == pytest.approx(-6.48)
    assert (el["loc"], el["scale"]) == pytest.approx((math.log(6.48), math.log(1.2)))
    assert _entry(a, power, slag)["loc"] == pytest.approx(math.log(0.72))  # share 0.1
    assert _entry(a, steel, steel)["kind"] == Kind.FIXED  # the reference product
    co2 = _entry(b, db.flow_ids.index("CO2/fossil"), steel)
    assert (co2["kind"], co2["loc"], co2["scale"]) == (Kind.NORMAL, pytest.approx(1.62),
                                                      pytest.approx(0.09))
    ch4 = _entry(b, db.flow_ids.index("CH4/biogenic"), steel)
    assert (ch4["kind"], ch4["min"], ch4["loc"], ch4["max"]) == (
        Kind.TRIANGULAR, pytest.approx(0.00045), pytest.approx(0.0009), pytest.approx(0.0018))
    # the entries add up to the static matrices
    assert abs(a.matrix(db.technosphere.shape) - db.technosphere).max() == 0.0
    assert abs(b.matrix(db.biosphere.shape) - db.biosphere).max() == 0.0


def test_an_amount_outside_the_central_95_percent_of_its_distribution_is_noticed() -> None:
    # uniform 0 … 9.6841654008 (a USLCI exchange of 1.07e-6): 2.5 % at 0.24210413502
    wide = ExchangeUncertainty(DistributionKind.UNIFORM, minimum=0.0, maximum=9.6841654008)
    assert central_95(wide) == pytest.approx((0.24210413502, 9.44206126578))
    assert off_centre(wide, 1.07e-6)
    # triangular 0.005, 0.01, 0.02: F(mode) = 1/3, so 0.005 + √(0.025·0.015·0.005) and
    # 0.02 − √(0.025·0.015·0.01) = 0.0063693 and 0.0180635
    tri = ExchangeUncertainty(DistributionKind.TRIANGULAR, minimum=0.005, mode=0.01,
                              maximum=0.02)
    assert central_95(tri) == pytest.approx((0.00636931, 0.01806351), abs=1e-8)
    assert not off_centre(tri, 0.01)
    # lognormal of a negative median: the interval is ordered; normal: μ ∓ 1.959964 sd
    neg = ExchangeUncertainty(DistributionKind.LOGNORMAL, median=-2.0, sigma=math.log(1.2))
    assert central_95(neg) == pytest.approx((-2 * 1.2 ** 1.959964, -2 * 1.2 ** -1.959964))
    assert not off_centre(neg, -2.0)
    normal = ExchangeUncertainty(DistributionKind.NORMAL, mean=2.0, sd=0.2)
    assert off_centre(normal, 2.0 + 0.2 * 1.96 + 1e-6)
    assert not off_centre(normal, 2.0 + 0.2 * 1.95)
