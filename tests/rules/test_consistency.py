"""C rules: fixtures, the seed and 洪泽区 contradictions, and what the claim reader must
leave alone. Every sentence here is fictional (written for these tests)."""

from __future__ import annotations

import pytest
from report_builder import FictionalReport, default_table3
from rule_helpers import check_fixture_findings, fixture_cases, report_from_text, run_fixture, run_rule

from narrative_qa.document.model import Table3, Value, ValueKind
from narrative_qa.document.parse import read_report
from narrative_qa.rules import _claims
from narrative_qa.rules._narrative import CompactText, _sentences, compact
from narrative_qa.rules._numbers import parse_chinese_numeral, parse_number


@pytest.mark.parametrize(("name", "stem"), fixture_cases("C"))
def test_fixture(name: str, stem: str) -> None:
    check_fixture_findings(name, stem, run_fixture(name, stem))


def test_seed_says_none_received_while_table_counts_seven(seed_report) -> None:
    findings = run_rule("text-table-mismatch", seed_report)
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (13, 20, 13, 31)
    assert finding.severity.value == "error" and finding.section == "overview"
    assert finding.evidence["kind"] == "none_received"
    assert (finding.evidence["cell"], finding.evidence["table_value"], finding.evidence["table_line"]) == (
        "一、本年新收政府信息公开申请数量｜总计",
        7,
        44,
    )


def test_hongze_2024_states_a_different_received_count(real_corpus) -> None:
    """洪泽区 2024 PDF: the overview says 17 applications were received (page 1), table 3
    counts 95 new applications."""
    findings = run_rule("text-table-mismatch", real_corpus / "peers" / "hongze-2024.pdf")
    received = [finding for finding in findings if finding.evidence["kind"] == "received"]
    assert [(f.evidence["stated"], f.evidence["table_value"]) for f in received] == [(17, 95)]


def test_hongze_2024_text_against_its_table_as_printed(real_corpus) -> None:
    """The same PDF with table 3 typed from the printed values (checked by hand: 95 new, 0
    carried in, （七） 95, 0 carried over; all applicants natural persons): the 17 of the
    overview (page 1, line 23 of the extracted text) contradicts the 95 of the table."""
    report = read_report(real_corpus / "peers" / "hongze-2024.pdf")
    rows = [[Value(ValueKind.NUMBER, 0, "0")] * 7 for _ in range(25)]
    for index in (0, 23):
        rows[index] = [Value(ValueKind.NUMBER, number, str(number)) for number in (95, 0, 0, 0, 0, 0, 95)]
    report.tables.table3 = Table3(rows)
    findings = run_rule("text-table-mismatch", report)
    assert [(f.line, f.evidence["kind"], f.evidence["stated"], f.evidence["table_value"]) for f in findings] == [(23, "received", 17, 95)]


def test_counts_per_applicant_are_compared() -> None:
    findings = run_fixture("text-table-mismatch", "fires")
    assert [(f.evidence["kind"], f.evidence["stated"], f.evidence["table_value"]) for f in findings] == [
        ("received", 8, 6),
        ("received_by_applicant", 7, 5),
    ]
    assert findings[0].line == 11


def _report(tmp_path, sentence: str, **changes):
    return report_from_text(FictionalReport(applications_sentence=sentence, **changes).render(), tmp_path)


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度共收到群众咨询留言12件，均已答复。",  # consultations, not applications
        "全年主动公开政府信息8条，收到政府信息公开申请6件。",  # 主动公开 count is not an application count
        "本年度共收到政府信息公开申请6件，其中网上申请4件、信函申请2件。",  # channel breakdown
        "坚持登记受理、转送承办和回复申请的“三个一”工作机制，本年度共收到政府信息公开申请6件。",
        "2023年共收到政府信息公开申请9件，本年度共收到政府信息公开申请6件。",  # last year's figure
        "本年度共收到政府信息公开申请六件，按时办结率100%。",
        "本年度未收到因政府信息公开引起的行政复议申请，共收到政府信息公开申请6件。",
    ],
)
def test_consistent_or_unrelated_counts_are_left_alone(tmp_path, sentence: str) -> None:
    report = _report(tmp_path, sentence)
    assert run_rule("text-table-mismatch", report) == []
    assert run_rule("unfinished-but-all-handled", report) == []


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("本年度共收到政府信息公开申请十二件，均已办结。", 12),
        ("本年度受理公民、法人和其他组织提出的政府信息公开申请9件。", 9),
        ("全年共收到9件申请，均在法定期限内答复。", 9),
        ("本年度收到政府信息公开申请共计两件。", 2),
    ],
)
def test_stated_received_counts_that_disagree(tmp_path, sentence: str, stated: int) -> None:
    findings = run_rule("text-table-mismatch", _report(tmp_path, sentence))
    assert [(f.evidence["kind"], f.evidence["stated"], f.evidence["table_value"]) for f in findings] == [("received", stated, 6)]


