"""``carbonlabel label``: verify a label offline, and manage the keys that sign labels.

``label verify TOKEN_OR_URL`` checks the token's Ed25519 signature with published public keys
(``--keys FILE``, the JSON of ``GET /api/v1/registry/keys``; else the keys of the local data
directory). Offline, only the signature can be judged: the live status of the certificate
(suspended, withdrawn, cancelled) is in the registry, which ``--registry URL`` asks.

Exit codes: 0 genuine signature (and, with ``--registry``, a valid certificate); 1 NOT GENUINE;
2 bad input (no keys, unreadable keys file); 9 genuine signature but the registry says the
certificate is suspended, withdrawn, cancelled or expired; 10 the registry did not answer;
11 a typed certificate number with the right check digits, offline (only the registry knows
whether it is certified).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlparse

import typer
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from carbonlabel.adapters.label_keys import LabelKeys, load_public_keys
from carbonlabel.cli.platform import DataDir
from carbonlabel.config import Settings
from carbonlabel.domain.certification.certificate import PREFIX, is_valid_number
from carbonlabel.domain.certification.label import VERDICT_NAMES, LabelPayload, Verdict, split_token
from carbonlabel.errors import InputError

app = typer.Typer(no_args_is_help=True)
keys_app = typer.Typer(no_args_is_help=True)
app.add_typer(keys_app, name="keys", help="签名密钥 / the keys that sign labels")

EXIT_NOT_GENUINE = 1
EXIT_NOT_VALID = 9
EXIT_UNREACHABLE = 10
EXIT_UNDETERMINED = 11
OFFLINE_NOTE = ("离线核验仅判断签名；证书的实时状态（暂停、撤销、注销）须查询登记系统 "
                "(--registry) | offline, only the signature is judged; the certificate's live "
                "status (suspended, withdrawn, cancelled) is in the registry (--registry URL)")


def _keys_dir(data_dir: Path | None) -> Path:
    return (Settings(data_dir=data_dir) if data_dir else Settings()).label_keys_dir


def token_of(text: str) -> str:
    """The token of a QR code's URL (``https://<host>/v/<token>``) or the token itself."""
    text = text.strip()
    if "://" in text:
        segments = [s for s in urlparse(text).path.split("/") if s]
        return segments[-1] if segments else ""
    return text


def check(token: str, keys: Mapping[str, Ed25519PublicKey]) -> tuple[LabelPayload | None, str]:
    """The signed facts of a genuine token, or ``None`` and why it is not genuine."""
    parts = split_token(token)
    if parts is None:
        return None, "令牌格式错误 the token is malformed or truncated"
    payload, raw, signature = parts
    key = keys.get(payload.kid)
    if key is None:
        return None, f"签名密钥未公布 signed by an unknown key ({payload.kid[:40]})"
    try:
        key.verify(signature, raw)
    except InvalidSignature:
        return None, "签名与内容不符 the signature does not match what the label states"
    return payload, ""


