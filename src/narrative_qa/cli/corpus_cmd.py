"""`nqa corpus build | stats | diff`: the trainer's yearly workflow.

The commands only parse options, call narrative_qa.corpus and render; the library does the work.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from narrative_qa.cli.app import app

corpus_app = typer.Typer(
    name="corpus",
    help="语料与模型：构建（build）、查看（stats）、比较（diff）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(corpus_app, name="corpus")


def _console() -> Any:
    from rich.console import Console

    return Console(stderr=False, highlight=False, soft_wrap=False)


@corpus_app.command("build")
def build_command(
    sources: list[Path] = typer.Argument(..., help="语料来源：文件、文件夹或 manifest.tsv（可多个）", show_default=False),
    out: Path = typer.Option(..., "--out", "-o", help="模型输出文件夹，如 models/2025", show_default=False),
    jobs: int = typer.Option(1, "--jobs", "-j", help="并行进程数"),
    min_year: int = typer.Option(None, "--min-year", help="只使用该报告年度及以后的报告", show_default=False),
    force: bool = typer.Option(False, "--force", help="替换已存在的模型文件夹（只替换本工具生成的模型）"),
) -> None:
    """从语料构建模型（只含统计量，不含报告原文），原子写入 --out。"""
    from narrative_qa.corpus.build import build_model

    progress_bar = _Progress() if sys.stderr.isatty() else None
    try:
        result = build_model(
            sources, out, jobs=jobs, min_year=min_year, force=force, progress=progress_bar.update if progress_bar else None
        )
    finally:
        if progress_bar is not None:
            progress_bar.stop()
    model = result.model
    summary = model.documents
    lines = [f"模型已写入 {model.path}：{summary['documents']} 份报告，{summary['units']} 个单位，年度 {', '.join(map(str, model.years))}。"]
    if result.excluded_by_year:
        lines.append(f"早于 {min_year} 年的报告：{result.excluded_by_year} 份未使用。")
    for removed, kept in result.duplicates:
        lines.append(f"重复：{removed} 与 {kept} 为同一报告，已去重。")
    for skipped in result.skipped:
        lines.append(f"跳过：{skipped.name}（{skipped.reason}）")
    typer.echo("\n".join(lines))


class _Progress:
    """A rich progress bar on stderr, shown only on a terminal (quiet when piped)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("读取与统计"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[name]}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._task: Any = None

    def update(self, done: int, total: int, name: str) -> None:
        if self._task is None:
            # Started on the first result, i.e. after the process pool has forked: forking
            # while rich's refresh thread holds a lock could deadlock a worker.
            self._progress.start()
            self._task = self._progress.add_task("build", total=total, name="")
        self._progress.update(self._task, completed=done, name=name)

    def stop(self) -> None:
        self._progress.stop()


