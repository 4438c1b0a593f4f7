"""Compiler-style text output:

    drafts/report.md:12:1: S001 [error] 标题“一、总体情况”重复出现 (duplicate-heading)
       12 | 一、总体情况
          | ^~~~~~~~~~~
       证据：first_line=3
       建议：删除第二个标题，或把它改成应有的标题

Colours (ANSI) only when the caller says the stream is a terminal. Widths count CJK characters
as two columns so the marker sits under the span. Very long lines (the 平潭 captures put a whole
report on one line) are shown as a window around the span.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from enum import Enum
from typing import Any

from narrative_qa.render.json import dumps
from narrative_qa.rules.registry import FAMILIES, Finding, Rule, Severity

WINDOW = 30  # characters shown either side of the span on a long line
LONG_LINE = 100  # lines longer than this are windowed
MAX_SPAN = 60  # characters of the span itself shown before eliding
MAX_EVIDENCE = 300

_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def render_findings(result: Any, *, colour: bool = False) -> str:
    """The whole text report for a LintResult (findings, then the summary line)."""
    blocks = []
    for file_result in result.files:
        for finding in file_result.findings:
            blocks.append(render_finding(finding, file_result.lines, colour=colour))
    blocks.append(summary_line(result))
    return "\n".join(blocks) + "\n"


def render_finding(finding: Finding, lines: dict[int, str], *, colour: bool = False) -> str:
    severity = _paint(f"[{finding.severity.value}]", _COLOURS[finding.severity], colour)
    location = _paint(f"{finding.file}:{finding.line}:{finding.column}:", _BOLD, colour)
    out = [f"{location} {finding.code} {severity} {finding.message} ({finding.name})"]
    out.extend(_snippet(finding, lines, colour))
    if finding.evidence:
        out.append(f"   证据：{format_evidence(finding.evidence)}")
    if finding.suggestion:
        out.append(f"   建议：{finding.suggestion}")
    return "\n".join(out)


def _is_whole_file(finding: Finding) -> bool:
    # Rule.finding(span=None) places a finding at 1:1 with no extent: nothing to point at.
    return (finding.start, finding.end, finding.line, finding.column, finding.end_line, finding.end_column) == (
        0, 0, 1, 1, 1, 1,
    )


def _snippet(finding: Finding, lines: dict[int, str], colour: bool) -> list[str]:
    source = lines.get(finding.line)
    if source is None or _is_whole_file(finding):
        return []
    source = source.replace("\t", " ")
    start = max(0, min(finding.column - 1, len(source)))
    end = finding.end_column - 1 if finding.end_line == finding.line else len(source)
    end = max(start, min(end, len(source)))
    shown_start, shown_end, prefix, suffix = 0, len(source), "", ""
    if len(source) > LONG_LINE:
        shown_start = max(0, start - WINDOW)
        shown_end = min(len(source), min(end, start + MAX_SPAN) + WINDOW)
        prefix = "…" if shown_start > 0 else ""
        suffix = "…" if shown_end < len(source) else ""
    before = source[shown_start:start]
    span_text = source[start:min(end, start + MAX_SPAN)]
    after = source[min(end, start + MAX_SPAN):shown_end]
    gutter = f"{finding.line:>5} | "
    blank = " " * 5 + " | "
    marker_width = max(1, display_width(span_text))
    marker = "^" + "~" * (marker_width - 1)
    code = _COLOURS[finding.severity]
    shown = prefix + before + _paint(span_text, code, colour) + after + suffix
    return [
        _paint(gutter, _DIM, colour) + shown,
        _paint(blank, _DIM, colour) + " " * display_width(prefix + before) + _paint(marker, code, colour),
    ]


def format_evidence(evidence: dict[str, Any]) -> str:
    parts = []
    for key, value in evidence.items():
        if isinstance(value, Enum):
            value = value.value
        shown = value if isinstance(value, str) else dumps(value, separators=(",", ":"))
        parts.append(f"{key}={shown}")
    text = "; ".join(parts)
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1] + "…"


def summary_line(result: Any) -> str:
    findings = result.findings
    counts = {severity: sum(1 for f in findings if f.severity is severity) for severity in Severity}
    return (
        f"共 {len(findings)} 个问题：错误 {counts[Severity.ERROR]}，警告 {counts[Severity.WARNING]}，"
        f"提示 {counts[Severity.INFO]}；检查文件 {result.files_checked} 个，无法读取 {result.files_unreadable} 个"
    )


def render_rules_table(rules: Iterable[Rule]) -> str:
    """`nqa rules`: one aligned row per rule."""
    header = ("代码", "名称", "类别", "级别", "说明")
    rows = [header] + [
        (r.code, r.name, FAMILIES.get(r.family, r.family), r.severity.value, r.summary) for r in rules
    ]
    widths = [max(display_width(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(pad(cell, widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows
    ) + "\n"


def render_rule_doc(rule: Rule) -> str:
    """`nqa explain`: the rule's identity, its configurable defaults, then its docstring."""
    lines = [
        f"{rule.code} {rule.name}",
        f"类别：{rule.family}（{FAMILIES.get(rule.family, '')}）",
        f"默认级别：{rule.severity.value}",
    ]
    if rule.defaults:
        options = "，".join(f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in rule.defaults.items())
        lines.append(f"可配置参数（默认值）：{options}")
    if rule.needs_model:
        lines.append("需要语料模型（--model）")
    if rule.needs_previous:
        lines.append("需要上一年度报告（--previous）")
    return "\n".join(lines) + "\n\n" + rule.doc + "\n"