def _fetch(url: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        data = json.loads(response.read().decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def _public_keys(keys_file: Path | None, registry: str | None,
                 data_dir: Path | None) -> tuple[Mapping[str, Ed25519PublicKey], str]:
    """The public keys to judge by, and where they came from."""
    if keys_file is not None:
        try:
            return load_public_keys(keys_file.read_text(encoding="utf-8")), str(keys_file)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise InputError(field="--keys", message_en=f"cannot read the public keys of "
                                                        f"{keys_file}: {exc}",
                             message_zh=f"无法读取公钥文件 {keys_file}：{exc}") from exc
    local = LabelKeys(_keys_dir(data_dir))
    found = local.public_keys()
    if found:
        return found, str(local.folder)
    if registry:
        url = registry.rstrip("/") + "/api/v1/registry/keys"
        try:
            return load_public_keys(json.dumps(_fetch(url))), url
        except (OSError, ValueError) as exc:
            typer.echo(f"登记系统无应答 the registry did not answer: {url}: {exc}")
            raise typer.Exit(EXIT_UNREACHABLE) from exc
    raise InputError(field="--keys", message_en="no public keys: give --keys FILE (as served "
                                                "by /api/v1/registry/keys) or --registry URL",
                     message_zh="没有公钥：请用 --keys 指定公钥文件，或用 --registry 指定登记系统")


def _print_facts(payload: LabelPayload) -> None:
    rows = [("证书编号 certificate", payload.certificate),
            ("碳足迹 carbon footprint", f"{payload.value} {payload.unit}"),
            ("签发日期 issued", payload.issued.isoformat()),
            ("有效期至 valid until", payload.expires.isoformat()),
            ("签名密钥 signing key", payload.kid)]
    typer.echo("标识所载（已签名）the label states (signed):")
    for name, value in rows:
        typer.echo(f"  {name:<24} {value}")


def _ask_registry(registry: str, path: str) -> Verdict:
    url = f"{registry.rstrip('/')}/api/v1/registry/{path}"
    try:
        verdict = Verdict(str(_fetch(url)["verdict"]))
    except (OSError, ValueError, KeyError) as exc:
        typer.echo(f"登记系统无应答 the registry did not answer: {url}: {exc}")
        raise typer.Exit(EXIT_UNREACHABLE) from exc
    zh, en = VERDICT_NAMES[verdict]
    typer.echo(f"登记系统实时状态 registry, live status: {zh} {en}")
    if verdict is Verdict.NOT_GENUINE:
        typer.echo("✗ 非真实标识 NOT GENUINE: 登记系统中没有与之相符的证书 the registry holds "
                   "no certificate that matches it")
        raise typer.Exit(EXIT_NOT_GENUINE)
    if verdict is not Verdict.VALID:
        raise typer.Exit(EXIT_NOT_VALID)
    return verdict


def _verify_code(code: str, registry: str | None) -> None:
    """A typed certificate number: offline only its check digits can be judged."""
    number = code.strip().upper()
    if not is_valid_number(number):
        typer.echo(f"✗ 非真实标识 NOT GENUINE: 证书编号校验位错误 {number[:40]} is no "
                   "certificate number (wrong check digits)")
        raise typer.Exit(EXIT_NOT_GENUINE)
    typer.echo(f"证书编号格式与校验位正确 {number}: well-formed, check digits right")
    if not registry:
        typer.echo("离线无法判断该编号是否已获证；请用 --registry 查询 | offline it cannot be "
                   "told whether this number is certified: ask the registry (--registry URL)")
        raise typer.Exit(EXIT_UNDETERMINED)
    _ask_registry(registry, f"verify/code/{quote(number, safe='')}")


@app.command("verify")
def verify(
    token_or_url: Annotated[str, typer.Argument(
        help="the label's token, the URL its QR code holds (https://<host>/v/<token>), or "
             "a typed certificate number (CFP-...)")],
    keys: Annotated[Path | None, typer.Option(
        "--keys", help="public keys JSON, as served by GET /api/v1/registry/keys")] = None,
    registry: Annotated[str | None, typer.Option(
        "--registry", help="base URL of a registry to ask for the live status")] = None,
    data_dir: DataDir = None,
) -> None:
    """核验标识签名（可离线）/ Verify a label's signature (offline), optionally its status."""
    token = token_of(token_or_url)
    if token.upper().startswith(PREFIX + "-"):
        _verify_code(token, registry)
        return
    public_keys, source = _public_keys(keys, registry, data_dir)
    payload, why = check(token, public_keys)
    if payload is None:
        typer.echo(f"✗ 非真实标识 NOT GENUINE: {why}")
        raise typer.Exit(EXIT_NOT_GENUINE)
    _print_facts(payload)
    typer.echo(f"✓ 签名真实 genuine signature (公钥 keys: {source})")
    today = datetime.now(UTC).date()
    if today > payload.expires:
        typer.echo(f"! 标识所载有效期 {payload.expires.isoformat()} 已过 the label's own expiry "
                   f"date {payload.expires.isoformat()} has passed: expired")
    if not registry:
        typer.echo(OFFLINE_NOTE)
        return
    _ask_registry(registry, f"verify/{quote(token, safe='')}")


@keys_app.command("export")
def export_keys(
    out: Annotated[Path | None, typer.Option("--out", help="write to this file")] = None,
    data_dir: DataDir = None,
) -> None:
    """导出公钥（供离线核验）/ Export the public keys for offline verification."""
    keys = LabelKeys(_keys_dir(data_dir)).export_public()
    text = json.dumps({"keys": keys}, indent=2, sort_keys=True)
    if out is None:
        sys.stdout.write(text + "\n")
        return
    out.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"{len(keys)} 个公钥已写入 public keys written to {out}", err=True)


@keys_app.command("rotate")
def rotate_keys(data_dir: DataDir = None) -> None:
    """新建签名密钥：此后的新标识由它签名，旧标识仍可核验 / Make a new signing key: it signs
    every new label; labels signed by older keys still verify."""
    kid = LabelKeys(_keys_dir(data_dir)).rotate()
    typer.echo(f"新签名密钥 new signing key: {kid}")
