"""`nqa lint`, `nqa rules`, `nqa explain`: option parsing and output only; the work is in
narrative_qa.linting. The body of `nqa lint` is `cli.lint_run.run_lint`, callable without Typer.
Exit codes and formats are documented in docs/lint-output.md."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from narrative_qa.cli.app import app
from narrative_qa.errors import UsageError


@app.command()
def lint(
    paths: list[Path] = typer.Argument(..., help="要检查的报告文件或文件夹（文件夹会递归查找 .txt .md .docx .html .htm .pdf）。"),
    output_format: str = typer.Option("text", "--format", "-f", help="输出格式：text、json、sarif、github。"),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="达到此级别的问题使退出码为 1：error（默认）、warning、info。"),
    select: Optional[str] = typer.Option(None, "--select", help="只运行这些规则（代码、名称或类别，逗号分隔），替换配置中的 select。"),
    ignore: Optional[str] = typer.Option(None, "--ignore", help="不运行这些规则（代码、名称或类别，逗号分隔），追加到配置中的 ignore。"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件（.narrative-qa.toml 或 pyproject.toml），不再向上查找。"),
    jobs: int = typer.Option(1, "--jobs", "-j", help="并行进程数（0 表示使用全部 CPU）。"),
    model: Optional[Path] = typer.Option(None, "--model", help="语料模型文件夹。"),
    previous: Optional[Path] = typer.Option(None, "--previous", help="上一年度的报告，用于跨年度核对。"),
    compare: Optional[list[Path]] = typer.Option(None, "--compare", help="其他单位的报告，用于检查照抄（可多次给出）。"),
    no_batch_compare: bool = typer.Option(
        False, "--no-batch-compare", help="一次检查多份报告时，不把各报告与同批中其他单位的报告互相比较（copied-from-peer）。"
    ),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="基线文件：只报告基线中没有的问题。"),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="把当前发现的问题写成基线文件。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="把结果写入文件而不是标准输出。"),
    no_color: bool = typer.Option(False, "--no-color", help="不使用颜色。"),
) -> None:
    """检查报告草稿，按规则列出问题。"""
    from narrative_qa.cli.lint_run import run_lint

    code = run_lint(
        paths,
        output_format=output_format,
        fail_on=fail_on,
        select=select,
        ignore=ignore,
        config=config,
        jobs=jobs,
        model=model,
        previous=previous,
        compare=compare,
        batch_compare=not no_batch_compare,
        baseline=baseline,
        write_baseline=write_baseline,
        output=output,
        no_color=no_color,
    )
    raise typer.Exit(code)


@app.command()
def rules(
    output_format: str = typer.Option("text", "--format", "-f", help="输出格式：text 或 json。"),
) -> None:
    """列出全部检查规则：代码、名称、类别、默认级别和说明。"""
    from narrative_qa.rules.registry import FAMILIES, all_rules

    registered = all_rules()
    if output_format == "json":
        import json

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "family_name": FAMILIES.get(r.family, r.family),
                "severity": r.severity.value,
                "summary": r.summary,
                "defaults": r.defaults,
                "needs_model": r.needs_model,
                "needs_previous": r.needs_previous,
            }
            for r in registered
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif output_format == "text":
        from narrative_qa.render.text import render_rules_table

        sys.stdout.write(render_rules_table(registered))
    else:
        raise UsageError(f"未知的输出格式“{output_format}”（可选：text、json）")


@app.command()
def explain(code: str = typer.Argument(..., help="规则代码或名称，例如 S001 或 duplicate-heading。")) -> None:
    """显示一条规则的完整说明。"""
    from narrative_qa.render.text import render_rule_doc
    from narrative_qa.rules.registry import find_rule

    found = find_rule(code)
    if found is None:
        raise UsageError(f"未知的规则：{code}（用 nqa rules 查看全部规则）")
    sys.stdout.write(render_rule_doc(found))
