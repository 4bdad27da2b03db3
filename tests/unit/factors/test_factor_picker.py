"""The editor's factor picker ranks hand-made factors for a model's geography and year: the
exact region first, then the national figure, then the global one; within one geography the
newest year first (or, with a year, the nearest); factors that do not apply there are left
out."""

from __future__ import annotations

from carbonlabel.domain.factors import FactorCatalog, FactorRecord, FactorSet
from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.model import EmissionFactor, FactorGas
from carbonlabel.domain.product import Text
from carbonlabel.domain.quality import Source
from carbonlabel.services.quantify.factor_picker import search


def _row(geography: str, year: int, key: str = "steam") -> FactorRecord:
    factor = EmissionFactor(f"{key}.{geography}.{year}", Text("蒸汽", "steam"), "t",
                            (FactorGas("CO2", GasCategory.FOSSIL, 1.0),),
                            source=Source(publisher="Hand", licence="CC0"))
    return FactorRecord(factor, key, "heat/steam", geography, year)


def _catalog(*rows: FactorRecord) -> FactorCatalog:
    return FactorCatalog(FactorSet("hand", "1", rows, kind="library"))


CATALOG = _catalog(_row("GLO", 2024), _row("CN", 2021), _row("CN-JS", 2020),
                   _row("CN", 2023), _row("CN-East", 2022), _row("GB", 2024),
                   _row("CN-JS", 2022))


def test_region_beats_national_beats_global_and_newer_comes_first() -> None:
    hits = search("steam", "CN-JS", catalog=CATALOG)
    assert [h.reference for h in hits] == [
        "steam.CN-JS.2022", "steam.CN-JS.2020",  # the province
        "steam.CN-East.2022",  # its grid region
        "steam.CN.2023", "steam.CN.2021",  # the nation
        "steam.GLO.2024"]  # the world; GB does not apply in Jiangsu
    assert [h.nearness for h in hits] == [0, 0, 1, 2, 2, 3]
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5, 6]


def test_with_a_year_the_nearest_year_comes_first_within_a_geography() -> None:
    hits = search("steam", "CN", 2021, catalog=CATALOG)
    assert [h.reference for h in hits] == ["steam.CN.2021", "steam.CN.2023", "steam.GLO.2024"]


def test_without_a_geography_every_factor_is_a_candidate() -> None:
    assert len(search("steam", catalog=CATALOG)) == 7
    assert search("no such words", "CN", catalog=CATALOG) == []
