"""The Typer application. Commands live in one module each and import the library lazily,
so that `nqa lint` does not pay for what only `nqa corpus build` needs."""

from __future__ import annotations

import sys

import typer

from narrative_qa.errors import NarrativeQAError

app = typer.Typer(
    name="narrative-qa",
    help="政府信息公开工作年度报告质量检查工具（narrative-qa / nqa）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_commands() -> None:
    # Each module adds its commands to `app` when imported.
    from narrative_qa.cli import parse_cmd  # noqa: F401
    from narrative_qa.cli import lint_cmd  # noqa: F401
    from narrative_qa.cli import corpus_cmd  # noqa: F401
    from narrative_qa.cli import suggest_cmd  # noqa: F401
    from narrative_qa.cli import score_cmd  # noqa: F401


def main() -> None:
    _register_commands()
    try:
        app()
    except NarrativeQAError as error:
        typer.echo(f"错误：{error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(130)
