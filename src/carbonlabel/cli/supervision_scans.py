"""``carbonlabel supervision scans``: the scan rules over the scans logged since the last run.

``analyse`` runs as the platform (a scheduled job calls the same service): it needs no user,
raises each finding once as an alert for the regulators of its jurisdiction, and prints the
counts. Every threshold of the rules can be set for the run: ``--set speed_kmh=1000``
(names: domain/supervision/scan_rules.RuleSettings, docs/supervision.md).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer
from rich.console import Console

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings
from carbonlabel.domain.supervision.scan_rules import RuleSettings
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=True)
console = Console()


def rule_settings(assignments: list[str]) -> RuleSettings:
    """RuleSettings with ``name=value`` assignments applied; InputError (field ``set``) for an
    unknown name or a value that is not a positive number."""
    fields = {f.name: f.type for f in dataclasses.fields(RuleSettings)}
    values: dict[str, float | int] = {}
    for text in assignments:
        name, _, value = text.partition("=")
        name = name.strip()
        if name not in fields:
            raise InputError(field="set", message_en=f"no rule setting '{name}' (known: "
                                                     f"{', '.join(fields)})",
                             message_zh=f"没有扫码规则参数「{name}」")
        try:
            number: float | int = (int(value) if fields[name] in (int, "int")
                                   else float(value))
        except ValueError:
            raise InputError(field="set", message_en=f"{name}: '{value}' is not a number",
                             message_zh=f"{name}：「{value}」不是数值") from None
        values[name] = number
    try:
        return RuleSettings(**values)  # type: ignore[arg-type]
    except ValueError as bad:
        raise InputError(field="set", message_en=str(bad.args[0]),
                         message_zh=str(bad.args[-1])) from None


@app.command("analyse")
def analyse(settings: Annotated[list[str] | None, typer.Option(
                "--set", help="a rule threshold, name=value (repeat) / 规则参数")] = None,
            data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """运行扫码规则，生成监管预警 / Run the scan rules over the new scans; raise alerts."""
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.adapters.db.uow import uow_factory
    from carbonlabel.cli.progress import bar
    from carbonlabel.services.supervision import scan_analysis

    rules = rule_settings(settings or [])
    engine = platform_engine(_settings(data_dir, database_url))
    try:
        upgrade(engine)
        with bar(console) as progress, uow_factory(engine)(write=True) as uow:
            task = progress.add_task("扫码分析 analysing scans", total=4)
            counts = scan_analysis.analyse_scans(
                uow, rules, progress=lambda done, total: progress.update(task, completed=done,
                                                                         total=total))
    finally:
        engine.dispose()
    console.print(f"新扫码 new scans: {counts.scans}; 参照 context: {counts.context}; "
                  f"发现 findings: {counts.findings}; 新预警 new alerts: {counts.raised}; "
                  f"至扫码 up to scan #{counts.last_scan_id}")
