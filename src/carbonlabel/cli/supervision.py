"""``carbonlabel supervision``: the regulator's commands (scan rules, alerts, supervision cases,
spot checks, penalty records, pilots), each part a group of its own module added below.

Commands act as the platform user named by ``--user EMAIL`` (cli/sharing.py ``acting``): staff
of a regulator organisation, within its jurisdiction, audited in that user's name.
"""

from __future__ import annotations

import typer

from carbonlabel.cli import (
    supervision_cases,
    supervision_penalties,
    supervision_pilots,
    supervision_scans,
    supervision_spot_checks,
    supervision_workspace,
)

app = typer.Typer(no_args_is_help=True)
app.add_typer(supervision_pilots.app, name="pilots", help="试点 / pilots")
app.add_typer(supervision_penalties.app, name="penalties",
              help="行政处罚信息（双公示）/ penalty records")
app.add_typer(supervision_spot_checks.app, name="spot-checks", help="认证有效性抽查 / spot checks")
app.add_typer(supervision_cases.app, name="cases", help="监管案件 / supervision cases")
app.add_typer(supervision_workspace.app, name="overview",
              help="辖区监管概览 / the jurisdiction's figures")
app.add_typer(supervision_scans.app, name="scans", help="扫码分析 / scan analytics")
