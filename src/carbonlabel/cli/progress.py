"""Progress display: a spinner for single steps, bars for loops (rich)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


@contextmanager
def status(console: Console, text: str, enabled: bool = True) -> Iterator[None]:
    """A spinner with elapsed time on stderr-like transient output; nothing when disabled."""
    if not enabled or not console.is_terminal:
        with nullcontext():
            yield
        return
    with Progress(SpinnerColumn(), TextColumn(text), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        progress.add_task(text, total=None)
        yield


def bar(console: Console) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=console, transient=True, disable=not console.is_terminal)
