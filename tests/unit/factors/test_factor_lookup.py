"""Finding factors: by id, key (geography fallback, nearest year), text and category."""

from __future__ import annotations

import pytest

from carbonlabel.adapters.factors.library import load_library
from carbonlabel.domain.factors import (
    FactorCatalog,
    FactorRecord,
    FactorSet,
)
from carbonlabel.domain.geography import GRID_REGIONS, PROVINCES, canonical, fallback_chain
from carbonlabel.domain.ghg import GasCategory
from carbonlabel.domain.model import EmissionFactor, FactorGas
from carbonlabel.domain.product import Text
from carbonlabel.errors import NotFoundError


def rec(fid: str, key: str, geography: str, year: int, co2: float = 1.0,
        set_name: str = "carbonlabel-library") -> FactorRecord:
    factor = EmissionFactor(id=fid, name=Text(zh=f"因子 {fid}", en=f"factor {fid}"), unit="kWh",
                            gases=(FactorGas("CO2", GasCategory.FOSSIL, co2),))
    return FactorRecord(factor=factor, key=key, category="electricity/grid-co2",
                        geography=geography, year=year, set_name=set_name, set_version="t1")


def catalog(*records: FactorRecord, user: tuple[FactorRecord, ...] = ()) -> FactorCatalog:
    lib = FactorSet("carbonlabel-library", "t1", records, kind="library")
    sets = [FactorSet("mine", "v1", user)] if user else []
    return FactorCatalog(lib, sets)


GRID = (rec("g.GLO", "g", "GLO", 2020), rec("g.CN.2021", "g", "CN", 2021),
        rec("g.CN.2023", "g", "CN", 2023), rec("g.East.2022", "g", "CN-East", 2022),
        rec("g.JS.2022", "g", "CN-JS", 2022))


@pytest.mark.parametrize(("geography", "chain"), [
    ("CN-JS", ("CN-JS", "CN-East", "CN", "GLO")),
    ("江苏", ("CN-JS", "CN-East", "CN", "GLO")),
    ("jiangsu", ("CN-JS", "CN-East", "CN", "GLO")),
    ("四川省", ("CN-SC", "CN-Southwest", "CN", "GLO")),
    ("内蒙古自治区", ("CN-NM", "CN-North", "CN", "GLO")),  # 蒙西 grid; documented
    ("华东", ("CN-East", "CN", "GLO")),
    ("South China", ("CN-South", "CN", "GLO")),
    ("CN-HK", ("CN-HK", "CN", "GLO")),
    ("中国", ("CN", "GLO")),
    ("UK", ("GB", "GLO")),
    ("DE", ("DE", "GLO")),
    ("GLO", ("GLO",)),
])
def test_fallback_chain_runs_province_region_country_global(geography: str,
                                                            chain: tuple[str, ...]) -> None:
    assert fallback_chain(geography) == chain


def test_every_mainland_province_belongs_to_one_of_the_seven_grid_regions() -> None:
    regions = {r.code for r in GRID_REGIONS}
    mainland = {c: p for c, p in PROVINCES.items() if c not in ("CN-HK", "CN-MO", "CN-TW")}
    assert len(mainland) == 31
    assert all(p[2] in regions for p in mainland.values())
    assert {p[2] for p in mainland.values()} == regions
    assert canonical("华北 North China") == "CN-North"


@pytest.mark.parametrize(("geography", "year", "expected", "fallback"), [
    ("CN-JS", 2022, "g.JS.2022", ()),  # the province itself
    ("CN-ZJ", 2022, "g.East.2022", ("CN-ZJ",)),  # province without data -> its grid region
    ("CN-GD", 2023, "g.CN.2023", ("CN-GD", "CN-South")),  # region without data -> CN
    ("GB", 2023, "g.GLO", ("GB",)),  # outside China -> GLO
    ("CN-JS", 2030, "g.CN.2023", ("CN-JS", "CN-East")),  # the nearest year first
])
def test_key_resolves_by_nearest_year_then_most_specific_geography(
        geography: str, year: int, expected: str, fallback: tuple[str, ...]) -> None:
    record, res = catalog(*GRID).resolve("g", geography, year)
    assert record.id == expected
    assert res.by_key
    assert res.fallback == fallback
    assert res.geography_used == record.geography
    assert res.year_used == record.year
    assert res.year_requested == year


@pytest.mark.parametrize(("year", "expected"), [
    (2024, "g.CN.2023"),  # nearest
    (2020, "g.CN.2021"),
    (2022, "g.CN.2023"),  # tie between 2021 and 2023: the later (newer data) wins
    (None, "g.CN.2023"),  # no year asked: the most recent
])
def test_nearest_year_with_ties_to_the_later_year(year: int | None, expected: str) -> None:
    record, res = catalog(*GRID).resolve("g", "CN", year)
    assert record.id == expected
    assert ("nearest to" in res.note.en) == (year is not None and year != record.year)


