"""The ``carbonlabel`` command line (Typer + rich).

Every ``CarbonlabelError`` is caught once, in :func:`main`, and printed as one readable line per
problem with a non-zero exit code (2 invalid input, 3 not found, 4 calculation failed).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carbonlabel.cli import admin as admin_cli
from carbonlabel.cli import benchmark as benchmark_cli
from carbonlabel.cli import certification as certification_cli
from carbonlabel.cli import data_keys as data_keys_cli
from carbonlabel.cli import db as db_cli
from carbonlabel.cli import evidence as evidence_cli
from carbonlabel.cli import factors as factors_cli
from carbonlabel.cli import improvement as improvement_cli
from carbonlabel.cli import label as label_cli
from carbonlabel.cli import montecarlo as montecarlo_cli
from carbonlabel.cli import pact as pact_cli
from carbonlabel.cli import platform as platform_cli
from carbonlabel.cli import procurement as procurement_cli
from carbonlabel.cli import render
from carbonlabel.cli import rules as rules_cli
from carbonlabel.cli import sensitivity as sensitivity_cli
from carbonlabel.cli import sharing as sharing_cli
from carbonlabel.cli import supervision as supervision_cli
from carbonlabel.cli import tokens as tokens_cli
from carbonlabel.cli.errors import report
from carbonlabel.cli.files import write_atomically
from carbonlabel.cli.progress import status
from carbonlabel.errors import CarbonlabelError, ModelValidationError
from carbonlabel.version import __version__

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="carbonlabel: 产品碳足迹量化、认证、标识与验证 / product carbon footprints.")
app.add_typer(db_cli.app, name="db", help="背景数据库 / background databases")
app.add_typer(platform_cli.audit_app, name="audit", help="审计日志 / audit log")
app.command("serve")(platform_cli.serve)
app.add_typer(admin_cli.app, name="admin", help="组织与管理员 / organisations and admins")
app.add_typer(factors_cli.app, name="factors", help="排放因子库 / emission factor library")
app.add_typer(rules_cli.app, name="rules", help="产品碳足迹核算规则 / product rules (PCR)")
app.add_typer(certification_cli.app, name="certification", help="认证监督 / certification")
app.add_typer(label_cli.app, name="label", help="标识核验与签名密钥 / label verification, keys")
app.add_typer(pact_cli.app, name="pact", help="PACT 数据交换与供应商请求 / PACT exchange")
app.add_typer(data_keys_cli.app, name="data-keys", help="数据加密密钥 / data encryption keys")
app.add_typer(sharing_cli.app, name="sharing", help="数据分级与出境审批 / data sharing")
app.add_typer(tokens_cli.app, name="tokens", help="API 令牌 / API tokens")
app.add_typer(supervision_cli.app, name="supervision", help="市场监管 / market supervision")
app.add_typer(procurement_cli.app, name="procurement", help="低碳采购 / low-carbon procurement")
app.add_typer(evidence_cli.app, name="evidence", help="绿色金融证据 / green-finance evidence")
app.add_typer(benchmark_cli.app, name="benchmark", help="同类对标与薄弱环节 / category benchmarks")
app.add_typer(improvement_cli.app, name="improvement",
              help="改进计划、减排重算与声明 / improvement plans, restated reductions, claims")
app.command("sensitivity")(sensitivity_cli.sensitivity)
app.command("montecarlo")(montecarlo_cli.montecarlo)
console = Console()


class By(StrEnum):
    stage = "stage"
    process = "process"
    gas = "gas"
    tree = "tree"


class Gwp(StrEnum):
    AR6 = "AR6"
    AR5 = "AR5"


ModelArg = Annotated[Path, typer.Argument(help="product model file (.yaml, .yml or .json)")]


def _version(value: bool) -> None:
    if value:
        console.print(f"carbonlabel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version,
                                                is_eager=True)] = False) -> None:
    """carbonlabel."""


@app.command()
def calc(
    model: ModelArg,
    json_out: Annotated[bool, typer.Option("--json",
                                           help="JSON output (see docs/schemas)")] = False,
    by: Annotated[By, typer.Option(help="breakdown to show")] = By.stage,
    gwp: Annotated[Gwp, typer.Option(help="IPCC GWP100 set")] = Gwp.AR6,
    top: Annotated[int, typer.Option(min=1, help="number of hotspots")] = 10,
    cut_off: Annotated[float, typer.Option(min=0.0, max=1.0,
                                           help="supply-tree cut-off (share of total)")] = 0.01,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to file")] = None,
) -> None:
    """计算产品碳足迹 / Compute a product's carbon footprint."""
    from carbonlabel.cli.wiring import quantify_file
    from carbonlabel.services.quantify.footprints import CalculationOptions

    with status(console, "计算中 calculating", enabled=not json_out):
        result = quantify_file(model, gwp.value, CalculationOptions(top=top, tree_cut_off=cut_off))
    if json_out:
        from carbonlabel.adapters.formats.result_json import result_to_json

        text = result_to_json(result)
        if output:
            write_atomically(output, text + "\n")
        else:
            sys.stdout.write(text + "\n")
        return
    render.print_result(console, result, by.value, top)


