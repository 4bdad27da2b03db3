#!/usr/bin/env python3
"""Build the bundled emission-factor library from the shared reference files.

    .venv/bin/python scripts/build_factor_library.py [--reference DIR] [--version 2026.1]

Reads ``china_electricity_factors.csv`` and ``desnz_ghg_conversion_factors_2025_flat.csv``
(default folder: ../shared/reference/factors beside the project), plus the figures published
since that file was compiled, kept in the same format under ``scripts/factor_sources/``
(``china_electricity_factors_2024.csv``: the 2024 national electricity carbon footprint
factor), and writes into
``src/carbonlabel/adapters/factors/data/``:

* ``factors-cn-electricity.csv``: China's grid CO2 factors and electricity carbon footprint
  factors, one row per figure, with its announcement, URL and verification state;
* ``factors-desnz-2025.csv``: DESNZ 2025 fuels and freight (tonne.km) as per-gas rows, material
  use and waste disposal as CO2e (AR5);
* ``library.json``: the manifest (library version, files, row counts, sha256 of the data and of
  the reference files).

Per-gas conversion: DESNZ gives "kg CO2e of CH4 per unit" with AR5 GWPs; the GWPs are read from
the same file (its "Kyoto protocol products" rows: methane 28, nitrous oxide 265), so
kg CH4 = value / 28 and kg N2O = value / 265. The published total must equal the sum of the
parts within 0.5 % (DESNZ rounds each figure), else the build stops.

A build whose data differ from the manifest's needs a new ``--version``. Every written row is
checked with the package's own row parser. Numbers are never typed in here: they are copied
from the reference files (or divided by the GWPs above).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import desnz_names as zh  # noqa: E402

from carbonlabel.adapters.factors.rows import COLUMNS, LIBRARY_REQUIRED, parse_row  # noqa: E402
from carbonlabel.domain.geography import GRID_REGIONS, PROVINCES  # noqa: E402

DATA = ROOT / "src" / "carbonlabel" / "adapters" / "factors" / "data"
CN_FILE = "china_electricity_factors.csv"
CN_SUPPLEMENTS = (Path(__file__).resolve().parent / "factor_sources"
                  / "china_electricity_factors_2024.csv",)
DESNZ_FILE = "desnz_ghg_conversion_factors_2025_flat.csv"
LIBRARY_NAME = "carbonlabel-library"

# -- China ---------------------------------------------------------------------------------

CN_PUBLISHERS = {
    "MEE & NBS": "生态环境部、国家统计局 / MEE & NBS",
    "MEE & NBS & NEA": "生态环境部、国家统计局、国家能源局 / MEE, NBS & NEA",
}
CN_LICENCE = ("中国政府公开数据（数值为事实，不主张著作权）；发布前请与 mee.gov.cn 原文核对 / "
              "Chinese government public data (figures, no copyright claimed); re-check against "
              "mee.gov.cn before release")

# factor_type -> key, category, name zh/en (formatted with geo and year), table zh/en, TeR
CN_TYPES: dict[str, tuple[str, str, str, str, str, int]] = {
    "national_average_co2": (
        "cn.grid.co2.average", "electricity/grid-co2",
        "全国电力平均二氧化碳排放因子（{year}）",
        "China national average electricity CO2 emission factor ({year})",
        "全国电力平均二氧化碳排放因子 / national average electricity CO2 emission factor", 3),
    "regional_average_co2": (
        "cn.grid.co2.average", "electricity/grid-co2",
        "{geo_zh}区域电力平均二氧化碳排放因子（{year}）",
        "{geo_en} regional average electricity CO2 emission factor ({year})",
        "区域电力平均二氧化碳排放因子 / regional average electricity CO2 emission factors", 3),
    "provincial_average_co2": (
        "cn.grid.co2.average", "electricity/grid-co2",
        "{geo_zh}省级电力平均二氧化碳排放因子（{year}）",
        "{geo_en} provincial average electricity CO2 emission factor ({year})",
        "省级电力平均二氧化碳排放因子 / provincial average electricity CO2 emission factors", 3),
    "national_average_excl_market_nonfossil_co2": (
        "cn.grid.co2.excl-market-nonfossil", "electricity/grid-co2",
        "全国电力平均二氧化碳排放因子（不包括市场化交易的非化石能源电量）（{year}）",
        "China national average electricity CO2 factor excluding market-traded non-fossil "
        "power ({year})",
        "全国电力平均二氧化碳排放因子（不包括市场化交易的非化石能源电量）/ national average "
        "excluding market-traded non-fossil power", 3),
    "national_fossil_co2": (
        "cn.grid.co2.fossil", "electricity/grid-co2",
        "全国化石能源电力二氧化碳排放因子（{year}）",
        "China national fossil-fuel power CO2 emission factor ({year})",
        "全国化石能源电力二氧化碳排放因子 / national fossil-fuel power CO2 factor", 3),
    "electricity_carbon_footprint_national_average": (
        "cn.electricity.footprint.average", "electricity/carbon-footprint",
        "全国电力平均碳足迹因子（{year}）",
        "China national average electricity carbon footprint factor ({year})",
        "全国电力平均碳足迹因子 / national average electricity carbon footprint factor", 1),
    "electricity_carbon_footprint_wind": (
        "cn.electricity.footprint.wind", "electricity/carbon-footprint",
        "风电碳足迹因子（{year}）", "Wind power carbon footprint factor, China ({year})",
        "分电源类型电力碳足迹因子：风电 / by generation type: wind", 2),
    "electricity_carbon_footprint_pv": (
        "cn.electricity.footprint.pv", "electricity/carbon-footprint",
        "光伏发电碳足迹因子（{year}）",
        "Photovoltaic power carbon footprint factor, China ({year})",
        "分电源类型电力碳足迹因子：光伏 / by generation type: photovoltaic", 2),
    "electricity_carbon_footprint_biomass": (
        "cn.electricity.footprint.biomass", "electricity/carbon-footprint",
        "生物质发电碳足迹因子（{year}）",
        "Biomass power carbon footprint factor, China ({year})",
        "分电源类型电力碳足迹因子：生物质 / by generation type: biomass", 2),
}


def _cn_geography(region: str) -> tuple[str, str, str, int]:
    """Code, zh, en and GeR (data-quality score) of a region as the file writes it."""
    if region == "China":
        return "CN", "全国", "China", 2
    name_zh = region.split()[0]
    for r in GRID_REGIONS:
        if r.zh == name_zh:
            return r.code, r.zh, r.en, 1
    for code, (pzh, pen, _) in PROVINCES.items():
        if pzh == name_zh:
            return code, pzh, pen, 1
    raise SystemExit(f"{CN_FILE}: unknown region {region!r}")


def _full_announcements(rows: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """Per (year, publisher) the most complete announcement text of the file (shorthand rows
    such as '2022 announcement' cite the same announcement)."""
    best: dict[tuple[str, str], str] = {}
    for r in rows:
        k = (r["year"], r["publisher"])
        if len(r["announcement"]) > len(best.get(k, "")):
            best[k] = r["announcement"]
    return best


def _pub_date(announcement: str) -> str:
    m = re.search(r"\((\d{4}-\d{2}-\d{2})\)", announcement)
    if m:
        return m.group(1)
    m = re.search(r"~(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* (\d{4})", announcement)
    if m:
        month = "JanFebMarAprMayJunJulAugSepOctNovDec".index(m.group(1)) // 3 + 1
        return f"{m.group(2)}-{month:02d}"
    raise SystemExit(f"{CN_FILE}: no date in announcement {announcement!r}")


def china_rows(path: Path, supplements: tuple[Path, ...] = CN_SUPPLEMENTS
               ) -> list[dict[str, str]]:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for extra in supplements:
        rows += list(csv.DictReader(extra.open(encoding="utf-8")))
    full = _full_announcements(rows)
    out = []
    for r in rows:
        if r["factor_type"] not in CN_TYPES:
            raise SystemExit(f"{CN_FILE}: unknown factor_type {r['factor_type']!r}")
        key, category, name_zh, name_en, table, ter = CN_TYPES[r["factor_type"]]
        geo, geo_zh, geo_en, ger = _cn_geography(r["region"])
        document = full[(r["year"], r["publisher"])]
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            id=f"{key}.{geo}.{r['year']}", key=key,
            name_zh=name_zh.format(geo_zh=geo_zh, year=r["year"]),
            name_en=name_en.format(geo_en=geo_en, year=r["year"]),
            category=category, geography=geo, year=r["year"], unit="kWh",
            publisher=CN_PUBLISHERS[r["publisher"]], document=document, table=table,
            publication_date=_pub_date(document), licence=CN_LICENCE,
            url=r["source_url_secondary"], source_ids=r["announcement"],
            ter=str(ter), ger=str(ger), tir="2", p="3")
        verification = f"核实状态 verification: {r['verification']}"
        if r["verification"].startswith("secondary press"):
            verification += " (value as quoted by the URL)"
        if r["unit"] == "kgCO2/kWh":
            row["scope"] = "co2-only"
            row["co2_kg"] = r["value"]
            row["note"] = ("仅二氧化碳、消费侧平均，非生命周期因子 / CO2 only, consumption-side "
                           f"average, not a life-cycle factor. {verification}")
        elif r["unit"] == "kgCO2e/kWh":
            row["scope"] = "life-cycle"
            row["co2e_kg"] = r["value"]
            scope = ("生命周期（含输配电）/ life cycle incl. T&D" if "average" in r["factor_type"]
                     else "发电类型因子；公告另给输配电因子（此处未收录）/ generation type; the "
                          "announcement gives T&D separately (not captured here)")
            row["note"] = (f"{scope}. 所用 GWP 集在已收录来源中未注明 / GWP set not stated in "
                           f"the captured source. {verification}")
        else:
            raise SystemExit(f"{CN_FILE}: unknown unit {r['unit']!r}")
        out.append(row)
    return out


# -- DESNZ ---------------------------------------------------------------------------------

DESNZ_PUBLISHER = ("英国能源安全与净零排放部 / UK Department for Energy Security and Net Zero "
                   "(DESNZ)")
DESNZ_DOCUMENT = ("UK Government GHG Conversion Factors for Company Reporting 2025, flat file "
                  "(version 1, final; produced by Ricardo Energy & Environment and Aether Ltd "
                  "for DESNZ)")
DESNZ_DATE = "2025-06-10"  # 'Updated' on the flat file's front page
DESNZ_URL = "https://www.gov.uk/government/publications/greenhouse-gas-reporting-conversion-factors-2025"
DESNZ_LICENCE = ("Open Government Licence v3.0. Contains public sector information licensed "
                 "under the Open Government Licence v3.0.")
TOTAL, CO2, CH4, N2O = ("kg CO2e", "kg CO2e of CO2 per unit", "kg CO2e of CH4 per unit",
                        "kg CO2e of N2O per unit")
# GeR/TeR for use in a Chinese PCF: UK data; fuel combustion chemistry transfers better than
# UK fleets or UK material supply chains. TiR 2, P 2 (official national publication).
DESNZ_DQ = {"fuels": ("2", "3"), "freight": ("3", "4"), "materials": ("3", "4"),
            "waste": ("3", "4")}
# Scope: fuels and freight are direct (combustion, tank-to-wheel) emissions, their well-to-tank
# upstream being a separate DESNZ table not bundled here; material use covers extraction to the
# finished good and waste disposal the disposal route: life-cycle figures.
DESNZ_SCOPE = {"fuels": "combustion", "freight": "combustion", "materials": "life-cycle",
               "waste": "life-cycle"}


def _slug(text: str) -> str:
    s = text.strip().lower().replace("&", "and").replace("%", "pc").replace("+", "plus")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _num(text: str) -> float:
    return float(text)


def _desnz_gwps(rows: list[dict[str, str]]) -> tuple[float, float]:
    gwp = {r["Level 3"]: r["GHG Conversion Factor 2025"] for r in rows
           if r["Level 2"] == "Kyoto protocol products" and r["UOM"] == "kg"
           and r["Column Text"] == "Emissions including only Kyoto products"}
    ch4, n2o = _num(gwp["Methane"]), _num(gwp["Nitrous oxide"])
    if (ch4, n2o) != (28.0, 265.0):
        raise SystemExit(f"DESNZ GWPs changed: CH4 {ch4}, N2O {n2o}; review the conversion")
    return ch4, n2o


def _base(r: dict[str, str], kind: str) -> dict[str, str]:
    ter, ger = DESNZ_DQ[kind]
    path = " > ".join(p.strip() for p in (r["Level 1"], r["Level 2"], r["Level 3"],
                                           r["Level 4"], r["Column Text"]) if p.strip())
    row = dict.fromkeys(COLUMNS, "")
    row.update(scope=DESNZ_SCOPE[kind], geography="GB", year="2025", publisher=DESNZ_PUBLISHER,
               document=DESNZ_DOCUMENT,
               table=f"Factors by Category: {path} ({r['UOM']})", publication_date=DESNZ_DATE,
               licence=DESNZ_LICENCE, url=DESNZ_URL, ter=ter, ger=ger, tir="2", p="2")
    return row


def _per_gas(row: dict[str, str], parts: dict[str, dict[str, str]], gwp: tuple[float, float],
             extra_note: str = "") -> None:
    total, co2, ch4e, n2oe = (_num(parts[k]["GHG Conversion Factor 2025"])
                              for k in (TOTAL, CO2, CH4, N2O))
    if abs(total - (co2 + ch4e + n2oe)) > 0.005 * abs(total):
        raise SystemExit(f"DESNZ {parts[TOTAL]['ID']}: total {total} != parts {co2 + ch4e + n2oe}")
    row.update(co2_kg=repr(co2), ch4_fossil_kg=repr(ch4e / gwp[0]), n2o_kg=repr(n2oe / gwp[1]),
               source_ids=";".join(parts[k]["ID"] for k in (TOTAL, CO2, CH4, N2O)))
    row["note"] = (f"DESNZ 以 AR5 给出 CO2e：合计 {total!r}，其中 CH4 {ch4e!r} ÷ {gwp[0]:g}、"
                   f"N2O {n2oe!r} ÷ {gwp[1]:g} 换算为千克气体 / DESNZ gives AR5 CO2e: total "
                   f"{total!r}; CH4 {ch4e!r} / {gwp[0]:g} and N2O {n2oe!r} / {gwp[1]:g} converted "
                   f"to kg of gas.{extra_note}")


def desnz_rows(path: Path) -> list[dict[str, str]]:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    gwp = _desnz_gwps(rows)
    groups: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    order: list[str] = []
    for r in rows:
        gid = r["ID"].rpartition("_")[0]
        if gid not in groups:
            order.append(gid)
        groups[gid][r["GHG/Unit"]] = r
    out = []
    for gid in order:
        parts = groups[gid]
        first = next(iter(parts.values()))
        level1 = first["Level 1"]
        complete = all(parts.get(k, {}).get("GHG Conversion Factor 2025") for k in
                       (TOTAL, CO2, CH4, N2O))
        if level1 == "Fuels" and complete:
            out.append(_fuel(first, parts, gwp))
        elif (level1 == "Freighting goods" and first["UOM"] == "tonne.km" and complete
              and first["Column Text"] != "With RF"):  # RF uplift is not a GHG: left out
            out.append(_freight(first, parts, gwp))
        elif level1 in ("Material use", "Waste disposal"):
            r = parts[TOTAL]
            if r["GHG Conversion Factor 2025"]:
                out.append(_material(r))
    return out


def _fuel(r: dict[str, str], parts: dict[str, dict[str, str]],
          gwp: tuple[float, float]) -> dict[str, str]:
    unit, unit_zh, unit_en, unit_slug = zh.FUEL_UNITS[r["UOM"]]
    category, group_zh = zh.FUEL_GROUPS[r["Level 2"]]
    key = f"uk.desnz.fuel.{_slug(r['Level 3'])}.{unit_slug}"
    row = _base(r, "fuels")
    row.update(id=f"{key}.2025", key=key, category=category, unit=unit,
               name_zh=f"{zh.FUELS[r['Level 3']]}燃烧（{group_zh}，{unit_zh}，英国 2025）",
               name_en=f"{r['Level 3']} combustion ({r['Level 2'].lower()}, per {unit_en}, "
                       "UK 2025)")
    blend = (" 生物燃料掺混部分的生物源 CO2 由 DESNZ 另列（范围外），不在此 / biogenic CO2 of "
             "the biofuel share is reported by DESNZ outside of scopes, not here."
             if "biofuel blend" in r["Level 3"] else "")
    _per_gas(row, parts, gwp, blend)
    return row


def _freight(r: dict[str, str], parts: dict[str, dict[str, str]],
             gwp: tuple[float, float]) -> dict[str, str]:
    category, mode_zh = zh.FREIGHT_MODES[r["Level 2"]]
    terms = [t.strip() for t in (r["Level 3"], r["Level 4"], r["Column Text"]) if t.strip()]
    key = "uk.desnz.freight." + ".".join(_slug(t) for t in (r["Level 2"], *terms))
    row = _base(r, "freight")
    terms_zh = "，".join(zh.FREIGHT_TERMS.get(t, t) for t in terms)
    row.update(id=f"{key}.2025", key=key, category=category, unit="tkm",
               name_zh=f"货物运输：{mode_zh}，{terms_zh}（每吨公里，英国 2025）",
               name_en=f"Freight: {r['Level 2']}, {', '.join(terms)} (per tonne.km, UK 2025)")
    _per_gas(row, parts, gwp)
    return row


def _material(r: dict[str, str]) -> dict[str, str]:
    waste = r["Level 1"] == "Waste disposal"
    kind = "waste" if waste else "materials"
    route = r["Column Text"].strip()
    key = f"uk.desnz.{'waste' if waste else 'material'}.{_slug(r['Level 3'])}.{_slug(route)}"
    row = _base(r, kind)
    group_zh = zh.MATERIAL_GROUPS[r["Level 2"]]
    route_zh = (zh.WASTE_ROUTES if waste else zh.MATERIAL_ROUTES)[route]
    what_zh, what_en = ("废弃物处置", "Waste disposal") if waste else ("材料使用", "Material use")
    row.update(id=f"{key}.2025", key=key, category=f"{kind}/{_slug(r['Level 2'])}", unit="t",
               name_zh=f"{what_zh}：{zh.MATERIALS[r['Level 3']]}，{route_zh}（{group_zh}，每吨，"
                       "英国 2025）",
               name_en=f"{what_en}: {r['Level 3']}, {route} (per tonne, UK 2025)",
               co2e_kg=repr(_num(r["GHG Conversion Factor 2025"])), gwp_set="AR5",
               source_ids=r["ID"],
               note="DESNZ 仅给出 CO2e（AR5），无法按 AR6 重新加权 / DESNZ gives CO2e only (AR5); "
                    "it cannot be re-weighted to AR6.")
    return row


# -- output --------------------------------------------------------------------------------

def _csv_text(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check(name: str, rows: list[dict[str, str]], seen: set[str]) -> None:
    for k, row in enumerate(rows, start=2):
        if row["id"] in seen:
            raise SystemExit(f"{name} row {k}: duplicate id {row['id']}")
        seen.add(row["id"])
        _, problems = parse_row(row, LIBRARY_NAME, "build", LIBRARY_REQUIRED, k)
        if problems:
            raise SystemExit(f"{name} row {k}: {problems}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path,
                    default=ROOT.parent / "shared" / "reference" / "factors")
    ap.add_argument("--version", help="library version (required when the data change)")
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args(argv)
    ref: Path = args.reference
    files = {"factors-cn-electricity.csv": china_rows(ref / CN_FILE),
             "factors-desnz-2025.csv": desnz_rows(ref / DESNZ_FILE)}
    seen: set[str] = set()
    for name, rows in files.items():
        _check(name, rows, seen)
    texts = {name: _csv_text(rows) for name, rows in files.items()}
    manifest_path = args.out / "library.json"
    old = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    old_hashes = {f["path"]: f["sha256"] for f in old.get("files", [])}
    new_hashes = {name: _sha(text.encode("utf-8")) for name, text in texts.items()}
    version = args.version or old.get("version")
    if not version:
        raise SystemExit("first build: give --version")
    if new_hashes != old_hashes and version == old.get("version"):
        raise SystemExit(f"the data changed; give a new --version (now {version})")
    manifest = {
        "name": LIBRARY_NAME,
        "version": version,
        "generated_by": "scripts/build_factor_library.py",
        "files": [{"path": name, "rows": len(files[name]), "sha256": new_hashes[name]}
                  for name in files],
        "reference_files": [{"path": p, "sha256": _sha((ref / p).read_bytes())}
                            for p in (CN_FILE, DESNZ_FILE)]
        + [{"path": str(p.relative_to(ROOT)), "sha256": _sha(p.read_bytes())}
           for p in CN_SUPPLEMENTS],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (args.out / name).write_text(text, encoding="utf-8")
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    for name in files:
        print(f"{name}: {len(files[name])} rows")
    print(f"{LIBRARY_NAME} {version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
