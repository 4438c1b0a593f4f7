"""SARIF 2.1.0 output, for code-scanning tools (GitHub code scanning, IDE viewers).

One run; tool.driver lists every registered rule (ruleIndex points into that list); each
finding is a result with one physical location. Columns count Unicode code points
(columnKind "unicodeCodePoints"), end columns are exclusive, as in SARIF. Paths under the
working directory are relative URIs against %SRCROOT%; others are absolute file URIs. Files
that could not be read are toolExecutionNotifications of the invocation, which is then not
`executionSuccessful`. Evidence, section and suggestion travel in result.properties (the
suggestion is advice in words, not an edit, so it is not a SARIF `fix`); the suggestion is also
appended to the message so viewers that show only the message still show it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from narrative_qa import __version__
from narrative_qa.render.json import dumps
from narrative_qa.rules.registry import FAMILIES, Finding, Rule, Severity, all_rules

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"


def artifact_location(file: str, cwd: Path) -> dict[str, str]:
    absolute = Path(file).resolve()
    try:
        relative = absolute.relative_to(cwd)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.doc or rule.name},
        "help": {"text": rule.doc or rule.name},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"family": FAMILIES.get(rule.family, rule.family), "tags": [FAMILIES.get(rule.family, rule.family)]},
    }


def _region(finding: Finding) -> dict[str, int]:
    start_line = max(1, finding.line)
    start_column = max(1, finding.column)
    end_line = max(start_line, finding.end_line)
    end_column = max(1, finding.end_column)
    if end_line == start_line:
        end_column = max(start_column, end_column)
    return {"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column}


def _result(finding: Finding, index: int | None, cwd: Path) -> dict[str, Any]:
    text = finding.message + (f"\n建议：{finding.suggestion}" if finding.suggestion else "")
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [
            {"physicalLocation": {"artifactLocation": artifact_location(finding.file, cwd), "region": _region(finding)}}
        ],
        "properties": {
            "name": finding.name,
            "section": finding.section,
            "evidence": finding.evidence,
            "suggestion": finding.suggestion,
        },
    }
    if index is not None:
        result["ruleIndex"] = index
    if finding.fingerprint:
        result["partialFingerprints"] = {"narrativeQa/v1": finding.fingerprint}
    return result


def build_log(result: Any, *, cwd: Path | None = None) -> dict[str, Any]:
    """The SARIF log (a dict) for a LintResult."""
    cwd = (cwd or Path.cwd()).resolve()
    rules = all_rules()
    index = {rule.code: position for position, rule in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(file, cwd)}}],
        }
        for file, message in result.errors
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "narrative-qa",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_descriptor(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": cwd.as_uri().rstrip("/") + "/"}},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index.get(f.code), cwd) for f in result.findings],
            }
        ],
    }


def render_findings(result: Any) -> str:
    return dumps(build_log(result), indent=2) + "\n"