@app.command()
def validate(model: ModelArg,
             gwp: Annotated[Gwp, typer.Option(help="IPCC GWP100 set")] = Gwp.AR6,
             strict: Annotated[bool, typer.Option(
                 "--strict", help="与产品规则不符时以退出码 1 结束 / exit 1 when the model has "
                                  "gaps against its product rule")] = False) -> None:
    """检查模型文件，一次列出所有错误及与产品规则的不符之处 / Check a model file: list every
    problem at once, and every gap against the product rule it names."""
    from carbonlabel.cli.rules import print_conformance
    from carbonlabel.cli.wiring import validate_file

    conformance = validate_file(model, gwp.value)
    console.print(f"[green]✓[/green] {model}: 模型有效 / model is valid")
    if conformance is not None:
        print_conformance(conformance)
        if strict and not conformance.conforms:
            raise typer.Exit(1)


@app.command()
def demo(
    by: Annotated[By, typer.Option(help="breakdown to show")] = By.stage,
) -> None:
    """计算内置示例产品的碳足迹 / Compute the footprints of the bundled demo products."""
    from carbonlabel.cli.wiring import demo_models, quantify_file
    from carbonlabel.services.quantify.footprints import CalculationOptions

    for path in demo_models():
        result = quantify_file(path, "AR6", CalculationOptions())
        render.print_result(console, result, by.value, 10)
        console.print()


@app.command()
def schema(
    which: Annotated[str, typer.Argument(help="'model' or 'result'")] = "model",
) -> None:
    """打印 JSON Schema / Print the JSON Schema of model files or of results."""
    import json

    if which == "model":
        from carbonlabel.adapters.formats.model_schema import json_schema
    elif which == "result":
        from carbonlabel.adapters.formats.result_json import json_schema
    else:
        raise typer.BadParameter("choose 'model' or 'result'")
    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    try:
        # outside standalone mode click *returns* the code of a ``typer.Exit(code)``
        returned = app(args=argv, standalone_mode=False)
    except ModelValidationError as exc:
        code = report(exc)
        print(f"{len(exc.errors)} 个错误 / {len(exc.errors)} error(s) in {exc.source or 'model'}",
              file=sys.stderr)
        return code
    except CarbonlabelError as exc:
        return report(exc)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        print("aborted", file=sys.stderr)
        return 130
    except Exception as exc:  # click usage errors come through here in non-standalone mode
        import click

        # typer >= 0.25 carries its own copy of click: its usage errors are TyperExceptions
        if isinstance(exc, click.ClickException | typer.TyperException) and hasattr(exc, "show"):
            exc.show()
            return int(getattr(exc, "exit_code", 2))
        raise
    return returned if isinstance(returned, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
