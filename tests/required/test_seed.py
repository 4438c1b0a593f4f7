"""The seed report (a district housing bureau, 2024): what the rulebook says about it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from narrative_qa.document.parse import read_report
from narrative_qa.required.assess import assess
from narrative_qa.required.rulebook import builtin_rulebook
from narrative_qa.rules.registry import Context


def _results(seed_report):
    report = read_report(seed_report)
    return report, {result.entry.id: result for result in assess(report, builtin_rulebook())}


def test_seed_lacks_last_years_rectification_with_a_suggestion(seed_report):
    report, results = _results(seed_report)
    rectified = results["previous-problems-rectified"]
    assert rectified.missing
    assert rectified.severity.value == "warning"  # recommended, not universal
    assert "2023年度报告" in rectified.suggestion  # the year before the report's year
    assert "【请填写：" in rectified.suggestion  # what was fixed is not in the report: placeholder


def test_seed_fee_statement_is_present(seed_report):
    report, results = _results(seed_report)
    fee = results["processing-fee"]
    assert fee.detection.present
    assert fee.detection.section == "other"


def test_seed_application_subtopic_gets_the_table3_figure(seed_report):
    report, results = _results(seed_report)
    applications = results["overview-applications"]
    assert applications.detection.present  # the sub-topic is there …
    revision = applications.revision  # … but says 未收到 while table 3 counts 7
    assert revision is not None
    assert "未收到" in report.text[revision.start : revision.end]
    assert "新收政府信息公开申请7件" in revision.replacement
    assert "本机关不掌握相关政府信息" in revision.replacement
    assert "7件" in revision.reason
    figures = results["overview-figures"]
    assert figures.missing and "收到政府信息公开申请7件" in figures.suggestion


def test_seed_level_and_applicability(seed_report):
    report, results = _results(seed_report)
    assert report.level == "department"
    assert "overview-assessment-results" not in results  # only 人民政府 report it (条例第五十条)
    assert results["key-tasks-follow-up"].severity.value == "info"


def test_lint_rule_on_the_seed(seed_report):
    from narrative_qa.rules.registry import find_rule

    report = read_report(seed_report)
    rule = find_rule("R001")
    findings = list(rule.check(Context(report=report), rule))
    by_id = {finding.evidence["id"]: finding for finding in findings}
    finding = by_id["previous-problems-rectified"]
    assert finding.section == "problems"
    assert finding.line == report.section("problems").heading.span.line
    assert "上年度问题整改情况" in finding.message and "第五十条" in finding.message
    assert set(finding.evidence) >= {"id", "section", "source", "best_similarity"}
    assert finding.suggestion
    assert "processing-fee" not in by_id


def test_suggest_cli_text_and_json(seed_report):
    from narrative_qa.cli.app import _register_commands, app

    _register_commands()
    runner = CliRunner()
    text = runner.invoke(app, ["suggest", str(seed_report)])
    assert text.exit_code == 0, text.output
    assert "上年度问题整改情况" in text.output
    assert "新收政府信息公开申请7件" in text.output
    assert "【五、存在的主要问题及改进情况】" in text.output
    result = runner.invoke(app, ["suggest", str(seed_report), "--format", "json"])
    data = json.loads(result.output)
    assert {item["id"] for item in data["missing"]} >= {"previous-problems-rectified", "overview-figures"}
    assert "processing-fee" not in {item["id"] for item in data["missing"]}
    assert data["revisions"][0]["id"] == "overview-applications"
    assert "7件" in data["revisions"][0]["revision"]["replacement"]