@corpus_app.command("stats")
def stats_command(
    model_path: Path = typer.Argument(..., metavar="MODEL", help="模型文件夹", show_default=False),
    top: int = typer.Option(20, "--top", help="列出的常见短语条数"),
    plot: Path = typer.Option(None, "--plot", help="把图表（PNG）写入该文件夹（需 matplotlib）", show_default=False),
) -> None:
    """查看模型内容：按年度/层级/时期的报告数、常见短语、句子指纹、各部分篇幅分布。"""
    from rich.table import Table

    from narrative_qa.corpus.model import load_model
    from narrative_qa.corpus.stats import model_stats, plot_model

    model = load_model(model_path)
    stats = model_stats(model, top=top)
    console = _console()
    console.print(
        f"模型 {stats['path']}：{stats['documents']} 份报告，{stats['units']} 个单位；词表 {stats['vocabulary']} 词，"
        f"短语 {stats['phrases']} 个（其中模板用语 {stats['mandatory_phrases']} 个），句子指纹 {stats['fingerprints']} 个；"
        f"构建时跳过 {stats['skipped']} 份，去重 {stats['duplicates']} 份。"
    )
    for title, key in (("按报告年度", "by_year"), ("按单位层级", "by_level"), ("按格式时期", "by_era")):
        table = Table(title=title)
        table.add_column("类别")
        table.add_column("报告数", justify="right")
        for name, count in stats[key].items():
            table.add_row(_LEVEL_NAMES.get(name, name), str(count))
        console.print(table)
    for title, key in (("常见短语（不含模板用语）", "common_phrases"), ("模板用语（表格标签、标题等，不计为套话）", "template_phrases")):
        table = Table(title=title)
        table.add_column("短语")
        table.add_column("报告数", justify="right")
        table.add_column("占比", justify="right")
        table.add_column("单位数", justify="right")
        for row in stats[key]:
            table.add_row(row["text"], str(row["documents"]), f"{row['share']:.0%}", str(row["units"]))
        console.print(table)
    table = Table(title="句子指纹：同一句子出现在多少份报告中")
    table.add_column("报告数", justify="right")
    table.add_column("句子数", justify="right")
    for row in stats["fingerprint_histogram"]:
        table.add_row(row["documents"], str(row["sentences"]))
    console.print(table)
    table = Table(title="各部分叙述篇幅（汉字数）")
    for column in ("部分", "报告数", "P10", "P25", "中位数", "P75", "P90"):
        table.add_column(column, justify="left" if column == "部分" else "right")
    for row in stats["section_lengths"]:
        table.add_row(row["title"], str(row["documents"]), *(f"{row[f'p{q}']:.0f}" for q in (10, 25, 50, 75, 90)))
    console.print(table)
    if plot is not None:
        for path in plot_model(model, plot):
            console.print(f"已写入图表 {path}")


_LEVEL_NAMES = {"government": "人民政府", "department": "部门", "township": "乡镇街道", "unknown": "未知"}


@corpus_app.command("diff")
def diff_command(
    old: Path = typer.Argument(..., help="旧模型文件夹（如上一年度）", show_default=False),
    new: Path = typer.Argument(..., help="新模型文件夹", show_default=False),
    top: int = typer.Option(20, "--top", help="每类列出的短语条数"),
    min_change: float = typer.Option(0.10, "--min-change", help="占比变化达到多少才列出（0–1）"),
) -> None:
    """比较两个模型：变得常见或消失的短语、各部分篇幅中位数的变化。"""
    from rich.table import Table

    from narrative_qa.corpus.diff import diff_models
    from narrative_qa.corpus.model import load_model

    result = diff_models(load_model(old), load_model(new), top=top, min_change=min_change)
    console = _console()
    console.print(
        f"旧模型 {result['old']['path']}（{result['old']['documents']} 份）→ 新模型 {result['new']['path']}（{result['new']['documents']} 份）"
    )
    for title, key in (("变得常见的短语", "became_common"), ("变少或消失的短语", "became_rare")):
        table = Table(title=title)
        table.add_column("短语")
        table.add_column("旧占比", justify="right")
        table.add_column("新占比", justify="right")
        table.add_column("变化", justify="right")
        for row in result[key]:
            table.add_row(row["text"], f"{row['old_share']:.0%}", f"{row['new_share']:.0%}", f"{row['change']:+.0%}")
        if not result[key]:
            table.add_row("（无）", "", "", "")
        console.print(table)
    table = Table(title="各部分叙述篇幅中位数（汉字数）")
    for column in ("部分", "旧", "新", "变化"):
        table.add_column(column, justify="left" if column == "部分" else "right")
    for row in result["section_lengths"]:
        table.add_row(
            row["title"],
            "—" if row["old_median"] is None else f"{row['old_median']:.0f}",
            "—" if row["new_median"] is None else f"{row['new_median']:.0f}",
            "—" if row["change"] is None else f"{row['change']:+.0f}",
        )
    console.print(table)
