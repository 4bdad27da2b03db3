"""``carbonlabel data-keys``: rotate the keys that encrypt confidential data at rest.

``data-keys rotate`` makes a new key and re-encrypts every encrypted field with it (a rich
progress bar follows the batches), then moves the old key files to ``data-keys/retired/``
(keep them in the ring with ``--keep-old``). ``data-keys status`` lists the keys and how many
stored values each one seals, and how many values are still plaintext from before encryption.
Stop the platform while rotating, or restart it afterwards.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from carbonlabel.cli.platform import DatabaseUrl, DataDir, _settings

app = typer.Typer(no_args_is_help=True)
console = Console()


@app.command("rotate")
def rotate(keep_old: Annotated[bool, typer.Option(
               "--keep-old", help="keep the old keys in the ring / 保留旧密钥")] = False,
           batch: Annotated[int, typer.Option(
               "--batch-size", min=1, help="values per transaction / 每批数量")] = 200,
           data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """轮换数据密钥并重新加密 / Rotate the data key and re-encrypt every encrypted field."""
    from carbonlabel.adapters.data_keys import DataKeys
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.cli.progress import bar
    from carbonlabel.services.platform import data_keys

    settings = _settings(data_dir, database_url)
    keys = DataKeys(settings.data_keys_dir, settings.data_key)
    engine = platform_engine(settings)
    try:
        upgrade(engine)
        total = data_keys.values_to_rotate(engine)
        with bar(console) as progress:
            task = progress.add_task("重新加密 re-encrypting", total=total)
            done = data_keys.rotate(engine, keys, keep_old=keep_old, batch=batch,
                                    advance=lambda n: progress.advance(task, n))
    finally:
        engine.dispose()
    console.print(f"新密钥 new key: {done.new_key}; 重新加密 re-encrypted {done.rewritten} "
                  f"/ {total} 个值 values")
    if done.retired:
        console.print(f"已移入 retired/ 的旧密钥 retired keys: {', '.join(done.retired)}")
    if done.kept:
        console.print(f"保留的旧密钥 old keys kept: {', '.join(done.kept)}")


@app.command("status")
def status(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """数据密钥及其加密的值 / Data keys and how many stored values each one seals."""
    from carbonlabel.adapters.data_keys import DataKeys
    from carbonlabel.adapters.db.engine import platform_engine
    from carbonlabel.adapters.db.migrate import upgrade
    from carbonlabel.services.platform import data_keys

    settings = _settings(data_dir, database_url)
    engine = platform_engine(settings)
    try:
        upgrade(engine)
        found = data_keys.key_status(engine, DataKeys(settings.data_keys_dir,
                                                      settings.data_key))
    finally:
        engine.dispose()
    for kid in found.key_ids:
        mark = " (当前 current)" if kid == found.current else ""
        console.print(f"{kid}{mark}: {found.sealed_by.get(kid, 0)} 个值 values")
    for kid in sorted(set(found.sealed_by) - set(found.key_ids)):
        console.print(f"[red]{kid} (缺失 missing)[/red]: {found.sealed_by[kid]} 个值 values "
                      "无法解密 cannot be decrypted")
    console.print(f"未加密的旧值 plaintext legacy values: {found.plaintext}")
    for col in found.columns:
        keys = ", ".join(f"{k} {n}" for k, n in sorted(col.by_key.items())) or "-"
        console.print(f"  {col.name}: {keys}; 明文 plaintext {col.plaintext}")
