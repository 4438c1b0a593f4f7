"""`nqa suggest FILE [--diff] [--write OUT] [--level …] [--format text|json]`: the required
statements a report lacks, with ready-to-paste text filled from the report's own figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from narrative_qa.cli.app import app
from narrative_qa.cli.options import OutputFormat, format_option, level_option

SUGGEST_JSON_VERSION = 1


@app.command("suggest")
def suggest_command(
    file: Path = typer.Argument(..., help="报告或草稿文件（txt、md、docx、html、pdf）", show_default=False),
    diff: bool = typer.Option(False, "--diff", help="输出把建议文字插入草稿的统一差异（diff），仅限 txt/md"),
    write: Path = typer.Option(
        None, "--write", help="把插入建议文字后的草稿写到新文件（不会覆盖输入文件）", show_default=False
    ),
    force: bool = typer.Option(False, "--force", help="允许覆盖已存在的输出文件（输入文件除外）"),
    revise: bool = typer.Option(
        False, "--revise", help="同时用按表格数字写成的句子替换与表格矛盾的表述（默认只列出，不替换）"
    ),
    optional: bool = typer.Option(
        False, "--optional", help="--diff/--write 时也插入可选（info）条目的建议文字（默认只列出）"
    ),
    level: str = level_option(),
    output_format: OutputFormat = format_option(),
    config: Path = typer.Option(None, "--config", help="指定配置文件（默认从文件所在目录向上查找）", show_default=False),
) -> None:
    """列出报告缺少的规定内容，并给出按本报告数字填好的建议文字。"""
    from narrative_qa.document.parse import read_report
    from narrative_qa.required.assess import assess
    from narrative_qa.required.insert import (
        apply_edits,
        check_editable,
        original_text,
        plan_edits,
        unified_diff,
        write_new_file,
    )

    report = read_report(file, level=level)
    rulebook, similarity = _rulebook_for(file, config)
    results = assess(report, rulebook, similarity=similarity)
    if diff or write is not None:
        check_editable(report)
        edits = plan_edits(report, results, revise=revise, optional=optional)
        original, encoding = original_text(report)
        amended = apply_edits(original, edits)
        if write is not None:
            write_new_file(write, amended, source=file, force=force, encoding=encoding)
        if diff:
            typer.echo(unified_diff(original, amended, file.name), nl=False)
            return
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(suggestions_to_json(report, results), ensure_ascii=False, indent=2))
    else:
        typer.echo(suggestions_to_text(report, results))
    if write is not None:
        typer.echo(f"已写入：{write}")


def _rulebook_for(file: Path, config: Path | None):
    """The rulebook and threshold the configuration gives `missing-required-statement`, so
    that `nqa suggest` and `nqa lint` agree about the same draft."""
    from narrative_qa.linting.config import Overrides, settings_for
    from narrative_qa.required.assess import rulebook_from_options
    from narrative_qa.required.presence import DEFAULT_SIMILARITY
    from narrative_qa.required.rulebook import extra_rulebook_base

    settings = settings_for(file, Overrides(config=config))
    options = dict(settings.rule_options.get("missing-required-statement", {}))
    options.update(settings.rule_options.get("R001", {}))
    rulebook = rulebook_from_options(options, base_dir=extra_rulebook_base(file, options.get("extra-rulebook")))
    return rulebook, float(options.get("similarity", DEFAULT_SIMILARITY))


_LEVEL_NAMES = {"government": "人民政府", "department": "部门", "township": "乡镇（街道）", "unknown": "未能判断"}
_SEVERITY_NAMES = {"error": "必须", "warning": "建议", "info": "可选"}


def _section_label(key: str) -> str:
    from narrative_qa.required.assess import section_heading_text

    return "报告开头（一、总体情况之前）" if key == "preamble" else section_heading_text(key)


def suggestions_to_text(report: Any, results: list[Any]) -> str:
    missing = [result for result in results if result.missing]
    revisions = [result for result in results if result.revision is not None]
    header = (
        f"{report.path}：{report.unit or '单位未识别'}，{report.year or '年度未识别'}年，"
        f"层级：{_LEVEL_NAMES.get(report.level, report.level)}；"
        f"检查 {len(results)} 项规定内容，缺少 {len(missing)} 项，建议修改 {len(revisions)} 项。"
    )
    lines = [header]
    order = ["preamble", "overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]
    for key in order:
        here = [result for result in missing if result.entry.section == key]
        fixes = [result for result in revisions if result.entry.section == key]
        if not here and not fixes:
            continue
        lines.append("")
        lines.append(f"【{_section_label(key)}】")
        for result in here:
            entry = result.entry
            lines.append(f"  缺少（{_SEVERITY_NAMES[result.severity.value]}）：{entry.title}  [{entry.id}]")
            lines.append(f"    依据：{entry.source}")
            lines.append(f"    建议补充：{result.suggestion}")
        for result in fixes:
            revision = result.revision
            quoted = report.text[revision.start : revision.end]
            lines.append(f"  建议修改：{result.entry.title}  [{result.entry.id}]")
            lines.append(f"    原因：{revision.reason}")
            lines.append(f"    原文：{quoted}")
            lines.append(f"    改为：{revision.replacement}")
    if any(result.has_placeholder for result in missing):
        lines.append("")
        lines.append("说明：“【请填写：…】”处是报告中没有的数字或事实，请据实填写；本工具不代为编造。")
    return "\n".join(lines)


def suggestions_to_json(report: Any, results: list[Any]) -> dict[str, Any]:
    def item(result: Any) -> dict[str, Any]:
        entry = result.entry
        data: dict[str, Any] = {
            "id": entry.id,
            "title": entry.title,
            "section": entry.section,
            "source": entry.source,
            "severity": result.severity.value,
            "present": result.detection.present,
            "method": result.detection.method,
            "best_similarity": result.detection.best_similarity,
        }
        if result.missing:
            data["suggestion"] = result.suggestion
            data["has_placeholder"] = result.has_placeholder
        if result.revision is not None:
            revision = result.revision
            span = report.raw.span(revision.start, revision.end)
            data["revision"] = {
                "reason": revision.reason,
                "line": span.line,
                "column": span.column,
                "original": report.text[revision.start : revision.end],
                "replacement": revision.replacement,
            }
        return data

    return {
        "version": SUGGEST_JSON_VERSION,
        "file": str(report.path),
        "unit": report.unit,
        "year": report.year,
        "level": report.level,
        "era": report.era,
        "missing": [item(result) for result in results if result.missing],
        "revisions": [item(result) for result in results if result.revision is not None],
        "checked": [item(result) for result in results],
    }
