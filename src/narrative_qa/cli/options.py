"""Command-line options that several commands declare the same way (one wording, one place)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer


class OutputFormat(str, Enum):
    """`--format` of the commands that print either a text summary or JSON."""

    text = "text"
    json = "json"


def format_option() -> Any:
    return typer.Option(OutputFormat.text, "--format", "-f", help="输出格式：text 或 json")


def level_option() -> Any:
    return typer.Option(
        None, "--level", help="单位层级（government、department、township），默认按单位名称判断", show_default=False
    )
