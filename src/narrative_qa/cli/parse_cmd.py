"""`nqa parse FILE [--format text|json]`: show the structure the parser recovered.

The JSON form is a stable contract documented in docs/parse-json.md; `report_to_json` builds
it and is the one place that decides its shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from narrative_qa.cli.app import app
from narrative_qa.cli.options import OutputFormat, format_option, level_option

PARSE_JSON_VERSION = 1


@app.command("parse")
def parse_command(
    file: Path = typer.Argument(..., help="报告文件（txt、md、docx、html、pdf）", show_default=False),
    output_format: OutputFormat = format_option(),
    level: str = level_option(),
) -> None:
    """解析报告结构：标题、单位、年度、章节、表格与警告。"""
    from narrative_qa.document.parse import read_report

    report = read_report(file, level=level)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
    else:
        typer.echo(report_to_text(report))


# -- JSON ---------------------------------------------------------------------------------


def _heading_json(heading: Any) -> dict[str, Any]:
    return {
        "key": heading.key,
        "ordinal": heading.ordinal,
        "title": heading.title,
        "line": heading.span.line,
        "column": heading.span.column,
        "inline": heading.inline,
        "confidence": heading.confidence,
    }


def _labels() -> tuple[list[str], list[str], list[str], list[str]]:
    from narrative_qa.document.tables import TABLE2_LABELS, TABLE3_COLUMNS, TABLE3_ROWS, TABLE4_LABELS

    return list(TABLE2_LABELS), list(TABLE3_ROWS), list(TABLE3_COLUMNS), list(TABLE4_LABELS)


def _flat_table(table: Any, labels: list[str]) -> dict[str, Any] | None:
    if table is None:
        return None
    return {
        "values": [value.to_json() for value in table.values],
        "kinds": [value.kind.value for value in table.values],
        "labels": labels,
        "source": table.source,
        "line": table.span.line if table.span else None,
    }


def report_to_json(report: Any) -> dict[str, Any]:
    """The `nqa parse --format json` document (see docs/parse-json.md)."""
    table2_labels, table3_rows, table3_columns, table4_labels = _labels()
    tables = report.tables
    table3 = None
    if tables.table3 is not None:
        table3 = {
            "values": [[value.to_json() for value in row] for row in tables.table3.values],
            "kinds": [[value.kind.value for value in row] for row in tables.table3.values],
            "labels": {"rows": table3_rows, "columns": table3_columns},
            "source": tables.table3.source,
            "line": tables.table3.span.line if tables.table3.span else None,
        }
    subtopics = [
        {"section": section.key, "section_index": index, **_heading_json(subtopic.heading)}
        for index, section in enumerate(report.sections)
        for subtopic in section.subtopics
    ]
    for item in subtopics:
        item.pop("key")
    return {
        "version": PARSE_JSON_VERSION,
        "file": str(report.raw.path),
        "format": report.raw.format,
        "encoding": report.raw.encoding,
        "title": report.title,
        "unit": report.unit,
        "year": report.year,
        "level": report.level,
        "era": report.era,
        "sections": [_heading_json(heading) for heading in report.headings],
        "subtopics": subtopics,
        "tables": {
            "table2": _flat_table(tables.table2, table2_labels),
            "table3": table3,
            "table4": _flat_table(tables.table4, table4_labels),
        },
        "warnings": list(report.warnings),
    }


# -- text ---------------------------------------------------------------------------------

_KIND_MARK = {"not_applicable": "/", "unreadable": "?", "missing": "-"}


def _cell(value: Any) -> str:
    if value.kind.value == "number":
        number = value.number
        return f"{number:g}" if isinstance(number, float) else str(number)
    return _KIND_MARK[value.kind.value]


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    padding = " " * max(0, width - _width(text))
    return padding + text if right else text + padding


def _grid(rows: list[tuple[str, list[str]]], header: list[str] | None = None) -> list[str]:
    label_width = max((_width(label) for label, _ in rows), default=0)
    columns = max((len(cells) for _, cells in rows), default=0)
    widths = [max([_width(cells[i]) for _, cells in rows if i < len(cells)] + [1]) for i in range(columns)]
    if header:
        widths = [max(width, _width(name)) for width, name in zip(widths, header)]
    lines = []
    if header:
        lines.append("    " + _pad("", label_width) + "  " + "  ".join(_pad(name, w, True) for name, w in zip(header, widths)))
    for label, cells in rows:
        lines.append("    " + _pad(label, label_width) + "  " + "  ".join(_pad(c, w, True) for c, w in zip(cells, widths)))
    return lines


def _short_row(label: str) -> str:
    """"（三）不予公开·1.属于国家秘密" -> "不予公开 1.属于国家秘密", cut to fit a terminal."""
    parts = label.split("·")
    if len(parts) == 2 and parts[0].startswith("（"):
        return f"{parts[0][3:]} {parts[1]}"[:16]
    return parts[-1][:16]


def _cjk(number: int | None) -> str:
    digits = "零一二三四五六七八九"
    if number is None:
        return "?"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    return str(number)


def report_to_text(report: Any) -> str:
    table2_labels, table3_rows, table3_columns, table4_labels = _labels()
    lines = [
        f"文件：{report.raw.path}（{report.raw.format}{'，' + report.raw.encoding if report.raw.encoding else ''}）",
        f"标题：{report.title or '（未识别）'}",
        f"单位：{report.unit or '（未识别）'}    年度：{report.year or '（未识别）'}    "
        f"层级：{report.level}    格式：{report.era}",
        "",
        "章节：",
    ]
    seen: dict[str, int] = {}
    for section in report.sections:
        heading = section.heading
        if heading is None:
            lines.append(f"  第{section.span.line}行  前言")
            continue
        marks = []
        if heading.key:
            seen[heading.key] = seen.get(heading.key, 0) + 1
            if seen[heading.key] > 1:
                marks.append("重复")
        else:
            marks.append("未识别")
        if heading.inline:
            marks.append(f"第{heading.span.column}列，与正文相连")
        if heading.confidence < 0.7:
            marks.append(f"置信度 {heading.confidence:.2f}")
        ordinal = "（无序号）" if heading.ordinal is None else f"{_cjk(heading.ordinal)}、"
        mark = f"  [{'；'.join(marks)}]" if marks else ""
        lines.append(f"  第{heading.span.line}行  {ordinal}{heading.title}  <{heading.key or 'unknown'}>{mark}")
        for subtopic in section.subtopics:
            sub = subtopic.heading
            where = f"第{sub.span.line}行" + (f"第{sub.span.column}列" if sub.span.column > 1 else "")
            lines.append(f"      {where}  （{_cjk(sub.ordinal)}）{sub.title}")
    tables = report.tables
    lines += ["", "表格（/ 不适用，? 无法识别，- 缺失）："]
    if tables.table2 is None:
        lines.append("  表二 主动公开政府信息情况：未找到")
    else:
        lines.append(f"  表二 主动公开政府信息情况（{tables.table2.source}）：")
        lines += _grid([(label, [_cell(value)]) for label, value in zip(table2_labels, tables.table2.values)])
    if tables.table3 is None:
        lines.append("  表三 收到和处理政府信息公开申请情况：未找到")
    else:
        lines.append(f"  表三 收到和处理政府信息公开申请情况（{tables.table3.source}）：")
        short_rows = [_short_row(label) for label in table3_rows]
        lines += _grid(
            [(label, [_cell(value) for value in row]) for label, row in zip(short_rows, tables.table3.values)],
            header=table3_columns,
        )
    if tables.table4 is None:
        lines.append("  表四 行政复议、行政诉讼情况：未找到")
    else:
        lines.append(f"  表四 行政复议、行政诉讼情况（{tables.table4.source}）：")
        blocks = ["行政复议", "诉讼·未经复议", "诉讼·复议后"]
        header = [label.split("·")[-1] for label in table4_labels[:5]]
        rows = [(blocks[b], [_cell(v) for v in tables.table4.values[b * 5 : b * 5 + 5]]) for b in range(3)]
        lines += _grid(rows, header=header)
    lines += ["", "警告："] + ([f"  - {warning}" for warning in report.warnings] or ["  （无）"])
    return "\n".join(lines)
