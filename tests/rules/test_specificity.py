"""Q001-Q006: thin and generic text, problems and measures, last year's problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from text_rule_helpers import RULE_FIXTURES, run, run_fixture

from narrative_qa.document.parse import read_report
from narrative_qa.rules._text import analyze_report, problems_section_indexes, split_problems
from narrative_qa.rules.registry import find_rule


@pytest.mark.parametrize("name", ["repeated-problems", "unaddressed-previous-problems"])
def test_problem_history_rules_need_last_years_report(name: str) -> None:
    assert find_rule(name).needs_previous and (RULE_FIXTURES / name / "previous.md").is_file()


def test_seed_problems_section_is_thin_with_evidence(seed_report: Path) -> None:
    [finding] = run("thin-problems-section", seed_report)
    assert finding.code == "Q001" and finding.section == "problems"
    assert finding.line == 77  # the 五 heading of the seed
    evidence = finding.evidence
    assert evidence["chars"] == 150 and evidence["specifics"] == 0
    assert evidence["length_percentile"] < 25
    assert "150 个汉字" in finding.message


def test_thin_threshold_is_configuration(seed_report: Path) -> None:
    assert run("thin-problems-section", seed_report, **{"short-percentile": 5.0, "generic-percentile": 5.0}) == []


def test_a_long_specific_problems_section_is_not_thin(real_corpus: Path) -> None:
    # 平潭 公安局 2024: 410 characters, named channels and meetings (hand-labelled "ok").
    assert run("thin-problems-section", real_corpus / "pingtan" / "ptzhsyqgaj" / "2024.txt") == []


def test_seed_overview_subtopics_without_figures(seed_report: Path) -> None:
    titles = {finding.evidence["subtopic"] for finding in run("generic-overview-subtopic", seed_report)}
    assert "主动公开" in titles
    assert "依申请公开" not in titles  # names the bureau and says no application was received


def test_problems_and_measures_are_told_apart() -> None:
    report = read_report(RULE_FIXTURES / "unanswered-problem" / "clean.md")
    analysis = analyze_report(report)
    [index] = problems_section_indexes(report)
    problems, measures = split_problems(analysis, index)
    assert len(problems) == 3 and len(measures) == 3
    assert all(info.text.startswith(("一是", "二是", "三是")) for info in problems + measures)


def test_unanswered_problem_names_the_problem_line() -> None:
    [finding] = run_fixture("unanswered-problem", "fires")
    assert finding.line == 35 and finding.evidence["best_similarity"] < 0.05


def test_repeated_problems_point_at_last_year() -> None:
    findings = run_fixture("repeated-problems", "fires")
    assert len(findings) == 2
    assert all(f.evidence["identical"] and f.evidence["previous_line"] == 33 for f in findings)


def test_unaddressed_previous_problem_is_listed_once() -> None:
    [finding] = run_fixture("unaddressed-previous-problems", "fires")
    assert [item["line"] for item in finding.evidence["problems"]] == [33]
    assert finding.evidence["previous_problems"] == 2  # one of the two is reported fixed
