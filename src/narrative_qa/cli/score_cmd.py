"""`nqa score`: option parsing and output only; the work is in narrative_qa.scoring and the HTML
in narrative_qa.render.html. Formats and exit codes are documented in docs/scoring.md."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Optional

import typer

from narrative_qa.cli.app import app
from narrative_qa.cli.output import emit
from narrative_qa.errors import UsageError

FORMATS = ("table", "csv", "json", "html")


@app.command()
def score(
    paths: Optional[list[Path]] = typer.Argument(None, help="要评分的报告文件或文件夹（文件夹会递归查找）。"),
    model: Optional[Path] = typer.Option(None, "--model", help="语料模型文件夹（默认使用内置模型）。"),
    previous_dir: Optional[Path] = typer.Option(
        None, "--previous-dir", help="上一年度报告所在的文件夹：按单位名称和年度为每份报告找到它去年的报告，检查照搬。"
    ),
    out: Optional[Path] = typer.Option(None, "--out", help="输出位置：html 格式为文件夹，其他格式为文件（默认标准输出）。"),
    output_format: str = typer.Option("table", "--format", "-f", help="输出格式：table、csv、json、html。"),
    jobs: int = typer.Option(1, "--jobs", "-j", help="并行进程数（0 表示使用全部 CPU）。"),
    explain: bool = typer.Option(False, "--explain", help="打印评分规则（权重、封顶、各级别扣分、规则系数）后退出。"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件（含 [tool.narrative-qa.score] 或 [score] 表）。"),
    force: bool = typer.Option(False, "--force", help="html：允许写入一个已有内容、但不是 narrative-qa 生成的文件夹。"),
    write_reference: bool = typer.Option(
        False, "--write-reference", help="把模型语料中各报告的评分依据写入模型文件夹，作为百分位的参考分布。"
    ),
    no_batch_compare: bool = typer.Option(
        False, "--no-batch-compare", help="不把各报告与同批中其他单位的报告互相比较（copied-from-peer）。"
    ),
) -> None:
    """为报告打分（0–100），按结构、数据准确、内容完整、具体程度、原创程度五个维度给出明细并排名。"""
    from narrative_qa.scoring.rubric import explain as explain_rubric, load_rubric

    if explain:
        sys.stdout.write(explain_rubric(load_rubric(config, near=paths[0] if paths else None)))
        return
    if not paths:
        raise UsageError("请给出要评分的报告文件或文件夹")
    if output_format not in FORMATS:
        raise UsageError(f"未知的输出格式“{output_format}”（可选：{'、'.join(FORMATS)}）")
    if output_format == "html" and out is None:
        raise UsageError("html 格式需要用 --out 指定输出文件夹")
    if jobs < 0:
        raise UsageError("--jobs 不能为负数")
    if write_reference and previous_dir is not None:
        # the reference is every corpus document scored alone: one convention for all models
        raise UsageError("--write-reference 不能与 --previous-dir 同时使用：参考分布按单独评分（不比对上一年度）计算")
    if output_format == "html":
        from narrative_qa.render.html import check_output_dir

        check_output_dir(out, force=force)  # refuse before the work, not after

    from narrative_qa.linting.engine import expand_paths
    from narrative_qa.read_ahead import reading_ahead

    files = expand_paths(paths)
    # Costly files start being read now, while the scorer, the model and jieba load (read_ahead.py).
    with reading_ahead(files, jobs):
        from narrative_qa.scoring.batch import score_paths

        result = score_paths(
            files,
            model=model,
            previous_dir=previous_dir,
            config=config,
            jobs=jobs,
            progress=sys.stderr.isatty(),
            keep_reports=output_format == "html",
            # The reference is every corpus document scored alone, so no batch comparison for it.
            batch_compare=not (no_batch_compare or write_reference),
        )
    for note in result.notes:
        typer.echo(f"注意：{note}", err=True)
    if write_reference:
        from narrative_qa.scoring.percentile import write_reference as write

        from narrative_qa.scoring.batch import refresh_percentiles

        written, used = write(_loaded_model(), result.cards)
        refresh_percentiles(result.cards)
        typer.echo(f"已写入评分参考分布：{written}（{used} 份模型语料中的报告）", err=True)

    if output_format == "html":
        from narrative_qa.render.html import write_html

        index = write_html(result.cards, out, errors=result.errors, force=force)
        typer.echo(f"已生成 HTML 报告：{index}", err=True)
    else:
        text = {"table": _table, "csv": _csv, "json": _json}[output_format](result)
        emit(text, out)
    if result.errors:
        typer.echo(f"以下 {len(result.errors)} 个文件无法评分：", err=True)
        for path, message in result.errors:
            typer.echo(f"  {path}：{message}", err=True)
    if not result.cards:
        raise typer.Exit(2)


def _loaded_model():  # the model the batch used (loaded once in this process)
    from narrative_qa.scoring.batch import _state

    return _state["model"]


def _table(result) -> str:
    from rich.console import Console
    from rich.table import Table

    from narrative_qa.scoring.rubric import DIMENSION_TITLES, DIMENSIONS

    table = Table(show_edge=False, pad_edge=False)
    for title in ("名次", "总分", "百分位", *(DIMENSION_TITLES[d] for d in DIMENSIONS), "错误", "警告", "提示", "文件"):
        table.add_column(title, justify="right" if title != "文件" else "left", no_wrap=title == "文件")
    for rank, card in enumerate(result.cards, start=1):
        counts = card.counts()
        table.add_row(
            str(rank),
            f"{card.total:.1f}",
            "—" if card.percentile is None else f"{card.percentile:.0f}",
            *(f"{card.dimensions[d].score:.0f}" for d in DIMENSIONS),
            str(counts["error"]),
            str(counts["warning"]),
            str(counts["info"]),
            card.path,
        )
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=sys.stdout.isatty(), color_system="auto" if sys.stdout.isatty() else None)
    console.print(table)
    return buffer.getvalue()


def _csv(result) -> str:
    from narrative_qa.scoring.scorecard import CSV_COLUMNS, csv_row

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, card in enumerate(result.cards, start=1):
        writer.writerow(csv_row(card, rank))
    return buffer.getvalue()


def _json(result) -> str:
    payload = {
        "reports": [dict(rank=rank, **card.to_dict()) for rank, card in enumerate(result.cards, start=1)],
        "errors": [{"file": path, "message": message} for path, message in result.errors],
        "notes": result.notes,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
