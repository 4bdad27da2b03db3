"""The one place where carbonlabel errors become CLI output and exit codes."""

from __future__ import annotations

import sys

from carbonlabel.errors import CarbonlabelError


def render_error(exc: CarbonlabelError, lang: str = "zh") -> str:
    """One readable line per problem: field (line): Chinese message | English message."""
    lines = []
    for e in exc.errors:
        where = e.field or "-"
        if e.line is not None:
            where += f" (line {e.line})"
        if lang != "zh":
            msg = e.message_en
        elif e.message_en in e.message_zh:
            msg = e.message_zh
        else:
            msg = f"{e.message_zh} | {e.message_en}"
        lines.append(f"error[{e.code}] {where}: {msg}")
    return "\n".join(lines)


def report(exc: CarbonlabelError, lang: str = "zh") -> int:
    print(render_error(exc, lang), file=sys.stderr)
    return exc.exit_code
