"""T rules: fixtures, the no-compounding policy, era gating, and hand-checked real tables."""

from __future__ import annotations

import dataclasses

import pytest
from report_builder import FictionalReport, default_table3
from rule_helpers import RULE_FIXTURES, check_fixture_findings, fixture_cases, report_from_text, run_fixture, run_rule

from narrative_qa.document.model import Value, ValueKind
from narrative_qa.document.parse import read_report
from narrative_qa.document.tables import T3_TOTAL, T3_TOTAL_COLUMN


@pytest.mark.parametrize(("name", "stem"), fixture_cases("T"))
def test_fixture(name: str, stem: str) -> None:
    check_fixture_findings(name, stem, run_fixture(name, stem))


def test_balance_evidence_names_the_cells_and_sums() -> None:
    findings = run_fixture("table3-balance", "fires")
    assert [finding.evidence["column"] for finding in findings] == ["自然人", "总计"]
    assert findings[1].evidence == {"column": "总计", "一": 6, "二": 1, "七": 6, "四": 0, "一+二": 7, "七+四": 6}
    assert findings[0].section == "applications"


def test_row_and_outcome_sums_point_at_the_failing_rows() -> None:
    rows = [finding.evidence["row"] for finding in run_fixture("table3-row-sum", "fires")]
    assert rows == ["三、本年度办理结果·（一）予以公开", "（四）无法提供·1.本机关不掌握相关政府信息"]
    outcome = run_fixture("table3-outcome-sum", "fires")
    assert [(f.evidence["column"], f.evidence["sum"], f.evidence["七"]) for f in outcome] == [("自然人", 4, 5), ("总计", 5, 6)]


def _with_cell(path, row: int, column: int, value: Value):
    report = read_report(path)
    report.tables.table3.values[row][column] = value
    return report


def test_negative_cell_is_reported_once_and_its_sums_are_skipped() -> None:
    """A negative count is invalid-cell's finding; balance and row sum leave it alone."""
    base = RULE_FIXTURES / "table3-balance" / "clean.txt"
    report = _with_cell(base, 0, 0, Value(ValueKind.NUMBER, -5, "-5"))
    invalid = run_rule("invalid-cell", report)
    assert len(invalid) == 1 and invalid[0].evidence["value"] == -5
    assert run_rule("table3-row-sum", report) == []
    assert [finding.evidence["column"] for finding in run_rule("table3-balance", report)] == []


def test_unreadable_cell_skips_every_sum_that_needs_it() -> None:
    path = RULE_FIXTURES / "unreadable-cell" / "fires.txt"
    assert run_rule("unreadable-cell", path)
    for name in ("table3-row-sum", "table3-outcome-sum", "table3-balance"):
        assert run_rule(name, path) == [], name


def test_fractional_fee_in_ten_thousand_yuan_is_valid() -> None:
    assert run_fixture("invalid-cell", "clean") == []
    report = read_report(RULE_FIXTURES / "invalid-cell" / "clean.txt")
    assert report.tables.table2.values[9].number == pytest.approx(12.35)


def test_older_eras_are_not_checked() -> None:
    report = read_report(RULE_FIXTURES / "table3-balance" / "fires.txt")
    assert run_rule("table3-balance", report)
    report = dataclasses.replace(report, era="2019trial")
    for name in ("table3-balance", "missing-table", "unreadable-cell", "invalid-cell"):
        assert run_rule(name, report) == []


def test_mostly_unreadable_table_is_one_finding(tmp_path) -> None:
    rows = default_table3()
    for row in rows[:20]:
        row[0] = "约"  # a row with a word in it cannot be read
    report = report_from_text(FictionalReport(table3=rows).render(), tmp_path)
    findings = run_rule("unreadable-cell", report)
    assert len(findings) == 1 and findings[0].evidence["table"] == "table3"


def test_carry_over_needs_last_years_report() -> None:
    folder = RULE_FIXTURES / "carry-over-mismatch"
    assert run_rule("carry-over-mismatch", folder / "fires.txt") == []  # no --previous: nothing to compare
    findings = run_rule("carry-over-mismatch", folder / "fires.txt", folder / "previous.txt")
    assert [(f.evidence["column"], f.evidence["二、上年结转"], f.evidence["previous_四、结转下年度继续办理"]) for f in findings] == [
        ("自然人", 0, 2),
        ("总计", 0, 2),
    ]


