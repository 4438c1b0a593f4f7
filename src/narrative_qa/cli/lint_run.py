"""The work of `nqa lint` once its options are parsed, without Typer: `run_lint(...)` returns the
exit code. The Typer command (`lint_cmd.lint`) calls it; so can scripts and tests.
Exit codes and formats are documented in docs/lint-output.md."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from narrative_qa.cli.output import emit
from narrative_qa.errors import UsageError

if TYPE_CHECKING:
    from narrative_qa.linting.config import Overrides

FORMATS = ("text", "json", "sarif", "github")


def _say(message: str) -> None:
    """One line on stderr (what `typer.echo(..., err=True)` did)."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _use_colour(no_color: bool, output: Path | None) -> bool:
    # https://no-color.org: NO_COLOR set to a non-empty value disables colour.
    return not no_color and output is None and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def run_lint(
    paths: list[Path],
    output_format: str = "text",
    fail_on: str | None = None,
    select: str | None = None,
    ignore: str | None = None,
    config: Path | None = None,
    jobs: int = 1,
    model: Path | None = None,
    previous: Path | None = None,
    compare: list[Path] | None = None,
    batch_compare: bool = True,
    baseline: Path | None = None,
    write_baseline: Path | None = None,
    output: Path | None = None,
    no_color: bool = False,
) -> int:
    """Lint `paths` and write the findings; the exit code. Usage errors raise UsageError."""
    from narrative_qa.linting.engine import expand_paths, lint_paths
    from narrative_qa.read_ahead import reading_ahead

    if output_format not in FORMATS:
        raise UsageError(f"未知的输出格式“{output_format}”（可选：{'、'.join(FORMATS)}）")
    if jobs < 0:
        raise UsageError("--jobs 不能为负数")
    if baseline is not None and write_baseline is not None:
        raise UsageError("--baseline 和 --write-baseline 不能同时使用")
    files = expand_paths(paths)
    # Costly files start being read now, while the rules, the model and jieba load (read_ahead.py).
    with reading_ahead(files, jobs):
        overrides = _overrides(select, ignore, fail_on, model, config)
        _check_inputs(config, previous, model, compare, baseline, write_baseline)
        result = lint_paths(
            files,
            config=overrides,
            jobs=jobs,
            previous=previous,
            compare=compare or (),
            batch_compare=batch_compare,
            baseline=baseline,
            progress=sys.stderr.isatty(),
        )
    for note in result.notes:
        _say(f"提示：{note}")
    for file, message in result.errors:
        _say(f"错误：无法检查 {file}：{message}")

    if write_baseline is not None:
        from narrative_qa.linting.baseline import write_baseline as write

        count = write(write_baseline, result.findings)
        _say(f"已写入基线 {write_baseline}：{count} 个问题")
        return 2 if result.files_checked == 0 else 1 if result.errors else 0

    if output_format == "json":
        from narrative_qa.render.json import render_findings

        text = render_findings(result.findings)
    elif output_format == "sarif":
        from narrative_qa.render.sarif import render_findings

        text = render_findings(result)
    elif output_format == "github":
        from narrative_qa.render.github import render_findings

        text = render_findings(result)
    else:
        from narrative_qa.render.text import render_findings

        text = render_findings(result, colour=_use_colour(no_color, output))
    emit(text, output)
    if result.files_checked == 0:
        return 2
    return 1 if result.failed() else 0


def _overrides(
    select: str | None, ignore: str | None, fail_on: str | None, model: Path | None, config: Path | None
) -> Overrides:
    """The command line's part of the configuration (linting.config.Overrides)."""
    from narrative_qa.linting.config import Overrides, parse_severity
    from narrative_qa.linting.selection import parse_selector_list, resolve

    select_list = tuple(parse_selector_list(select)) if select is not None else None
    ignore_list = tuple(parse_selector_list(ignore))
    resolve(select_list or (), origin="--select ")
    resolve(ignore_list, origin="--ignore ")
    return Overrides(
        select=select_list,
        ignore=ignore_list,
        fail_on=parse_severity(fail_on, origin="--fail-on ") if fail_on is not None else None,
        model=model,
        config=config,
    )


def _check_inputs(
    config: Path | None,
    previous: Path | None,
    model: Path | None,
    compare: list[Path] | None,
    baseline: Path | None,
    write_baseline: Path | None,
) -> None:
    """Every file and folder an option names exists (or, for --write-baseline, can be written)."""
    if config is not None and not config.is_file():
        raise UsageError(f"找不到配置文件：{config}")
    if previous is not None and not previous.is_file():
        raise UsageError(f"找不到上一年度报告：{previous}")
    if model is not None and not model.is_dir():
        raise UsageError(f"找不到模型文件夹：{model}")
    for compared in compare or ():
        if not compared.is_file():
            raise UsageError(f"找不到对比报告：{compared}")
    if baseline is not None and not baseline.is_file():
        raise UsageError(f"找不到基线文件：{baseline}")
    if write_baseline is not None:
        from narrative_qa.linting.baseline import check_writable

        check_writable(write_baseline)
