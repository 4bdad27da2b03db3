"""``carbonlabel supervision``: the regulator's commands (scan rules, alerts, supervision cases,
spot checks, penalty records, pilots), each part a group of its own module added below.

Commands act as the platform user named by ``--user EMAIL`` (cli/sharing.py ``acting``): staff
of a regulator organisation, within its jurisdiction, audited in that user's name.
"""

from __future__ import annotations

import typer

from carbonlabel.cli import scans

app = typer.Typer(no_args_is_help=True)
app.add_typer(scans.app, name="scans", help="扫码分析 / scan analytics")