def test_in_force_continuity_is_info() -> None:
    findings = run_fixture("in-force-continuity", "fires")
    assert [(f.severity.value, f.evidence["expected"], f.evidence["现行有效"]) for f in findings] == [("info", 21, 14)]


# --- real reports, values checked by hand against the files ---------------------------------


def test_real_total_column_left_at_zero(real_corpus) -> None:
    """平潭 海坛片区 2024: every row of table 3 has its 总计 cell at 0 (5 natural persons and
    1 company in row 一, total 0); the manifest notes the inconsistency."""
    findings = run_rule("table3-row-sum", real_corpus / "pingtan" / "ptzhsyqhtp" / "2024.txt")
    first = findings[0]
    assert first.evidence["row"] == "一、本年新收政府信息公开申请数量"
    assert (first.evidence["sum"], first.evidence["总计"]) == (6, 0)
    assert len(findings) == 6


def test_real_outcomes_without_total(real_corpus) -> None:
    """平潭 君山片区 2022: five applications under 本机关不掌握 (3 natural persons, 2 其他) but
    （七）总计 all 0 — the manifest flags it."""
    findings = run_rule("table3-outcome-sum", real_corpus / "pingtan" / "ptzhsyqjsp" / "2022.txt")
    assert [(f.evidence["column"], f.evidence["sum"], f.evidence["七"]) for f in findings] == [
        ("自然人", 3, 0),
        ("其他", 2, 0),
        ("总计", 5, 0),
    ]


def test_real_table4_totals_left_empty(real_corpus) -> None:
    """洪泽区 2023 PDF: 行政复议 维持 10 纠正 1 and 复议后起诉 维持 5, each block's 总计 printed as 0
    (checked against the word positions in the PDF)."""
    findings = run_rule("table4-block-sum", real_corpus / "peers" / "hongze-2023.pdf")
    assert [(f.evidence["block"], f.evidence["sum"], f.evidence["总计"]) for f in findings] == [
        ("行政复议", 11, 0),
        ("行政诉讼（复议后起诉）", 5, 0),
    ]


def test_real_2019_layout_in_2021_report(real_corpus) -> None:
    """平潭 海坛片区 2022: a 2021 report reusing the 2019 trial tables 2 and 3 (manifest note)."""
    findings = run_rule("missing-table", real_corpus / "pingtan" / "ptzhsyqhtp" / "2022.txt")
    assert [(f.evidence["table"], f.evidence["legacy_2019_layout"]) for f in findings] == [("table2", True), ("table3", True)]
    assert all("2019 年试行格式" in finding.message for finding in findings)


def test_real_other_handling_as_one_row_is_not_a_missing_table(real_corpus) -> None:
    """洪泽区 2024 PDF: table 3 follows the 2021 form but for （六）其他处理 printed as one row;
    it is read (those sub-rows unreadable), so no table is missing and the sums that need
    the sub-rows are skipped while the others are still checked."""
    path = real_corpus / "peers" / "hongze-2024.pdf"
    assert run_rule("missing-table", path) == []
    assert run_rule("table3-outcome-sum", path) == []
    assert run_rule("table3-balance", path) == [] and run_rule("table3-row-sum", path) == []
    # Still checked: with （七）总计's 总计 cell changed to 96, balance and row sum fire, the
    # outcome sum (which needs the merged sub-rows) stays skipped.
    report = read_report(path)
    row = report.tables.table3.values[T3_TOTAL]
    row[T3_TOTAL_COLUMN] = Value(ValueKind.NUMBER, 96, "96", row[T3_TOTAL_COLUMN].span)
    assert [f.evidence["column"] for f in run_rule("table3-balance", report)] == ["总计"]
    assert [f.evidence["总计"] for f in run_rule("table3-row-sum", report)] == [96]
    assert run_rule("table3-outcome-sum", report) == []
    # The merged row is reported once (line 78 of the extracted text), not once per sub-row.
    unreadable = run_rule("unreadable-cell", path)
    assert [(f.line, f.evidence["row"], len(f.evidence["merged_rows"])) for f in unreadable] == [(78, "（六）其他处理", 3)]
