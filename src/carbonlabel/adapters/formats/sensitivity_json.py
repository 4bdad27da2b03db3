"""A sensitivity report as plain JSON data (CLI ``--json`` and the API)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from carbonlabel.domain.sensitivity import GROUP_NAMES, SensitivityReport


def report_to_dict(report: SensitivityReport) -> dict[str, Any]:
    """Every field of the report; each tornado bar also carries its ``swing`` and each
    variant its group's name (zh / en)."""
    out = asdict(report)
    for bar, data in zip(report.tornado, out["tornado"], strict=True):
        data["swing"] = bar.swing
    for v, data in zip(report.variants, out["variants"], strict=True):
        data["group_name"] = asdict(GROUP_NAMES[v.group])
    return out


def report_to_json(report: SensitivityReport) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, default=str)
