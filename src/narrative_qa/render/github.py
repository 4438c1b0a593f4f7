"""GitHub Actions workflow commands: one annotation per finding.

    ::error file=drafts/a.md,line=12,col=1,endLine=12,endColumn=7,title=S001 duplicate-heading::标题重复

Escaping follows the workflow-command rules (actions/toolkit command.ts): in the message,
% \\r \\n become %25 %0D %0A; in property values also : and , become %3A and %2C.
"""

from __future__ import annotations

from typing import Any

from narrative_qa.rules.registry import Finding, Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = {
        "file": finding.file.replace("\\", "/"),
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": f"{finding.code} {finding.name}",
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = finding.message + (f"\n建议：{finding.suggestion}" if finding.suggestion else "")
    return f"::{LEVELS[finding.severity]} {joined}::{escape_data(message)}"


def render_findings(result: Any) -> str:
    lines = [annotation(finding) for finding in result.findings]
    for file, message in result.errors:
        properties = f"file={escape_property(file.replace(chr(92), '/'))},title={escape_property('无法检查')}"
        lines.append(f"::error {properties}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)