def test_text_matching_the_row_is_not_blamed_for_a_broken_total(tmp_path) -> None:
    """Total column left at 0 while the applicant columns hold 5 + 1: table3-row-sum reports
    the table; the text saying 6 is not a second contradiction."""
    rows = default_table3()
    rows[0][6] = 0
    report = _report(tmp_path, "本年度共收到政府信息公开申请6件。", table3=rows)
    assert run_rule("table3-row-sum", report)
    assert run_rule("text-table-mismatch", report) == []


def test_none_received_against_a_table_with_applications(tmp_path) -> None:
    findings = run_rule("text-table-mismatch", _report(tmp_path, "本年度我局没有收到任何政府信息公开申请。"))
    assert [(f.evidence["kind"], f.evidence["table_value"]) for f in findings] == [("none_received", 6)]


def test_reviews_and_lawsuits_against_table_four(tmp_path) -> None:
    sentence = "本年度共收到政府信息公开申请6件；因政府信息公开引起行政复议1件、行政诉讼0件。"
    findings = run_rule("text-table-mismatch", _report(tmp_path, sentence, table4=[0, 0, 0, 1, 1] + [0] * 5 + [0, 1, 0, 0, 1]))
    assert [(f.evidence["kind"], f.evidence["stated"], f.evidence["table_value"]) for f in findings] == [("lawsuits", 0, 1)]
    none_claim = "本年度未发生因政府信息公开引起的行政复议和行政诉讼。"
    findings = run_rule("text-table-mismatch", _report(tmp_path, none_claim, table4=[0, 0, 0, 1, 1] + [0] * 10))
    assert [(f.evidence["kind"], f.evidence["subject"]) for f in findings] == [("none_review_lawsuit", "行政复议")]


def test_on_time_rate_does_not_claim_everything_was_finished(tmp_path) -> None:
    rows = default_table3()
    rows[12] = [1, 0, 0, 0, 0, 0, 1]
    rows[23] = [4, 1, 0, 0, 0, 0, 5]
    rows[24] = [1, 0, 0, 0, 0, 0, 1]
    ok = _report(tmp_path, "本年度共收到政府信息公开申请6件，按时办结率100%。", table3=rows)
    assert run_rule("unfinished-but-all-handled", ok) == []
    bad = _report(tmp_path, "本年度共收到政府信息公开申请6件，办结率100%。", table3=rows)
    assert [f.evidence["table_value"] for f in run_rule("unfinished-but-all-handled", bad)] == [1]


def test_fee_mismatch_points_at_the_none_statement() -> None:
    findings = run_fixture("fee-statement-mismatch", "fires")
    assert len(findings) == 1
    assert findings[0].section == "other" and findings[0].evidence["amount"] == 120


# --- the helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("七", 7), ("十二", 12), ("两", 2), ("二十", 20), ("一百零五", 105), ("三千二百", 3200), ("1,234", 1234), ("１２", 12), ("1.5万", 15000)],
)
def test_numbers(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["十十", "五五十", "3,4", "", "约五"])
def test_malformed_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_digit_strings_read_digit_by_digit() -> None:
    assert parse_chinese_numeral("二〇二四") == 2024


def test_pdf_line_breaks_do_not_split_a_count() -> None:
    """A PDF wraps a sentence anywhere; the claim is read across the break, and located in
    the raw text exactly."""
    raw = "（二）依申请公开。全年共受理政府\n信息公开申请 17 件，均已答复。\n- 2 -\n"
    text = compact(raw, 0, len(raw))
    claims = [claim for sentence in _sentences(text, "overview") for claim in _claims._sentence_claims(sentence, 2024)]
    assert [(claim.kind, claim.value) for claim in claims] == [("received", 17), ("all_handled", None)]
    start = claims[0].sentence.offsets[claims[0].start]
    assert raw[start : start + 2] == "受理"


def test_compact_keeps_separate_numbers_apart() -> None:
    raw = "申请 7 0 件"
    assert compact(raw, 0, len(raw)).text == "申请7 0件"


def test_clause_span_maps_back_to_raw_offsets() -> None:
    text = CompactText("收到申请3件", [10, 11, 12, 13, 15, 16])
    sentence = next(_sentences(text, "overview"))
    assert sentence.offsets[0] == 10 and sentence.offsets[-1] == 16
