"""EcoSpold 1 provider choice: the exchange's own ``location`` first, then the consumer's.

USLCI names ``Electricity, at grid`` with ``location="RNA"`` in datasets located in the US
and GLO, while grids in CN, RNA and US provide that same product name."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.formats.ecospold1 import read_ecospold1
from carbonlabel.domain.inventory import AllocationOption, InventorySource
from carbonlabel.services.quantify.inventory_import import calculate_imported
from tests.unit.formats.test_ecospold1_reader import ds1, es1, ex


def located(number: int, name: str, amount: float, unit: str, location: str) -> str:
    return (f'<exchange number="{number}" name="{name}" unit="{unit}" meanValue="{amount}" '
            f'location="{location}"><inputGroup>5</inputGroup></exchange>')


def grid(number: int, location: str, co2: float) -> str:
    return ds1(number, "Electricity, at grid", "kWh",
               ex(1, "Electricity, at grid", 1, "kWh", "out0"),
               ex(2, "Carbon dioxide, fossil", co2, "kg", "out4", "air", "unspecified",
                  "124-38-9"), location=location)


GRIDS = (grid(1, "CN", 0.2), grid(2, "RNA", 0.886), grid(3, "US", 0.679))


@pytest.fixture
def source(tmp_path: Path) -> InventorySource:
    consumers = (
        ds1(10, "Widget, at plant", "kg", ex(1, "Widget, at plant", 1, "kg", "out0"),
            located(2, "Electricity, at grid", 2.0, "kWh", "RNA"), location="US"),
        ds1(11, "Gadget, at plant", "kg", ex(1, "Gadget, at plant", 1, "kg", "out0"),
            located(2, "Electricity, at grid", 3.0, "kWh", "RNA"), location="GLO"),
        ds1(12, "Bolt, at plant", "kg", ex(1, "Bolt, at plant", 1, "kg", "out0"),
            ex(2, "Electricity, at grid", 5.0, "kWh", "in5"), location="US"),
    )
    path = tmp_path / "db.xml"
    path.write_text(es1(*GRIDS, *consumers), encoding="utf-8")
    return read_ecospold1(path)


def test_the_exchange_location_is_read(source: InventorySource) -> None:
    widget = next(d for d in source.datasets if d.id == "10")
    power = next(e for e in widget.exchanges if e.is_input)
    assert power.location == "RNA"


def test_an_exchange_naming_rna_links_the_rna_grid_not_the_consumers_us_grid(
        source: InventorySource) -> None:
    result = calculate_imported(source, ["10", "11", "12"], AllocationOption.DATA)
    scores = {s.id: s.score for s in result.scores}
    assert scores["10"] == pytest.approx(2.0 * 0.886, rel=1e-12)  # not 2 × 0.679
    # a GLO consumer does not fall through to the lowest id (the CN grid)
    assert scores["11"] == pytest.approx(3.0 * 0.886, rel=1e-12)  # not 3 × 0.2
    # without a location at the exchange the consumer's location still rules
    assert scores["12"] == pytest.approx(5.0 * 0.679, rel=1e-12)


def test_each_provider_choice_is_reported_with_its_rule_and_location(
        source: InventorySource) -> None:
    report = calculate_imported(source, None, AllocationOption.DATA).report
    seen = {(c.consumer_id, c.chosen_id, c.location, c.rule) for c in report.provider_choices}
    assert ("10", "2", "RNA", "exchange_location") in seen
    assert ("11", "2", "RNA", "exchange_location") in seen
    assert ("12", "3", "US", "same_location") in seen


def test_a_stored_import_keeps_the_exchange_location(tmp_path: Path) -> None:
    from carbonlabel.adapters.inventory_store import InventoryStore
    from carbonlabel.services.quantify.inventory_import import import_inventory

    consumer = ds1(10, "Widget, at plant", "kg", ex(1, "Widget, at plant", 1, "kg", "out0"),
                   located(2, "Electricity, at grid", 2.0, "kWh", "RNA"), location="US")
    path = tmp_path / "db.xml"
    path.write_text(es1(*GRIDS, consumer), encoding="utf-8")
    store = InventoryStore(tmp_path / "store")
    import_inventory(path, store, name="grids")
    loaded = store.load("grids")
    result = calculate_imported(loaded, ["10"], AllocationOption.DATA)
    assert result.scores[0].score == pytest.approx(2.0 * 0.886, rel=1e-12)