def test_resolution_note_names_the_fallback_and_year_in_both_languages() -> None:
    _, res = catalog(*GRID).resolve("g", "CN-ZJ", 2022)
    assert "fell back CN-ZJ → CN-East" in res.note.en
    assert "已回退" in res.note.zh
    _, res = catalog(*GRID).resolve("g", "CN-ZJ", 2024)
    assert "fell back CN-ZJ → CN-East → CN" in res.note.en
    assert "year 2023 (nearest to 2024)" in res.note.en
    assert "CN-East has only 2022" in res.note.en
    assert "CN-East 仅有 2022" in res.note.zh


def test_newer_regional_figure_beats_an_older_provincial_one() -> None:
    """One rule: the year nearest the reference year first, then the most specific geography
    with a figure for that year. Hebei: provincial 0.7252 (2022), North China 0.6361 (2023)."""
    cat = FactorCatalog(load_library())
    hebei, res = cat.resolve("cn.grid.co2.average", "CN-HE", 2023)
    assert hebei.id == "cn.grid.co2.average.CN-North.2023"
    assert hebei.factor.gases[0].amount == 0.6361
    assert res.fallback == ("CN-HE",)
    older, _ = cat.resolve("cn.grid.co2.average", "CN-HE", 2022)
    assert (older.id, older.factor.gases[0].amount) == ("cn.grid.co2.average.CN-HE.2022", 0.7252)


def test_exact_id_is_taken_as_is_whatever_the_geography() -> None:
    record, res = catalog(*GRID).resolve("g.GLO", "CN-JS", 2023)
    assert record.id == "g.GLO"
    assert not res.by_key
    assert res.fallback == ()


def test_unknown_reference_and_key_without_data_are_not_found() -> None:
    cat = catalog(rec("uk.x.2025", "uk.x", "GB", 2025))
    with pytest.raises(NotFoundError, match=r"did you mean uk\.x"):
        cat.resolve("uk.y", "CN", 2024)
    with pytest.raises(NotFoundError, match=r"no data for CN .*it has: GB 2025"):
        cat.resolve("uk.x", "CN", 2024)
    with pytest.raises(NotFoundError):
        cat.require("nope")


def test_user_set_overrides_a_library_id() -> None:
    cat = catalog(*GRID, user=(rec("g.CN.2023", "g", "CN", 2023, co2=0.4, set_name="mine"),))
    record = cat.require("g.CN.2023")
    assert record.set_name == "mine"
    assert record.factor.gases[0].amount == 0.4
    assert len([r for r in cat.records() if r.id == "g.CN.2023"]) == 1


def test_user_set_rows_of_a_key_override_the_library_where_they_apply() -> None:
    cat = catalog(*GRID, user=(rec("my.CN", "g", "CN", 2024, set_name="mine"),))
    # the user's national row beats the library's province and region rows for that key
    assert cat.resolve("g", "CN-JS", 2022)[0].id == "my.CN"
    only_js = catalog(*GRID, user=(rec("my.JS", "g", "CN-JS", 2024, set_name="mine"),))
    assert only_js.resolve("g", "CN-JS", 2022)[0].id == "my.JS"
    # outside the user's rows (no CN-GD, CN-South, CN or GLO row): the library answers
    assert only_js.resolve("g", "CN-GD", 2023)[0].id == "g.CN.2023"


def test_library_grid_factor_for_jiangsu_2024_falls_back_to_east_china_2023() -> None:
    cat = FactorCatalog(load_library())
    record, res = cat.resolve("cn.grid.co2.average", "江苏", 2024)
    assert record.id == "cn.grid.co2.average.CN-East.2023"
    assert record.factor.gases[0].amount == 0.5500
    assert res.fallback == ("CN-JS",)


@pytest.mark.parametrize(("query", "expected"), [
    ("天然气", "uk.desnz.fuel.natural-gas.m3.2025"),
    ("natural gas", "uk.desnz.fuel.natural-gas.m3.2025"),
    ("NATURAL-GAS  m3", "uk.desnz.fuel.natural-gas.m3.2025"),
    ("naturalgas", "uk.desnz.fuel.natural-gas.m3.2025"),
    ("电网 华东 2023", "cn.grid.co2.average.CN-East.2023"),
    ("电力碳足迹", "cn.electricity.footprint.average.CN.2023"),
    ("光伏", "cn.electricity.footprint.pv.CN.2023"),
    ("container ship average", "uk.desnz.freight.cargo-ship.container-ship.average.2025"),
    ("集装箱船", "uk.desnz.freight.cargo-ship.container-ship.average.2025"),
    ("1_100_1004_1_2", "uk.desnz.fuel.natural-gas.m3.2025"),  # a DESNZ ID
])
def test_text_search_is_tolerant_of_language_case_spacing_and_punctuation(
        query: str, expected: str) -> None:
    ids = [r.id for r in FactorCatalog(load_library()).search(query)]
    assert expected in ids


def test_search_filters_by_category_prefix_and_applicable_geography() -> None:
    cat = FactorCatalog(load_library())
    sea = cat.by_category("transport/freight/sea")
    assert sea
    assert all(r.category == "transport/freight/sea" for r in sea)
    js = cat.search("grid", geography="CN-JS")
    assert {r.geography for r in js} == {"CN-East", "CN"}
    assert cat.search("no such thing at all") == []
    exact = cat.search("cn.grid.co2.fossil.CN.2022")
    assert exact[0].id == "cn.grid.co2.fossil.CN.2022"
