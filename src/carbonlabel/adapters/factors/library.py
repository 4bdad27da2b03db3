"""The bundled emission-factor library: ``data/factors-*.csv``, versioned by ``data/library.json``.

The files are written by ``scripts/build_factor_library.py`` from the public reference files
(sources and licences: ``data/SOURCES.md``); the package reads them without that folder.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from carbonlabel.adapters.factors.rows import LIBRARY_REQUIRED, parse_row
from carbonlabel.domain.factors import LIBRARY_SET, FactorRecord, FactorSet, SourceSummary
from carbonlabel.errors import DataFormatError


def _data() -> Any:
    return resources.files("carbonlabel.adapters.factors").joinpath("data")


def manifest() -> dict[str, Any]:
    """The library manifest: name, version, files with row counts and sha256."""
    data: dict[str, Any] = json.loads(_data().joinpath("library.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def load_library() -> FactorSet:
    """Every factor of the bundled library (read once)."""
    m = manifest()
    version = str(m["version"])
    records: list[FactorRecord] = []
    for entry in m["files"]:
        text = _data().joinpath(entry["path"]).read_text(encoding="utf-8")
        for row_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            record, problems = parse_row(row, LIBRARY_SET, version, LIBRARY_REQUIRED, row_no)
            if record is None:  # a packaging fault: the build script checks every row
                p = problems[0]
                raise DataFormatError(
                    field=f"{entry['path']}:{p.column}", line=row_no,
                    message_en=f"bundled factor library is damaged: {p.message_en}",
                    message_zh=f"内置因子库文件损坏：{p.message_zh}")
            records.append(record)
    return FactorSet(name=LIBRARY_SET, version=version, records=tuple(records),
                     origin="bundled", kind="library")


def library_version() -> str:
    return str(manifest()["version"])


_GWP_SOURCES = {
    "ar6": SourceSummary(
        publisher="政府间气候变化专门委员会 / IPCC",
        document="AR6 WG1 Chapter 7, Table 7.15 and Supplementary Table 7.SM.7 (GWP100), via "
                 "openclimatedata/globalwarmingpotentials and the chapter author's data file "
                 "chrisroadmap/ar6 data_output/7sm/metrics_supplement_cleaned.csv (24f2792)",
        licence="IPCC values (facts); openclimatedata compilation CC0 1.0; chrisroadmap/ar6 MIT",
        urls=("https://www.ipcc.ch/report/ar6/wg1/",
              "https://github.com/openclimatedata/globalwarmingpotentials",
              "https://github.com/chrisroadmap/ar6"),
        rows=0, set_name="gwp100.csv", set_version="AR6"),
    "ar5": SourceSummary(
        publisher="政府间气候变化专门委员会 / IPCC",
        document="AR5 WG1 Chapter 8, Table 8.A.1 (GWP100 without climate-carbon feedbacks), via "
                 "openclimatedata/globalwarmingpotentials",
        licence="IPCC values (facts); openclimatedata compilation CC0 1.0",
        urls=("https://www.ipcc.ch/report/ar5/wg1/",
              "https://github.com/openclimatedata/globalwarmingpotentials"),
        rows=0, set_name="gwp100.csv", set_version="AR5"),
}


def gwp_sources() -> list[SourceSummary]:
    """The GWP100 tables bundled in ``data/gwp100.csv`` (AR6 default, AR5), with row counts."""
    text = _data().joinpath("gwp100.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = []
    for col, summary in _GWP_SOURCES.items():
        n = sum(1 for r in rows if r.get(col, "").strip())
        out.append(SourceSummary(summary.publisher, summary.document, summary.licence,
                                 summary.urls, n, summary.set_name, summary.set_version))
    return out
