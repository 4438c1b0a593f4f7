"""Where a command's result goes: stdout, or a file given with --output/--out, written
atomically (a reader or a crash never sees half a report). No Typer here: `lint_run` uses it."""

from __future__ import annotations

import sys
from pathlib import Path

from narrative_qa.atomic import write_text_atomic
from narrative_qa.errors import UsageError


def emit(text: str, output: Path | None) -> None:
    """`text` to stdout when `output` is None, else to the file `output` (UTF-8)."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_text_atomic(output, text)
    except OSError as error:
        raise UsageError(f"无法写入输出文件 {output}：{error.strerror or error}") from None
