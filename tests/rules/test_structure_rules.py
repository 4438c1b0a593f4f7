"""S rules: fixtures (fires / clean), the seed's repeated heading, and hand-checked real cases."""

from __future__ import annotations

import pytest
from rule_helpers import check_fixture_findings, fixture_cases, report_from_text, run_fixture, run_rule
from report_builder import FictionalReport

from narrative_qa.document.model import SECTION_TITLES
from narrative_qa.rules._similarity import normalize_title, tfidf_cosine_matrix


@pytest.mark.parametrize(("name", "stem"), fixture_cases("S"))
def test_fixture(name: str, stem: str) -> None:
    check_fixture_findings(name, stem, run_fixture(name, stem))


def test_seed_duplicate_heading_reports_both_occurrences(seed_report) -> None:
    findings = run_rule("duplicate-heading", seed_report)
    assert [(finding.line, finding.column, finding.severity.value) for finding in findings] == [(5, 1, "info"), (9, 1, "error")]
    first, repeat = findings
    assert repeat.evidence["first_line"] == 5 and repeat.evidence["lines"] == [5, 9]
    assert "第 9 行" in first.message and "第 5 行" in repeat.message
    assert repeat.section == "overview"
    # the repeat is the duplicate's finding only: numbering-restart leaves it alone
    assert run_rule("numbering-restart", seed_report) == []


def test_spaced_title_is_the_same_heading(tmp_path) -> None:
    report = FictionalReport(headings=["一、总体情况", "一、总 体 情 况", *FictionalReport().headings[1:]], bodies={0: "概述一句。"})
    findings = run_rule("duplicate-heading", report_from_text(report.render(), tmp_path))
    assert [finding.severity.value for finding in findings] == ["info", "error"]


def test_near_duplicate_threshold_separates_sections_from_variants() -> None:
    """The default 0.7 lies between different standard titles and variants of one title."""
    standard = [normalize_title(title) for title in SECTION_TITLES.values()]
    matrix = tfidf_cosine_matrix(standard)
    assert max(matrix[i][j] for i in range(6) for j in range(6) if i != j) < 0.45
    variants = {
        "存在的主要问题和改进情况": "problems",
        "其他需要报告事项": "other",
        "政府信息公开行政法复议、行政诉讼情况": "review_litigation",
    }
    keys = list(SECTION_TITLES)
    for variant, key in variants.items():
        texts = [*standard, normalize_title(variant)]
        similarity = tfidf_cosine_matrix(texts)[-1][keys.index(key)]
        assert similarity >= 0.7, (variant, similarity)


def test_tfidf_matches_scikit_learn() -> None:
    """Same weights as sklearn's char TfidfVectorizer (smooth idf, l2), without importing it at lint time."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    texts = [normalize_title(title) for title in SECTION_TITLES.values()] + ["存在的主要问题和改进情况", "主动公开情况"]
    expected = cosine_similarity(TfidfVectorizer(analyzer="char", ngram_range=(1, 2)).fit_transform(texts))
    ours = tfidf_cosine_matrix(texts, (1, 2))
    for i in range(len(texts)):
        for j in range(len(texts)):
            assert ours[i][j] == pytest.approx(expected[i][j], abs=1e-9)


def test_near_duplicate_threshold_is_configurable() -> None:
    fires = run_fixture("near-duplicate-heading", "fires")
    similarity = fires[0].evidence["similarity"]
    from rule_helpers import RULE_FIXTURES

    assert run_rule("near-duplicate-heading", RULE_FIXTURES / "near-duplicate-heading" / "fires.txt", threshold=similarity + 0.01) == []


def test_missing_section_points_where_it_belongs() -> None:
    findings = run_fixture("missing-section", "fires")
    assert len(findings) == 1
    assert findings[0].evidence["missing"] == "review_litigation"
    assert "五、存在的主要问题及改进情况" in findings[0].message


def test_no_headings_at_all_is_one_finding(tmp_path) -> None:
    text = "青禾县民政局2024年政府信息公开工作年度报告\n\n本年度我局认真落实政务公开各项要求，主动公开信息286条，共收到政府信息公开申请6件。\n"
    report = report_from_text(text, tmp_path)
    report.era = "2021format"  # a six-section report whose headings are all gone
    findings = run_rule("missing-section", report)
    assert len(findings) == 1 and findings[0].evidence["missing"] == list(SECTION_TITLES)


def test_out_of_order_heading_is_not_also_a_wrong_ordinal() -> None:
    order = run_fixture("section-order", "fires")
    assert [finding.evidence["key"] for finding in order] == ["other"]
    assert order[0].evidence["relation"] == "after"
    wrong = run_rule("wrong-ordinal", _fixture("section-order", "fires"))
    assert all(finding.line != order[0].line for finding in wrong)


def test_wrong_ordinal_suggests_the_right_number() -> None:
    findings = run_fixture("wrong-ordinal", "fires")
    assert [finding.evidence["expected_ordinal"] for finding in findings] == [4, 5, 6]
    assert findings[0].suggestion == "四、政府信息公开行政复议、行政诉讼情况"


def test_single_short_section_title_is_not_a_promoted_subtopic(tmp_path) -> None:
    """"二、主动公开情况" directly over table 2 is section 二 with a short title."""
    report = FictionalReport(headings=["一、总体情况", "二、主动公开情况", *FictionalReport().headings[2:]])
    assert run_rule("promoted-subtopic", report_from_text(report.render(), tmp_path)) == []


def test_kewei_overview_subtopics_written_as_sections(real_corpus) -> None:
    """Hand-checked: the 2024 科委 Markdown numbers its overview sub-topics 二…六 as top-level
    headings, then restarts at 一 for the table sections."""
    path = real_corpus / "peers" / "shanghai-kewei-2024-source.md"
    promoted = run_rule("promoted-subtopic", path)
    assert [finding.line for finding in promoted] == [30, 41, 48, 55]
    assert [finding.line for finding in run_rule("numbering-restart", path)] == [73]


def test_empty_section_only_when_nothing_follows_the_heading(tmp_path) -> None:
    assert [finding.line for finding in run_fixture("empty-section", "fires")] == [74]
    # a section holding only its table is not empty
    assert run_rule("empty-section", _fixture("missing-table", "clean")) == []


def _fixture(name: str, stem: str):
    from rule_helpers import RULE_FIXTURES

    return RULE_FIXTURES / name / f"{stem}.txt"
