"""The rubric: defaults as documented, configuration laid over them, bad values refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrative_qa.errors import UsageError
from narrative_qa.scoring.rubric import DIMENSIONS, build_rubric, default_rubric, explain, load_rubric
from narrative_qa.scoring.score import charged_items, dimension_scores


def test_default_weights_sum_to_100_and_cover_every_dimension() -> None:
    rubric = default_rubric()
    assert set(rubric.weights) == set(DIMENSIONS)
    assert sum(rubric.weights.values()) == 100


def test_costs_follow_severity_multiplier_and_caps() -> None:
    rubric = default_rubric()
    total, dims = dimension_scores(rubric, [], None)
    assert total == 100
    # one error in accuracy: 25 of the dimension's 100, weighted 30% -> 7.5 points
    total, dims = dimension_scores(rubric, [("C001", "error")], None)
    assert dims["accuracy"].score == 75 and total == pytest.approx(92.5)
    # the first occurrence of a duplicated heading (info) costs nothing, the duplicate does
    _, dims = dimension_scores(rubric, [("S001", "info"), ("S001", "error")], None)
    assert dims["structure"].score == 75
    # one arithmetic rule failing on many rows costs at most one error (rule_caps)
    _, dims = dimension_scores(rubric, [("T002", "error")] * 4, None)
    assert dims["accuracy"].score == 75
    # R001 may take the whole dimension; a dimension never goes below zero
    _, dims = dimension_scores(rubric, [("R001", "error")] * 6, None)
    assert dims["completeness"].score == 0
    # meta findings cost nothing
    assert dimension_scores(rubric, [("X001", "warning")], None)[0] == 100


def test_specificity_blends_corpus_percentile() -> None:
    rubric = default_rubric()
    _, dims = dimension_scores(rubric, [], 50.0)
    assert dims["specificity"].score == pytest.approx(0.6 * 100 + 0.4 * 50)


def test_configuration_file_overrides_defaults(tmp_path: Path) -> None:
    (tmp_path / ".narrative-qa.toml").write_text(
        "[score]\nweights = { accuracy = 50 }\nseverity_cost = { warning = 20 }\n"
        "[score.rules]\nduplicate-heading = 2.0\n\"R001:info\" = 0\n",
        encoding="utf-8",
    )
    report = tmp_path / "draft.txt"
    report.write_text("x", encoding="utf-8")
    rubric = load_rubric(near=report)
    assert rubric.weights["accuracy"] == 50 and rubric.severity_cost["warning"] == 20
    assert rubric.multiplier("S001", "error") == 2.0
    assert rubric.multiplier("R001", "info") == 0 and rubric.multiplier("R001", "warning") == 1.0
    assert "accuracy" in explain(rubric) and str(tmp_path) in explain(rubric)


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.narrative-qa]\nselect = [\"S\"]\n[tool.narrative-qa.score]\nrule_cap = 30\n", encoding="utf-8"
    )
    assert load_rubric(near=tmp_path).rule_cap == 30


@pytest.mark.parametrize(
    "table",
    [
        {"weight": {}},
        {"weights": {"beauty": 10}},
        {"weights": {"accuracy": "high"}},
        {"severity_cost": {"fatal": 1}},
        {"feature_weight": 2},
        {"rules": {"no-such-rule": 1}},
        {"rules": {"S001:fatal": 1}},
    ],
)
def test_bad_configuration_is_a_chinese_usage_error(table: dict) -> None:
    with pytest.raises(UsageError) as caught:
        build_rubric(table, source="test.toml")
    assert "评分配置" in str(caught.value)


class _Finding:
    def __init__(
        self, code: str, severity: str, start: int = 0, end: int = 0, section: str | None = None, evidence: dict | None = None
    ) -> None:
        from narrative_qa.rules.registry import Severity

        self.code, self.severity, self.start, self.end = code, Severity(severity), start, end
        self.section, self.evidence = section, evidence or {}


def test_one_wrong_cell_is_charged_once() -> None:
    findings = [_Finding("T001", "error", 10, 12), _Finding("T003", "error", 10, 12), _Finding("T001", "error", 20, 22)]
    assert sorted(charged_items(findings)) == [("T001", "error"), ("T001", "error")]


def test_table3_identities_are_capped_together() -> None:
    rubric = default_rubric()
    # one slip failing a column balance and two row sums costs 30, not 50
    _, dims = dimension_scores(rubric, [("T001", "error"), ("T002", "error"), ("T002", "error")], None)
    assert dims["accuracy"].score == 70
    # a table-4 failure is another table: charged on top
    _, dims = dimension_scores(rubric, [("T001", "error"), ("T003", "error"), ("T004", "error")], None)
    assert dims["accuracy"].score == 45
    custom = build_rubric({"group_caps": {"table3-arithmetic": {"rules": ["T001"], "cap": 10}}}, source="t")
    assert dimension_scores(custom, [("T001", "error")], None)[1]["accuracy"].score == 90


def test_a_missing_or_empty_section_is_charged_through_the_content_it_lacks() -> None:
    missing_six = _Finding("S003", "error", evidence={"missing": "other"})
    fee = _Finding("R001", "error", section="other")
    innovation = _Finding("R001", "info", section="other")
    # the heading is not charged on top of the statements that belong under it
    assert sorted(charged_items([missing_six, fee, innovation])) == [("R001", "error"), ("R001", "info")]
    # ...so leaving 六 out costs the same as keeping its heading with nothing under it
    empty_six = _Finding("S008", "warning", section="other")
    assert sorted(charged_items([empty_six, fee, innovation])) == sorted(charged_items([missing_six, fee, innovation]))
    # only optional statements missing (the fee statement found elsewhere): the lost heading is
    # a defect of form and is charged
    assert ("S003", "error") in charged_items([missing_six, innovation])
    # statements missing from another section do not stand for this one
    assert ("S003", "error") in charged_items([missing_six, _Finding("R001", "error", section="problems")])
    # a missing table section is charged through T005, even when T005 has no section to point at
    missing_four = _Finding("S003", "error", evidence={"missing": "review_litigation"})
    no_table4 = _Finding("T005", "error", evidence={"table": "table4"})
    assert charged_items([missing_four, no_table4]) == [("T005", "error")]
    # no headings at all (every section named): charged unless every section is covered
    none_found = _Finding("S003", "error", evidence={"missing": ["overview", "other"]})
    assert ("S003", "error") in charged_items([none_found, fee])
    assert ("S003", "error") not in charged_items([none_found, fee, _Finding("R001", "error", section="overview")])
